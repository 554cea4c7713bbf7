"""Page rules the build enforces: no blank page, an explicit id on every heading, a key-points box.

- Every heading (`#` to `######`, outside fenced code) ends in an explicit,
  permanent `{#id}` (lowercase letters, digits, hyphens), so that published
  links survive a reworded heading (see data/anchors.txt and hooks/anchors.py).
- A page in the nav must have content: a file with nothing but front matter
  (or nothing at all) would publish an empty page.

- Every page opens with a key-points box (`!!! abstract "Key points"`), the
  summary a reader on a phone reads first; the references page, which is the
  list of sources (it holds `<!-- references -->`), is the one exception.
  `extra.key_points: false` in mkdocs.yml turns this off (the small test
  fixtures do; the site never does).

The failure names the file, the line and the fix. The checks are pure
functions that pytest calls directly; the MkDocs event handler at the bottom
is a thin adapter.
"""

from __future__ import annotations

import re
from pathlib import Path

from mdlines import prose_lines
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

HEADING = re.compile(r"^#{1,6}\s")
KEY_POINTS = re.compile(r'^(?:!!!|\?\?\?\+?) abstract "Key points"\s*$')
SOURCE_LIST = "<!-- references -->"
EXPLICIT_ID = re.compile(r"\{#[a-z0-9-]+\}\s*$")


def heading_problems(markdown: str, path: str, offset: int = 0) -> list[str]:
    """Each heading without an explicit `{#id}`, as 'file:line: ...; fix'."""
    problems = []
    for number, line in prose_lines(markdown):
        if HEADING.match(line) and not EXPLICIT_ID.search(line):
            problems.append(f"{path}:{number + offset}: heading without an explicit id: {line.strip()!r}; "
                            "end it with a permanent id such as {#short-slug} (lowercase letters, digits, "
                            "hyphens), then run `make anchors`")
    return problems


def blank_problems(markdown: str, path: str) -> list[str]:
    """A page with no content at all (front matter aside)."""
    if markdown.strip():
        return []
    return [f"{path}: the page is blank (nothing after the front matter); write its content, "
            "or remove it from the nav in mkdocs.yml and delete the file"]


def key_points_problems(markdown: str, path: str) -> list[str]:
    """A page without its key-points box (the references list aside)."""
    if SOURCE_LIST in markdown or any(KEY_POINTS.match(line) for _, line in prose_lines(markdown)):
        return []
    return [f'{path}: no key-points box; open the page, under its title, with `!!! abstract "Key points"` '
            "and an indented list of the page's main points, each with its citation"]


# --------------------------------------------------------------------------
# MkDocs hook (thin adapter)
# --------------------------------------------------------------------------

@event_priority(100)  # the Markdown as written, before other hooks add to it
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files) -> str:
    path = f"docs/{page.file.src_uri}"
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig") if page.file.abs_src_path else markdown
    offset = max(0, len(source.splitlines()) - len(markdown.splitlines()))
    problems = blank_problems(markdown, path) or heading_problems(markdown, path, offset)
    if not problems and config.extra.get("key_points", True) is not False:
        problems = key_points_problems(markdown, path)
    if problems:
        raise PluginError("Page errors:\n" + "\n".join(problems))
    return markdown
