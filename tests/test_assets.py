"""What a reader downloads (hooks/assets.py, overrides/): comments and indentation stay in the source.

The search worker held back until search is used is checked in Chromium by
tests/test_browser.py::test_search_worker_and_index_load_only_when_search_is_used;
the first-view weight of every page is a figure that `make bench` prints.
"""

import re
import subprocess
import sys
from types import SimpleNamespace

from conftest import PROJECT, fixture_site, mkdocs_build

sys.path.insert(0, str(PROJECT / "hooks"))
import assets  # noqa: E402


def test_css_loses_every_comment_but_keeps_strings():
    css = ('/* header\n   two lines */\na { content: "/* kept */"; }\n\n'
           "b { color: red; } /* after a rule */\nc::after { content: '*/'; }\n")
    assert assets.strip_css(css) == 'a { content: "/* kept */"; }\nb { color: red; }\nc::after { content: \'*/\'; }\n'


def test_css_with_an_unclosed_comment_is_refused():
    try:
        assets.strip_css("a { b: c; }\n\n/* never closed\nd { e: f; }")
    except ValueError as err:
        assert str(err) == "line 3: a /* comment that is never closed; close it with */"
    else:
        raise AssertionError("an unclosed comment was accepted")


def test_the_build_stops_on_an_unclosed_comment_in_a_stylesheet(tmp_path):
    config = fixture_site(tmp_path, pages={"stylesheets/bad.css": "a { b: c; }\n/* open\n"})
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert ("docs/stylesheets/bad.css: line 2: a /* comment that is never closed; close it with */"
            in result.stdout + result.stderr)


def test_js_loses_only_comments_that_fill_whole_lines():
    js = ("/* file header\n   on two lines */\n(function () {\n  // why\n  var re = /a\\/*b/;\n"
          "  f(); /* after code: kept */\n  /* one line */\n  g(); // kept\n})();\n")
    assert assets.strip_js(js) == ("(function () {\n  var re = /a\\/*b/;\n  f(); /* after code: kept */\n"
                                   "  g(); // kept\n})();\n")


def test_js_comment_that_ends_before_code_keeps_the_code():
    # The comment starts a line but code follows its end: the line stays whole.
    assert assets.strip_js("/* a */ run();\n/* b */\n") == "/* a */ run();\n"


def test_stripped_scripts_still_parse():
    node = subprocess.run(["node", "--version"], capture_output=True)
    assert node.returncode == 0, "node is needed (make browser-deps installs the npm tools with it)"
    for path in [*(PROJECT / "docs" / "javascripts").glob("*.js"),
                 *(PROJECT / "overrides" / "assets" / "javascripts").glob("*.js")]:
        result = subprocess.run(["node", "--check", "-"], input=assets.strip_js(path.read_text()),
                                capture_output=True, text=True)
        assert result.returncode == 0, f"{path.name} no longer parses once stripped:\n{result.stderr}"


def test_indentation_collapses_outside_elements_that_keep_whitespace():
    html = ('<div>\n    <p>\n\n      Text\n    </p>\n  <pre><code>a\n    b</code></pre>\n'
            '  <p>Inline <code>x\n   y</code></p>\n  <script>\n    s()</script>\n  <textarea>\n  t</textarea>\n</div>')
    assert assets.collapse_indentation(html) == (
        '<div>\n<p>\nText\n</p>\n<pre><code>a\n    b</code></pre>\n'
        '<p>Inline <code>x\n   y</code></p>\n<script>\n    s()</script>\n<textarea>\n  t</textarea>\n</div>')


def test_only_the_projects_own_css_and_js_are_stripped(tmp_path):
    docs, theme = tmp_path / "docs", tmp_path / "overrides"
    config = SimpleNamespace(docs_dir=str(docs), theme=SimpleNamespace(custom_dir=str(theme)))

    def file(path, uri):
        return SimpleNamespace(abs_src_path=str(path), src_uri=uri)

    assert assets.own_asset(file(docs / "stylesheets/extra.css", "stylesheets/extra.css"), config)
    assert assets.own_asset(file(theme / "assets/javascripts/x.js", "assets/javascripts/x.js"), config)
    assert not assets.own_asset(file(docs / "index.md", "index.md"), config)
    material = tmp_path / "site-packages/material/templates/assets/javascripts/bundle.js"
    assert not assets.own_asset(file(material, "assets/javascripts/bundle.js"), config)
    assert not assets.own_asset(SimpleNamespace(abs_src_path=None, src_uri="x.js"), config)


def test_the_built_site_serves_stripped_files_and_a_print_only_stylesheet(site):
    site_dir, _ = site
    extra = (site_dir / "stylesheets" / "extra.css").read_text(encoding="utf-8")
    source = (PROJECT / "docs" / "stylesheets" / "extra.css").read_text(encoding="utf-8")
    assert "/*" in source and "/*" not in extra
    assert ".cle-content-note" in extra                      # the rules themselves are all there
    assert len(extra) < len(source) * 0.8
    reading = (site_dir / "javascripts" / "reading.js").read_text(encoding="utf-8")
    assert not reading.lstrip().startswith("/*")
    page = (site_dir / "mens-rea" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<link rel="stylesheet" href="[./]*stylesheets/print\.css" media="print">', page)
    assert not re.search(r'<link rel="stylesheet" href="[./]*stylesheets/print\.css">', page)
    assert "\n    " not in page.split("<pre", 1)[0]            # no template indentation before the first <pre>
    assert (site_dir / "assets" / "images" / "favicon.png").stat().st_size < 1000
