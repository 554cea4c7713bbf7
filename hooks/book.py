"""The PDF book and the per-section PDFs, written by `make pdf` into site/pdf/.

When `extra.pdf` is true (mkdocs.yml reads it from the PDF environment
variable, which only `make pdf` sets) this hook keeps every page's rendered
HTML, and after the build assembles one print document: a cover (title, the
pages' "law reviewed" dates, a version from git), a table of contents whose
page numbers WeasyPrint fills in with `target-counter()`, one chapter per
top-level entry of the nav (each topic section is a chapter), and the
references at the end. WeasyPrint then writes it as a tagged PDF/UA-1 file,
and writes one PDF per topic section from the same pages.

Why WeasyPrint on our own combined page: WeasyPrint is the only tool measured
here that puts footnotes at the foot of the page (CSS `float: footnote`),
numbers the contents with `target-counter()` and writes tagged PDF/UA;
Chromium's print-to-PDF and mkdocs-to-pdf give endnotes and no page numbers,
and mkdocs-print-site-plugin's combined page carries Material's chrome and
scripts that would have to be stripped again. Collecting `page.content`
ourselves gives the same combined page with nothing to strip.

The transform of each page (`book_page_html`, a pure function that pytest
calls) moves each footnote's text to its call site, where `float: footnote`
takes it to the foot of the page; prefixes every id with the page's slug, since
the same bibtex key is a footnote id on many pages; and points each link at
its target inside the document, or at the published site when the target is
not in this PDF.

Without `extra.pdf` the hook does nothing beyond one dictionary lookup a page,
so `make build` stays fast.
"""

from __future__ import annotations

import html as htmllib
import multiprocessing
import os
import posixpath
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bibliography import BIB_FILE, parse_bibliography
from bs4 import BeautifulSoup, Tag
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
# One page, transformed for print
# --------------------------------------------------------------------------

def page_path(url: str) -> str:
    """A page URL as a directory-free key: 'a/b/', 'a/b/index.html' and 'a/b.html' all give 'a/b'."""
    path = re.sub(r"(^|/)index\.html$", "", url.split("#")[0])
    return path.removesuffix(".html").strip("/")


def resolve_link(href: str, page_url: str) -> tuple[str, str]:
    """A relative link of the page at `page_url` as (site-relative path, fragment)."""
    parts = urlsplit(href)
    base = posixpath.dirname(page_url) if not page_url.endswith("/") else page_url.rstrip("/")
    path = posixpath.normpath(posixpath.join(base, parts.path)) if parts.path else page_url
    path = "" if path == "." else path
    if parts.path.endswith("/") and path:
        path += "/"
    return path, parts.fragment


def book_page_html(html: str, *, page_url: str, prefix: str, in_pdf: dict[str, str], site_url: str,
                   shift: int = 1, first_note: int = 1,
                   short_forms: dict[str, tuple[str, bool]] | None = None) -> tuple[str, int]:
    """One page's content ready for WeasyPrint.

    `prefix` is the page's anchor; `in_pdf` maps the page path (see `page_path`)
    of every page in this PDF to its anchor. Footnote texts move to their call
    sites as `<span class="fn">`; a repeat of a key on the page becomes a
    footnote with the source's short form from `short_forms` (by key: the
    HTML of hooks/citestyle.py's short form, and whether it refers back),
    so that the reader need not turn back: "*Kuchinski*, 469 F.3d 853." for
    law, "ICMEC, *Global Review* (2018); see note N." (linked to the first
    note) for other sources. WeasyPrint numbers
    footnotes in document order, so the page's first footnote is number
    `first_note`; we write N ourselves because WeasyPrint 70's
    `target-counter(..., footnote)` gives the number before the target's.
    Ids are prefixed; links point inside the PDF where they can and at
    `site_url` where they cannot; headings move down `shift` levels.
    Returns the HTML and the number of footnotes it holds.
    """
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.select("a.headerlink, a.footnote-backref, span.cle-backrefs"):
        tag.decompose()

    # Footnotes: the text of each <li id="fn:KEY"> replaces its calls.
    notes = {}
    for li in soup.select("div.footnote li[id]"):
        body = li.p if li.p is not None and len(li.find_all("p")) == 1 else li
        notes[li["id"].split(":", 1)[1]] = body.decode_contents().strip().removesuffix("&#160;").rstrip("\xa0 ")
    for div in soup.select("div.footnote"):
        div.decompose()
    first: dict[str, tuple[str, int]] = {}
    calls = soup.select("sup[id^=fnref]")
    # A call straight after another ("...material.[^a][^b]") prints as "1,2".
    follows = {id(sup) for sup in calls
               if isinstance(sup.previous_sibling, Tag) and sup.previous_sibling.name == "sup"
               and sup.previous_sibling.get("id", "").startswith("fnref")}
    for index, sup in enumerate(calls):
        key = sup["id"].split(":", 1)[1]
        if key not in notes:
            raise ValueError(f"footnote call '{sup['id']}' has no footnote text")
        call_id = f"{prefix}--{sup['id']}"
        number = first_note + index
        if key in first:
            target, earlier = first[key]
            see = f'note <a class="note-ref" href="#{target}">{earlier}</a>.'
            short, back = (short_forms or {}).get(key, ("", True))
            if not short:
                text = f"See {see}"
            elif back:  # a report, article or page: "ICMEC, *Global Review* (2018); see note 4."
                text = f'{short.removesuffix(".")}; see {see}'
            else:  # a case, statute or treaty: its short citation is complete, as in legal writing
                text = short
        else:
            first[key] = (call_id + "-text", number)
            text = notes[key]
        classes = "fn fn-follows" if id(sup) in follows else "fn"
        new = BeautifulSoup(f'<span class="fn-call" id="{call_id}"></span>'
                            f'<span class="{classes}" id="{call_id}-text" data-key="{htmllib.escape(key)}">'
                            f'{text}</span>', "html.parser")
        sup.replace_with(new)

    # Ids, prefixed per page.
    for tag in soup.find_all(id=True):
        if {"fn-call", "fn"} & set(tag.get("class") or []):
            continue
        tag["id"] = f"{prefix}--{tag['id']}"

    # Links.
    for a in soup.find_all("a", href=True):
        href = a["href"]
        if "note-ref" in (a.get("class") or []):
            continue
        if href.startswith("#"):
            a["href"] = f"#{prefix}--{href[1:]}" if href[1:] else f"#{prefix}"
            continue
        if urlsplit(href).scheme or href.startswith("//"):
            continue
        path, fragment = resolve_link(href, page_url)
        target = in_pdf.get(page_path(path))
        if target is not None and (path.endswith("/") or path.endswith(".html") or path == ""):
            a["href"] = f"#{target}--{fragment}" if fragment else f"#{target}"
        else:
            a["href"] = site_url.rstrip("/") + "/" + path + (f"#{fragment}" if fragment else "")

    # Images: site-relative, so that WeasyPrint finds them under the site directory.
    for img in soup.find_all("img", src=True):
        if not urlsplit(img["src"]).scheme:
            img["src"] = resolve_link(img["src"], page_url)[0]

    # <details> prints open, as a box with its summary as title.
    for details in soup.find_all("details"):
        details.name = "div"
        details["class"] = (details.get("class") or []) + ["details"]
        details.attrs.pop("open", None)
        summary = details.find("summary")
        if summary is not None:
            summary.name = "p"
            summary["class"] = ["details-title"]

    if shift:
        for tag in soup.find_all(re.compile(r"^h[1-6]$")):
            tag.name = f"h{min(6, int(tag.name[1]) + shift)}"
    return str(soup), len(calls)


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


def chapter_html(chapter: Chapter, *, in_pdf: dict[str, str], site_url: str,
                 first_note: int = 1, short_forms: dict[str, tuple[str, bool]] | None = None) -> tuple[str, int]:
    """A chapter: its title, then each page's content with headings one level down.

    Returns the HTML and the number of footnotes it holds.
    """
    parts = []
    single = len(chapter.pages) == 1
    notes = 0
    for page in chapter.pages:
        body, count = book_page_html(page.html, page_url=page.url, prefix=page.anchor, in_pdf=in_pdf,
                                     site_url=site_url, shift=0 if single else 1, first_note=first_note + notes,
                                     short_forms=short_forms)
        notes += count
        if single:  # the page's own h1 is the chapter's title
            body = re.sub(r"<h1\b[^>]*>.*?</h1>", "", body, count=1, flags=re.S)
        parts.append(f'<section class="page" id="{page.anchor}">\n{body}\n</section>')
    title = htmllib.escape(chapter.title)
    return (f'<section class="chapter" id="{chapter.anchor}">\n'
            f'<h1 class="chapter-title">{title}</h1>\n' + "\n".join(parts) + "\n</section>"), notes


def heading_text(html: str, level: int) -> str:
    """The text of the first heading of `level` in a fragment."""
    m = re.search(rf"<h{level}\b[^>]*>(.*?)</h{level}>", html, flags=re.S)
    if not m:
        return ""
    text = BeautifulSoup(m.group(1), "html.parser")
    for a in text.select("a.headerlink"):
        a.decompose()
    return " ".join(text.get_text().split())


def contents_html(chapters: list[Chapter]) -> str:
    """The table of contents: chapters and their pages, page numbers by `target-counter()`."""
    rows = []
    for chapter in chapters:
        rows.append(f'<li class="toc-chapter"><a href="#{chapter.anchor}">{htmllib.escape(chapter.title)}</a>')
        if len(chapter.pages) > 1:
            rows.append("<ol>")
            for page in chapter.pages:
                title = heading_text(page.html, 1) or page.title
                rows.append(f'<li><a href="#{page.anchor}">{htmllib.escape(title)}</a></li>')
            rows.append("</ol>")
        rows.append("</li>")
    return ('<nav class="contents" aria-labelledby="contents-title">\n'
            '<h1 id="contents-title" class="contents-title">Contents</h1>\n<ol>\n'
            + "\n".join(rows) + "\n</ol>\n</nav>")


def book_html(chapters: list[Chapter], *, title: str, subtitle: str, description: str, author: str,
              reviewed: str, version: str, site_url: str, css: str, lang: str = "en",
              short_forms: dict[str, tuple[str, bool]] | None = None) -> str:
    """The whole print document: cover, contents, chapters."""
    in_pdf = {page_path(page.url): page.anchor for chapter in chapters for page in chapter.pages}
    parts, notes = [], 0
    for chapter in chapters:
        text, count = chapter_html(chapter, in_pdf=in_pdf, site_url=site_url, first_note=notes + 1,
                                   short_forms=short_forms)
        parts.append(text)
        notes += count
    body = "\n".join(parts)
    e = htmllib.escape
    return f"""<!DOCTYPE html>
<html lang="{e(lang)}">
<head>
<meta charset="utf-8">
<title>{e(title)}</title>
<meta name="author" content="{e(author)}">
<meta name="description" content="{e(description)}">
<meta name="generator" content="{e(author)} (WeasyPrint)">
<style>{css}</style>
</head>
<body>
<section class="cover">
<p class="cover-series">{e(author)}</p>
<h1 class="cover-title">{e(title)}</h1>
<p class="cover-subtitle">{e(subtitle)}</p>
<dl class="cover-facts">
<dt>Law and figures reviewed</dt><dd>{e(reviewed)}</dd>
<dt>Version</dt><dd>{e(version)}</dd>
<dt>Online</dt><dd><a href="{e(site_url)}">{e(site_url)}</a></dd>
</dl>
<p class="cover-notice">{e(description)}</p>
<p class="cover-notice"><strong>Not legal advice.</strong> This report explains the law in
general terms. It is not legal advice about any person's situation; for that, speak to a
lawyer licensed where you are. Text licensed under CC BY 4.0.</p>
</section>
{contents_html(chapters)}
{body}
</body>
</html>
"""


BREAK_CLASS = "fn-break"  # book.css: break-before: page
BREAK_BLOCKS = ["p", "li", "tr", "dt", "dd", "figcaption", "blockquote"]
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
MAX_PASSES = 4


def misplaced_calls(pages: list[set[str]]) -> list[str]:
    """Ids of footnote calls whose note is printed on another page than the call.

    `pages` holds the anchor names of each rendered page, in order. WeasyPrint
    70's `footnote-policy: line` fails to take a call's line to the next page
    when the line also calls notes that did fit; it then prints the note a
    page late.
    """
    where: dict[str, int] = {}
    for number, names in enumerate(pages):
        for name in names:
            where.setdefault(name, number)
    return [name for name in where
            if "--fnref" in name and not name.endswith("-text")
            and where.get(name + "-text", where[name]) != where[name]]


def break_target(block: Tag) -> Tag:
    """Where to start the new page for `block`: before the headings that introduce it, if any.

    A first list item is introduced by what introduces its list. The break
    moves onto headings only when content precedes them, so it never leaves
    a chapter title, or nothing at all, on the page before.
    """
    first_item = block.name == "li" and block.parent is not None and block.find_previous_sibling("li") is None
    headings, previous = [], (block.parent if first_item else block).find_previous_sibling(True)
    while previous is not None and previous.name in HEADINGS:
        headings.append(previous)
        previous = previous.find_previous_sibling(True)
    return headings[-1] if headings and previous is not None else block


def break_before_calls(document: str, call_ids: list[str]) -> tuple[str, int]:
    """Start a new page at the block (paragraph, list item, table row) holding each call.

    The break goes before the headings that introduce the block (see
    `break_target`), so a heading never ends a page. Returns the document and
    the number of elements newly marked; an element already marked is left
    alone, so repeated passes end.
    """
    soup = BeautifulSoup(document, "html.parser")
    marked = 0
    for call_id in call_ids:
        call = soup.find(id=call_id)
        block = call.find_parent(BREAK_BLOCKS) if call is not None else None
        if block is None:
            continue
        target = break_target(block)
        if BREAK_CLASS in (target.get("class") or []):
            continue
        target["class"] = (target.get("class") or []) + [BREAK_CLASS]
        marked += 1
    return (str(soup), marked) if marked else (document, 0)


def render_pdf(document: str, base_url: str, target: str) -> str:
    """Write `document` as a tagged PDF/UA-1 file with WeasyPrint; return `target`.

    Where a note lands on a later page than its call (see `misplaced_calls`),
    the block holding the call starts a new page and the document is laid
    out again, at most MAX_PASSES times; each misplaced note is logged.
    Only file: URLs are fetched, so a stray remote image cannot reach the
    network.
    """
    from weasyprint import DEFAULT_OPTIONS, HTML  # imported here: only `make pdf` pays for it
    from weasyprint.urls import URLFetcher

    Path(target).parent.mkdir(parents=True, exist_ok=True)
    fetcher = URLFetcher(allowed_protocols={"file", "data"})
    options = {**DEFAULT_OPTIONS, "pdf_variant": "pdf/ua-1"}
    for attempt in range(1, MAX_PASSES + 1):
        rendered = HTML(string=document, base_url=base_url, url_fetcher=fetcher).render(**options)
        misplaced = misplaced_calls([set(page.anchors) for page in rendered.pages])
        if not misplaced:
            break
        log.info(f"{Path(target).name}, layout {attempt} of {MAX_PASSES}: {len(misplaced)} footnote(s) "
                 f"a page after their call: {', '.join(misplaced)}")
        if attempt == MAX_PASSES:
            break
        document, marked = break_before_calls(document, misplaced)
        if not marked:
            break
    rendered.write_pdf(target, **options)
    return target


def share_out(jobs: list[tuple[str, str]], workers: int) -> list[list[tuple[str, str]]]:
    """Split (document, target) jobs into `workers` lists of about equal total length, longest first."""
    lists: list[list[tuple[str, str]]] = [[] for _ in range(max(1, workers))]
    sizes = [0] * len(lists)
    for job in sorted(jobs, key=lambda job: -len(job[0])):
        i = sizes.index(min(sizes))
        lists[i].append(job)
        sizes[i] += len(job[0])
    return [jobs for jobs in lists if jobs]


def _render_list(jobs: list[tuple[str, str]], base_url: str) -> None:
    for document, target in jobs:
        render_pdf(document, base_url, target)


def render_all(jobs: list[tuple[str, str]], base_url: str, workers: int) -> None:
    """Render (document, target) pairs in `workers` processes (WeasyPrint uses one core each)."""
    lists = share_out(jobs, workers)
    if len(lists) <= 1:
        _render_list(jobs, base_url)
        return
    # fork: the child inherits this hook module, which MkDocs loads under a
    # name that cannot be imported again (so no pickling, no process pool).
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_render_list, args=(part, base_url)) for part in lists]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    failed = [target for process, part in zip(processes, lists) if process.exitcode
              for _, target in part]
    if failed:
        raise RuntimeError("WeasyPrint failed (its message is above) for one of: " + ", ".join(failed))


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
    """'all' (book and section PDFs), 'book' (the book only, for the benchmark) or '' (off)."""
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
    chapters = chapters_from_nav(nav_items(_state["nav"]), _state["pages"])
    site_dir = Path(config.site_dir)
    common = dict(description=config.site_description or "", author=config.site_name,
                  version=git_version(Path(config.config_file_path).parent), site_url=config.site_url or "",
                  css=STYLESHEET.read_text(encoding="utf-8"), short_forms=short_forms(config))
    wanted = [(BOOK_NAME, chapters, config.site_name, "A report on the law of child sexual abuse material")]
    if mode == "all":
        wanted += [(c.section, [c], c.title, f"A section of {config.site_name}") for c in chapters if c.section]
    jobs = []
    for name, parts, title, subtitle in wanted:
        dates = [p.reviewed for c in parts for p in c.pages]
        document = book_html(parts, title=title, subtitle=subtitle, reviewed=reviewed_text(dates), **common)
        jobs.append((document, str(site_dir / PDF_DIR / f"{name}.pdf")))
    try:
        render_all(jobs, str(site_dir) + "/", workers=min(2, os.cpu_count() or 1))
    except Exception as exc:  # WeasyPrint's own errors name no file: say where to look
        raise PluginError(f"hooks/book.py: could not write the PDFs into {site_dir / PDF_DIR}: {exc}") from exc
