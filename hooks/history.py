"""Page dates need the full git history: refuse to build from a shallow clone.

Each page's "Published" date and the dates in its citation metadata come from
mkdocs-git-revision-date-localized (the first and the last commit that touched
the page). In a shallow clone
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
            "and wrong citation dates (mkdocs-git-revision-date-localized reads each page's commits). Fetch the full "
            "history with `git fetch --unshallow` (on a CI service, check out with full depth, e.g. "
            f"`fetch-depth: 0`), then build again. For a local throwaway build only, set {OPT_OUT}=1.")


@event_priority(100)  # before the date plugin reads the history
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if "git-revision-date-localized" not in config.plugins:
        return config
    docs = Path(config.docs_dir)
    problem = shallow_problem(docs)
    if problem:
        raise PluginError(problem)
    if os.environ.get(OPT_OUT) == "1" and is_shallow(docs):
        log.info(f"{OPT_OUT}=1: building a shallow clone; page dates are wrong, do not publish this build")
    return config
