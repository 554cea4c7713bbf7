"""Page dates from git: one `git log` for all pages, and never from a shallow clone.

Each page's "Published" date (hooks/updates.py) and the dates in its citation
metadata (hooks/metadata.py) come from the first and the last commit that
touched the page. This hook reads them for every page with ONE `git log`
(a date plugin that asks git once per page cost ~0.7 s a build) and puts them
in `page.meta["first_commit"]` and `page.meta["last_commit"]`. A page that git
does not know yet (not committed) has neither; the readers fall back to its
`reviewed` date.

In a shallow clone
(`git clone --depth 1`, the default on many hosting and CI services) every
page's history is cut at the one commit fetched, so every page silently shows
that commit's date. The build stops instead, with the fix:
`git fetch --unshallow` (or, on a CI service, a full-depth checkout, e.g.
`fetch-depth: 0` for actions/checkout).

For a local throwaway build, ALLOW_SHALLOW_CLONE=1 builds anyway (the dates
are then wrong; never publish such a build). A directory that is not a git
repository at all (the small test fixtures) is not checked here.

The pure function is called by pytest; the MkDocs event handler is a thin
adapter.
"""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

OPT_OUT = "ALLOW_SHALLOW_CLONE"
log = logging.getLogger("mkdocs.hooks.history")


def is_shallow(path: Path) -> bool | None:
    """True for a shallow git clone, False for a full one, None when path is not in a git repository."""
    try:
        result = subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=path,
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    return result.stdout.strip() == "true"


def shallow_problem(path: Path, env: dict | None = None) -> str | None:
    """The error for a shallow clone (None when the history is complete or the check is opted out)."""
    env = os.environ if env is None else env
    if not is_shallow(path) or env.get(OPT_OUT) == "1":
        return None
    return (f"{path} is a shallow git clone, so every page would show a wrong 'published' date "
            "and wrong citation dates (they come from each page's first and last commit). Fetch the full "
            "history with `git fetch --unshallow` (on a CI service, check out with full depth, e.g. "
            f"`fetch-depth: 0`), then build again. For a local throwaway build only, set {OPT_OUT}=1.")


def commit_dates(git_log: str) -> dict[str, tuple[str, str]]:
    """Path -> (date of its oldest commit, date of its newest), from
    `git log --format=@%ad --date=short --name-only` (newest commit first)."""
    dates: dict[str, tuple[str, str]] = {}
    day = ""
    for line in git_log.splitlines():
        if line.startswith("@"):
            day = line[1:].strip()
        elif (path := line.strip()) and day:
            # later lines are older commits: the oldest wins the first place, the newest keeps the second
            dates[path] = (day, dates[path][1] if path in dates else day)
    return dates


def read_commit_dates(root: Path, docs: str = "docs") -> dict[str, tuple[str, str]]:
    """One `git log` for every file under docs/; {} outside a git repository."""
    try:
        out = subprocess.run(["git", "log", "--format=@%ad", "--date=short", "--name-only", "--", docs],
                             cwd=root, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    return commit_dates(out.stdout) if out.returncode == 0 else {}


_dates: dict[str, tuple[str, str]] = {}


@event_priority(100)  # before any hook reads a date
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    docs = Path(config.docs_dir)
    problem = shallow_problem(docs)
    if problem:
        raise PluginError(problem)
    if os.environ.get(OPT_OUT) == "1" and is_shallow(docs):
        log.info(f"{OPT_OUT}=1: building a shallow clone; page dates are wrong, do not publish this build")
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    docs = Path(os.path.relpath(config.docs_dir, root)).as_posix()
    _dates.clear()
    _dates.update({path.removeprefix(docs + "/"): days for path, days in read_commit_dates(root, docs).items()})
    return files


@event_priority(100)  # before hooks/updates.py and hooks/metadata.py read them
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri in _dates:
        page.meta["first_commit"], page.meta["last_commit"] = _dates[page.file.src_uri]
    return markdown
