"""Laying out and writing the PDFs with WeasyPrint, once, in parallel, and cached.

hooks/book.py calls `write_pdfs` after the build, only when the PDF is on.

- The book is laid out once. Two settings of WeasyPrint 70's layout (see
  `tune_layout`) make that one layout both fast and right: notes land on
  the page of their call, so no second layout is needed. Should a note
  still land a page late, the block holding its call starts a new page and
  the book is laid out again (logged; at most MAX_PASSES layouts).
- Each section PDF is cut from the book's layout (`Document.copy(pages)`)
  behind a small cover and contents of its own; links to pages outside the
  section point at the published site, as before.
- The PDFs are written in two processes (fork: the child inherits the
  laid-out book, nothing is pickled).
- The PDFs are cached in `.cache/pdf/` under a hash of every input
  (`cache_key`): the documents, the images and fonts they load, the
  versions of WeasyPrint and its libraries, the options and this code. An
  unchanged input copies the cached files; any change lays out again.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from math import inf
from pathlib import Path
from typing import Callable

from bookhtml import break_before_calls
from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger("book")

OPTIONS = {"pdf_variant": "pdf/ua-1"}
LIBRARIES = ("weasyprint", "pydyf", "tinycss2", "tinyhtml5", "fonttools", "cssselect2")
FONT_FAMILIES = re.compile(r'"((?:Liberation|DejaVu) [A-Za-z ]+)"')
LOADED = re.compile(r"""(?:\bsrc=["']|url\(["']?)(?!data:|https?:|#)([^"')]+)""")
KEY_FILE = "key"
MAX_PASSES = 4  # layouts of the book at most, should notes still land a page late


@dataclass
class Section:
    """A section PDF: its file name, its chapter's anchor and a function writing its cover and contents."""
    name: str
    chapter: str  # the chapter's anchor in the book ('chapter-mens-rea')
    front: Callable[[dict[str, int], int, int, int], str] = field(repr=False)  # (page numbers, first, last, total)


# --------------------------------------------------------------------------
# WeasyPrint 70's layout, tuned
# --------------------------------------------------------------------------

def _footnote_area(context) -> bool:
    """LayoutContext._update_footnote_area, with each note's height laid out once.

    WeasyPrint 70 lays out the whole footnote area again for every note it
    adds to a page (and every note it moves on), which was 60% of the book's
    layout time. The area's height is the sum of its notes' heights (notes
    have no vertical margins), so each note is laid out once, alone, and its
    height kept. The area itself is still laid out in full when its page is
    finished, and the pages come out identical (tests/test_pdf.py).
    Returns whether the area overflows, which it cannot: it has no max-height.
    """
    from weasyprint.formatting_structure import build
    from weasyprint.layout import block_level_layout

    area, notes = context.current_footnote_area, context.current_page_footnotes
    if area.height != "auto":
        context.page_bottom += area.margin_height()
    heights = context.__dict__.setdefault("note_heights", {})
    total = 0
    for note in notes:
        key = (id(note), area.page.width)
        if key not in heights:
            area.children = [note]
            alone = block_level_layout(context, build.create_anonymous_boxes(area.deepcopy()), -inf, None,
                                       area.page)[0]
            heights[key] = (note, alone.height)  # the note is kept so that its id is not reused
        total += heights[key][1]
    area.children = notes
    area.height = total
    context.page_bottom -= area.margin_height()
    return False


def tune_layout() -> None:
    """Make WeasyPrint 70's layout fast (`_footnote_area`) and keep notes on the page of their call.

    (And pydyf's page references fast to read: `_page_references`.)

    To keep a paragraph's orphans and widows, WeasyPrint 70 moves notes that
    it has already placed on a page to the next page (layout/block.py,
    `report`), except inside columns: so a note was printed a page after its
    call, and the book was laid out a second time to repair it. The book has
    no columns, so its layout runs as if in one (`in_column`): the paragraph
    then moves on as a whole, with its notes. `in_column` is read in just
    three other places in WeasyPrint 70: the footnote area (replaced above)
    and the column breaks, which the book does not use.
    """
    import pydyf
    from weasyprint.layout import LayoutContext

    if getattr(LayoutContext, "tuned_by_book", False):
        return
    found = (version("weasyprint"), version("pydyf"))
    if found != ("70.0", "0.13.0"):
        raise RuntimeError(f"hooks/bookpdf.py tunes WeasyPrint 70.0 and pydyf 0.13.0, found {found}: check "
                           "tune_layout against the new versions before changing requirements.txt")
    init = LayoutContext.__init__

    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self.in_column = True

    LayoutContext.__init__ = __init__
    LayoutContext._update_footnote_area = _footnote_area
    LayoutContext.tuned_by_book = True
    pydyf.PDF.page_references = property(_page_references)


def _page_references(pdf) -> tuple[bytes, ...]:
    """pydyf.PDF.page_references, built once per page count instead of at every read.

    WeasyPrint 70 reads it for every tagged box when it writes a PDF/UA file,
    and pydyf 0.13 builds the whole tuple each time: a quarter of the
    book's writing time. The tuple is the same as long as no page is added.
    """
    kids = pdf.pages["Kids"]
    cached = pdf.__dict__.get("page_references_cache")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        pdf.__dict__["page_references_cache"] = cached
    return cached[1]


def misplaced_calls(pages: list[set[str]]) -> list[str]:
    """Ids of footnote calls whose note is printed on another page than the call.

    `pages` holds the anchor names of each rendered page, in order.
    """
    where: dict[str, int] = {}
    for number, names in enumerate(pages):
        for name in names:
            where.setdefault(name, number)
    return [name for name in where
            if "--fnref" in name and not name.endswith("-text")
            and where.get(name + "-text", where[name]) != where[name]]


def render(document: str, base_url: str, name: str):
    """Lay `document` out with WeasyPrint; only file: and data: URLs are fetched (no network)."""
    from weasyprint import DEFAULT_OPTIONS, HTML
    from weasyprint.urls import URLFetcher

    tune_layout()
    fetcher = URLFetcher(allowed_protocols={"file", "data"})
    for attempt in range(1, MAX_PASSES + 1):
        rendered = HTML(string=document, base_url=base_url, url_fetcher=fetcher).render(
            **{**DEFAULT_OPTIONS, **OPTIONS})
        misplaced = misplaced_calls([set(page.anchors) for page in rendered.pages])
        if not misplaced:
            return rendered
        log.info(f"{name}, layout {attempt} of {MAX_PASSES}: {len(misplaced)} footnote(s) "
                 f"a page after their call: {', '.join(misplaced)}")
        document, marked = break_before_calls(document, misplaced)
        if not marked:
            break
    return rendered


# --------------------------------------------------------------------------
# Section PDFs cut from the book
# --------------------------------------------------------------------------

def page_numbers(pages: list[set[str]]) -> dict[str, int]:
    """Each anchor's page number (1-based), from the anchor names of each page."""
    numbers: dict[str, int] = {}
    for number, names in enumerate(pages, start=1):
        for name in names:
            numbers.setdefault(name, number)
    return numbers


def chapter_range(numbers: dict[str, int], chapters: list[str], chapter: str, total: int) -> tuple[int, int]:
    """The first and last page (1-based) of `chapter`, given every chapter anchor in book order."""
    first = numbers[chapter]
    later = [numbers[c] for c in chapters if numbers[c] > first]
    return first, (min(later) - 1 if later else total)


def published_url(anchor: str, urls: dict[str, str], site_url: str) -> str:
    """Where an anchor of the book is on the site: 'mens-rea--the-law' -> '<site>/mens-rea/#the-law'.

    `urls` maps each page and chapter anchor to its page's published URL.
    """
    page, _, fragment = anchor.partition("--")
    base = urls.get(page, site_url)
    return base + ("#" + fragment if fragment else "")


def outside_links_online(pages: list, urls: dict[str, str], site_url: str) -> list:
    """Copies of `pages` whose internal links to anchors not in `pages` point at the published site."""
    import copy

    here = {name for page in pages for name in page.anchors}
    result = []
    for page in pages:
        page = copy.copy(page)
        page.links = [("external", published_url(target, urls, site_url), rect, box)
                      if kind == "internal" and target not in here else (kind, target, rect, box)
                      for kind, target, rect, box in page.links]
        result.append(page)
    return result


# --------------------------------------------------------------------------
# The cache
# --------------------------------------------------------------------------

def loaded_files(document: str) -> list[str]:
    """The site-relative files a document loads (images, url() in its CSS), sorted."""
    return sorted(set(LOADED.findall(document)))


def font_files(css: str) -> list[Path]:
    """The font files fontconfig gives for every family the stylesheet names."""
    files: set[Path] = set()
    for family in sorted(set(FONT_FAMILIES.findall(css))):
        out = subprocess.run(["fc-list", "--format", "%{file}\n", f":family={family}"],
                             capture_output=True, text=True, check=False).stdout
        files.update(Path(line) for line in out.splitlines() if line)
    return sorted(files)


def cache_key(documents: list[str], files: dict[str, bytes], versions: dict[str, str],
              options: dict, code: list[str]) -> str:
    """A hash of every input of the PDFs.

    `documents`: the HTML laid out (the book's, with its stylesheet, and
    what defines each section PDF); `files`: the bytes of every image and
    font they load, by name (a missing file as b""); `versions`: of
    WeasyPrint and the libraries it writes with; `options`: WeasyPrint's;
    `code`: the source of the modules that shape the layout.
    """
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}:{len(data)}:".encode())
        digest.update(data)

    for document in documents:
        add("document", document.encode())
    for name in sorted(files):
        add("file " + name, files[name])
    for name in sorted(versions):
        add("version " + name, versions[name].encode())
    add("options", repr(sorted(options.items())).encode())
    for text in code:
        add("code", text.encode())
    return digest.hexdigest()


def input_key(book: str, sections: list[str], site_dir: Path, css: str) -> str:
    """`cache_key` of the real inputs: reads the files and versions."""
    files = {}
    for name in loaded_files(book):
        path = site_dir / name
        files[name] = path.read_bytes() if path.is_file() else b""
    for path in font_files(css):
        files[str(path)] = path.read_bytes() if path.is_file() else b""
    versions = {}
    for library in LIBRARIES:
        try:
            versions[library] = version(library)
        except Exception:  # not installed: that too is part of the key
            versions[library] = "missing"
    here = Path(__file__).parent
    code = [(here / name).read_text(encoding="utf-8") for name in ("bookhtml.py", "bookpdf.py")]
    return cache_key([book, *sections], files, versions, OPTIONS, code)


def from_cache(cache_dir: Path | None, key: str, names: list[str], out_dir: Path) -> bool:
    """Copy the cached PDFs into `out_dir` if they were made from the same inputs."""
    if cache_dir is None or not (cache_dir / KEY_FILE).is_file():
        return False
    if (cache_dir / KEY_FILE).read_text(encoding="utf-8").strip() != key:
        return False
    if not all((cache_dir / name).is_file() for name in names):
        return False
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copyfile(cache_dir / name, out_dir / name)
    return True


def to_cache(cache_dir: Path | None, key: str, names: list[str], out_dir: Path) -> None:
    """Keep the PDFs just written, under `key` (the cache holds one set: the newest)."""
    if cache_dir is None:
        return
    shutil.rmtree(cache_dir, ignore_errors=True)
    cache_dir.mkdir(parents=True)
    for name in names:
        shutil.copyfile(out_dir / name, cache_dir / name)
    (cache_dir / KEY_FILE).write_text(key + "\n", encoding="utf-8")


# --------------------------------------------------------------------------
# Writing, on both cores
# --------------------------------------------------------------------------

def share_out(jobs: list, workers: int, size: Callable = lambda job: len(job[0])) -> list[list]:
    """Split jobs into `workers` lists of about equal total `size`, largest first."""
    lists: list[list] = [[] for _ in range(max(1, workers))]
    sizes = [0] * len(lists)
    for job in sorted(jobs, key=lambda job: -size(job)):
        i = sizes.index(min(sizes))
        lists[i].append(job)
        sizes[i] += size(job)
    return [jobs for jobs in lists if jobs]


def _write(jobs: list) -> None:
    from weasyprint import DEFAULT_OPTIONS

    for document, target in jobs:
        document.write_pdf(target, **{**DEFAULT_OPTIONS, **OPTIONS})


def write_in_parallel(jobs: list, workers: int) -> None:
    """Write (Document, target) jobs in `workers` processes, shared by page count."""
    lists = share_out(jobs, workers, size=lambda job: len(job[0].pages))
    if len(lists) <= 1:
        _write(jobs)
        return
    # fork: the child inherits the laid-out pages and this module, which
    # MkDocs loads under a name that cannot be imported again. gc.freeze():
    # the child's garbage collector then leaves the inherited objects (and
    # their memory pages) alone.
    gc.freeze()
    context = multiprocessing.get_context("fork")
    children = [context.Process(target=_write, args=(part,)) for part in lists[1:]]
    for child in children:
        child.start()
    _write(lists[0])
    for child in children:
        child.join()
    gc.unfreeze()
    failed = [target for child, part in zip(children, lists[1:]) if child.exitcode for _, target in part]
    if failed:
        raise RuntimeError("WeasyPrint failed (its message is above) for one of: " + ", ".join(failed))


def write_pdfs(book: str, book_name: str, sections: list[Section], *, chapters: list[str],
               urls: dict[str, str], site_url: str, site_dir: Path, out_dir: Path, css: str,
               cache_dir: Path | None, section_inputs: list[str], workers: int) -> str:
    """Write the book and the section PDFs into `out_dir`; return what was done, for the log.

    `chapters`: every chapter's anchor in book order; `section_inputs`: the
    text that defines each section PDF's cover (part of the cache key).
    The message starts 'from the cache' or 'laid out'.
    """
    names = [f"{book_name}.pdf"] + [f"{section.name}.pdf" for section in sections]
    start = time.perf_counter()
    key = input_key(book, section_inputs, site_dir, css)
    if from_cache(cache_dir, key, names, out_dir):
        return f"from the cache ({cache_dir})"
    out_dir.mkdir(parents=True, exist_ok=True)
    base_url = str(site_dir) + "/"
    document = render(book, base_url, names[0])
    laid_out = time.perf_counter()
    anchors = [set(page.anchors) for page in document.pages]
    numbers, total = page_numbers(anchors), len(document.pages)
    jobs = [(document, str(out_dir / names[0]))]
    for section in sections:
        first, last = chapter_range(numbers, chapters, section.chapter, total)
        front = render(section.front(numbers, first, last, total), base_url, f"{section.name}.pdf")
        pages = outside_links_online(document.pages[first - 1:last], urls, site_url)
        jobs.append((front.copy(front.pages + pages), str(out_dir / f"{section.name}.pdf")))
    cut = time.perf_counter()
    write_in_parallel(jobs, workers)
    to_cache(cache_dir, key, names, out_dir)
    done = time.perf_counter()
    return (f"laid out in {laid_out - start:.1f} s, {len(sections)} section(s) cut in {cut - laid_out:.1f} s, "
            f"written in {done - cut:.1f} s ({workers} process(es))")
