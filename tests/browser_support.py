"""Helpers shared by the browser tests and tools/bench.py.

Serves a built site on 127.0.0.1 from a thread, launches Debian's Chromium
through Playwright for Python with the flags that keep it off the network,
and lists the pages of a built site.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import http.server
import shutil
import socket
import threading
from pathlib import Path
from typing import Iterator

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


class _GzipHandler(_QuietHandler):
    """Sends text files gzipped when the client accepts it, as a web host would."""

    TYPES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".bib", ".ris", ".csv")

    def send_head(self):
        url_path = self.path.split("?", 1)[0].split("#", 1)[0]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not url_path.endswith("/"):
                return super().send_head()      # the stdlib redirects to the slash
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in self.TYPES):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(site_dir: Path, port: int = 0, compress: bool = False) -> Iterator[str]:
    """Serve `site_dir` on 127.0.0.1 (`port`, or a free one) and yield its base URL.

    With `compress`, text files go out gzipped to clients that accept it.
    """
    handler = functools.partial(_GzipHandler if compress else _QuietHandler,
                                directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chromium_missing() -> str | None:
    """None when Debian's Chromium is installed, else how to install it."""
    if Path(CHROMIUM).exists() or shutil.which("chromium"):
        return None
    return ("Chromium is not installed: the browser tests need Debian's package "
            "`chromium` (as root: apt-get update && apt-get install -y chromium).")


def launch(playwright):
    """Debian's Chromium, headless, with no background network traffic."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                      headless=True)


def pages(site_dir: Path) -> list[str]:
    """Every page of a built site as a URL path ('' for the home page).

    Includes 404.html; skips redirect stubs, which are not pages a reader
    stays on.
    """
    out = []
    for html in sorted(site_dir.rglob("*.html")):
        rel = html.relative_to(site_dir).as_posix()
        text = html.read_text(encoding="utf-8", errors="replace")
        if 'http-equiv="refresh"' in text and len(text) < 2000:
            continue
        out.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return out
