"""The PDF's HTML: each site page transformed for print, and the documents WeasyPrint lays out.

Pure functions on strings, which pytest calls directly; hooks/book.py
imports this module only when the PDF is on, so a plain build never
imports bs4. hooks/bookpdf.py lays the book out and writes the PDFs.
"""

from __future__ import annotations

import html as htmllib
import posixpath
import re
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag

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


def contents_html(chapters: list[Chapter], page_numbers: dict[str, int] | None = None,
                  named: str = "contents") -> str:
    """The table of contents: chapters and their pages.

    Page numbers come from `target-counter()` when the chapters are in the
    same document, or are written out from `page_numbers` (anchor -> the
    book's page number) when the contents are laid out apart from them, as
    for a section PDF cut from the book.
    """
    e = htmllib.escape

    def link(anchor: str, title: str) -> str:
        if page_numbers is None:
            return f'<a href="#{anchor}">{e(title)}</a>'
        return f'<a class="toc-fixed" href="#{anchor}" data-page="{page_numbers[anchor]}">{e(title)}</a>'

    rows = []
    for chapter in chapters:
        rows.append(f'<li class="toc-chapter">{link(chapter.anchor, chapter.title)}')
        if len(chapter.pages) > 1:
            rows.append("<ol>")
            for page in chapter.pages:
                rows.append(f"<li>{link(page.anchor, heading_text(page.html, 1) or page.title)}</li>")
            rows.append("</ol>")
        rows.append("</li>")
    return (f'<nav class="{named}" aria-labelledby="contents-title">\n'
            '<h1 id="contents-title" class="contents-title">Contents</h1>\n<ol>\n'
            + "\n".join(rows) + "\n</ol>\n</nav>")


def chapters_body(chapters: list[Chapter], *, site_url: str,
                  short_forms: dict[str, tuple[str, bool]] | None = None) -> str:
    """Every chapter, footnotes numbered through the document."""
    in_pdf = {page_path(page.url): page.anchor for chapter in chapters for page in chapter.pages}
    parts, notes = [], 0
    for chapter in chapters:
        text, count = chapter_html(chapter, in_pdf=in_pdf, site_url=site_url, first_note=notes + 1,
                                   short_forms=short_forms)
        parts.append(text)
        notes += count
    return "\n".join(parts)


def document_html(body: str, *, title: str, subtitle: str, description: str, author: str,
                  reviewed: str, version: str, site_url: str, css: str, lang: str = "en",
                  facts: tuple[tuple[str, str], ...] = ()) -> str:
    """A print document: the cover (with any extra `facts`), then `body`."""
    e = htmllib.escape
    extra = "".join(f"\n<dt>{e(term)}</dt><dd>{e(value)}</dd>" for term, value in facts)
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
<dt>Online</dt><dd><a href="{e(site_url)}">{e(site_url)}</a></dd>{extra}
</dl>
<p class="cover-notice">{e(description)}</p>
<p class="cover-notice"><strong>Not legal advice.</strong> This report explains the law in
general terms. It is not legal advice about any person's situation; for that, speak to a
lawyer licensed where you are. Text licensed under CC BY 4.0.</p>
</section>
{body}
</body>
</html>
"""


def book_html(chapters: list[Chapter], *, site_url: str,
              short_forms: dict[str, tuple[str, bool]] | None = None, **cover) -> str:
    """The whole print document: cover, contents, chapters."""
    body = chapters_body(chapters, site_url=site_url, short_forms=short_forms)
    return document_html(contents_html(chapters) + "\n" + body, site_url=site_url, **cover)


def section_front_html(chapter: Chapter, *, page_numbers: dict[str, int], first: int, last: int, total: int,
                       **cover) -> str:
    """A section PDF's cover and contents; its pages are the book's own (see hooks/bookpdf.py).

    The contents print the book's page numbers, as do the pages' footers,
    and the cover says which pages of the book the section is.
    """
    facts = (("Pages in the full report", f"{first} to {last} of {total}"),)
    return document_html(contents_html([chapter], page_numbers, named="contents section-contents"),
                         facts=facts, **cover)


BREAK_CLASS = "fn-break"  # book.css: break-before: page
BREAK_BLOCKS = ["p", "li", "tr", "dt", "dd", "figcaption", "blockquote"]
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

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

