"""Figures: every sourced number is typed once, in docs/data/figures.csv.

Pages write `{{fig:ID}}` where a value appears, `{{figtable:GROUP}}` for a
table of a group and `{{figchart:GROUP}}` for a bar chart of it. This hook
replaces the tokens before the citation hook and mkdocs-bibtex run (tables
carry their `[@key]` citations), draws the charts as SVG with matplotlib at
build time (hooks/charts.py: no JavaScript, no network, works in the PDF), and fails the build
on an unknown token or a malformed row.

It also lints prose: a paragraph that states a figure must cite a source.
"""

from __future__ import annotations

import csv
import html
import io
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from escaping import TEXT_OK_SHOWN, inert, plain, unsafe_characters

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from charts import (CHART_CACHE, CHART_COLOURS, CHART_LAYOUTS, cached_chart, chart_html, chart_name,  # noqa: F401,E402
                    chart_svg, draw_missing)

CSV_PATH = "data/figures.csv"  # inside docs/, so readers can download it
COLUMNS = ["id", "group", "label", "value", "unit", "period", "source", "note"]
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TOKEN = re.compile(r"\{\{\s*(fig|figtable|figchart)\s*:\s*([^}]*?)\s*\}\}")
INDEX_TOKEN = "{{figindex}}"
CHART_DIR = "assets/charts"
TEXT_COLUMNS = ("label", "unit", "period", "note")  # checked with escaping.unsafe_characters
SOURCE_KEY = re.compile(r"^[a-z]+[0-9]{4}[a-z0-9]+$")  # bibliography key form (hooks/bibliography.py)
DOUBLED_PERCENT = re.compile(r"\s*(?:percent|per cent|%)", re.I)


class FigureError(Exception):
    """A fault in the figures file or in a figure token."""


@dataclass(frozen=True)
class Figure:
    id: str
    group: str
    label: str
    value: str
    unit: str
    period: str
    source: str
    note: str

    @property
    def number(self) -> float:
        return float(self.value)

    def display(self) -> str:
        """The value as a reader sees it: thousands separators, units folded in."""
        whole, _, frac = self.value.partition(".")
        text = f"{int(whole):,}" + (f".{frac}" if frac else "")
        if self.unit == "percent":
            return f"{text}%"
        if self.unit == "dollars":
            return f"${text}"
        return text


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------

def load_figures(text: str, path: str = f"docs/{CSV_PATH}") -> dict[str, Figure]:
    """Parse and check the CSV; raise FigureError naming file, line and fix."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    if header != COLUMNS:
        raise FigureError(f"{path}:1: header must be exactly {','.join(COLUMNS)} (found {','.join(header)})")
    figures: dict[str, Figure] = {}
    problems = []
    for line, row in enumerate(reader, 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(COLUMNS):
            problems.append(f"{path}:{line}: expected {len(COLUMNS)} columns, found {len(row)}; quote cells that contain commas")
            continue
        fig = Figure(*(cell.strip() for cell in row))
        if not ID_PATTERN.match(fig.id):
            problems.append(f"{path}:{line}: id '{fig.id}' must be lowercase words joined by hyphens")
        if fig.id in figures:
            problems.append(f"{path}:{line}: duplicate id '{fig.id}'; ids are permanent, pick a new one")
        if not ID_PATTERN.match(fig.group):
            problems.append(f"{path}:{line}: group '{fig.group}' must be lowercase words joined by hyphens")
        if not re.fullmatch(r"\d+(\.\d+)?", fig.value):
            problems.append(f"{path}:{line}: value '{fig.value}' of '{fig.id}' must be a plain number (no commas, units or signs)")
        for name in ("label", "unit", "period", "source"):
            if not getattr(fig, name):
                problems.append(f"{path}:{line}: '{fig.id}' has an empty '{name}'")
        for name in TEXT_COLUMNS:
            bad = unsafe_characters(getattr(fig, name))
            if bad:
                problems.append(
                    f"{path}:{line}: column '{name}' of '{fig.id}' contains {bad}; a figure's text may hold "
                    f"only {TEXT_OK_SHOWN}: reword it (for example 'less than' for '<', 'and' for '&') "
                    "and put links in the page, not in the CSV")
        if fig.source and not SOURCE_KEY.match(fig.source):
            problems.append(
                f"{path}:{line}: column 'source' of '{fig.id}' must be one bibliography key such as "
                f"'ncmec2023cybertipline' (found '{fig.source}'); write the key alone, without [@ ]")
        figures[fig.id] = fig
    if problems:
        raise FigureError("\n".join(problems))
    return figures


def group_rows(figures: dict[str, Figure], group: str) -> list[Figure]:
    return [fig for fig in figures.values() if fig.group == group]


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------

def figure_table(rows: list[Figure]) -> str:
    """A Markdown table of a group, each row citing its source."""
    lines = ["| Measure | Figure | Unit | Period | Source |", "| --- | ---: | --- | --- | --- |"]
    for fig in rows:
        unit = "" if fig.unit in {"percent", "dollars"} else fig.unit
        lines.append(f"| {inert(fig.label)} | {fig.display()} | {inert(unit)} | {inert(fig.period)} | [@{fig.source}] |")
    return "\n".join(lines)


# Institutional names that read with "the" in a sentence ("according to the National Center ...").
TAKES_THE = ("National", "International", "Office", "Bureau", "United", "U.S.", "Supreme", "Congressional",
             "Federal", "Council", "European", "Internet", "Canadian", "Library", "Department", "Executive",
             "Government", "Stanford", "Electronic", "Center")


# The publisher's own qualifier ("NCMEC says over ...", "OJJDP says approximately")
# is recorded in the note; a figure quoted without it would overstate the source.
QUALIFIER = re.compile(r"\bsays\s+(almost|nearly|over|more than|approximately|about|roughly|at least|fewer than|less than)\b",
                       re.IGNORECASE)


def qualifier(fig: Figure) -> str:
    """The source's qualifier for the value, as recorded in the note ('' if none)."""
    match = QUALIFIER.search(fig.note)
    return match.group(1).lower() if match else ""


def with_unit(fig: Figure, escape=inert) -> str:
    """The value with its unit and, first, the source's own qualifier ("about 24%").

    Escaped for Markdown by default; `escape=str.strip` gives plain text (an HTML attribute)."""
    value = fig.display() + ("" if fig.unit in {"percent", "dollars"} else f" {escape(fig.unit)}")
    return f"{qualifier(fig)} {value}" if qualifier(fig) else value


def measure(fig: Figure) -> str:
    """The label with its period, unless the label already names it: no "(2013) (2013)"."""
    return fig.label if fig.period in fig.label else f"{fig.label} ({fig.period})"


def quotable(fig: Figure, source_name: str) -> str:
    """A sentence a journalist can quote: the measure, the value with its unit, the period, the source."""
    if source_name.startswith(TAKES_THE):
        source_name = "the " + source_name
    by = f", according to {inert(source_name)}" if source_name else ""
    return f"{inert(measure(fig))}: {with_unit(fig)}{by}."


@dataclass(frozen=True)
class FigureSection:
    """Figures first discussed on one page: the key-figures page's heading for them."""
    title: str
    anchor: str
    href: str
    figures: tuple


def figure_sections(figures: dict[str, Figure], used_on: dict[str, list[str]],
                    pages: list[tuple[str, str, str]]) -> list[FigureSection]:
    """Group figures by the first page (in nav order) that uses them; `pages` is (src_uri, title, href).

    Figures no page uses go last, under "Other figures".
    """
    order = {src: n for n, (src, _, _) in enumerate(pages)}
    by_page: dict[str, list[Figure]] = {}
    for fig in figures.values():
        where = sorted((src for src in used_on.get(fig.id, []) if src in order), key=order.get)
        by_page.setdefault(where[0] if where else "", []).append(fig)
    out = []
    for src, title, href in pages:
        if src in by_page:
            slug = re.sub(r"[^a-z0-9]+", "-", src.removesuffix(".md").removesuffix("/index").lower()).strip("-")
            out.append(FigureSection(title, f"figures-{slug}", href, tuple(by_page[src])))
    if "" in by_page:
        out.append(FigureSection("Other figures", "figures-other", "", tuple(by_page[""])))
    return out


def figure_index(sections: list[FigureSection], source_names: dict[str, str]) -> str:
    """A contents list, then one heading per section and one block per figure.

    Each block has its own anchor (the figure's id) and a visible link to it,
    the value, the measure, a sentence to quote and its source.
    """
    out = ["Contents:\n"]
    for sec in sections:
        count = len(sec.figures)
        out.append(f"- [{inert(sec.title)}](#{sec.anchor}) ({count} figure{'s' if count != 1 else ''})")
    out.append("")
    for sec in sections:
        out.append(f"## {inert(sec.title)} {{#{sec.anchor}}}\n")  # a page title is front matter: untrusted
        if sec.href:
            out.append(f"Discussed on the page [{inert(sec.title)}]({quote(sec.href, safe='/#')}).\n")
        for fig in sec.figures:
            note = f" Note: {inert(fig.note)}." if fig.note else ""
            out.append(
                f'<div class="cle-figure" id="{html.escape(fig.id)}" markdown>\n'
                f'<a class="cle-figure-link" href="#{html.escape(fig.id)}">Link to this figure</a>\n\n'
                f"**{with_unit(fig)}**: {inert(measure(fig))}\n\n"
                f"> {quotable(fig, source_names.get(fig.source, ''))}[@{fig.source}]{note}\n"
                f"</div>\n"
            )
    return "\n".join(out)


def chart_alt(title: str, rows: list[Figure]) -> str:
    """The text alternative: what the chart shows, then every bar's label and value in words.

    Plain text: it goes into an HTML attribute, which charts.chart_html escapes
    (escaping it for Markdown here too showed "&amp;" and "\\[" to screen readers)."""
    parts = [f"{' '.join(fig.label.split())}: {with_unit(fig, escape=str.strip)}" for fig in rows]
    return f"{' '.join(title.rstrip('.').split())}. Bar chart: " + "; ".join(parts) + "."


def chart_bars(rows: list[Figure]) -> list[tuple[str, float, str]]:
    """What hooks/charts.py draws: each bar's label, length and value as printed."""
    return [(plain(fig.label), fig.number, plain(with_unit(fig))) for fig in rows]


CHART_TOKEN = re.compile(r"^(?P<group>[^|\s]+)\s*\|\s*(?P<title>.+?)\s*$")


def render_tokens(markdown: str, figures: dict[str, Figure], page_url: str,
                  offset: int = 0) -> tuple[str, set[str]]:
    """Replace every token; return the new text and the chart groups used.

    A bad token raises FigureError naming its line (plus `offset`, the
    front-matter lines MkDocs removed) and the closest real id or group.
    """
    problems, charts = [], set()

    def replace(match: re.Match) -> str:
        kind, name = match.groups()
        line = markdown.count("\n", 0, match.start()) + 1 + offset
        title = ""
        if kind == "figchart":
            parts = CHART_TOKEN.match(name)
            if not parts:
                problems.append(f"{line}: {match.group(0)} needs a title saying what the chart shows: "
                                "{{figchart:GROUP | CyberTipline reports received, 2020 to 2022}}")
                return match.group(0)
            name, title = parts["group"], parts["title"]
        if kind == "fig":
            if name not in figures:
                problems.append(f"{line}: unknown figure id '{name}' in {match.group(0)}{closest(name, figures)}")
                return match.group(0)
            fig = figures[name]
            after = markdown[match.end():match.end() + 12]
            if fig.unit == "percent" and DOUBLED_PERCENT.match(after):
                problems.append(f"{line}: {match.group(0)} already prints '%' (unit 'percent'): "
                                f"delete the word after it ('{fig.display()} percent' reads twice)")
            return fig.display()
        rows = group_rows(figures, name)
        if not rows:
            groups = {fig.group for fig in figures.values()}
            problems.append(f"{line}: unknown figure group '{name}' in {match.group(0)}{closest(name, groups)}")
            return match.group(0)
        if kind == "figtable":
            return figure_table(rows)
        charts.add(name)
        return chart_html(name, chart_alt(title, rows), chart_bars(rows), page_url)

    text = TOKEN.sub(replace, markdown)
    if problems:
        raise FigureError("\n".join(f"{p}; add the row to docs/{CSV_PATH} or correct the token" for p in problems))
    return text, charts


def closest(name: str, known) -> str:
    import difflib
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


# --------------------------------------------------------------------------
# Lint: a figure needs a citation in its paragraph
# --------------------------------------------------------------------------

# What is not a claim: legal citations, section and rule numbers, dates, years,
# ordinals and list markers. Kept short on purpose.
NOT_A_CLAIM = [
    r"§+\s*[\w.()\-–]+(?:\s*(?:and|or|to|through|,)\s*[\w.()\-–]+)*",
    r"\b\d+\s+(?:U\.S\.C\.|U\.S\.|F\.\s?(?:2d|3d|4th)|F\.\s?Supp\.(?:\s?[23]d)?|N\.Y\.[23]d|A\.[23]d|M\.J\.|N\.J\.|WLR|Stat\.|S\. Ct\.)\s*\d*",
    r"\[\d{4}\]\s+\w+(?:\s+\w+)?\s+\d+",
    r"\b(?:Directive|Regulation|[Ss]ections?|[Ss]ubsections?|Pub\.\s?L\.|P\.L\.|No\.|Nos\.|H\.R\.|S\.|Rule|Art\.|Arts\.|Article|Articles|art\.|s\.|ss\.|paragraph|para\.|NCJ|GAO-|CETS|ETS|Act No\.|FY|chapter|Chapter|Title|title|edition|ed\.)\s*[\w.\-–()/]+(?:\s*(?:and|or|to|,)\s*(?!Rule|Art)[\w.\-–()/]+)*",
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}",
    r"\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4}",
    r"\b\d{4}-\d{2}-\d{2}\b",
    r"\b(?:1[89]|20)\d{2}(?:[–-]\d{2,4})?s?\b",
    r"\b\d+(?:st|nd|rd|th)\b",
    r"\b\d+-\d+\b",
    r"\{#[^}]*\}",
    r"\]\([^)]*\)",
    r"\[\^[^\]]*\]",
]
FIGURE = re.compile(r"\d|\{\{\s*fig:")
# Pages exempt from the lint: the corrections page quotes the starting
# articles' untraceable figures in order to reject them.
LINT_EXEMPT = {"corrections.md"}
CITED = re.compile(r"\[[^\]]*@[\w-]+[^\]]*\]|\{\{\s*figtable:")


def uncited_figures(markdown: str, offset: int = 0) -> list[int]:
    """Line numbers of paragraphs that state a figure but cite nothing."""
    bad = []
    lines = markdown.splitlines()
    block: list[tuple[int, str]] = []
    in_fence = False

    def flush():
        text = " ".join(t for _, t in block)
        if CITED.search(text) or not FIGURE.search(text):
            return  # cited, or no digit at all: the stripping below could not make it a bad claim
        stripped = text
        for pattern in NOT_A_CLAIM:
            stripped = re.sub(pattern, " ", stripped)
        if FIGURE.search(stripped) and not CITED.search(text):
            bad.append(block[0][0] + offset)

    for number, line in enumerate(lines, 1):
        if re.match(r"^\s*(```|~~~)", line):
            in_fence = not in_fence
            continue
        heading = re.match(r"^\s{0,3}#{1,6}\s", line)
        if in_fence or heading or not line.strip() or line.lstrip().startswith(("<", "*[")):
            if block:
                flush()
            block = []
            continue
        if re.match(r"^\s*(?:[-*+]|\d+\.)\s", line) and block:
            flush()  # each list item is its own paragraph
            block = []
        block.append((number, re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", " ", line)))
    if block:
        flush()
    return bad


# --------------------------------------------------------------------------
# MkDocs hooks (thin adapters)
# --------------------------------------------------------------------------

_state: dict = {"figures": {}, "problems": [], "used_on": {}}


def publisher_name(fields: dict, people: list) -> str:
    """Who published a source, for "according to ...": the institution, publisher or
    journal before the people who wrote it (a BJS report is the Bureau's, not its authors')."""
    def clean(text: str) -> str:
        text = re.sub(r"\s*\((?:prepared|written) by [^)]*\)", "", str(text))
        return " ".join(text.replace("{", "").replace("}", "").replace("\\&", "&").split())

    for field in ("institution", "publisher", "organization"):
        if fields.get(field):
            return clean(fields[field])
    names = [clean(" ".join(p.first_names + p.last_names) or str(p)) for p in people]
    if fields.get("journal"):
        lead = clean(" ".join(people[0].last_names)) if people else ""
        who = f"{lead} and colleagues" if len(people) > 1 else (names[0] if names else "")
        return f"{who}, writing in {clean(fields['journal'])}" if who else clean(fields["journal"])
    return " and ".join(names)


def source_names(config: MkDocsConfig) -> dict[str, str]:
    """Bibliography key -> the institution that published the source, for the quotable sentences."""
    from bibliography import BIB_FILE, parse_bibliography

    bib = parse_bibliography((Path(config.config_file_path).parent / BIB_FILE).read_text(encoding="utf-8"))
    return {key: publisher_name(entry.fields, entry.persons.get("author", []))
            for key, entry in bib.entries.items()}


def nav_pages(nav) -> list[str]:
    """The nav's pages in reading order (src paths)."""
    out = []
    for item in nav or []:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                out += nav_pages(value) if isinstance(value, list) else [value] if isinstance(value, str) else []
    return out


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    path = Path(config.docs_dir) / CSV_PATH
    _state["figures"] = {}
    _state["problems"] = []
    if path.is_file():
        try:
            _state["figures"] = load_figures(path.read_text(encoding="utf-8"))
        except FigureError as exc:
            raise PluginError(f"Figure data errors:\n{exc}") from exc
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    # Draw only the charts some page asks for (matplotlib is the slow part).
    wanted = set()
    used_on: dict[str, list[str]] = {}
    for file in files.documentation_pages():
        text = Path(file.abs_src_path).read_text(encoding="utf-8")
        tokens = [(kind, name.split("|")[0].strip()) for kind, name in TOKEN.findall(text)]
        wanted |= {name for kind, name in tokens if kind == "figchart"}
        if file.src_uri in LINT_EXEMPT:
            continue  # the corrections page is not where a figure is discussed
        for fig in _state["figures"].values():
            if any((kind == "fig" and name == fig.id) or (kind != "fig" and name == fig.group)
                   for kind, name in tokens):
                used_on.setdefault(fig.id, []).append(file.src_uri)
    _state["used_on"] = used_on
    cache = Path(config.config_file_path).parent / CHART_CACHE
    groups = sorted(wanted & {fig.group for fig in _state["figures"].values()})
    draw_missing(cache, [(chart_bars(group_rows(_state["figures"], group)), layout, scheme)
                         for group in groups for layout in CHART_LAYOUTS for scheme in CHART_COLOURS])
    for group in groups:
        rows = group_rows(_state["figures"], group)
        for layout in CHART_LAYOUTS:
            for scheme in CHART_COLOURS:
                files.append(File.generated(config, chart_name(group, layout, scheme),
                                            content=cached_chart(cache, chart_bars(rows), layout, scheme)))
    return files


@event_priority(110)  # before the citation hook and mkdocs-bibtex
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    path = f"docs/{page.file.src_uri}"
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig") if page.file.abs_src_path else markdown
    offset = max(0, len(source.splitlines()) - len(markdown.splitlines()))
    _state["problems"] += [] if page.file.src_uri in LINT_EXEMPT else [
        f"{path}:{n}: states a figure with no [@key] citation in its paragraph; cite the source"
        for n in uncited_figures(markdown, offset)
    ]
    try:  # tokens first, while the line numbers still match the file
        markdown, _ = render_tokens(markdown, _state["figures"], page.url, offset)
    except FigureError as exc:
        _state["problems"] += [f"{path}:{problem}" for problem in str(exc).splitlines()]
    if INDEX_TOKEN in markdown:
        markdown = markdown.replace(INDEX_TOKEN, figure_index(
            figure_sections(_state["figures"], _state["used_on"], index_pages(page, files, config)),
            source_names(config)))
    return markdown


def index_pages(page: Page, files: Files, config: MkDocsConfig) -> list[tuple[str, str, str]]:
    """(src_uri, short title, link from `page`) for every page in nav order."""
    from mkdocs.utils import meta as front_matter

    out = []
    for src in nav_pages(config.nav):
        file = files.get_file_from_path(src)
        if file is None or not file.abs_src_path:
            continue
        _, meta = front_matter.get_data(Path(file.abs_src_path).read_text(encoding="utf-8-sig"))
        href = posixpath.relpath(src, posixpath.dirname(page.file.src_uri) or ".")
        out.append((src, str(meta.get("title") or src), href))
    return out


def on_env(env, *, config: MkDocsConfig, files: Files):
    """Every page has been read: report all figure faults at once."""
    if _state["problems"]:
        raise PluginError("Figure errors:\n" + "\n".join(_state["problems"]))
    return env
