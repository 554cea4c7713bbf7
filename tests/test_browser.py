"""The built site in a real browser: accessibility, privacy, keyboard use, phone layout.

Debian's Chromium (/usr/bin/chromium) driven by Playwright for Python, against
the real site (the session `site` fixture) served on 127.0.0.1 from a thread.
Every request a page makes is recorded, and any to another origin is aborted
before it leaves the machine, so these tests never reach the network.
Screenshots go to test-artifacts/ (gitignored) for a person to look at.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from conftest import PROJECT

from browser_support import DESKTOP, PHONE, chromium_missing, launch, pages, serve

if (missing := chromium_missing()) is not None:
    pytest.fail(missing + " Run `make test`, which installs it.", pytrace=False)

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

ARTIFACTS = PROJECT / "test-artifacts"
TOPIC = "mens-rea/mental-states/"          # a topic page with many citations
VARIANTS = [(scheme, width) for scheme in ("light", "dark") for width in ("phone", "desktop")]
SCHEME_ATTR = {"light": "default", "dark": "slate"}
VIEWPORT = {"phone": PHONE, "desktop": DESKTOP}


# -- fixtures ----------------------------------------------------------------

@pytest.fixture(scope="module")
def base_url(site):
    site_dir, _ = site
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def all_pages(site):
    found = pages(site[0])
    assert "" in found and "references/" in found and TOPIC in found, found
    return found


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


class Recorder:
    """Records every request of a browser context; aborts those to other origins."""

    def __init__(self, context, base_url: str):
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(base_url))
        self.local: list[str] = []
        self.foreign: list[str] = []
        context.route("**/*", self._route)
        context.on("request", self._request)

    def _is_local(self, url: str) -> bool:
        scheme = urlsplit(url).scheme
        return scheme in ("data", "blob") or url.startswith(self.origin + "/")

    def _route(self, route):
        if self._is_local(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def _request(self, request):
        (self.local if self._is_local(request.url) else self.foreign).append(request.url)


def new_page(browser, base_url, *, scheme="light", width="desktop"):
    context = browser.new_context(viewport=VIEWPORT[width], color_scheme=scheme,
                                  service_workers="block")
    recorder = Recorder(context, base_url)
    return context, context.new_page(), recorder


def format_violations(found: dict[str, list]) -> str:
    lines = []
    for path, violations in found.items():
        for v in violations:
            targets = ", ".join(" ".join(n["target"]) for n in v["nodes"][:3])
            lines.append(f"/{path}: {v['id']} ({v['impact']}): {v['help']} -> {targets}")
    return "\n".join(lines)


# -- accessibility -----------------------------------------------------------

@pytest.mark.parametrize("scheme,width", VARIANTS)
def test_axe_finds_no_violations_on_any_page(browser, base_url, all_pages, scheme, width):
    """axe-core's default rules (WCAG A/AA and best practices) on every page."""
    axe = Axe()
    context, page, _ = new_page(browser, base_url, scheme=scheme, width=width)
    found = {}
    try:
        for path in all_pages:
            page.goto(base_url + path, wait_until="load")
            assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEME_ATTR[scheme]
            results = axe.run(page)
            if results.response["violations"]:
                found[path] = results.response["violations"]
    finally:
        context.close()
    assert not found, f"axe violations ({scheme}, {width}):\n" + format_violations(found)


def test_axe_checks_the_sites_own_additions(browser, base_url):
    """The topic page really has the content note, cite box and footnotes axe checked."""
    context, page, _ = new_page(browser, base_url)
    try:
        page.goto(base_url + TOPIC)
        for selector in (".cle-content-note a", ".cle-cite pre", ".cle-page-notice",
                         "a.footnote-ref", ".footnote a.footnote-backref"):
            assert page.locator(selector).count() > 0, selector
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_open_search_with_results(browser, base_url, scheme):
    axe = Axe()
    context, page, _ = new_page(browser, base_url, scheme=scheme)
    try:
        page.goto(base_url + TOPIC)
        page.keyboard.press("/")
        page.keyboard.type("plea")
        page.locator(".md-search-result__item").first.wait_for()
        violations = axe.run(page).response["violations"]
    finally:
        context.close()
    assert not violations, format_violations({TOPIC + " (search open)": violations})


# -- privacy -----------------------------------------------------------------

def test_no_page_requests_another_host(browser, base_url, all_pages):
    context, page, recorder = new_page(browser, base_url, width="phone")
    try:
        for path in all_pages:
            page.goto(base_url + path, wait_until="networkidle")
        # The search worker fetches its index only when search is used.
        page.goto(base_url + TOPIC, wait_until="networkidle")
        page.keyboard.press("/")
        page.keyboard.type("plea")
        page.locator(".md-search-result__item").first.wait_for()
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert recorder.foreign == []
    # The recorder saw the site's own pages, styles, scripts and search index.
    assert any(u.endswith(".css") for u in recorder.local)
    assert any(u.endswith(".js") for u in recorder.local)
    assert any("search_index.json" in u for u in recorder.local)
    assert len({u for u in recorder.local if u.endswith("/")}) >= len(all_pages) - 1


def test_search_worker_and_index_load_only_when_search_is_used(browser, base_url):
    """A first view fetches neither the search worker nor the index; the first search starts both."""
    context, page, recorder = new_page(browser, base_url, width="phone")
    try:
        page.goto(base_url + TOPIC, wait_until="networkidle")
        assert any("bundle." in u for u in recorder.local)        # Material's script did load
        assert not [u for u in recorder.local if "/workers/search." in u or "search_index.json" in u]
        page.keyboard.press("/")
        page.keyboard.type("plea")
        page.locator(".md-search-result__item").first.wait_for()
        assert any("/workers/search." in u for u in recorder.local)
        assert any("search_index.json" in u for u in recorder.local)
    finally:
        context.close()


def test_recorder_blocks_and_reports_a_third_party_request(browser, base_url):
    """The privacy test can fail: a request to another host is caught (and aborted)."""
    context, page, recorder = new_page(browser, base_url)
    try:
        page.goto(base_url)
        page.evaluate("""() => { const i = new Image(); i.src = 'https://example.invalid/t.gif'; }""")
        page.wait_for_timeout(300)
    finally:
        context.close()
    assert recorder.foreign == ["https://example.invalid/t.gif"]


# -- keyboard ----------------------------------------------------------------

def focused(page, prop="outerHTML"):
    return page.evaluate(f"document.activeElement && document.activeElement.{prop}")


def tab_until(page, predicate_js: str, limit: int = 400) -> int:
    """Press Tab until `predicate_js` (about document.activeElement `el`) holds."""
    for count in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({predicate_js}); }})()"):
            return count
    raise AssertionError(f"not reached by {limit} presses of Tab: {predicate_js}")


def in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                      return r.bottom > 0 && r.top < window.innerHeight; }""", selector)


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_skip_link_is_first_and_moves_to_the_content(browser, base_url, width):
    context, page, _ = new_page(browser, base_url, width=width)
    try:
        page.goto(base_url + TOPIC)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.classList.contains('md-skip')")
        assert page.locator("a.md-skip").is_visible()
        target = page.evaluate("document.activeElement.getAttribute('href')")
        page.keyboard.press("Enter")
        page.wait_for_function("location.hash !== ''")
        assert page.evaluate("location.hash") == target
        assert in_viewport(page, target)
        # The next Tab goes into the article, not back to the header.
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('article')")
    finally:
        context.close()


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_search_opens_takes_a_query_and_follows_a_result_by_keyboard(browser, base_url, width):
    context, page, _ = new_page(browser, base_url, width=width)
    try:
        page.goto(base_url)
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.dataset.mdComponent") == "search-query"
        assert page.locator("input.md-search__input").is_visible()
        page.keyboard.type("willful blindness")
        # Results render as the index loads and the query settles: wait until
        # the list is final (its first link is the page searched for).
        expect(page.locator(".md-search-result__link").first).to_have_attribute(
            "href", re.compile("willful-blindness"))
        page.wait_for_load_state("networkidle")
        page.keyboard.press("ArrowDown")
        href = page.evaluate("document.activeElement.getAttribute('href')")
        assert href and "willful-blindness" in page.evaluate("document.activeElement.href")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r".*/willful-blindness/.*"))
        page.keyboard.press("Escape")
    finally:
        context.close()


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_palette_toggle_works_by_keyboard(browser, base_url, width):
    context, page, _ = new_page(browser, base_url, width=width)
    try:
        page.goto(base_url + TOPIC)
        assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
        tab_until(page, "el.name === '__palette'", limit=60)
        name = focused(page, "getAttribute('aria-label')")
        assert name == "Switch to dark mode"
        page.keyboard.press("Enter")
        page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        # Back again, and the choice survives a reload.
        page.reload()
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        tab_until(page, "el.name === '__palette'", limit=60)
        assert focused(page, "getAttribute('aria-label')") == "Switch to light mode"
        page.keyboard.press("Enter")
        page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
    finally:
        context.close()


def test_palette_toggle_is_named_for_what_it_does_when_the_system_is_dark(browser, base_url):
    context, page, _ = new_page(browser, base_url, scheme="dark")
    try:
        page.goto(base_url + TOPIC)
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        tab_until(page, "el.name === '__palette'", limit=60)
        assert focused(page, "getAttribute('aria-label')") == "Switch to light mode"
        page.keyboard.press("Enter")
        page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
    finally:
        context.close()


def test_citation_footnote_is_reachable_and_its_back_link_returns(browser, base_url):
    context, page, _ = new_page(browser, base_url, width="desktop")
    try:
        page.goto(base_url + TOPIC)
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")                      # skip to content
        tab_until(page, "el.classList.contains('footnote-ref')")
        ref_id = page.evaluate("document.activeElement.parentElement.id")   # fnrefN:key
        note = page.evaluate("document.activeElement.getAttribute('href')")  # #fn:key
        page.keyboard.press("Enter")
        page.wait_for_function(f"location.hash === {note!r}")
        note_sel = f"[id='{note[1:]}']"
        assert in_viewport(page, note_sel)
        assert page.locator(note_sel).inner_text().strip()
        tab_until(page, f"el.classList.contains('footnote-backref') && "
                        f"el.getAttribute('href') === '#{ref_id}'", limit=60)
        # Material hides back-links until hover or focus: focused, it shows.
        assert page.evaluate("getComputedStyle(document.activeElement).opacity") == "1"
        page.keyboard.press("Enter")
        page.wait_for_function(f"location.hash === '#{ref_id}'")
        assert in_viewport(page, f"[id='{ref_id}']")
    finally:
        context.close()


def test_footnote_back_links_are_visible_tap_targets_on_a_phone(browser, base_url):
    """One row per note, each back-link visible and at least 24 x 24 CSS px (WCAG 2.2 target size)."""
    context, page, _ = new_page(browser, base_url, width="phone")
    try:
        page.goto(base_url + TOPIC)
        boxes = page.evaluate("""() => [...document.querySelectorAll('.footnote li')].map(li => ({
            id: li.id,
            rows: li.querySelectorAll('.cle-backrefs').length,
            links: [...li.querySelectorAll('a.footnote-backref')].map(a => {
                const r = a.getBoundingClientRect(), s = getComputedStyle(a);
                return {w: r.width, h: r.height, opacity: s.opacity, visibility: s.visibility};
            })}))""")
        assert len(boxes) > 5
        for note in boxes:
            assert note["rows"] == 1, note["id"]
            for link in note["links"]:
                assert link["w"] >= 24 and link["h"] >= 24, note
                assert link["opacity"] == "1" and link["visibility"] == "visible", note
        assert any(len(note["links"]) > 1 for note in boxes)  # the page has a note cited more than once
    finally:
        context.close()


# -- phone layout and screenshots ----------------------------------------------

def test_no_page_scrolls_sideways_on_a_phone(browser, base_url, all_pages):
    context, page, _ = new_page(browser, base_url, width="phone")
    wide = {}
    try:
        for path in all_pages:
            page.goto(base_url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                wide[path] = width
    finally:
        context.close()
    assert wide == {}


@pytest.mark.parametrize("name,path", [("home", ""), ("topic", TOPIC)])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_screenshots(browser, base_url, name, path, scheme):
    """Saved for a person to look at; checked here for a header and readable text."""
    ARTIFACTS.mkdir(exist_ok=True)
    context, page, _ = new_page(browser, base_url, scheme=scheme, width="phone")
    try:
        page.goto(base_url + path, wait_until="networkidle")
        shots = {
            f"phone-{name}-{scheme}.png": dict(full_page=False),
            f"phone-{name}-{scheme}-full.png": dict(full_page=True),
        }
        for file, options in shots.items():
            page.screenshot(path=str(ARTIFACTS / file), **options)
            assert (ARTIFACTS / file).stat().st_size > 10_000
        assert page.locator("header.md-header").is_visible()
        h1 = page.locator("article h1").first
        assert h1.is_visible()
        size = float(h1.evaluate("el => getComputedStyle(el).fontSize").rstrip("px"))
        body = float(page.locator("article p").first.evaluate(
            "el => getComputedStyle(el).fontSize").rstrip("px"))
        assert body >= 14 and size > body
    finally:
        context.close()
