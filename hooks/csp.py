"""A strict Content Security Policy: no inline script runs unless the build vouches for it.

Every page gets a `<meta http-equiv="Content-Security-Policy">` as the first
thing in its head, and the build writes `site/_headers` (the headers file of
Netlify and Cloudflare Pages) with the same policy for every path, plus the
directives a meta element cannot carry (frame-ancestors).

- Scripts: `'self'` plus the SHA-256 hash of each inline script Material
  writes (the `__md_scope` helpers, the palette bootstrap, the tabbed-content
  fix), computed here from the final HTML of each page. No 'unsafe-inline',
  no 'unsafe-eval'. The project's own scripts are files
  (overrides/assets/javascripts/). Data blocks (`application/json`,
  `application/ld+json`) are not scripts and are not run, so need no hash.
- Styles: `'self'` only. The one inline style the Markdown writes, a table
  column's `style="text-align: right;"`, becomes a class
  (`cle-align-right`, in docs/stylesheets/extra.css); the build fails on any
  other `style` attribute or `<style>` element, naming the page and the fix.
  Material changes styles only through the CSSOM (element.style), which a
  policy does not restrict.
- Search: Material runs its search as a Worker from a same-origin file
  (worker-src 'self') and fetches the index with XHR (connect-src 'self').
- Images: 'self' and data: (Material's CSS draws its icons from data: SVGs).

The offline copy (`make offline`, pages opened from file://) gets no policy:
file:// pages have no origin that 'self' could name, and its iframe-worker
shim writes inline scripts into an iframe to run search. Neither does
`mkdocs serve` (`make serve`): its live-reload script is inline and changes
with every request. Both are for reading locally, not for publishing.

The pure functions are called by pytest; the MkDocs event handlers at the
bottom are thin adapters.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
SRC = re.compile(r"\ssrc\s*=", re.I)
TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.I)
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
ALIGN = re.compile(r'<(th|td)((?:(?!\sclass=)[^>])*?) style="text-align: (left|right|center);"')
STYLE_ATTR = re.compile(r"<[a-zA-Z][^>]*?\sstyle\s*=", re.S)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
META_MARK = 'http-equiv="Content-Security-Policy"'
CHARSET = re.compile(r'<meta charset="utf-8">', re.I)
HEADERS_FILE = "_headers"

BASE = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
HEADER_ONLY = {"frame-ancestors": ["'none'"]}  # ignored (with a console error) in a meta element


def script_hashes(html: str) -> list[str]:
    """The CSP source (`'sha256-...'`) of every inline script that a browser would run, in page order."""
    hashes = []
    for attrs, body in SCRIPT.findall(html):
        if SRC.search(attrs):
            continue
        kind = TYPE.search(attrs)
        if (kind.group(1).lower() if kind else "") not in JS_TYPES:
            continue  # a data block (JSON, JSON-LD): never run
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        source = f"'sha256-{digest}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def policy(hashes, header: bool = False) -> str:
    """The policy text: BASE with the script hashes (and, for a header, HEADER_ONLY)."""
    directives = {name: list(values) for name, values in BASE.items()}
    directives["script-src"] += sorted(set(hashes))
    if header:
        directives.update(HEADER_ONLY)
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def inline_style_problems(html: str, where: str) -> list[str]:
    """Inline styles that the policy would block, each with the fix."""
    problems = []
    for match in list(STYLE_ATTR.finditer(html))[:3]:
        line = html.count("\n", 0, match.start()) + 1
        tag = match.group(0)[:60].replace("\n", " ")
        problems.append(f"{where}: line {line} of the HTML: inline style attribute in {tag!r}; the Content "
                        "Security Policy blocks it: use a class and a rule in docs/stylesheets/extra.css")
    if STYLE_ELEMENT.search(html):
        problems.append(f"{where}: a <style> element; the Content Security Policy blocks it: move the rules "
                        "to docs/stylesheets/extra.css")
    return problems


def align_classes(html: str) -> str:
    """Table cells' `style="text-align: X;"` (from Markdown tables) as `class="cle-align-X"`."""
    return ALIGN.sub(r'<\1\2 class="cle-align-\3"', html)


def with_policy(html: str) -> tuple[str, list[str]]:
    """The page with its policy as the first element of its head, and the hashes it allows."""
    hashes = script_hashes(html)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}">'
    html, count = CHARSET.subn(lambda m: m.group(0) + meta, html, count=1)
    if not count:
        html = html.replace("<head>", "<head>" + meta, 1)
    return html, hashes


def headers_file(hashes) -> str:
    """site/_headers (Netlify, Cloudflare Pages): the policy for every path."""
    return ("# Written by hooks/csp.py at build time (Netlify and Cloudflare Pages read it).\n"
            "/*\n"
            f"  Content-Security-Policy: {policy(hashes, header=True)}\n"
            "  X-Content-Type-Options: nosniff\n"
            "  Referrer-Policy: strict-origin-when-cross-origin\n")


# --------------------------------------------------------------------------
# MkDocs hooks (thin adapters)
# --------------------------------------------------------------------------

_state: dict = {"hashes": set(), "done": set(), "command": "build"}


def enabled(config: MkDocsConfig) -> bool:
    """Off for the offline copy (file:// pages) and for `mkdocs serve` (see above)."""
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return _state["command"] != "serve" and not (plugin is not None and plugin.config.enabled)


def on_startup(*, command: str, dirty: bool) -> None:
    _state["command"] = command


def on_pre_build(*, config: MkDocsConfig) -> None:
    _state["hashes"], _state["done"] = set(), set()


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files) -> str:
    return align_classes(html)


def _secure(output: str, where: str, dest: str, config: MkDocsConfig) -> str:
    if not enabled(config):
        return output
    problems = inline_style_problems(output, where)
    if problems:
        raise PluginError("Content Security Policy errors:\n" + "\n".join(problems))
    output, hashes = with_policy(output)
    _state["hashes"].update(hashes)
    _state["done"].add(dest)
    return output


@event_priority(-100)  # the final HTML, after every other hook
def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return _secure(output, f"docs/{page.file.src_uri}", page.file.dest_uri, config)


@event_priority(-100)
def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    if template_name.endswith(".html"):  # the 404 page
        return _secure(output, f"template {template_name}", template_name, config)
    return output


@event_priority(-100)  # after mkdocs-redirects has written its redirect pages
def on_post_build(*, config: MkDocsConfig) -> None:
    if not enabled(config):
        return
    site = Path(config.site_dir)
    for path in site.rglob("*.html"):  # pages written by plugins (redirects)
        rel = path.relative_to(site).as_posix()
        if rel in _state["done"]:
            continue
        text = path.read_text(encoding="utf-8")
        if META_MARK not in text:
            text, hashes = with_policy(text)
            _state["hashes"].update(hashes)
            path.write_text(text, encoding="utf-8")
    (site / HEADERS_FILE).write_text(headers_file(_state["hashes"]), encoding="utf-8")
