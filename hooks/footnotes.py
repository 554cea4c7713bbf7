"""The footnote list: calls in ascending order and one back-link row per note.

Python-Markdown numbers a page's footnotes in the order of their first call,
so "...material.[@b; @a]" where `a` was cited earlier renders as "7, 5".
Each run of adjacent calls is put in ascending order.

It also writes one back-link per call, each a bare "↩" that Material hides
until the note is hovered or targeted: a note cited seven times ended in seven
identical invisible links, nothing a phone user could see or tell apart.
Each note gets one visible row instead: "↩ Back to text" when the note is
called once, "↩ Back to text: a b c" when it is called several times, each
link at least 24 × 24 px (docs/stylesheets/extra.css) and named for a screen
reader ("Back to text, citation b of 3").
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

CALL = r'<sup id="fnref\d*:[^"]+"><a class="footnote-ref" href="#fn:[^"]+"[^>]*>(\d+)</a></sup>'
SEPARATOR = r'(?:<sup class="cle-fn-sep">,</sup>)?'
CALL_RUN = re.compile(f"{CALL}(?:{SEPARATOR}{CALL})+")
ONE_CALL = re.compile(CALL)
NOTE = re.compile(r'(<li id="fn:(?P<key>[^"]+)">)(?P<body>.*?)(</li>)', re.S)
BACKREF = re.compile(r'(?:&#160;|\xa0)?<a class="footnote-backref" href="#(fnref\d*:[^"]+)"[^>]*>[^<]*</a>')
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def order_calls(html: str) -> str:
    """Put each run of adjacent footnote calls in ascending order of their numbers."""
    def reorder(run: re.Match) -> str:
        text = run.group(0)
        calls = [m.group(0) for m in ONE_CALL.finditer(text)]
        separators = ONE_CALL.split(text)  # split keeps the number groups: drop them
        gaps = [part for i, part in enumerate(separators) if i % 2 == 0][1:-1]
        ordered = sorted(calls, key=lambda c: int(ONE_CALL.match(c).group(1)))
        out = ordered[0]
        for gap, call in zip(gaps, ordered[1:]):
            out += gap + call
        return out
    return CALL_RUN.sub(reorder, html)


def label(index: int) -> str:
    """a, b, ... z, aa, ab, ...: a note may be called more than 26 times."""
    return LETTERS[index] if index < len(LETTERS) else label(index // len(LETTERS) - 1) + LETTERS[index % len(LETTERS)]


def backlink_row(targets: list[str]) -> str:
    """One row of links back to each call of a note, in the order of the calls."""
    if len(targets) == 1:
        return (f'<span class="cle-backrefs"><a class="footnote-backref" href="#{targets[0]}">'
                f'<span aria-hidden="true">&#8617;&#65038; </span>Back to text</a></span>')
    links = " ".join(
        f'<a class="footnote-backref" href="#{target}" '
        f'aria-label="Back to text, citation {label(i)} of {len(targets)}">{label(i)}</a>'
        for i, target in enumerate(targets))
    return (f'<span class="cle-backrefs"><span class="cle-backrefs__label"><span aria-hidden="true">&#8617;&#65038; </span>'
            f'Back to text:</span> {links}</span>')


def backlink_rows(html: str) -> str:
    """Replace each note's run of "↩" links with one back-link row."""
    def rewrite(note: re.Match) -> str:
        body = note.group("body")
        targets = BACKREF.findall(body)
        if not targets:
            return note.group(0)
        body = BACKREF.sub("", body)
        row = backlink_row(targets)
        if body.rstrip().endswith("</p>"):  # inside the note's last paragraph
            end = body.rstrip()
            body = end[: -len("</p>")] + " " + row + "</p>" + body[len(end):]
        else:
            body += row
        return note.group(1) + body + note.group(4)
    return NOTE.sub(rewrite, html)


@event_priority(50)  # before hooks/markup.py puts commas between adjacent calls
def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files) -> str:
    if 'class="footnote-ref"' not in html:
        return html
    return backlink_rows(order_calls(html))
