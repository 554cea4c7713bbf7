"""Unit tests of the pure functions in hooks/citations.py."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))
import bibliography  # noqa: E402
import citations  # noqa: E402

GOOD = """@misc{abc2020case,
  author   = {{Supreme Court of the United States}},
  title    = {{Doe v. Roe}},
  court    = {U.S.},
  reporter = {U.S.},
  volume   = {500},
  pages    = {1},
  year     = {1991},
  keywords = {case}
}

@techreport{bjs2007report,
  author      = {Motivans, Mark},
  title       = {{A Report}},
  institution = {{Bureau of Justice Statistics}},
  year        = {2007},
  url         = {https://bjs.ojp.gov/x.txt},
  keywords    = {government}
}
"""


def test_valid_bibliography_parses():
    data = bibliography.validate_bibliography(GOOD)
    assert list(data.entries) == ["abc2020case", "bjs2007report"]


@pytest.mark.parametrize("old, new, message", [
    ("abc2020case,", "Abc-case,", "key does not match"),
    ("keywords = {case}", "keywords = {blog}", "field 'keywords' must name the source's kind"),
    ("title    = {{Doe v. Roe}},", "", "missing field 'title'"),
    ("  year     = {1991},\n", "", "missing or malformed field 'year'"),
    ("@misc{abc2020case", "@online{abc2020case", "entry type '@online'"),
    ("keywords = {case}", "keywords = {case},\n  abstract = {x}", "field 'abstract' is not allowed"),
    ("url         = {https://bjs.ojp.gov/x.txt},", "", "missing field 'url'"),
    ("url         = {https://bjs.ojp.gov/x.txt},", "url = {bjs report},", r"not an http\(s\) address"),
])
def test_entry_faults_name_entry_and_field(old, new, message):
    bad = GOOD.replace(old, new, 1)
    assert bad != GOOD
    with pytest.raises(bibliography.CitationError, match=message) as err:
        bibliography.validate_bibliography(bad)
    assert "bibliography.bib:" in str(err.value)


def test_case_without_legal_citation_needs_url():
    bad = GOOD.replace("  reporter = {U.S.},\n", "")
    with pytest.raises(bibliography.CitationError, match="'abc2020case': missing field 'url'"):
        bibliography.validate_bibliography(bad)


def test_missing_author_and_institution():
    bad = GOOD.replace("  author   = {{Supreme Court of the United States}},\n", "")
    with pytest.raises(bibliography.CitationError, match="'abc2020case': missing field 'author'"):
        bibliography.validate_bibliography(bad)


def test_duplicate_key_names_both_lines():
    bad = GOOD + GOOD.split("\n\n")[1].replace("bjs2007report", "abc2020case")
    with pytest.raises(bibliography.CitationError, match=r"duplicate key 'abc2020case' \(first at line 1\)"):
        bibliography.validate_bibliography(bad)


def test_unsorted_file_is_rejected():
    a, b = GOOD.split("\n\n")
    with pytest.raises(bibliography.CitationError, match="'abc2020case' is out of order"):
        bibliography.validate_bibliography(b + "\n\n" + a)


def test_malformed_entry_names_the_line():
    bad = GOOD.replace("year     = {1991},", "year     = {1991}")
    with pytest.raises(bibliography.CitationError, match=r"bibliography.bib:\d+: malformed BibTeX"):
        bibliography.validate_bibliography(bad)


def test_find_citations_reports_lines_and_pinpoints():
    md = "One.[@a2020x]\n\n```\n[@b2020y]\n```\nTwo `[@c2020z]` [@d2020w, p. 4; @e2020v]\n"
    found = [(c.line, c.key, c.suffix) for c in citations.find_citations(md)]
    assert found == [(1, "a2020x", ""), (6, "d2020w", "p. 4"), (6, "e2020v", "")]


def test_page_problems_unknown_key_and_pinpoint():
    md = "Fine.[@a2020x]\nBad.[@zzz2020x]\nPin.[@a2020x, § 2252(c)]\n"
    problems = citations.page_problems(md, "docs/p.md", {"a2020x"})
    assert len(problems) == 2
    assert problems[0].startswith("docs/p.md:2: unknown citation key 'zzz2020x'")
    assert problems[1].startswith("docs/p.md:3: pinpoint '§ 2252(c)'")


def test_uncited_keeps_file_order():
    assert citations.uncited(["b2020x", "a2020x", "c2020x"], ["a2020x"]) == ["b2020x", "c2020x"]


def test_techreport_needs_no_institution_field():
    """The style no longer depends on pybtex's @techreport template: the author suffices."""
    ok = GOOD.replace("  institution = {{Bureau of Justice Statistics}},\n", "")
    assert "bjs2007report" in bibliography.validate_bibliography(ok).entries
