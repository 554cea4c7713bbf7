"""The Content Security Policy hook (hooks/csp.py): hashes, inline styles, the headers file.

The browser check is tests/test_browser_csp.py.
"""

import base64
import hashlib
import sys

from conftest import FIXTURE, PROJECT, fixture_site, mkdocs_build

sys.path.insert(0, str(PROJECT / "hooks"))
import csp  # noqa: E402


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_only_scripts_that_run_are_hashed():
    html = ('<script>a=1</script><script src="x.js"></script><script type="application/json">{}</script>'
            '<script type="application/ld+json">{"a":1}</script><script type="module">b()</script>'
            '<script>a=1</script>')
    assert csp.script_hashes(html) == [sha("a=1"), sha("b()")]


def test_policy_has_no_unsafe_sources_and_header_only_directives_stay_out_of_meta():
    meta = csp.policy([sha("a=1")])
    assert "unsafe" not in meta and "frame-ancestors" not in meta
    assert f"script-src 'self' {sha('a=1')};" in meta and "style-src 'self';" in meta
    assert "frame-ancestors 'none'" in csp.policy([], header=True)


def test_meta_goes_first_in_the_head():
    html, hashes = csp.with_policy('<html><head><meta charset="utf-8"><script>x()</script></head></html>')
    assert hashes == [sha("x()")]
    assert html.startswith('<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
                           f'content="default-src \'self\'; script-src \'self\' {sha("x()")};')


def test_table_alignment_becomes_a_class_and_other_inline_styles_are_errors():
    assert csp.align_classes('<th style="text-align: right;">A</th><td style="text-align: center;">1</td>') == \
        '<th class="cle-align-right">A</th><td class="cle-align-center">1</td>'
    problems = csp.inline_style_problems('<p>\n<span style="color:red">x</span><style>p{}</style>', "docs/x.md")
    assert problems[0].startswith("docs/x.md: line 2 of the HTML: inline style attribute in '<span style=")
    assert "use a class and a rule in docs/stylesheets/extra.css" in problems[0]
    assert problems[1].startswith("docs/x.md: a <style> element")
    assert csp.inline_style_problems('<p class="a">style="x" in text</p>', "x") == []


def test_headers_file_applies_the_policy_to_every_path():
    text = csp.headers_file({sha("a=1")})
    assert "/*\n  Content-Security-Policy: default-src 'self'; script-src 'self' " + sha("a=1") in text


def test_build_fails_on_an_inline_style_in_a_page(tmp_path):
    page = (FIXTURE / "docs" / "other.md").read_text() + '\n<span style="color: red">Red</span>\n'
    result = mkdocs_build(fixture_site(tmp_path, pages={"other.md": page}), tmp_path / "out")
    assert result.returncode != 0
    assert "docs/other.md: line" in result.stderr and "inline style attribute" in result.stderr


def test_fixture_build_writes_headers_and_meta(tmp_path):
    result = mkdocs_build(fixture_site(tmp_path), tmp_path / "out")
    assert result.returncode == 0, result.stderr
    header = (tmp_path / "out" / "_headers").read_text()
    html = (tmp_path / "out" / "index.html").read_text()
    assert 'http-equiv="Content-Security-Policy"' in html
    assert all(h in header for h in csp.script_hashes(html))
    assert 'http-equiv="Content-Security-Policy"' in (tmp_path / "out" / "404.html").read_text()


def test_mkdocs_serve_gets_no_policy():
    """`mkdocs serve` injects an inline live-reload script that no build-time hash can cover."""
    class Config:
        plugins: dict = {}
    try:
        csp.on_startup(command="serve", dirty=False)
        assert not csp.enabled(Config())
        csp.on_startup(command="build", dirty=False)
        assert csp.enabled(Config())
    finally:
        csp.on_startup(command="build", dirty=False)
