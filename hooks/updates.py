"""Change notes: each page's dated updates, its history line, the corrections log and the Atom feed.

A writer records a substantive change in the page's own front matter, for
readers, newest first (commit messages are for maintainers, not readers):

    updates:
      - date: 2026-12-01
        note: Added the 2023 and 2024 CyberTipline totals.
        section: cybertipline-totals   # optional: the heading id changed
        correction: true               # optional: a fix of something wrong

This hook then
- prints "Published …, last updated … — see all updates" under the page's
  title and the dated list at the foot of the page (GOV.UK's model);
- lists every correction, linked, on the corrections page, where the marker
  `<!-- updates:corrections -->` stands;
- publishes feed.xml, an Atom feed of every note newest first, each entry
  linking to the exact section (feedgen writes the XML).

Notes are read from every page's front matter at on_files, so the
corrections page and the feed see all pages whatever order they render in.
A malformed note stops the build naming the file, the note and the fix.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

FEED = "feed.xml"
FEED_TITLE = "updates"
CORRECTIONS_MARKER = "<!-- updates:corrections -->"
SECTION_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NOTE_MAX = 240
KEYS = {"date", "note", "section", "correction"}


class UpdateError(Exception):
    """A malformed change note."""


@dataclass(frozen=True)
class Update:
    date: dt.date
    note: str
    section: str = ""
    correction: bool = False


def parse_updates(raw, path: str, today: dt.date | None = None) -> list[Update]:
    """Check a page's `updates:` list and return it newest first; raise UpdateError naming the fix."""
    today = today or dt.date.today()
    if raw is None:
        return []
    example = "write it as\n  updates:\n    - date: 2026-12-01\n      note: Added the 2024 totals."
    if not isinstance(raw, list):
        raise UpdateError(f"{path}: front matter 'updates' must be a list of notes; {example}")
    out = []
    for n, item in enumerate(raw, 1):
        where = f"{path}: front matter 'updates', note {n}"
        if not isinstance(item, dict):
            raise UpdateError(f"{where} must have 'date' and 'note'; {example}")
        unknown = sorted(set(item) - KEYS)
        if unknown:
            raise UpdateError(f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(KEYS))}")
        date = item.get("date")
        if isinstance(date, str):
            try:
                date = dt.date.fromisoformat(date)
            except ValueError:
                date = None
        if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
            raise UpdateError(f"{where}: 'date' must be a real date written YYYY-MM-DD (found {item.get('date')!r})")
        if date > today:
            raise UpdateError(f"{where}: 'date' {date} is in the future; date the note on the day the change was made")
        note = item.get("note")
        if not isinstance(note, str) or not note.strip():
            raise UpdateError(f"{where}: 'note' must be a sentence for readers, e.g. 'Added the 2024 totals.'")
        note = " ".join(note.split())
        if len(note) > NOTE_MAX:
            raise UpdateError(f"{where}: 'note' has {len(note)} characters; keep it under {NOTE_MAX} "
                              "(the detail belongs on the page or the corrections page)")
        section = item.get("section", "") or ""
        if not isinstance(section, str) or (section and not SECTION_ID.match(section)):
            raise UpdateError(f"{where}: 'section' must be a heading id such as 'cybertipline-totals' "
                              f"(found {section!r})")
        correction = item.get("correction", False)
        if not isinstance(correction, bool):
            raise UpdateError(f"{where}: 'correction' must be true or false (found {correction!r})")
        out.append(Update(date, note, section, correction))
    if out != sorted(out, key=lambda u: u.date, reverse=True):
        raise UpdateError(f"{path}: front matter 'updates' must be newest first; put the note dated "
                          f"{max(u.date for u in out)} at the top")
    return out


def long_date(day: dt.date) -> str:
    """'1 December 2026': the form readers in every English-speaking country read the same way."""
    return f"{day.day} {day:%B %Y}"


def _time(day: dt.date) -> str:
    return f'<time datetime="{day.isoformat()}">{long_date(day)}</time>'


def history_line(published: dt.date | None, updated: dt.date | None, count: int) -> str:
    """The line under the title: 'Published …, last updated … — see all updates'."""
    parts = []
    if published:
        parts.append(f"Published {_time(published)}")
    if updated and updated != published:
        parts.append(("last updated " if parts else "Last updated ") + _time(updated))
    if not parts:
        return ""
    link = f' — <a href="#page-updates">see all updates ({count})</a>' if count else ""
    return f'<p class="cle-history">{", ".join(parts)}{link}</p>'


def updates_section(updates: list[Update], published: dt.date | None) -> str:
    """The dated list at the foot of the page; every string escaped."""
    items = []
    for u in updates:
        note = html.escape(u.note)
        if u.section:
            note = f'<a href="#{u.section}">{note}</a>'
        label = '<strong class="cle-correction">Correction:</strong> ' if u.correction else ""
        items.append(f"<li>{_time(u.date)}: {label}{note}</li>")
    if published:
        items.append(f"<li>{_time(published)}: First published.</li>")
    if not items:
        return ""
    return ('<section class="cle-updates" aria-labelledby="page-updates">\n'
            '<h2 id="page-updates">Updates to this page</h2>\n'
            f'<ul>\n{chr(10).join(items)}\n</ul>\n</section>')


def insert_history(content: str, line: str) -> str:
    """Put the history line right after the page's H1 (or first, if the page has none)."""
    if not line:
        return content
    end = content.find("</h1>")
    if end < 0:
        return line + "\n" + content
    end += len("</h1>")
    return content[:end] + "\n" + line + content[end:]


def corrections_markdown(entries: list[tuple[Update, str, str]]) -> str:
    """The corrections log: (update, page title, page path) newest first, as Markdown links."""
    if not entries:
        return "No corrections to this site's pages have been recorded yet."
    lines = []
    for u, title, src in sorted(entries, key=lambda e: (e[0].date, e[2]), reverse=True):
        target = src + (f"#{u.section}" if u.section else "#page-updates")
        safe_title = _md_text(title)
        lines.append(f"- **{long_date(u.date)}**, [{safe_title}]({target}): {_md_text(u.note)}")
    return "\n".join(lines)


def _md_text(text: str) -> str:
    """Text placed in Markdown: HTML-escaped and with Markdown's link and emphasis characters neutralised."""
    text = html.escape(text, quote=False)
    return re.sub(r"([\\`*_\[\]{}<>#|!])", r"\\\1", text)


def entry_id(page_url: str, u: Update) -> str:
    digest = hashlib.sha1(f"{u.date}|{u.note}".encode()).hexdigest()[:10]
    return f"{page_url}#update-{u.date.isoformat()}-{digest}"


def atom_feed(site_name: str, site_url: str, entries: list[tuple[Update, str, str]]) -> bytes:
    """An Atom feed of (update, page title, absolute page URL), newest first."""
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.id(site_url + FEED)
    fg.title(f"{site_name}: {FEED_TITLE}")
    fg.subtitle("Dated change notes and corrections to every page.")
    fg.author({"name": site_name})
    fg.link(href=site_url, rel="alternate")
    fg.link(href=site_url + FEED, rel="self")
    fg.language("en")
    fg.rights("Text licensed under CC BY 4.0. Not legal advice.")
    ordered = sorted(entries, key=lambda e: (e[0].date, e[2]), reverse=True)
    newest = ordered[0][0].date if ordered else dt.date.today()
    fg.updated(dt.datetime.combine(newest, dt.time(), dt.timezone.utc))
    # feedgen prepends each added entry; add oldest first so the file reads newest first.
    for u, title, url in reversed(ordered):
        fe = fg.add_entry()
        fe.id(entry_id(url, u))
        kind = "Correction" if u.correction else "Update"
        fe.title(f"{kind} to \u201c{title}\u201d: {u.note}")
        fe.link(href=url + (f"#{u.section}" if u.section else "#page-updates"))
        stamp = dt.datetime.combine(u.date, dt.time(), dt.timezone.utc)
        fe.updated(stamp)
        fe.published(stamp)
        fe.summary(u.note)
        fe.category(term="correction" if u.correction else "update")
    return fg.atom_str(pretty=True)


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


# --------------------------------------------------------------------------
# MkDocs hooks (thin adapters)
# --------------------------------------------------------------------------

_state: dict = {"pages": {}}


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Read every page's notes up front: the corrections page and the feed need them all."""
    pages, problems = {}, []
    for file in files.documentation_pages():
        text = Path(file.abs_src_path).read_text(encoding="utf-8-sig")
        try:
            _, meta = get_data(text)
        except Exception:  # noqa: BLE001 - the front-matter hook reports YAML errors with their line
            continue
        try:
            updates = parse_updates(meta.get("updates"), f"docs/{file.src_uri}")
        except UpdateError as exc:
            problems.append(str(exc))
            continue
        pages[file.src_uri] = {"updates": updates, "url": file.url, "title": meta.get("title") or file.name}
    if problems:
        raise PluginError("Change-note errors:\n" + "\n".join(problems))
    _state["pages"] = pages
    site_url = config.site_url or "/"
    entries = [(u, info["title"], site_url + info["url"]) for info in pages.values() for u in info["updates"]]
    files.append(File.generated(config, FEED, content=atom_feed(config.site_name, site_url, entries)))
    return files


def _corrections() -> list[tuple[Update, str, str]]:
    return [(u, info["title"], src) for src, info in _state["pages"].items()
            for u in info["updates"] if u.correction]


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if CORRECTIONS_MARKER not in markdown:
        return markdown
    here = posixpath.dirname(page.file.src_uri) or "."
    entries = [(u, title, posixpath.relpath(src, here)) for u, title, src in _corrections()]
    return markdown.replace(CORRECTIONS_MARKER, corrections_markdown(entries))


def on_page_content(content: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    info = _state["pages"].get(page.file.src_uri)
    if info is None or not page.meta.get("reviewed"):
        return content
    updates = info["updates"]
    missing = sorted({u.section for u in updates if u.section} - set(page.present_anchor_ids or ()))
    if missing:
        raise PluginError(f"docs/{page.file.src_uri}: front matter 'updates' names section(s) "
                          f"{', '.join(missing)}, which the page has no heading for; use an existing "
                          "heading id ({#...}) or leave 'section' out")
    # Published: the file's first commit, but never after its first review or its oldest note
    # (a page cannot be reviewed or updated before it exists; hooks/history.py reads the first commit).
    candidates = [_date(page.meta.get("first_commit")), _date(page.meta.get("reviewed")),
                  updates[-1].date if updates else None]
    published = min((d for d in candidates if d), default=None)
    # "Last updated" is the newest change note (GOV.UK's rule): a typo fix moves no date.
    updated = updates[0].date if updates else None
    section = updates_section(updates, published)
    if section and page.present_anchor_ids is not None:
        page.present_anchor_ids.add("page-updates")  # so MkDocs' link check knows the injected heading
    return insert_history(content, history_line(published, updated, len(updates))) + "\n" + section
