"""A social card per page: the image a link preview shows, with the page's own title and section.

Each page with a `reviewed` date gets assets/cards/SLUG.png (1200 x 630, the
size Open Graph and X/Twitter previews use), drawn with Pillow in the DejaVu
Sans font that matplotlib ships (no fonts fetched, no network). The template
points og:image and twitter:image at it (page.meta.card_url).

Legibility: previews show the card about 500 px wide, so a 1200 px card is
scaled by ~0.42. The title is set at 64 px and shrinks to no less than 48 px
(~20 px in a preview) before it wraps onto at most four lines; the layout
function returns the sizes so the tests can check them.

Cards are cached in .cache/cards/ under a hash of the text, this file's
code, the font files' names and the versions of Pillow and matplotlib (whose
package holds the fonts), so an unchanged page costs nothing (hooks/cache.py).
"""

from __future__ import annotations

import importlib.util
import io
from dataclasses import dataclass
from pathlib import Path

from cache import digest

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

SIZE = (1200, 630)
MARGIN = 72
BACKGROUND = (40, 53, 147)      # Material's indigo 800
FOREGROUND = (255, 255, 255)
MUTED = (232, 234, 246)         # indigo 50
TITLE_SIZES = (64, 58, 52, 48)  # largest first; 48 px is ~20 px in a 500 px preview
MAX_LINES = 4
CARD_DIR = "assets/cards"
CACHE_DIR = ".cache/cards"


def font_path(bold: bool = False) -> Path:
    """DejaVu Sans from matplotlib's package data, found without importing matplotlib."""
    spec = importlib.util.find_spec("matplotlib")
    base = Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"
    return base / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")


@dataclass(frozen=True)
class Layout:
    title_lines: tuple[str, ...]
    title_size: int
    widest: int  # px, the longest title line


def wrap(text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if font.getlength(trial) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def layout(title: str) -> Layout:
    """The largest title size at which the title fits the card in at most MAX_LINES lines."""
    from PIL import ImageFont

    width = SIZE[0] - 2 * MARGIN
    for size in TITLE_SIZES:
        font = ImageFont.truetype(str(font_path(True)), size)
        lines = wrap(title, font, width)
        if len(lines) <= MAX_LINES and all(font.getlength(line) <= width for line in lines):
            break
    else:  # still too long at the smallest size: cut the last line short with an ellipsis
        lines = lines[:MAX_LINES]
        while font.getlength(lines[-1] + "\u2026") > width:
            lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
        lines[-1] += "\u2026"
    return Layout(tuple(lines), size, int(max(font.getlength(line) for line in lines)))


def card_png(title: str, section: str, site_name: str) -> bytes:
    """The card: site name and section above, the title large, the not-legal-advice line below."""
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(img)
    small = ImageFont.truetype(str(font_path(True)), 32)
    regular = ImageFont.truetype(str(font_path(False)), 28)
    head = site_name + (f"  \u00b7  {section}" if section and section != title else "")
    draw.text((MARGIN, MARGIN - 8), head, font=small, fill=MUTED)
    draw.rectangle((MARGIN, MARGIN + 44, MARGIN + 96, MARGIN + 50), fill=MUTED)
    lay = layout(title)
    font = ImageFont.truetype(str(font_path(True)), lay.title_size)
    y = MARGIN + 92
    for line in lay.title_lines:
        draw.text((MARGIN, y), line, font=font, fill=FOREGROUND)
        y += int(lay.title_size * 1.22)
    draw.text((MARGIN, SIZE[1] - MARGIN - 28), "Plain-language, fully cited explainers. Not legal advice.",
              font=regular, fill=MUTED)
    out = io.BytesIO()
    img.save(out, format="PNG", compress_level=6)  # optimize=True: 5 % smaller, 4x slower (~0.1 s a card)
    return out.getvalue()


def card_key(title: str, section: str, site_name: str) -> str:
    """A hash of every input of a card; the fonts are matplotlib's, so its version covers them."""
    return digest(title, section, site_name, str(font_path(True)), str(font_path(False)),
                  code=(Path(__file__),), libraries=("Pillow", "matplotlib"), length=20)


def cached_card(cache: Path, title: str, section: str, site_name: str) -> bytes:
    path = cache / f"{card_key(title, section, site_name)}.png"
    if path.is_file():
        return path.read_bytes()
    data = card_png(title, section, site_name)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


def section_of(page: Page) -> str:
    """The top-level section a page sits in ('Mens rea'), or '' for a page at the top."""
    node = page
    while node.parent is not None:
        node = node.parent
    from frontmatter import plain_text

    return plain_text(node.title) if node is not page and node.title else ""


# --------------------------------------------------------------------------
# MkDocs hooks (thin adapters)
# --------------------------------------------------------------------------

_cards: dict[str, bytes] = {}


def on_page_context(context, *, page: Page, config: MkDocsConfig, nav):
    if not page.meta.get("reviewed"):
        return context
    from frontmatter import plain_text
    from metadata import slug

    name = slug(page.file.src_uri)
    title = plain_text(page.title) if not page.is_homepage else config.site_name
    _cards[name] = cached_card(Path(config.config_file_path).parent / CACHE_DIR, title or config.site_name,
                               section_of(page), config.site_name)
    page.meta["card_url"] = f"{config.site_url or '/'}{CARD_DIR}/{name}.png"
    return context


def on_post_build(*, config: MkDocsConfig) -> None:
    out = Path(config.site_dir) / CARD_DIR
    out.mkdir(parents=True, exist_ok=True)
    for name, data in _cards.items():
        (out / f"{name}.png").write_bytes(data)
    _cards.clear()
