"""The real build, run on small fixture sites, fails with a clear message."""

from pathlib import Path

import pytest

from conftest import FIXTURE, fixture_site, mkdocs_build


def build(tmp_path, **kw):
    config = fixture_site(tmp_path, **kw)
    return mkdocs_build(config, tmp_path / "out")


def test_fixture_builds_cleanly(tmp_path):
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "X-Citement Video" in html and "[@" not in html


def test_unknown_key_names_page_and_key(tmp_path):
    page = (FIXTURE / "docs" / "index.md").read_text().replace("scotus1994xcitement]", "scotus1994xcitment]")
    result = build(tmp_path, pages={"index.md": page})
    assert result.returncode != 0
    assert "docs/index.md:9: unknown citation key 'scotus1994xcitment'" in result.stderr


def test_pinpoint_names_page(tmp_path):
    page = (FIXTURE / "docs" / "other.md").read_text().replace("[@usc2026s2252]", "[@usc2026s2252, § 2252(c)]")
    result = build(tmp_path, pages={"other.md": page})
    assert result.returncode != 0
    assert "docs/other.md:11: pinpoint '§ 2252(c)'" in result.stderr


def test_malformed_bib_names_line(tmp_path):
    bib = (FIXTURE / "bibliography.bib").read_text().replace("year     = {1994},", "year     = {1994}")
    result = build(tmp_path, bib=bib)
    assert result.returncode != 0
    assert "bibliography.bib:5: malformed BibTeX" in result.stderr


def test_missing_field_names_entry_and_field(tmp_path):
    bib = (FIXTURE / "bibliography.bib").read_text().replace("  section  = {2252},\n", "")
    result = build(tmp_path, bib=bib)
    assert result.returncode != 0
    assert "entry 'usc2026s2252': a statute needs field 'section'; add e.g. section = {2252A}" in result.stderr
    # without its section the statute no longer carries its citation, so it needs its URL too
    bib = bib.replace("  url      = {https://www.law.cornell.edu/uscode/text/18/2252},\n", "")
    (tmp_path / "again").mkdir()
    result = build(tmp_path / "again", bib=bib)
    assert "entry 'usc2026s2252': missing field 'url'" in result.stderr


def test_duplicate_and_bad_key(tmp_path):
    text = (FIXTURE / "bibliography.bib").read_text()
    bib = text + "\n" + text.split("\n\n")[0].replace("{scotus1994xcitement,", "{Scotus-Xcitement,")
    result = build(tmp_path, bib=bib)
    assert result.returncode != 0
    assert "entry 'Scotus-Xcitement': key does not match" in result.stderr


def test_uncited_entry_is_named(tmp_path):
    page = (FIXTURE / "docs" / "other.md").read_text().replace("[@usc2026s2252]", "")
    result = build(tmp_path, pages={"other.md": page})
    assert result.returncode != 0
    assert "cited on no page" in result.stderr and "usc2026s2252" in result.stderr


def test_broken_anchor_names_page_and_target(tmp_path):
    page = (FIXTURE / "docs" / "index.md").read_text().replace("other.md#a-section", "other.md#no-such-section")
    result = build(tmp_path, pages={"index.md": page})
    assert result.returncode != 0
    assert "index.md" in result.stderr and "#no-such-section" in result.stderr


def test_broken_link_names_page_and_target(tmp_path):
    page = (FIXTURE / "docs" / "index.md").read_text().replace("other.md#a-section", "missing.md")
    result = build(tmp_path, pages={"index.md": page})
    assert result.returncode != 0
    assert "index.md" in result.stderr and "missing.md" in result.stderr


# -- issue 17: bad input that used to pass silently or with an unclear message --
# Every case below is listed, with its message, in tests/BAD_INPUTS.md.

HOME = (FIXTURE / "docs" / "index.md").read_text()
OTHER = (FIXTURE / "docs" / "other.md").read_text()
BIB = (FIXTURE / "bibliography.bib").read_text()
FIGURES_HEADER = "id,group,label,value,unit,period,source,note\n"


def fails_with(tmp_path, expected: str, **kw):
    result = build(tmp_path, **kw)
    assert result.returncode != 0, "the build passed"
    assert expected in result.stderr, result.stderr[-3000:]


@pytest.mark.parametrize("column, value", [
    ("label", "<img src=x onerror=alert(1)>"),
    ("period", "<script>alert(1)</script>"),
    ("note", "[see](javascript:alert(1))"),
    ("unit", "`x`"),
])
def test_markup_in_figures_csv_stops_the_build_naming_row_and_column(tmp_path, column, value):
    cells = {"id": "fixture-count", "group": "fixture", "label": "Cases decided", "value": "3",
             "unit": "cases", "period": "2026", "source": "scotus1994xcitement", "note": "A note"}
    cells[column] = '"' + value + '"'
    csv = FIGURES_HEADER + ",".join(cells.values()) + "\n"
    fails_with(tmp_path, f"docs/data/figures.csv:2: column '{column}' of 'fixture-count' contains",
               pages={"data/figures.csv": csv})


@pytest.mark.parametrize("old, new, expected", [
    ("title: Fixture home", "title: Fixture: home: [x", "docs/index.md:2: the front matter is not valid YAML"),
    ("description: A fixture page.", "description:\tA fixture page.", "docs/index.md:3: a tab in the front matter"),
    ("reviewed: 2026-11-22\n", "", "docs/index.md:4: missing 'reviewed:'"),
    ("reviewed: 2026-11-22", "reviewed: 2026-13-45", "docs/index.md:4: 'reviewed: 2026-13-45' is not a real date"),
    ("reviewed: 2026-11-22", "reviewed: 2026-02-30", "docs/index.md:4: 'reviewed: 2026-02-30' is not a real date"),
    ("reviewed: 2026-11-22", "reviewed: 2999-01-01", "docs/index.md:4: 'reviewed: 2999-01-01' is in the future"),
    ("reviewed: 2026-11-22", "reviewed: 2026-11-22\nreviwed: 2026-11-22", "docs/index.md:5: unknown key 'reviwed'; did you mean 'reviewed'?"),
    ("title: Fixture home", "title: 2026", "docs/index.md:2: 'title' must be text"),
    ("---\ntitle", "\n---\ntitle", "docs/index.md:2: the front matter must start on line 1"),
])
def test_bad_front_matter_stops_the_build_naming_file_and_line(tmp_path, old, new, expected):
    assert old in HOME
    fails_with(tmp_path, expected, pages={"index.md": HOME.replace(old, new, 1)})


def test_second_part_without_at_stops_the_build(tmp_path):
    page = HOME.replace("[@scotus1994xcitement]", "[@scotus1994xcitement; usc2026s2252]")
    fails_with(tmp_path, "docs/index.md:9: 'usc2026s2252' in [@scotus1994xcitement; usc2026s2252] has no @key",
               pages={"index.md": page})


def test_citation_in_a_heading_names_file_and_line(tmp_path):
    page = OTHER.replace("## A section {#a-section}", "## A section [@usc2026s2252] {#a-section}")
    fails_with(tmp_path, "docs/other.md:9: citation in a heading, [@usc2026s2252]", pages={"other.md": page})


def test_citation_in_link_text_is_not_called_a_pinpoint(tmp_path):
    page = HOME.replace("See [the other page](other.md#a-section).",
                        "See [the ruling @scotus1994xcitement](other.md#a-section).")
    result = build(tmp_path, pages={"index.md": page})
    assert result.returncode != 0
    assert "docs/index.md:11: citation inside the text of a link" in result.stderr
    assert "pinpoint" not in result.stderr


def test_lone_closing_brace_in_a_field_is_named_not_missing_fields(tmp_path):
    bib = BIB.replace("X-Citement Video, Inc.", "X-Citement} Video, Inc.")
    result = build(tmp_path, bib=bib)
    assert result.returncode != 0
    assert ("bibliography.bib:3: entry 'scotus1994xcitement': a '}' on this line closes more braces "
            "than were opened") in result.stderr
    assert "missing" not in result.stderr


def test_unbalanced_brace_points_at_its_entry_and_field(tmp_path):
    bib = BIB.replace("{{United States v. X-Citement", "{{United States v. {X-Citement")
    fails_with(tmp_path, "bibliography.bib:1: entry 'scotus1994xcitement': 1 '{' never closed "
                         "(the field ending on line 3 is still open)", bib=bib)


def test_unknown_figure_token_names_line_and_suggests(tmp_path):
    csv = FIGURES_HEADER + "fixture-count,fixture,Cases decided,3,cases,2026,scotus1994xcitement,\n"
    page = OTHER + "\nThe Court decided {{fig:fixture-cont}} cases.[@usc2026s2252]\n"
    fails_with(tmp_path, "docs/other.md:13: unknown figure id 'fixture-cont' in {{fig:fixture-cont}} "
                         "(did you mean fixture-count?)", pages={"other.md": page, "data/figures.csv": csv})


def test_unknown_key_close_to_a_real_one_suggests_it(tmp_path):
    page = HOME.replace("scotus1994xcitement]", "scotus1994xcitment]")
    fails_with(tmp_path, "(did you mean scotus1994xcitement?)", pages={"index.md": page})


def test_poisoned_title_gives_one_clean_record_in_the_downloads(tmp_path):
    title = "X}, note = {pwned}} @misc{evil, title = {</title><script>alert(1)</script>"
    page = HOME.replace("title: Fixture home", f"title: '{title}'")
    result = build(tmp_path, pages={"index.md": page})
    assert result.returncode == 0, result.stderr
    from pybtex.database import parse_file
    entries = parse_file(str(tmp_path / "out" / "cite" / "home.bib"), "bibtex").entries
    (entry,) = entries.values()
    assert set(entry.fields) == {"title", "howpublished", "year", "url", "note"}
    assert "pwned" not in entry.fields["note"]
    ris = (tmp_path / "out" / "cite" / "home.ris").read_text()
    assert ris.count("TY  - ") == 1 and ris.count("\nER  - ") == 1


def test_a_line_break_in_a_title_stops_the_build(tmp_path):
    page = HOME.replace("title: Fixture home", 'title: "Home\\nER  - \\nTY  - JOUR"')
    fails_with(tmp_path, "docs/index.md:2: 'title' must be one line of text", pages={"index.md": page})


def test_figure_source_not_in_the_bibliography_is_named(tmp_path):
    csv = FIGURES_HEADER + "fixture-count,fixture,Cases decided,3,cases,2026,scotus1994xcitment,\n"
    page = OTHER + "\n{{figtable:fixture}}\n"
    fails_with(tmp_path, "docs/other.md: unknown citation key 'scotus1994xcitment' in a figure table, from the "
                         "'source' column of docs/data/figures.csv (did you mean scotus1994xcitement?)",
               pages={"other.md": page, "data/figures.csv": csv})
