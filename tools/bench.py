"""Benchmark: prints build time, page weight, third-party requests and Lighthouse scores.

Run with `make bench`. It measures, in one run on this machine:

- the median wall time of 5 strict `mkdocs build`s of the real site, and of 5
  builds of the same Markdown with Material alone (no mkdocs-bibtex, no
  other plugins but Material's search, no hooks, no theme overrides: the
  citations then render as text), run alternately, and their ratio;
- the PDF build time, once the project has a `pdf` make target;
- for every page, the bytes its first view transfers (empty cache, until the
  network is idle) served on 127.0.0.1, raw and gzipped (each response body
  compressed at gzip level 6, as a server would send it), and the heaviest
  pages;
- the number of requests any page makes to a host other than the local
  server (such requests are recorded and blocked, never sent);
- axe-core violations on every page (light scheme, phone width);
- Lighthouse 12 mobile scores (npm `lighthouse`, Debian's Chromium) for the
  home page and the heaviest topic page.

It prints figures and the targets beside them; it never fails on a figure.
Nothing it does reaches the network.
"""

from __future__ import annotations

import datetime
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "tests"))

import yaml  # noqa: E402
from mkdocs.utils.yaml import yaml_load  # noqa: E402

from browser_support import (CHROMIUM, CHROMIUM_ARGS, PHONE, free_port, launch,  # noqa: E402
                             pages, serve)

RUNS = 5
TOPICS = ("mens-rea/", "prosecution-gaps/", "plea-bargaining/", "international-law/")
LIGHTHOUSE = PROJECT / "node_modules" / ".bin" / "lighthouse"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


# -- build time ----------------------------------------------------------------

def bare_config(tmp: Path) -> Path:
    """The real mkdocs.yml less bibtex, the other plugins, the hooks and overrides."""
    with open(PROJECT / "mkdocs.yml", encoding="utf-8") as fh:
        config = yaml_load(fh)
    config["docs_dir"] = str(PROJECT / "docs")
    config["plugins"] = ["search"]
    config.pop("hooks", None)
    config["theme"].pop("custom_dir", None)
    config["strict"] = False
    config.pop("validation", None)
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict) and "pymdownx.snippets" in ext:
            ext["pymdownx.snippets"]["base_path"] = [str(PROJECT / "includes")]
    path = tmp / "bare.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def timed_build(config: Path, site_dir: Path, strict: bool, env=ENV) -> float:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--clean", "-q", "-f", str(config),
           "-d", str(site_dir)] + (["--strict"] if strict else [])
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=PROJECT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"build failed ({config.name}):\n{result.stdout}{result.stderr}")
    return elapsed


def build_times(tmp: Path) -> tuple[float, float]:
    bare = bare_config(tmp)
    full_times, bare_times = [], []
    for _ in range(RUNS):     # alternate, so both see the same machine load
        full_times.append(timed_build(PROJECT / "mkdocs.yml", tmp / "full", strict=True))
        bare_times.append(timed_build(bare, tmp / "bare", strict=False))
    return statistics.median(full_times), statistics.median(bare_times)


def pdf_time() -> float | None:
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    if "\npdf:" not in makefile:
        return None
    start = time.perf_counter()
    # `make pdf` refuses to run without the published address; any address will do here.
    subprocess.run(["make", "-s", "pdf"], cwd=PROJECT, check=True,
                   env={"SITE_URL": "https://example.org/", **ENV})
    return time.perf_counter() - start


# -- page weight, privacy, axe ---------------------------------------------------

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


# -- Lighthouse ------------------------------------------------------------------

def lighthouse(url: str, out: Path) -> dict[str, float]:
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
         "--only-categories=performance,accessibility,best-practices,seo",
         f"--chrome-flags={flags}"],
        env={**ENV, "CHROME_PATH": CHROMIUM}, check=True, timeout=300,
    )
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {key: cat["score"] for key, cat in report["categories"].items()}
    failed = sorted(a["id"] for a in report["audits"].values()
                    if a.get("score") is not None and a["score"] < 1
                    and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings"))
    scores["_failed"] = failed
    return scores


# -- main ------------------------------------------------------------------------

def kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def main() -> None:
    from playwright.sync_api import sync_playwright

    today = datetime.date.today().isoformat()
    lines = [f"Benchmark of {today} ({os.cpu_count()} cores; "
             f"{subprocess.run([CHROMIUM, '--version'], capture_output=True, text=True).stdout.strip()})"]
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp_name:
        tmp = Path(tmp_name)
        print(f"Building {RUNS} times with the full setup and {RUNS} times bare ...", flush=True)
        full, bare = build_times(tmp)
        lines.append(f"mkdocs build, median of {RUNS}: {full:.2f} s; bare Material build: "
                     f"{bare:.2f} s; ratio {full / bare:.2f}x (target <= 1.5x)")
        pdf = pdf_time()
        lines.append("PDF build: " + (f"{pdf:.2f} s" if pdf is not None
                                      else "not measured (no `make pdf` in this tree)"))

        port = free_port()
        site_dir = tmp / "served"
        timed_build(PROJECT / "mkdocs.yml", site_dir, strict=True,
                    env={**ENV, "SITE_URL": f"http://127.0.0.1:{port}/"})
        paths = pages(site_dir)
        with serve(site_dir, port, compress=True) as base_url, sync_playwright() as playwright:
            browser = launch(playwright)
            print(f"Loading {len(paths)} pages ...", flush=True)
            weights, foreign = first_views(browser, base_url, paths)
            print("Running axe on every page ...", flush=True)
            violations = axe_violations(browser, base_url, paths)
            browser.close()

            ranked = sorted(weights, key=lambda p: weights[p][1], reverse=True)
            heaviest = ranked[0]
            topic = next(p for p in ranked if p.startswith(TOPICS))
            raw, gz, n = weights[heaviest]
            lines.append(f"Heaviest first view: /{heaviest}: {kb(raw)} raw, {kb(gz)} gzipped, "
                         f"{n} requests (target <= 80 KB gzipped)")
            raw, gz, n = weights[topic]
            lines.append(f"Heaviest topic page: /{topic}: {kb(raw)} raw, {kb(gz)} gzipped, "
                         f"{n} requests")
            raw, gz, n = weights[""]
            lines.append(f"Home page: {kb(raw)} raw, {kb(gz)} gzipped, {n} requests")
            lines.append(f"Third-party requests, all {len(paths)} pages: {len(foreign)} (target 0)"
                         + (f": {sorted(set(foreign))}" if foreign else ""))
            lines.append(f"axe violations, all pages (light, phone): {violations} (target 0)")

            print("Running Lighthouse (mobile) ...", flush=True)
            for label, path in (("home", ""), (f"/{topic}", topic)):
                scores = lighthouse(base_url + path, tmp / "lighthouse.json")
                lines.append(
                    f"Lighthouse mobile, {label}: performance {scores['performance']:.2f}, "
                    f"accessibility {scores['accessibility']:.2f}, best practices "
                    f"{scores['best-practices']:.2f}, SEO {scores['seo']:.2f} (target 1.00 each)"
                    + (f"; audits below 1: {', '.join(scores['_failed'])}" if scores["_failed"] else ""))
    print()
    print("\n".join(lines))


if __name__ == "__main__":
    if not LIGHTHOUSE.exists() or not Path(CHROMIUM).exists():
        sys.exit("Lighthouse or Chromium is missing: run `make bench`, which installs them.")
    main()
