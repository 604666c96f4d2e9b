"""The shape of the code: one parse per model, no import cycles, dependencies one way."""

from __future__ import annotations

import ast
import collections
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hooks import check_threat_model_content, check_threat_model_sections, cli
from hooks.core import markdown
from tests.conftest import init_repo

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "hooks"
DEMO = ROOT / "examples/demo"
MODELS = "docs/security/threat-models"


# ---------------------------------------------------------------- one parse per model


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo repository (several models, an index, areas) in a git repository."""
    repo = init_repo(tmp_path / "demo")
    shutil.copytree(DEMO, repo, dirs_exist_ok=True)
    monkeypatch.chdir(repo)
    monkeypatch.setenv("THREAT_MODEL_TODAY", "2026-11-24")
    return repo


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> collections.Counter[str]:
    """How many times each file is parsed (by the path findings name it with)."""
    counted: collections.Counter[str] = collections.Counter()
    real = markdown.parse_text

    def counting(text: str, shown: str) -> Any:
        counted[shown] += 1
        return real(text, shown)

    monkeypatch.setattr(markdown, "parse_text", counting)
    return counted


def _models(repo: Path) -> list[str]:
    return sorted(
        f"{MODELS}/{path.name}" for path in (repo / MODELS).glob("*.md") if path.stem != "template"
    )


@pytest.mark.parametrize(
    "run",
    [
        pytest.param(lambda models: cli.main(["check"]), id="threat-model-check"),
        pytest.param(check_threat_model_sections.main, id="sections-hook"),
        pytest.param(check_threat_model_content.main, id="content-hook"),
    ],
)
def test_each_model_is_parsed_once(
    demo: Path,
    parses: collections.Counter[str],
    capsys: pytest.CaptureFixture[str],
    run: Any,
) -> None:
    models = _models(demo)
    assert len(models) >= 3
    run(models)
    assert "Traceback" not in capsys.readouterr().err
    assert {model: parses[model] for model in models} == dict.fromkeys(models, 1)


# ---------------------------------------------------------------- imports


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path) -> Iterator[str]:
    """Every module of the package that a module imports, at its top or in a function."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            for alias in node.names:
                yield f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


GRAPH = {
    name: sorted({dep for dep in _imports(path) if dep in MODULES and dep != name})
    for name, path in MODULES.items()
}


def _cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """An import cycle of the graph, or ``None``."""
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for dep in graph[node]:
            if state.get(dep) == 1:
                return [*path[path.index(dep) :], dep]
            if dep not in state and (found := walk(dep)) is not None:
                return found
        path.pop()
        state[node] = 2
        return None

    for node in graph:
        if node not in state and (found := walk(node)) is not None:
            return found
    return None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c", "a"]
    assert _cycle({"a": ["b"], "b": [], "c": ["a"]}) is None


def test_no_import_cycle() -> None:
    assert _cycle(GRAPH) is None


ENTRY_POINTS = {"hooks.cli", "hooks.__main__", "hooks.core.runner"} | {
    name for name in MODULES if name.startswith("hooks.check_")
}


@pytest.mark.parametrize("name", sorted(set(MODULES) - ENTRY_POINTS))
def test_the_core_never_imports_an_entry_point(name: str) -> None:
    """Dependencies point one way: entry points (the hooks, the CLI and the runner that parses
    their arguments and prints) -> checks -> reader, configuration, findings, git."""
    assert [dep for dep in GRAPH[name] if dep in ENTRY_POINTS] == []


@pytest.mark.parametrize(
    "name", sorted(name for name in MODULES if name.startswith("hooks.check_"))
)
def test_no_hook_imports_another_hook(name: str) -> None:
    assert [dep for dep in GRAPH[name] if dep.startswith("hooks.check_")] == []


CONTENT = sorted(name for name in MODULES if name.startswith("hooks.core.content."))
RAW_READERS = {"source_lines", "fence_step", "label_of", "list_item_text", "row_cells"}


@pytest.mark.parametrize("name", CONTENT)
def test_the_content_checks_ask_the_reader_for_structure(name: str) -> None:
    """No content check walks a model's source lines (``doc.lines``) or uses a line scanner of
    its own: headings, labels, items and rows come from :mod:`hooks.core.structure`."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    names |= {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    attributes = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, (ast.Name, ast.Attribute))
        and (getattr(node.value, "id", None) == "doc" or getattr(node.value, "attr", "") == "doc")
    }
    assert names & RAW_READERS == set()
    assert "lines" not in attributes


# ---------------------------------------------------------------- worker processes


def test_worker_processes_find_what_one_process_finds(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``threat-model check`` of many models in worker processes prints exactly what it prints
    in one process (the demo's models, each copied many times, findings and all)."""
    folder = demo / MODELS
    for source in sorted(folder.glob("*.md")):
        if source.stem != "template":
            for number in range(12):
                text = source.read_text(encoding="utf-8").replace("2026-", f"20{10 + number}-")
                (folder / f"{source.stem.lower()}-copy-{number}.md").write_text(text, "utf-8")
    outputs = []
    for jobs in ("1", "2", "3"):
        code = cli.main(["check", "--jobs", jobs])
        outputs.append((code, capsys.readouterr().out))
    assert outputs[0][1].count("\n") > 100
    assert outputs[1] == outputs[0] == outputs[2]


@pytest.mark.parametrize("jobs", ["0", "-1"])
def test_jobs_must_be_one_or_more(
    demo: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["check", "--jobs", jobs])
    assert exit_info.value.code == 2
    assert "--jobs must be 1 or more" in capsys.readouterr().err
