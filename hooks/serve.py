"""The edit loop: `mkdocs serve --dirty` works under --strict.

`mkdocs serve --dirty` rebuilds only the pages saved since the last build
(Material's search plugin merges their entries into the index it keeps). Two
things stopped it here:

- MkDocs logs a warning on every dirty build ("A 'dirty' build is being
  performed ..."), and --strict turns any warning into an abort. On a dirty
  build this hook logs that notice as information instead; every other
  warning still aborts the build.
- Site-wide checks (an entry no page cites, an anchor a published link needs)
  saw only the rebuilt page. hooks/citations.py and hooks/anchors.py now keep
  what each page cited or contained across the builds of one `mkdocs serve`,
  drop the pages that no longer exist, and check the whole site each time.

A dirty build must not show a stale page either. `rebuild_plan` decides
what each dirty rebuild renders:

- the saved pages, and the pages built from every other page (the references
  page's "Cited in" links, the corrections log: `DEPENDENT_PAGES`);
- every page when an input that many pages share has changed: the
  bibliography, the figures CSV, data/, the abbreviations, mkdocs.yml, the
  theme overrides (`SHARED_INPUTS`, all watched by `mkdocs serve`), or a
  page's title (the navigation shows it on every page), or a page was added
  or removed.

A change to a hook's code needs a restart: MkDocs loads each hook once per
`mkdocs serve`.

`make serve` uses `--dirty`: measured by `make bench`, it is the faster edit
loop, and with this plan it shows what a full build would.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.utils.meta import get_data

DIRTY_NOTICE = "A 'dirty' build is being performed"
# Pages whose content is gathered from every other page.
DEPENDENT_PAGES = ("references.md", "corrections.md")
# Inputs many pages share, relative to mkdocs.yml (files, or folders read whole).
SHARED_INPUTS = ("mkdocs.yml", "bibliography.bib", "data", "includes", "docs/data", "overrides")

_state: dict = {"dirty": False, "inputs": None}


class DirtyNotice(logging.Filter):
    """MkDocs' dirty-build notice as information, so that --strict does not abort on it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and record.getMessage().startswith(DIRTY_NOTICE):
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


NOTICE = DirtyNotice()


def is_dirty() -> bool:
    return _state["dirty"]


def on_startup(*, command: str, dirty: bool) -> None:
    _state["dirty"] = dirty
    logger = logging.getLogger("mkdocs.commands.build")
    if dirty and NOTICE not in logger.filters:
        logger.addFilter(NOTICE)
    elif not dirty:
        logger.removeFilter(NOTICE)


def input_stamps(root: Path) -> dict[str, int]:
    """Every shared input file with its modification time (ns)."""
    stamps = {}
    for name in SHARED_INPUTS:
        path = root / name
        for file in ([path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())):
            stamps[file.relative_to(root).as_posix()] = file.stat().st_mtime_ns
    return stamps


def page_titles(files: Files) -> dict[str, str]:
    """Each page's front-matter title (the navigation label)."""
    titles = {}
    for f in files.documentation_pages():
        try:
            titles[f.src_uri] = str(get_data(Path(f.abs_src_path).read_text(encoding="utf-8-sig"))[1].get("title"))
        except Exception:  # noqa: BLE001 - hooks/frontmatter.py reports a broken front matter
            titles[f.src_uri] = ""
    return titles


def rebuild_plan(before: tuple[dict, dict] | None, after: tuple[dict, dict], saved: set[str]) -> set[str] | None:
    """The pages a dirty rebuild must render besides the saved ones, or None for every page.

    `before` and `after` are (input stamps, page titles) of the last build and
    of this one; `saved` the pages saved since the last build."""
    if before is None or before != after:  # first build, a shared input, a title, a page added or removed
        return None
    return set(DEPENDENT_PAGES) & set(after[1]) if saved else set()


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    if not _state["dirty"]:
        return files
    root = Path(config.config_file_path).parent
    pages = files.documentation_pages()
    after = (input_stamps(root), page_titles(files))
    before, _state["inputs"] = _state["inputs"], after
    plan = rebuild_plan(before, after, {f.src_uri for f in pages if f.is_modified()})
    for f in pages:
        if plan is None or f.src_uri in plan:
            f.is_modified = lambda: True  # rendered in this rebuild (MkDocs asks each file)
    return files
