"""Text that came from a data file, made inert before it is put into a page.

A plain module (not a hook) shared by hooks/figures.py and hooks/references.py.
`unsafe_characters` is the check figures.csv must pass; `inert` escapes text for
Markdown that becomes HTML (the second line of defence wherever a CSV,
front-matter or bibliography value is inserted); `plain` keeps matplotlib from
reading a '$' as the start of a formula.
"""

from __future__ import annotations

import html
import re

# A figure's words need letters, digits, spaces and a little punctuation. Nothing
# else is accepted: no <, >, &, backticks, brackets, braces, |, *, _, $ or line
# breaks, so no field can become markup, a link or a chart formula (matplotlib
# reads $...$ as mathematics).
TEXT_OK = re.compile(r"[^\W_]|[ .,;:'\u2019()%/+\-\u2013\u2014]")
TEXT_OK_SHOWN = "letters, digits, spaces and . , ; : ' \u2019 ( ) % / + - \u2013 \u2014"


def unsafe_characters(text: str) -> str:
    """The characters of `text` a figure may not hold, quoted and listed once each ('' when none)."""
    bad = sorted({ch for ch in text if not TEXT_OK.fullmatch(ch)})
    return ", ".join(repr(ch) for ch in bad)


def inert(text: str) -> str:
    """Text safe to put into Markdown that becomes HTML: no tag, entity, link, emphasis or table cell.

    load_figures already refuses these characters; this is the second line of
    defence for every place a CSV or bibliography field is inserted.
    """
    text = html.escape(" ".join(str(text).split()), quote=False)
    return re.sub(r"([\\`*_{}\[\]|#!])", r"\\\1", text)


def plain(text: str) -> str:
    """Text matplotlib draws as written: a '$' would start a formula."""
    return " ".join(text.split()).replace("$", r"\$")
