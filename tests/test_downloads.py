"""Reusable figures: CSV, SVG and PNG per group, made from the one CSV, cached by their inputs."""

import csv
import io
import sys
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from conftest import PROJECT

sys.path.insert(0, str(PROJECT / "hooks"))
import downloads  # noqa: E402
import figures  # noqa: E402

FIGURES = figures.load_figures((PROJECT / "docs" / figures.CSV_PATH).read_text(encoding="utf-8"))
GROUPS = sorted({f.group for f in FIGURES.values()})


def rows(*values, unit="reports"):
    return [figures.Figure(f"r{i}", "g", f"Label {i}", v, unit, "2024", "src", "") for i, v in enumerate(values)]


def test_every_group_has_a_title():
    text = (PROJECT / downloads.GROUPS_FILE).read_text(encoding="utf-8")
    titles = downloads.load_titles(text, set(GROUPS))
    assert set(GROUPS) <= set(titles)


def test_missing_title_names_the_group_and_the_fix():
    with pytest.raises(downloads.DownloadError, match=r"no title for figure group\(s\) new-group; add a line"):
        downloads.load_titles("old: Old\n", {"old", "new-group"})
    with pytest.raises(downloads.DownloadError, match=r"data/figure-groups.yml:\d+: not valid YAML"):
        downloads.load_titles("a: b\nc: [d: e\n", {"a"})


def test_csv_cells_cannot_run_as_formulas():
    out = downloads.group_csv([figures.Figure("x", "g", "=HYPERLINK(\"http://e\")", "1", "u", "2024", "src", "@SUM")],
                              {"src": {"name": "N", "title": "T", "url": "https://e.org/"}})
    row = list(csv.DictReader(io.StringIO(out)))[0]
    assert row["measure"].startswith("'=") and row["note"].startswith("'@")


def test_image_cache_key_covers_every_input():
    base = downloads.image_key("T", "C", rows("1", "2"))
    assert downloads.image_key("T", "C", rows("1", "3")) != base
    assert downloads.image_key("T2", "C", rows("1", "2")) != base
    assert downloads.image_key("T", "C2", rows("1", "2")) != base
    assert downloads.image_key("T", "C", rows("1", "2")) == base


def test_changed_value_redraws_the_chart(tmp_path):
    svg1, png1 = downloads.cached_images(tmp_path, "T", "C", rows("10", "20"))
    svg2, png2 = downloads.cached_images(tmp_path, "T", "C", rows("10", "25"))
    assert svg1 != svg2 and png1 != png2
    assert downloads.cached_images(tmp_path, "T", "C", rows("10", "20")) == (svg1, png1)  # served from cache
    assert len(list(tmp_path.glob("*.png"))) == 2


@pytest.mark.parametrize("group", GROUPS)
def test_downloads_match_the_csv(site, group):
    site_dir, _ = site
    folder = site_dir / downloads.DIR
    got = list(csv.DictReader(io.StringIO((folder / f"{group}.csv").read_text(encoding="utf-8"))))
    want = [f for f in FIGURES.values() if f.group == group]
    assert [(r["id"], r["value"], r["unit"], r["period"], r["source_key"]) for r in got] == \
        [(f.id, f.value, f.unit, f.period, f.source) for f in want]
    assert all(r["source_url"].startswith("https://") for r in got)
    svg = ET.fromstring((folder / f"{group}.svg").read_bytes())
    assert svg.tag.endswith("svg")
    with Image.open(folder / f"{group}.png") as png:
        assert png.format == "PNG" and png.width >= 1000


def test_pages_link_their_downloads(site):
    site_dir, _ = site
    seen = set()
    for html in site_dir.rglob("index.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for p in soup.select("p.cle-downloads"):
            for a in p.find_all("a"):
                target = (html.parent / a["href"].split("#")[0]).resolve()
                if target.is_dir():
                    target = target / "index.html"
                assert target.is_file(), f"{html}: {a['href']} is missing"
                seen.add(a["href"].rsplit("/", 1)[-1])
    key = BeautifulSoup((site_dir / "key-figures/index.html").read_text(encoding="utf-8"), "html.parser")
    for group in GROUPS:
        assert key.find(id=f"data-{group}") is not None, f"key figures: no permanent link for {group}"
    assert {"cybertipline.csv", "cybertipline.svg", "cybertipline.png"} <= seen
