"""Time check-threat-model-coverage as CI runs it: a whole process on a committed repository of
50,000 tracked files and 1,000 models with nothing staged, so the hook does a full audit.

Run from the repository root: ``python -m bench.coverage_audit [--runs N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = 50_000
MODELS = 1_000
BUDGET = 3.0  # seconds


def build(root: Path) -> None:
    lines = ["areas:"]
    for index in range(MODELS):
        lines.append(f"  area-{index:04}:\n    paths: [services/svc{index:04}/]")
    (root / ".threat-model.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    models = root / "docs/security/threat-models"
    models.mkdir(parents=True)
    for index in range(MODELS):
        (models / f"area-{index:04}.md").write_text(
            f"# Threat Model: area {index}\n\n## Feature metadata\n\n"
            f"- **Owner:** team-{index % 7}\n- **Last updated:** 2026-0{1 + index % 3}-15\n",
            encoding="utf-8",
        )
    for index in range(FILES - MODELS - 1):
        folder = root / "services" / f"svc{index % MODELS:04}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"mod{index}.py").write_text("x = 1\n", encoding="utf-8")
    git = ["git", "-C", str(root), "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "bench"], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="time a full coverage audit")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "THREAT_MODEL_TODAY": "2026-03-01"}
    env = {k: v for k, v in env.items() if not k.startswith("PRE_COMMIT_")}
    command = [sys.executable, "-m", "hooks.check_threat_model_coverage", "--format", "json"]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        build(root)
        tracked = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z"], capture_output=True, check=True
        ).stdout.count(b"\0")
        timings: list[float] = []
        out = ""
        for _ in range(args.runs):
            start = time.perf_counter()
            done = subprocess.run(
                command, cwd=root, env=env, capture_output=True, text=True, check=True
            )
            timings.append(time.perf_counter() - start)
            out = done.stdout
    report = json.loads(out)
    assert report["source"] == "audit", report["description"]
    median = statistics.median(timings)
    print(
        f"check-threat-model-coverage, full audit of {tracked} tracked files and "
        f"{len(report['areas'])} areas, nothing staged"
    )
    print(f"median {median:.3f} s over {args.runs} runs (min {min(timings):.3f})")
    return 0 if median < BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
