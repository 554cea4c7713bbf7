"""Benchmark (not a test): how long the PDFs take to build, against a bare Material build.

Runs, alternately and RUNS times (default 3), the bare Material build of the
same docs/ (tools/benchlib.py's `bare_config`) and the cold PDF build, exactly
as `make pdf` runs it but with the cache off:

    PDF=true PDF_CACHE=false SITE_URL=https://example.org/ mkdocs build --strict --clean

and prints the medians, each wall time, their ratio (target: at most 20x),
the hook's own account of the last cold build (layout, cut, writing), one
warm build (the PDFs copied from .cache/pdf/) and the book's page count.
Run it with `make bench-pdf`; RUNS=5 make bench-pdf for more.
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
sys.path.insert(0, str(PROJECT / "tools"))
from benchlib import bare_config  # noqa: E402
from book import BOOK_NAME, PDF_DIR  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
       "SITE_URL": "https://example.org/"}
TARGET = 20


def timed_build(config: Path, site_dir: Path, strict: bool = True, **env: str) -> tuple[float, str]:
    """Wall time of one `mkdocs build --clean`, and its log."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(config), "-d", str(site_dir)]
        + (["--strict"] if strict else []),
        cwd=PROJECT, capture_output=True, text=True, env={**ENV, **env})
    elapsed = time.perf_counter() - start
    if result.returncode:
        sys.exit(f"the build failed ({config.name}, {env}):\n{result.stdout}\n{result.stderr}")
    return elapsed, result.stdout + result.stderr


def main() -> None:
    runs = int(os.environ.get("RUNS", "3"))
    real = PROJECT / "mkdocs.yml"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        bare = bare_config(PROJECT, tmp)
        bare_times, pdf_times, log = [], [], ""
        for _ in range(runs):  # alternate, so that both see the same machine load
            bare_times.append(timed_build(bare, tmp / "bare", strict=False)[0])
            elapsed, log = timed_build(real, tmp / "site", PDF="true", PDF_CACHE="false")
            pdf_times.append(elapsed)
        timed_build(real, tmp / "site", PDF="true")  # fills the cache
        warm, _ = timed_build(real, tmp / "site", PDF="true")
        pdf = tmp / "site" / PDF_DIR / f"{BOOK_NAME}.pdf"
        pages, size = len(PdfReader(pdf).pages), pdf.stat().st_size
    bare_median, pdf_median = statistics.median(bare_times), statistics.median(pdf_times)
    each = lambda times: ", ".join(f"{t:.1f}" for t in times)  # noqa: E731
    print(f"bare Material build, median of {runs}:        {bare_median:6.1f} s ({each(bare_times)})")
    print(f"PDF build (book and sections, cold), median: {pdf_median:6.1f} s ({each(pdf_times)})")
    print(f"ratio: {pdf_median / bare_median:.1f}x (target <= {TARGET}x)")
    print("last cold build, hooks/book.py:" + "".join(
        " " + line.split("PDFs in", 1)[1] for line in log.splitlines() if "PDFs in" in line))
    print(f"PDF build, warm (PDFs from .cache/pdf/): {warm:6.1f} s")
    print(f"book: {pages} pages, {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
