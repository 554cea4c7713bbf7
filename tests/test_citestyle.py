"""The citation style (hooks/citestyle.py): one pinned rendering per kind of source,
the PDF's short forms, escaping, and the build errors for missing kind fields."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))
import bibliography  # noqa: E402
import citestyle  # noqa: E402


def entry(body: str, entry_type: str = "misc", key: str = "abc2020x"):
    return bibliography.parse_bibliography(f"@{entry_type}{{{key},\n{body}\n}}\n").entries[key]


def footnote(body: str, entry_type: str = "misc") -> str:
    return citestyle.format_entry(entry(body, entry_type))


CASE = """author = {{U.S. Court of Appeals for the Ninth Circuit}},
  title = {{United States v. Kuchinski}}, court = {9th Cir.}, reporter = {F.3d}, volume = {469}, pages = {853},
  year = {2006}, month = nov, day = {27}, url = {https://www.courtlistener.com/c/F.3d/469/853/},
  urldate = {2026-11-22}, keywords = {case}, note = {conviction affirmed, sentence vacated},
  annote = {Filed 27 Nov. 2006; read on CourtListener.}"""


@pytest.mark.parametrize("body, expected", [
    # case, with its public parenthetical; the research note (annote) is not printed
    (CASE, "[*United States v. Kuchinski*](<https://www.courtlistener.com/c/F.3d/469/853/>), "
           "469 F.3d 853 (9th Cir. 2006) (conviction affirmed, sentence vacated)."),
    # Supreme Court: the reporter names the court
    ("""author = {{Supreme Court of the United States}}, title = {{United States v. X-Citement Video, Inc.}},
     court = {U.S.}, reporter = {U.S.}, volume = {513}, pages = {64}, year = {1994}, keywords = {case}""",
     "*United States v. X-Citement Video, Inc.*, 513 U.S. 64 (1994)."),
    # slip opinion: docket and full date
    ("""author = {{U.S. Court of Appeals for the Ninth Circuit}}, title = {{Doe v. Twitter, Inc.}},
     court = {9th Cir.}, docket = {No. 22-15103}, year = {2025}, month = aug, day = {1},
     url = {https://cdn.ca9.uscourts.gov/x.pdf}, keywords = {case}""",
     "[*Doe v. Twitter, Inc.*](<https://cdn.ca9.uscourts.gov/x.pdf>), No. 22-15103 (9th Cir. Aug. 1, 2025)."),
    # foreign case: neutral citation
    ("""author = {{High Court}}, title = {{Atkins v Director of Public Prosecutions}}, court = {EWHC Admin},
     citation = {[2000] EWHC Admin 302}, year = {2000}, keywords = {case}""",
     "*Atkins v Director of Public Prosecutions* \\[2000\\] EWHC Admin 302."),
    # statute
    ("""author = {{United States Congress}}, title = {{Certain activities relating to material constituting or
     containing child pornography}}, jurisdiction = {US}, code = {18 U.S.C.}, section = {2252A}, year = {2026},
     url = {https://www.law.cornell.edu/uscode/text/18/2252A}, urldate = {2026-11-22}, keywords = {statute}""",
     "[18 U.S.C. § 2252A](<https://www.law.cornell.edu/uscode/text/18/2252A>)."),
    # rule: no section sign
    ("""author = {{Supreme Court of the United States}}, title = {{Pleas}}, jurisdiction = {US},
     code = {Fed. R. Crim. P.}, section = {11}, year = {2026}, urldate = {2026-11-22}, keywords = {statute}""",
     "Fed. R. Crim. P. 11."),
    # guideline, an earlier edition: dated
    ("""author = {{United States Sentencing Commission}}, title = {{Trafficking}}, jurisdiction = {US},
     code = {USSG}, section = {2G2.2}, year = {2016}, month = nov, keywords = {statute}""",
     "USSG § 2G2.2 (Nov. 2016)."),
    # state code
    ("""author = {{New Jersey Legislature}}, title = {{Endangering the welfare of children}}, jurisdiction = {US-NJ},
     code = {N.J. Stat. Ann.}, section = {2C:24-4}, year = {2026}, urldate = {2026-12-01}, keywords = {statute}""",
     "N.J. Stat. Ann. § 2C:24-4."),
    # a named Act: its name leads
    ("""author = {{U.S. Congress}}, title = {{REPORT Act}}, jurisdiction = {US}, code = {Pub. L. No.},
     section = {118-59}, citation = {138 Stat. 1014}, year = {2024}, keywords = {statute}""",
     "REPORT Act, Pub. L. No. 118-59, 138 Stat. 1014 (2024)."),
    # the schema's shorter "Pub. L." prints in full
    ("""author = {{U.S. Congress}}, title = {{REPORT Act}}, jurisdiction = {US}, code = {Pub. L.},
     section = {118-59}, year = {2024}, keywords = {statute}""",
     "REPORT Act, Pub. L. No. 118-59 (2024)."),
    # treaty
    ("""author = {{Council of Europe}}, title = {{Council of Europe Convention on the Protection of Children
     against Sexual Exploitation and Sexual Abuse}}, treatyseries = {CETS No. 201}, year = {2007},
     keywords = {treaty}""",
     "Council of Europe Convention on the Protection of Children against Sexual Exploitation and Sexual Abuse, "
     "CETS No. 201 (2007)."),
    # foreign statutes, in their own forms
    ("""author = {{Parliament of the United Kingdom}}, title = {{Protection of Children Act 1978}},
     jurisdiction = {UK}, section = {1}, year = {1978}, keywords = {treaty}""",
     "Protection of Children Act 1978, s. 1."),
    ("""author = {{Parliament of Canada}}, title = {{Criminal Code}}, jurisdiction = {CA},
     code = {R.S.C. 1985, c. C-46}, section = {163.1}, year = {2026}, keywords = {treaty}""",
     "Criminal Code, R.S.C. 1985, c. C-46, s. 163.1."),
    # government report: authors, title, series, institution, date; no "visited"
    ("""author = {Motivans, Mark and Kyckelhahn, Tracey}, title = {{Federal Prosecution of Child Sex Exploitation
     Offenders, 2006}}, institution = {{Bureau of Justice Statistics}}, type = {BJS Bulletin},
     number = {NCJ 219412}, year = {2007}, month = dec, url = {https://bjs.ojp.gov/x.txt},
     urldate = {2026-11-22}, keywords = {government}""",
     "Mark Motivans and Tracey Kyckelhahn, [*Federal Prosecution of Child Sex Exploitation Offenders, 2006*]"
     "(<https://bjs.ojp.gov/x.txt>), BJS Bulletin NCJ 219412, Bureau of Justice Statistics (Dec. 2007)."),
    # journal article
    ("""author = {Cullen, Olivia and Zug Ernst, Keri and Dawes, Natalie}, title = {{Our Laws}}, journal = {Laws},
     volume = {9}, pages = {28}, year = {2020}, url = {https://doi.org/10.3390/laws9040028},
     keywords = {research}""",
     "Olivia Cullen et al., [*Our Laws*](<https://doi.org/10.3390/laws9040028>), 9 Laws 28 (2020)."),
    # news
    ("""author = {Kang, Cecilia}, title = {{A.I.-Generated Images of Child Sexual Abuse Are Flooding the
     Internet}}, journal = {{The New York Times}}, year = {2025}, month = jul, day = {10},
     url = {https://www.nytimes.com/2025/07/10/x.html}, urldate = {2026-11-22}, keywords = {news}""",
     "Cecilia Kang, [*A.I.-Generated Images of Child Sexual Abuse Are Flooding the Internet*]"
     "(<https://www.nytimes.com/2025/07/10/x.html>), The New York Times (July 10, 2025)."),
    # web page that can change: "visited", and no year that only repeats the visit
    ("""author = {{Internet Watch Foundation}}, title = {{Frequently Asked Questions}}, year = {2026},
     url = {https://www.iwf.org.uk/faqs/}, urldate = {2026-11-22}, keywords = {advocacy}""",
     "Internet Watch Foundation, [*Frequently Asked Questions*](<https://www.iwf.org.uk/faqs/>) "
     "(visited Nov. 22, 2026)."),
])
def test_each_kind_renders_in_its_form(body, expected):
    assert footnote(body) == expected


def test_research_notes_and_labels_are_never_printed():
    text = footnote(CASE)
    assert "Filed 27 Nov" not in text and "CourtListener." not in text
    assert "URL" not in text and "visited" not in text  # an opinion does not change
    assert text.count("2006") == 1 and text.count("9th Cir.") == 1  # court and year once


def test_fields_are_escaped_for_markdown_and_html():
    text = footnote("""author = {{A <b>Lab</b> \\& Co}}, title = {{Star *bold* [link](javascript:x) `code`}},
     year = {2020}, url = {https://example.org/a b"c>d}, keywords = {research}""")
    assert "<b>" not in text and "&lt;b&gt;Lab&lt;/b&gt; &amp; Co" in text
    assert "\\*bold\\*" in text and "\\[link\\]" in text and "\\`code\\`" in text
    assert "(<https://example.org/a%20b%22c%3Ed>)" in text


def test_a_non_http_url_is_not_linked():
    text = footnote("""author = {X}, title = {{T}}, year = {2020}, url = {javascript:alert(1)}, keywords = {news}""")
    assert "javascript" not in text and "](" not in text


@pytest.mark.parametrize("body, expected", [
    (CASE, "<em>Kuchinski</em>, 469 F.3d 853."),
    ("""author = {{International Centre for Missing \\& Exploited Children}}, shortauthor = {ICMEC},
     title = {{Child Sexual Abuse Material: Model Legislation \\& Global Review}}, shorttitle = {Global Review},
     institution = {{ICMEC}}, year = {2018}, url = {https://www.icmec.org/x/}, keywords = {advocacy}""",
     "ICMEC, <em>Global Review</em> (2018)."),
    ("""author = {{Supreme Court of the United States}}, title = {{Missouri v. Frye}}, court = {U.S.},
     reporter = {U.S.}, volume = {566}, pages = {134}, year = {2012}, keywords = {case}""",
     "<em>Frye</em>, 566 U.S. 134."),
    ("""author = {{U.S. Congress}}, title = {{Certain activities}}, jurisdiction = {US}, code = {18 U.S.C.},
     section = {2252A}, year = {2026}, keywords = {statute}""", "18 U.S.C. § 2252A."),
    ("""author = {{Council of Europe}}, title = {{Convention on Cybercrime}}, shorttitle = {Budapest Convention},
     treatyseries = {ETS No. 185}, year = {2001}, keywords = {treaty}""", "Budapest Convention, ETS No. 185."),
    ("""author = {Kang, Cecilia}, title = {{Flooding}}, year = {2025}, keywords = {news}""",
     "Kang, <em>Flooding</em> (2025)."),
])
def test_short_forms_for_the_pdf(body, expected):
    assert citestyle.short_form(entry(body)) == expected


def test_real_entries_read_as_the_issue_asks():
    data = bibliography.validate_bibliography((Path(__file__).resolve().parents[1] / "bibliography.bib")
                                              .read_text(encoding="utf-8"))
    assert citestyle.format_entry(data.entries["ninthcir2006kuchinski"], citestyle.Html) == (
        '<a href="https://www.courtlistener.com/c/F.3d/469/853/"><em>United States v. Kuchinski</em></a>, '
        "469 F.3d 853 (9th Cir. 2006) (conviction affirmed, sentence vacated).")
    assert citestyle.short_form(data.entries["icmec2018globalreview"]) == "ICMEC, <em>Global Review</em> (2018)."
    for key, e in data.entries.items():  # no research note leaks into a citation
        annote = citestyle.field(e, "annote")
        assert not annote or annote not in citestyle.format_entry(e), key


GOOD_CASE = """@misc{abc2020case,
  author   = {{Supreme Court of the United States}},
  title    = {{Doe v. Roe}},
  court    = {U.S.},
  reporter = {U.S.},
  volume   = {500},
  pages    = {1},
  year     = {1991},
  url      = {https://supreme.justia.com/cases/federal/us/500/1/},
  keywords = {case}
}
"""
GOOD_STATUTE = """@misc{usc2026s2252a,
  author   = {{United States Congress}},
  title    = {{Certain activities}},
  jurisdiction = {US},
  code     = {18 U.S.C.},
  section  = {2252A},
  year     = {2026},
  keywords = {statute}
}
"""
GOOD_TREATY = """@misc{coe2007lanzarote,
  author   = {{Council of Europe}},
  title    = {{Lanzarote Convention}},
  treatyseries = {CETS No. 201},
  year     = {2007},
  url      = {https://www.coe.int/x},
  keywords = {treaty}
}
"""


@pytest.mark.parametrize("text, old, message", [
    (GOOD_CASE, "  court    = {U.S.},\n", "entry 'abc2020case': a case needs field 'court'; add e.g. court = {9th Cir.}"),
    (GOOD_CASE, "  reporter = {U.S.},\n", "entry 'abc2020case': a case needs field 'reporter'; add e.g. "
                                          "reporter = {F.3d}"),
    (GOOD_CASE, "  year     = {1991},\n", "entry 'abc2020case': missing or malformed field 'year'"),
    (GOOD_STATUTE, "  code     = {18 U.S.C.},\n", "entry 'usc2026s2252a': a statute needs field 'code'; "
                                                   "add e.g. code = {18 U.S.C.}"),
    (GOOD_STATUTE, "  section  = {2252A},\n", "entry 'usc2026s2252a': a statute needs field 'section'; "
                                              "add e.g. section = {2252A}"),
    (GOOD_STATUTE, "  jurisdiction = {US},\n", "a statute needs field 'jurisdiction'; add e.g. jurisdiction = {US}"),
    (GOOD_TREATY, "  treatyseries = {CETS No. 201},\n", "entry 'coe2007lanzarote': a treaty needs field "
                                                        "'treatyseries'; add e.g. treatyseries = {CETS No. 201}"),
    (GOOD_CASE, "  year     = {1991},\n", "bibliography.bib:"),
])
def test_missing_kind_fields_stop_the_build_with_key_field_and_fix(text, old, message):
    assert bibliography.validate_bibliography(text)  # the good entry passes
    bad = text.replace(old, "")
    assert bad != text
    with pytest.raises(bibliography.CitationError) as err:
        bibliography.validate_bibliography(bad)
    assert message in str(err.value)


def test_a_slip_opinion_needs_its_full_date():
    slip = GOOD_CASE.replace("  reporter = {U.S.},\n  volume   = {500},\n  pages    = {1},\n",
                             "  docket   = {No. 22-15103},\n  month    = aug,\n")
    with pytest.raises(bibliography.CitationError, match="a case needs field 'reporter'.*docket = "):
        bibliography.validate_bibliography(slip)
    assert bibliography.validate_bibliography(slip.replace("  month    = aug,\n", "  month    = aug,\n  day = {1},\n"))


def test_a_bad_day_is_named():
    with pytest.raises(bibliography.CitationError, match="field 'day' must be a day of the month"):
        bibliography.validate_bibliography(GOOD_CASE.replace("  year     = {1991},\n",
                                                             "  year     = {1991},\n  month = may,\n  day = {32},\n"))


def test_only_non_legal_sources_refer_back_to_their_first_note():
    assert citestyle.refers_back(entry(CASE)) is False
    assert citestyle.refers_back(entry("author = {X}, title = {{T}}, year = {2020}, keywords = {government}"))


def test_a_research_note_in_the_public_note_field_is_refused():
    long_note = ("Read in a copy on another host; the publisher's own page was not reachable on 22 Nov. 2026, "
                 "so the copy was compared with the reporter.")
    bad = GOOD_CASE.replace("  keywords = {case}", f"  note     = {{{long_note}}},\n  keywords = {{case}}")
    with pytest.raises(bibliography.CitationError, match="entry 'abc2020case': field 'note' is printed .* 'annote'"):
        bibliography.validate_bibliography(bad)
    short = GOOD_CASE.replace("  keywords = {case}", "  note     = {en banc},\n  keywords = {case}")
    assert bibliography.validate_bibliography(short)
