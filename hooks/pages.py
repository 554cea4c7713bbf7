"""Page rules the build enforces: no blank page, and an explicit id on every heading.

- Every heading (`#` to `######`, outside fenced code) ends in an explicit,
  permanent `{#id}` (lowercase letters, digits, hyphens), so that published
  links survive a reworded heading (see data/anchors.txt and hooks/anchors.py).
- A page in the nav must have content: a file with nothing but front matter
  (or nothing at all) would publish an empty page.

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


# --------------------------------------------------------------------------
# MkDocs hook (thin adapter)
# --------------------------------------------------------------------------

@event_priority(100)  # the Markdown as written, before other hooks add to it
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files) -> str:
    path = f"docs/{page.file.src_uri}"
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig") if page.file.abs_src_path else markdown
    offset = max(0, len(source.splitlines()) - len(markdown.splitlines()))
    problems = blank_problems(markdown, path) or heading_problems(markdown, path, offset)
    if problems:
        raise PluginError("Page errors:\n" + "\n".join(problems))
    return markdown
