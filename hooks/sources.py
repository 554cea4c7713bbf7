"""Source links: every URL a source or a page links to is well formed, https, on a reviewed host.

data/source-hosts.yml is the reviewed list of hosts (grouped by kind), a
`never` list of mirrors and content farms, and `plain_http`: the few official
hosts that serve a document only over plain http, each with the reason. The
build fails, naming the entry (or page), the line and the fix, when a URL in
bibliography.bib or a link on a page

- is on a host that is not on the list, or is on (a subdomain of) `never`;
- is not https (unless its host is under `plain_http`);
- holds a double quote, `<`, `>`, whitespace or unbalanced parentheses
  (characters that break out of an attribute or a Markdown link; encode them
  as %22, %3C, %3E, %20, %28/%29).

The checks are pure functions that pytest calls directly; the MkDocs event
handlers at the bottom are thin adapters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import yaml
from bibliography import BIB_FILE, CitationError, parse_bibliography, scan_entries
from mdlines import prose_lines, without_inline_code
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

POLICY_FILE = "data/source-hosts.yml"
PROJECT = Path(__file__).resolve().parents[1]
# A Markdown link or autolink to another site: [text](https://...) or <https://...>.
PAGE_LINK = re.compile(r"\]\(\s*<?((?:https?:)?//(?:[^()>\s]|\([^()>\s]*\))*)|<((?:https?:)?//[^>\s]*)>",
                       re.IGNORECASE)


@dataclass
class HostPolicy:
    allowed: set[str] = field(default_factory=set)
    never: set[str] = field(default_factory=set)
    plain_http: dict[str, str] = field(default_factory=dict)  # host -> why it has no https


def load_policy(text: str, path: str = POLICY_FILE) -> HostPolicy:
    """Read data/source-hosts.yml; raise ValueError naming the fault and the fix."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML ({exc}); fix the syntax") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected lists of hosts under group names (official:, courts:, ...)")
    policy = HostPolicy()
    for group, hosts in data.items():
        if group == "plain_http":
            if not isinstance(hosts, dict) or not all(isinstance(v, str) and v.strip() for v in hosts.values()):
                raise ValueError(f"{path}: 'plain_http' must map each host to the reason it has no https "
                                 "(host: reason)")
            policy.plain_http = {str(h).lower(): v for h, v in hosts.items()}
            continue
        if not isinstance(hosts, list) or not all(isinstance(h, str) for h in hosts):
            raise ValueError(f"{path}: group '{group}' must be a list of host names")
        (policy.never if group == "never" else policy.allowed).update(h.lower() for h in hosts)
    overlap = policy.allowed & policy.never
    if overlap:
        raise ValueError(f"{path}: {', '.join(sorted(overlap))} both allowed and under 'never'; "
                         "keep each host on one list")
    stray = set(policy.plain_http) - policy.allowed
    if stray:
        raise ValueError(f"{path}: plain_http host(s) {', '.join(sorted(stray))} are not on an allowed list; "
                         "add them to a group first")
    return policy


def url_problems(url: str, policy: HostPolicy) -> list[str]:
    """Why a URL may not be linked (each with its fix); empty when it may."""
    bad = sorted({c for c in url if c in '"<>' or c.isspace()})
    if bad:
        names = ", ".join({'"': 'a double quote (%22)', "<": "'<' (%3C)", ">": "'>' (%3E)"}.get(c, "whitespace (%20)")
                          for c in bad)
        return [f"holds {names}; percent-encode it or correct the address"]
    depth = 0
    for c in url:
        depth += {"(": 1, ")": -1}.get(c, 0)
        if depth < 0:
            break
    if depth:
        return ["has unbalanced parentheses; percent-encode the stray one (%28 or %29) or correct the address"]
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower()
    if parsed.scheme not in {"http", "https"} or not host:
        return ["is not an https:// address; link the document itself"]
    if any(host == bad or host.endswith("." + bad) for bad in policy.never):
        return [f"host '{host}' is a mirror or content farm (under 'never' in {POLICY_FILE}): "
                "link the original publisher or the canonical legal host"]
    if host not in policy.allowed:
        return [f"host '{host}' is not on the reviewed list in {POLICY_FILE}: "
                "link the original publisher, or review the host and add it deliberately"]
    if parsed.scheme != "https" and host not in policy.plain_http:
        return [f"is plain http; use https://{url.split('://', 1)[1]} (or, if the official host has no "
                f"https, list '{host}' under plain_http in {POLICY_FILE} with the reason)"]
    return []


def bib_url_problems(text: str, policy: HostPolicy, path: str = BIB_FILE) -> list[str]:
    """Every bad URL in the bibliography, as 'file:line: entry 'key': url ...: why; fix'."""
    try:
        data = parse_bibliography(text, path)
    except CitationError as exc:  # hooks/citations.py reports it in full
        return [str(exc)]
    heads = scan_entries(text)
    lines = text.splitlines()
    starts = {h.key: h.line for h in heads}
    ends = {a.key: b.line for a, b in zip(heads, heads[1:])}
    problems = []
    for key, entry in data.entries.items():
        url = entry.fields.get("url", "")
        if not url:
            continue
        line = starts.get(key, 0)
        for number in range(starts.get(key, 1), ends.get(key, len(lines) + 1)):
            if re.match(r"\s*url\s*=", lines[number - 1], re.IGNORECASE):
                line = number
                break
        for why in url_problems(url, policy):
            problems.append(f"{path}:{line}: entry '{key}': url '{url}' {why}")
    return problems


def page_url_problems(markdown: str, policy: HostPolicy, path: str, offset: int = 0) -> list[str]:
    """Bad links to other sites in a page's Markdown (outside code), with file and line."""
    problems = []
    for number, line in prose_lines(markdown):
        for a, b in PAGE_LINK.findall(without_inline_code(line)):
            url = a or b
            for why in url_problems(url, policy):
                problems.append(f"{path}:{number + offset}: link '{url}' {why}")
    return problems


# --------------------------------------------------------------------------
# MkDocs hooks (thin adapters)
# --------------------------------------------------------------------------

_state: dict = {}


def policy_path(config: MkDocsConfig) -> Path:
    """The site's own policy file, or the project's (the test fixtures have none of their own)."""
    own = Path(config.config_file_path).parent / POLICY_FILE
    return own if own.is_file() else PROJECT / POLICY_FILE


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    path = policy_path(config)
    try:
        policy = load_policy(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PluginError(f"Source-host policy: {exc}") from exc
    _state["policy"] = policy
    bib = Path(config.config_file_path).parent / BIB_FILE
    if bib.is_file():
        problems = bib_url_problems(bib.read_text(encoding="utf-8"), policy)
        if problems:
            raise PluginError("Source URL errors:\n" + "\n".join(problems))
    return config


@event_priority(100)  # before other hooks add lines (the line numbers must match the file)
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files) -> str:
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig") if page.file.abs_src_path else markdown
    offset = max(0, len(source.splitlines()) - len(markdown.splitlines()))
    problems = page_url_problems(markdown, _state["policy"], f"docs/{page.file.src_uri}", offset)
    if problems:
        raise PluginError("Link errors:\n" + "\n".join(problems))
    return markdown
