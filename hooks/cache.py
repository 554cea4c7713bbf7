"""Build caches: one key rule for everything the build draws once and keeps.

A plain module (not a hook). The charts (hooks/charts.py), the figure
downloads (hooks/downloads.py) and the social cards (hooks/cards.py) are kept
under .cache/ (gitignored; `make clean` empties it) in a file named by
`digest()` of every input: the data, the code of the module that draws it and
the version of each library that draws it. A change to any input gives a new
name, so a cache can never serve a stale drawing; tests/test_caches.py proves
it for each cache.

On a cold build (CI's, or after `make clean`) the drawings are made on every
core: `run_parallel` forks worker processes that each draw some of the
missing files, and the build then reads them from the cache as a warm build
does.
"""

from __future__ import annotations

import hashlib
import importlib
import multiprocessing
import os
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

CACHE_DIR = ".cache"


@lru_cache(maxsize=None)
def library_version(name: str) -> str:
    """A package's version, read from its metadata: no import (matplotlib's takes ~1 s)."""
    return version(name)


def digest(*parts: str | bytes, code: tuple[Path, ...] = (), libraries: tuple[str, ...] = (),
           length: int = 24) -> str:
    """A hash of the parts, the code files and the library versions."""
    h = hashlib.sha256()
    for part in (*parts, *(p.read_bytes() for p in code), *(library_version(n) for n in libraries)):
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big") + data)  # length-prefixed: no two inputs run together
    return h.hexdigest()[:length]


_jobs: list = []


def _run(index: int) -> None:
    func, args = _jobs[index]
    func(*args)


def run_parallel(jobs: list[tuple], preload: tuple[str, ...] = ()) -> None:
    """Run `(function, args)` jobs, each of which writes its own cache file, on every core.

    The workers are forked from this process: they inherit the jobs (only an
    index is sent) and the `preload` modules, imported once here rather than
    once per worker (matplotlib takes ~0.8 s). With one job, one core or no
    fork, the jobs run here, one after the other."""
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for func, args in jobs:
            func(*args)
        return
    for name in preload:
        importlib.import_module(name)
    _jobs[:] = jobs
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            pool.map(_run, range(len(jobs)), chunksize=1)
    finally:
        _jobs.clear()
