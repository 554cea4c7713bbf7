"""A shallow clone (git clone --depth 1) would give every page a wrong date: the build refuses it."""

import os
import shutil
import subprocess
import sys

import pytest
from conftest import PROJECT

sys.path.insert(0, str(PROJECT / "hooks"))
import history  # noqa: E402


@pytest.fixture(scope="module")
def shallow_clone(tmp_path_factory):
    """A --depth 1 clone of this repository, with the working tree's hooks and mkdocs.yml."""
    root = tmp_path_factory.mktemp("shallow") / "repo"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", f"file://{PROJECT}", str(root)],
                   check=True, capture_output=True, timeout=120)
    shutil.rmtree(root / "hooks")
    shutil.copytree(PROJECT / "hooks", root / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def test_the_project_is_a_full_clone():
    assert history.is_shallow(PROJECT / "docs") is False
    assert history.shallow_problem(PROJECT / "docs", env={}) is None


def test_a_directory_outside_git_is_not_checked(tmp_path):
    assert history.is_shallow(tmp_path) is None


def test_shallow_clone_is_detected(shallow_clone):
    assert history.is_shallow(shallow_clone / "docs") is True
    problem = history.shallow_problem(shallow_clone / "docs", env={})
    assert "is a shallow git clone" in problem and "git fetch --unshallow" in problem
    assert history.shallow_problem(shallow_clone / "docs", env={"ALLOW_SHALLOW_CLONE": "1"}) is None


def test_building_a_shallow_clone_fails_with_the_fix(shallow_clone):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    env.pop("ALLOW_SHALLOW_CLONE", None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(shallow_clone / "out")],
                            cwd=shallow_clone, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "is a shallow git clone" in result.stderr and "git fetch --unshallow" in result.stderr
    assert not (shallow_clone / "out" / "index.html").exists()


def test_commit_dates_take_each_files_oldest_and_newest_commit():
    log = "@2026-12-01\n\ndocs/a.md\ndocs/b.md\n@2026-11-25\n\ndocs/a.md\n@2026-11-22\n\ndocs/a.md\n"
    assert history.commit_dates(log) == {"docs/a.md": ("2026-11-22", "2026-12-01"),
                                         "docs/b.md": ("2026-12-01", "2026-12-01")}


def test_one_git_log_dates_every_page_of_this_repository():
    dates = history.read_commit_dates(PROJECT)
    assert "docs/index.md" in dates and "docs/mens-rea/index.md" in dates
    for first, last in dates.values():
        assert first <= last
