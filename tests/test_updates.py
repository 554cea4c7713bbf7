"""Change notes: the page history line, the updates list, the corrections log and the Atom feed."""

import datetime as dt
import re
import sys

import feedparser
import markdown
import pytest
from bs4 import BeautifulSoup
from conftest import PROJECT, fixture_site, mkdocs_build

sys.path.insert(0, str(PROJECT / "hooks"))
import updates  # noqa: E402

TODAY = dt.date(2026, 12, 1)


def parse(raw):
    return updates.parse_updates(raw, "docs/x.md", today=TODAY)


def test_notes_parse_newest_first():
    notes = parse([{"date": dt.date(2026, 12, 1), "note": "Added  the 2024 totals.", "section": "totals"},
                   {"date": "2026-11-25", "note": "Corrected a date.", "correction": True}])
    assert [n.date for n in notes] == [dt.date(2026, 12, 1), dt.date(2026, 11, 25)]
    assert notes[0].note == "Added the 2024 totals." and notes[0].section == "totals"
    assert notes[1].correction and not notes[0].correction
    assert parse(None) == []


@pytest.mark.parametrize("raw, message", [
    ("Added totals", "must be a list of notes"),
    (["Added totals"], "note 1 must have 'date' and 'note'"),
    ([{"date": "2026-02-30", "note": "x"}], "'date' must be a real date"),
    ([{"date": "2026-13-45", "note": "x"}], "'date' must be a real date"),
    ([{"date": dt.date(2027, 1, 1), "note": "x"}], "is in the future"),
    ([{"date": dt.date(2026, 11, 1), "note": " "}], "'note' must be a sentence"),
    ([{"date": dt.date(2026, 11, 1), "note": "x" * 300}], "keep it under 240"),
    ([{"date": dt.date(2026, 11, 1), "note": "x", "section": "Bad Id"}], "'section' must be a heading id"),
    ([{"date": dt.date(2026, 11, 1), "note": "x", "correction": "yes"}], "'correction' must be true or false"),
    ([{"date": dt.date(2026, 11, 1), "note": "x", "by": "me"}], "unknown key"),
    ([{"date": dt.date(2026, 11, 1), "note": "a"}, {"date": dt.date(2026, 11, 2), "note": "b"}], "newest first"),
])
def test_bad_notes_name_the_file_and_the_fix(raw, message):
    with pytest.raises(updates.UpdateError) as err:
        parse(raw)
    assert "docs/x.md" in str(err.value) and message in str(err.value)


def test_printed_notes_are_escaped():
    [note] = parse([{"date": dt.date(2026, 11, 1), "note": "<img src=x onerror=alert(1)> [x](javascript:alert(1))"}])
    html = updates.updates_section([note], dt.date(2026, 10, 1))
    assert "<img" not in html and "&lt;img" in html
    md = updates.corrections_markdown([(note, "T [a](javascript:x)", "p.md")])
    rendered = BeautifulSoup(markdown.markdown(md), "html.parser")
    assert rendered.find("img") is None
    assert [a["href"] for a in rendered.find_all("a")] == ["p.md#page-updates"]


def test_history_line_under_the_title():
    line = updates.history_line(dt.date(2026, 11, 22), dt.date(2026, 12, 1), 2)
    assert "Published" in line and "22 November 2026" in line and "last updated" in line
    assert 'href="#page-updates"' in line and "(2)" in line
    out = updates.insert_history("<h1 id='t'>T</h1><p>First</p>", line)
    assert out.index(line) > out.index("</h1>") and out.index(line) < out.index("<p>First")
    assert "last updated" not in updates.history_line(dt.date(2026, 11, 22), None, 0)


def test_feed_is_valid_atom_newest_first():
    a = parse([{"date": dt.date(2026, 11, 3), "note": "Older.", "section": "s1"}])[0]
    b = parse([{"date": dt.date(2026, 12, 1), "note": "Newer & <better>.", "correction": True}])[0]
    xml = updates.atom_feed("Site", "https://example.org/", [(a, "Page A", "https://example.org/a/"),
                                                             (b, "Page B", "https://example.org/b/")])
    feed = feedparser.parse(xml)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert [e.link for e in feed.entries] == ["https://example.org/b/#page-updates", "https://example.org/a/#s1"]
    assert feed.entries[0].title == "Correction to \u201cPage B\u201d: Newer & <better>."
    assert len({e.id for e in feed.entries}) == 2


UPDATED = """---
title: Changed page
description: A page with notes.
reviewed: 2026-11-22
updates:
  - date: 2026-11-30
    note: Corrected the date of <b>the</b> ruling.
    section: a-section
    correction: true
  - date: 2026-11-25
    note: Added a section.
---

# Changed page {#changed-page}

## A section {#a-section}

Federal law makes knowing possession an offence.[@usc2026s2252]
"""
CORRECTIONS = """---
title: Corrections
description: Corrections.
reviewed: 2026-11-22
---

# Corrections {#corrections}

<!-- updates:corrections -->
"""


def test_fixture_site_shows_notes_feed_and_corrections(tmp_path):
    config = fixture_site(tmp_path, pages={"sub/changed.md": UPDATED, "corrections.md": CORRECTIONS})
    result = mkdocs_build(config, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    page = BeautifulSoup((tmp_path / "out/sub/changed/index.html").read_text(), "html.parser")
    history = page.select_one("p.cle-history")
    assert "last updated" in history.text and "30 November 2026" in history.text
    items = [li.get_text(" ", strip=True) for li in page.select("#page-updates + ul li")]
    assert items[0].startswith("30 November 2026") and "Correction:" in items[0] and "<b>the</b>" in items[0]
    feed_link = page.select_one('link[type="application/atom+xml"]')
    assert feed_link["href"].endswith("feed.xml") and "alternate" in feed_link["rel"]
    # Not rel="alternate" alone: Material would fetch sitemap.xml from it on every page view.
    assert feed_link["rel"] != ["alternate"]
    fixes = BeautifulSoup((tmp_path / "out/corrections/index.html").read_text(), "html.parser")
    link = fixes.select_one('article a[href*="changed"]')
    assert link["href"] == "../sub/changed/#a-section" and "Changed page" in link.text
    feed = feedparser.parse((tmp_path / "out/feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 2
    assert feed.entries[0].link.endswith("/sub/changed/#a-section")


def test_bad_note_stops_the_build(tmp_path):
    bad = UPDATED.replace("note: Added a section.", "note: ''")
    result = mkdocs_build(fixture_site(tmp_path, pages={"changed.md": bad}), tmp_path / "out")
    assert result.returncode != 0
    assert "docs/changed.md: front matter 'updates', note 2" in result.stdout + result.stderr


def test_real_feed_links_resolve(site):
    site_dir, _ = site
    feed = feedparser.parse((site_dir / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) >= 3, "this round's change notes belong in the feed"
    dates = [e.updated_parsed for e in feed.entries]
    assert dates == sorted(dates, reverse=True)
    for entry in feed.entries:
        path, _, anchor = re.sub(r"^https?://[^/]+/", "", entry.link).partition("#")
        html = (site_dir / path / "index.html").read_text(encoding="utf-8")
        assert f'id="{anchor}"' in html, f"{entry.link}: no such section"


def test_real_page_history_uses_the_first_commit(site):
    """'Published' is the file's first commit (git), not the review date; 'last updated' the newest note."""
    import subprocess
    site_dir, _ = site
    src = "docs/mens-rea/stricter-states.md"
    first = subprocess.run(["git", "log", "--reverse", "--format=%ad", "--date=short", "--", src],
                           cwd=PROJECT, capture_output=True, text=True).stdout.split()[0]
    page = BeautifulSoup((site_dir / "mens-rea/stricter-states/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    times = [t["datetime"] for t in page.select("p.cle-history time")]
    newest = updates.parse_updates(__import__("yaml").safe_load(
        (PROJECT / src).read_text(encoding="utf-8").split("---")[1])["updates"], src)[0].date.isoformat()
    assert times == [first, newest] and first < newest


def test_note_naming_a_missing_section_stops_the_build(tmp_path):
    bad = UPDATED.replace("section: a-section", "section: no-such-heading")
    result = mkdocs_build(fixture_site(tmp_path, pages={"changed.md": bad}), tmp_path / "out")
    assert result.returncode != 0
    assert "docs/changed.md: front matter 'updates' names section(s) no-such-heading" in result.stdout + result.stderr
