"""The benchmark's pure helpers (tools/benchlib.py): no timing here, only what the figures rest on."""

import os
import subprocess
import sys

import pytest
import yaml
from conftest import PROJECT

sys.path.insert(0, str(PROJECT / "tools"))
import bench  # noqa: E402  (the command line)
import benchlib  # noqa: E402


def test_bare_config_is_material_alone_on_the_same_docs(tmp_path):
    path = benchlib.bare_config(PROJECT, tmp_path)
    bare = yaml.safe_load(path.read_text(encoding="utf-8"))
    with open(PROJECT / "mkdocs.yml", encoding="utf-8") as fh:
        real = yaml.load(fh, Loader=yaml.BaseLoader)  # BaseLoader: no !ENV tag constructors needed
    assert bare["plugins"] == ["search"]
    assert "hooks" not in bare and "custom_dir" not in bare["theme"]
    assert bare["docs_dir"] == str(PROJECT / "docs")
    assert bare["nav"] == yaml.safe_load(yaml.safe_dump(real["nav"]))
    snippets = next(e["pymdownx.snippets"] for e in bare["markdown_extensions"]
                    if isinstance(e, dict) and "pymdownx.snippets" in e)
    assert snippets["base_path"] == [str(PROJECT / "includes")]
    assert benchlib.bare_config(PROJECT, tmp_path, "other.yml").name == "other.yml"


def test_compare_takes_medians_and_judges_the_ratio():
    row = benchlib.compare("warm build", [3.0, 9.0, 2.0], [1.0, 2.0, 1.5], 1.5)
    assert (row["full"], row["bare"], row["ratio"], row["runs"], row["pass"]) == (3.0, 1.5, 2.0, 3, False)
    assert benchlib.compare("x", [3.0], [2.0], 1.5)["pass"]           # exactly on the target passes
    table = benchlib.timing_table([row, benchlib.compare("edit loop", [1.0], [1.0], 1.3)])
    assert "2.00x" in table[1] and table[1].endswith("FAIL") and table[2].endswith("pass")


def test_view_targets_and_verdicts_name_each_page_over():
    assert benchlib.view_target_kb("references/") == 90
    assert benchlib.view_target_kb("mens-rea/mental-states/") == 80
    assert benchlib.view_target_kb("") == 80
    assert benchlib.view_target_kb("404.html") is None
    kb = 1024
    weights = {"mens-rea/": (0, 79 * kb, 9), "corrections/": (0, 95 * kb, 9),
               "references/": (0, 89 * kb, 9), "404.html": (0, 200 * kb, 9)}
    topic, references = benchlib.view_verdicts(weights)
    assert topic.startswith("First view, every topic and content page <= 80 KB: FAIL")
    assert "1 of 2 over: /corrections/ 95.0 KB" in topic and "404" not in topic
    assert references.startswith("First view, references <= 90 KB: pass")


def test_changed_page_is_restored_byte_for_byte_even_on_error(tmp_path):
    page = tmp_path / "page.md"
    original = "# Title {#title}\r\n\nText without a final newline".encode()
    page.write_bytes(original)
    with pytest.raises(RuntimeError):
        with benchlib.changed(page, "\n\nAdded.\n"):
            assert page.read_bytes() == original + b"\n\nAdded.\n"
            raise RuntimeError("the server stopped")
    assert page.read_bytes() == original


def test_serve_argv_keeps_the_makefiles_mode_and_moves_the_address(tmp_path):
    recipe = ("python3 -c 'import sys; sys.exit(0)' || \\\n"
              "  { echo \"Python 3.11 or newer is required\"; exit 1; }\n"
              ".venv/bin/mkdocs serve --strict --dirty --dev-addr 127.0.0.1:8000\n")
    assert benchlib.serve_argv(recipe, 4321, tmp_path) == [
        str(tmp_path / ".venv/bin/mkdocs"), "serve", "--strict", "--dirty", "--dev-addr", "127.0.0.1:4321"]
    assert benchlib.serve_argv("/usr/bin/mkdocs serve -a 0.0.0.0:9 --livereload\n", 5, tmp_path) == [
        "/usr/bin/mkdocs", "serve", "--livereload", "--dev-addr", "127.0.0.1:5"]
    assert benchlib.serve_argv("python -m mkdocs serve --dev-addr=127.0.0.1:1\n", 6, tmp_path) == [
        "python", "-m", "mkdocs", "serve", "--dev-addr", "127.0.0.1:6"]
    with pytest.raises(ValueError, match="no `mkdocs serve` command"):
        benchlib.serve_argv(".venv/bin/mkdocs build --strict\n", 1, tmp_path)


def test_the_makefile_serve_recipe_is_found():
    recipe = subprocess.run(["make", "-n", "-s", "serve"], cwd=PROJECT, capture_output=True, text=True,
                            check=True).stdout
    argv = benchlib.serve_argv(recipe, 1234, PROJECT)
    assert argv[0].endswith("mkdocs") and "serve" in argv and argv[-2:] == ["--dev-addr", "127.0.0.1:1234"]


def git(cwd, *args):
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd,
                          check=True, capture_output=True, text=True).stdout


def test_copy_has_tracked_and_new_files_not_caches_and_reads_the_history(tmp_path):
    src = tmp_path / "src"
    (src / "docs").mkdir(parents=True)
    (src / ".cache" / "charts").mkdir(parents=True)
    (src / ".gitignore").write_text(".cache/\nsite/\n")
    (src / "docs" / "index.md").write_text("# Home\n")
    git(src, "init", "-q")
    git(src, "add", "-A")
    git(src, "commit", "-q", "-m", "first page")
    (src / "docs" / "new.md").write_text("# New\n")          # not committed yet: still copied
    (src / ".cache" / "charts" / "a.svg").write_text("<svg/>")
    copy = benchlib.copy_project(src, tmp_path / "copy")
    assert (copy / "docs" / "index.md").read_text() == "# Home\n"
    assert (copy / "docs" / "new.md").exists()
    assert not (copy / ".cache").exists()
    assert git(copy, "log", "--format=%s", "--", "docs/index.md").strip() == "first page"
    (copy / ".cache").mkdir()
    benchlib.empty_caches(copy)
    assert not (copy / ".cache").exists()
    assert (src / ".cache" / "charts" / "a.svg").exists()      # the real cache is never touched


def test_arguments_from_make_variables(monkeypatch):
    monkeypatch.setenv("RUNS", "3")
    monkeypatch.setenv("SKIP", "pdf, view")
    monkeypatch.delenv("EXTRAS", raising=False)
    args = bench.arguments([])
    assert (args.runs, args.skip, args.extras) == (3, {"pdf", "view"}, False)
    assert bench.arguments(["--runs", "1", "--extras"]).runs == 1
    with pytest.raises(SystemExit):
        bench.arguments(["--skip", "lighthouse"])


def test_machine_line_gives_cpus_and_load():
    line = benchlib.machine()
    assert line.startswith(f"{os.cpu_count()} CPUs, load average ")
