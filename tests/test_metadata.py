"""Made to be linked and cited: metadata, cite-this files, dates, licence, sitemap, social card."""

import re
import json
import sys

import pytest
from bs4 import BeautifulSoup
from conftest import PROJECT
from pybtex.database import parse_string

sys.path.insert(0, str(PROJECT / "hooks"))
import metadata  # noqa: E402

PAGE = "mens-rea/inadvertent-access"


def record(**over):
    base = dict(title="Inadvertent access", description="D.", url="https://example.org/mens-rea/inadvertent-access/",
                reviewed="2026-11-22", created="2026-11-20", modified="2026-11-22",
                site_name="CSAM Law Explained", src_uri="mens-rea/inadvertent-access.md")
    return metadata.page_record(**{**base, **over})


def test_slug_and_key():
    assert metadata.slug("index.md") == "home"
    assert metadata.slug("mens-rea/index.md") == "mens-rea"
    assert metadata.slug("mens-rea/safe-harbour.md") == "mens-rea-safe-harbour"
    assert record()["key"] == "csamlawexplained2026mensreainadvertentaccess"


def test_bad_reviewed_date_is_rejected():
    with pytest.raises(ValueError, match="'reviewed' must be a date written YYYY-MM-DD"):
        record(reviewed="22 Nov 2026")


def test_bibtex_and_ris_round_trip():
    r = record()
    entry = parse_string(metadata.to_bibtex(r), "bibtex").entries[r["key"]]
    assert entry.fields["url"] == r["url"] and entry.fields["year"] == "2026"
    ris = metadata.to_ris(r).split("\r\n")
    assert ris[0] == "TY  - ELEC" and "UR  - " + r["url"] in ris and ris[-2] == "ER  - "


@pytest.fixture(scope="module")
def soup(site):
    site_dir, _ = site
    return BeautifulSoup((site_dir / PAGE / "index.html").read_text(encoding="utf-8"), "html.parser")


def meta(soup, **attrs):
    tag = soup.find("meta", attrs=attrs)
    assert tag is not None, attrs
    return tag["content"]


def test_head_metadata(soup):
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical.endswith(f"/{PAGE}/")
    assert meta(soup, name="description").startswith("What U.S. and English appeals courts decided")
    assert meta(soup, property="og:url") == canonical
    assert meta(soup, property="og:type") == "article"
    assert meta(soup, property="og:image").endswith(f"/assets/cards/{PAGE.replace('/', '-')}.png")
    assert meta(soup, name="twitter:card") == "summary_large_image"
    # One title per page: the citation title is the H1 the reader sees.
    h1 = soup.select_one("article h1").get_text(" ", strip=True).rstrip("¶").strip()
    assert meta(soup, name="citation_title") == h1 == 'Is a file you did not know about "possessed"? The cache cases'
    assert meta(soup, name="citation_author") == "CSAM Law Explained"
    assert meta(soup, name="citation_publication_date").count("/") == 2
    assert meta(soup, name="citation_online_date").count("/") == 2
    assert soup.find("link", rel="license")["href"] == metadata.LICENSE_URL
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "Article" and data["url"] == canonical
    assert data["license"] == metadata.LICENSE_URL and data["publisher"]["name"] == "CSAM Law Explained"
    assert data["datePublished"] <= data["dateModified"]


def test_cite_box_and_downloads(soup, site):
    site_dir, _ = site
    box = soup.select_one("section.cle-cite")
    assert "Law and figures reviewed 2026-11-22" in box.select_one("pre code").get_text()
    for ext in ("bib", "ris"):
        link = box.find("a", href=lambda h: h and h.endswith(f".{ext}"))
        target = (site_dir / PAGE / link["href"]).resolve()
        assert target.is_file() and "inadvertent" in target.read_text()


def test_dates_shown(soup):
    notice = " ".join(soup.select_one(".cle-page-notice").get_text(" ").split())
    assert "Law and figures reviewed: 2026-11-22 ." in notice
    # The page's dates: "Published" (its first commit, from hooks/history.py) under the title, and
    # "last updated" only by a change note; no second, git-based "Last update" line to contradict it.
    history = soup.select_one(".cle-history time")
    assert history and re.fullmatch(r"\d{4}-\d{2}-\d{2}", history["datetime"])
    assert not soup.select_one(".md-source-file")


def test_every_page_has_cite_files(site):
    site_dir, _ = site
    pages = [p for p in (PROJECT / "docs").rglob("*.md")]
    files = {p.name for p in (site_dir / "cite").iterdir()}
    assert len(files) == 2 * len(pages)


def test_sitemap_social_card_and_licence_in_footer(site, soup):
    site_dir, _ = site
    sitemap = (site_dir / "sitemap.xml").read_text()
    assert f"/{PAGE}/</loc>" in sitemap
    card = (site_dir / "assets" / "cards" / f"{PAGE.replace('/', '-')}.png").read_bytes()
    assert card[:8] == b"\x89PNG\r\n\x1a\n" and len(card) > 5000
    assert soup.select_one(".md-copyright a[rel=license]")["href"] == metadata.LICENSE_URL


def test_search_finds_pages_whichever_term_is_typed(site):
    """Every content page is indexed under both the statutory term and the site's term,
    through the index's `keywords` field, with no hidden text on the page itself."""
    site_dir, _ = site
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "keywords" in index["config"]["fields"] and "label" in index["config"]["fields"]
    text = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        text[page] = text.get(page, "") + " " + doc["text"].lower() + " " + doc.get("keywords", "").lower()
    assert len(text) == len(list((PROJECT / "docs").rglob("*.md")))
    for page, words in text.items():
        for term in ("child pornography", "csam", "child sexual abuse material", "indecent images"):
            assert term in words, f"{page or 'home'}: search does not find '{term}'"
    for html in site_dir.rglob("*.html"):
        body = html.read_text(encoding="utf-8")
        assert "Search terms:" not in body and "cle-search-terms" not in body, html


def test_search_index_fields_are_pure_functions():
    entries = [{"location": "a/", "title": "Q?"}, {"location": "a/#x", "title": "X"}]
    assert metadata.add_keywords(entries, "a/", "csam", "Short")
    assert entries[0] == {"location": "a/", "title": "Q?", "keywords": "csam", "label": "Short"}
    assert "keywords" not in entries[1]
    assert not metadata.add_keywords(entries, "b/", "csam")


def test_key_figures_page_lists_every_row_with_its_anchor_and_source(site):
    import csv

    site_dir, _ = site
    soup = BeautifulSoup((site_dir / "key-figures" / "index.html").read_text(encoding="utf-8"), "html.parser")
    rows = list(csv.DictReader((PROJECT / "docs" / "data" / "figures.csv").open(encoding="utf-8")))
    for row in rows:
        block = soup.find(id=row["id"])
        assert block is not None and "cle-figure" in block["class"], row["id"]
        quote = block.find("blockquote").get_text(" ")
        assert row["period"] in quote and block.select("sup a.footnote-ref"), row["id"]


def test_every_question_links_to_an_existing_anchor(site):
    site_dir, _ = site
    soup = BeautifulSoup((site_dir / "questions" / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in soup.select("article > ul > li > a[href]")]
    assert len(links) > 60
    for href in links:
        page, _, anchor = href.partition("#")
        target = BeautifulSoup(((site_dir / "questions" / page).resolve() / "index.html").read_text(encoding="utf-8"),
                               "html.parser")
        assert anchor and target.find(id=anchor), href
