"""Each hook as pre-commit runs it on a commit in a small repository, against check-yaml.

    python -m bench.hook_speed --check-yaml /tmp/pch/bin/check-yaml [--runs N]
        [--python PATH] [--tree PATH ...]

The repository holds 10 models (about 2.7 KB each, as examples/demo's authentication.md), the
template, an index written by ``--fix`` and 5 areas of 4 source files each, committed. Two
commits are timed, each as pre-commit would run the hooks on it:

* a source change: one source file of an area staged. pre-commit skips the file hooks (no
  Markdown or YAML is staged); the index and coverage hooks always run.
* a model change: a model's threat and Last updated date edited, the index row ``--fix``
  writes for it, and a source file of its area, staged. The file hooks get the model and the
  index; the index and coverage hooks run as always. Two floors are timed with it: importing
  mistune, and the Markdown reader on the edited model with nothing else (no configuration,
  no check), which every hook that reads a model pays.

Each run starts with the cache (:mod:`hooks.core.cache`) that the index and coverage hooks
left on the commit before (``--cache warm``, as on a developer's machine: the configuration
and every model read, the edited model not), or with none (``--cache cold``).

The reference is pre-commit-hooks' ``check-yaml`` on a YAML file of the model's size, and
``python -c pass``; see :mod:`bench.timing` for how commands are run and timed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
from pathlib import Path

from bench import timing

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples/demo/docs/security/threat-models"
MODELS = 10
AREAS = 5
TODAY = "2026-11-24"
FOLDER = "docs/security/threat-models"
INDEX = "docs/security/THREAT_MODEL_INDEX.md"
READ_ONE = (
    "import sys\n"
    "from hooks.core.markdown import parse_bytes\n"
    "with open(sys.argv[1], 'rb') as f:\n"
    "    parse_bytes(f.read(), sys.argv[1])\n"
)


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=bench", "-c", "user.email=b@example.com", *args],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def build(root: Path) -> None:
    """The small repository, committed."""
    model = (DEMO / "authentication.md").read_text("utf-8")
    folder = root / FOLDER
    folder.mkdir(parents=True)
    (folder / "template.md").write_text((DEMO / "template.md").read_text("utf-8"), "utf-8")
    for number in range(MODELS):
        name = f"feature-{number:02d}"
        text = model.replace("Authentication", name.replace("-", " ").title())
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    config = ["areas:"]
    for number in range(AREAS):
        config += [f"  area-{number}:", f"    paths: [src/area-{number}/]"]
        config.append(f"    model: {FOLDER}/feature-{number:02d}.md")
        for module in range(4):
            source = root / f"src/area-{number}/module_{module}.py"
            source.parent.mkdir(parents=True, exist_ok=True)
            source.write_text(f"VALUE = {module}\n", encoding="utf-8")
    (root / ".threat-model.yaml").write_text("\n".join(config) + "\n", encoding="utf-8")
    git(root, "init", "-q")


def fix_index(root: Path, python: str, tree: Path, bin_folder: Path) -> None:
    env = timing.environment({**os.environ, "THREAT_MODEL_TODAY": TODAY}, tree)
    subprocess.run(
        [python, str(bin_folder / "threat-model"), "index", "--fix"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        check=False,
    )


def change_model(root: Path) -> str:
    """Edit a model as a commit that updates it does; its path."""
    relpath = f"{FOLDER}/feature-00.md"
    path = root / relpath
    text = path.read_text("utf-8")
    text = text.replace("2026-11-02", "2026-11-20").replace("replays stolen", "reuses stolen")
    path.write_text(text, encoding="utf-8")
    return relpath


def change_source(root: Path) -> None:
    path = root / "src/area-0/module_0.py"
    path.write_text(path.read_text("utf-8") + "VALUE += 1\n", encoding="utf-8")


def table(
    title: str,
    times: dict[timing.Command, list[timing.Run]],
    trees: list[Path],
    reference: float | None,
) -> None:
    names = list(dict.fromkeys(command.name for command in times))
    print(f"\n{title}\n")
    heads = [f"{tree.name or tree}" for tree in trees]
    print("| Command | " + " | ".join(f"{head}: wall (x check-yaml), cpu" for head in heads) + " |")
    print("| --- |" + " --- |" * len(trees))
    for name in names:
        cells: list[str] = []
        for tree in trees:
            found = [c for c in times if c.name == name and c.tree in (tree, None)]
            if not found:
                cells.append("")
                continue
            median = timing.median_ms(times[found[0]])
            ratio = f" ({median / reference:.2f}x)" if reference else ""
            cpu = timing.median_ms(times[found[0]], cpu=True)
            cells.append(f"{median:.0f} ms{ratio}, {cpu:.0f} ms")
        print(f"| `{name}` | " + " | ".join(cells) + " |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    timing.add_options(parser)
    args = parser.parse_args(argv)
    with timing.workspace(args, ROOT) as (trees, python, base, root, bin_folder):
        build(root)
        fix_index(root, python, trees[0], bin_folder)
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "models")
        size = (DEMO / "authentication.md").stat().st_size
        yaml_file = timing.reference_yaml(base / "reference.yaml", size)
        env = {**os.environ, "THREAT_MODEL_TODAY": TODAY}
        reference = timing.references(args, python, yaml_file)

        def hook(name: str, tree: Path, *files: str) -> timing.Command:
            return timing.Command(name, (python, str(bin_folder / name), *files), tree)

        always = ["check-threat-model-index", "check-threat-model-coverage"]
        # what the hooks kept on the commit before (nothing staged: every model is read)
        before = [hook(name, tree) for tree in trees for name in always]
        cache = timing.warm_cache(base / "cache", root, env, before, args.cache == "warm")
        change_source(root)
        git(root, "add", "-A")
        commands = reference + [hook(name, tree) for tree in trees for name in always]
        source = timing.rounds(commands, root, env, args.runs, cache)
        relpath = change_model(root)
        fix_index(root, python, trees[0], bin_folder)
        git(root, "add", "-A")
        files = (relpath, INDEX)
        each = ["check-threat-model-sections", "check-threat-model-template"]
        each += ["check-threat-model-content"]
        # the floor of a hook that reads a model: importing mistune, and the reader on the
        # model alone (no configuration, no check), in the last tree
        floor = [
            timing.Command("python -c 'import mistune'", (python, "-c", "import mistune")),
            timing.Command(
                "the reader on the model alone",
                (python, "-c", READ_ONE, relpath),
                trees[-1],
            ),
        ]
        commands = (
            reference
            + floor
            + [
                hook(name, tree, *(files if name in each else ()))
                for tree in trees
                for name in each + always
            ]
        )
        model = timing.rounds(commands, root, env, args.runs, cache)
    for title, times in (("A source change", source), ("A model change", model)):
        found = [times[c] for c in times if c.name == "check-yaml"]
        table(title, times, trees, timing.median_ms(found[0]) if found else None)
    print(f"\nload average after: {timing.load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
