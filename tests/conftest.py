"""Shared helpers: build the real site once, and build small fixture sites."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.yaml import yaml_load

PROJECT = Path(__file__).resolve().parents[1]
FIXTURE = PROJECT / "tests" / "fixtures" / "mini"


def mkdocs_build(config: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """Run a strict `mkdocs build` and return the finished process (output in .stdout)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
         "-f", str(config), "-d", str(site_dir)],
        cwd=config.parent, env=env, capture_output=True, text=True, timeout=600,
    )


def fixture_site(tmp_path: Path, pages: dict[str, str] | None = None,
                 bib: str | None = None, nav: list | None = None, key_points: bool = False) -> Path:
    """A copy of the mini fixture, configured exactly like the real site.

    `pages` adds or replaces files under docs/; `bib` replaces the bibliography;
    `key_points=True` requires the key-points box as the real site does (the
    fixture's own pages have none). Returns the path of the fixture's mkdocs.yml.
    """
    root = tmp_path / "fixture"
    shutil.copytree(FIXTURE, root)
    for name, text in (pages or {}).items():
        (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / name).write_text(text, encoding="utf-8")
    if bib is not None:
        (root / "bibliography.bib").write_text(bib, encoding="utf-8")
    with open(PROJECT / "mkdocs.yml", encoding="utf-8") as fh:
        config = yaml_load(fh)
    config["nav"] = nav or sorted(p.relative_to(root / "docs").as_posix()
                                  for p in (root / "docs").rglob("*.md"))
    config["theme"]["custom_dir"] = str(PROJECT / "overrides")
    config["hooks"] = [str(PROJECT / h) for h in config.get("hooks", [])]
    config["extra_css"] = []
    config.setdefault("extra", {})["key_points"] = key_points  # the site always requires the box
    config["watch"] = [p for p in config.get("watch", []) if (root / p).exists()]  # serve only
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict) and "pymdownx.snippets" in ext:
            ext["pymdownx.snippets"]["base_path"] = [str(PROJECT / "includes")]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return root / "mkdocs.yml"


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> tuple[Path, str]:
    """The real site, built strictly once per test run: (site_dir, build output)."""
    site_dir = tmp_path_factory.mktemp("site")
    result = mkdocs_build(PROJECT / "mkdocs.yml", site_dir)
    assert result.returncode == 0, f"the real site does not build:\n{result.stdout}\n{result.stderr}"
    return site_dir, result.stdout + result.stderr
