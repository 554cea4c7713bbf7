"""Published links never break: every registered page URL and anchor must still resolve.

The rules live in hooks/anchors.py, which every build runs after writing the
site; these tests call its functions directly on the real site, and check
that a build with a broken registry fails (tests/test_policy_build.py).

Run as a script with --update SITE_DIR to append the anchors of a built site
(`make anchors` does the same inside the build).
"""

import sys
from pathlib import Path

from bs4 import BeautifulSoup

PROJECT = Path(__file__).resolve().parents[1]
REGISTRY = PROJECT / "data" / "anchors.txt"
sys.path.insert(0, str(PROJECT / "hooks"))
from anchors import (SKIP_IDS, collect, read_registry, redirect_target, register,  # noqa: E402
                     registry_problems)


def collect_with_a_parser(site_dir: Path) -> set[str]:
    """The same set as anchors.collect, read with an HTML parser (to check the hook's regexes)."""
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


def test_hook_collects_what_a_parser_finds(site):
    site_dir, _ = site
    found = collect(site_dir)
    assert len(found) > 200
    assert found == collect_with_a_parser(site_dir)


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
    assert registry_problems(tmp_path, current, entries, moves) == []


def test_an_unregistered_anchor_is_reported(site):
    site_dir, _ = site
    current = collect(site_dir)
    entries = sorted(current - {"/glossary/#alford-plea"})
    assert registry_problems(site_dir, current, entries, {}) == [
        "/glossary/#alford-plea: new anchor not registered; run `make anchors` and commit data/anchors.txt"]
    assert registry_problems(site_dir, current, entries, {}, unregistered=False) == []


def test_register_appends_only_new_anchors():
    text = "# header\n/a/\n/a/#x\n/a/#old -> /b/#y\n"
    new_text, added = register(text, {"/a/", "/a/#x", "/b/#y", "/b/#z", "/c/"})
    assert added == ["/b/#z", "/c/"]
    assert new_text == text + "/b/#z\n/c/\n"


if __name__ == "__main__" and "--update" in sys.argv:
    site_dir = Path(sys.argv[sys.argv.index("--update") + 1])
    new_text, added = register(REGISTRY.read_text(encoding="utf-8") if REGISTRY.exists() else "", collect(site_dir))
    REGISTRY.write_text(new_text, encoding="utf-8")
    print(f"registered {len(added)} new anchor(s) in {REGISTRY.relative_to(PROJECT)}")
