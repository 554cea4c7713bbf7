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
    assert figures.quotable(plain, "Office X") == "Investigations: 203,467 investigations (FY2024), according to the Office X."
    assert figures.quotable(approx, "") == "Investigations: approximately 203,467 investigations (FY2024)."
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
    assert charts and all(img.get("alt", "").startswith("Bar chart") for img in charts)
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
