"""Charts for hooks/figures.py: horizontal bar charts drawn as SVG with matplotlib.

Pure functions; figures.py hands them each bar as (label, length, value as
printed) and writes the drawings into the site under assets/charts/.
"""

from __future__ import annotations

import io
from pathlib import Path

from cache import digest, run_parallel

CHART_DIR = "assets/charts"

# Two drawings of each chart, each meant to be shown at about its own width,
# so text keeps its size: a phone one, 358 pt wide for a 358 px column (a
# 390 px screen less Material's margins), and a desktop one. Labels sit above
# their bars, so the bars get the whole width. Each is drawn in a light and a
# dark colour set on a transparent background; the page shows the one that
# matches the reader's colour scheme (docs/stylesheets/extra.css).
CHART_LAYOUTS = {"phone": (358, 12.5), "desktop": (600, 13.0)}  # width in pt, font size in pt
CHART_COLOURS = {"light": ("#1f1f1f", "#3f51b5"), "dark": ("#e3e4e8", "#9fa8da")}  # text, bar
PHONE_MEDIA = "(max-width: 44.984375em)"  # Material's phone breakpoint


def chart_geometry(labels: list[str], layout: str) -> tuple[float, float, float, list[list[str]], float]:
    """Line, bar and gap heights, each row's wrapped label, and the drawing's height (pt)."""
    import textwrap

    width, size = CHART_LAYOUTS[layout]
    line, bar, gap = size * 1.3, size * 1.5, size * 1.1
    wrapped = [textwrap.wrap(label, max(20, int(width / (size * 0.56)))) for label in labels]
    return line, bar, gap, wrapped, sum(len(lab) * line + bar + gap for lab in wrapped) + 2


def chart_svg(bars: list[tuple[str, float, str]], layout: str = "desktop", scheme: str = "light") -> str:
    """A horizontal bar chart as self-contained SVG (text drawn as paths, no fonts fetched).

    `bars` is (label, length, value as printed) per bar, top to bottom."""
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    width, size = CHART_LAYOUTS[layout]
    text_colour, bar_colour = CHART_COLOURS[scheme]
    plt.rcParams.update({"svg.fonttype": "path", "svg.hashsalt": "csam-law-explained",
                         "font.family": "DejaVu Sans", "font.size": size})
    line, bar, gap, labels, height = chart_geometry([b[0] for b in bars], layout)
    values = [b[2] for b in bars]
    value_room = max(len(v) for v in values) * size * 0.62 + size
    fig = plt.figure(figsize=(width / 72, height / 72), dpi=72)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.axis("off")
    top, longest = 1.0, max(b[1] for b in bars) or 1.0
    for (_, number, _), label, value in zip(bars, labels, values):
        for text in label:
            top += line
            ax.text(0, top - size * 0.3, text, color=text_colour, va="baseline")
        length = max(1.0, (width - value_room) * number / longest)
        ax.add_patch(plt.Rectangle((0, top + 2), length, bar - 4, color=bar_colour, linewidth=0))
        ax.text(length + size * 0.4, top + bar / 2, value, color=text_colour, va="center")
        top += bar + gap
    out = io.StringIO()
    fig.savefig(out, format="svg", transparent=True, metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return out.getvalue()


CHART_CACHE = ".cache/charts"  # gitignored; `make clean` empties it


def chart_key(bars: list[tuple[str, float, str]], layout: str, scheme: str) -> str:
    """A hash of every input of a drawing: a change to any gives a new key."""
    inputs = repr((bars, layout, scheme, CHART_LAYOUTS[layout], CHART_COLOURS[scheme]))
    return digest(inputs, code=(Path(__file__),), libraries=("matplotlib",))


def draw_missing(cache: Path, drawings: list[tuple[list[tuple[str, float, str]], str, str]]) -> None:
    """Draw every (bars, layout, scheme) not in the cache yet, on every core."""
    missing = [(cached_chart, (cache, *d)) for d in drawings if not (cache / f"{chart_key(*d)}.svg").is_file()]
    run_parallel(missing, preload=("matplotlib.pyplot",))


def cached_chart(cache: Path, bars: list[tuple[str, float, str]], layout: str, scheme: str) -> str:
    """chart_svg, kept on disk under a key of the bars, the layout, the scheme, this
    file's code and matplotlib's version, so that an unchanged chart is not drawn
    again (matplotlib is slow: importing it alone takes ~1 s)."""
    path = cache / f"{chart_key(bars, layout, scheme)}.svg"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    svg = chart_svg(bars, layout, scheme)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(svg, encoding="utf-8")
    return svg


def chart_name(group: str, layout: str, scheme: str) -> str:
    return f"{CHART_DIR}/{group}-{layout}-{scheme}.svg"


def chart_html(group: str, alt: str, bars: list[tuple[str, float, str]], page_url: str) -> str:
    """A figure with one <picture> per colour scheme, each with a phone and a desktop drawing."""
    import html as htmllib

    from mkdocs.utils import get_relative_url

    alt = htmllib.escape(alt, quote=True)
    width, height = CHART_LAYOUTS["desktop"][0], round(chart_geometry([b[0] for b in bars], "desktop")[-1])
    pictures = []
    for scheme in CHART_COLOURS:
        phone = get_relative_url(chart_name(group, "phone", scheme), page_url)
        desktop = get_relative_url(chart_name(group, "desktop", scheme), page_url)
        pictures.append(
            f'<picture class="cle-chart-{scheme}">'
            f'<source media="{PHONE_MEDIA}" srcset="{phone}">'
            f'<img class="cle-chart" src="{desktop}" alt="{alt}" width="{width}" height="{height}" '
            f'loading="lazy"></picture>')
    return f'<figure class="cle-chart-figure" id="chart-{group}">\n' + "\n".join(pictures) + "\n</figure>"
