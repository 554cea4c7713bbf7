"""The review routine: which pages are oldest, and which statements go stale.

Run with `make review`. It reads the Markdown under docs/ (nothing else, and
never the network) and prints:

1. every page with a `reviewed:` date, oldest review first: path, reviewed,
   law_as_of and the days since review;
2. every time-sensitive statement, found by its marker, an HTML comment at the
   end of its paragraph or list item: `<!-- as-of: 2026-12-01 -->`. Each is
   listed with file, line, date and the text of the paragraph or item;
3. change-note warnings (reported, never a failure): a page whose `reviewed:`
   date is newer than its newest `updates:` note, and a page whose content
   changed in git after its newest note (local `git log`; uncommitted changes
   count as changed today).

Malformed input (front matter that is not YAML, a date that is not
YYYY-MM-DD, an `updates:` entry without a date or note, an as-of marker with
a bad date) stops the run with a message naming the file, the line or key and
the fix, and exit status 1.

The functions below are pure (text in, records out) so tests/test_review.py
calls them directly; only `git_last_change` and `main` touch the disk.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[1]
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MARKER = re.compile(r"<!--\s*as-of:\s*(?P<date>.*?)\s*-->")
MARKER_LIKE = re.compile(r"<!--\s*as[-_ ]?of\b", re.IGNORECASE)
CITATION = re.compile(r"\s*\[@[^\]]*\]")
INLINE_CODE = re.compile(r"`[^`]*`")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class ReviewError(ValueError):
    """Bad input: the message names the file, the line or key, and the fix."""


@dataclass(frozen=True)
class Marker:
    path: str
    line: int
    date: dt.date
    text: str


@dataclass
class Page:
    path: str
    reviewed: dt.date | None
    law_as_of: dt.date | None
    updates: list[tuple[dt.date, str]] = field(default_factory=list)

    @property
    def newest_update(self) -> dt.date | None:
        return max((d for d, _ in self.updates), default=None)


def parse_date(value: object, where: str, key: str) -> dt.date:
    """A YYYY-MM-DD date from YAML (already a date) or a string; else a clear error."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not ISO_DATE.match(text):
        raise ReviewError(f"{where}: '{key}' must be a date written YYYY-MM-DD (found {text!r})")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ReviewError(f"{where}: '{key}' is not a real calendar date (found {text!r})") from None


def front_matter(text: str, path: str) -> tuple[dict, int]:
    """The YAML front matter of a page and the line its body starts on (1-based)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, 1
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        raise ReviewError(f"{path}: line 1: front matter opened with '---' is never closed; "
                          "add a closing '---' line")
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        raise ReviewError(f"{path}: front matter is not valid YAML ({exc}); fix the syntax") from None
    if not isinstance(meta, dict):
        raise ReviewError(f"{path}: front matter must be 'key: value' lines")
    return meta, end + 2


def page_from_meta(meta: dict, path: str) -> Page:
    """Check and collect the review fields of one page's front matter."""
    reviewed = parse_date(meta["reviewed"], path, "reviewed") if "reviewed" in meta else None
    law = parse_date(meta["law_as_of"], path, "law_as_of") if "law_as_of" in meta else None
    raw = meta.get("updates") or []
    if not isinstance(raw, list):
        raise ReviewError(f"{path}: 'updates' must be a list of '- date: YYYY-MM-DD' / 'note: ...' items")
    updates = []
    for i, item in enumerate(raw, 1):
        key = f"updates[{i}]"
        if not isinstance(item, dict) or "date" not in item or not str(item.get("note") or "").strip():
            raise ReviewError(f"{path}: '{key}' needs both a 'date' (YYYY-MM-DD) and a non-empty 'note'")
        updates.append((parse_date(item["date"], path, f"{key}.date"), str(item["note"]).strip()))
    return Page(path=path, reviewed=reviewed, law_as_of=law, updates=updates)


def clean(text: str) -> str:
    """Statement text for a terminal: no citations, no markup noise, no control characters."""
    text = MARKER.sub("", text)
    text = CITATION.sub("", text)
    text = CONTROL.sub("", text)
    text = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", text)   # list bullet
    text = re.sub(r"[*_`]", "", text)                    # emphasis and code marks
    return re.sub(r"\s+", " ", text).strip()


def _block_start(lines: list[str], i: int, floor: int) -> int:
    """First line of the paragraph or list item that contains line i."""
    j = i
    while j > floor:
        cur, prev = lines[j], lines[j - 1]
        if re.match(r"^\s*(?:[-*+]|\d+\.)\s+", cur):        # this line starts a list item
            break
        if not prev.strip() or prev.lstrip().startswith(("#", "!!!", "|")):
            break
        j -= 1
    return j


def find_markers(text: str, path: str) -> list[Marker]:
    """Every `<!-- as-of: YYYY-MM-DD -->` in a page, with the text it dates."""
    lines = text.split("\n")
    _, body = front_matter(text, path)
    found = []
    fenced = False
    for i in range(body - 1, len(lines)):
        line = lines[i]
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced:
            continue
        line = INLINE_CODE.sub(lambda c: " " * len(c.group()), line)   # examples in `code`
        hits = list(MARKER.finditer(line))
        if not hits and MARKER_LIKE.search(line):
            raise ReviewError(f"{path}: line {i + 1}: malformed as-of marker; "
                              "write it exactly as <!-- as-of: YYYY-MM-DD -->")
        for m in hits:
            date = parse_date(m.group("date"), f"{path}: line {i + 1}", "as-of")
            start = _block_start(lines, i, body - 1)
            statement = clean(" ".join(lines[start:i]) + " " + line[:m.start()])
            if not statement:
                raise ReviewError(f"{path}: line {i + 1}: the as-of marker is not at the end of a "
                                  "paragraph or list item; put it after the statement it dates")
            found.append(Marker(path=path, line=i + 1, date=date, text=statement))
    return found


def change_note_warnings(page: Page, last_change: dt.date | None) -> list[str]:
    """Reported, not fatal: review or content moved on without a change note."""
    newest = page.newest_update
    if newest is None:
        return []
    out = []
    if page.reviewed and page.reviewed > newest:
        out.append(f"{page.path}: reviewed {page.reviewed} is newer than its newest change note "
                   f"({newest}); add an 'updates:' note saying what the review changed")
    if last_change and last_change > newest:
        out.append(f"{page.path}: content changed in git on {last_change}, after its newest change "
                   f"note ({newest}); add a note if the change was substantive")
    return out


def by_review_age(pages: list[Page]) -> list[Page]:
    """Oldest review first; pages never reviewed come first of all; ties by path."""
    return sorted(pages, key=lambda p: (p.reviewed or dt.date.min, p.path))


def report(pages: list[Page], markers: list[Marker], warnings: list[str], today: dt.date) -> str:
    """The printed review list."""
    out = [f"Review list of {today} (oldest review first)", ""]
    rows = [("page", "reviewed", "law as of", "days")]
    for p in by_review_age(pages):
        rows.append((p.path, str(p.reviewed or "never"), str(p.law_as_of or "-"),
                     str((today - p.reviewed).days) if p.reviewed else "-"))
    width = [max(len(r[k]) for r in rows) for k in range(4)]
    for r in rows:
        out.append("  ".join((r[0].ljust(width[0]), r[1].ljust(width[1]),
                              r[2].ljust(width[2]), r[3].rjust(width[3]))).rstrip())
    out += ["", f"Time-sensitive statements ({len(markers)}, oldest first)", ""]
    for m in sorted(markers, key=lambda m: (m.date, m.path, m.line)):
        out.append(f"{m.path}:{m.line}  as of {m.date}  {m.text}")
    if not markers:
        out.append("(none marked)")
    undated = sum(1 for p in pages if not p.updates)
    out += ["", f"Change notes: {len(warnings)} warning(s); "
            f"{undated} of {len(pages)} page(s) have no 'updates:' notes yet", ""]
    out += warnings
    return "\n".join(out).rstrip() + "\n"


def git_last_change(path: Path, root: Path, today: dt.date) -> dt.date | None:
    """Date of the last commit that touched a file; today if it has uncommitted changes."""
    try:
        dirty = subprocess.run(["git", "status", "--porcelain", "--", str(path)], cwd=root,
                               capture_output=True, text=True, check=True).stdout.strip()
        if dirty:
            return today
        day = subprocess.run(["git", "log", "-1", "--format=%cs", "--", str(path)], cwd=root,
                             capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return dt.date.fromisoformat(day) if ISO_DATE.match(day) else None


def collect(docs: Path, root: Path, today: dt.date) -> tuple[list[Page], list[Marker], list[str]]:
    pages, markers, warnings = [], [], []
    for file in sorted(docs.rglob("*.md")):
        rel = file.relative_to(root).as_posix()
        text = file.read_text(encoding="utf-8")
        meta, _ = front_matter(text, rel)
        page = page_from_meta(meta, rel)
        markers += find_markers(text, rel)
        if page.reviewed is None and not page.updates:
            continue
        pages.append(page)
        warnings += change_note_warnings(page, git_last_change(file, root, today))
    return pages, markers, warnings


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    today = dt.date.fromisoformat(args[0]) if args else dt.date.today()
    try:
        pages, markers, warnings = collect(PROJECT / "docs", PROJECT, today)
    except ReviewError as exc:
        print(f"review: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(report(pages, markers, warnings, today))
    return 0


if __name__ == "__main__":
    sys.exit(main())
