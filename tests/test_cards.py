"""A social card per page, legible at the size link previews show it."""

import sys

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from conftest import PROJECT

sys.path.insert(0, str(PROJECT / "hooks"))
import cards  # noqa: E402

PREVIEW_WIDTH = 500  # px: the width X/Twitter, LinkedIn and Facebook show a large card at


def luminance(rgb):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = map(channel, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("title", [
    "Key figures",
    "Is a file you did not know about on your computer possession of child sexual abuse material?",
    "A very long title " * 12,
])
def test_title_fits_and_stays_legible_in_a_preview(title):
    lay = cards.layout(title)
    assert len(lay.title_lines) <= cards.MAX_LINES
    assert lay.widest <= cards.SIZE[0] - 2 * cards.MARGIN
    assert lay.title_size * PREVIEW_WIDTH / cards.SIZE[0] >= 20


def test_text_contrast_is_at_least_aaa():
    fg, bg = luminance(cards.FOREGROUND), luminance(cards.BACKGROUND)
    assert (max(fg, bg) + 0.05) / (min(fg, bg) + 0.05) >= 7
    fg = luminance(cards.MUTED)
    assert (fg + 0.05) / (bg + 0.05) >= 7


def test_card_cache_key_covers_the_text():
    assert cards.card_key("A", "S", "N") != cards.card_key("B", "S", "N")
    assert cards.card_key("A", "S", "N") != cards.card_key("A", "T", "N")


def test_each_topic_page_has_its_own_card(site):
    site_dir, _ = site
    seen = {}
    for html in sorted(site_dir.glob("*/*/index.html")):
        if html.parts[-3] not in {"mens-rea", "prosecution-gaps", "plea-bargaining", "international-law"}:
            continue
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        url = soup.select_one('meta[property="og:image"]')["content"]
        assert soup.select_one('meta[name="twitter:image"]')["content"] == url
        path = site_dir / url.split("/", 3)[3]
        with Image.open(path) as img:
            assert img.size == cards.SIZE and img.format == "PNG"
        seen[url] = path.read_bytes()
    assert len(seen) >= 20 and len(set(seen.values())) == len(seen), "every page needs its own card"
