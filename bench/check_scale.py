"""Time ``threat-model check`` on a repository of many models and files, for one or more trees
of this project side by side (interleaved runs, whole processes).

python bench/check_scale.py [--models N] [--files N] [--areas N] [--runs N] [--tree PATH ...]

Each ``--tree`` is a checkout of this project (default: this one); its ``hooks`` package is
put first on ``PYTHONPATH``, so two checkouts (say, main and a branch) are measured in the
same run, on the same repository.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples/demo/docs/security/threat-models"
MODEL = (DEMO / "authentication.md").read_text("utf-8")
TEMPLATE = (DEMO / "template.md").read_text("utf-8")


def build(root: Path, models: int, files: int, areas: int) -> None:
    """A git repository of ``models`` models, ``files`` source files and ``areas`` areas, with
    the template and an index written by ``--fix``."""
    folder = root / "docs/security/threat-models"
    folder.mkdir(parents=True)
    (folder / "template.md").write_text(TEMPLATE, encoding="utf-8")
    for number in range(models):
        name = f"feature-{number:04d}"
        title = name.replace("-", " ").title()  # the title and the feature name only
        text = MODEL.replace("Model: Authentication", f"Model: {title}").replace(
            "name:** Authentication", f"name:** {title}"
        )
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    for number in range(files):
        source = root / f"src/area-{number % max(areas, 1):03d}/module_{number:05d}.py"
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(f"VALUE = {number}\n", encoding="utf-8")
    config = ["areas:"]
    for number in range(areas):
        config.append(f"  area-{number:03d}:")
        config.append(f"    paths: [src/area-{number:03d}/]")
        config.append(f"    model: docs/security/threat-models/feature-{number % models:04d}.md")
    (root / ".threat-model.yaml").write_text("\n".join(config) + "\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="time threat-model check on many models")
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--files", type=int, default=50000)
    parser.add_argument("--areas", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tree", action="append", type=Path, help="a checkout to measure")
    args = parser.parse_args(argv)
    trees = [tree.resolve() for tree in args.tree or [ROOT]]
    times: dict[Path, list[float]] = {tree: [] for tree in trees}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        build(root, args.models, args.files, args.areas)
        base = {**os.environ, "THREAT_MODEL_TODAY": "2026-11-24"}
        command = [sys.executable, "-m", "hooks.cli"]
        fix = {**base, "PYTHONPATH": str(trees[0])}
        subprocess.run(
            [*command, "index", "--fix"], cwd=root, env=fix, capture_output=True, check=False
        )
        for _ in range(args.runs):
            for tree in trees:
                env = {**base, "PYTHONPATH": str(tree)}
                start = time.perf_counter()
                run = [*command, "check"]
                subprocess.run(run, cwd=root, env=env, capture_output=True, check=False)
                times[tree].append(time.perf_counter() - start)
    size = f"{args.models} models, {args.files} files, {args.areas} areas"
    for tree, runs in times.items():
        print(f"threat-model check, {size}, {tree}: median {statistics.median(runs):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
