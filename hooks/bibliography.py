"""The bibliography: parse, validate and format bibliography.bib.

A plain module (not a hook) shared by hooks/citations.py and
hooks/references.py, so that each entry is formatted once per build: pybtex
takes several milliseconds per entry.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pybtex.backends.markdown import Backend as MarkdownBackend
from pybtex.database import BibliographyData, parse_string
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
    # schema of 2026-12-01 (HELPERS.md): private research notes and kind-specific fields
    "annote", "jurisdiction", "code", "section", "court", "reporter", "docket", "day",
    "citation", "treatyseries",
}
# A legal citation in a title lets a statute or case omit its URL:
# "513 U.S. 64", "305 F.3d 1193", "18 U.S.C. § 2252", "[2000] EWHC Admin 302", "USSG § 2G2.2".
LEGAL_CITATION = re.compile(r"\b\d+ [A-Z][A-Za-z0-9.]*(?: [A-Z][A-Za-z0-9.]*)? (?:§ ?)?\d|\[\d{4}\] [A-Z]|§ ?\d")
ENTRY_START = re.compile(r"^\s*@(\w+)\s*\{\s*([^,\s]*)\s*,", re.MULTILINE)


@functools.lru_cache(maxsize=1)
def plain_style() -> PlainStyle:
    """One shared instance: pybtex looks up its plugins on every construction, which is slow."""
    return PlainStyle()


class CitationError(Exception):
    """A fault in the bibliography or in a page's citations."""


@dataclass(frozen=True)
class EntryHead:
    key: str
    entry_type: str
    line: int


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
            format_markdown(key, entry)
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
    clear_cache()  # a new file: formatted entries from an earlier one no longer apply
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


_formatted: dict[str, str] = {}


def clear_cache() -> None:
    """Forget formatted entries (each build re-reads the bibliography)."""
    _formatted.clear()


def format_markdown(key: str, entry) -> str:
    """An entry as mkdocs-bibtex renders its footnote (pybtex plain style, Markdown), cached by key."""
    if key not in _formatted:
        text = plain_style().format_entry("", entry).text.render(MarkdownBackend())
        text = text.replace("\n", " ")
        _formatted[key] = text.replace("\\(", "(").replace("\\)", ")").replace("\\.", ".")
    return _formatted[key]
