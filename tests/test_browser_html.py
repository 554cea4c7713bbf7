"""HTML validity: the Nu HTML Checker (npm vnu-jar, on the installed Java) over the built site.

Zero errors, except the short list below of markup Material writes in
partials that have no block to override. Each entry names the message and
the markup it may match, so a new error of the same kind elsewhere still fails.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from conftest import PROJECT

VNU = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# (message pattern, pattern the reported markup must match)
ALLOWED = [
    # Material's hidden toggles (drawer, search) are checkboxes with
    # autocomplete="off", which Firefox needs to not restore their state;
    # HTML allows autocomplete only on text-like inputs.
    (r"^Attribute “autocomplete” is only allowed when the input type is ",
     r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" '
     r'id="__(drawer|search)" autocomplete="off">'),
]


def vnu(*paths) -> list[dict]:
    java = shutil.which("java")
    if java is None or not VNU.exists():
        pytest.fail("The Nu HTML Checker needs Java and npm's vnu-jar: run `make test` "
                    "(apt-get install -y default-jre-headless; npm ci).", pytrace=False)
    result = subprocess.run(
        [java, "-Xss4m", "-jar", str(VNU), "--errors-only", "--skip-non-html",
         "--format", "json", *map(str, paths)],
        capture_output=True, text=True, timeout=600,
    )
    return json.loads(result.stderr)["messages"]


def allowed(message: dict) -> bool:
    return any(re.search(text, message["message"]) and re.search(markup, message.get("extract", ""))
               for text, markup in ALLOWED)


def test_built_site_is_valid_html(site):
    site_dir, _ = site
    messages = vnu(site_dir)
    errors = [m for m in messages if not allowed(m)]
    report = "\n".join(f"{m['url'].split(str(site_dir))[-1]}:{m.get('lastLine')}: {m['message']}\n"
                       f"    {m.get('extract', '').strip()}" for m in errors[:40])
    assert errors == [], f"{len(errors)} HTML errors:\n{report}"
    # The allowance was used (so it still describes real markup) and the
    # checker saw every page.
    assert any(allowed(m) for m in messages)
    checked = {m["url"] for m in messages}
    assert len(checked) >= len([p for p in site_dir.rglob("*.html")]) - 1


def test_checker_reports_invalid_markup(tmp_path):
    """The gate can fail: a broken page is reported, and not allowed."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html lang="en"><title>x</title>'
                   '<meta name="description" content="a "quoted" word">'
                   '<input type="checkbox" autocomplete="off"><p><div></div></p>', encoding="utf-8")
    errors = [m for m in vnu(bad) if not allowed(m)]
    assert len(errors) >= 2, errors
