"""The citation style: each source in the form lawyers and journalists expect.

A plain module (not a hook), used by hooks/bibliography.py (footnotes and
validation), hooks/references.py (the references page) and hooks/book.py
(short forms in the PDF). It formats entries that pybtex has parsed; the
source's kind (`keywords`) and its fields choose the form:

- case: *United States v. Kuchinski*, 469 F.3d 853 (9th Cir. 2006).
  The court is left out where the reporter names it ("513 U.S. 64 (1994)");
  a slip opinion gives docket and full date ("No. 22-15103 (9th Cir. Aug. 1,
  2025)"); a foreign case its neutral citation ("[2002] EWCA Crim 683").
- statute, rule, guideline: 18 U.S.C. § 2252A; Fed. R. Crim. P. 11;
  USSG § 2G2.2; N.J. Stat. Ann. § 2C:24-4; a named Act or bill leads with its
  name (REPORT Act, Pub. L. No. 118-59, 138 Stat. 1014 (2024)); foreign law in
  its own form (Protection of Children Act 1978, s. 1; Criminal Code,
  R.S.C. 1985, c. C-46, s. 163.1).
- treaty: Council of Europe Convention on ..., CETS No. 201 (2007).
- report, article, news, web page: author or institution, *title*, journal
  or publisher, date; "visited" only for pages that can change (advocacy
  pages and undated pages).

The title (or, for a code section, the citation) is the link. Every field is
escaped for the output it goes to (Markdown for mkdocs-bibtex, HTML for the
PDF's short forms); `note` is a short public parenthetical and `annote`
(research notes) is never printed.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from pybtex.backends.plaintext import Backend as PlainText
from pybtex.richtext import Text

MONTHS = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
MONTH_NAMES = {name: i for i, name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}
MONTH_NAMES.update({name[:3]: i for name, i in list(MONTH_NAMES.items())})

# A code whose sections are cited without "§": rules, Public Laws, bills, jury instructions, the Record.
NO_SECTION_SIGN = re.compile(
    r"(?:\bR\. .*\bP\.|\bR\. Evid\.|Pub\. L\.(?: No\.)?|^(?:S|H\.R|S\.B|H\.B|A\.B)\.|Instr\.|Rec\.)$")
# A code that is a session law or a bill: the Act's name (the title) leads.
NAMED_CODE = re.compile(r"^(?:Pub\. L\.|S\.$|H\.R\.$)")
# Parties that are the government: the short form of a case names the other party.
GOVERNMENT_PARTIES = {
    "united states", "state", "people", "commonwealth", "the queen", "r", "regina", "rex", "her majesty the queen",
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware", "florida",
    "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine",
    "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska",
    "nevada", "new hampshire", "new jersey", "new mexico", "new york", "north carolina", "north dakota", "ohio",
    "oklahoma", "oregon", "pennsylvania", "rhode island", "south carolina", "south dakota", "tennessee", "texas",
    "utah", "vermont", "virginia", "washington", "west virginia", "wisconsin", "wyoming",
}
DOCUMENT_KINDS = {"government", "research", "news", "advocacy"}

# --------------------------------------------------------------------------
# Fields as plain text
# --------------------------------------------------------------------------

@lru_cache(maxsize=4096)
def plain(value: str) -> str:
    """A BibTeX field as plain text: braces dropped, LaTeX (\\&, --, ``'') decoded.

    Rendered with one plain-text backend: `render_as("text")` looks the backend
    up through the package entry points on every call (~10 ms each, seconds
    per build); the cache holds strings only, so it can never go stale.
    """
    return " ".join(Text.from_latex(value or "").render(PlainText()).split())


RAW_FIELDS = {"url", "urldate", "doi"}  # addresses: "%" is not a LaTeX comment there


def field(entry, name: str) -> str:
    for key, value in entry.fields.items():
        if key.lower() == name:
            return value.strip() if name in RAW_FIELDS else plain(value)
    return ""


def kind(entry) -> str:
    return field(entry, "keywords")


def person_name(person) -> str:
    parts = person.first_names + person.middle_names + person.prelast_names + person.last_names + person.lineage_names
    return plain(" ".join(parts))


def person_surname(person) -> str:
    if not person.first_names and not person.middle_names:  # an institution
        return person_name(person)
    return plain(" ".join(person.prelast_names + person.last_names))


def authors(entry, short: bool = False) -> str:
    people = list(entry.persons.get("author", []))
    if short and field(entry, "shortauthor"):
        return field(entry, "shortauthor")
    others = any(person_name(p).lower() == "others" for p in people)
    people = [p for p in people if person_name(p).lower() != "others"]
    names = [person_surname(p) if short else person_name(p) for p in people]
    if not names:
        return ""
    if len(names) > 2 or others:
        return f"{names[0]} et al."
    return " and ".join(names)


def month_number(entry) -> int:
    value = field(entry, "month").strip().lower().rstrip(".")
    if value.isdigit():
        return int(value) if 1 <= int(value) <= 12 else 0
    return MONTH_NAMES.get(value, MONTH_NAMES.get(value[:3], 0)) if value else 0


def date_text(entry) -> str:
    """'Aug. 1, 2025', 'Dec. 2007' or '2014'."""
    year, month, day = field(entry, "year"), month_number(entry), field(entry, "day")
    if not month:
        return year
    if day:
        return f"{MONTHS[month - 1]} {int(day)}, {year}"
    return f"{MONTHS[month - 1]} {year}"


def visited_text(entry) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", field(entry, "urldate"))
    if not m or not 1 <= int(m[2]) <= 12:
        return ""
    return f"{MONTHS[int(m[2]) - 1]} {int(m[3])}, {m[1]}"


def shows_visited(entry) -> bool:
    """Advocacy web pages, and undated pages of any other document kind, can change: say when they were seen."""
    if entry.type.lower() != "misc":  # reports, articles and books are fixed once published
        return False
    return kind(entry) == "advocacy" or (kind(entry) in DOCUMENT_KINDS and not month_number(entry))


# --------------------------------------------------------------------------
# Output: Markdown (footnotes, references page) or HTML (PDF short forms)
# --------------------------------------------------------------------------

class Markdown:
    """Escaped Markdown: HTML-escaped, with Markdown's special characters backslashed."""

    @staticmethod
    def text(s: str) -> str:
        return re.sub(r"([\\`*_\[\]{}#])", r"\\\1", html.escape(s, quote=False))

    @classmethod
    def em(cls, s: str) -> str:
        return f"*{cls.text(s)}*" if s else ""

    @staticmethod
    def link(inner: str, url: str) -> str:
        url = safe_url(url)
        return f"[{inner}](<{url}>)" if url else inner


class Html:
    @staticmethod
    def text(s: str) -> str:
        return html.escape(s, quote=False)

    @classmethod
    def em(cls, s: str) -> str:
        return f"<em>{cls.text(s)}</em>" if s else ""

    @staticmethod
    def link(inner: str, url: str) -> str:
        url = safe_url(url)
        return f'<a href="{html.escape(url)}">{inner}</a>' if url else inner


def safe_url(url: str) -> str:
    """An http(s) address with the characters that could end a Markdown link or an attribute encoded."""
    url = url.strip()
    if not re.match(r"https?://", url):
        return ""
    return re.sub(r"[\s<>()\"'\\`]", lambda m: "%{:02X}".format(ord(m.group())), url)


def join(*parts: str, sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


def parenthetical(out, s: str) -> str:
    return f" ({out.text(s)})" if s else ""


# --------------------------------------------------------------------------
# The forms
# --------------------------------------------------------------------------

def is_case(entry) -> bool:
    return kind(entry) == "case"


def statute_parts(entry) -> tuple[str, str, bool]:
    """(designation, name, named?) of a statute, rule, guideline or foreign law; a named one leads with its name."""
    code, section = field(entry, "code"), field(entry, "section")
    if code == "Pub. L.":  # the Bluebook writes "Pub. L. No. 118-59"
        code = "Pub. L. No."
    us = field(entry, "jurisdiction").upper().startswith("US")
    if section:
        if not us:
            sep = ", " if section[:1].isalpha() else ", s. "
            designation = (code + sep + section) if code else (section if section[:1].isalpha() else "s. " + section)
        else:
            designation = code + (" " if NO_SECTION_SIGN.search(code) else " § ") + section
    else:
        designation = code
    named = not us or not section or bool(NAMED_CODE.match(code))
    title = field(entry, "title")
    if named and code and (title.startswith(code) or code.startswith(title)):
        # "Model Penal Code: ..." with code "Model Penal Code": say it once.
        designation = designation[len(code):].lstrip(", ") if designation.startswith(code) else designation
        if code.startswith(title) and title != code:
            title = code
    return designation, title, named


def statute_date(entry, named: bool) -> str:
    """The year parenthetical: always for Acts and bills; for a code section only for an edition not current."""
    if not field(entry, "jurisdiction").upper().startswith("US"):
        return ""
    year = field(entry, "year")
    publisher = field(entry, "publisher")
    if named:
        return join(publisher, year, sep=" ")
    current = field(entry, "urldate")[:4] == year
    return "" if current else join(publisher, date_text(entry), sep=" ")


def format_case(entry, out) -> str:
    name = out.link(out.em(field(entry, "title")), field(entry, "url"))
    court, year = field(entry, "court"), field(entry, "year")
    reporter, volume, pages = field(entry, "reporter"), field(entry, "volume"), field(entry, "pages")
    if field(entry, "citation"):  # a neutral citation: "[2002] EWCA Crim 683" follows the name directly,
        cite = field(entry, "citation")  # other forms after a comma ("..., 2025 SCC 33")
        text = f"{name}{' ' if cite.startswith('[') else ', '}{out.text(cite)}"
    elif reporter:
        shown = "" if court == "U.S." or reporter.startswith(court) else court
        first_page = re.split(r"[-\u2013]", pages)[0]
        text = f"{name}, {out.text(join(volume, reporter, first_page, sep=' '))} ({out.text(join(shown, year, sep=' '))})"
    else:
        text = f"{name}, {out.text(field(entry, 'docket'))} ({out.text(join(court, date_text(entry), sep=' '))})"
    return text + parenthetical(out, field(entry, "note")) + "."


def format_statute(entry, out) -> str:
    designation, title, named = statute_parts(entry)
    url = field(entry, "url")
    if named:
        lead = out.link(out.text(title), url)
        text = join(lead, out.text(designation), out.text(field(entry, "citation")))
    else:
        text = join(out.link(out.text(designation), url), out.text(field(entry, "citation")))
    text += parenthetical(out, statute_date(entry, named))
    return text + parenthetical(out, field(entry, "note")) + "."


def format_treaty(entry, out) -> str:
    if not field(entry, "treatyseries"):  # foreign law, in the treaty kind's group
        return format_statute(entry, out)
    lead = out.link(out.text(field(entry, "title")), field(entry, "url"))
    text = join(lead, out.text(field(entry, "treatyseries")))
    text += parenthetical(out, join(field(entry, "publisher"), field(entry, "year"), sep=" "))
    return text + parenthetical(out, field(entry, "note")) + "."


def format_document(entry, out) -> str:
    author = authors(entry)
    if author and author in (field(entry, "journal"), field(entry, "publisher")):
        author = ""  # an unsigned article: the paper's name follows the title, once
    title = out.link(out.em(field(entry, "title")), field(entry, "url"))
    journal = field(entry, "journal")
    volume, pages = field(entry, "volume"), field(entry, "pages")
    if journal:
        first_page = re.split(r"[-\u2013]", pages)[0] if pages else ""
        source = join(volume, journal, first_page, sep=" ")
    else:
        source = ""
    number = field(entry, "number")
    report = join(field(entry, "type"), number if (field(entry, "type") or not number.isdigit()) else f"No. {number}",
                  sep=" ") if not journal else ""
    publisher = ""
    for name in ("institution", "publisher", "organization"):
        value = field(entry, name)
        if value and value != author and value != journal:
            publisher = value
            break
    date = date_text(entry)
    visited = visited_text(entry) if shows_visited(entry) else ""
    if visited and not month_number(entry) and field(entry, "year") == field(entry, "urldate")[:4]:
        date = ""  # an undated page: the year given is the year it was read, which "visited" already says
    text = join(out.text(author), title, out.text(report), out.text(source), out.text(publisher))
    text += parenthetical(out, date) + parenthetical(out, field(entry, "note"))
    if visited:
        text += parenthetical(out, f"visited {visited}")
    return text + "."


def format_entry(entry, out=Markdown) -> str:
    """The full citation of one entry (footnotes and the references page)."""
    k = kind(entry)
    if k == "case":
        return format_case(entry, out)
    if k == "statute":
        return format_statute(entry, out)
    if k == "treaty":
        return format_treaty(entry, out)
    return format_document(entry, out)


def case_short_name(title: str) -> str:
    """'United States v. Kuchinski' -> 'Kuchinski'; 'Global-Tech Appliances, Inc. v. SEB S.A.' -> 'Global-Tech Appliances'."""
    first = title.split(";")[0]
    parties = re.split(r"\s+v\.?\s+", first, maxsplit=1)
    name = parties[0]
    if len(parties) == 2 and parties[0].strip().lower() in GOVERNMENT_PARTIES:
        name = parties[1]
    return re.sub(r",? (?:Inc|Corp|Co|Ltd|LLC|S\.A)\.?$", "", name.strip())


def refers_back(entry) -> bool:
    """Whether a repeat names its first note: yes for reports, articles and pages (as "supra" would),
    no for a case, statute or treaty, whose short citation is complete in itself."""
    return kind(entry) in DOCUMENT_KINDS


def short_form(entry, out=Html) -> str:
    """The form a repeated citation takes in the PDF: enough to identify the source without turning the page."""
    k = kind(entry)
    if k == "case":
        name = out.em(field(entry, "shorttitle") or case_short_name(field(entry, "title")))
        if field(entry, "citation"):
            return f"{name} {out.text(field(entry, 'citation').split(',')[0])}."
        if field(entry, "reporter"):
            pages = re.split(r"[-\u2013]", field(entry, "pages"))[0]
            return f"{name}, {out.text(join(field(entry, 'volume'), field(entry, 'reporter'), pages, sep=' '))}."
        return f"{name}, {out.text(field(entry, 'docket'))}."
    if k == "statute" or (k == "treaty" and not field(entry, "treatyseries")):
        designation, title, named = statute_parts(entry)
        if named:
            return out.text(join(field(entry, "shorttitle") or title, designation)) + "."
        return out.text(designation) + "."
    if k == "treaty":
        return out.text(join(field(entry, "shorttitle") or field(entry, "title"), field(entry, "treatyseries"))) + "."
    title = field(entry, "shorttitle") or field(entry, "title")
    return f"{out.text(authors(entry, short=True))}, {out.em(title)} ({out.text(field(entry, 'year'))})."


# --------------------------------------------------------------------------
# Sorting
# --------------------------------------------------------------------------

def natural(s: str) -> list:
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", s)]


def sort_key(key: str, entry, printed: str | None = None) -> tuple:
    """Cases by name, statutes by code and section, everything else by its citation as
    printed (`printed`: the entry's format_entry text, when the caller has it already)."""
    k = kind(entry)
    if k == "case":
        return (natural(field(entry, "title")), key)
    if k == "statute":
        return (natural(field(entry, "code")), natural(field(entry, "section")), key)
    return (natural(re.sub(r"[*_\[\]\\]", "", printed or format_entry(entry))), key)
