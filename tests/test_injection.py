"""No page input becomes markup: figures, titles, descriptions, BibTeX, RIS and JSON-LD.

Unit tests of the pure functions in hooks/figures.py, hooks/metadata.py and
hooks/references.py. tests/test_injection_browser.py checks the same inputs in
Chromium, on a built site.
"""

import json
import re
from html.parser import HTMLParser
import sys

import pytest
from conftest import PROJECT
from pybtex.database import parse_string

sys.path.insert(0, str(PROJECT / "hooks"))
import figures  # noqa: E402
import metadata  # noqa: E402
import references  # noqa: E402

HEADER = ",".join(figures.COLUMNS)
GOOD_ROW = "x-1,g,Reports received,1200,reports,2020,ncmec2023cybertipline,A note"
PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "`code`",
    "a | b",
    "{: onclick=alert(1) }",
    "**bold**",
    "$x^2$",
]


def csv_with(column: str, value: str) -> str:
    cells = dict(zip(figures.COLUMNS, GOOD_ROW.split(",")))
    cells[column] = '"' + value.replace('"', '""') + '"'
    return HEADER + "\n" + ",".join(cells[c] for c in figures.COLUMNS) + "\n"


# -- figures -----------------------------------------------------------------

@pytest.mark.parametrize("column", ["label", "unit", "period", "note"])
@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_in_a_figure_field_is_refused_naming_row_and_column(column, payload):
    with pytest.raises(figures.FigureError) as err:
        figures.load_figures(csv_with(column, payload))
    message = str(err.value)
    assert f"docs/data/figures.csv:2: column '{column}' of 'x-1' contains" in message
    assert "reword it" in message


def test_a_line_break_in_a_figure_field_is_refused():
    with pytest.raises(figures.FigureError, match="column 'label' of 'x-1' contains '\\\\n'"):
        figures.load_figures(csv_with("label", "Reports\n# Heading"))


def test_a_source_that_is_not_one_key_is_refused():
    with pytest.raises(figures.FigureError, match="column 'source' of 'x-1' must be one bibliography key"):
        figures.load_figures(csv_with("source", "ncmec2023cybertipline] <b>x</b> [@ncmec2023cybertipline"))


def test_every_real_figure_passes_the_character_check():
    text = (PROJECT / "docs" / "data" / "figures.csv").read_text(encoding="utf-8")
    assert len(figures.load_figures(text)) > 40


@pytest.mark.parametrize("payload", PAYLOADS + ["a & b", "line\nbreak"])
def test_inert_leaves_no_tag_link_or_entity(payload):
    out = figures.inert(payload)
    assert "<" not in out and ">" not in out and "\n" not in out
    assert not re.search(r"(?<!\\)[\[\]`*_{}|]", out), out
    assert not re.search(r"&(?!amp;|lt;|gt;)", out), out


def test_every_insertion_point_escapes_a_field_that_bypassed_the_check():
    """Second line of defence: a Figure built directly (not via load_figures) still renders inert.

    The insertion points: the group table, the key-figures page (contents list, section heading
    and link, which carry a page's front-matter title, and each figure's block and quotable
    sentence), the chart's text alternative and the chart's HTML.
    """
    evil = figures.Figure(id='x-1"><b>', group="g", label="<img src=x onerror=alert(1)>", value="5",
                          unit="[u](javascript:alert(1))", period="<script>", source="key2020x",
                          note="</div><script>alert(1)</script>")
    evil_title = "<img src=x onerror=alert(1)> [t](javascript:alert(1)) {#x}"
    sections = figures.figure_sections({evil.id: evil}, {evil.id: ["page.md"]},
                                       [("page.md", evil_title, "page(1).md")])
    unused = figures.figure_sections({evil.id: evil}, {}, [("page.md", evil_title, "page.md")])
    assert [s.figures for s in sections] == [(evil,)] and [s.title for s in unused] == ["Other figures"]
    index = figures.figure_index(sections, {"key2020x": "<b>Evil</b> Org"})
    other = figures.figure_index(unused, {"key2020x": "<b>Evil</b> Org"})
    assert "alert(1)" in index and "Evil" in index  # the fields are printed, not dropped
    outputs = [
        figures.figure_table([evil]),
        index,
        other,
    ]
    own_links = r"\]\((?:#figures-page|#figures-other|page%281%29\.md)\)"  # contents list and page link
    for out in outputs:
        without_our_tags = re.sub(r'</?(?:div|a)(?: (?:class|id|href|markdown)(?:="[^"<>]*")?)*>', "", out)
        assert "<" not in without_our_tags, out
        ours = re.sub(own_links, "", out)
        assert not re.search(r"(?<!\\)\]\(", ours), out  # no other link: every ] is escaped
        assert not re.search(r"^#+ .*(?<!\\)\{#x\}", out, re.M), out  # the title sets no heading id

    class Tags(HTMLParser):
        def __init__(self):
            super().__init__()
            self.seen = []

        def handle_starttag(self, tag, attrs):
            self.seen.append((tag, dict(attrs)))

    chart = figures.chart_html("g", figures.chart_alt("<b>T</b>", [evil]), figures.chart_bars([evil]), "page/")
    parser = Tags()
    parser.feed(chart)
    assert {tag for tag, _ in parser.seen} == {"figure", "picture", "source", "img"}, chart
    for tag, attrs in parser.seen:
        assert not any(name.startswith("on") for name in attrs), chart
        if tag == "img":
            assert attrs["alt"].startswith("<b>T</b>. Bar chart:") and "alert(1)" in attrs["alt"], attrs
    assert "&lt;b&gt;" in chart and "<b>" not in chart  # the attribute is escaped once, in chart_html


def test_chart_alt_text_reads_as_written():
    """An '&' or '[' in a chart title reaches a screen reader as itself, not as '&amp;' or '\\['."""
    row = figures.Figure("x", "g", "Reports (2024)", "5", "reports", "2024", "src", "")
    chart = figures.chart_html("g", figures.chart_alt("Reports & cases [draft]", [row]), figures.chart_bars([row]), "p/")
    alts = set()

    class Alt(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "img":
                alts.add(dict(attrs)["alt"])

    Alt().feed(chart)
    assert alts == {"Reports & cases [draft]. Bar chart: Reports (2024): 5 reports."}


def test_a_dollar_sign_is_drawn_not_read_as_a_formula():
    assert figures.plain("US$ 5 and $x$") == r"US\$ 5 and \$x\$"


# -- titles and descriptions in the citation downloads --------------------------

EVIL_TITLE = 'X}</title><script>alert(1)</script>\n  note = {pwned},\nER  - \nTY  - JOUR'
EVIL_DESCRIPTION = '<!--<script>alert(1)</script>'


def evil_record(**over):
    base = dict(title=EVIL_TITLE, description=EVIL_DESCRIPTION, url="https://example.org/a/",
                reviewed="2026-11-22", created="2026-11-20", modified="2026-11-22",
                site_name="CSAM Law Explained", src_uri="a.md")
    return metadata.page_record(**{**base, **over})


def test_bibtex_download_has_no_injected_field_and_balanced_braces():
    r = evil_record()
    text = metadata.to_bibtex(r)
    entry = parse_string(text, "bibtex").entries[r["key"]]
    assert set(entry.fields) == {"title", "howpublished", "year", "url", "note"}
    assert "pwned" not in entry.fields["note"]
    assert text.count("\n") == 8  # one line per field: no line break from the title
    assert entry.fields["title"].count("{") == entry.fields["title"].count("}")


@pytest.mark.parametrize("title", ["a } b", "a { b", "} {", "{a}", "\\ % & $ # _ ~ ^"])
def test_bibtex_value_always_parses(title):
    r = evil_record(title=title)
    entry = parse_string(metadata.to_bibtex(r), "bibtex").entries[r["key"]]
    assert set(entry.fields) == {"title", "howpublished", "year", "url", "note"}


def test_ris_download_has_one_record_and_no_injected_tag():
    lines = metadata.to_ris(evil_record()).split("\r\n")
    tags = [line[:2] for line in lines if line]
    assert tags.count("TY") == 1 and tags.count("ER") == 1 and tags[-1] == "ER"
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines if line)


def test_the_site_is_a_corporate_author_and_no_access_date_is_fixed():
    r = evil_record(title="T")
    bib, ris = metadata.to_bibtex(r), metadata.to_ris(r)
    assert "  author       = {{CSAM Law Explained}}," in bib
    entry = parse_string(bib, "bibtex").entries[r["key"]]
    assert [str(p) for p in entry.persons["author"]] == ["{CSAM Law Explained}"]  # one name, kept whole
    assert "urldate" not in bib
    assert "AU  - CSAM Law Explained,\r\n" in ris
    assert "\r\nY2  -" not in ris


def test_json_ld_cannot_close_its_script_or_open_a_comment():
    r = evil_record()
    out = metadata.json_ld(r)
    assert "<" not in out and ">" not in out and "&" not in out
    data = json.loads(out)
    assert data["headline"] == EVIL_TITLE and data["description"] == EVIL_DESCRIPTION


def test_cite_text_keeps_the_title_as_text():
    """The template escapes the cite box; the text itself must be the plain title, not escaped twice."""
    from markupsafe import Markup
    import frontmatter
    assert frontmatter.plain_text(Markup("&lt;b&gt; &amp; c")) == "<b> & c"


# -- back-links on the references page -------------------------------------------

def test_back_link_labels_are_text_not_markup():
    bib = parse_string("""@misc{abc2020case,
  author   = {{Court}},
  title    = {{Doe v. Roe, 500 U.S. 1 (1991)}},
  year     = {1991},
  keywords = {case}
}
""", "bibtex")
    site = references.Site("a.md", "T</title><script>alert(1)</script>", "sec",
                           "[x](javascript:alert(1))")
    out = references.references_markdown(bib, {"abc2020case": [site]})
    cited = out[out.index("Cited in:"):]
    assert "<script>" not in cited
    assert 'href="javascript' not in cited  # the Markdown-looking heading stays text in HTML
    assert "&lt;/title&gt;&lt;script&gt;" in cited
