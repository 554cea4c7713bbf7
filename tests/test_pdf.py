"""Offline reading: the PDF book, the section PDFs (hooks/book.py, bookhtml.py, bookpdf.py) and the offline copy (hooks/offline.py).

The real site is built once per session with PDF=true (as `make pdf` does) and
once with OFFLINE=true (as `make offline` does); the tests read what those
builds wrote. Transform functions are also called directly on small inputs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import PROJECT, mkdocs_build

sys.path.insert(0, str(PROJECT / "hooks"))
import book  # noqa: E402
import bookhtml  # noqa: E402
import bookpdf  # noqa: E402
import offline  # noqa: E402

BOOK = f"{book.PDF_DIR}/{book.BOOK_NAME}.pdf"
SECTIONS = ["mens-rea", "prosecution-gaps", "plea-bargaining", "international-law"]
CHROMIUM = "/usr/bin/chromium"


def build_with(env: dict[str, str], site_dir: Path) -> str:
    """Build the real site with `env` set; return the build's log."""
    os.environ.update(env)
    try:
        result = mkdocs_build(PROJECT / "mkdocs.yml", site_dir)
    finally:
        for name in env:
            os.environ.pop(name, None)
    assert result.returncode == 0, f"the build with {env} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


@pytest.fixture(scope="session")
def pdf_build(tmp_path_factory) -> tuple[Path, str]:
    """The real site with the book and the section PDFs (PDF=true), laid out (no cache), and its log."""
    site_dir = tmp_path_factory.mktemp("pdf-site")
    log = build_with({"PDF": "true", "PDF_CACHE": "false"}, site_dir)
    return site_dir, log


@pytest.fixture(scope="session")
def pdf_site(pdf_build) -> Path:
    return pdf_build[0]


@pytest.fixture(scope="session")
def book_pdf(pdf_site) -> PdfReader:
    return PdfReader(pdf_site / BOOK)


@pytest.fixture(scope="session")
def book_pages_text(pdf_site) -> list[str]:
    """The text of each page (pdftotext, from Debian's poppler-utils: much faster than pypdf)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf_site / BOOK), "-"],
                         capture_output=True, text=True, check=True).stdout
    return out.split("\f")


@pytest.fixture(scope="session")
def book_layout_pages_text(pdf_site) -> list[str]:
    """The text of each page as laid out (pdftotext -layout): one printed line per line.

    pdftotext's default reading order removes a hyphen that ends a line and
    joins the next line of the same text flow to it; when a page's last line
    of text breaks after a hyphen ("computer-" / "generated"), that next line
    is the page's first footnote ("computer342. Utah Code ..."), so the
    note's number no longer starts a line. The layout mode keeps each
    printed line whole.
    """
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf_site / BOOK), "-"],
                         capture_output=True, text=True, check=True).stdout
    return out.split("\f")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def nav_chapters() -> list[str]:
    """The book's chapter titles, from mkdocs.yml's nav (References last).

    A section's title is its label in the nav; a page is listed without a
    label (one title per page), so its title is the `title` of its front
    matter, read as MkDocs reads it. The home page is the Introduction.
    """
    from mkdocs.utils.meta import get_data
    from mkdocs.utils.yaml import yaml_load

    with open(PROJECT / "mkdocs.yml", encoding="utf-8") as fh:
        nav = yaml_load(fh)["nav"]
    titles = []
    for item in nav:
        if isinstance(item, dict):  # a section: {label: [pages]}
            titles.append(book.INTRODUCTION if list(item.values())[0] == "index.md" else list(item)[0])
        elif item == "index.md":
            titles.append(book.INTRODUCTION)
        else:
            _, meta = get_data((PROJECT / "docs" / item).read_text(encoding="utf-8"))
            assert meta.get("title"), f"docs/{item} has no front-matter title"
            titles.append(meta["title"])
    return titles + ["References"]


# --------------------------------------------------------------------------
# The transform, on small inputs
# --------------------------------------------------------------------------

PAGE = """<h1 id="top">Title</h1>
<p>One.<sup id="fnref:a2020x"><a class="footnote-ref" href="#fn:a2020x">1</a></sup><sup id="fnref:b2020y"><a class="footnote-ref" href="#fn:b2020y">2</a></sup>
Two.<sup id="fnref2:a2020x"><a class="footnote-ref" href="#fn:a2020x">1</a></sup>
<a href="../other/#part">other</a> <a href="../../data/figures.csv">data</a> <a href="#top">up</a>
<a href="https://example.org/x">out</a></p>
<div class="footnote"><hr /><ol>
<li id="fn:a2020x"><p>Alpha source.&#160;<a class="footnote-backref" href="#fnref:a2020x">&#8617;</a></p></li>
<li id="fn:b2020y"><p>Beta source.&#160;<a class="footnote-backref" href="#fnref:b2020y">&#8617;</a></p></li>
</ol></div>"""


def transform(**kw) -> tuple[BeautifulSoup, int]:
    args = dict(page_url="sec/page/", prefix="sec-page", in_pdf={"sec/other": "sec-other"},
                site_url="https://example.org/site/", first_note=5)
    args.update(kw)
    html, count = bookhtml.book_page_html(PAGE, **args)
    return BeautifulSoup(html, "html.parser"), count


def test_footnote_text_moves_to_each_call():
    soup, count = transform(short_forms={"a2020x": ("ICMEC, <em>Alpha</em> (2018).", True), "b2020y": ("B.", True)})
    notes = soup.select("span.fn")
    assert count == 3 and len(notes) == 3
    assert [n.get_text(strip=True) for n in notes[:2]] == ["Alpha source.", "Beta source."]
    # the repeat prints the source's short form and names the first note's number
    assert " ".join(notes[2].get_text().split()) == "ICMEC, Alpha (2018); see note 5."
    assert notes[2].em.get_text() == "Alpha"
    assert notes[2].select_one("a.note-ref")["href"] == "#" + notes[0]["id"]
    # a case's short citation stands alone, as in legal writing
    soup, _ = transform(short_forms={"a2020x": ("<em>Kuchinski</em>, 469 F.3d 853.", False)})
    assert " ".join(soup.select("span.fn")[2].get_text().split()) == "Kuchinski, 469 F.3d 853."
    assert "fn-follows" in notes[1]["class"]  # printed "5,6"
    assert not soup.select("div.footnote, a.footnote-backref")


def test_a_repeat_without_a_short_form_still_points_to_its_note():
    soup, _ = transform()
    assert " ".join(soup.select("span.fn")[2].get_text().split()) == "See note 5."


def test_ids_are_unique_per_page_and_links_point_inside_or_online():
    soup, _ = transform()
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)) and all(i.startswith("sec-page--") for i in ids)
    other = transform(prefix="other-page")[0]
    assert not set(ids) & {tag["id"] for tag in other.find_all(id=True)}  # same keys, other page
    hrefs = [a["href"] for a in soup.find_all("a") if "note-ref" not in a.get("class", [])]
    assert hrefs == ["#sec-other--part", "https://example.org/site/data/figures.csv", "#sec-page--top",
                     "https://example.org/x"]
    assert soup.find("h2") and not soup.find("h1")  # one level down inside a chapter


def test_a_call_without_footnote_text_is_an_error():
    with pytest.raises(ValueError, match="fnref:zz2020q"):
        bookhtml.book_page_html('<p>x<sup id="fnref:zz2020q"><a href="#fn:zz2020q">1</a></sup></p>',
                            page_url="", prefix="home", in_pdf={}, site_url="")


def test_links_resolve_like_a_browser():
    assert bookhtml.resolve_link("../b/#x", "a/c/") == ("a/b/", "x")
    assert bookhtml.resolve_link("b.html#x", "a/c.html") == ("a/b.html", "x")
    assert bookhtml.resolve_link("../", "a/") == ("", "")
    assert bookhtml.page_path("a/b/index.html") == bookhtml.page_path("a/b/") == "a/b"


def test_titles_from_escaped_front_matter_are_escaped_once():
    """hooks/frontmatter.py hands page titles on as Markup; the book prints their text."""
    from markupsafe import escape
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File
    from mkdocs.structure.nav import Navigation, Section
    from mkdocs.structure.pages import Page

    def page(src_uri: str) -> Page:
        item = Page(None, File(src_uri, "docs", "site", use_directory_urls=True), MkDocsConfig())
        item.markdown, item.meta = "", {"title": escape('Help & "support" <now>')}
        return item

    help_page, other = page("help.md"), page("about/index.md")
    items = book.nav_items(Navigation([help_page, Section("About & more", [other])], [help_page, other]))
    assert items == [('Help & "support" <now>', ["help.md"]), ("About & more", ["about/index.md"])]
    pages = {"help.md": book.BookPage(src_uri="help.md", url="help/", title=items[0][0], html="<p>x</p>")}
    html, _ = bookhtml.chapter_html(book.chapters_from_nav(items[:1], pages)[0], in_pdf={}, site_url="")
    assert '<h1 class="chapter-title">Help &amp; "support" &lt;now&gt;</h1>' in html.replace("&quot;", '"')


def test_reviewed_dates_and_modes():
    assert book.reviewed_text(["2026-11-22", "2026-11-22"]) == "2026-11-22"
    assert book.reviewed_text(["2026-11-22", "2026-10-01", ""]) == "2026-10-01 to 2026-11-22"
    assert book.section_pdf("mens-rea/index.md", {"mens-rea"}) == "pdf/mens-rea.pdf"
    assert book.section_pdf("glossary.md", {"mens-rea"}) == ""


def test_misplaced_calls_are_those_whose_note_is_on_another_page():
    pages = [{"p--fnref:a2020x", "p--fnref:a2020x-text", "p--fnref:b2020y"},
             {"p--fnref:b2020y-text", "p--fnref:c2020z", "p--fnref:c2020z-text", "p--other"}]
    assert bookpdf.misplaced_calls(pages) == ["p--fnref:b2020y"]
    assert bookpdf.misplaced_calls([{"p--fnref:a2020x", "p--fnref:a2020x-text"}]) == []


BREAKS = """<section class="chapter"><h1 class="chapter-title">Chapter</h1><section class="page">
<h2 id="t">Title</h2><div class="admonition"><ul><li id="i1">One<span id="c1"></span></li>
<li id="i2">Two<span id="c2"></span></li></ul></div>
<h3 id="h">Heading</h3><p id="p1">Text<span id="c3"></span></p><p id="p2">More<span id="c4"></span></p>
</section></section>"""


@pytest.mark.parametrize("call, marked", [
    ("c2", "i2"),  # a later list item: the item itself
    ("c1", "i1"),  # a first item with no heading right before its list: the item itself
    ("c3", "h"),   # the first paragraph after a heading: the heading goes with it
    ("c4", "p2"),  # a paragraph after another: itself
])
def test_the_block_of_a_misplaced_call_starts_a_page_with_its_heading(call, marked):
    document, count = bookhtml.break_before_calls(BREAKS, [call])
    soup = BeautifulSoup(document, "html.parser")
    assert count == 1 and [tag.get("id") for tag in soup.select("." + bookhtml.BREAK_CLASS)] == [marked]
    again, count = bookhtml.break_before_calls(document, [call])
    assert count == 0 and again == document  # a second pass on the same call changes nothing


def test_break_style_is_in_the_book_stylesheet():
    assert re.search(r"\." + bookhtml.BREAK_CLASS + r"\s*\{\s*break-before:\s*page", book.STYLESHEET.read_text())


def test_work_is_shared_evenly():
    jobs = [("x" * 100, "book"), ("x" * 30, "a"), ("x" * 30, "b"), ("x" * 30, "c")]
    parts = bookpdf.share_out(jobs, 2)
    assert [t for _, t in parts[0]] == ["book"] and len(parts[1]) == 3


# --------------------------------------------------------------------------
# One layout, tuned; the cache
# --------------------------------------------------------------------------

NOTES_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Notes</title><style>{css}</style></head><body>
<section class="chapter" id="chapter-x"><h1 class="chapter-title">Notes</h1>{paragraphs}</section></body></html>"""

LAYOUT_PAGES = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from weasyprint import HTML
from weasyprint.layout import LayoutContext
if sys.argv[2] == "tuned":
    import bookpdf
    LayoutContext._update_footnote_area = bookpdf._footnote_area
document = HTML(string=sys.stdin.read()).render()
print(json.dumps([sorted(page.anchors) for page in document.pages]))
"""


def test_each_note_laid_out_once_gives_the_same_pages():
    """bookpdf._footnote_area (each note's height laid out once) places every note as WeasyPrint 70 does."""
    words = "The court held that the statute requires knowledge of the age of the person depicted".split()
    paragraphs = "".join(
        f'<p id="p{i}">' + " ".join(words[: 6 + i % 9] * (1 + i % 4))
        + "".join(f'<span class="fn-call" id="x--fnref{i}-{j}"></span><span class="fn" id="x--fnref{i}-{j}-text">'
                  + " ".join(words[: 4 + (i * j) % 12] * (1 + (i + j) % 3)) + "</span>" for j in range(1 + i % 3))
        + "</p>" for i in range(70))
    document = NOTES_PAGE.format(css=book.STYLESHEET.read_text(encoding="utf-8"), paragraphs=paragraphs)

    def pages(mode: str) -> list[list[str]]:
        out = subprocess.run([sys.executable, "-c", LAYOUT_PAGES, str(PROJECT / "hooks"), mode], input=document,
                             capture_output=True, text=True, check=True).stdout
        import json
        return json.loads(out)

    stock, tuned = pages("stock"), pages("tuned")
    assert len(stock) >= 4  # notes spread over several pages, some pushed on with their line
    assert tuned == stock


def test_a_section_is_its_chapters_pages_and_points_outside_links_online():
    numbers = {"chapter-intro": 3, "chapter-mens-rea": 6, "mens-rea-x": 9, "chapter-references": 40}
    chapters = ["chapter-intro", "chapter-mens-rea", "chapter-references"]
    assert bookpdf.chapter_range(numbers, chapters, "chapter-mens-rea", 50) == (6, 39)
    assert bookpdf.chapter_range(numbers, chapters, "chapter-references", 50) == (40, 50)
    urls = {"mens-rea-x": "https://e.org/mens-rea/x/", "chapter-mens-rea": "https://e.org/mens-rea/"}
    assert bookpdf.published_url("mens-rea-x--the-law", urls, "https://e.org/") == "https://e.org/mens-rea/x/#the-law"
    assert bookpdf.published_url("mens-rea-x", urls, "https://e.org/") == "https://e.org/mens-rea/x/"
    assert bookpdf.published_url("contents-title", urls, "https://e.org/") == "https://e.org/"


def test_the_hook_alone_imports_neither_bs4_nor_weasyprint():
    """A plain build pays for neither: hooks/book.py imports them only when the PDF is on."""
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import book; "
            "print(sorted({'bs4', 'weasyprint', 'bookhtml', 'bookpdf'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code, str(PROJECT / "hooks")],
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_book_is_laid_out_once(pdf_build):
    """No note lands a page after its call, so the hook never lays the book out a second time."""
    _, log = pdf_build
    assert "PDFs in" in log and ", laid out in" in log  # the hook ran, without the cache
    assert "a page after their call" not in log, [line for line in log.splitlines() if "after their call" in line]


def test_cache_key_changes_with_every_input():
    base = dict(documents=["<p>book</p>", "mens-rea"], files={"a.svg": b"<svg/>", "/fonts/x.ttf": b"font"},
                versions={"weasyprint": "70.0", "pydyf": "0.11"}, options={"pdf_variant": "pdf/ua-1"},
                code=["x = 1"])
    key = bookpdf.cache_key(**base)
    assert key == bookpdf.cache_key(**{**base, "files": dict(reversed(base["files"].items()))})
    changes = {
        "the book's HTML": {"documents": ["<p>book.</p>", "mens-rea"]},
        "a section": {"documents": ["<p>book</p>"]},
        "documents' boundary": {"documents": ["<p>book</p>m", "ens-rea"]},
        "an image": {"files": {"a.svg": b"<svg />", "/fonts/x.ttf": b"font"}},
        "a font": {"files": {"a.svg": b"<svg/>", "/fonts/x.ttf": b"font2"}},
        "a file gone": {"files": {"a.svg": b"<svg/>"}},
        "a version": {"versions": {"weasyprint": "70.1", "pydyf": "0.11"}},
        "an option": {"options": {"pdf_variant": "pdf/a-3b"}},
        "the code": {"code": ["x = 2"]},
    }
    for what, change in changes.items():
        assert bookpdf.cache_key(**{**base, **change}) != key, f"the key ignores {what}"


def test_loaded_files_are_the_local_images_and_stylesheet_urls():
    html = ('<img src="charts/a.svg" alt=""><img src="data:image/png;base64,xx" alt=""><img src="https://x.org/y.png">'
            '<style>p { background: url("img/b.png") } q { background: url(data:image/svg+xml,zz) }</style>'
            '<a href="c/">c</a><img src=\'charts/a.svg\'>')
    assert bookpdf.loaded_files(html) == ["charts/a.svg", "img/b.png"]


def test_an_unchanged_input_comes_from_the_cache_and_a_changed_one_is_laid_out(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    dot = site / "dot.svg"
    dot.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><rect width="9" height="9" '
                   'fill="red"/></svg>', encoding="utf-8")
    document = '<html lang="en"><head><title>T</title></head><body><h1>T</h1><img src="dot.svg" alt="A dot"></body></html>'
    cache, pdf = tmp_path / "cache", site / "pdf" / "t.pdf"

    def write() -> str:
        return bookpdf.write_pdfs(document, "t", [], chapters=[], urls={}, site_url="https://example.org/",
                                  site_dir=site, out_dir=site / "pdf", css="", cache_dir=cache,
                                  section_inputs=[], workers=1)

    assert write().startswith("laid out") and pdf.read_bytes().startswith(b"%PDF")
    first, key = pdf.read_bytes(), (cache / bookpdf.KEY_FILE).read_text()
    pdf.unlink()
    render = bookpdf.render
    monkeypatch.setattr(bookpdf, "render", lambda *args: pytest.fail("an unchanged input was laid out again"))
    assert write().startswith("from the cache") and pdf.read_bytes() == first
    monkeypatch.setattr(bookpdf, "render", render)
    dot.write_text(dot.read_text(encoding="utf-8").replace("red", "blue"), encoding="utf-8")  # one input changes
    assert write().startswith("laid out")
    assert (cache / bookpdf.KEY_FILE).read_text() != key


# --------------------------------------------------------------------------
# The book
# --------------------------------------------------------------------------

def test_book_exists_with_a_sane_page_count(pdf_site, book_pdf):
    assert (pdf_site / BOOK).stat().st_size > 100_000
    assert 60 <= len(book_pdf.pages) <= 400


def test_cover_has_title_review_date_and_version(book_pages_text):
    cover = book_pages_text[0]
    assert "CSAM Law Explained" in cover and "Law and figures reviewed" in cover
    assert re.search(r"\b2\d{3}-\d{2}-\d{2}\b", cover)
    version = subprocess.run(["git", "describe", "--always"], cwd=PROJECT, capture_output=True, text=True).stdout
    assert version.strip() and version.strip() in cover


def test_outline_lists_every_chapter(book_pdf):
    outline = book_pdf.outline
    top = [item.title for item in outline if not isinstance(item, list)]
    assert top == ["Contents"] + nav_chapters()
    children = {item.title: outline[i + 1] for i, item in enumerate(outline[:-1])
                if not isinstance(item, list) and isinstance(outline[i + 1], list)}
    for section in ("Mens rea", "Prosecution gaps", "Plea bargaining", "International law"):
        pages = [c.title for c in children.get(section, []) if not isinstance(c, list)]
        assert len(pages) >= 4, f"chapter '{section}' has no bookmarks for its pages: {pages}"


def test_text_has_every_chapter_title_and_the_references(book_pdf, book_pages_text):
    text = "\n".join(book_pages_text)
    for title in nav_chapters():
        assert title in text, f"chapter '{title}' is not in the book's text"
    references = book_pdf.get_destination_page_number(book_pdf.outline[-2] if isinstance(book_pdf.outline[-1], list)
                                                      else book_pdf.outline[-1])
    assert references > len(book_pdf.pages) // 2
    closing = squash("\n".join(book_pages_text[references:]))
    for entry in ("Court decisions", "United States v. X-Citement Video", "Convention on Cybercrime"):
        assert squash(entry) in closing, f"the references at the end lack '{entry}'"


def test_contents_have_page_numbers(book_pages_text):
    contents = book_pages_text[1]
    assert "Contents" in contents
    numbers = [int(n) for n in re.findall(r"\.\s*(\d+)\s*$", contents, flags=re.M)]
    assert len(numbers) >= 10 and numbers == sorted(numbers) and numbers[0] >= 3


def test_page_x_of_y_and_running_headers(book_pages_text):
    total = len(book_pages_text) - 1  # pdftotext ends with a form feed
    assert f"Page 10 of {total}" in book_pages_text[9]
    assert "CSAM Law Explained" in book_pages_text[9]
    assert "Page 1 of" not in book_pages_text[0]  # no furniture on the cover


def test_no_footnote_is_lost_and_each_is_on_the_page_of_its_call(book_pdf):
    """WeasyPrint writes a destination for each call and for each note's text.

    Every note must be printed (WeasyPrint 70 loses notes in blocks it moves
    to the next page: see hooks/book.css), and on the page of its call
    (hooks/bookpdf.py's `tune_layout`, and its fallback: another layout).
    """
    dests = book_pdf.named_destinations
    page = book_pdf.get_destination_page_number
    calls = [name for name in dests if "--fnref" in name and not name.endswith("-text")]
    assert len(calls) > 500
    lost = [name for name in calls if name + "-text" not in dests]
    assert not lost, f"{len(lost)} footnotes are not printed: {lost[:5]}"
    moved = [name for name in calls if page(dests[name]) != page(dests[name + "-text"])]
    assert not moved, f"{len(moved)} footnotes are not on the page of their call: {moved[:5]}"


def test_sampled_footnote_texts_are_on_the_page_of_their_call(pdf_site, book_pdf, book_pages_text):
    """For every 10th key cited on a page: the first call's page shows the source's text."""
    dests = book_pdf.named_destinations
    page = book_pdf.get_destination_page_number
    first: dict[tuple[str, str], tuple] = {}  # (page anchor, key) -> its first call in reading order
    for name in dests:
        if "--fnref" in name and not name.endswith("-text"):
            anchor, call = name.split("--", 1)
            where = (page(dests[name]), -float(dests[name].top), float(dests[name].left), name)
            first[(anchor, call.split(":", 1)[1])] = min(first.get((anchor, call.split(":", 1)[1]), where), where)
    assert len(first) > 100
    sources = {}
    for path in pdf_site.rglob("index.html"):
        rel = path.relative_to(pdf_site).as_posix()
        sources[(re.sub(r"(^|/)index\.html$", "", rel).replace("/", "-") or "home")] = path
    misses = []
    for (anchor, key), (number, *_rest, name) in sorted(first.items())[::10]:
        li = BeautifulSoup(sources[anchor].read_text(encoding="utf-8"), "html.parser").find("li", id=f"fn:{key}")
        for backref in li.select("a.footnote-backref, .cle-backrefs"):
            backref.decompose()
        if squash(li.get_text())[:60] not in squash(book_pages_text[number]):
            misses.append(f"{name} (page {number + 1})")
    assert not misses, "footnote text not on the page of its call: " + ", ".join(misses)


def test_every_footnote_number_is_printed(book_pdf, book_layout_pages_text):
    """Notes are numbered 1..N through the book; each number starts a line of the footnote area."""
    calls = [n for n in book_pdf.named_destinations if "--fnref" in n and not n.endswith("-text")]
    numbers = {int(n) for page in book_layout_pages_text for n in re.findall(r"(?m)^(\d+)\. \S", page)}
    missing = sorted(set(range(1, len(calls) + 1)) - numbers)
    assert not missing, f"footnotes missing from the text: {missing[:10]}"


def test_internal_links_resolve(book_pdf):
    dests = book_pdf.named_destinations
    internal = broken = external = 0
    for page in book_pdf.pages:
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            if action is not None and action.get("/S") == "/URI":
                external += 1
                assert str(action["/URI"]).startswith(("http://", "https://", "mailto:")), action["/URI"]
                continue
            target = annot.get("/Dest") if action is None else action.get("/D")
            internal += 1
            if target is None:
                broken += 1
            elif isinstance(target, str) or hasattr(target, "encode"):
                broken += str(target) not in dests
    assert internal > 100 and external > 100
    assert broken == 0, f"{broken} of {internal} internal links point nowhere"


def test_fonts_are_embedded(book_pdf):
    fonts = {}
    for page in book_pdf.pages[:40]:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            fonts[str(font.get("/BaseFont"))] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), f"fonts not embedded: {[f for f, e in fonts.items() if not e]}"
    assert any("Liberation" in f or "DejaVu" in f for f in fonts)


def test_tagged_with_title_and_language(book_pdf):
    root = book_pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert str(root["/Lang"]) == "en"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert book_pdf.metadata.title == "CSAM Law Explained"
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()


# --------------------------------------------------------------------------
# Section PDFs and the links to them
# --------------------------------------------------------------------------

@pytest.mark.parametrize("section", SECTIONS)
def test_section_pdf_exists_and_is_linked_from_its_pages(pdf_site, section):
    pdf = PdfReader(pdf_site / book.PDF_DIR / f"{section}.pdf")
    assert 5 <= len(pdf.pages) < 100
    assert pdf.trailer["/Root"]["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    pages = sorted((pdf_site / section).rglob("index.html"))
    assert len(pages) >= 4
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        link = soup.find("a", string=re.compile("Download this section as PDF"))
        assert link is not None, f"{page} has no link to its section PDF"
        assert (page.parent / link["href"]).resolve() == (pdf_site / book.PDF_DIR / f"{section}.pdf").resolve()
        meta = soup.find("meta", attrs={"name": "citation_pdf_url"})
        assert meta is not None and meta["content"].endswith(f"/pdf/{section}.pdf")


def pdf_text(path: Path) -> list[str]:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout.split("\f")[:-1]


@pytest.mark.parametrize("section", SECTIONS)
def test_section_pdf_is_its_chapter_of_the_book(pdf_site, book_pages_text, section):
    """A section PDF is a cover and contents, then the book's own pages of its chapter."""
    path = pdf_site / book.PDF_DIR / f"{section}.pdf"
    pdf, text = PdfReader(path), pdf_text(path)
    found = re.search(r"\b(\d+) to (\d+) of (\d+)\b", text[0])
    assert "Pages in the full report" in text[0] and found, text[0]
    first, last, total = map(int, found.groups())
    assert total == len(book_pages_text) - 1 and first < last
    pages = text[-(last - first + 1):]
    assert [squash(t) for t in pages] == [squash(t) for t in book_pages_text[first - 1:last]]
    contents = squash("".join(text[: len(text) - len(pages)]))
    assert "Contents" in contents and squash(f"{first}") in contents
    # bookmarks: the contents, the chapter and its pages
    top = [item.title for item in pdf.outline if not isinstance(item, list)]
    assert top[0] == "Contents" and len(top) == 2
    assert len([c for c in pdf.outline[-1] if not isinstance(c, list)]) >= 4
    # every internal link lands in this PDF; links to other pages go to the site
    dests, internal, online = pdf.named_destinations, 0, 0
    site = os.environ.get("SITE_URL", "http://127.0.0.1:8000/")  # mkdocs.yml's default
    for page in pdf.pages:
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            action = annot.get("/A")
            if action is not None and action.get("/S") == "/URI":
                online += re.match(re.escape(site) + "[a-z]", str(action["/URI"])) is not None
            elif annot.get("/Dest") is not None:
                internal += 1
                assert str(annot["/Dest"]) in dests, f"{section}.pdf: a link to {annot['/Dest']}, not in this PDF"
    assert internal > 10
    assert online > 0, f"{section}.pdf has no link to another page of the site"


def test_home_links_the_book_and_other_pages_link_no_section(pdf_site):
    home = BeautifulSoup((pdf_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    link = home.find("a", string=re.compile("PDF book"))
    assert link is not None and (pdf_site / link["href"]).is_file()
    glossary = (pdf_site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert "Download this section as PDF" not in glossary


def test_normal_build_has_no_pdf_links(site):
    site_dir, _ = site
    assert not (site_dir / book.PDF_DIR).exists()
    assert "Download this section as PDF" not in (site_dir / "mens-rea" / "index.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------
# The offline copy
# --------------------------------------------------------------------------

def test_offline_hook_replaces_the_cdn_shim():
    assert offline.local_polyfills(["https://unpkg.com/iframe-worker/shim"]) == [offline.SHIM_URI]
    assert offline.remote_loads('<script src="https://unpkg.com/x.js"></script><a href="https://a.b/">a</a>'
                                '<link rel="stylesheet" href="//cdn.example/x.css"><img src="a.png">') == [
        "https://unpkg.com/x.js", "//cdn.example/x.css"]


@pytest.fixture(scope="session")
def offline_copy(tmp_path_factory) -> Path:
    """The offline build, zipped as `make offline` does and unpacked again: the unpacked folder."""
    work = tmp_path_factory.mktemp("offline")
    build_with({"OFFLINE": "true"}, work / "csam-law-explained")
    archive = work / "offline.zip"
    subprocess.run([sys.executable, "-m", "zipfile", "-c", str(archive), "csam-law-explained"],
                   cwd=work, check=True)
    unpacked = work / "unpacked"
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(unpacked)
    return unpacked / "csam-law-explained"


def test_offline_copy_searches_from_file_url_without_network(offline_copy, tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install it with `apt-get install -y chromium` (make test does this as root)")
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        try:
            page = browser.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.goto((offline_copy / "index.html").as_uri())
            assert "CSAM Law Explained" in page.title()
            page.locator("input.md-search__input").fill("plea")  # in the header at desktop width
            results = page.locator(".md-search-result__item")
            results.first.wait_for(timeout=20_000)
            assert results.count() > 0
            first = page.locator(".md-search-result__link").first.get_attribute("href")
            assert first and not first.startswith("http")
        finally:
            browser.close()
    assert requests, "no request was recorded at all: the listener did not work"
    remote = [url for url in requests if not url.startswith(("file://", "data:", "blob:", "about:"))]
    assert not remote, f"the offline copy reached the network: {remote}"
    assert any("iframe-worker" in url for url in requests)  # search ran through the vendored shim
