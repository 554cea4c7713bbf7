"""Strict front matter (hooks/frontmatter.py): each fault names the line and the fix."""

import datetime as dt
import sys

import pytest
from conftest import PROJECT

sys.path.insert(0, str(PROJECT / "hooks"))
import frontmatter  # noqa: E402

TODAY = dt.date(2026, 12, 1)
GOOD = "---\ntitle: T\ndescription: D.\nreviewed: 2026-11-22\n---\n\n# T {#t}\n"


def problems(text):
    return [p.at("docs/x.md") for p in frontmatter.front_matter_problems(text, now=TODAY)]


def test_good_front_matter_passes():
    assert problems(GOOD) == []
    assert problems(GOOD.replace("title: T", "title: T\nlaw_as_of: 2026-11-22\nupdates:\n  - x")) == []
    assert problems("\ufeff" + GOOD.replace("\n", "\r\n")) == []


def test_every_real_page_passes():
    bad = {}
    for md in (PROJECT / "docs").rglob("*.md"):
        found = frontmatter.front_matter_problems(md.read_text(encoding="utf-8-sig"))
        if found:
            bad[str(md)] = found
    assert bad == {}


@pytest.mark.parametrize("old, new, expected", [
    ("title: T", "title: T: x: [y", "docs/x.md:2: the front matter is not valid YAML"),
    ("description: D.", "description:\tD.", "docs/x.md:3: a tab in the front matter"),
    ("reviewed: 2026-11-22\n", "", "docs/x.md:4: missing 'reviewed:'"),
    ("title: T\n", "", "docs/x.md:4: missing 'title:'"),
    ("2026-11-22", "2026-13-45", "docs/x.md:4: 'reviewed: 2026-13-45' is not a real date"),
    ("2026-11-22", "2026-02-30", "docs/x.md:4: 'reviewed: 2026-02-30' is not a real date"),
    ("2026-11-22", "2026-12-02", "docs/x.md:4: 'reviewed: 2026-12-02' is in the future"),
    ("2026-11-22", "22 Nov 2026", "docs/x.md:4: 'reviewed' must be a date written YYYY-MM-DD"),
    ("title: T", "title: 2026", "docs/x.md:2: 'title' must be text (found int '2026')"),
    ("title: T", "title: [a, b]", "docs/x.md:2: 'title' must be text (found a list)"),
    ("title: T", "title: ''", "docs/x.md:2: 'title' is empty"),
    ("title: T", "title: |\n  two\n  lines", "docs/x.md:2: 'title' must be one line"),
    ("title: T", "title: T\ntitel: U", "docs/x.md:3: unknown key 'titel'; did you mean 'title'?"),
    ("title: T", "title: T\nlaw_as_of: 2026-02-30", "docs/x.md:3: 'law_as_of: 2026-02-30' is not a real date"),
    ("title: T", "title: T\nupdates: soon", "docs/x.md:3: 'updates' must be a list"),
    ("title: T", "title: T\ntitle: U", "docs/x.md:3: 'title' is given twice (first on line 2)"),
])
def test_bad_front_matter_names_line_and_fix(old, new, expected):
    text = GOOD.replace(old, new, 1)
    assert text != GOOD
    found = problems(text)
    assert any(p.startswith(expected) for p in found), found


def test_no_front_matter_late_block_and_unclosed_block():
    assert problems("\n\n" + GOOD)[0].startswith("docs/x.md:3: the front matter must start on line 1")
    assert problems("# T\n")[0].startswith("docs/x.md:1: the page has no front matter; start the file with")
    assert problems("---\ntitle: T\n\n# T\n")[0].startswith("docs/x.md:1: the front matter opened here is never closed")
