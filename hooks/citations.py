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

import re
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs_bibtex.citation import CitationBlock
from pybtex.database import BibliographyData, parse_string
from pybtex.richtext import Text  # noqa: F401  (pybtex needs it loaded before styles)
from pybtex.scanner import PybtexSyntaxError
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.template import FieldIsMissing

BIB_FILE = "bibliography.bib"

KEY_PATTERN = re.compile(r"^[a-z]+[0-9]{4}[a-z0-9]+$")
ENTRY_TYPES = {"article", "book", "misc", "techreport"}
# The kinds a source can be; the references page groups entries by them.
KINDS = {
    "statute": "Statutes, rules and guidelines",
    "case": "Court decisions",
    "treaty": "Treaties and foreign law",
    "government": "Government reports and data",
    "research": "Research",
    "news": "News",
    "advocacy": "Advocacy and commentary",
}
ALLOWED_FIELDS = {
    "author", "title", "year", "month", "url", "urldate", "keywords", "note",
    "institution", "number", "type", "journal", "volume", "pages", "doi",
    "publisher", "edition", "organization", "howpublished", "address", "editor",
    "booktitle",
}
# A legal citation in a title lets a statute or case omit its URL:
# "513 U.S. 64", "305 F.3d 1193", "18 U.S.C. § 2252", "[2000] EWHC Admin 302".
LEGAL_CITATION = re.compile(r"\b\d+ [A-Z][A-Za-z0-9.]*(?: [A-Z][A-Za-z0-9.]*)? (?:§ ?)?\d|\[\d{4}\] [A-Z]")
ENTRY_START = re.compile(r"^\s*@(\w+)\s*\{\s*([^,\s]*)\s*,", re.MULTILINE)
FENCE = re.compile(r"^\s*(```|~~~)")


class CitationError(Exception):
    """A fault in the bibliography or in a page's citations."""


@dataclass(frozen=True)
class EntryHead:
    key: str
    entry_type: str
    line: int


@dataclass(frozen=True)
class Cite:
    line: int
    key: str
    prefix: str
    suffix: str
    raw: str


# --------------------------------------------------------------------------
# The bibliography
# --------------------------------------------------------------------------

def scan_entries(text: str) -> list[EntryHead]:
    """Every ``@type{key,`` in the raw file, with its line number."""
    heads = []
    for m in ENTRY_START.finditer(text):
        if m.group(1).lower() in {"comment", "preamble", "string"}:
            continue
        line = text.count("\n", 0, m.start()) + 1
        heads.append(EntryHead(key=m.group(2), entry_type=m.group(1).lower(), line=line))
    return heads


def parse_bibliography(text: str, path: str = BIB_FILE) -> BibliographyData:
    """Parse BibTeX, turning pybtex's exceptions into a message with file and line."""
    try:
        return parse_string(text, "bibtex")
    except PybtexSyntaxError as exc:
        raise CitationError(
            f"{path}:{exc.lineno}: malformed BibTeX ({exc.error_type}); "
            f"check the braces, commas and '=' of the entry at or above this line"
        ) from exc
    except Exception as exc:  # pybtex raises plain PybtexError for e.g. bad names
        raise CitationError(f"{path}: cannot parse the bibliography: {exc}") from exc


def entry_problems(key: str, entry, line: int, path: str = BIB_FILE) -> list[str]:
    """What is wrong with one parsed entry (empty when it is fine)."""
    where = f"{path}:{line}: entry '{key}'"
    problems = []
    fields = {name.lower(): value for name, value in entry.fields.items()}
    persons = {role.lower(): people for role, people in entry.persons.items()}
    if not KEY_PATTERN.match(key):
        problems.append(
            f"{where}: key does not match lowercase authoryearword "
            f"(pattern {KEY_PATTERN.pattern}, e.g. 'scotus1994xcitement'); rename it"
        )
    if entry.type.lower() not in ENTRY_TYPES:
        problems.append(
            f"{where}: entry type '@{entry.type}' is not used here; "
            f"use one of {', '.join('@' + t for t in sorted(ENTRY_TYPES))}"
        )
    for name in sorted(set(fields) - ALLOWED_FIELDS):
        problems.append(f"{where}: field '{name}' is not allowed (tool clutter?); remove it")
    if not fields.get("title", "").strip():
        problems.append(f"{where}: missing field 'title'; add the document's title")
    if "author" not in persons:
        problems.append(
            f"{where}: missing field 'author'; "
            "name the author or, in double braces, the publishing institution"
        )
    if not re.fullmatch(r"\d{4}", fields.get("year", "").strip()):
        problems.append(f"{where}: missing or malformed field 'year'; add a four-digit year")
    kind = fields.get("keywords", "").strip()
    if kind not in KINDS:
        problems.append(
            f"{where}: field 'keywords' must name the source's kind, one of "
            f"{', '.join(sorted(KINDS))} (found '{kind}')"
        )
    if not problems:
        try:  # the footnote style must be able to format it (e.g. @techreport needs institution)
            PlainStyle().format_entry("", entry)
        except FieldIsMissing as exc:
            problems.append(f"{where}: missing field '{exc.field_name}', required for @{entry.type} entries")
    url = fields.get("url", "").strip()
    if not url:
        legal = kind in {"statute", "case"} and LEGAL_CITATION.search(fields.get("title", ""))
        if not legal:
            problems.append(
                f"{where}: missing field 'url'; link the original publisher or canonical "
                "legal host (only a statute or case with its legal citation in the title may omit it)"
            )
    elif not re.match(r"https?://[^\s/]+\.[^\s/]+", url):
        problems.append(f"{where}: field 'url' is not an http(s) address: '{url}'")
    return problems


def validate_bibliography(text: str, path: str = BIB_FILE) -> BibliographyData:
    """Check the whole file; raise CitationError listing every problem found."""
    heads = scan_entries(text)
    problems = []
    seen: dict[str, int] = {}
    for head in heads:
        if head.key in seen:
            problems.append(
                f"{path}:{head.line}: duplicate key '{head.key}' (first at line {seen[head.key]}); "
                "keys are permanent: merge the entries or rename the new one"
            )
        seen.setdefault(head.key, head.line)
    if problems:
        raise CitationError("\n".join(problems))
    data = parse_bibliography(text, path)
    lines = {head.key: head.line for head in heads}
    for key, entry in data.entries.items():
        problems.extend(entry_problems(key, entry, lines.get(key, 0), path))
    keys = [head.key for head in heads]
    for before, after in zip(keys, keys[1:]):
        if after < before:
            problems.append(
                f"{path}:{lines[after]}: entry '{after}' is out of order (it sorts before "
                f"'{before}'); keep the file sorted by key"
            )
            break
    if problems:
        raise CitationError("\n".join(problems))
    return data


# --------------------------------------------------------------------------
# Citations on a page
# --------------------------------------------------------------------------

def find_citations(markdown: str) -> list[Cite]:
    """Every citation mkdocs-bibtex will see, with its line number.

    Uses the plugin's own parser, line by line, outside fenced code.
    """
    cites = []
    in_fence = False
    for number, line in enumerate(markdown.splitlines(), 1):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        for block in CitationBlock.from_markdown(re.sub(r"`[^`]*`", "", line)):
            for c in block.citations:
                cites.append(Cite(number, c.key, c.prefix.strip(), c.suffix.strip(), str(block)))
    return cites


def page_problems(markdown: str, page_path: str, known_keys, offset: int = 0) -> list[str]:
    """Unknown keys and pinpoints that mkdocs-bibtex would silently drop.

    `offset` is the number of front-matter lines MkDocs removed, so that the
    line numbers refer to the file on disk.
    """
    problems = []
    for cite in find_citations(markdown):
        where = f"{page_path}:{cite.line + offset}"
        if cite.key not in known_keys:
            problems.append(
                f"{where}: unknown citation key '{cite.key}' in {cite.raw}; "
                f"add the entry to {BIB_FILE} or correct the key"
            )
        if cite.prefix or cite.suffix:
            locator = ", ".join(part for part in (cite.prefix, cite.suffix) if part)
            problems.append(
                f"{where}: pinpoint '{locator}' in {cite.raw} would be dropped by mkdocs-bibtex; "
                f"write the pinpoint in the sentence and cite [@{cite.key}] alone"
            )
    return problems


def front_matter_lines(page: Page, markdown: str) -> int:
    """How many lines of the source file precede the Markdown MkDocs hands us."""
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig") if page.file.abs_src_path else markdown
    return max(0, len(source.splitlines()) - len(markdown.splitlines()))


def uncited(keys, cited) -> list[str]:
    """Bibliography keys that no page cites, in file order."""
    cited = set(cited)
    return [key for key in keys if key not in cited]


# --------------------------------------------------------------------------
# MkDocs hooks (thin adapters)
# --------------------------------------------------------------------------

_state: dict = {"keys": [], "cited": {}, "problems": []}


@event_priority(100)  # before mkdocs-bibtex parses the file and crashes on a syntax error
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    path = Path(config.config_file_path).parent / BIB_FILE
    if not path.is_file():
        raise PluginError(f"{BIB_FILE} not found next to mkdocs.yml ({path}); create it")
    try:
        data = validate_bibliography(path.read_text(encoding="utf-8"), BIB_FILE)
    except CitationError as exc:
        raise PluginError(f"Bibliography errors:\n{exc}") from exc
    _state["keys"] = list(data.entries.keys())
    _state["cited"] = {}
    _state["problems"] = []
    return config


@event_priority(100)  # before mkdocs-bibtex rewrites the citations
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files) -> str:
    path = f"docs/{page.file.src_uri}"
    _state["problems"] += page_problems(markdown, path, set(_state["keys"]), front_matter_lines(page, markdown))
    _state["cited"][page.file.src_uri] = [c.key for c in find_citations(markdown)]
    return markdown


def on_env(env, *, config: MkDocsConfig, files):
    """Every page has been read: report all citation faults at once."""
    if _state["problems"]:
        raise PluginError("Citation errors:\n" + "\n".join(_state["problems"]))
    return env


def on_post_build(*, config: MkDocsConfig) -> None:
    cited = {key for keys in _state["cited"].values() for key in keys}
    missing = uncited(_state["keys"], cited)
    if missing:
        raise PluginError(
            "Bibliography entries cited on no page (cite them or remove them from "
            f"{BIB_FILE}): " + ", ".join(missing)
        )
