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

from bibliography import BIB_FILE, CitationError, format_markdown, validate_bibliography
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs_bibtex.citation import CitationBlock

FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Cite:
    line: int
    key: str
    prefix: str
    suffix: str
    raw: str


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

_state: dict = {"keys": [], "cited": {}}


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
    return config


@event_priority(100)  # before mkdocs-bibtex rewrites the citations
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files) -> str:
    path = f"docs/{page.file.src_uri}"
    problems = page_problems(markdown, path, set(_state["keys"]), front_matter_lines(page, markdown))
    if problems:  # stop before mkdocs-bibtex turns them into warnings and silent drops
        raise PluginError("Citation errors:\n" + "\n".join(problems))
    _state["cited"][page.file.src_uri] = [c.key for c in find_citations(markdown)]
    return markdown


def on_pre_build(*, config: MkDocsConfig) -> None:
    # mkdocs-bibtex formats an entry anew for every citation on every page
    # (pybtex needs several ms each); hand it the text we formatted once.
    registry = config.plugins["bibtex"].registry
    entries = registry.bib_data.entries
    registry.reference_text = lambda citation: format_markdown(citation.key, entries[citation.key])


def on_post_build(*, config: MkDocsConfig) -> None:
    cited = {key for keys in _state["cited"].values() for key in keys}
    missing = uncited(_state["keys"], cited)
    if missing:
        raise PluginError(
            "Bibliography entries cited on no page (cite them or remove them from "
            f"{BIB_FILE}): " + ", ".join(missing)
        )
