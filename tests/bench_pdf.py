"""Benchmark (not a test): how long the PDF book takes to build, and how long it is.

Builds the real site RUNS times (default 3) with PDF=book, which writes the
book only (no section PDFs), and prints the median and each wall time of the
whole `mkdocs build`, the time of a plain build for comparison, and the
book's page count. Run it with `make bench-pdf`; RUNS=5 make bench-pdf for more.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "hooks"))
from book import BOOK_NAME, PDF_DIR  # noqa: E402


def timed_build(site_dir: Path, **env: str) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-d", str(site_dir)],
        cwd=PROJECT, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", **env})
    elapsed = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"the build failed:\n{result.stdout}\n{result.stderr}")
    return elapsed


def main() -> None:
    runs = int(os.environ.get("RUNS", "3"))
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = Path(tmp) / "site"
        plain = timed_build(site_dir)
        times = [timed_build(site_dir, PDF="book") for _ in range(runs)]
        pdf = site_dir / PDF_DIR / f"{BOOK_NAME}.pdf"
        pages = len(PdfReader(pdf).pages)
        size = pdf.stat().st_size
    print(f"plain build (no PDF):        {plain:6.1f} s")
    print(f"build with the book, median: {statistics.median(times):6.1f} s over {runs} runs "
          f"({', '.join(f'{t:.1f}' for t in times)})")
    print(f"book time, median less plain build: {statistics.median(times) - plain:6.1f} s")
    print(f"book: {pages} pages, {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
