"""The review routine (`make review`, tools/review.py): pure functions on page text."""

import datetime as dt
import subprocess
import sys

import pytest
from conftest import PROJECT

sys.path.insert(0, str(PROJECT / "tools"))
import review  # noqa: E402

D = dt.date.fromisoformat

PAGE = """---
title: T
reviewed: 2026-12-01
law_as_of: 2026-11-30
updates:
  - date: 2026-12-01
    note: Added the 2024 totals.
  - date: 2026-11-22
    note: First published.
---

# Heading {#h}

The bill was referred to committee and has not
had a floor vote.[@congress2025stop] <!-- as-of: 2026-12-01 -->

- First item, not dated.
- Second item: the treaty has 3 ratifications.[@un2024] <!-- as-of: 2026-11-15 -->

!!! note "Box"

    - Inside a box: pending appeal. <!-- as-of: 2026-10-01 -->

```text
<!-- as-of: not-a-date --> in a fence is an example, not a marker
```
Write `<!-- as-of: YYYY-MM-DD -->` to mark a sentence.
"""


def test_front_matter_fields_and_newest_update():
    meta, body = review.front_matter(PAGE, "docs/p.md")
    page = review.page_from_meta(meta, "docs/p.md")
    assert (page.reviewed, page.law_as_of) == (D("2026-12-01"), D("2026-11-30"))
    assert page.newest_update == D("2026-12-01")
    assert [n for _, n in page.updates] == ["Added the 2024 totals.", "First published."]
    assert PAGE.split("\n")[body - 1] == ""          # the line after the closing ---


def test_markers_give_line_date_and_whole_statement():
    found = review.find_markers(PAGE, "docs/p.md")
    assert [(m.line, m.date) for m in found] == [(15, D("2026-12-01")), (18, D("2026-11-15")),
                                                  (22, D("2026-10-01"))]
    first, second, boxed = found
    # the paragraph's earlier line is included; citation and marker are stripped
    assert first.text == "The bill was referred to committee and has not had a floor vote."
    # only the list item the marker ends, not its neighbour
    assert second.text == "Second item: the treaty has 3 ratifications."
    assert boxed.text == "Inside a box: pending appeal."


@pytest.mark.parametrize("line, message", [
    ("Text. <!-- as-of: 1 Dec 2026 -->", "line 4: 'as-of' must be a date written YYYY-MM-DD"),
    ("Text. <!-- as-of: 2026-02-30 -->", "not a real calendar date"),
    ("Text. <!-- asof 2026-12-01 -->", "line 4: malformed as-of marker"),
    ("<!-- as-of: 2026-12-01 -->", "line 4: the as-of marker is not at the end"),
])
def test_bad_markers_name_file_line_and_fix(line, message):
    text = f"---\nreviewed: 2026-12-01\n---\n{line}\n"
    with pytest.raises(review.ReviewError, match=message) as err:
        review.find_markers(text, "docs/x.md")
    assert str(err.value).startswith("docs/x.md: ")


@pytest.mark.parametrize("meta, message", [
    ({"reviewed": "22/11/2026"}, "'reviewed' must be a date written YYYY-MM-DD"),
    ({"law_as_of": "soon"}, "'law_as_of' must be a date"),
    ({"updates": "added things"}, "'updates' must be a list"),
    ({"updates": [{"date": "2026-12-01"}]}, r"'updates\[1\]' needs both a 'date'"),
    ({"updates": [{"date": "yesterday", "note": "x"}]}, r"'updates\[1\].date' must be a date"),
])
def test_bad_front_matter_is_named(meta, message):
    with pytest.raises(review.ReviewError, match=message):
        review.page_from_meta(meta, "docs/x.md")


def test_unclosed_or_invalid_front_matter():
    with pytest.raises(review.ReviewError, match="never closed"):
        review.front_matter("---\ntitle: x\n", "docs/x.md")
    with pytest.raises(review.ReviewError, match="not valid YAML"):
        review.front_matter("---\ntitle: [x\n---\n", "docs/x.md")


def test_change_note_warnings():
    page = review.Page("docs/p.md", D("2026-12-01"), None, [(D("2026-11-22"), "First.")])
    warnings = review.change_note_warnings(page, D("2026-11-30"))
    assert len(warnings) == 2
    assert "reviewed 2026-12-01 is newer than its newest change note (2026-11-22)" in warnings[0]
    assert "changed in git on 2026-11-30" in warnings[1]
    fresh = review.Page("docs/p.md", D("2026-12-01"), None, [(D("2026-12-01"), "Updated.")])
    assert review.change_note_warnings(fresh, D("2026-12-01")) == []
    assert review.change_note_warnings(review.Page("docs/q.md", D("2026-12-01"), None), None) == []


def test_report_orders_oldest_first_and_lists_markers():
    pages = [review.Page("docs/b.md", D("2026-11-30"), D("2026-11-30")),
             review.Page("docs/a.md", D("2026-12-01"), None, [(D("2026-12-01"), "x")]),
             review.Page("docs/c.md", D("2026-01-02"), None)]
    markers = review.find_markers(PAGE, "docs/p.md")
    text = review.report(pages, markers, ["docs/c.md: a warning"], D("2026-12-01"))
    rows = [line.split() for line in text.splitlines() if line.startswith("docs/") and ":" not in line]
    assert [r[0] for r in rows] == ["docs/c.md", "docs/b.md", "docs/a.md"]
    assert rows[0] == ["docs/c.md", "2026-01-02", "-", "333"]
    listed = [line for line in text.splitlines() if line.startswith("docs/p.md:")]
    assert listed[0].startswith("docs/p.md:22  as of 2026-10-01  Inside a box")
    assert "2 of 3 page(s) have no 'updates:' notes" in text
    assert text.rstrip().endswith("docs/c.md: a warning")


def test_control_characters_are_not_printed():
    text = "---\nreviewed: 2026-12-01\n---\nBad \x1b[31mred\x1b[0m text. <!-- as-of: 2026-12-01 -->\n"
    (marker,) = review.find_markers(text, "docs/x.md")
    assert "\x1b" not in marker.text and marker.text == "Bad [31mred[0m text."


def test_make_review_runs_on_the_real_site_without_network():
    run = subprocess.run([sys.executable, "tools/review.py", "2026-12-01"], cwd=PROJECT,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "docs/mens-rea/stricter-states.md" in run.stdout
    assert "Time-sensitive statements" in run.stdout
