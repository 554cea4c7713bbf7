"""What a reader downloads, without what only a maintainer reads.

The site's own stylesheets and scripts are served without their comments,
and every page without the indentation of Material's templates.

docs/stylesheets/, docs/javascripts/ and overrides/assets/ are written for
maintainers: every rule and function says why it is there. Those comments
were about half of what a reader's first view downloaded of these files
(extra.css: 3.2 KB gzipped with them, 1.6 KB without). The source keeps
them; the copy written into site/ leaves them out. Material's own files are
already minified and are not touched (only files under docs_dir or the
theme's custom_dir are).

- CSS: every `/* ... */` comment outside a quoted string goes.
- JavaScript: a comment goes only when it fills whole lines: lines whose
  first non-blank characters are `//`, or a `/* ... */` that starts a line
  and ends one. A comment after code, and anything inside a template
  literal, stays as it is (JavaScript cannot be stripped safely without a
  parser: `/*` can occur in a regular expression), so such a comment costs
  a few bytes but never breaks a script. The site's scripts use no
  multi-line template literals.
- Blank lines go in both; indentation stays, so the served files remain
  readable in a browser's developer tools.
- HTML: each run of blank lines and indentation that starts with a line
  break becomes one line break (about 10% of a page's bytes, 0.6 KB of it
  gzipped). A browser renders the two alike, except where whitespace is
  kept: <pre>, <code>, <kbd> (Material sets them `white-space: pre-wrap`),
  <textarea>, <script> and <style> are left exactly as they are.

The pure functions are called by pytest; the MkDocs event handlers at the
bottom are thin adapters.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

JS_LINE_COMMENT = re.compile(r"^[ \t]*//[^\n]*\n?", re.M)
JS_BLOCK_COMMENT = re.compile(r"^[ \t]*/\*(?:(?!\*/).)*\*/[ \t]*(?:\n|\Z)", re.M | re.S)
KEPT = re.compile(r"(<(pre|code|kbd|textarea|script|style)\b.*?</\2\s*>)", re.S | re.I)
INDENT = re.compile(r"\n[ \t\r\n]*")
BLANK_LINES = re.compile(r"^[ \t]*\n", re.M)
TRAILING = re.compile(r"[ \t]+$", re.M)


def strip_css(text: str) -> str:
    """CSS without its comments and blank lines; strings ("/* not a comment */") are kept."""
    out, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "\"'":
            end = i + 1
            while end < n and text[end] != ch:
                end += 2 if text[end] == "\\" else 1
            out.append(text[i:end + 1])
            i = end + 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                line = text.count("\n", 0, i) + 1
                raise ValueError(f"line {line}: a /* comment that is never closed; close it with */")
            i = end + 2
        else:
            out.append(ch)
            i += 1
    return _tidy("".join(out))


def strip_js(text: str) -> str:
    """JavaScript without the comments that fill whole lines, and without blank lines."""
    return _tidy(JS_LINE_COMMENT.sub("", JS_BLOCK_COMMENT.sub("", text)))


def _tidy(text: str) -> str:
    return BLANK_LINES.sub("", TRAILING.sub("", text))


def collapse_indentation(html: str) -> str:
    """The page with each newline-led whitespace run as one newline, outside elements that keep whitespace."""
    parts = KEPT.split(html)
    # split() returns text, then (element, tag name) pairs: only the text between elements is changed.
    out = []
    for i, part in enumerate(parts):
        kind = i % 3
        if kind == 0:
            out.append(INDENT.sub("\n", part))
        elif kind == 1:
            out.append(part)
    return "".join(out)


def own_asset(file: File, config: MkDocsConfig) -> bool:
    """A .css or .js file of this project (from docs/ or the theme's custom_dir), not Material's."""
    if file.abs_src_path is None or not file.src_uri.endswith((".css", ".js")):
        return False
    src = Path(file.abs_src_path).resolve()
    roots = [Path(config.docs_dir).resolve()]
    if config.theme.custom_dir:
        roots.append(Path(config.theme.custom_dir).resolve())
    return any(src.is_relative_to(root) for root in roots)


def stripped(file: File, config: MkDocsConfig) -> str:
    """The file's text as served; bad CSS stops the build, naming the file and the line."""
    text = file.content_string
    try:
        return strip_css(text) if file.src_uri.endswith(".css") else strip_js(text)
    except ValueError as err:
        where = os.path.relpath(file.abs_src_path, Path(config.config_file_path).parent)
        raise PluginError(f"{where}: {err}") from None


# --------------------------------------------------------------------------
# MkDocs hooks (thin adapters)
# --------------------------------------------------------------------------

def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    for file in [f for f in files if own_asset(f, config)]:
        content = stripped(file, config)
        files.remove(file)
        files.append(File.generated(config, file.src_uri, content=content))
    return files


@event_priority(-90)  # after the hooks that read Material's markup, before the CSP hashes the scripts
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return collapse_indentation(output)
