"""Lines of a page's Markdown outside fenced code: shared by the checks that read the source.

A plain module (not a hook) used by hooks/citations.py, hooks/sources.py and
hooks/pages.py, so that all three agree on what counts as code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"`[^`]*`")


def prose_lines(markdown: str) -> Iterator[tuple[int, str]]:
    """(line number, line) for every line outside a fenced code block; fence lines themselves excluded."""
    in_fence = False
    for number, line in enumerate(markdown.splitlines(), 1):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield number, line


def without_inline_code(line: str) -> str:
    return INLINE_CODE.sub("", line)
