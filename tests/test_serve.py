"""The edit loop: `mkdocs serve --dirty --strict` rebuilds the saved page, and what depends on it."""

import logging
import os
import re
import subprocess
import sys
import time
import urllib.request

import pytest
from browser_support import free_port
from conftest import PROJECT, fixture_site

sys.path.insert(0, str(PROJECT / "hooks"))
import serve  # noqa: E402

STAMPS = {"bibliography.bib": 1, "docs/data/figures.csv": 1}
TITLES = {"index.md": "Home", "references.md": "References", "other.md": "Other"}


def test_a_saved_page_rebuilds_itself_and_the_pages_built_from_all_pages():
    plan = serve.rebuild_plan((STAMPS, TITLES), (STAMPS, TITLES), {"other.md"})
    assert plan == {"references.md"}
    assert serve.rebuild_plan((STAMPS, TITLES), (STAMPS, TITLES), set()) == set()


@pytest.mark.parametrize("after", [
    ({**STAMPS, "bibliography.bib": 2}, TITLES),             # an entry edited
    ({**STAMPS, "docs/data/figures.csv": 2}, TITLES),        # a figure changed
    (STAMPS, {**TITLES, "other.md": "Other, renamed"}),      # a nav label changed
    (STAMPS, {**TITLES, "new.md": "New"}),                   # a page added
])
def test_a_shared_input_or_a_title_rebuilds_every_page(after):
    assert serve.rebuild_plan((STAMPS, TITLES), after, {"other.md"}) is None


def test_the_first_build_of_a_process_renders_every_page():
    assert serve.rebuild_plan(None, (STAMPS, TITLES), set()) is None


def test_input_stamps_cover_the_bibliography_and_the_figures(tmp_path):
    (tmp_path / "docs" / "data").mkdir(parents=True)
    (tmp_path / "bibliography.bib").write_text("")
    (tmp_path / "docs" / "data" / "figures.csv").write_text("")
    assert {"bibliography.bib", "docs/data/figures.csv"} <= set(serve.input_stamps(tmp_path))


def test_the_dirty_notice_is_information_and_other_warnings_stay_warnings():
    notice = logging.LogRecord("mkdocs.commands.build", logging.WARNING, "", 0,
                               serve.DIRTY_NOTICE + ", this will likely lead to ...", None, None)
    other = logging.LogRecord("mkdocs.commands.build", logging.WARNING, "", 0, "Doc file contains a link", None, None)
    assert serve.NOTICE.filter(notice) and notice.levelno == logging.INFO
    assert serve.NOTICE.filter(other) and other.levelno == logging.WARNING


def wait_for(log_path, pattern, start, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        text = log_path.read_text(errors="replace")
        if re.search(pattern, text[start:]):
            return text
        time.sleep(0.2)
    raise AssertionError(f"no '{pattern}' within {timeout} s:\n{log_path.read_text(errors='replace')[-3000:]}")


def test_serve_dirty_strict_rebuilds_a_saved_page(tmp_path):
    """The real command `make serve` runs, on a fixture: a save is rebuilt, strict, with no abort."""
    config = fixture_site(tmp_path)
    docs = config.parent / "docs"
    port = free_port()
    log_path = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict", "--dirty", "-f", str(config),
                                 "--dev-addr", f"127.0.0.1:{port}"], cwd=config.parent, env=env,
                                stdout=log, stderr=subprocess.STDOUT)
    try:
        text = wait_for(log_path, r"Serving on", 0)
        assert "Aborted" not in text
        page = docs / "other.md"
        start = len(text)
        time.sleep(1.1)  # a later modification time than the built page
        page.write_text(page.read_text() + "\nA sentence saved while serving.\n")
        text = wait_for(log_path, r"Reloading browsers|Aborted|ERROR", start)
        assert "Aborted" not in text[start:] and "ERROR" not in text[start:], text[start:]
        html = urllib.request.urlopen(f"http://127.0.0.1:{port}/other/", timeout=10).read().decode()
        assert "A sentence saved while serving." in html
    finally:
        proc.terminate()
        proc.wait(timeout=30)
