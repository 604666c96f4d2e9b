"""Time check-threat-model-index on a repository of many models (a whole process each run).

python bench/index_scale.py [--models N] [--runs N]
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
MODEL = (ROOT / "examples/demo/docs/security/threat-models/authentication.md").read_text("utf-8")


def build(root: Path, count: int) -> None:
    models = root / "docs/security/threat-models"
    models.mkdir(parents=True)
    for number in range(count):
        name = f"feature-{number:04d}"
        text = MODEL.replace("Authentication", name.replace("-", " ").title())
        (models / f"{name}.md").write_text(text, encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="time the index hook on many models")
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "THREAT_MODEL_TODAY": "2026-11-24"}
    command = [sys.executable, "-m", "hooks.check_threat_model_index"]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        build(root, args.models)
        fix = [*command, "--fix"]
        subprocess.run(fix, cwd=root, env=env, stdout=subprocess.DEVNULL, check=False)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run(command, cwd=root, env=env, stdout=subprocess.DEVNULL, check=True)
            times.append(time.perf_counter() - start)
    print(
        f"check-threat-model-index, {args.models} models: median {statistics.median(times):.2f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
