"""The hooks that run on every commit, and ``threat-model coverage`` on a range, in a large
repository, against check-yaml.

    python -m bench.commit_scale --check-yaml /tmp/pch/bin/check-yaml [--runs N]
        [--models N] [--files N] [--areas N] [--python PATH] [--tree PATH ...]

The repository is :func:`bench.check_scale.build`'s (1,000 models, 50,000 source files, 300
areas by default, an index written by ``--fix``), committed; then a commit changes 50 source
files of 10 areas. Timed, as whole processes (see :mod:`bench.timing`):

* a source change staged (one file of an area): ``check-threat-model-index`` and
  ``check-threat-model-coverage``, as pre-commit runs them on it;
* ``threat-model coverage --base HEAD~1 --head HEAD``: the 50-file range, as a pull request's
  CI job asks.

Each run starts with the cache (:mod:`hooks.core.cache`) that the index and coverage hooks
left on the first commit (``--cache warm``: the configuration and every model read, as on a
developer's machine), or with none (``--cache cold``: a new CI machine).
"""

from __future__ import annotations

import argparse
import os
import subprocess
from pathlib import Path

from bench import timing
from bench.check_scale import build
from bench.hook_speed import git, table

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-24"
CHANGED = 50


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    timing.add_options(parser)
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--files", type=int, default=50000)
    parser.add_argument("--areas", type=int, default=300)
    args = parser.parse_args(argv)
    with timing.workspace(args, ROOT) as (trees, python, base, root, bin_folder):
        build(root, args.models, args.files, args.areas)
        env = {**os.environ, "THREAT_MODEL_TODAY": TODAY}
        subprocess.run(
            [python, str(bin_folder / "threat-model"), "index", "--fix"],
            cwd=root,
            env=timing.environment(env, trees[0]),
            stdout=subprocess.DEVNULL,
            check=False,
        )
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "models")
        # what the hooks kept on the commit before (nothing staged: every model is read)
        before = [
            timing.Command(name, (python, str(bin_folder / name)), tree)
            for tree in trees
            for name in ("check-threat-model-index", "check-threat-model-coverage")
        ]
        cache = timing.warm_cache(base / "cache", root, env, before, args.cache == "warm")
        areas = max(args.areas, 1)
        for number in range(CHANGED):  # 5 files in each of 10 areas
            area, module = number % 10, (number // 10) * areas + number % 10
            path = root / f"src/area-{area:03d}/module_{module:05d}.py"
            path.write_text(path.read_text("utf-8") + "VALUE += 1\n", encoding="utf-8")
        git(root, "commit", "-q", "-a", "-m", "a change of 50 files")
        source = root / "src/area-000/module_00000.py"
        source.write_text(source.read_text("utf-8") + "VALUE += 2\n", encoding="utf-8")
        git(root, "add", "-A")
        size = (ROOT / "examples/demo/docs/security/threat-models/authentication.md").stat()
        yaml_file = timing.reference_yaml(base / "reference.yaml", size.st_size)
        reference = timing.references(args, python, yaml_file)

        def command(name: str, tree: Path, *more: str) -> timing.Command:
            shown = " ".join((name, *more))
            return timing.Command(shown, (python, str(bin_folder / name), *more), tree)

        commands = reference + [
            command(name, tree, *more)
            for tree in trees
            for name, more in (
                ("check-threat-model-index", ()),
                ("check-threat-model-coverage", ()),
                ("threat-model", ("coverage", "--base", "HEAD~1", "--head", "HEAD")),
            )
        ]
        times = timing.rounds(commands, root, env, args.runs, cache)
    found = [times[c] for c in times if c.name == "check-yaml"]
    title = (
        f"{args.models} models, {args.files} files, {args.areas} areas: a source change staged, "
        f"and a range of {CHANGED} files"
    )
    table(title, times, trees, timing.median_ms(found[0]) if found else None)
    print(f"\nload average after: {timing.load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
