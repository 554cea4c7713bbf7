"""The references page lists every entry, grouped by kind, with back-links rebuilt from the pages."""

import sys

from bs4 import BeautifulSoup
from conftest import FIXTURE, PROJECT, fixture_site, mkdocs_build

sys.path.insert(0, str(PROJECT / "hooks"))
import bibliography  # noqa: E402
import citestyle  # noqa: E402
import references  # noqa: E402

REFS_PAGE = "---\ntitle: References\ndescription: All sources.\nreviewed: 2026-11-22\n---\n\n# References {#references}\n\n<!-- references -->\n"


def test_cite_sites_follow_headings():
    md = "# Page {#page}\n\nIntro.[@a2020x]\n\n## The cache cases {#cache}\n\nOne.[@a2020x] Two.[@b2020y]\n"
    sites = references.cite_sites(md, "mens-rea/p.md", "Page title")
    assert [(s.anchor, s.heading) for s in sites["a2020x"]] == [("page", "Page title"), ("cache", "The cache cases")]
    assert [s.anchor for s in sites["b2020y"]] == ["cache"]


def build_refs(tmp_path, other_page):
    config = fixture_site(tmp_path, pages={"references.md": REFS_PAGE, "other.md": other_page})
    result = mkdocs_build(config, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    return BeautifulSoup((tmp_path / "out" / "references" / "index.html").read_text(), "html.parser")


def test_back_links_change_when_a_citation_is_removed(tmp_path):
    other = (FIXTURE / "docs" / "other.md").read_text()
    cited_twice = other + "\n## Knowledge {#knowledge}\n\nThe Court read the statute narrowly.[@scotus1994xcitement]\n"
    soup = build_refs(tmp_path / "a", cited_twice)
    links = [a["href"] for a in soup.select("#ref-scotus1994xcitement .cle-ref__cited a")]
    assert "../other/#knowledge" in links and "../#fixture-home" in links
    soup = build_refs(tmp_path / "b", other)
    links = [a["href"] for a in soup.select("#ref-scotus1994xcitement .cle-ref__cited a")]
    assert links == ["../#fixture-home"]


def test_entries_are_grouped_by_kind(tmp_path):
    soup = build_refs(tmp_path, (FIXTURE / "docs" / "other.md").read_text())
    case_heading = soup.find(id="case")
    statute_heading = soup.find(id="statute")
    assert case_heading.get_text(strip=True).startswith("Court decisions")
    assert statute_heading.get_text(strip=True).startswith("Statutes")
    assert case_heading.find_next("div", class_="cle-ref")["id"] == "ref-scotus1994xcitement"


def test_real_references_page_lists_every_entry_with_back_links(site):
    site_dir, _ = site
    soup = BeautifulSoup((site_dir / "references" / "index.html").read_text(encoding="utf-8"), "html.parser")
    bib = bibliography.parse_bibliography((PROJECT / "bibliography.bib").read_text(encoding="utf-8"))
    for key in bib.entries:
        entry = soup.find(id=f"ref-{key}")
        assert entry is not None, key
        assert entry.select(".cle-ref__cited a"), f"{key} has no back-link"
    counts = references.counts_by_kind(bib)
    assert sum(counts.values()) == len(bib.entries)
    # alphabetical within each kind: cases by name, statutes by code and then section number
    def shown(kind):
        heading = soup.find(id=kind)
        return [div["id"].removeprefix("ref-") for div in heading.find_all_next("div", class_="cle-ref")
                if div.find_previous("h2") is heading]
    cases = [citestyle.field(bib.entries[k], "title").lower() for k in shown("case")]
    assert cases == sorted(cases)
    usc = [k for k in shown("statute") if citestyle.field(bib.entries[k], "code") == "18 U.S.C."]
    sections = [citestyle.field(bib.entries[k], "section") for k in usc]
    assert sections == sorted(sections, key=lambda s: (int(s.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")), s))
    assert len(sections) >= 5
    kuchinski = soup.find(id="ref-ninthcir2006kuchinski").p
    assert kuchinski.get_text(" ", strip=True).startswith(
        "United States v. Kuchinski , 469 F.3d 853 (9th Cir. 2006) (conviction affirmed, sentence vacated).")
    assert kuchinski.a.em and not soup.find("abbr", string="URL")


def test_back_links_follow_the_urls_of_the_build():
    """Directory URLs online; file URLs in the offline copy (use_directory_urls: false)."""
    from pybtex.database import parse_string

    bib = parse_string("@misc{abc2020case,\n  title = {{T}},\n  year = {2020},\n  keywords = {case}\n}\n", "bibtex")
    site = references.Site("mens-rea/p.md", "Page", "knowledge", "Knowledge")
    online = references.references_markdown(bib, {"abc2020case": [site]})
    assert 'href="../mens-rea/p/#knowledge"' in online
    offline = references.references_markdown(bib, {"abc2020case": [site]},
                                             urls={"mens-rea/p.md": "mens-rea/p.html", "references.md": "references.html"})
    assert 'href="mens-rea/p.html#knowledge"' in offline
    assert references.directory_url("index.md") == "" and references.directory_url("a/index.md") == "a/"


def test_cited_in_groups_the_sections_by_page():
    sites = [references.Site("a.md", "Page A", "", "Page A"), references.Site("a.md", "Page A", "s1", "One"),
             references.Site("b.md", "Page <B>", "s2", "Two"), references.Site("a.md", "Page A", "s3", "Three")]
    text = references.cited_in(sites, lambda src: src.replace(".md", "/"))
    assert text == ('Cited in: <a href="a/">Page A</a>: <a href="a/#s1">One</a>, <a href="a/#s3">Three</a>; '
                    'Page &lt;B&gt;: <a href="b/#s2">Two</a>.')
    assert references.cited_in([], str) == "Not cited on any page."
