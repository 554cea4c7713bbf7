"""Brace balance of bibliography.bib, checked entry by entry before pybtex parses it.

pybtex reports a brace fault where it notices it, not where it is: a lone
`}` inside a field closes the field early, and pybtex then reports the
entry's later fields as missing; an unclosed `{` swallows the entries that
follow, and the syntax error points at the next entry. Counting each entry's
braces on its own names the entry and the line where the fault is.
(BibTeX counts a brace even after a backslash, so `\\}` does not escape one.)

A plain module used by hooks/bibliography.py.
"""

from __future__ import annotations

import re

ENTRY = re.compile(r"^\s*@(\w+)\s*\{\s*([^,\s]*)\s*,", re.MULTILINE)
FIELD_START = re.compile(r"^\s*[A-Za-z][\w-]*\s*=")


def brace_problems(text: str, path: str) -> list[str]:
    """One message per entry whose braces do not balance, naming the entry and the line."""
    heads = [m for m in ENTRY.finditer(text) if m.group(1).lower() not in {"comment", "preamble", "string"}]
    problems = []
    for head, nxt in zip(heads, heads[1:] + [None]):
        start = text.index("{", head.start())
        span = text[start: nxt.start() if nxt else len(text)]
        first_line = text.count("\n", 0, head.start(1)) + 1  # head.start() may be on a blank line above
        where = f"{path}:{{line}}: entry '{head.group(2)}'"
        problem = _check(span, first_line + text.count("\n", head.start(1), start), where, first_line)
        if problem:
            problems.append(problem)
    return problems


def _check(span: str, line0: int, where: str, entry_line: int) -> str | None:
    depth, line = 0, line0
    rows = span.split("\n")
    suspect = None  # the first line that ends inside a field while the next line starts a new field
    for row_index, row in enumerate(rows):
        for i, ch in enumerate(row):
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                rest = row[i + 1:] + "\n".join(rows[row_index + 1:])
                if depth == 0 and rest.strip():
                    return (where.format(line=line) + ": a '}' on this line closes more braces than were "
                            "opened, so the entry ends early (a lone '}' in a field?); remove it or balance "
                            "it with a '{' (BibTeX counts braces even after a backslash)")
        following = rows[row_index + 1] if row_index + 1 < len(rows) else ""
        if suspect is None and depth > 1 and FIELD_START.match(following):
            suspect = line
        line += 1
    if depth > 0:
        hint = f" (the field ending on line {suspect} is still open)" if suspect else ""
        return (where.format(line=entry_line) + f": {depth} '{{' never closed{hint}, so the entry runs "
                "into the next one; close the field's braces or remove the stray '{'")
    return None
