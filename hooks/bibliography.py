"""The bibliography: parse, validate and format bibliography.bib.

A plain module (not a hook) shared by hooks/citations.py and
hooks/references.py, so that each entry is formatted once per build. The
citation style itself is in hooks/citestyle.py.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bibbraces import brace_problems
from cache import digest
import citestyle
from citestyle import field, month_number
from pybtex.database import BibliographyData, parse_string
from pybtex.scanner import PybtexSyntaxError

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
    "author", "title", "year", "month", "day", "url", "urldate", "keywords", "note", "annote",
    "institution", "number", "type", "journal", "volume", "pages", "doi",
    "publisher", "edition", "organization", "howpublished", "address", "editor",
    "booktitle", "shortauthor", "shorttitle",
    # the legal forms (hooks/citestyle.py)
    "court", "reporter", "docket", "citation", "jurisdiction", "code", "section", "treatyseries",
}
ENTRY_START = re.compile(r"^\s*@(\w+)\s*\{\s*([^,\s]*)\s*,", re.MULTILINE)


# The fields each kind needs (hooks/citestyle.py prints them), with the example each error message shows.
EXAMPLES = {
    "court": "court = {9th Cir.} (or {U.S.} for the Supreme Court, {EWCA Crim} for a foreign court)",
    "reported": "reporter = {F.3d}, volume = {469}, pages = {853}; or, for a slip opinion, "
                "docket = {No. 22-15103} with month and day; or, for a foreign case, citation = {[2002] EWCA Crim 683}",
    "jurisdiction": "jurisdiction = {US} (or {US-NJ}, {UK}, {CA}, {EU}, ...)",
    "code": "code = {18 U.S.C.} (or {Fed. R. Crim. P.}, {USSG}, {N.J. Stat. Ann.}, {Pub. L. No.})",
    "section": "section = {2252A} (or {11}, {2G2.2}, {2C:24-4}, {118-59})",
    "treaty": "treatyseries = {CETS No. 201} for a treaty; or, for foreign law, jurisdiction = {UK} "
              "with section = {1} (and code or citation where the law has one)",
}
NOTE_LIMIT = 100  # a public parenthetical, not a research note (those go in `annote`)


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
        line = text.count("\n", 0, m.start(1)) + 1  # m.start() may be on a blank line above
        heads.append(EntryHead(key=m.group(2), entry_type=m.group(1).lower(), line=line))
    return heads


def parse_bibliography(text: str, path: str = BIB_FILE) -> BibliographyData:
    """Parse BibTeX, turning pybtex's exceptions into a message with file and line."""
    try:
        return _parse(text)
    except PybtexSyntaxError as exc:
        raise CitationError(
            f"{path}:{exc.lineno}: malformed BibTeX ({exc.error_type}); "
            f"check the braces, commas and '=' of the entry at or above this line"
        ) from exc
    except Exception as exc:  # pybtex raises plain PybtexError for e.g. bad names
        raise CitationError(f"{path}: cannot parse the bibliography: {exc}") from exc


@lru_cache(maxsize=4)
def _parse(text: str) -> BibliographyData:
    """Cached by the text itself: the citation checks, the source policy, the
    figures, the downloads, the references page and the PDF all read the same
    file. Callers only read the result."""
    return parse_string(text, "bibtex")


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
    if kind in KINDS:  # the fields the citation style needs for this kind (hooks/citestyle.py)
        problems.extend(kind_problems(entry, where))
    url = fields.get("url", "").strip()
    if not url:
        if not cites_itself(entry):
            problems.append(
                f"{where}: missing field 'url'; link the original publisher or canonical "
                "legal host (only a case with its reporter or a code section may omit it)"
            )
    elif not re.match(r"https?://[^\s/]+\.[^\s/]+", url):
        problems.append(f"{where}: field 'url' is not an http(s) address: '{url}'")
    return problems


def kind_problems(entry, where: str) -> list[str]:
    """The fields this entry's kind needs and lacks; each message names the field and shows the fix."""
    k = citestyle.kind(entry)
    problems = []

    def need(name: str, example: str) -> None:
        problems.append(f"{where}: a {k} needs field '{name}'; add e.g. {example}")

    if k == "case":
        if not field(entry, "court"):
            need("court", EXAMPLES["court"])
        reported = all(field(entry, f) for f in ("reporter", "volume", "pages"))
        slip = field(entry, "docket") and month_number(entry) and field(entry, "day")
        if not (reported or slip or field(entry, "citation")):
            # Name the reporter-citation field that is missing, not one the entry already has.
            missing = [f for f in ("reporter", "volume", "pages") if not field(entry, f)]
            need(missing[0] if len(missing) < 3 else "reporter", EXAMPLES["reported"])
    elif k == "statute":
        if not field(entry, "jurisdiction"):
            need("jurisdiction", EXAMPLES["jurisdiction"])
        us = field(entry, "jurisdiction").upper().startswith("US")
        # A foreign Act is cited by its name and section ("Protection of Children Act 1978, s. 1"),
        # so only a U.S. statute must name its code.
        if us and not field(entry, "code"):
            need("code", EXAMPLES["code"])
        if not field(entry, "section") and entry.type.lower() != "book":  # a whole code (@book) has none
            need("section", EXAMPLES["section"])
    elif k == "treaty":
        foreign = field(entry, "jurisdiction") and any(field(entry, f) for f in ("code", "section", "citation"))
        if not field(entry, "treatyseries") and not foreign:
            need("treatyseries", EXAMPLES["treaty"])
    note = field(entry, "note")
    if len(note) > NOTE_LIMIT:
        problems.append(f"{where}: field 'note' is printed in every citation and is {len(note)} characters long; "
                        f"move research notes to 'annote' (never printed) and keep 'note' to a short public "
                        f"remark of at most {NOTE_LIMIT} characters, e.g. note = {{conviction affirmed, sentence vacated}}")
    day = field(entry, "day")
    if day and not (day.isdigit() and 1 <= int(day) <= 31 and month_number(entry)):
        problems.append(f"{where}: field 'day' must be a day of the month (1-31) with a 'month'; found '{day}'")
    if field(entry, "month") and not month_number(entry):
        problems.append(f"{where}: field 'month' is not a month: '{field(entry, 'month')}'; write e.g. month = aug")
    return problems


def cites_itself(entry) -> bool:
    """A case or code section carries its legal citation, so it may go without a URL."""
    k = citestyle.kind(entry)
    if k == "case":
        return bool(field(entry, "reporter") or field(entry, "citation"))
    return k == "statute" and bool(field(entry, "code") and field(entry, "section"))


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
    problems += brace_problems(text, path)  # before pybtex, which reports brace faults elsewhere
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
_rendered: dict[str, str] = {}


def clear_cache() -> None:
    """Forget formatted entries (each build re-reads the bibliography)."""
    _formatted.clear()
    _rendered.clear()


def format_markdown(key: str, entry) -> str:
    """An entry as mkdocs-bibtex renders its footnote (hooks/citestyle.py, Markdown), cached by key."""
    if key not in _formatted:
        _formatted[key] = citestyle.format_entry(entry)
    return _formatted[key]


# --------------------------------------------------------------------------
# Each note rendered once per build
# --------------------------------------------------------------------------
# A source cited on 20 pages would otherwise be formatted as Markdown and
# rendered by Python-Markdown 20 times (735 notes and the references list per
# build, ~1 s). The pages carry an inert token where a note's text goes
# (`note_token`); after Python-Markdown has rendered the page,
# `expand_notes` puts in each note's HTML, rendered once (`format_html`).

NOTE_TOKEN = re.compile(r"CLENOTE([a-z0-9]+)ENDNOTE")


def note_token(key: str) -> str:
    """Letters and digits only: Markdown leaves it as it is, wherever it stands."""
    return f"CLENOTE{key}ENDNOTE"


_markdown: list = []  # one converter, made on first use (a new one per note costs ~1 ms)


def inline_html(text: str) -> str:
    """One paragraph of Markdown (links, emphasis, escapes) as HTML, without the <p>."""
    if not _markdown:
        import markdown

        _markdown.append(markdown.Markdown(extensions=["attr_list"]))
    rendered = _markdown[0].reset().convert(text)
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        return rendered[3:-4]
    return rendered


def format_html(key: str, entry) -> str:
    """An entry's note as HTML, rendered once per build."""
    if key not in _rendered:
        _rendered[key] = inline_html(format_markdown(key, entry))
    return _rendered[key]


def notes_key(text: str) -> str:
    """A hash of every input of the notes: the file, the code that formats them, the libraries."""
    return digest(text, code=(Path(citestyle.__file__), Path(__file__)),
                  libraries=("pybtex", "latexcodec", "Markdown"))


def load_notes(cache_dir: Path, text: str, data: BibliographyData) -> bool:
    """Fill this build's notes from .cache/notes/, or format them all and keep them there.

    True when the cache served them. The file is named by `notes_key`, so an
    edit of any entry, of the citation style or of a library formats anew; the
    file of an older bibliography is removed when a new one is written."""
    path = cache_dir / f"{notes_key(text)}.json"
    try:
        table = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        table = None
    if isinstance(table, dict) and table.keys() == data.entries.keys():
        for key, (markdown_text, html_text) in table.items():
            _formatted[key], _rendered[key] = markdown_text, html_text
        return True
    table = {key: [format_markdown(key, entry), format_html(key, entry)] for key, entry in data.entries.items()}
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    partial.replace(path)  # whole or not at all: a build stopped half-way leaves no half file
    for old in cache_dir.glob("*.json"):
        if old != path:
            old.unlink(missing_ok=True)
    return False


def expand_notes(html: str, entries) -> str:
    """Every note token in rendered HTML replaced by its note (an unknown key is an error)."""
    def note(m):
        if m.group(1) not in entries:
            raise CitationError(f"no bibliography entry '{m.group(1)}' for a note on this page")
        return format_html(m.group(1), entries[m.group(1)])
    return NOTE_TOKEN.sub(note, html)
