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

Pages that are built from other pages (the references page's "Cited in"
links, the corrections log) are rebuilt with any page a dirty build rebuilds
(`DEPENDENT_PAGES`), so they never show a stale list.
"""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

DIRTY_NOTICE = "A 'dirty' build is being performed"
# Pages whose content is gathered from every other page.
DEPENDENT_PAGES = ("references.md", "corrections.md")

_state = {"dirty": False}


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


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    if not _state["dirty"]:
        return files
    pages = files.documentation_pages()
    if any(f.is_modified() for f in pages if f.src_uri not in DEPENDENT_PAGES):
        for f in pages:
            if f.src_uri in DEPENDENT_PAGES:
                f.is_modified = lambda: True  # rebuilt with the page it gathers from
    return files
