"""Published links never break: the anchors registry, checked by every build.

data/anchors.txt lists every published `/page-url/#anchor` (one per line) and
any move as `old-url#anchor -> new-url#anchor`. After the build this hook
collects every page URL and every anchor a reader may link to (headings,
glossary terms, key figures) and the stable files (feed.xml, downloads/) and fails the build when

- a registered anchor has disappeared and no `old -> new` line maps it;
- a mapped anchor's new home does not exist;
- a page moved (the mapping changes the page) but no redirect in mkdocs.yml
  (`redirects: redirect_maps:`) serves the old address;
- an anchor is new and not yet registered (`make anchors` registers it).

`make anchors` builds with ANCHORS=register: new anchors are then appended to
data/anchors.txt instead of failing the build (disappeared ones still fail).
A site without data/anchors.txt (the small test fixtures) has no registry.
Builds with `use_directory_urls: false` (the offline copy) have other URLs
and are not checked; the normal build of the same pages is.

The pure functions are called by pytest (tests/test_anchors.py); the MkDocs
event handlers at the bottom are thin adapters.
"""

from __future__ import annotations

import html
import logging
import os
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

REGISTRY_FILE = "data/anchors.txt"
SKIP_IDS = {"cite-this-page", "__skip", "__search", "__drawer"}
SKIP_PREFIXES = ("/cite/", "/assets/", "/search/")
HEADER = ("# Every published page URL and #anchor. Never delete a line: map a moved anchor as\n"
          "# 'old-url#anchor -> new-url#anchor' (and add a redirect for a moved page).\n")
ARTICLE = re.compile(r'<article class="md-content__inner[^"]*"[^>]*>(.*?)</article>', re.S)
TAG = re.compile(r"<(h[1-6]|dt|div)\b([^>]*)>", re.I)
ATTR = re.compile(r'\b(id|class)\s*=\s*"([^"]*)"')
REFRESH = re.compile(r'<meta\b[^>]*http-equiv="refresh"[^>]*content="[^"]*url=([^"]*)"', re.I)
log = logging.getLogger("mkdocs.hooks.anchors")


def page_anchors(url: str, page_html: str) -> set[str]:
    """The page URL and every `url#id` of its headings, terms and figures (inside the article)."""
    if url.startswith(SKIP_PREFIXES) or REFRESH.search(page_html):
        return set()
    article = ARTICLE.search(page_html)
    if article is None:
        return set()
    found = {url}
    for name, attrs in TAG.findall(article.group(1)):
        values = dict(ATTR.findall(attrs))
        anchor = html.unescape(values.get("id", ""))
        if not anchor or anchor in SKIP_IDS:
            continue
        if name.lower() == "div" and "cle-figure" not in values.get("class", "").split():
            continue
        found.add(f"{url}#{anchor}")
    return found


STABLE_FILES = ("feed.xml", "downloads/*")


def stable_files(site_dir: Path) -> set[str]:
    """Files a reader may link to or download: the updates feed and every figure download."""
    return {"/" + path.relative_to(site_dir).as_posix()
            for pattern in STABLE_FILES for path in site_dir.glob(pattern) if path.is_file()}


def collect(site_dir: Path) -> set[str]:
    """Every `page-url#anchor` of a built site (directory URLs), and its stable files."""
    found = stable_files(site_dir)
    for page in site_dir.rglob("index.html"):
        rel = page.parent.relative_to(site_dir).as_posix()
        url = "/" if rel == "." else f"/{rel}/"
        found |= page_anchors(url, page.read_text(encoding="utf-8"))
    return found


def read_registry(text: str) -> tuple[list[str], dict[str, str]]:
    """The registered anchors, and the `old -> new` moves."""
    entries, moves = [], {}
    for raw in text.splitlines():
        line = raw.split("  #")[0].strip()
        if not line or line.startswith("#"):
            continue
        if "->" in line:
            old, new = (part.strip() for part in line.split("->", 1))
            moves[old] = new
        else:
            entries.append(line)
    return entries, moves


def redirect_target(site_dir: Path, page_url: str) -> str | None:
    """Where a redirect page at page_url sends the reader, or None if there is none."""
    page = site_dir / page_url.strip("/") / "index.html"
    if not page.is_file():
        return None
    match = REFRESH.search(page.read_text(encoding="utf-8"))
    return html.unescape(match.group(1)) if match else None


def registry_problems(site_dir: Path, current: set[str], entries: list[str], moves: dict[str, str],
                      unregistered: bool = True) -> list[str]:
    """Every broken promise of the registry, each with its fix (`unregistered`: report new anchors too)."""
    problems = []
    for entry in entries:
        if entry in current:
            continue
        if entry not in moves:
            problems.append(f"{entry}: published anchor disappeared; restore it, or map it in "
                            f"{REGISTRY_FILE} as '{entry} -> NEW' with a redirect for a moved page")
            continue
        new = moves[entry]
        if new not in current:
            problems.append(f"{entry} -> {new}: the new home does not exist")
        old_page, new_page = entry.split("#")[0], new.split("#")[0]
        if old_page != new_page and redirect_target(site_dir, old_page) is None:
            problems.append(f"{entry}: page moved to {new_page} but no redirect serves {old_page} "
                            "(add it to redirect_maps in mkdocs.yml)")
    if unregistered:
        for anchor in sorted(new_anchors(current, entries, moves)):
            problems.append(f"{anchor}: new anchor not registered; run `make anchors` and commit {REGISTRY_FILE}")
    return problems


def new_anchors(current: set[str], entries: list[str], moves: dict[str, str]) -> list[str]:
    return sorted(current - set(entries) - set(moves.values()))


def register(text: str, current: set[str]) -> tuple[str, list[str]]:
    """The registry text with every new anchor appended, and the anchors added."""
    text = text or HEADER
    entries, moves = read_registry(text)
    added = new_anchors(current, entries, moves)
    return text.rstrip("\n") + "\n" + "".join(f"{a}\n" for a in added), added


# --------------------------------------------------------------------------
# MkDocs hooks (thin adapters)
# --------------------------------------------------------------------------

# Each page's anchors, kept from build to build: a dirty build of `mkdocs serve
# --dirty` renders only the saved pages (pages that no longer exist are dropped).
_state: dict = {"found": {}}


def on_files(files, *, config: MkDocsConfig):
    pages = {f.src_uri for f in files.documentation_pages()}
    _state["found"] = {src: found for src, found in _state["found"].items() if src in pages}
    return files


@event_priority(-100)  # the final HTML, after every other hook
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    if config.use_directory_urls:
        _state["found"][page.file.src_uri] = page_anchors("/" + page.url, output)
    return output


@event_priority(-100)  # after mkdocs-redirects has written its redirect pages
def on_post_build(*, config: MkDocsConfig) -> None:
    path = Path(config.config_file_path).parent / REGISTRY_FILE
    if not path.is_file() or not config.use_directory_urls:
        return
    text = path.read_text(encoding="utf-8")
    entries, moves = read_registry(text)
    registering = os.environ.get("ANCHORS") == "register"
    found = set().union(*_state["found"].values()) | stable_files(Path(config.site_dir))
    problems = registry_problems(Path(config.site_dir), found, entries, moves,
                                 unregistered=not registering)
    if problems:
        raise PluginError(f"Anchor registry ({REGISTRY_FILE}) errors:\n" + "\n".join(problems))
    if registering:
        new_text, added = register(text, found)
        path.write_text(new_text, encoding="utf-8")
        log.info(f"registered {len(added)} new anchor(s) in {REGISTRY_FILE}")
