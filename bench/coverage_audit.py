"""Time a full coverage audit of a repository with 50,000 tracked files and 1,000 models.

Run from the repository root: ``python -m bench.coverage_audit``.
"""

from __future__ import annotations

import contextlib
import io
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from hooks.core.config import load_config
from hooks.core.coverage import run_coverage

FILES = 50_000
MODELS = 1_000
RUNS = 5


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
    for index in range(FILES - MODELS):
        folder = root / "services" / f"svc{index % MODELS:04}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"mod{index}.py").write_text("x = 1\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)


def main() -> int:
    os.environ.setdefault("THREAT_MODEL_TODAY", "2026-03-01")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        build(root)
        timings: list[float] = []
        for _ in range(RUNS):
            start = time.perf_counter()
            config = load_config(root=root)
            with contextlib.redirect_stdout(io.StringIO()) as out:
                run_coverage(config, None, None, True, "json", False)
            timings.append(time.perf_counter() - start)
        report = out.getvalue()
    median = statistics.median(timings)
    print(f"full audit of {FILES} files, {MODELS} models: {len(report)} bytes of JSON")
    print(f"median {median:.3f} s over {RUNS} runs")
    return 0 if median < 3.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
