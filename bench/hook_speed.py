"""Time each hook as a whole process on examples/demo, against a bare ``python -c pass``.

    python bench/hook_speed.py [--runs N]

pre-commit starts every hook as a new process on every commit, so start-up is most of the
cost. Prints the median wall time of each command over N runs (default 15), after a first run
that caches the bytecode (``PYTHONDONTWRITEBYTECODE`` is ignored, as a hook's environment
caches it too).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo"
MODELS = sorted(
    str(path.relative_to(DEMO)) for path in (DEMO / "docs/security/threat-models").glob("*.md")
)

COMMANDS: dict[str, list[str]] = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "check-threat-model-sections": [
        sys.executable,
        "-m",
        "hooks.check_threat_model_sections",
        *MODELS,
    ],
    "check-threat-model-template": [
        sys.executable,
        "-m",
        "hooks.check_threat_model_template",
        *MODELS,
    ],
    "check-threat-model-content": [
        sys.executable,
        "-m",
        "hooks.check_threat_model_content",
        *MODELS,
    ],
    "check-threat-model-index": [sys.executable, "-m", "hooks.check_threat_model_index"],
    "check-threat-model-coverage": [sys.executable, "-m", "hooks.check_threat_model_coverage"],
    "threat-model check": [sys.executable, "-m", "hooks", "check"],
}


def median_seconds(command: list[str], runs: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(DEMO.parent.parent), "THREAT_MODEL_TODAY": "2026-11-24"}
    # as in a hook's environment, bytecode is cached after the first run (which is not timed)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run(command, cwd=DEMO, env=env, stdout=subprocess.DEVNULL, check=False)
    times: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=DEMO, env=env, stdout=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    print(f"| Command | Median of {args.runs} runs |")
    print("| --- | --- |")
    for name, command in COMMANDS.items():
        print(f"| `{name}` | {median_seconds(command, args.runs) * 1000:.0f} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
