"""Published links never break: every registered page URL and anchor must still resolve.

data/anchors.txt lists every published `/page-url/#anchor` (one per line) and any
move as `old-url#anchor -> new-url#anchor`. A registered anchor that disappears
fails the test unless a move maps it to an anchor that exists and, when the page
itself moved, a redirect (mkdocs-redirects, in mkdocs.yml) serves the old URL.
New anchors must be registered: `make anchors` appends them.

Run as a script with --update to append the current anchors.
"""

import sys
from pathlib import Path

from bs4 import BeautifulSoup

PROJECT = Path(__file__).resolve().parents[1]
REGISTRY = PROJECT / "data" / "anchors.txt"
SKIP_IDS = {"cite-this-page", "__skip", "__search", "__drawer"}


def collect(site_dir: Path) -> set[str]:
    """Every `page-url#anchor` a reader may link to: headings, glossary terms, key figures, download files."""
    found = set()
    for html in site_dir.rglob("index.html"):
        rel = html.parent.relative_to(site_dir).as_posix()
        url = "/" if rel == "." else f"/{rel}/"
        if url.startswith(("/cite/", "/assets/", "/search/")):
            continue
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue
        article = soup.select_one("article.md-content__inner")
        if article is None:
            continue
        found.add(url)
        for el in article.select("h1[id], h2[id], h3[id], h4[id], h5[id], h6[id], dt[id], div.cle-figure[id]"):
            if el["id"] not in SKIP_IDS:
                found.add(f"{url}#{el['id']}")
    # Stable files a reader may link to or download: the feed and the figures' data and charts.
    for path in [site_dir / "feed.xml", *sorted((site_dir / "downloads").glob("*"))]:
        if path.is_file():
            found.add("/" + path.relative_to(site_dir).as_posix())
    return found


def read_registry(text: str) -> tuple[list[str], dict[str, str]]:
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
    html = site_dir / page_url.strip("/") / "index.html"
    if not html.is_file():
        return None
    meta = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").find("meta", attrs={"http-equiv": "refresh"})
    return meta["content"].split("url=", 1)[-1] if meta else None


def registry_problems(site_dir: Path, current: set[str], entries: list[str], moves: dict[str, str]) -> list[str]:
    problems = []
    for entry in entries:
        if entry in current:
            continue
        if entry not in moves:
            problems.append(f"{entry}: published anchor disappeared; restore it, or map it in "
                            f"data/anchors.txt as '{entry} -> NEW' with a redirect for a moved page")
            continue
        new = moves[entry]
        if new not in current:
            problems.append(f"{entry} -> {new}: the new home does not exist")
        old_page, new_page = entry.split("#")[0], new.split("#")[0]
        if old_page != new_page and redirect_target(site_dir, old_page) is None:
            problems.append(f"{entry}: page moved to {new_page} but no redirect serves {old_page} "
                            "(add it to redirect_maps in mkdocs.yml)")
    known = set(entries) | set(moves.values())
    for anchor in sorted(current - known):
        problems.append(f"{anchor}: new anchor not registered; run `make anchors` and commit data/anchors.txt")
    return problems


def test_registry_covers_the_site(site):
    site_dir, _ = site
    entries, moves = read_registry(REGISTRY.read_text(encoding="utf-8"))
    assert len(entries) > 200
    assert registry_problems(site_dir, collect(site_dir), entries, moves) == []


def test_a_removed_anchor_fails_unless_moved_with_redirect(site, tmp_path):
    site_dir, _ = site
    current = collect(site_dir)
    entries = sorted(current) + ["/mens-rea/old-page/#gone"]
    problems = registry_problems(site_dir, current, entries, {})
    assert len(problems) == 1 and problems[0].startswith("/mens-rea/old-page/#gone: published anchor disappeared")
    moves = {"/mens-rea/old-page/#gone": "/mens-rea/#mens-rea"}
    problems = registry_problems(site_dir, current, entries, moves)
    assert len(problems) == 1 and "no redirect serves /mens-rea/old-page/" in problems[0]
    fake = tmp_path / "mens-rea" / "old-page"
    fake.mkdir(parents=True)
    (fake / "index.html").write_text('<meta http-equiv="refresh" content="0; url=../">')
    assert redirect_target(tmp_path, "/mens-rea/old-page/") == "../"


def test_an_unregistered_anchor_is_reported(site):
    site_dir, _ = site
    current = collect(site_dir)
    entries = sorted(current - {"/glossary/#alford-plea"})
    assert registry_problems(site_dir, current, entries, {}) == [
        "/glossary/#alford-plea: new anchor not registered; run `make anchors` and commit data/anchors.txt"]


if __name__ == "__main__" and "--update" in sys.argv:
    site_dir = Path(sys.argv[sys.argv.index("--update") + 1])
    text = REGISTRY.read_text(encoding="utf-8") if REGISTRY.exists() else (
        "# Every published page URL and #anchor. Never delete a line: map a moved anchor as\n"
        "# 'old-url#anchor -> new-url#anchor' (and add a redirect for a moved page).\n")
    entries, moves = read_registry(text)
    new = sorted(collect(site_dir) - set(entries) - set(moves.values()))
    REGISTRY.write_text(text.rstrip("\n") + "\n" + "".join(f"{a}\n" for a in new), encoding="utf-8")
    print(f"registered {len(new)} new anchor(s) in {REGISTRY.relative_to(PROJECT)}")
