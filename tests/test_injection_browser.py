"""Poisoned input, built for real and opened in Chromium: no script runs, no page is swallowed.

The mini fixture is built with a page title that closes <title> and opens a
script, a description that opens an HTML comment and a script inside the
JSON-LD block, and a bibliography institution holding an <img onerror> that
reaches the key-figures page's quotable sentences. (A figures.csv field with
markup stops the build instead: tests/test_build_errors.py.) Each payload
sets `window.__pwned` or calls alert(); the test listens for both, and checks
that the page's main content and footer are still there, that the title and
description are shown as text, and that the JSON-LD still parses.

Parsers and browsers read <script> and comments differently (a "<!--" inside
a script changes how Chromium finds its end), which is why this runs in a
real browser and not only through an HTML parser.
"""

from __future__ import annotations

import pytest
from conftest import FIXTURE, fixture_site, mkdocs_build

from browser_support import chromium_missing, launch, serve

if (missing := chromium_missing()) is not None:
    pytest.fail(missing + " Run `make test`, which installs it.", pytrace=False)

from playwright.sync_api import sync_playwright  # noqa: E402

TITLE = "Poisoned</title><script>window.__pwned='title'</script><img src=x onerror=\"window.__pwned='img'\">"
DESCRIPTION = "<!--<script>window.__pwned='desc'</script></script><script>alert('desc')</script>"
INSTITUTION = "Court <img src=x onerror=window.__pwned=1>"
FIGURES = ("id,group,label,value,unit,period,source,note\n"
           "fixture-count,fixture,Cases decided,3,cases,2026,scotus1994xcitement,A plain note\n")
KEY_FIGURES = """---
title: Key figures
description: Every figure.
reviewed: 2026-11-22
---

# Key figures {#key-figures}

{{figindex}}

{{figtable:fixture}}
"""
REFERENCES = """---
title: References
description: Every source.
reviewed: 2026-11-22
---

# References {#references}

<!-- references -->
"""


def yaml_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def poisoned_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("poisoned")
    home = (FIXTURE / "docs" / "index.md").read_text(encoding="utf-8")
    home = home.replace("title: Fixture home", f"title: {yaml_quoted(TITLE)}").replace(
        "description: A fixture page.", f"description: {yaml_quoted(DESCRIPTION)}")
    bib = (FIXTURE / "bibliography.bib").read_text(encoding="utf-8").replace(
        "{{Supreme Court of the United States}}", "{{" + INSTITUTION + "}}")
    config = fixture_site(tmp, bib=bib, pages={
        "index.md": home, "key-figures.md": KEY_FIGURES, "references.md": REFERENCES,
        "data/figures.csv": FIGURES,
    })
    result = mkdocs_build(config, tmp / "site")
    assert result.returncode == 0, result.stderr
    with serve(tmp / "site") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def visit(browser, url: str):
    """Open `url`; return (page, dialogs seen, context)."""
    context = browser.new_context(service_workers="block")
    origin = "/".join(url.split("/", 3)[:3]) + "/"
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(origin)
                  else route.abort())  # nothing leaves the machine
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)  # let any onerror handler fire
    return page, dialogs, context


@pytest.mark.parametrize("path", ["", "other/", "key-figures/", "references/"])
def test_no_script_runs_and_the_page_is_whole(browser, poisoned_site, path):
    page, dialogs, context = visit(browser, poisoned_site + path)
    try:
        assert page.evaluate("window.__pwned") is None
        assert dialogs == []
        assert page.locator("article.md-content__inner h1").count() == 1
        assert page.locator("footer.md-footer").count() == 1
        assert page.locator(".cle-page-notice").count() == 1, "the page after the JSON-LD was swallowed"
        # The poisoned title is in the nav of every page, as text.
        assert TITLE in page.locator("nav.md-nav--primary").inner_text()
    finally:
        context.close()


def test_poisoned_title_and_description_are_text(browser, poisoned_site):
    page, _, context = visit(browser, poisoned_site)
    try:
        # One title per page: <title>, the citation tags, JSON-LD and the cite box use the H1;
        # the front-matter title is the navigation label, printed in the nav and search.
        assert page.title() == "Fixture home - CSAM Law Explained"
        assert TITLE in page.locator(".md-nav").first.inner_text()
        assert page.locator(".md-nav script, .md-nav img").count() == 0
        assert page.locator('meta[name="description"]').get_attribute("content") == DESCRIPTION
        assert page.locator('meta[name="citation_title"]').get_attribute("content") == "Fixture home"
        data = page.evaluate("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)")
        assert data["headline"] == "Fixture home" and data["description"] == DESCRIPTION
        assert "Fixture home" in page.locator(".cle-cite pre").inner_text()
        assert page.evaluate("window.__pwned") is None
    finally:
        context.close()


def test_back_links_and_quotable_sentences_show_the_text(browser, poisoned_site):
    page, _, context = visit(browser, poisoned_site + "references/")
    try:
        assert TITLE in " ".join(page.locator(".cle-ref__cited").all_inner_texts())
        assert page.locator(".cle-ref__cited a").count() >= 2
    finally:
        context.close()
    page, _, context = visit(browser, poisoned_site + "key-figures/")
    try:
        assert INSTITUTION in page.locator(".cle-figure").first.inner_text()
        assert page.locator(".cle-figure img").count() == 0
    finally:
        context.close()


def test_search_results_show_the_poisoned_title_as_text(browser, poisoned_site):
    page, dialogs, context = visit(browser, poisoned_site + "other/")
    try:
        page.keyboard.press("/")
        page.keyboard.type("Poisoned")
        result = page.locator(".md-search-result__item").first
        result.wait_for()
        page.wait_for_timeout(300)
        assert page.evaluate("window.__pwned") is None and dialogs == []
        assert "Poisoned</title>" in page.locator(".md-search-result").inner_text()
    finally:
        context.close()
