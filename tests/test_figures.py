"""Figures are typed once, in docs/data/figures.csv; pages cite every figure they state."""

import csv
import re
import sys

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURE, PROJECT, fixture_site, mkdocs_build

sys.path.insert(0, str(PROJECT / "hooks"))
import figures  # noqa: E402

CSV = PROJECT / "docs" / "data" / "figures.csv"
ROWS = list(csv.DictReader(CSV.open(encoding="utf-8")))


def test_real_data_loads():
    data = figures.load_figures(CSV.read_text(encoding="utf-8"))
    assert len(data) == len(ROWS) > 40


@pytest.mark.parametrize("row, message", [
    ("x-1,g,Label,1,200,reports,2020,key,", "expected 8 columns"),
    ("X_1,g,Label,1200,reports,2020,key,", "id 'X_1' must be lowercase"),
    ("x-1,g,Label,\"1,200\",reports,2020,key,", "must be a plain number"),
    ("x-1,g,Label,1200,reports,2020,,", "has an empty 'source'"),
])
def test_bad_rows_name_file_line_and_fix(row, message):
    text = ",".join(figures.COLUMNS) + "\n" + row + "\n"
    with pytest.raises(figures.FigureError, match=re.escape(message)) as err:
        figures.load_figures(text)
    assert ":2:" in str(err.value)


def test_display_formats():
    row = dict(id="a", group="g", label="L", unit="reports", period="2022", source="k", note="")
    assert figures.Figure(value="32059029", **row).display() == "32,059,029"
    assert figures.Figure(**{**row, "value": "99.5", "unit": "percent"}).display() == "99.5%"
    assert figures.Figure(**{**row, "value": "36.2"}).display() == "36.2"


def test_quotable_sentence_keeps_the_sources_qualifier():
    row = dict(id="a", group="g", label="Investigations", value="203467", unit="investigations",
               period="FY2024", source="k")
    plain = figures.Figure(note="", **row)
    approx = figures.Figure(note="OJJDP says approximately; not cases charged", **row)
    assert figures.quotable(plain, "Office X") == "Investigations (FY2024): 203,467 investigations, according to the Office X."
    assert figures.quotable(approx, "") == "Investigations (FY2024): approximately 203,467 investigations."
    named = figures.Figure(**{**row, "label": "Investigations in FY2024", "note": "OJJDP says approximately"})
    assert figures.quotable(named, "") == "Investigations in FY2024: approximately 203,467 investigations."
    share = figures.Figure(**{**row, "value": "99.5", "unit": "percent", "note": "NCMEC says over this share"})
    assert "over 99.5%" in figures.quotable(share, "")


def test_every_qualified_figure_is_quoted_with_its_qualifier():
    """Each row whose note records the publisher's qualifier carries it into the quotable sentence."""
    data = figures.load_figures(CSV.read_text(encoding="utf-8"))
    qualified = {fid: fig for fid, fig in data.items() if figures.qualifier(fig)}
    assert {"icac-investigations-fy2024", "icac-arrests-fy2024", "bjs-2006-prosecuted-in-ten",
            "ncmec-csam-share-2022", "afp-possession-banned-2014"} <= set(qualified)
    for fig in qualified.values():
        assert f"{figures.qualifier(fig)} {fig.display()}" in figures.quotable(fig, "")


def test_no_csv_value_is_retyped_in_a_page():
    """A value of three or more digits may only reach a page through its {{fig:ID}} token."""
    offenders = []
    for md in (PROJECT / "docs").rglob("*.md"):
        if md.name == "corrections.md":
            continue
        text = re.sub(r"\{\{[^}]*\}\}", " ", md.read_text(encoding="utf-8"))
        text = re.sub(r"\]\([^)]*\)|\{#[^}]*\}|\[[^\]]*@[^\]]*\]", " ", text)
        for row in ROWS:
            whole = row["value"].split(".")[0]
            if len(whole) < 3 or re.fullmatch(r"(19|20)\d\d", row["value"]):
                continue
            shown = figures.Figure(**row).display().rstrip("%").lstrip("$")
            for form in {row["value"], shown}:
                if re.search(rf"(?<![\d,.])(?<!\d ){re.escape(form)}(?![\d,]|\.\d)", text):
                    offenders.append(f"{md.relative_to(PROJECT)}: {form} ({row['id']})")
    assert offenders == []


def test_text_table_and_chart_show_the_csv_values(site):
    site_dir, _ = site
    html = (site_dir / "prosecution-gaps" / "pipeline" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    text = soup.get_text(" ")
    used = set(re.findall(r"\{\{\s*fig:([\w-]+)", (PROJECT / "docs/prosecution-gaps/pipeline.md").read_text()))
    assert used
    for row in ROWS:
        if row["id"] in used:
            assert figures.Figure(**row).display() in text, row["id"]
    charts = soup.select("figure img[src$='.svg']")
    # The text alternative starts with what the chart shows (the token's title), not a group id.
    assert charts and all(img.get("alt", "").startswith(("CyberTipline reports received", "Suspects referred"))
                          for img in charts)
    for img in charts:
        assert (site_dir / "prosecution-gaps" / "pipeline" / img["src"]).resolve().is_file()


@pytest.mark.parametrize("paragraph, bad", [
    ("In 2022 NCMEC received 32 million reports.", True),
    ("In 2022 NCMEC received 32 million reports.[@ncmec2023x]", False),
    ("Section 2252(c) and 18 U.S.C. § 2252A(d) apply; see 513 U.S. 64 (1994).", False),
    ("Rule 11(c)(1)(C) and Art. 20(3) allow it, as of 15 July 2014.", False),
    ("| Offence | Minimum |\n| --- | --- |\n| Receipt | 5 years |", True),
    ("The rate rose {{fig:bjs-2006-cp-share}} in all.", True),
])
def test_uncited_figure_lint(paragraph, bad):
    assert bool(figures.uncited_figures(paragraph)) == bad


def test_lint_fails_the_build_naming_page_and_line(tmp_path):
    page = (FIXTURE / "docs" / "other.md").read_text() + "\nAbout 4,000 people were charged in 2020.\n"
    result = mkdocs_build(fixture_site(tmp_path, pages={"other.md": page}), tmp_path / "out")
    assert result.returncode != 0
    assert "docs/other.md:13: states a figure with no [@key] citation" in result.stderr


def test_unknown_token_names_its_line_and_the_closest_id():
    data = figures.load_figures(CSV.read_text(encoding="utf-8"))
    md = "Intro.\n\nNCMEC had {{fig:ncmec-reports-202}} reports.[@ncmec2023cybertipline]\n{{figtable:cybertiplin}}\n"
    with pytest.raises(figures.FigureError) as err:
        figures.render_tokens(md, data, "p.md", offset=4)
    lines = str(err.value).splitlines()
    assert lines[0].startswith("7: unknown figure id 'ncmec-reports-202' in {{fig:ncmec-reports-202}} (did you mean ncmec-reports-20")
    assert lines[1].startswith("8: unknown figure group 'cybertiplin' in {{figtable:cybertiplin}} (did you mean cybertipline?)")

# -- issue 16: the figures a reader sees --------------------------------------

FIG = dict(id="a", group="g", value="69", unit="percent", source="k", note="")


def test_a_percent_figure_followed_by_percent_fails():
    figs = {"a": figures.Figure(label="Share", period="2006", **FIG)}
    with pytest.raises(figures.FigureError, match="already prints '%'"):
        figures.render_tokens("made up {{fig:a}} percent of them", figs, "p/")
    assert figures.render_tokens("made up {{fig:a}} of them", figs, "p/")[0] == "made up 69% of them"


def test_no_doubled_period_in_the_key_figures_sentences():
    in_label = figures.Figure(label="CSEC share (2013)", period="2013", **FIG)
    plain = figures.Figure(label="CSEC share", period="2013", **FIG)
    assert figures.measure(in_label) == "CSEC share (2013)" == figures.measure(plain)
    assert "(2013) (2013)" not in figures.quotable(in_label, "Bureau of Justice Statistics")
    assert figures.quotable(plain, "Bureau of Justice Statistics") == \
        "CSEC share (2013): 69%, according to the Bureau of Justice Statistics."


def test_key_figures_attributes_the_publishing_institution():
    from pybtex.database import Person

    authors = [Person("Motivans, Mark"), Person("Kyckelhahn, Tracey")]
    bjs = {"institution": "{Bureau of Justice Statistics, U.S. Department of Justice (prepared by the Urban Institute)}"}
    assert figures.publisher_name(bjs, authors) == "Bureau of Justice Statistics, U.S. Department of Justice"
    assert figures.publisher_name({"publisher": "{The New York Times}"}, [Person("Kang, Cecilia")]) == \
        "The New York Times"
    assert figures.publisher_name({"journal": "Child Abuse \\& Neglect"}, authors) == \
        "Motivans and colleagues, writing in Child Abuse & Neglect"
    assert figures.publisher_name({}, [Person("{U.S. Congress}")]) == "U.S. Congress"


def test_key_figures_page_is_grouped_with_contents_and_links(site):
    site_dir, _ = site
    soup = BeautifulSoup((site_dir / "key-figures" / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    sections = [h for h in article.select("h2[id^='figures-']")]
    assert len(sections) >= 4
    contents = {a["href"] for a in article.select("ul a[href^='#figures-']")}
    assert contents == {"#" + h["id"] for h in sections}
    blocks = article.select("div.cle-figure")
    assert len(blocks) == len(ROWS)
    for block in blocks:
        link = block.select_one("a.cle-figure-link")
        assert link is not None and link["href"] == "#" + block["id"], block["id"]
    text = article.get_text(" ")
    assert not re.search(r"\((\w[^()]*)\)\s*\(\1\)", text), "a period is printed twice"
    assert "according to Mark Motivans" not in text and "according to the Bureau of Justice Statistics" in text


def test_chart_token_needs_a_title_and_the_alt_text_starts_with_it():
    figs = {"a": figures.Figure(label="Reports in 2020", period="2020", **{**FIG, "group": "g", "unit": "reports"})}
    with pytest.raises(figures.FigureError, match="needs a title"):
        figures.render_tokens("{{figchart:g}}", figs, "p/")
    html, charts = figures.render_tokens("{{figchart:g | Reports received, 2020}}", figs, "p/")
    assert charts == {"g"}
    assert 'alt="Reports received, 2020. Bar chart: Reports in 2020: 69 reports."' in html
    assert 'srcset="../assets/charts/g-phone-dark.svg"' in html and 'src="../assets/charts/g-desktop-light.svg"' in html


def test_chart_svg_is_transparent_with_scheme_colours():
    rows = [figures.Figure(label=f"Row {n}", period="2020", **{**FIG, "unit": "reports", "value": str(n)})
            for n in (1, 2)]
    bars = figures.chart_bars(rows)
    assert bars == [("Row 1", 1.0, "1 reports"), ("Row 2", 2.0, "2 reports")]
    light, dark = figures.chart_svg(bars, "phone", "light"), figures.chart_svg(bars, "phone", "dark")
    for svg, (text, bar) in ((light, figures.CHART_COLOURS["light"]), (dark, figures.CHART_COLOURS["dark"])):
        assert 'viewBox="0 0 358' in svg
        assert "#ffffff" not in svg.lower() and "fill: #fff" not in svg.lower()
        assert text in svg and bar in svg
        scales = [float(s) for s in re.findall(r"scale\(([\d.]+) -[\d.]+\)", svg)]
        assert scales and min(scales) * 100 >= 12   # DejaVu glyphs are drawn at 100 units per point


def test_charts_are_cached_by_content(tmp_path):
    bars = [("Row", 5.0, "5 reports")]
    first = figures.cached_chart(tmp_path, bars, "phone", "light")
    assert len(list(tmp_path.glob("*.svg"))) == 1 and first.startswith("<?xml")
    assert figures.cached_chart(tmp_path, bars, "phone", "light") == first
    figures.cached_chart(tmp_path, bars, "phone", "dark")
    figures.cached_chart(tmp_path, [("Row", 6.0, "6 reports")], "phone", "light")
    assert len(list(tmp_path.glob("*.svg"))) == 3
