"""The offline copy of the site (`make offline`): works from file://, makes no network request.

mkdocs.yml enables Material's offline plugin only when OFFLINE=true. That
plugin turns off directory URLs and inlines the search index, but points the
`iframe-worker` shim (which lets search run its worker from file://) at a
CDN. This hook serves the vendored copy in vendor/iframe-worker/ instead, and
fails the build if any page would still load a script, stylesheet, image or
frame from another host.

The pure functions are called by pytest; the MkDocs hooks at the bottom are
thin adapters that do nothing in a normal build.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

SHIM_SOURCE = Path(__file__).resolve().parents[1] / "vendor" / "iframe-worker" / "shim.js"
SHIM_URI = "assets/javascripts/iframe-worker-1.0.4.js"  # contains "iframe-worker": the plugin adds no CDN copy
# Elements whose address the browser loads by itself when it shows the page.
LOADED = re.compile(
    r"<(?:script|img|iframe|audio|video|source|embed)\b[^>]*?\bsrc=[\"']?((?:https?:)?//[^\"'\s>]+)"
    r"|<link\b(?=[^>]*\brel=[\"']?(?:stylesheet|preload|modulepreload|icon|shortcut icon|manifest|prefetch)\b)"
    r"[^>]*?\bhref=[\"']?((?:https?:)?//[^\"'\s>]+)",
    re.IGNORECASE,
)


def local_polyfills(polyfills: list) -> list:
    """The polyfill list with every iframe-worker entry replaced by the vendored copy."""
    out = [p for p in polyfills if "iframe-worker" not in str(p)]
    return out + [SHIM_URI]


def remote_loads(html: str) -> list[str]:
    """Addresses on other hosts that a page would load as it is shown (links to click are fine)."""
    return [a or b for a, b in LOADED.findall(html)]


def offline_enabled(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin is not None and plugin.config.enabled)


# --------------------------------------------------------------------------
# MkDocs hooks (thin adapters)
# --------------------------------------------------------------------------

@event_priority(-100)  # after Material's offline plugin has added its CDN address
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if offline_enabled(config):
        if not SHIM_SOURCE.is_file():
            raise PluginError(f"{SHIM_SOURCE} is missing; restore vendor/iframe-worker/ from git "
                              "(see its README.md)")
        config.extra["polyfills"] = local_polyfills(config.extra.get("polyfills", []))
    return config


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    if offline_enabled(config):
        files.append(File.generated(config, SHIM_URI, abs_src_path=str(SHIM_SOURCE)))
    return files


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    if offline_enabled(config):
        remote = remote_loads(output)
        if remote:
            raise PluginError(
                f"docs/{page.file.src_uri}: the offline copy would load {', '.join(sorted(set(remote)))} "
                "from the network; serve a local copy (see hooks/offline.py) or remove it")
    return output
