"""Build caches: one key rule for everything the build draws once and keeps.

A plain module (not a hook). The charts (hooks/charts.py), the figure
downloads (hooks/downloads.py) and the social cards (hooks/cards.py) are kept
under .cache/ (gitignored; `make clean` empties it) in a file named by
`digest()` of every input: the data, the code of the module that draws it and
the version of each library that draws it. A change to any input gives a new
name, so a cache can never serve a stale drawing; tests/test_caches.py proves
it for each cache.
"""

from __future__ import annotations

import hashlib
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
