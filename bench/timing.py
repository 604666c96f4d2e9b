"""What the start-up benchmarks share: commands timed as whole processes, side by side.

Each round runs every command once, in turn, so that a change in the machine's load falls on
all of them alike; the figure of a command is its median over the rounds. The hooks run as
pre-commit runs them: a console script (``python <script> ARGS``) in an environment where the
package is installed, bytecode cached after a first run that is not timed.

The reference is pre-commit-hooks' ``check-yaml``, a hook every repository knows: install it
in an environment of its own (it is no dependency of this project) and name its console script
with ``--check-yaml``, for instance::

    python -m venv /tmp/pch && /tmp/pch/bin/pip install pre-commit-hooks
    python -m bench.hook_speed --check-yaml /tmp/pch/bin/check-yaml

Measure with an interpreter whose environment holds the dependencies only (``--python``), as
pre-commit's does: an editable install of this project adds its import finder to the start-up
of every process, ``python -c pass`` included.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

SCRIPT = """import sys
from {module} import main
if __name__ == "__main__":
    sys.exit(main())
"""

HOOKS = {
    "check-threat-model-sections": "hooks.check_threat_model_sections",
    "check-threat-model-template": "hooks.check_threat_model_template",
    "check-threat-model-content": "hooks.check_threat_model_content",
    "check-threat-model-index": "hooks.check_threat_model_index",
    "check-threat-model-coverage": "hooks.check_threat_model_coverage",
    "threat-model": "hooks.cli",
}


@dataclass(frozen=True)
class Command:
    """A process to time: its name in the table, its arguments and the tree it runs from
    (``None`` for the reference, which runs from its own environment)."""

    name: str
    args: tuple[str, ...]
    tree: Path | None = None


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=int, default=21, help="rounds (default: 21)")
    parser.add_argument(
        "--tree",
        action="append",
        type=Path,
        help="a checkout of this project to measure (repeat to compare; default: this one)",
    )
    parser.add_argument(
        "--python",
        default=None,
        help="the interpreter that runs the hooks (default: this one)",
    )
    parser.add_argument(
        "--check-yaml",
        default=shutil.which("check-yaml"),
        help="pre-commit-hooks' check-yaml console script, the reference",
    )
    parser.add_argument(
        "--cache",
        choices=("warm", "cold"),
        default="warm",
        help="each run starts with the cache (hooks.core.cache) an earlier run on the commit "
        "before left (warm, the default: what a developer's machine holds), or with none (cold: "
        "a first run, a new CI machine)",
    )


CACHE_VARIABLE = "THREAT_MODEL_CACHE_DIR"


def warm_cache(
    folder: Path, cwd: Path, env: Mapping[str, str], commands: Sequence[Command], warm: bool
) -> Path:
    """The cache folder runs start from (see :func:`rounds`): what ``commands`` keep when they
    run once in ``cwd`` (an earlier commit), or nothing when not ``warm``."""
    folder.mkdir(parents=True, exist_ok=True)
    if warm:
        for command in commands:
            subprocess.run(
                command.args,
                cwd=cwd,
                env=environment({**env, CACHE_VARIABLE: str(folder)}, command.tree),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
    return folder


class Workspace(NamedTuple):
    """Where a benchmark runs: the trees it measures, the interpreter, and a temporary folder
    (``base``) holding an empty repository folder (``root``) and the hooks' console scripts
    (``bin``)."""

    trees: list[Path]
    python: str
    base: Path
    root: Path
    bin: Path


@contextlib.contextmanager
def workspace(args: argparse.Namespace, default_tree: Path) -> Iterator[Workspace]:
    """The workspace of a benchmark given :func:`add_options`' arguments; the load average is
    printed first."""
    trees = [tree.resolve() for tree in args.tree or [default_tree]]
    python = args.python or sys.executable
    print(f"load average before: {load()}; python: {python}; runs: {args.runs}")
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        root = base / "repo"
        root.mkdir()
        scripts(base / "bin")
        yield Workspace(trees, python, base, root, base / "bin")


def references(args: argparse.Namespace, python: str, yaml_file: Path) -> list[Command]:
    """What the hooks are timed beside: ``python -c pass``, and pre-commit-hooks'
    ``check-yaml`` on ``yaml_file`` when ``--check-yaml`` names it."""
    found = [Command("python -c pass", (python, "-c", "pass"))]
    if args.check_yaml:
        found.append(Command("check-yaml", (args.check_yaml, str(yaml_file))))
    else:
        print("no check-yaml: install pre-commit-hooks and pass --check-yaml (bench/timing.py)")
    return found


def scripts(folder: Path) -> dict[str, Path]:
    """Console scripts of the hooks in ``folder``, as pip writes them for pre-commit."""
    folder.mkdir(parents=True, exist_ok=True)
    found: dict[str, Path] = {}
    for name, module in HOOKS.items():
        path = folder / name
        path.write_text(SCRIPT.format(module=module), encoding="utf-8")
        found[name] = path
    return found


def environment(base: Mapping[str, str], tree: Path | None) -> dict[str, str]:
    env = {k: v for k, v in base.items() if not k.startswith(("PRE_COMMIT", "GIT_"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a hook's environment caches bytecode
    env.pop("PYTHONPATH", None)
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    return env


@dataclass(frozen=True)
class Run:
    """One run of a command: its wall time and the processor time it used (user and system,
    its child processes included), in seconds."""

    wall: float
    cpu: float


def rounds(
    commands: Sequence[Command],
    cwd: Path,
    env: Mapping[str, str],
    runs: int,
    cache: Path | None = None,
) -> dict[Command, list[Run]]:
    """The runs of each command over ``runs`` rounds, after one round that is not timed. With
    ``cache``, every run starts with a copy of that cache folder (made before the clock
    starts), so that no run finds what an earlier run of the same commit kept."""
    times: dict[Command, list[Run]] = {command: [] for command in commands}
    fresh = cwd.parent / "cache-of-the-run"
    for number in range(runs + 1):
        for command in commands:
            run_env = dict(env)
            if cache is not None:
                shutil.rmtree(fresh, ignore_errors=True)
                shutil.copytree(cache, fresh)
                run_env[CACHE_VARIABLE] = str(fresh)
            start = time.perf_counter()
            process = subprocess.Popen(
                command.args,
                cwd=cwd,
                env=environment(run_env, command.tree),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            _, _, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - start
            process.returncode = 0  # reaped by wait4
            if number:
                times[command].append(Run(wall, usage.ru_utime + usage.ru_stime))
    return times


def median_ms(runs: Sequence[Run], cpu: bool = False) -> float:
    """The median wall time of runs (or processor time, with ``cpu``), in milliseconds."""
    return statistics.median(run.cpu if cpu else run.wall for run in runs) * 1000


def load() -> str:
    """The load averages of the machine, as ``uptime`` shows them."""
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def reference_yaml(path: Path, size: int) -> Path:
    """A YAML file of about ``size`` bytes, such as a workflow or a configuration is."""
    lines = ["settings:", "  name: reference", "  enabled: true", "items:"]
    number = 0
    while sum(len(line) + 1 for line in lines) < size:
        lines += [
            f"  - id: item-{number:03d}",
            f"    title: A configuration entry numbered {number}",
            f"    tags: [alpha, beta, gamma-{number % 7}]",
        ]
        number += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
