"""Strict front matter: every page opens with a YAML block this hook has checked.

MkDocs reads a page's front matter leniently: a YAML error, a block that is
not closed or a block that does not start on the first line turns the whole
block into page text without a word, and an impossible date such as
2026-02-30 is not noticed until something prints it. This hook reads each
page's raw file before anything else runs and stops the build, naming the
file, the line and the fix, on:

- no front matter, a block that does not start on line 1 or is not closed;
- a YAML error or a tab (YAML forbids tabs for indentation);
- a missing required key (`title`, `description`, `reviewed`), an unknown
  key, or a key given twice;
- a value of the wrong type (a title that is a number or spans lines, a list
  that is not a list);
- a date that is not YYYY-MM-DD, that does not exist (2026-13-45,
  2026-02-30) or that lies in the future.

It also hands the templates each page's title and description HTML-escaped
(markupsafe.Markup), because Material prints `page.meta.title` and the nav
labels without escaping. Hooks that need the plain text call `plain_text()`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

REQUIRED = {"title": "text", "description": "text", "reviewed": "date"}
# What pages may carry besides: the date the law was last checked, a list of
# dated updates, and Material's own per-page switches.
OPTIONAL = {"law_as_of": "date", "updates": "list", "hide": "list", "search": "mapping"}
EXAMPLE = ("---\ntitle: Short nav label\ndescription: One sentence for search results.\n"
           "reviewed: 2026-11-22\n---")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
OPENER = re.compile(r"^-{3}[ \t]*$")
CLOSER = re.compile(r"^(?:-{3}|\.{3})[ \t]*$")
TIMESTAMP = "tag:yaml.org,2002:timestamp"


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def at(self, path: str) -> str:
        return f"{path}:{self.line}: {self.message}"


def today() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


def front_matter_problems(text: str, *, now: dt.date | None = None) -> list[Problem]:
    """Everything wrong with the front matter of one page's raw text (empty when it is fine)."""
    now = now or today()
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or not OPENER.match(lines[0]):
        first = next((n for n, line in enumerate(lines, 1) if line.strip()), 1)
        if first > 1 and OPENER.match(lines[first - 1]):
            return [Problem(first, "the front matter must start on line 1 (MkDocs would print it as "
                                   "page text); delete the lines above '---'")]
        return [Problem(1, f"the page has no front matter; start the file with a block such as\n{EXAMPLE}")]
    end = next((n for n in range(1, len(lines)) if CLOSER.match(lines[n])), None)
    if end is None:
        return [Problem(1, "the front matter opened here is never closed; add a line '---' after its last key")]
    block = lines[1:end]
    for n, line in enumerate(block, 2):
        if "\t" in line:
            return [Problem(n, "a tab in the front matter (YAML allows only spaces); replace it with spaces")]
    try:
        node = yaml.compose("\n".join(block) + "\n", Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 2
        return [Problem(line, f"the front matter is not valid YAML ({exc.problem or exc.context}); "
                              "write one 'key: value' per line and quote a value that holds ': ' or starts with a symbol")]
    if not isinstance(node, yaml.MappingNode):
        return [Problem(2, f"the front matter must be 'key: value' lines; start the file with a block such as\n{EXAMPLE}")]
    return mapping_problems(node, end + 1, now)


def mapping_problems(node: yaml.MappingNode, closing_line: int, now: dt.date) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    known = {**REQUIRED, **OPTIONAL}
    for key_node, value_node in node.value:
        key, line = str(key_node.value), key_node.start_mark.line + 2
        if key in seen:
            problems.append(Problem(line, f"'{key}' is given twice (first on line {seen[key]}); keep one"))
            continue
        seen[key] = line
        if key not in known:
            close = difflib.get_close_matches(key.lower().replace("-", "_"), list(known), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'? " if close else ""
            problems.append(Problem(line, f"unknown key '{key}'; {hint}the keys a page may have are "
                                          f"{', '.join(known)}"))
            continue
        problems.extend(value_problems(key, known[key], value_node, line, now))
    for key in REQUIRED:
        if key not in seen:
            problems.append(Problem(closing_line, f"missing '{key}:'; add it to the front matter "
                                                  f"({'a date written YYYY-MM-DD' if REQUIRED[key] == 'date' else 'one line of text'})"))
    return problems


def value_problems(key: str, kind: str, node, line: int, now: dt.date) -> list[Problem]:
    if kind == "text":
        if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
            return [Problem(line, f"'{key}' must be text (found {describe(node)}); quote it if it looks like a number or date")]
        if not node.value.strip():
            return [Problem(line, f"'{key}' is empty; write it")]
        if "\n" in node.value.strip() or any(ord(ch) < 32 for ch in node.value):
            return [Problem(line, f"'{key}' must be one line of text; remove the line break (do not use | or >)")]
        return []
    if kind == "date":
        if not isinstance(node, yaml.ScalarNode) or node.tag not in {TIMESTAMP, "tag:yaml.org,2002:str"}:
            return [Problem(line, f"'{key}' must be a date written YYYY-MM-DD (found {describe(node)})")]
        value = node.value.strip()
        if not DATE.match(value):
            return [Problem(line, f"'{key}' must be a date written YYYY-MM-DD (found '{value}')")]
        try:
            date = dt.date.fromisoformat(value)
        except ValueError:
            return [Problem(line, f"'{key}: {value}' is not a real date; check the month (01-12) and the day of that month")]
        if date > now:
            return [Problem(line, f"'{key}: {value}' is in the future (today is {now.isoformat()}); "
                                  "give the day the page was actually checked")]
        return []
    if kind == "list" and not isinstance(node, yaml.SequenceNode):
        return [Problem(line, f"'{key}' must be a list (found {describe(node)}); write each item on its own line after '- '")]
    if kind == "mapping" and not isinstance(node, yaml.MappingNode):
        return [Problem(line, f"'{key}' must be 'key: value' pairs (found {describe(node)})")]
    return []


def describe(node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "key: value pairs"
    kind = node.tag.rsplit(":", 1)[-1]
    return f"{kind} '{node.value}'" if node.value else "nothing"


def plain_text(value) -> str:
    """The plain text of a title or description this hook escaped (or of any other value)."""
    return value.unescape() if isinstance(value, Markup) else str(value if value is not None else "")


# --------------------------------------------------------------------------
# MkDocs hooks (thin adapters)
# --------------------------------------------------------------------------

@event_priority(200)  # before every other hook reads a page
def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    problems = []
    for file in files.documentation_pages():
        text = Path(file.abs_src_path).read_text(encoding="utf-8-sig")
        problems += [p.at(f"docs/{file.src_uri}") for p in front_matter_problems(text)]
    if problems:
        raise PluginError("Front matter errors:\n" + "\n".join(problems))
    return files


@event_priority(200)  # every page is read before any template renders its nav
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    for key in ("title", "description"):
        if isinstance(page.meta.get(key), str) and not isinstance(page.meta[key], Markup):
            page.meta[key] = escape(page.meta[key])
    return markdown
