"""The references page: every bibliography entry, grouped by kind, with back-links.

docs/references.md holds the marker `<!-- references -->`. On every build this
hook replaces it with each entry of bibliography.bib, formatted like the
footnotes (hooks/citestyle.py), grouped by the entry's `keywords` kind, and
followed by "Cited in:" links to each page section that cites it. The
back-links are read from the pages' own Markdown on every build, so removing a
citation removes its back-link.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bibliography import BIB_FILE, KINDS, format_markdown, note_token, parse_bibliography
from citestyle import sort_key
from citations import find_citations
from figures import CSV_PATH, FigureError, load_figures, render_tokens
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils import meta as front_matter

MARKER = "<!-- references -->"
PAGE = "references.md"
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*\{#([\w-]+)[^}]*\}\s*$")


@dataclass(frozen=True)
class Site:
    """Where a citation stands: the page and the heading it falls under."""
    src_uri: str
    page_title: str
    anchor: str
    heading: str


def cite_sites(markdown: str, src_uri: str, page_title: str) -> dict[str, list[Site]]:
    """Map each cited key to the sections of one page that cite it (first-seen order)."""
    sites: dict[str, list[Site]] = defaultdict(list)
    anchor, heading = "", page_title
    lines = markdown.splitlines()
    cites_by_line = defaultdict(list)
    for cite in find_citations(markdown):
        cites_by_line[cite.line].append(cite.key)
    for number, line in enumerate(lines, 1):
        m = HEADING.match(line)
        if m:
            level, text, ident = m.groups()
            anchor, heading = ident, (page_title if len(level) == 1 else clean_heading(text))
        for key in cites_by_line.get(number, []):
            site = Site(src_uri, page_title, anchor, heading)
            if site not in sites[key]:
                sites[key].append(site)
    return dict(sites)


def clean_heading(text: str) -> str:
    return re.sub(r"[*_`]", "", text).strip()


def directory_url(src_uri: str) -> str:
    """A page's URL as MkDocs writes it with directory URLs ('a/b.md' -> 'a/b/')."""
    path = posixpath.splitext(src_uri)[0]
    if posixpath.basename(path) in ("index", "README"):
        path = posixpath.dirname(path)
    return f"{path}/" if path else ""


def cited_in(sites: list[Site], href_of) -> str:
    """'Cited in: Page: Section, Section; Other page.', each section a link, grouped by page.

    A citation in a page's opening (before its first section) links the page
    title. Titles and headings are text here, never markup."""
    pages: dict[str, list[Site]] = {}
    for site in sites:
        pages.setdefault(site.src_uri, []).append(site)
    parts = []
    for src, group in pages.items():
        def link(site: Site, label: str) -> str:
            href = f"{href_of(src)}#{site.anchor}" if site.anchor else href_of(src)
            return f'<a href="{html.escape(href)}">{html.escape(label, quote=False)}</a>'
        title = group[0].page_title
        top = [s for s in group if s.heading == s.page_title]
        sections = [link(s, s.heading) for s in group if s.heading != s.page_title]
        head = link(top[0], title) if top else html.escape(title, quote=False)
        parts.append(head + (": " + ", ".join(sections) if sections else ""))
    return "Cited in: " + "; ".join(parts) + "." if parts else "Not cited on any page."


def references_markdown(bib, sites: dict[str, list[Site]], here: str = PAGE,
                        urls: dict[str, str] | None = None) -> str:
    """The whole list, grouped by kind in KINDS order, alphabetical within each kind.

    The headings are Markdown (the table of contents lists them); each entry is
    HTML that Python-Markdown passes through as it is: its note is the token
    that hooks/citations.py replaces with the note rendered once, and its
    "Cited in" links point at each page's URL (`urls`: src_uri -> URL; by
    default directory URLs), so 168 entries cost no Markdown rendering."""
    urls = urls or {}
    url_of = lambda src: urls.get(src) or directory_url(src)  # noqa: E731
    groups = defaultdict(list)
    for key, entry in bib.entries.items():
        groups[entry.fields.get("keywords", "").strip()].append((key, entry))
    out = []
    for kind, title in KINDS.items():
        # Alphabetical within the kind: cases by name, statutes by code and section, the rest as printed.
        entries = sorted(groups.get(kind, []), key=lambda kv: sort_key(*kv, printed=format_markdown(*kv)))
        if not entries:
            continue
        out.append(f"## {title} {{#{kind}}}\n")
        for key, entry in entries:
            cited = cited_in(sites.get(key, []), lambda src: get_relative_url(url_of(src), url_of(here)))
            out.append(f'<div class="cle-ref" id="ref-{key}">\n<p>{note_token(key)}</p>\n'
                       f'<p><span class="cle-ref__cited">{cited}</span></p>\n</div>\n')
    return "\n".join(out)


def counts_by_kind(bib) -> dict[str, int]:
    counts = {kind: 0 for kind in KINDS}
    for entry in bib.entries.values():
        kind = entry.fields.get("keywords", "").strip()
        counts[kind] = counts.get(kind, 0) + 1
    return counts


# --------------------------------------------------------------------------
# MkDocs hook (thin adapter)
# --------------------------------------------------------------------------

def collect_sites(files: Files, config: MkDocsConfig) -> dict[str, list[Site]]:
    """Read every page's source (figure tables expanded) and gather citation sites."""
    csv_file = Path(config.docs_dir) / CSV_PATH
    figures = load_figures(csv_file.read_text(encoding="utf-8")) if csv_file.is_file() else {}
    sites: dict[str, list[Site]] = defaultdict(list)
    for file in files.documentation_pages():
        if file.src_uri == PAGE:
            continue
        body, meta = front_matter.get_data(Path(file.abs_src_path).read_text(encoding="utf-8-sig"))
        try:
            body, _ = render_tokens(body, figures, file.src_uri)
        except FigureError:
            pass  # hooks/figures.py reports the bad token with its page

        first = re.search(r"^#\s+(.*?)\s*(\{#[^}]*\})?\s*$", body, re.MULTILINE)
        title = str(meta.get("title") or (clean_heading(first.group(1)) if first else file.src_uri))
        for key, found in cite_sites(body, file.src_uri, title).items():
            sites[key].extend(found)
    return sites


@event_priority(95)  # after figures and the citation checks, before mkdocs-bibtex
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri != PAGE:
        return markdown
    if MARKER not in markdown:
        raise PluginError(f"docs/{PAGE}: the marker {MARKER} is missing; put it where the list belongs")
    bib_path = Path(config.config_file_path).parent / BIB_FILE
    bib = parse_bibliography(bib_path.read_text(encoding="utf-8"))
    urls = {file.src_uri: file.url for file in files.documentation_pages()}
    return markdown.replace(MARKER, references_markdown(bib, collect_sites(files, config), urls=urls))
