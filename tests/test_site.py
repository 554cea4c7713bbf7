"""The real site: it builds strictly, every citation resolves, every page meets the page standard."""

import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from conftest import PROJECT
from mkdocs.utils import meta as front_matter

sys.path.insert(0, str(PROJECT / "hooks"))
import bibliography  # noqa: E402
import pages  # noqa: E402

DOCS = PROJECT / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md"))
CONTENT = [p for p in PAGES if p.name != "references.md"]


def html_pages(site_dir):
    return [p for p in site_dir.rglob("*.html") if "assets" not in p.parts]


def page_html(site_dir, md: Path) -> BeautifulSoup:
    rel = md.relative_to(DOCS).as_posix()
    rel = rel[:-len("index.md")] if rel.endswith("index.md") else rel[:-3] + "/"
    return BeautifulSoup((site_dir / rel / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_builds_strict_without_warnings(site):
    _, log = site
    assert not [line for line in log.splitlines() if "WARNING" in line], log


def test_no_citation_syntax_survives(site):
    site_dir, _ = site
    leftovers = [p for p in html_pages(site_dir) if "[@" in p.read_text(encoding="utf-8")]
    assert leftovers == []


def test_every_footnote_reference_has_its_footnote(site):
    site_dir, _ = site
    checked = 0
    for path in html_pages(site_dir):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for ref in soup.select("a.footnote-ref"):
            target = ref["href"].lstrip("#")
            assert soup.find(id=target), f"{path}: footnote {target} missing"
            checked += 1
    assert checked > 300


def test_footnotes_link_to_their_sources(site):
    """Each footnote carries the link of its bibliography entry."""
    site_dir, _ = site
    bib = bibliography.parse_bibliography((PROJECT / "bibliography.bib").read_text(encoding="utf-8"))
    checked = 0
    for path in html_pages(site_dir):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for li in soup.select("div.footnote li[id]"):
            key = li["id"].removeprefix("fn:")
            url = bib.entries[key].fields.get("url") if key in bib.entries else None
            if url:
                hrefs = [a.get("href") for a in li.find_all("a")]
                assert url in hrefs, f"{path}: footnote {key} does not link {url}"
                checked += 1
    assert checked > 300


def test_footnotes_read_as_citations_with_one_back_link_row(site):
    """No "URL:" label or abbreviation in a note, no research note, one visible back-link row each,
    and adjacent calls in ascending order."""
    site_dir, _ = site
    checked = 0
    for path in html_pages(site_dir):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for li in soup.select("div.footnote li[id]"):
            text = li.get_text(" ")
            assert "URL:" not in text and not li.find("abbr", string="URL"), f"{path}: {li['id']}"
            rows = li.select(".cle-backrefs")
            assert len(rows) == 1 and rows[0].select("a.footnote-backref"), f"{path}: {li['id']}"
            assert len(li.select("a.footnote-backref")) == len(rows[0].select("a.footnote-backref"))
            assert "Back to text" in rows[0].get_text()
            checked += 1
        for p in soup.select("div.md-content p, div.md-content li"):
            numbers = []
            for sup in p.find_all("sup", id=True):
                numbers.append(int(sup.a.get_text()))
                following = sup.next_sibling
                if following is not None and "cle-fn-sep" in (getattr(following, "get", lambda *_: [])("class") or []):
                    following = following.next_sibling  # the comma between two calls
                if following is None or getattr(following, "name", None) != "sup":
                    assert numbers == sorted(numbers), f"{path}: calls {numbers} out of order"
                    numbers = []
    assert checked > 300


@pytest.mark.parametrize("md", CONTENT, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_page_standard(md, site):
    """Front matter, explicit heading ids, a key-points box and the notices."""
    text = md.read_text(encoding="utf-8")
    body, meta = front_matter.get_data(text)
    for field in ("title", "description", "reviewed"):
        assert meta.get(field), f"{md}: front matter lacks '{field}'"
    assert pages.blank_problems(body, str(md)) == []
    assert pages.heading_problems(body, str(md)) == []
    soup = page_html(site[0], md)
    titles = [t.get_text(strip=True) for t in soup.select(".admonition.abstract .admonition-title")]
    assert "Key points" in titles, f"{md}: no key-points box"
    assert "Not legal advice." in soup.get_text(" ")
    rel = md.relative_to(DOCS).as_posix()
    url = "/" + (rel[:-len("index.md")] if rel.endswith("index.md") else rel[:-3] + "/")
    links = [urljoin(url, a["href"]) for a in soup.select(".cle-content-note a[href]")]
    assert "/help/" in links, f"{md}: no content note with a help link"


def test_every_page_reaches_help_in_one_click(site):
    site_dir, _ = site
    for path in html_pages(site_dir):
        if path.parent.name in {"cite"} or path.name != "index.html":
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a redirect page
        url = "/" + path.parent.relative_to(site_dir).as_posix() + "/"
        footer = soup.select_one(".md-copyright")
        links = [urljoin(url, a["href"]) for a in footer.find_all("a", href=True)] if footer else []
        assert "/help/" in links, f"{path}: no help link in the footer"


@pytest.mark.skipif(not (PROJECT.parent / "shared" / "tools" / "originality.py").exists(),
                    reason="../shared is not beside the project")
def test_own_words():
    """No run of ten or more words copied from the seed articles (the shared, optional check)."""
    result = subprocess.run([sys.executable, str(PROJECT.parent / "shared/tools/originality.py"), "docs"],
                            cwd=PROJECT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
