"""`make build` refuses what the tests refuse: source hosts, URLs, the anchors registry, heading ids, blank pages.

Each test builds the small fixture site (tests/fixtures/mini) with the real
configuration and hooks, with one fault, and checks the message names the
file, the line or key, and the fix.
"""

import os
import sys

import pytest
from conftest import FIXTURE, PROJECT, fixture_site, mkdocs_build

sys.path.insert(0, str(PROJECT / "hooks"))
import pages  # noqa: E402

BIB = (FIXTURE / "bibliography.bib").read_text(encoding="utf-8")
OTHER = (FIXTURE / "docs" / "other.md").read_text(encoding="utf-8")
STATUTE_URL = "https://www.law.cornell.edu/uscode/text/18/2252"
# The fixture's line holding the statute's url field: a URL fault is reported on the line to edit.
(URL_LINE,) = [n for n, line in enumerate(BIB.splitlines(), 1) if line.split("=")[0].strip() == "url"
               and line.split("=", 1)[1].strip() == "{%s}," % STATUTE_URL]
assert [line for line in BIB.splitlines()[:URL_LINE] if line.startswith("@")][-1] == "@misc{usc2026s2252,"


def build(tmp_path, **kw):
    return mkdocs_build(fixture_site(tmp_path, **kw), tmp_path / "out")


def test_mirror_host_in_bibliography_fails(tmp_path):
    bib = BIB.replace("https://www.law.cornell.edu/uscode/text/18/2252", "https://casetext.com/statute/x")
    result = build(tmp_path, bib=bib)
    assert result.returncode != 0
    assert (f"bibliography.bib:{URL_LINE}: entry 'usc2026s2252': url 'https://casetext.com/statute/x' "
            "host 'casetext.com' is a mirror or content farm") in result.stderr


@pytest.mark.parametrize("url, message", [
    ("http://www.law.cornell.edu/uscode/text/18/2252",
     "is plain http; use https://www.law.cornell.edu/uscode/text/18/2252"),
    ('https://www.law.cornell.edu/uscode/text/18/2252"onmouseover="alert(1)', "holds a double quote (%22)"),
    ("https://www.law.cornell.edu/uscode/text/18/2252_(a", "has unbalanced parentheses"),
])
def test_bad_bibliography_url_fails(tmp_path, url, message):
    result = build(tmp_path, bib=BIB.replace("https://www.law.cornell.edu/uscode/text/18/2252", url))
    assert result.returncode != 0
    assert f"bibliography.bib:{URL_LINE}: entry 'usc2026s2252': url " in result.stderr and message in result.stderr


def test_unreviewed_host_in_a_page_link_fails(tmp_path):
    page = OTHER + "\nSee [a post](https://blog.example.org/post).\n"
    result = build(tmp_path, pages={"other.md": page})
    assert result.returncode != 0
    assert "docs/other.md:13: link 'https://blog.example.org/post' host 'blog.example.org' is not on the reviewed list" \
        in result.stderr


def test_heading_without_id_fails(tmp_path):
    result = build(tmp_path, pages={"other.md": OTHER.replace("## A section {#a-section}", "## A section")})
    assert result.returncode != 0
    assert "docs/other.md:9: heading without an explicit id: '## A section'" in result.stderr


def test_blank_page_in_nav_fails(tmp_path):
    blank = "---\ntitle: Blank\ndescription: Nothing.\nreviewed: 2026-11-22\n---\n\n"
    result = build(tmp_path, pages={"blank.md": blank})
    assert result.returncode != 0
    assert "docs/blank.md: the page is blank" in result.stderr


def test_heading_rule_ignores_fenced_code():
    text = "# T {#t}\n\n```\n# not a heading\n```\n\n## Real\n"
    assert pages.heading_problems(text, "x.md") == [
        "x.md:7: heading without an explicit id: '## Real'; end it with a permanent id such as "
        "{#short-slug} (lowercase letters, digits, hyphens), then run `make anchors`"]


def test_key_points_rule_reads_the_box_outside_code():
    box = '# T {#t}\n\n!!! abstract "Key points"\n\n    - A point.\n'
    assert pages.key_points_problems(box, "x.md") == []
    assert pages.key_points_problems(box.replace("!!!", "???+"), "x.md") == []
    fenced = '# T {#t}\n\n```\n!!! abstract "Key points"\n```\n'
    assert pages.key_points_problems(fenced, "x.md") == [
        'x.md: no key-points box; open the page, under its title, with `!!! abstract "Key points"` '
        "and an indented list of the page's main points, each with its citation"]
    assert pages.key_points_problems("# Sources {#s}\n\n<!-- references -->\n", "references.md") == []


def test_a_page_without_key_points_stops_the_build(tmp_path):
    """The build refuses what tests/test_site.py checks on every page."""
    other = (FIXTURE / "docs" / "other.md").read_text(encoding="utf-8")
    result = build(tmp_path / "a", key_points=True)
    assert result.returncode != 0
    assert "docs/index.md: no key-points box; open the page, under its title" in result.stderr
    with_box = other.replace("\n## ", '\n!!! abstract "Key points"\n\n    - A point.\n\n## ', 1)
    index = (FIXTURE / "docs" / "index.md").read_text(encoding="utf-8")
    index = index.replace("{#fixture-home}\n\n", '{#fixture-home}\n\n!!! abstract "Key points"\n\n    - A point.\n\n')
    result = build(tmp_path / "b", key_points=True, pages={"other.md": with_box, "index.md": index})
    assert result.returncode == 0, result.stderr


REGISTRY = ("/\n/#fixture-home\n/#page-updates\n/feed.xml\n/other/\n/other/#page-updates\n"
            "/other/#other-page\n/other/#a-section\n")


def registry_build(tmp_path, registry, env=None, **kw):
    config = fixture_site(tmp_path, **kw)
    (config.parent / "data").mkdir()
    (config.parent / "data" / "anchors.txt").write_text(registry, encoding="utf-8")
    old = dict(os.environ)
    os.environ.update(env or {})
    try:
        return mkdocs_build(config, tmp_path / "out"), config.parent / "data" / "anchors.txt"
    finally:
        os.environ.clear()
        os.environ.update(old)


def test_registry_fixture_builds(tmp_path):
    result, _ = registry_build(tmp_path, REGISTRY)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("registry, message", [
    (REGISTRY + "/other/#gone\n", "/other/#gone: published anchor disappeared; restore it, or map it"),
    (REGISTRY + "/old/#a -> /other/#a-section\n/old/#a\n",
     "/old/#a: page moved to /other/ but no redirect serves /old/ (add it to redirect_maps in mkdocs.yml)"),
    (REGISTRY + "/other/#b -> /other/#nowhere\n/other/#b\n", "/other/#b -> /other/#nowhere: the new home does not exist"),
    (REGISTRY.replace("/other/#a-section\n", ""),
     "/other/#a-section: new anchor not registered; run `make anchors` and commit data/anchors.txt"),
])
def test_broken_registry_fails_the_build(tmp_path, registry, message):
    result, _ = registry_build(tmp_path, registry)
    assert result.returncode != 0
    assert "Anchor registry (data/anchors.txt) errors:" in result.stderr and message in result.stderr


def test_make_anchors_registers_new_anchors(tmp_path):
    result, path = registry_build(tmp_path, REGISTRY.replace("/other/#a-section\n", ""),
                                  env={"ANCHORS": "register"})
    assert result.returncode == 0, result.stderr
    assert path.read_text(encoding="utf-8").endswith("/other/#other-page\n/other/#a-section\n")
    result, _ = registry_build(tmp_path / "again", REGISTRY + "/other/#gone\n", env={"ANCHORS": "register"})
    assert result.returncode != 0 and "/other/#gone: published anchor disappeared" in result.stderr
