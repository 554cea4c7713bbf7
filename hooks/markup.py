"""Fixes to the markup Material generates: accessible names and valid HTML.

Each fix is for something Material writes in a macro or partial that has no
block to extend, so it is made here rather than in overrides/:

- Section <nav> names. With `navigation.indexes`, a section that has an
  index page renders its expand/collapse toggle as a label holding only an
  icon, and the section's <nav> is named by that label
  (`aria-labelledby="__nav_N_label"`), so the nav landmarks have empty,
  non-unique names (axe: landmark-unique). Each section <nav> is named after
  the section's title instead: the text of the `md-nav__title` label that
  opens it.
- Material writes `tabindex=""` on section toggles; the empty string is not
  a valid tabindex (Nu HTML Checker) and means the same as no attribute.
- On a section index page Material renders the table of contents' title as
  `<label for="__toc">` but no `__toc` checkbox; a label for a missing
  control is invalid, so the dangling `for` is dropped.
- Material writes `<meta name="description" content="{{ ... }}">` without
  escaping, so a description holding a double quote breaks the tag; the
  description is handed to the templates HTML-escaped (markupsafe.Markup,
  which templates that escape again leave as it is).

- Two citations in a row render as adjacent footnote markers, so notes 2
  and 3 read as "23". A comma is put between adjacent markers, in the
  page content, so the search index's text gets it too.

- Footnotes are kept out of the search index (Material's
  `data-search-exclude`): every page repeats the full entries of the
  sources it cites, which made up most of an index every visitor
  downloads; the references page still indexes every source once.

The 404 page is rendered from a template, not a page, so it gets the same
fixes in on_post_template.
"""

from __future__ import annotations

import html
import re

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

SECTION_NAV = re.compile(
    r'(<nav class="md-nav" data-md-level="\d+") aria-labelledby="(?P<id>[\w-]+)_label"'
    r'(?P<rest>[^>]*>\s*<label class="md-nav__title" for="(?P=id)">(?P<title>.*?)</label>)',
    re.S,
)
TAG = re.compile(r"<[^>]+>")
EMPTY_TABINDEX = re.compile(r'(<label class="md-nav__link[^"]*" for="[\w-]+" id="[\w-]+") tabindex=""')
ADJACENT_REFS = re.compile(r'(<a class="footnote-ref"[^>]*>[^<]*</a></sup>)(?=<sup id="fnref)')
TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def _name_section_nav(match: re.Match) -> str:
    title = " ".join(html.unescape(TAG.sub(" ", match["title"])).split())
    return f'{match[1]} aria-label="{html.escape(title)}"{match["rest"]}'


def fix_markup(output: str) -> str:
    """Apply every fix above to one rendered HTML document."""
    output = SECTION_NAV.sub(_name_section_nav, output)
    output = EMPTY_TABINDEX.sub(r"\1", output)
    if 'id="__toc"' not in output:
        output = output.replace(TOC_LABEL, '<label class="md-nav__title">')
    return output


def on_page_content(html_text: str, *, page: Page, config: MkDocsConfig, files) -> str:
    html_text = ADJACENT_REFS.sub(r'\1<sup class="cle-fn-sep">,</sup>', html_text)
    return html_text.replace('<div class="footnote">',
                             '<div class="footnote" data-search-exclude="footnotes">')


def on_page_context(context, *, page: Page, config: MkDocsConfig, nav):
    if isinstance(page.meta.get("description"), str):
        page.meta["description"] = escape(page.meta["description"])
    return context


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return fix_markup(output)


def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    return fix_markup(output) if template_name.endswith(".html") else output
