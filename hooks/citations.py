"""Citation checks: the bibliography is valid and every citation resolves.

mkdocs-bibtex only *warns* about an unknown key and drops pinpoints such as
``[@key, p. 12]``. This hook runs before it and turns both into build errors
that name the page, the line and the fix. It also validates
``bibliography.bib`` (syntax, key pattern, order, required fields, source
kind) and fails the build on an entry that no page cites.

The checks are pure functions so that pytest can call them directly; the
MkDocs event handlers at the bottom are thin adapters.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from bibliography import BIB_FILE, CitationError, expand_notes, load_notes, note_token, validate_bibliography
from cache import CACHE_DIR
from mdlines import prose_lines, without_inline_code
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.utils import meta as front_matter
from mkdocs_bibtex.citation import CITATION_BLOCK_REGEX, Citation

HEADING = re.compile(r"^\s{0,3}#{1,6}\s")


@dataclass(frozen=True)
class Cite:
    line: int
    key: str
    prefix: str
    suffix: str
    raw: str
    in_heading: bool = False
    in_link_text: bool = False


@dataclass(frozen=True)
class Block:
    """One bracket mkdocs-bibtex reads as a citation, with where it stands."""
    line: int
    raw: str
    citations: list
    in_heading: bool
    in_link_text: bool


# --------------------------------------------------------------------------
# Citations on a page
# --------------------------------------------------------------------------

def find_blocks(markdown: str) -> list[Block]:
    """Every bracket mkdocs-bibtex will read as a citation, with its line number.

    Uses the plugin's own patterns, line by line, outside fenced code and
    inline code spans. A bracket right before '(' or holding a '[' is the text
    of a link; a bracket on a '#' line is in a heading.
    """
    blocks = []
    for number, line in prose_lines(markdown):
        text = without_inline_code(line)
        heading = bool(HEADING.match(text))
        for match in CITATION_BLOCK_REGEX.finditer(text):
            citations = Citation.from_markdown(match.group(1))
            if not citations:
                continue
            link = text[match.end():match.end() + 1] == "(" or "[" in match.group(1) \
                or bool(re.match(r"\]?\(", text[match.end():]))
            blocks.append(Block(number, match.group(1), citations, heading, link))
    return blocks


def find_citations(markdown: str) -> list[Cite]:
    """Every citation mkdocs-bibtex will see, with its line number."""
    return [Cite(b.line, c.key, c.prefix.strip(), c.suffix.strip(), f"[{b.raw}]", b.in_heading, b.in_link_text)
            for b in find_blocks(markdown) for c in b.citations]


def suggestion(key: str, known_keys) -> str:
    """' (did you mean 'x'?)' for a key close to a real one, else ''."""
    close = difflib.get_close_matches(key, list(known_keys), n=1, cutoff=0.75)
    return f" (did you mean {close[0]}?)" if close else ""


def page_problems(markdown: str, page_path: str, known_keys, offset: int = 0) -> list[str]:
    """Unknown keys, keyless parts, misplaced citations and pinpoints mkdocs-bibtex would drop.

    `offset` is the number of front-matter lines MkDocs removed, so that the
    line numbers refer to the file on disk.
    """
    problems = []
    for block in find_blocks(markdown):
        where = f"{page_path}:{block.line + offset}"
        raw = f"[{block.raw}]"
        if block.in_link_text:
            problems.append(
                f"{where}: citation inside the text of a link, {raw}; a link's text cannot hold a "
                "citation: close the link first and put [@key] after it")
            continue
        if block.in_heading:
            problems.append(
                f"{where}: citation in a heading, {raw}; a heading cannot carry a footnote: "
                "move [@key] into the first paragraph under it")
        for part in block.raw.split(";"):
            if not part.strip():
                problems.append(f"{where}: a stray ';' in {raw}; remove it")
            elif not re.search(r"@[\w-]+", part):
                problems.append(
                    f"{where}: '{part.strip()}' in {raw} has no @key, so mkdocs-bibtex would drop it; "
                    "write every source with its @, as [@key1; @key2]")
        for cite in block.citations:
            if cite.key not in known_keys:
                problems.append(
                    f"{where}: unknown citation key '{cite.key}' in {raw}{suggestion(cite.key, known_keys)}; "
                    f"add the entry to {BIB_FILE} or correct the key"
                )
            prefix, suffix = cite.prefix.strip(), cite.suffix.strip()
            if prefix or suffix:
                locator = ", ".join(part for part in (prefix, suffix) if part)
                problems.append(
                    f"{where}: pinpoint '{locator}' in {raw} would be dropped by mkdocs-bibtex; "
                    f"write the pinpoint in the sentence and cite [@{cite.key}] alone"
                )
    return problems


def source_body(page: Page, markdown: str) -> tuple[str, int]:
    """The page's own Markdown as written (figure tokens not yet expanded) and the
    number of front-matter lines above it, so that line numbers match the file."""
    if not page.file.abs_src_path:
        return markdown, 0
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
    body, _ = front_matter.get_data(source)
    return body, max(0, len(source.splitlines()) - len(body.splitlines()))


def uncited(keys, cited) -> list[str]:
    """Bibliography keys that no page cites, in file order."""
    cited = set(cited)
    return [key for key in keys if key not in cited]


# --------------------------------------------------------------------------
# MkDocs hooks (thin adapters)
# --------------------------------------------------------------------------

_state: dict = {"keys": [], "cited": {}}


@event_priority(100)  # before mkdocs-bibtex parses the file and crashes on a syntax error
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    path = Path(config.config_file_path).parent / BIB_FILE
    if not path.is_file():
        raise PluginError(f"{BIB_FILE} not found next to mkdocs.yml ({path}); create it")
    text = path.read_text(encoding="utf-8")
    try:
        data = validate_bibliography(text, BIB_FILE)
    except CitationError as exc:
        raise PluginError(f"Bibliography errors:\n{exc}") from exc
    load_notes(path.parent / CACHE_DIR / "notes", text, data)  # every note formatted once, or read back
    _state["keys"] = list(data.entries.keys())
    return config


def on_files(files, *, config: MkDocsConfig):
    # What each page cites is kept from build to build (a dirty build of
    # `mkdocs serve --dirty` renders only the saved pages); pages that no
    # longer exist are dropped, and a full build records every page anew.
    pages = {f.src_uri for f in files.documentation_pages()}
    _state["cited"] = {src: keys for src, keys in _state["cited"].items() if src in pages}
    return files


@event_priority(100)  # before mkdocs-bibtex rewrites the citations
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files) -> str:
    path = f"docs/{page.file.src_uri}"
    keys = set(_state["keys"])
    body, offset = source_body(page, markdown)
    problems = page_problems(body, path, keys, offset)
    # Citations the figure tables add (hooks/figures.py ran first) come from the CSV's sources.
    written = {c.key for c in find_citations(body)}
    problems += [f"{path}: unknown citation key '{key}' in a figure table, from the 'source' column of "
                 f"docs/data/figures.csv{suggestion(key, keys)}; correct the source or add the entry to {BIB_FILE}"
                 for key in sorted({c.key for c in find_citations(markdown)} - written - keys)]
    if problems:  # stop before mkdocs-bibtex turns them into warnings and silent drops
        raise PluginError("Citation errors:\n" + "\n".join(problems))
    _state["cited"][page.file.src_uri] = [c.key for c in find_citations(markdown)]
    return markdown


def on_pre_build(*, config: MkDocsConfig) -> None:
    # mkdocs-bibtex formats an entry anew for every citation on every page
    # (pybtex needs several ms each), and Python-Markdown would render it anew:
    # hand it a token instead, which on_page_content below replaces by the
    # note rendered once per build (hooks/bibliography.py).
    registry = config.plugins["bibtex"].registry
    registry.reference_text = lambda citation: note_token(citation.key)


@event_priority(100)  # before any hook reads the footnotes (hooks/footnotes.py, reading.py, book.py)
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files) -> str:
    try:
        return expand_notes(html, config.plugins["bibtex"].registry.bib_data.entries)
    except CitationError as exc:
        raise PluginError(f"docs/{page.file.src_uri}: {exc}") from exc


def on_post_build(*, config: MkDocsConfig) -> None:
    cited = {key for keys in _state["cited"].values() for key in keys}
    missing = uncited(_state["keys"], cited)
    if missing:
        raise PluginError(
            "Bibliography entries cited on no page (cite them or remove them from "
            f"{BIB_FILE}): " + ", ".join(missing)
        )
