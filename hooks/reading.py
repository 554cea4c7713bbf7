"""Reading on a phone: tables as labelled cards, one underline per abbreviation, plain links.

Pure functions (pytest calls them) applied to each page's rendered content:

- `label_table_cells`: every cell of a table with three or more columns gets
  a `data-label` holding its column's header, and the table `data-cards`.
  On a narrow screen docs/stylesheets/extra.css lays such a table out as one
  card per row, each cell introduced by its label, so nothing is cut off at
  the right and no sideways scrolling is needed (CSS only, no script).
- `first_abbr_only`: Python-Markdown's `abbr` marks every use of a term
  listed in includes/abbreviations.md. Only the first use on a page keeps its
  <abbr title>; later ones become plain text, so a page is not underlined
  dozens of times.
- `link_source_article`: the first mention of "the source article" in running
  text links to the methodology page's account of the starting articles.

It also hands the templates the help page's address (`config.extra.help_url`),
so the "Report abuse or get help" links open the right file in the offline
copy too (help.html there, help/ online).
"""

from __future__ import annotations

import html
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

TABLE = re.compile(r"<table>(?P<body>.*?)</table>", re.S)
HEADER_CELL = re.compile(r"<th\b[^>]*>(?P<text>.*?)</th>", re.S)
ROW = re.compile(r"<tr>(?P<cells>.*?)</tr>", re.S)
DATA_CELL = re.compile(r"<td\b")
TAG = re.compile(r"<[^>]+>")
ABBR = re.compile(r'<abbr title="(?P<title>[^"]*)">(?P<term>[^<]*)</abbr>')
# Text outside tags and outside <a>, <h1>-<h6> and <code> elements.
SOURCE_ARTICLE = re.compile(r"\b([Tt]he source article)\b")
SKIP_ELEMENTS = re.compile(r"<(a|h[1-6]|code|pre|abbr)\b.*?</\1>", re.S)
ABOUT_ANCHOR = "where-the-content-came-from"
MIN_CARD_COLUMNS = 3


def _text(fragment: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", fragment)).split())


def label_table_cells(content: str) -> str:
    """Label every data cell of each wide table with its column header."""

    def one_table(match: re.Match) -> str:
        body = match["body"]
        head, sep, rows = body.partition("</thead>")
        headers = [_text(m["text"]) for m in HEADER_CELL.finditer(head)]
        if not sep or len(headers) < MIN_CARD_COLUMNS:
            return match.group(0)

        def one_row(row: re.Match) -> str:
            labels = iter(headers)
            cells = DATA_CELL.sub(
                lambda m: f'<td data-label="{html.escape(next(labels, ""), quote=True)}"', row["cells"])
            return f"<tr>{cells}</tr>"

        return f"<table data-cards>{head}{sep}{ROW.sub(one_row, rows)}</table>"

    return TABLE.sub(one_table, content)


def first_abbr_only(content: str) -> str:
    """Keep <abbr title> on the first use of each term; later uses become plain text."""
    seen: set[tuple[str, str]] = set()

    def one(match: re.Match) -> str:
        key = (match["term"], match["title"])
        if key in seen:
            return match["term"]
        seen.add(key)
        return match.group(0)

    return ABBR.sub(one, content)


def link_source_article(content: str, href: str) -> str:
    """Link the first "the source article" in running text (not in a heading or a link)."""
    if not SOURCE_ARTICLE.search(content):
        return content  # most pages: no need to map the headings and links
    protected = [(m.start(), m.end()) for m in SKIP_ELEMENTS.finditer(content)]
    for match in SOURCE_ARTICLE.finditer(content):
        start = match.start()
        if any(a <= start < b for a, b in protected):
            continue
        # Inside a tag's attribute?
        if content.rfind("<", 0, start) > content.rfind(">", 0, start):
            continue
        link = f'<a href="{html.escape(href, quote=True)}">{match[1]}</a>'
        return content[:start] + link + content[match.end():]
    return content


# --------------------------------------------------------------------------
# MkDocs hooks (thin adapters)
# --------------------------------------------------------------------------

_state: dict = {"about": None}


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    help_page = files.get_file_from_path("help.md")
    config.extra["help_url"] = help_page.url if help_page else ""  # no link on a site without one
    about = files.get_file_from_path("about.md")
    _state["about"] = about.url if about else None
    return files


@event_priority(-50)  # after mkdocs-bibtex and hooks/markup.py have written the footnotes
def on_page_content(content: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    content = label_table_cells(content)
    content = first_abbr_only(content)
    if _state["about"] and page.file.src_uri != "about.md":
        href = get_relative_url(_state["about"], page.url) + "#" + ABOUT_ANCHOR
        content = link_source_article(content, href)
    return content
