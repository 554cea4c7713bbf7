"""Reading on a phone, and the details a reader trips on (issue 16).

The first half checks the built HTML and the hooks' pure functions; the second
runs the site in Debian's Chromium (Playwright), at 390 x 844 and 1280 x 800,
in the light and the dark scheme: tables, charts, footnote markers, the first
screen, section links, search ranking, and the help link online and offline.
"""

from __future__ import annotations

import html as htmllib
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import PROJECT, fixture_site, mkdocs_build

from browser_support import chromium_missing, launch, pages, serve

sys.path.insert(0, str(PROJECT / "hooks"))
import metadata  # noqa: E402
import reading  # noqa: E402

SITE_NAME = "CSAM Law Explained"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
VARIANTS = [(scheme, width) for scheme in ("light", "dark") for width in ("phone", "desktop")]
TABLE_PAGES = ["mens-rea/inadvertent-access/", "international-law/country-comparison/", "prosecution-gaps/pipeline/"]
CHART_PAGES = ["prosecution-gaps/pipeline/", "prosecution-gaps/generative-ai/"]
TOPIC = "mens-rea/mental-states/"
ARTIFACTS = PROJECT / "test-artifacts"


def soup_of(site_dir: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def content_pages(site_dir: Path) -> list[str]:
    return [p for p in pages(site_dir) if p != "404.html"]


def topic_pages(site_dir: Path) -> list[str]:
    """Pages inside the four topic sections."""
    return [p for p in content_pages(site_dir)
            if p.split("/")[0] in {"mens-rea", "prosecution-gaps", "plea-bargaining", "international-law"}]


# -- pure functions ----------------------------------------------------------

def test_wide_tables_get_labelled_cells_and_narrow_ones_do_not():
    wide = ("<table>\n<thead>\n<tr>\n<th>Case</th>\n<th>Court &amp; year</th>\n<th>Outcome</th>\n</tr>\n</thead>\n"
            "<tbody>\n<tr>\n<td><em>A</em></td>\n<td>9th Cir.</td>\n<td style=\"text-align: right;\">Won</td>\n"
            "</tr>\n</tbody>\n</table>")
    out = reading.label_table_cells(wide)
    assert out.startswith("<table data-cards>")
    assert '<td data-label="Case"><em>A</em>' in out
    assert '<td data-label="Court &amp; year">9th Cir.' in out
    assert '<td data-label="Outcome" style="text-align: right;">Won' in out
    narrow = "<table>\n<thead>\n<tr>\n<th>Term</th>\n<th>Meaning</th>\n</tr>\n</thead>\n<tbody><tr><td>a</td><td>b</td></tr></tbody></table>"
    assert reading.label_table_cells(narrow) == narrow


def test_only_the_first_use_of_an_abbreviation_is_marked():
    text = ('<h1>The <abbr title="Model Penal Code">MPC</abbr></h1><p>The <abbr title="Model Penal Code">MPC</abbr> '
            'and <abbr title="child sexual abuse material">CSAM</abbr>; <abbr title="Model Penal Code">MPC</abbr>.</p>')
    assert reading.first_abbr_only(text) == (
        '<h1>The <abbr title="Model Penal Code">MPC</abbr></h1><p>The MPC '
        'and <abbr title="child sexual abuse material">CSAM</abbr>; MPC.</p>')


def test_the_source_article_links_to_the_methodology_once_outside_headings():
    text = ('<h2 id="x">What the source article said</h2><p class="t">What the source article said</p>'
            '<p>Again, the source article.</p>')
    out = reading.link_source_article(text, "../about/#where-the-content-came-from")
    assert out.count("<a ") == 1
    assert '<h2 id="x">What the source article said</h2>' in out
    assert '<p class="t">What <a href="../about/#where-the-content-came-from">the source article</a> said</p>' in out
    assert reading.link_source_article("<p>No mention.</p>", "x") == "<p>No mention.</p>"


def test_title_rule_functions():
    assert metadata.h1_titles('<h1 id="a">Is it <em>so</em>?<a class="headerlink" href="#a">&para;</a></h1>') == ["Is it so?"]
    nav = [{"Home": "index.md"}, {"Mens rea": ["mens-rea/index.md", {"Short": "mens-rea/x.md"}]}, "a.md"]
    assert metadata.labelled_nav_pages(nav) == ["nav > Home: index.md", "nav > Mens rea > Short: mens-rea/x.md"]


# -- the built site ----------------------------------------------------------

def test_one_title_per_page(site):
    """H1 = <title> (with the site's name) = citation, Open Graph and cite-box title; the nav
    label is the front matter's short title; the home page's title is the site's name."""
    site_dir, _ = site
    problems = []
    for path in content_pages(site_dir):
        soup = soup_of(site_dir, path)
        h1s = soup.select("article h1")
        if len(h1s) != 1:
            problems.append(f"/{path}: {len(h1s)} H1")
            continue
        for link in h1s[0].select("a.headerlink"):
            link.decompose()
        h1 = " ".join(h1s[0].get_text().split())
        title = soup.title.get_text()
        expected = SITE_NAME if h1 == SITE_NAME else f"{h1} - {SITE_NAME}"
        if title != expected:
            problems.append(f"/{path}: <title> {title!r} is not {expected!r}")
        for attrs in ({"name": "citation_title"}, {"property": "og:title"}, {"name": "twitter:title"}):
            tag = soup.find("meta", attrs=attrs)
            if tag is None or tag["content"] != h1:
                problems.append(f"/{path}: {attrs} is not the H1 {h1!r}")
        cite = soup.select_one(".cle-cite pre").get_text()
        if f"\u201c{h1}.\u201d" not in cite:
            problems.append(f"/{path}: the cite box does not quote the H1")
        active = soup.select_one(".md-sidebar--primary .md-nav__link--active")
        src = "index.md" if path == "" else (path.rstrip("/") + ".md")
        md = PROJECT / "docs" / src
        if not md.exists():
            md = PROJECT / "docs" / (path + "index.md")
        short = re.search(r"^title:\s*(.+)$", md.read_text(encoding="utf-8"), re.M).group(1).strip().strip('"\'')
        if active is not None and " ".join(active.get_text(" ").split()) != short:
            problems.append(f"/{path}: nav label {active.get_text(strip=True)!r} is not the front matter title {short!r}")
    assert problems == []
    assert soup_of(site_dir, "").title.get_text() == SITE_NAME


def test_a_labelled_nav_page_fails_the_build(tmp_path):
    config = fixture_site(tmp_path, nav=[{"Another label": "index.md"}])
    result = mkdocs_build(config, tmp_path / "out")
    assert result.returncode != 0
    assert "list pages in `nav:` without a label" in result.stderr and "Another label: index.md" in result.stderr


def test_abbreviations_are_marked_once_per_page(site):
    site_dir, _ = site
    for path in content_pages(site_dir):
        terms = [a.get_text() for a in soup_of(site_dir, path).select("article abbr")]
        assert len(terms) == len(set(terms)), f"/{path}: {sorted(t for t in terms if terms.count(t) > 1)}"


def test_the_source_article_is_linked_on_first_mention(site):
    site_dir, _ = site
    for path in ("mens-rea/", "international-law/"):
        links = [a for a in soup_of(site_dir, path).select("article a[href]") if "source article" in a.get_text()]
        assert len(links) == 1, path
        target = urlsplit(links[0]["href"])
        assert target.path.endswith("about/") and target.fragment == "where-the-content-came-from"
        assert soup_of(site_dir, "about/").find(id=target.fragment) is not None


def test_no_doubled_percent_on_any_page(site):
    site_dir, _ = site
    for path in content_pages(site_dir):
        text = soup_of(site_dir, path).select_one("article").get_text(" ")
        assert not re.search(r"%\s*(percent|per cent)", text), path


def test_help_page_starts_with_the_emergency_advice(site):
    site_dir, _ = site
    article = soup_of(site_dir, "help/").select_one("article")
    first_h2 = article.find("h2")
    assert first_h2["id"] == "child-in-danger-now"
    first_point = article.select_one(".admonition.abstract li").get_text(" ")
    assert "emergency number" in first_point and "immediate danger" in first_point


def test_published_builds_need_a_site_url():
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    for target in ("build", "pdf", "offline"):
        # The check is the target's first prerequisite, so nothing is built when it refuses.
        result = subprocess.run(["make", "-s", target], cwd=PROJECT, env=env, capture_output=True, text=True,
                                timeout=120)
        assert result.returncode != 0, target
        assert "SITE_URL is not set" in result.stdout + result.stderr, target
    ok = subprocess.run(["make", "-s", "site-url"], cwd=PROJECT, capture_output=True, text=True,
                        env={**env, "SITE_URL": "https://example.org/csam-law/"})
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = subprocess.run(["make", "-s", "site-url"], cwd=PROJECT, capture_output=True, text=True,
                         env={**env, "SITE_URL": "example.org"})
    assert bad.returncode != 0 and "must be an http(s) address" in bad.stdout


# -- the offline copy ----------------------------------------------------------

@pytest.fixture(scope="module")
def offline_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("offline-links") / "site"
    env = {**os.environ, "OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(out)],
                            cwd=PROJECT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_every_link_in_the_offline_copy_opens_a_file(offline_site):
    """From file://, a link works only if it names an existing file (no directory index)."""
    broken = []
    for page in offline_site.rglob("*.html"):
        if page.name == "404.html":
            continue  # shown by a web server for a missing address; nothing links to it from file://
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for a in soup.find_all("a", href=True):
            href = htmllib.unescape(a["href"])
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("#", "//", "mailto:")) or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                broken.append(f"{page.relative_to(offline_site)}: {href}")
    assert broken == [], "\n".join(sorted(set(broken))[:40])


# -- in Chromium ---------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    if (missing := chromium_missing()) is not None:
        pytest.fail(missing, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def base_url(site):
    with serve(site[0]) as url:
        yield url


def open_page(browser, url, *, scheme="light", width="phone", touch=False):
    context = browser.new_context(viewport=VIEWPORTS[width], color_scheme=scheme, service_workers="block",
                                  has_touch=touch, is_mobile=touch)
    context.route(re.compile(r"^(?!http://127\.0\.0\.1|file:|data:|blob:).*"), lambda route: route.abort())
    page = context.new_page()
    page.goto(url, wait_until="load")
    return context, page


CELLS_OUTSIDE = """() => {
  const vw = document.documentElement.clientWidth, out = [];
  for (const td of document.querySelectorAll('article td, article th')) {
    if (td.closest('thead') && getComputedStyle(td.closest('thead')).position === 'absolute') continue;
    const r = td.getBoundingClientRect();
    const wrap = td.closest('.md-typeset__scrollwrap');
    const clip = wrap ? wrap.getBoundingClientRect() : {left: 0, right: vw};
    if (r.left < Math.max(0, clip.left) - 1 || r.right > Math.min(vw, clip.right) + 1)
      out.push(td.textContent.trim().slice(0, 40) + ' @' + Math.round(r.left) + '-' + Math.round(r.right));
  }
  return out;
}"""


@pytest.mark.parametrize("scheme,width", VARIANTS)
def test_every_table_cell_is_inside_the_screen(browser, base_url, scheme, width):
    context, page = open_page(browser, base_url, scheme=scheme, width=width)
    try:
        for path in TABLE_PAGES:
            page.goto(base_url + path, wait_until="load")
            assert page.locator("article table").count() > 0, path
            outside = page.evaluate(CELLS_OUTSIDE)
            assert outside == [], f"/{path} ({scheme}, {width}): {outside[:5]}"
            if width == "phone":
                # Each cell shows its column's name, read from the header.
                label = page.evaluate("""() => { const td = document.querySelector('article table[data-cards] td');
                                                 return getComputedStyle(td, '::before').content; }""")
                assert label.strip('"') and label != "none", path
        if width == "phone" and scheme == "light":
            ARTIFACTS.mkdir(exist_ok=True)
            page.goto(base_url + TABLE_PAGES[0], wait_until="load")
            page.locator("article table").first.screenshot(path=str(ARTIFACTS / "phone-table-after.png"))
    finally:
        context.close()


CHART_TEXT = """async () => {
  const out = [];
  for (const img of document.querySelectorAll('article img.cle-chart')) {
    if (!img.offsetParent) continue;                 // the other scheme's picture
    img.scrollIntoView();
    if (!img.complete || !img.naturalWidth) await new Promise(r => img.addEventListener('load', r, {once: true}));
    const svg = await (await fetch(img.currentSrc)).text();
    const viewBox = svg.match(/viewBox="0 0 ([\\d.]+)/)[1];
    const scales = [...svg.matchAll(/scale\\(([\\d.]+) -[\\d.]+\\)/g)].map(m => parseFloat(m[1]) * 100);
    const px = Math.min(...scales) * img.getBoundingClientRect().width / parseFloat(viewBox);
    out.push({src: img.currentSrc.split('/').pop(), px, alt: img.alt});
  }
  return out;
}"""


@pytest.mark.parametrize("scheme,width", VARIANTS)
def test_chart_text_is_at_least_12px_in_the_readers_scheme(browser, base_url, scheme, width):
    context, page = open_page(browser, base_url, scheme=scheme, width=width)
    try:
        seen = 0
        for path in CHART_PAGES:
            page.goto(base_url + path, wait_until="load")
            for chart in page.evaluate(CHART_TEXT):
                seen += 1
                assert chart["px"] >= 12, chart
                assert f"-{width}-{'dark' if scheme == 'dark' else 'light'}.svg" in chart["src"], chart
                assert not re.match(r"^[a-z0-9-]+$", chart["alt"].split()[0]) and " Bar chart: " in chart["alt"]
        assert seen == 3
        if width == "phone":
            ARTIFACTS.mkdir(exist_ok=True)
            page.goto(base_url + CHART_PAGES[0], wait_until="load")
            figure = page.locator("article figure.cle-chart-figure").first
            figure.scroll_into_view_if_needed()
            page.wait_for_timeout(300)
            figure.screenshot(path=str(ARTIFACTS / f"phone-chart-{scheme}-after.png"))
    finally:
        context.close()


FOOTNOTE_TARGETS = """() => {
  const rects = [...document.querySelectorAll('article a.footnote-ref')].map(a => a.getBoundingClientRect());
  const small = rects.filter(r => r.width < 24 || r.height < 24).length;
  let overlaps = 0;
  for (let i = 1; i < rects.length; i++) {
    const a = rects[i - 1], b = rects[i];
    if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) overlaps++;
  }
  return {count: rects.length, small, overlaps};
}"""


@pytest.mark.parametrize("scheme,width", VARIANTS)
def test_footnote_markers_are_24px_targets(browser, base_url, scheme, width):
    context, page = open_page(browser, base_url + TOPIC, scheme=scheme, width=width)
    try:
        found = page.evaluate(FOOTNOTE_TARGETS)
        assert found["count"] > 10 and found["small"] == 0 and found["overlaps"] == 0, found
        # The line around a marker keeps its height: markers do not push lines apart.
        heights = page.evaluate("""() => { const p = document.querySelector('article a.footnote-ref').closest('p, li');
                                          const s = getComputedStyle(p); return [p.getBoundingClientRect().height,
                                          parseFloat(s.lineHeight)]; }""")
        assert heights[0] % heights[1] < 2 or heights[1] - heights[0] % heights[1] < 2, heights
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_tapping_a_footnote_marker_shows_the_note_in_place(browser, base_url, scheme):
    context, page = open_page(browser, base_url + TOPIC, scheme=scheme, width="phone", touch=True)
    try:
        assert page.evaluate("matchMedia('(hover: none)').matches")
        ref = page.locator("article a.footnote-ref").nth(2)
        ref.scroll_into_view_if_needed()
        before = page.evaluate("[scrollY, location.hash]")
        note_id = ref.get_attribute("href")[1:]
        ref.tap()
        pop = page.locator(".cle-fn-pop")
        pop.wait_for(state="visible")
        assert page.evaluate("[scrollY, location.hash]") == before          # no jump to the list
        note = page.evaluate(f"document.getElementById({note_id!r}).textContent")
        shown = pop.locator(".cle-fn-pop__text").inner_text()
        assert shown.split()[:6] == note.split()[:6]
        box = pop.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"] + 1
        from axe_playwright_python.sync_playwright import Axe

        violations = Axe().run(page).response["violations"]
        assert violations == [], [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
        if scheme == "light":
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "phone-footnote-after.png"))
        pop.get_by_role("button", name="Close").tap()
        pop.wait_for(state="detached")
        # "Go to the note" still reaches the list.
        ref.tap()
        page.locator(".cle-fn-pop a", has_text="Go to the note").tap()
        page.wait_for_function(f"location.hash === '#' + {note_id!r}")
    finally:
        context.close()


FIRST_SCREEN = """() => {
  const h1 = document.querySelector('article h1');
  let next = h1.nextElementSibling;
  // skip blank nodes and the "Published …, last updated …" line (page metadata, not content)
  while (next && (!next.textContent.trim() || next.matches('.cle-history'))) next = next.nextElementSibling;
  const first = next.matches('.admonition') ? next.querySelector('li, p:not(.admonition-title)') : next;
  const style = getComputedStyle(first);
  const firstLine = first.getBoundingClientRect().top + parseFloat(style.lineHeight || style.fontSize);
  const body = document.querySelector('article > p:not(.cle-content-note):not(.cle-history)') || first;
  const points = document.querySelector('article .admonition.abstract li');
  return {h1Top: h1.getBoundingClientRect().top, h1Bottom: h1.getBoundingClientRect().bottom, firstLine,
          firstBottom: first.getBoundingClientRect().bottom, height: innerHeight,
          h1Colour: getComputedStyle(h1).color, textColour: getComputedStyle(body).color,
          points: points ? parseFloat(getComputedStyle(points).fontSize) : null,
          body: parseFloat(getComputedStyle(body).fontSize)};
}"""


@pytest.mark.parametrize("scheme,width", VARIANTS)
def test_title_and_first_lines_are_on_the_first_screen(browser, base_url, site, scheme, width):
    context, page = open_page(browser, base_url, scheme=scheme, width=width)
    problems = []
    try:
        for path in topic_pages(site[0]) + ["help/"]:
            page.goto(base_url + path, wait_until="load")
            m = page.evaluate(FIRST_SCREEN)
            if not (m["h1Bottom"] < m["height"] and m["firstLine"] <= m["height"]):
                problems.append(f"/{path}: title ends at {m['h1Bottom']:.0f}, first line at {m['firstLine']:.0f} "
                                f"of {m['height']}")
            # The first key point (or paragraph) is whole on the first screen, and the
            # content note leaves the title near the top (it started at 179-223 px).
            if m["firstBottom"] > m["height"] or (width == "phone" and m["h1Top"] > 150):
                problems.append(f"/{path}: title at {m['h1Top']:.0f} px, first point ends at {m['firstBottom']:.0f}")
            if m["h1Colour"] != m["textColour"]:
                problems.append(f"/{path}: H1 {m['h1Colour']} is not the text colour {m['textColour']}")
            if m["points"] is not None and m["points"] < m["body"]:
                problems.append(f"/{path}: key points at {m['points']} px, body at {m['body']} px")
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_section_and_figure_links_are_visible_and_tappable(browser, base_url, width):
    touch = width == "phone"
    context, page = open_page(browser, base_url + TOPIC, width=width, touch=touch)
    try:
        link = page.locator("article h2 a.headerlink").first
        if touch:
            assert link.is_visible() and float(link.evaluate("el => getComputedStyle(el).opacity")) == 1
            box = link.bounding_box()
            assert box["width"] >= 24 and box["height"] >= 24
            # Tapping it goes to the section and copies the section's full address.
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
            href = link.get_attribute("href")
            link.tap()
            page.locator(".cle-copied:not(:empty)").wait_for()
            assert page.evaluate("navigator.clipboard.readText()") == base_url + TOPIC + href
            assert page.evaluate("location.hash") == href
        page.goto(base_url + "key-figures/", wait_until="load")
        figure_link = page.locator("article a.cle-figure-link").first
        assert figure_link.is_visible()
        box = figure_link.bounding_box()
        assert box["height"] >= 24
        target = figure_link.get_attribute("href")
        figure_link.tap() if touch else figure_link.click()
        page.wait_for_function(f"location.hash === {target!r}")
    finally:
        context.close()


# The readers' likeliest queries and the page each must bring first.
QUERIES = {
    "mens rea": "mens-rea/",
    "paroline v united states": "plea-bargaining/after-the-plea/",
    "report csam": "help/",
    "willful blindness": "mens-rea/willful-blindness/",
    "plea bargaining": "plea-bargaining/",
    "cache": "mens-rea/inadvertent-access/",
    "strict liability": "mens-rea/stricter-states/",
    "generative ai": "prosecution-gaps/generative-ai/",
    "lanzarote convention": "international-law/treaties/",
    "how many countries": "international-law/global-survey/",
}


def test_search_brings_the_right_page_first(browser, base_url):
    from playwright.sync_api import expect

    context, page = open_page(browser, base_url, width="desktop")
    wrong = {}
    try:
        for query, expected in QUERIES.items():
            page.goto(base_url, wait_until="load")
            page.keyboard.press("/")
            page.keyboard.type(query)
            first = page.locator(".md-search-result__item > .md-search-result__link").first
            try:
                expect(first).to_have_attribute("href", re.compile(r"^" + re.escape(base_url + expected) + r"\?h="),
                                                timeout=5000)
            except AssertionError:
                wrong[query] = first.get_attribute("href")
    finally:
        context.close()
    assert wrong == {}


@pytest.mark.parametrize("where", [".cle-content-note a", ".md-copyright a:has-text('get help')"])
def test_help_link_opens_the_help_page_online(browser, base_url, where):
    context, page = open_page(browser, base_url + TOPIC, width="phone")
    try:
        page.locator(where).first.click()
        page.wait_for_url(re.compile(r".*/help/$"))
        assert "report child sexual abuse material" in page.locator("article h1").inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("where", [".cle-content-note a", ".md-copyright a:has-text('get help')"])
def test_help_link_opens_the_help_page_offline(browser, offline_site, where):
    context, page = open_page(browser, (offline_site / "mens-rea" / "mental-states.html").as_uri(), width="phone")
    try:
        page.locator(where).first.click()
        page.wait_for_url(re.compile(r".*/help\.html$"))
        assert "report child sexual abuse material" in page.locator("article h1").inner_text()
    finally:
        context.close()


def test_sidebar_title_covers_no_section_heading(browser, base_url):
    """Desktop: with the navigation scrolled to the current page, every section heading
    in the sidebar is itself at its centre (the site's name no longer sits on top of it)."""
    context, page = open_page(browser, base_url + "plea-bargaining/state-practice/", width="desktop")
    try:
        covered = page.evaluate("""() => {
          const wrap = document.querySelector('.md-sidebar--primary .md-sidebar__scrollwrap');
          const title = document.querySelector('.md-sidebar--primary .md-nav--primary > .md-nav__title');
          const out = [];
          for (let top = 0; top <= wrap.scrollHeight; top += 20) {
            wrap.scrollTop = top;
            const t = title.getBoundingClientRect();
            if (!t.height) continue;
            for (const label of document.querySelectorAll('.md-sidebar--primary .md-nav__item--section > .md-nav__link')) {
              const r = label.getBoundingClientRect();
              if (r.height && r.top < t.bottom - 1 && r.bottom > t.top + 1)
                out.push(label.textContent.trim() + ' under the title at scroll ' + top);
            }
          }
          return out;
        }""")
    finally:
        context.close()
    assert covered == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_key_figures_quotable_text_is_at_full_contrast(browser, base_url, scheme):
    context, page = open_page(browser, base_url + "key-figures/", scheme=scheme, width="phone")
    try:
        colours = page.evaluate("""() => [getComputedStyle(document.querySelector('.cle-figure blockquote')).color,
                                          getComputedStyle(document.querySelector('article > p:not(.cle-content-note):not(.cle-history)')).color]""")
    finally:
        context.close()
    assert colours[0] == colours[1], colours
