"""The benchmark's pure helpers (tools/bench.py runs them; tests/test_bench.py checks them).

Bare Material's config, medians and ratios against it, the first-view targets,
a page changed and restored, the `make serve` command read from the Makefile,
and the temporary copy of the project whose caches the benchmark empties.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import statistics
import subprocess
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

TOPICS = ("mens-rea/", "prosecution-gaps/", "plea-bargaining/", "international-law/")
TARGETS = {"cold build": 1.5, "warm build": 1.5, "edit loop": 1.3, "PDF": 20.0}
VIEW_KB, REFERENCES_KB = 80, 90
EDIT = "\n\nA sentence saved by the benchmark (make bench); it is removed again at once.\n"
CACHE_DIR = ".cache"   # every build cache of the hooks lives under it


def bare_config(project: Path, tmp: Path, name: str = "bare.yml") -> Path:
    """The project's mkdocs.yml less bibtex, the other plugins, the hooks and overrides."""
    with open(project / "mkdocs.yml", encoding="utf-8") as fh:
        config = yaml_load(fh)
    config["docs_dir"] = str(project / "docs")
    config["plugins"] = ["search"]
    config.pop("hooks", None)
    config.pop("watch", None)  # the project's extra watched inputs (bibliography, data) are not Material's
    config["theme"].pop("custom_dir", None)
    config["strict"] = False
    config.pop("validation", None)
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict) and "pymdownx.snippets" in ext:
            ext["pymdownx.snippets"]["base_path"] = [str(project / "includes")]
    path = tmp / name
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def compare(name: str, full: list[float], bare: list[float], target: float) -> dict:
    """Medians of the project's and the bare runs, their ratio and whether it meets the target."""
    full_median, bare_median = statistics.median(full), statistics.median(bare)
    ratio = full_median / bare_median
    return {"name": name, "full": full_median, "bare": bare_median, "ratio": ratio,
            "target": target, "runs": len(full), "pass": ratio <= target}


def timing_table(rows: list[dict]) -> list[str]:
    """One aligned line per comparison: medians, ratio, target, pass/FAIL."""
    out = [f"{'':12} {'project':>9} {'bare':>8} {'ratio':>7}  target   runs"]
    for r in rows:
        out.append(f"{r['name']:12} {r['full']:8.2f}s {r['bare']:7.2f}s {r['ratio']:6.2f}x  "
                   f"<= {r['target']:<4g}x {r['runs']:>3}  {'pass' if r['pass'] else 'FAIL'}")
    return out


def view_target_kb(path: str) -> int | None:
    """The first-view target (gzipped KB) of a page: 90 for references, 80 for every other page but 404."""
    if path == "references/":
        return REFERENCES_KB
    if path.endswith("404.html"):
        return None
    return VIEW_KB


def view_verdicts(weights: dict[str, tuple[int, int, int]]) -> list[str]:
    """The pass/FAIL line of each first-view target, naming every page over it."""
    lines = []
    for label, chosen in (("every topic and content page <= 80 KB",
                           lambda p: view_target_kb(p) == VIEW_KB),
                          ("references <= 90 KB", lambda p: p == "references/")):
        paths = [p for p in weights if chosen(p)]
        over = [p for p in paths if weights[p][1] > view_target_kb(p) * 1024]
        worst = max(paths, key=lambda p: weights[p][1]) if paths else None
        detail = (f"{len(over)} of {len(paths)} over: " + ", ".join(
            f"/{p} {weights[p][1] / 1024:.1f} KB" for p in sorted(over, key=lambda p: -weights[p][1]))
            if over else f"heaviest /{worst} {weights[worst][1] / 1024:.1f} KB" if worst else "no page")
        lines.append(f"First view, {label}: {'FAIL' if over else 'pass'} ({detail})")
    return lines


@contextlib.contextmanager
def changed(path: Path, addition: str = EDIT):
    """The file with `addition` appended, restored byte for byte afterwards, whatever happens."""
    original = path.read_bytes()
    try:
        path.write_bytes(original + addition.encode("utf-8"))
        yield path
    finally:
        path.write_bytes(original)


def serve_argv(recipe: str, port: int, project: Path) -> list[str]:
    """The `mkdocs serve` command in a Makefile recipe (make -n output), on 127.0.0.1:port.

    The serve mode (--dirty, --strict, ...) is kept as written; only the
    address changes. A relative program path is made absolute against `project`.
    """
    for line in recipe.splitlines():
        if not re.search(r"\bmkdocs\b.*\bserve\b", line):
            continue
        try:
            argv = shlex.split(line)
        except ValueError:  # a shell fragment of another command (make -n prints them all)
            continue
        if "mkdocs" in " ".join(argv[:3]) and "serve" in argv:
            break
    else:
        raise ValueError(f"no `mkdocs serve` command in the serve recipe:\n{recipe}")
    out, skip = [], False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
            continue
        if arg in ("-a", "--dev-addr"):
            skip = True
            continue
        if arg.startswith(("--dev-addr=", "-a=")):
            continue
        out.append(arg)
    if "/" in out[0] and not os.path.isabs(out[0]):
        out[0] = str(project / out[0])
    return out + ["--dev-addr", f"127.0.0.1:{port}"]


def copy_project(src: Path, dst: Path) -> Path:
    """A copy of the project's tracked and new files (no caches, no site/) that reads src's git history."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=src, check=True, capture_output=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source = src / rel
        if not os.path.lexists(source):
            continue       # deleted in the working tree, not yet in git
        target = dst / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)
    git_dir = subprocess.run(["git", "rev-parse", "--absolute-git-dir"], cwd=src, check=True,
                             capture_output=True, text=True).stdout.strip()
    (dst / ".git").write_text(f"gitdir: {git_dir}\n", encoding="utf-8")
    return dst


def empty_caches(root: Path, only: str = "") -> None:
    """Every build cache under .cache/, or only .cache/ONLY/."""
    shutil.rmtree(root / CACHE_DIR / only if only else root / CACHE_DIR, ignore_errors=True)


def machine() -> str:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{os.cpu_count()} CPUs, load average {load} (1, 5, 15 min)"


def view_table(weights: dict) -> list[str]:
    def order(p):
        return (not p.startswith(TOPICS), p)
    out = [f"{'page':52} {'raw KB':>7} {'gzip KB':>8} {'req':>4}  target"]
    for p in sorted(weights, key=order):
        raw, gz, n = weights[p]
        target = view_target_kb(p)
        mark = "" if target is None else f"<= {target}  {'pass' if gz <= target * 1024 else 'FAIL'}"
        out.append(f"/{p:51} {raw / 1024:7.1f} {gz / 1024:8.1f} {n:4}  {mark}")
    return out
