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


def line_of(text: str, needle: str) -> int:
    """The 1-based line of `text` on which `needle` first appears."""
    return text.count("\n", 0, text.index(needle)) + 1


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


def test_entry_the_footnote_style_cannot_format():
    """A case with a reporter but no volume cannot be cited as '500 U.S. 1': the check names the missing field."""
    bad = GOOD.replace("  volume   = {500},\n", "")
    assert bad != GOOD
    with pytest.raises(bibliography.CitationError) as err:
        bibliography.validate_bibliography(bad)
    assert str(err.value) == (
        "bibliography.bib:1: entry 'abc2020case': a case needs field 'volume'; add e.g. "
        + bibliography.EXAMPLES["reported"])


def test_research_notes_and_legal_fields_are_accepted_but_never_printed():
    """`annote` holds private research notes; the legal-style fields are allowed; none leaks into the citation."""
    assert "  court    = {U.S.},\n" in GOOD  # GOOD already carries court, reporter, volume and pages
    entry = GOOD.replace("  keywords = {case}\n}", "  keywords = {case},\n"
                         "  citation = {500 U.S. 1},\n  month    = may,\n  day      = {7},\n"
                         "  annote   = {PRIVATE-NOTE read in a copy on a mirror}\n}", 1)
    assert entry != GOOD
    data = bibliography.validate_bibliography(entry)
    printed = bibliography.format_markdown("abc2020case", data.entries["abc2020case"])
    assert "Doe v. Roe" in printed
    assert "PRIVATE-NOTE" not in printed


# -- issue 17: keyless parts, misplaced citations, suggestions, brace faults --

KNOWN = {"scotus1994xcitement", "usc2026s2252"}


@pytest.mark.parametrize("md, expected", [
    ("Text.[@scotus1994xcitement; usc2026s2252]",
     "docs/p.md:1: 'usc2026s2252' in [@scotus1994xcitement; usc2026s2252] has no @key"),
    ("Text.[@scotus1994xcitement;]", "docs/p.md:1: a stray ';' in [@scotus1994xcitement;]"),
    ("## Heading [@scotus1994xcitement] {#h}", "docs/p.md:1: citation in a heading, [@scotus1994xcitement]"),
    ("See [the ruling @scotus1994xcitement](https://example.org).",
     "docs/p.md:1: citation inside the text of a link, [the ruling @scotus1994xcitement]"),
    ("See [the ruling [@scotus1994xcitement]](https://example.org).",
     "docs/p.md:1: citation inside the text of a link"),
    ("Text.[@scotus1994xcitment]", "(did you mean scotus1994xcitement?)"),
])
def test_citation_faults_are_named(md, expected):
    problems = citations.page_problems(md, "docs/p.md", KNOWN)
    assert any(expected in p for p in problems), problems


def test_link_text_is_not_also_called_a_pinpoint():
    problems = citations.page_problems("See [the ruling @scotus1994xcitement](https://x.org).", "docs/p.md", KNOWN)
    assert len(problems) == 1 and "pinpoint" not in problems[0]


def test_no_suggestion_for_a_key_far_from_any():
    (problem,) = citations.page_problems("Text.[@zzz2020x]", "docs/p.md", KNOWN)
    assert "did you mean" not in problem


def test_lone_closing_brace_names_entry_and_line():
    bad = GOOD.replace("{{Doe v. Roe}}", "{{Doe} v. Roe}}")
    assert bad != GOOD
    with pytest.raises(bibliography.CitationError) as err:
        bibliography.validate_bibliography(bad)
    line = line_of(GOOD, "{{Doe v. Roe}}")  # the title's line, not the entry's first
    assert line > 1
    assert str(err.value).startswith(f"bibliography.bib:{line}: entry 'abc2020case': a '}}' on this line closes more")
    assert "missing" not in str(err.value)


def test_unclosed_brace_names_its_entry_not_the_next():
    bad = GOOD.replace("{{A Report}}", "{{A {Report}}")
    assert bad != GOOD
    with pytest.raises(bibliography.CitationError) as err:
        bibliography.validate_bibliography(bad)
    entry_line, title_line = line_of(GOOD, "@techreport{bjs2007report"), line_of(GOOD, "{{A Report}}")
    assert title_line > entry_line > 1
    assert str(err.value).startswith(f"bibliography.bib:{entry_line}: entry 'bjs2007report': 1 '{{' never closed "
                                     f"(the field ending on line {title_line} is still open)")


def test_entry_lines_count_from_the_at_sign_not_the_blank_line_above():
    assert GOOD.splitlines()[10:12] == ["", "@techreport{bjs2007report,"]  # a blank line, then the entry
    assert [(h.key, h.line) for h in bibliography.scan_entries(GOOD)] == [("abc2020case", 1), ("bjs2007report", 12)]


def test_techreport_needs_no_institution_field():
    """The style no longer depends on pybtex's @techreport template: the author suffices."""
    ok = GOOD.replace("  institution = {{Bureau of Justice Statistics}},\n", "")
    assert "bjs2007report" in bibliography.validate_bibliography(ok).entries
