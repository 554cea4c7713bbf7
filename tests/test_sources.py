"""Source-host policy: every URL in the bibliography and on the help page is on the reviewed list."""

import re
import sys
from urllib.parse import urlparse

import pytest
import yaml
from conftest import PROJECT

sys.path.insert(0, str(PROJECT / "hooks"))
import bibliography  # noqa: E402

POLICY = yaml.safe_load((PROJECT / "data" / "source-hosts.yml").read_text(encoding="utf-8"))
NEVER = set(POLICY.pop("never"))
ALLOWED = {host for hosts in POLICY.values() for host in hosts}


def host_problem(host: str) -> str | None:
    """Why a host may not be linked, or None when it may."""
    if any(host == bad or host.endswith("." + bad) for bad in NEVER):
        return "is a mirror or content farm: link the original publisher or the canonical legal host"
    if host not in ALLOWED:
        return "is not on the reviewed list in data/source-hosts.yml: review it and add it deliberately"
    return None


def bib_urls(text: str) -> list[tuple[str, str]]:
    data = bibliography.parse_bibliography(text)
    return [(key, e.fields["url"]) for key, e in data.entries.items() if e.fields.get("url")]


def policy_problems(pairs) -> list[str]:
    out = []
    for key, url in pairs:
        host = urlparse(url).hostname or ""
        why = host_problem(host)
        if why:
            out.append(f"entry '{key}': host '{host}' {why}")
    return out


def test_lists_do_not_overlap():
    assert not ALLOWED & NEVER


def test_every_bibliography_url_is_on_a_reviewed_host():
    pairs = bib_urls((PROJECT / "bibliography.bib").read_text(encoding="utf-8"))
    assert len(pairs) > 100
    assert policy_problems(pairs) == []


@pytest.mark.parametrize("url, message", [
    ("https://casetext.com/case/x", "entry 'fixture2020x': host 'casetext.com' is a mirror"),
    ("https://e.casetext.com/case/x", "entry 'fixture2020x': host 'e.casetext.com' is a mirror"),
    ("https://blog.example.org/post", "entry 'fixture2020x': host 'blog.example.org' is not on the reviewed list"),
])
def test_unknown_or_mirror_host_fails_naming_entry_and_host(url, message):
    bib = ("@misc{fixture2020x,\n  author = {{A}},\n  title = {{T}},\n  year = {2020},\n"
           f"  url = {{{url}}},\n  keywords = {{news}}\n}}\n")
    problems = policy_problems(bib_urls(bib))
    assert len(problems) == 1 and problems[0].startswith(message)


def test_help_page_links_only_reviewed_hosts():
    text = (PROJECT / "docs" / "help.md").read_text(encoding="utf-8")
    urls = re.findall(r"\]\((https?://[^)\s]+)\)|<(https?://[^>\s]+)>", text)
    urls = [a or b for a, b in urls]
    assert urls, "the help page should link the services it lists"
    assert policy_problems(("help.md", u) for u in urls) == []
