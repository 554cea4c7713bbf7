"""The site works under its strict Content Security Policy, in Chromium, with zero violations.

The real site (the session `site` fixture) is served on 127.0.0.1 with the
policy of site/_headers sent as an HTTP header on every response (as Netlify
or Cloudflare Pages would), on top of each page's own <meta> policy. Pages
load, search runs (worker and index), a footnote's tooltip opens on hover,
the palette toggles; every `securitypolicyviolation` event and every console
error fails the test.
"""

from __future__ import annotations

import functools
import http.server
import re
import sys
import threading

import pytest
from conftest import PROJECT

from browser_support import DESKTOP, chromium_missing, launch

if (missing := chromium_missing()) is not None:
    pytest.fail(missing + " Run `make test`, which installs it.", pytrace=False)

from playwright.sync_api import expect, sync_playwright  # noqa: E402

sys.path.insert(0, str(PROJECT / "hooks"))
import csp  # noqa: E402

TOPIC = "mens-rea/mental-states/"
PAGES = ["", TOPIC, "prosecution-gaps/pipeline/", "references/", "help/", "no-such-page/"]
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));
"""


def read_headers(site_dir) -> dict[str, str]:
    lines = (site_dir / "_headers").read_text(encoding="utf-8").splitlines()
    assert "/*" in lines, "site/_headers must apply to every path"
    return dict(line.strip().split(": ", 1) for line in lines if line.startswith("  "))


class _Handler(http.server.SimpleHTTPRequestHandler):
    extra_headers: dict[str, str] = {}

    def end_headers(self):
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        if code == 404:  # the site's 404 page, as a static host serves it
            body = (self.site / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture(scope="module")
def served(site):
    site_dir, _ = site
    headers = read_headers(site_dir)
    handler = type("Handler", (_Handler,), {"extra_headers": headers, "site": site_dir})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", headers
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def open_page(browser, url):
    context = browser.new_context(viewport=DESKTOP, service_workers="block")
    context.add_init_script(WATCH)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console {m.type}: {m.text} ({m.location.get('url')})")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.on("worker", lambda w: w.on("console", lambda m: errors.append(f"worker console {m.type}: {m.text}")
                                      if m.type == "error" else None))
    return context, page, errors


def problems(page, errors, missing_url=None) -> list[str]:
    found = list(page.evaluate("window.__csp")) + errors
    if missing_url:  # the 404 page's own status, which Chromium logs as an error (nothing else may 404)
        found = [e for e in found if not ("404 (Not Found)" in e and e.endswith(f"({missing_url})"))]
    return found


def test_the_header_carries_the_policy_with_every_hash(served, site):
    _, headers = served
    value = headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in value and "'unsafe-eval'" not in value
    assert value.startswith("default-src 'self'; script-src 'self' 'sha256-")
    assert "style-src 'self';" in value and "frame-ancestors 'none'" in value
    for page in (site[0] / "index.html", site[0] / TOPIC / "index.html"):
        html = page.read_text(encoding="utf-8")
        for source in csp.script_hashes(html):
            assert source in value
        assert re.search(r'<head>\s*<meta charset="utf-8"><meta http-equiv="Content-Security-Policy"', html)


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_with_zero_violations(browser, served, path):
    base, _ = served
    context, page, errors = open_page(browser, base + path)
    try:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        # Material's bundle ran (it adds the js class and wires the header).
        page.wait_for_function("document.documentElement.classList.contains('js')")
        assert problems(page, errors, missing_url=base + path if path == "no-such-page/" else None) == []
    finally:
        context.close()


def test_search_returns_results_with_zero_violations(browser, served):
    base, _ = served
    context, page, errors = open_page(browser, base)
    try:
        page.goto(base)
        page.keyboard.press("/")
        page.keyboard.type("willful blindness")
        expect(page.locator(".md-search-result__link").first).to_have_attribute(
            "href", re.compile("willful-blindness"))
        assert "Initializing search" not in page.locator(".md-search-result__meta").inner_text()
        assert problems(page, errors) == []
    finally:
        context.close()


def test_footnote_tooltip_and_palette_work_with_zero_violations(browser, served):
    base, _ = served
    context, page, errors = open_page(browser, base + TOPIC)
    try:
        page.goto(base + TOPIC)
        page.locator("a.footnote-ref").first.hover()
        tip = page.locator(".md-tooltip2--active .md-tooltip2__inner")
        expect(tip).to_be_visible()
        assert tip.inner_text().strip()
        page.locator("label[for^='__palette']:visible").first.click()
        page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        assert problems(page, errors) == []
    finally:
        context.close()


def test_table_alignment_survives_without_inline_styles(browser, served):
    base, _ = served
    context, page, errors = open_page(browser, base + "prosecution-gaps/pipeline/")
    try:
        page.goto(base + "prosecution-gaps/pipeline/")
        cell = page.locator("td.cle-align-right").first
        assert cell.evaluate("el => getComputedStyle(el).textAlign") == "right"
        assert problems(page, errors) == []
    finally:
        context.close()


def test_an_injected_inline_script_is_blocked(browser, served):
    """The policy is real: a script the build did not hash does not run, and is reported."""
    base, _ = served
    context, page, errors = open_page(browser, base)
    try:
        page.goto(base)
        page.evaluate("""() => { const s = document.createElement('script');
            s.textContent = 'window.__ran = true'; document.body.appendChild(s); }""")
        page.wait_for_function("window.__csp.length > 0")
        assert page.evaluate("window.__ran") is None
        assert any(v.startswith("script-src") for v in page.evaluate("window.__csp"))
    finally:
        context.close()
