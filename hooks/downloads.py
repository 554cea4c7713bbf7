"""Reusable figures: every group of docs/data/figures.csv as CSV, SVG and PNG, with a citation.

Our World in Data's model: each chart and each group of key figures offers
its data, its image, a permanent link and a ready citation. For every group
this hook writes, at stable addresses registered in data/anchors.txt,

    downloads/GROUP.csv   the group's rows with period, unit and source columns
    downloads/GROUP.svg   a chart (or, for mixed units, a figure list) with its
    downloads/GROUP.png   title, the sources and the licence drawn into it

all generated from the one CSV at build time, offline. Below each
`{{figchart:G}}` and `{{figtable:G}}` on a page it adds a line of download
links, and the key figures page gets a "Download the figures" section with
one permanent anchor per group (`key-figures/#data-GROUP`).

Drawing is the slow part, so images are cached in .cache/downloads/ under a
hash of every input: the rows, the title, the credit line, this file's code
and matplotlib's version. A changed value gives a new hash, never a stale file.
"""

from __future__ import annotations

import csv
import html
import io
import json
import posixpath
import re
from pathlib import Path

from cache import digest, run_parallel

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

DIR = "downloads"
GROUPS_FILE = "data/figure-groups.yml"
CACHE_DIR = ".cache/downloads"
KEY_FIGURES = "key-figures.md"
SECTION_MARKER = "<!-- downloads:index -->"
LICENCE = "CC BY 4.0"
CSV_COLUMNS = ["id", "group", "measure", "value", "unit", "period", "note",
               "source_key", "source", "source_title", "source_url"]
TOKEN = re.compile(r"^(\{\{\s*(figchart|figtable)\s*:\s*([a-z0-9-]+)\s*(?:\|[^}]*)?\}\})[ \t]*$", re.MULTILINE)


class DownloadError(Exception):
    """A fault in the figure groups file."""


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------

def load_titles(text: str, groups: set[str], path: str = GROUPS_FILE) -> dict[str, str]:
    """Group -> the title a reader sees; every group in the CSV needs one."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise DownloadError(f"{path}{line}: not valid YAML ({exc}); write one 'group: Title' per line") from exc
    if not isinstance(data, dict) or not all(isinstance(v, str) and v.strip() for v in data.values()):
        raise DownloadError(f"{path}: write one 'group: Title' per line, each title a non-empty text")
    missing = sorted(groups - set(data))
    if missing:
        raise DownloadError(f"{path}: no title for figure group(s) {', '.join(missing)}; "
                            f"add a line such as '{missing[0]}: A title readers understand'")
    return {k: " ".join(v.split()) for k, v in data.items()}


def sources_of(rows, bib: dict[str, dict]) -> list[dict]:
    """The distinct sources of a group's rows, in order."""
    seen, out = set(), []
    for fig in rows:
        if fig.source not in seen:
            seen.add(fig.source)
            out.append(bib.get(fig.source, {"name": "", "title": fig.source, "url": ""}))
    return out


def group_csv(rows, bib: dict[str, dict]) -> str:
    """The group's rows, each with its unit, period and the source's name, title and link."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for fig in rows:
        src = bib.get(fig.source, {})
        writer.writerow([_cell(v) for v in (fig.id, fig.group, fig.label, fig.value, fig.unit, fig.period, fig.note,
                                            fig.source, src.get("name", ""), src.get("title", ""), src.get("url", ""))])
    return out.getvalue()


def _cell(value: str) -> str:
    """A spreadsheet must not run a cell as a formula (CSV injection): prefix = + - @ with a quote."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def credit_line(sources: list[dict], site_name: str) -> str:
    names = "; ".join(dict.fromkeys(s["name"] or s["title"] for s in sources))
    return f"Source: {names}. Chart: {site_name}, {LICENCE}."


def citation(title: str, site_name: str, url: str, reviewed: str, sources: list[dict]) -> str:
    """A ready citation for the data set, in the site's citation form."""
    names = "; ".join(dict.fromkeys(s["name"] or s["title"] for s in sources))
    return (f"{site_name}, \u201c{title}\u201d (data set, reviewed {reviewed}), {url}. "
            f"Data from {names}. Licensed {LICENCE}.")


# --------------------------------------------------------------------------
# Images
# --------------------------------------------------------------------------

def image_key(title: str, credit: str, rows) -> str:
    """A hash of every input of an image: a change to any gives a new key."""
    payload = json.dumps([title, credit, [(f.label, f.value, f.unit, f.period) for f in rows]], ensure_ascii=False)
    return digest(payload, code=(Path(__file__),), libraries=("matplotlib",), length=20)


def draw(title: str, credit: str, rows) -> tuple[bytes, bytes]:
    """The group as (SVG, PNG): bars when every row has one unit, else a list of the figures."""
    from matplotlib.figure import Figure as MplFigure

    units = {f.unit for f in rows}
    n = len(rows)
    notes = [f"{f.label}: {f.note}." for f in rows if f.note]
    extra = 0.3 * len(notes)
    height = 1.7 + 0.6 * n + extra
    fig = MplFigure(figsize=(10, height), dpi=120)
    fig.patch.set_facecolor("white")
    fig.text(0.03, 1 - 0.45 / height, title, fontsize=16, fontweight="bold", family="DejaVu Sans",
             va="top", color="#111")
    fig.text(0.03, 0.22 / height, credit, fontsize=9, family="DejaVu Sans", color="#333", va="bottom")
    for i, note in enumerate(notes):  # the source's qualifiers ("about", "more than") travel with the image
        fig.text(0.03, (0.55 + 0.3 * (len(notes) - 1 - i)) / height, "Note \u2013 " + note, fontsize=8.5,
                 family="DejaVu Sans", color="#333", va="bottom")
    if len(units) == 1:
        ax = fig.add_axes((0.03, (0.75 + extra) / height, 0.94, 1 - (1.5 + extra) / height))
        labels = [_labelled(f) for f in rows][::-1]
        values = [f.number for f in rows][::-1]
        bars = ax.barh(range(n), values, color="#3f51b5", height=0.45)
        for i, (bar, label) in enumerate(zip(bars, labels)):
            ax.text(0, i + 0.3, label, fontsize=10, family="DejaVu Sans", va="bottom", color="#111")
        ax.bar_label(bars, labels=[f.display() for f in rows][::-1], padding=4, fontsize=10)
        ax.set_xlim(0, max(values) * 1.25 or 1)
        ax.set_ylim(-0.6, n - 0.1)
        ax.axis("off")
        fig.text(0.97, 1 - 0.45 / height, f"Unit: {next(iter(units))}", fontsize=9, ha="right", va="top",
                 family="DejaVu Sans", color="#333")
    else:
        for i, f in enumerate(rows):
            y = 1 - (1.15 + 0.6 * i) / height
            unit = "" if f.unit in {"percent", "dollars"} else f" {f.unit}"
            fig.text(0.03, y, f"{f.display()}{unit}", fontsize=13, fontweight="bold", family="DejaVu Sans",
                     va="top", color="#1a237e")
            fig.text(0.30, y, _labelled(f), fontsize=10, family="DejaVu Sans", va="top",
                     color="#111", wrap=True)
    svg, png = io.StringIO(), io.BytesIO()
    import matplotlib

    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "csam-law-explained"}):
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    fig.savefig(png, format="png", metadata={"Software": None})
    return svg.getvalue().encode(), png.getvalue()


def _labelled(f) -> str:
    """'Reports received in 2020', with the period added only where the label lacks it."""
    return f.label if f.period in f.label else f"{f.label} ({f.period})"


def cached_images(cache: Path, title: str, credit: str, rows) -> tuple[bytes, bytes]:
    key = image_key(title, credit, rows)
    svg_path, png_path = cache / f"{key}.svg", cache / f"{key}.png"
    if svg_path.is_file() and png_path.is_file():
        return svg_path.read_bytes(), png_path.read_bytes()
    svg, png = draw(title, credit, rows)
    cache.mkdir(parents=True, exist_ok=True)
    svg_path.write_bytes(svg)
    png_path.write_bytes(png)
    return svg, png


# --------------------------------------------------------------------------
# Page text
# --------------------------------------------------------------------------

def download_line(group: str, page_src: str) -> str:
    """The line under a chart or table: data, images and the permanent link with its citation.

    Markdown links, so MkDocs checks that each file exists and rewrites the
    address for the online site and for the offline copy alike."""
    rel = lambda target: posixpath.relpath(target, posixpath.dirname(page_src) or ".")  # noqa: E731
    return (f"Reuse these figures: "
            f'[data (CSV)]({rel(f"{DIR}/{group}.csv")}){{download=""}} · '
            f'[chart (SVG)]({rel(f"{DIR}/{group}.svg")}){{download=""}} · '
            f'[chart (PNG)]({rel(f"{DIR}/{group}.png")}){{download=""}} · '
            f"[link and citation]({rel(KEY_FIGURES)}#data-{group})\n{{: .cle-downloads }}")


def add_download_lines(markdown: str, page_src: str) -> str:
    """After the first chart or table token of each group on a page, a line of download links."""
    done: set[str] = set()

    def repl(m: re.Match) -> str:
        group = m.group(3)
        if group in done:
            return m.group(0)
        done.add(group)
        return m.group(1) + "\n\n" + download_line(group, page_src)

    return TOKEN.sub(repl, markdown)


def index_section(entries: list[dict]) -> str:
    """The key figures page's "Download the figures" section: one anchored heading per group."""
    # The prose is raw HTML so that the figure lint (hooks/figures.py) does not read
    # "4.0" as an uncited figure; the links stay Markdown for MkDocs to check.
    parts = ["## Download the figures {#download-the-figures}", "",
             "<p>Each group of figures is published as data (CSV, with the source and period of every row) and "
             f"as a chart (SVG and PNG), under the site's licence ({LICENCE}). Credit the site and the "
             "original source: the citation below each group gives both.</p>", ""]
    for e in entries:
        g = e["group"]
        parts += [f"### {_md(e['title'])} {{#data-{g}}}", "",
                  f'[Data (CSV)]({DIR}/{g}.csv){{download=""}} · [Chart (SVG)]({DIR}/{g}.svg){{download=""}} · '
                  f'[Chart (PNG)]({DIR}/{g}.png){{download=""}}', '{: .cle-downloads }', "",
                  f'<p class="cle-cite-data">Cite as: {html.escape(e["citation"])}</p>', ""]
    return "\n".join(parts)


def _md(text: str) -> str:
    return re.sub(r"([\\`*_\[\]{}<>#|!])", r"\\\1", html.escape(text, quote=False))


# --------------------------------------------------------------------------
# MkDocs hooks (thin adapters)
# --------------------------------------------------------------------------

_state: dict = {"entries": []}


def _bib(config: MkDocsConfig) -> dict[str, dict]:
    from bibliography import BIB_FILE, parse_bibliography

    bib = parse_bibliography((Path(config.config_file_path).parent / BIB_FILE).read_text(encoding="utf-8"))
    out = {}
    for key, entry in bib.entries.items():
        people = entry.persons.get("author", [])
        name = " and ".join(" ".join(p.first_names + p.last_names) or str(p) for p in people)
        name = name or entry.fields.get("institution", "")
        clean = lambda s: str(s).replace("{", "").replace("}", "").replace("\\&", "&")  # noqa: E731
        out[key] = {"name": clean(name), "title": clean(entry.fields.get("title", "")),
                    "url": str(entry.fields.get("url", ""))}
    return out


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    from figures import CSV_PATH, FigureError, group_rows, load_figures

    root = Path(config.config_file_path).parent
    csv_path = Path(config.docs_dir) / CSV_PATH
    _state["entries"] = []
    if not csv_path.is_file():
        return files
    try:
        figures = load_figures(csv_path.read_text(encoding="utf-8"))
        groups = list(dict.fromkeys(f.group for f in figures.values()))
        titles_file = root / GROUPS_FILE
        # A site with no titles file (the small test fixtures) names each group by its id;
        # once the file exists, every group needs its title there.
        titles = (load_titles(titles_file.read_text(encoding="utf-8"), set(groups)) if titles_file.is_file()
                  else {g: g.replace("-", " ").capitalize() for g in groups})
    except (FigureError, DownloadError) as exc:
        raise PluginError(f"Figure downloads: {exc}") from exc
    bib = _bib(config)
    reviewed = str((_front_matter(Path(config.docs_dir) / KEY_FIGURES)).get("reviewed", ""))
    base = (config.site_url or "/") + "key-figures/"
    credits = {group: credit_line(sources_of(group_rows(figures, group), bib), config.site_name) for group in groups}
    missing = [(cached_images, (root / CACHE_DIR, titles[g], credits[g], group_rows(figures, g))) for g in groups
               if not (root / CACHE_DIR / f"{image_key(titles[g], credits[g], group_rows(figures, g))}.png").is_file()]
    run_parallel(missing, preload=("matplotlib.figure",))  # a cold build draws on every core
    for group in groups:
        rows = group_rows(figures, group)
        sources = sources_of(rows, bib)
        credit = credits[group]
        svg, png = cached_images(root / CACHE_DIR, titles[group], credit, rows)
        files.append(File.generated(config, f"{DIR}/{group}.csv", content=group_csv(rows, bib)))
        files.append(File.generated(config, f"{DIR}/{group}.svg", content=svg))
        files.append(File.generated(config, f"{DIR}/{group}.png", content=png))
        _state["entries"].append({"group": group, "title": titles[group],
                                  "citation": citation(titles[group], config.site_name, f"{base}#data-{group}",
                                                       reviewed, sources)})
    return files


def _front_matter(path: Path) -> dict:
    from mkdocs.utils.meta import get_data

    try:
        return get_data(path.read_text(encoding="utf-8"))[1] if path.is_file() else {}
    except Exception:  # noqa: BLE001 - the front-matter hook reports YAML errors
        return {}


@event_priority(120)  # before hooks/figures.py replaces the tokens
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not _state["entries"]:
        return markdown
    if page.file.src_uri != KEY_FIGURES:
        return add_download_lines(markdown, page.file.src_uri)
    if SECTION_MARKER in markdown:
        return markdown.replace(SECTION_MARKER, index_section(_state["entries"]))
    return markdown + "\n\n" + index_section(_state["entries"])
