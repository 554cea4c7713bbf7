"""The PDF book and the per-section PDFs, written by `make pdf` into site/pdf/.

When `extra.pdf` is true (mkdocs.yml reads it from the PDF environment
variable, which only `make pdf` sets) this hook keeps every page's rendered
HTML, and after the build assembles one print document: a cover (title, the
pages' "law reviewed" dates, a version from git), a table of contents whose
page numbers WeasyPrint fills in with `target-counter()`, one chapter per
top-level entry of the nav (each topic section is a chapter), and the
references at the end. hooks/bookhtml.py writes that document (the
transform of each page: footnotes moved to their calls, ids prefixed, links
pointed inside the PDF or at the published site); hooks/bookpdf.py lays it
out once with WeasyPrint, writes it as a tagged PDF/UA-1 file, cuts one PDF
per topic section from the same layout, and caches the PDFs in .cache/pdf/
by a hash of every input (`extra.pdf_cache`, the PDF_CACHE variable: off
lays out again every time).

Why WeasyPrint on our own combined page: WeasyPrint is the only tool measured
here that puts footnotes at the foot of the page (CSS `float: footnote`),
numbers the contents with `target-counter()` and writes tagged PDF/UA;
Chromium's print-to-PDF and mkdocs-to-pdf give endnotes and no page numbers,
and mkdocs-print-site-plugin's combined page carries Material's chrome and
scripts that would have to be stripped again. Collecting `page.content`
ourselves gives the same combined page with nothing to strip.

Without `extra.pdf` the hook does nothing beyond one dictionary lookup a
page and imports neither bs4 nor WeasyPrint, so `make build` stays fast.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from bibliography import BIB_FILE, parse_bibliography
from citestyle import refers_back, short_form
from frontmatter import plain_text
from metadata import slug
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

PDF_DIR = "pdf"
BOOK_NAME = "csam-law-explained"  # site/pdf/csam-law-explained.pdf
REFERENCES = "references.md"  # its own chapter, at the end of the book
STYLESHEET = Path(__file__).with_name("book.css")
INTRODUCTION = "Introduction"  # the home page's chapter title
CACHE_DIR = Path(".cache") / "pdf"  # under the project, gitignored

log = get_plugin_logger("book")



@dataclass
class BookPage:
    """One site page as it goes into a PDF."""
    src_uri: str
    url: str  # the page's site-relative URL, as MkDocs writes it ('mens-rea/' or 'mens-rea/index.html')
    title: str
    html: str
    reviewed: str = ""

    @property
    def anchor(self) -> str:
        return slug(self.src_uri)


@dataclass
class Chapter:
    """A top-level nav entry: a section of pages, or a single page."""
    title: str
    pages: list[BookPage] = field(default_factory=list)
    section: str = ""  # the topic folder ('mens-rea') when this is a topic section

    @property
    def anchor(self) -> str:
        return "chapter-" + (self.section or self.pages[0].anchor)


# --------------------------------------------------------------------------
# The structure: chapters from the nav
# --------------------------------------------------------------------------

def topic_section(section_title: str, src_uris: list[str]) -> str:
    """The folder of a topic section: a nav section whose first page is `<folder>/index.md`."""
    if src_uris and re.fullmatch(r"[\w-]+/index\.md", src_uris[0]):
        folder = src_uris[0].split("/")[0]
        if all(uri.startswith(folder + "/") for uri in src_uris):
            return folder
    return ""


def chapters_from_nav(items: list[tuple[str, list[str]]], pages: dict[str, BookPage]) -> list[Chapter]:
    """Chapters in nav order, References last; `items` is (title, [src_uri, ...]) per top-level entry."""
    chapters, references = [], None
    for title, uris in items:
        if REFERENCES in uris:
            references = pages[REFERENCES]
            uris = [uri for uri in uris if uri != REFERENCES]
        members = [pages[uri] for uri in uris if uri in pages]
        if not members:
            continue
        section = topic_section(title, uris) if len(items) > 1 else ""
        chapters.append(Chapter(title=title, pages=members, section=section))
    if references is not None:
        chapters.append(Chapter(title=references.title, pages=[references]))
    return chapters


def nav_items(nav: Navigation) -> list[tuple[str, list[str]]]:
    """The nav's top level as (title, [src_uri, ...]), pages in reading order.

    Titles are plain text: a page's title is its front-matter title, which
    hooks/frontmatter.py hands on as escaped HTML (markupsafe.Markup);
    `chapter_html` escapes it once, as it does every title.
    """
    def uris(item) -> list[str]:
        if isinstance(item, Section):
            return [uri for child in item.children for uri in uris(child)]
        file = getattr(item, "file", None)
        return [file.src_uri] if file is not None else []

    items = []
    for item in nav.items:
        title = plain_text(item.title or "")
        if isinstance(item, Page) and item.is_homepage:
            title = INTRODUCTION
        items.append((title, uris(item)))
    return items


# --------------------------------------------------------------------------
# The document
# --------------------------------------------------------------------------

def git_version(root: Path) -> str:
    """`git describe --always --dirty` of the project, or 'unversioned' outside git."""
    try:
        out = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=root,
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "unversioned"
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else "unversioned"


def reviewed_text(dates: list[str]) -> str:
    """'2026-11-22', or '2026-10-01 to 2026-11-22' when pages were reviewed on different days."""
    dates = sorted({d for d in dates if d})
    if not dates:
        return "not recorded"
    return dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"


# --------------------------------------------------------------------------
# MkDocs hooks (thin adapters)
# --------------------------------------------------------------------------

_state: dict = {"pages": {}, "nav": None}


def short_forms(config: MkDocsConfig) -> dict[str, tuple[str, bool]]:
    """Every bibliography entry's short form (HTML) for repeated citations, and whether it names its first note."""
    bib = Path(config.config_file_path).parent / BIB_FILE
    data = parse_bibliography(bib.read_text(encoding="utf-8"), BIB_FILE)
    return {key: (short_form(entry), refers_back(entry)) for key, entry in data.entries.items()}


def pdf_mode(config: MkDocsConfig) -> str:
    """'all' (book and section PDFs), 'book' (the book only) or '' (off)."""
    value = str(config.extra.get("pdf", False)).strip().lower()
    if value in {"", "0", "false", "no", "off"}:
        return ""
    if value in {"1", "true", "yes", "on", "all"}:
        return "all"
    if value == "book":
        return "book"
    raise PluginError(f"mkdocs.yml: extra.pdf (the PDF environment variable) is '{value}'; "
                      "use true, false or book")


def enabled(config: MkDocsConfig) -> bool:
    return bool(pdf_mode(config))


def section_pdf(src_uri: str, sections: set[str]) -> str:
    """The section PDF a page links to ('pdf/mens-rea.pdf'), or '' outside the topic sections."""
    folder = src_uri.split("/")[0] if "/" in src_uri else ""
    return f"{PDF_DIR}/{folder}.pdf" if folder in sections else ""



def cache_dir(config: MkDocsConfig) -> Path | None:
    """Where the PDFs are cached (`extra.pdf_cache`, the PDF_CACHE variable), or None when it is off."""
    value = str(config.extra.get("pdf_cache", True)).strip().lower()
    if value in {"0", "false", "no", "off"}:
        return None
    if value in {"", "1", "true", "yes", "on"}:
        return Path(config.config_file_path).parent / CACHE_DIR
    raise PluginError(f"mkdocs.yml: extra.pdf_cache (the PDF_CACHE environment variable) is '{value}'; "
                      "use true or false")


def pdf_modules():
    """hooks/bookhtml.py and hooks/bookpdf.py, imported only when the PDF is on (bs4, WeasyPrint).

    MkDocs puts hooks/ on the import path only while it loads the hooks, so
    it is added for this import.
    """
    import importlib
    import sys

    here = str(Path(__file__).parent)
    added = here not in sys.path
    if added:
        sys.path.insert(0, here)
    try:
        return importlib.import_module("bookhtml"), importlib.import_module("bookpdf")
    finally:
        if added:
            sys.path.remove(here)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _state["pages"] = {}
    _state["nav"] = None
    _state["sections"] = set()
    return config


def on_nav(nav: Navigation, *, config: MkDocsConfig, files) -> Navigation:
    _state["nav"] = nav
    _state["sections"] = {topic_section(title, uris) for title, uris in nav_items(nav)} - {""}
    return nav


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files) -> str:
    if enabled(config):  # before hooks/metadata.py builds the citation record (citation_pdf_url)
        link = section_pdf(page.file.src_uri, _state["sections"])
        if link:
            page.meta["pdf_file"] = link
            page.meta["pdf_url"] = config.site_url.rstrip("/") + "/" + link if config.site_url else link
        if page.is_homepage:
            page.meta["pdf_book"] = f"{PDF_DIR}/{BOOK_NAME}.pdf"
    return markdown


@event_priority(-100)  # after every other hook has changed the page's HTML
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files) -> str:
    if enabled(config):
        _state["pages"][page.file.src_uri] = BookPage(
            src_uri=page.file.src_uri, url=page.url, title=plain_text(page.title or ""), html=html,
            reviewed=str(page.meta.get("reviewed", "") or ""))
    return html


@event_priority(-200)  # after the site (charts included) is written
def on_post_build(*, config: MkDocsConfig) -> None:
    mode = pdf_mode(config)
    if not mode or _state["nav"] is None:
        return
    start = time.perf_counter()
    bookhtml, bookpdf = pdf_modules()
    book_html, section_front_html = bookhtml.book_html, bookhtml.section_front_html

    chapters = chapters_from_nav(nav_items(_state["nav"]), _state["pages"])
    site_dir, site_url = Path(config.site_dir), config.site_url or ""
    css = STYLESHEET.read_text(encoding="utf-8")
    cover = dict(description=config.site_description or "", author=config.site_name,
                 version=git_version(Path(config.config_file_path).parent), site_url=site_url, css=css)
    book = book_html(chapters, short_forms=short_forms(config), title=config.site_name,
                     subtitle="A report on the law of child sexual abuse material",
                     reviewed=reviewed_text([p.reviewed for c in chapters for p in c.pages]), **cover)
    sections, inputs = [], []
    for chapter in chapters if mode == "all" else []:
        if not chapter.section:
            continue
        own = dict(title=chapter.title, subtitle=f"A section of {config.site_name}",
                   reviewed=reviewed_text([p.reviewed for p in chapter.pages]))

        def front(numbers, first, last, total, chapter=chapter, own=own):
            return section_front_html(chapter, page_numbers=numbers, first=first, last=last, total=total,
                                      **own, **cover)

        sections.append(bookpdf.Section(name=chapter.section, chapter=chapter.anchor, front=front))
        inputs.append(repr(sorted(own.items())))
    assembled = time.perf_counter() - start
    urls = {}
    for chapter in chapters:
        for page in chapter.pages:
            urls[page.anchor] = site_url.rstrip("/") + "/" + page.url
        urls[chapter.anchor] = urls[chapter.pages[0].anchor]
    try:
        how = bookpdf.write_pdfs(book, BOOK_NAME, sections, chapters=[c.anchor for c in chapters], urls=urls,
                                 site_url=site_url, site_dir=site_dir, out_dir=site_dir / PDF_DIR, css=css,
                                 cache_dir=cache_dir(config), section_inputs=inputs,
                                 workers=min(2, os.cpu_count() or 1))
    except Exception as exc:  # WeasyPrint's own errors name no file: say where to look
        raise PluginError(f"hooks/book.py: could not write the PDFs into {site_dir / PDF_DIR}: {exc}") from exc
    log.info(f"PDFs in {site_dir / PDF_DIR}: HTML in {assembled:.1f} s, {how}")
