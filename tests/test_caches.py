"""Every build cache invalidates when any of its inputs changes (hooks/cache.py's key rule).

The caches: the notes (.cache/notes), the charts (.cache/charts), the figure
downloads (.cache/downloads) and the social cards (.cache/cards). For each:
a change of its data gives a new result, a change of the code that makes it or
of a library version gives a new key, and an unchanged input is served back.
The PDF's cache has its own tests in tests/test_pdf.py.
"""

import shutil
import sys

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURE, PROJECT, fixture_site, mkdocs_build

sys.path.insert(0, str(PROJECT / "hooks"))
import bibliography  # noqa: E402
import cache  # noqa: E402
import cards  # noqa: E402
import charts  # noqa: E402
import downloads  # noqa: E402
import figures  # noqa: E402

BIB = (FIXTURE / "bibliography.bib").read_text(encoding="utf-8")
BARS = [("Reports received", 5.0, "5 reports"), ("Cases opened", 2.0, "2 cases")]


@pytest.fixture
def edited_code(monkeypatch, tmp_path):
    """A copy of a module's file with one line added: its code changed."""
    def edit(module):
        copy = tmp_path / f"{module.__name__}.py"
        shutil.copy(module.__file__, copy)
        copy.write_text(copy.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        monkeypatch.setattr(module, "__file__", str(copy))
    return edit


def test_digest_separates_its_parts():
    assert cache.digest("ab", "c") != cache.digest("a", "bc")
    assert cache.digest("a") == cache.digest("a")


# -- notes ----------------------------------------------------------------------

def load(tmp_path, text):
    bibliography.clear_cache()
    data = bibliography.parse_bibliography(text)
    served = bibliography.load_notes(tmp_path, text, data)
    return served, bibliography.format_html("usc2026s2252", data.entries["usc2026s2252"])


def test_a_changed_bib_field_changes_the_note(tmp_path):
    served, before = load(tmp_path, BIB)
    assert not served and "18 U.S.C. § 2252" in before
    served, again = load(tmp_path, BIB)
    assert served and again == before  # unchanged input: served from the cache
    served, after = load(tmp_path, BIB.replace("section  = {2252}", "section  = {2252A}"))
    assert not served and "§ 2252A" in after
    assert len(list(tmp_path.glob("*.json"))) == 1  # the older bibliography's file is gone


def test_notes_key_covers_the_style_code(edited_code):
    import citestyle

    before = bibliography.notes_key(BIB)
    edited_code(citestyle)
    assert bibliography.notes_key(BIB) != before


def test_notes_key_covers_a_library_upgrade(monkeypatch):
    before = bibliography.notes_key(BIB)
    real = cache.library_version
    monkeypatch.setattr(cache, "library_version", lambda name: real(name) + ".post1")
    assert bibliography.notes_key(BIB) != before


def test_a_truncated_cache_file_is_formatted_anew(tmp_path):
    load(tmp_path, BIB)
    (path,) = tmp_path.glob("*.json")
    path.write_text("{", encoding="utf-8")
    served, note = load(tmp_path, BIB)
    assert not served and "18 U.S.C. § 2252" in note


def test_a_real_build_shows_the_changed_field(tmp_path):
    """Two builds of one fixture sharing its .cache: the footnote follows the bibliography."""
    config = fixture_site(tmp_path)
    assert mkdocs_build(config, tmp_path / "one").returncode == 0
    note = BeautifulSoup((tmp_path / "one" / "other" / "index.html").read_text(), "html.parser")
    assert "§ 2252." in note.select_one('li[id="fn:usc2026s2252"]').get_text()
    bib = config.parent / "bibliography.bib"
    bib.write_text(bib.read_text().replace("section  = {2252}", "section  = {2252A}"))
    result = mkdocs_build(config, tmp_path / "two")
    assert result.returncode == 0, result.stdout + result.stderr
    note = BeautifulSoup((tmp_path / "two" / "other" / "index.html").read_text(), "html.parser")
    assert "§ 2252A" in note.select_one('li[id="fn:usc2026s2252"]').get_text()


# -- charts, downloads, cards -------------------------------------------------------

def test_a_changed_value_redraws_the_chart(tmp_path):
    first = charts.cached_chart(tmp_path, BARS, "phone", "light")
    changed = charts.cached_chart(tmp_path, [BARS[0], ("Cases opened", 3.0, "3 cases")], "phone", "light")
    assert changed != first and "3 cases" not in first
    assert charts.cached_chart(tmp_path, BARS, "phone", "light") == first
    assert len(list(tmp_path.glob("*.svg"))) == 2


def test_chart_key_covers_a_library_upgrade(monkeypatch):
    before = charts.chart_key(BARS, "phone", "light")
    real = cache.library_version
    monkeypatch.setattr(cache, "library_version", lambda name: real(name) + ".post1")
    assert charts.chart_key(BARS, "phone", "light") != before


def test_chart_key_covers_its_code(edited_code):
    before = charts.chart_key(BARS, "phone", "light")
    edited_code(charts)
    assert charts.chart_key(BARS, "phone", "light") != before


def test_download_and_card_keys_cover_code_and_libraries(edited_code, monkeypatch):
    rows = [figures.Figure("r", "g", "Label", "1", "reports", "2024", "src", "")]
    image, card = downloads.image_key("T", "C", rows), cards.card_key("A", "S", "N")
    real = cache.library_version
    monkeypatch.setattr(cache, "library_version", lambda name: real(name) + ".post1")
    assert downloads.image_key("T", "C", rows) != image and cards.card_key("A", "S", "N") != card
    monkeypatch.setattr(cache, "library_version", real)
    edited_code(downloads)
    edited_code(cards)
    assert downloads.image_key("T", "C", rows) != image and cards.card_key("A", "S", "N") != card


def test_a_cold_build_draws_on_every_core_what_one_core_draws(tmp_path):
    drawings = [(BARS, layout, scheme) for layout in charts.CHART_LAYOUTS for scheme in charts.CHART_COLOURS]
    charts.draw_missing(tmp_path / "parallel", drawings)
    for bars, layout, scheme in drawings:
        assert charts.cached_chart(tmp_path / "parallel", bars, layout, scheme) == \
            charts.chart_svg(bars, layout, scheme)
    assert len(list((tmp_path / "parallel").glob("*.svg"))) == len(drawings)


def fail(message):
    raise ValueError(message)


def test_a_failed_drawing_stops_the_build():
    with pytest.raises(ValueError, match="second"):
        cache.run_parallel([(str, ("first",)), (fail, ("second",))])
