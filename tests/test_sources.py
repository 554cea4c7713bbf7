"""Source-host policy: every URL in the bibliography and on the pages is on the reviewed list.

The rules live in hooks/sources.py, which every build runs; these tests call
its functions directly (tests/test_policy_build.py checks that a build fails).
"""

import re
import sys

import pytest
from conftest import PROJECT

sys.path.insert(0, str(PROJECT / "hooks"))
import sources  # noqa: E402

POLICY_TEXT = (PROJECT / "data" / "source-hosts.yml").read_text(encoding="utf-8")
POLICY = sources.load_policy(POLICY_TEXT)


def entry(url: str) -> str:
    return ("@misc{fixture2020x,\n  author = {{A}},\n  title = {{T}},\n  year = {2020},\n"
            f"  url = {{{url}}},\n  keywords = {{news}}\n}}\n")


def test_lists_do_not_overlap():
    assert POLICY.allowed and POLICY.never
    assert not POLICY.allowed & POLICY.never
    with pytest.raises(ValueError, match="casetext.com both allowed and under 'never'"):
        sources.load_policy("news:\n  - casetext.com\nnever:\n  - casetext.com\n")


def test_every_bibliography_url_is_on_a_reviewed_host():
    text = (PROJECT / "bibliography.bib").read_text(encoding="utf-8")
    assert text.count("url ") > 100
    assert sources.bib_url_problems(text, POLICY) == []


@pytest.mark.parametrize("url, message", [
    ("https://casetext.com/case/x", "entry 'fixture2020x': url 'https://casetext.com/case/x' host 'casetext.com' is a mirror"),
    ("https://e.casetext.com/case/x", "host 'e.casetext.com' is a mirror"),
    ("https://blog.example.org/post", "host 'blog.example.org' is not on the reviewed list"),
])
def test_unknown_or_mirror_host_fails_naming_entry_line_and_host(url, message):
    problems = sources.bib_url_problems(entry(url), POLICY)
    assert len(problems) == 1 and problems[0].startswith("bibliography.bib:5: ") and message in problems[0]


def test_pages_link_only_reviewed_hosts():
    for md in sorted((PROJECT / "docs").rglob("*.md")):
        assert sources.page_url_problems(md.read_text(encoding="utf-8"), POLICY, str(md)) == []
    text = (PROJECT / "docs" / "help.md").read_text(encoding="utf-8")
    assert sources.PAGE_LINK.search(text), "the help page should link the services it lists"


def test_page_link_to_a_mirror_names_file_and_line():
    page = "# T {#t}\n\nSee [the case](https://casetext.com/case/x_(y)) and <https://blog.example.org/>.\n"
    problems = sources.page_url_problems(page, POLICY, "docs/x.md", offset=4)
    assert len(problems) == 2
    assert problems[0].startswith("docs/x.md:7: link 'https://casetext.com/case/x_(y)' host 'casetext.com'")
    assert problems[1].startswith("docs/x.md:7: link 'https://blog.example.org/' host 'blog.example.org'")


def test_every_bibliography_url_is_https_or_a_listed_plain_http_host():
    text = (PROJECT / "bibliography.bib").read_text(encoding="utf-8")
    plain = [line for line in text.splitlines() if line.strip().startswith("url") and "{http://" in line]
    assert all(any(f"http://{host}/" in line for host in POLICY.plain_http) for line in plain), plain
    assert all(reason.strip() for reason in POLICY.plain_http.values())


@pytest.mark.parametrize("url, message", [
    ("http://www.law.cornell.edu/uscode/text/18/2252",
     "is plain http; use https://www.law.cornell.edu/uscode/text/18/2252 (or, if the official host has no https, "
     "list 'www.law.cornell.edu' under plain_http"),
    ('https://www.law.cornell.edu/x"onmouseover="alert(1)', "holds a double quote (%22); percent-encode it"),
    ("https://www.law.cornell.edu/<script>", "holds '<' (%3C), '>' (%3E); percent-encode it"),
    ("https://www.law.cornell.edu/a b", "holds whitespace (%20); percent-encode it"),
    ("https://www.law.cornell.edu/a_(b", "has unbalanced parentheses; percent-encode the stray one"),
    ("https://www.law.cornell.edu/a)b(", "has unbalanced parentheses"),
    ("javascript:alert(1)", "is not an https:// address"),
])
def test_bad_url_fails_naming_entry_line_and_fix(url, message):
    problems = sources.bib_url_problems(entry(url), POLICY)
    assert len(problems) == 1, problems
    assert problems[0].startswith("bibliography.bib:5: entry 'fixture2020x': url ") and message in problems[0]


def test_balanced_parentheses_and_listed_plain_http_host_pass():
    assert sources.url_problems("https://www.law.cornell.edu/a_(b)", POLICY) == []
    policy = sources.load_policy("news:\n  - www.example.org\nplain_http:\n  www.example.org: no TLS on the archive\n")
    assert sources.url_problems("http://www.example.org/story", policy) == []
    assert sources.url_problems("http://www.example.org/story", sources.load_policy("news:\n  - www.example.org\n"))


@pytest.mark.parametrize("text, message", [
    ("news:\n  - a.org\nplain_http:\n  b.org: reason\n", "plain_http host(s) b.org are not on an allowed list"),
    ("news:\n  - a.org\nplain_http:\n  a.org:\n", "'plain_http' must map each host to the reason"),
    ("news: [a.org\n", "not valid YAML"),
])
def test_bad_policy_file_is_named(text, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        sources.load_policy(text)
