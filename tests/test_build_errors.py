"""The real build, run on small fixture sites, fails with a clear message."""

from pathlib import Path

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
