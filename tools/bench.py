"""Benchmark: where writers and readers wait, against bare Material of the same docs/.

Run with `make bench` (`make bench RUNS=3` for fewer rounds, `SKIP=pdf` to
leave out a part, `EXTRAS=1` for axe and Lighthouse). In one run it prints,
with the target beside each figure and a pass/FAIL line per target:

1. the cold build: a strict `mkdocs build --clean` with every build cache
   (everything under .cache/) emptied first;
2. the warm build: the same with the caches full;
3. the edit loop as a writer lives it: the project's `make serve` command
   (read from the Makefile, so `--dirty` or any other mode it uses is what
   is measured) and a bare `mkdocs serve` run side by side; a page is saved
   with one more sentence, and the time runs from the save to the "Reloading
   browsers" line MkDocs logs; then the page is restored;
4. the PDF: `PDF=true mkdocs build --strict --clean` (SITE_URL
   https://example.org/, the PDF's cache .cache/pdf/ emptied, so the book
   and the sections are laid out and written each round), at most 3 rounds
   since it is slow;
5. the first view of every page in Chromium (Debian's /usr/bin/chromium,
   phone width, empty cache, until the network is idle): raw and gzipped
   bytes (each response body gzipped at level 6, as a server would send
   it) and requests, and any request to another host (blocked, never sent).

Each timing is the median of RUNS rounds; within a round the project and the
bare build run one after the other (A, B, A, B, ...), so both see the same
load, and the ratio is of the medians. Bare Material is `bare_config()`: the
same docs/ and Markdown extensions with Material's search alone (no bibtex,
no other plugin, no hooks, no overrides; citations render as text).

Everything runs in a temporary copy of the project (tracked and new files,
reading the real git history), so emptying the caches and editing a page
never touch the working tree or its .cache/. Nothing reaches the network.
It prints figures and never fails on a figure.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "tests"))
sys.path.insert(0, str(PROJECT / "tools"))

from benchlib import (TARGETS, TOPICS, bare_config, changed, compare,  # noqa: E402
                      copy_project, empty_caches, machine, serve_argv, timing_table, view_table,
                      view_verdicts)
from browser_support import (CHROMIUM, CHROMIUM_ARGS, PHONE, free_port, launch,  # noqa: E402
                             pages, serve)

RUNS = 5
PDF_RUNS = 3
PARTS = ("build", "serve", "pdf", "view")
EDITED_PAGE = "docs/mens-rea/mental-states.md"
LIGHTHOUSE = PROJECT / "node_modules" / ".bin" / "lighthouse"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
       "GIT_OPTIONAL_LOCKS": "0"}   # git in the copy never rewrites the real index


# -- builds ----------------------------------------------------------------------

def timed(cmd: list[str], cwd: Path, env=ENV) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{(result.stdout + result.stderr)[-3000:]}")
    return elapsed


def build_cmd(config: Path, site_dir: Path, strict: bool = True) -> list[str]:
    return ([sys.executable, "-m", "mkdocs", "build", "--clean", "-q", "-f", str(config), "-d", str(site_dir)]
            + (["--strict"] if strict else []))


def builds(work: Path, bare: Path, tmp: Path, runs: int) -> list[dict]:
    cold, warm, plain = [], [], []
    for i in range(runs):
        print(f"  round {i + 1}/{runs}: cold, bare, warm", flush=True)
        empty_caches(work)
        cold.append(timed(build_cmd(work / "mkdocs.yml", tmp / "full"), work))
        plain.append(timed(build_cmd(bare, tmp / "bare", strict=False), work))
        warm.append(timed(build_cmd(work / "mkdocs.yml", tmp / "full"), work))
    return [compare("cold build", cold, plain, TARGETS["cold build"]),
            compare("warm build", warm, plain, TARGETS["warm build"])]


def pdf_builds(work: Path, bare: Path, tmp: Path, runs: int) -> dict:
    env = {**ENV, "PDF": "true", "SITE_URL": "https://example.org/"}
    full, plain = [], []
    for i in range(runs):
        print(f"  round {i + 1}/{runs}: PDF (cold PDF cache), bare", flush=True)
        # The PDF's own cache emptied: the time to lay out and write the book and the sections.
        # The drawings' caches stay full; what a cold start adds is the cold build's figure.
        empty_caches(work, only="pdf")
        full.append(timed(build_cmd(work / "mkdocs.yml", tmp / "pdf"), work, env=env))
        plain.append(timed(build_cmd(bare, tmp / "bare", strict=False), work))
    return compare("PDF", full, plain, TARGETS["PDF"])


# -- the edit loop -----------------------------------------------------------------

RELOADED = r"Reloading browsers"
FAILED = re.compile(r"An error happened during the rebuild|Aborted with")


class Server:
    """A `mkdocs serve` process whose log lines are kept with the time each arrived."""

    def __init__(self, argv: list[str], cwd: Path):
        self.argv = argv
        self.lines: list[tuple[float, str]] = []
        self.cond = threading.Condition()
        self.proc = subprocess.Popen(argv, cwd=cwd, env=ENV, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, bufsize=1)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            with self.cond:
                self.lines.append((time.perf_counter(), line.rstrip()))
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def wait_for(self, pattern: str, after: float, timeout: float = 600) -> float:
        """The arrival time of the first log line matching `pattern` that came after `after`."""
        deadline = time.perf_counter() + timeout
        regex = re.compile(pattern)
        with self.cond:
            while True:
                for when, line in self.lines:
                    if when > after and regex.search(line):
                        return when
                    if when > after and FAILED.search(line):
                        tail = "\n".join(line for _, line in self.lines[-15:])
                        raise RuntimeError(f"{' '.join(self.argv)}: the rebuild failed:\n{tail}")
                if self.proc.poll() is not None:
                    tail = "\n".join(line for _, line in self.lines[-15:])
                    raise RuntimeError(f"{' '.join(self.argv)} stopped:\n{tail}")
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"no line matching {pattern!r} within {timeout} s")
                self.cond.wait(timeout=1)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()




def edit_seconds(server: Server, page: Path) -> float:
    """Seconds from saving a change to `page` to the reload line; the page is restored (and rebuilt) after."""
    with changed(page):
        saved = time.perf_counter()
        reloaded = server.wait_for(RELOADED, saved)
    restored = time.perf_counter()
    server.wait_for(RELOADED, restored)
    return reloaded - saved


def edit_loop(work: Path, bare_docs: Path, tmp: Path, runs: int) -> tuple[dict, str]:
    recipe = subprocess.run(["make", "-n", "-s", "serve"], cwd=PROJECT, env=ENV, check=True,
                            capture_output=True, text=True).stdout
    project_argv = serve_argv(recipe, free_port(), PROJECT)
    bare = bare_config(bare_docs, tmp, "bare-serve.yml")
    bare_argv = [sys.executable, "-m", "mkdocs", "serve", "-f", str(bare),
                 "--dev-addr", f"127.0.0.1:{free_port()}"]
    servers = []
    try:
        for argv, cwd in ((project_argv, work), (bare_argv, bare_docs)):
            servers.append(Server(argv, cwd))
        for server in servers:
            server.wait_for(r"Serving on http", 0)
        full, plain = [], []
        for i in range(runs):
            print(f"  round {i + 1}/{runs}: save and reload, project then bare", flush=True)
            full.append(edit_seconds(servers[0], work / EDITED_PAGE))
            plain.append(edit_seconds(servers[1], bare_docs / EDITED_PAGE))
    finally:
        for server in servers:
            server.stop()
    shown = " ".join(Path(a).name if i == 0 else a for i, a in enumerate(project_argv))
    return compare("edit loop", full, plain, TARGETS["edit loop"]), shown


# -- first views ------------------------------------------------------------------

def first_views(browser, base_url: str, paths: list[str]) -> tuple[dict, list[str]]:
    """{path: (raw bytes, gzipped bytes, requests)} and every third-party URL asked for."""
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(base_url))
    weights, foreign = {}, []
    for path in paths:
        context = browser.new_context(viewport=PHONE, service_workers="block")
        bodies: list[bytes] = []

        def route(r):
            if r.request.url.startswith(origin) or r.request.url.startswith("data:"):
                r.continue_()
            else:
                foreign.append(r.request.url)
                r.abort("blockedbyclient")

        def finished(request):
            if request.url.startswith(origin) and (response := request.response()):
                bodies.append(response.body())

        context.route("**/*", route)
        context.on("requestfinished", finished)
        page = context.new_page()
        page.goto(base_url + path, wait_until="networkidle")
        page.wait_for_timeout(200)
        context.close()
        weights[path] = (sum(map(len, bodies)),
                         sum(len(gzip.compress(b, compresslevel=6)) for b in bodies),
                         len(bodies))
    return weights, foreign


def axe_violations(browser, base_url: str, paths: list[str]) -> int:
    from axe_playwright_python.sync_playwright import Axe
    axe, count = Axe(), 0
    context = browser.new_context(viewport=PHONE, service_workers="block")
    page = context.new_page()
    for path in paths:
        page.goto(base_url + path)
        count += len(axe.run(page).response["violations"])
    context.close()
    return count


def lighthouse(url: str, out: Path) -> dict:
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
         "--only-categories=performance,accessibility,best-practices,seo",
         f"--chrome-flags={flags}"],
        env={**ENV, "CHROME_PATH": CHROMIUM}, check=True, timeout=300,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {key: cat["score"] for key, cat in report["categories"].items()}
    scores["_failed"] = sorted(a["id"] for a in report["audits"].values()
                               if a.get("score") is not None and a["score"] < 1
                               and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings"))
    return scores


def views(work: Path, tmp: Path, extras: bool) -> list[str]:
    from playwright.sync_api import sync_playwright

    port = free_port()
    site_dir = tmp / "served"
    timed(build_cmd(work / "mkdocs.yml", site_dir), work, env={**ENV, "SITE_URL": f"http://127.0.0.1:{port}/"})
    paths = pages(site_dir)
    lines = []
    with serve(site_dir, port, compress=True) as base_url, sync_playwright() as playwright:
        browser = launch(playwright)
        print(f"  loading {len(paths)} pages in Chromium ...", flush=True)
        weights, foreign = first_views(browser, base_url, paths)
        lines += view_table(weights)
        lines += view_verdicts(weights)
        lines.append(f"Third-party requests, all {len(paths)} pages: {len(foreign)} (target 0)"
                     + (f": {sorted(set(foreign))}" if foreign else ""))
        if extras:
            print("  axe on every page, Lighthouse (mobile) ...", flush=True)
            lines.append(f"axe violations, all pages (light, phone): "
                         f"{axe_violations(browser, base_url, paths)} (target 0)")
        browser.close()
        if extras and not LIGHTHOUSE.exists():
            lines.append("Lighthouse: not run (node_modules/.bin/lighthouse is missing: run `make browser-deps`)")
        elif extras:
            topic = max((p for p in weights if p.startswith(TOPICS)), key=lambda p: weights[p][1])
            for label, path in (("home", ""), (f"/{topic}", topic)):
                s = lighthouse(base_url + path, tmp / "lighthouse.json")
                lines.append(f"Lighthouse mobile, {label}: performance {s['performance']:.2f}, "
                             f"accessibility {s['accessibility']:.2f}, best practices "
                             f"{s['best-practices']:.2f}, SEO {s['seo']:.2f} (target 1.00 each)"
                             + (f"; audits below 1: {', '.join(s['_failed'])}" if s["_failed"] else ""))
    return lines


# -- main ------------------------------------------------------------------------

def arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=int(os.environ.get("RUNS") or RUNS),
                        help=f"rounds per timing (default {RUNS}; the PDF at most {PDF_RUNS}); env RUNS")
    parser.add_argument("--skip", default=os.environ.get("SKIP", ""),
                        help=f"comma-separated parts to leave out: {', '.join(PARTS)}; env SKIP")
    parser.add_argument("--extras", action="store_true", default=os.environ.get("EXTRAS", "") not in ("", "0"),
                        help="also run axe on every page and Lighthouse on two; env EXTRAS=1")
    args = parser.parse_args(argv)
    args.skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    if unknown := args.skip - set(PARTS):
        parser.error(f"unknown part(s) in --skip: {', '.join(sorted(unknown))} (parts: {', '.join(PARTS)})")
    if args.runs < 1:
        parser.error("--runs must be 1 or more")
    return args


def main(argv=None) -> None:
    args = arguments(argv)
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    head = [f"Benchmark of {datetime.date.today().isoformat()}: {machine()}; {chromium}",
            f"Rounds: {args.runs} (PDF {min(args.runs, PDF_RUNS)}); medians; the project and bare Material "
            "interleaved; ratio = project / bare"]
    print("\n".join(head), flush=True)
    rows, notes, view_lines = [], [], []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp_name:
        tmp = Path(tmp_name)
        work = copy_project(PROJECT, tmp / "project")
        bare_docs = copy_project(PROJECT, tmp / "bare-project")
        bare = bare_config(work, tmp)
        parts = [
            ("build", "Cold and warm builds", lambda: rows.extend(builds(work, bare, tmp, args.runs))),
            ("serve", "Edit loop", lambda: _edit(rows, notes, work, bare_docs, tmp, args.runs)),
            ("pdf", "PDF", lambda: rows.append(pdf_builds(work, bare, tmp, min(args.runs, PDF_RUNS)))),
            ("view", "First views", lambda: view_lines.extend(views(work, tmp, args.extras))),
        ]
        for key, title, run in parts:
            if key in args.skip:
                notes.append(f"{title}: skipped (--skip {key})")
                continue
            print(f"{title} ...", flush=True)
            try:
                run()
            except (RuntimeError, subprocess.SubprocessError, OSError) as err:
                notes.append(f"{title}: not measured: {err}")
    print()
    print("\n".join(head))
    print(f"Load average now: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if rows:
        print("\n".join(timing_table(rows)))
    print("\n".join(view_lines + notes))
    print()
    print("Targets:")
    for r in rows:
        print(f"  {r['name']} <= {r['target']:g}x bare: {'pass' if r['pass'] else 'FAIL'} ({r['ratio']:.2f}x)")
    for line in view_lines:
        if line.startswith("First view,"):
            print("  " + line)


def _edit(rows, notes, work, bare_docs, tmp, runs):
    row, command = edit_loop(work, bare_docs, tmp, runs)
    rows.append(row)
    notes.append(f"Edit loop: `{command}` (from `make serve`) against bare `mkdocs serve`; "
                f"save of {EDITED_PAGE} to the '{RELOADED}' line")


if __name__ == "__main__":
    if not Path(CHROMIUM).exists():
        sys.exit("Chromium is missing: run `make bench`, which installs it.")
    main()
