"""Start-up: a hook imports only what its commit needs.

pre-commit starts every hook as a new process on every commit, so what a hook imports is most
of its cost. On a commit that stages no model, no hook but the template check (which reads the
template on every run) needs the Markdown reader (mistune) or pathspec, nor these, which cost
a few milliseconds each: PyYAML (a configuration read before comes from the cache), shutil
(argparse loads it to find the terminal's width) and dataclasses (it loads inspect, and makes
each class in about half a millisecond: the records of the core are named tuples). Each hook
runs in a process of its own here, and the modules it loaded are read from ``sys.modules``
after its ``main()`` returns.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import git, init_repo

MODELS = "docs/security/threat-models"
HEAVY = ("hooks.core.markdown", "mistune", "pathspec", "shutil", "dataclasses", "yaml")
MODEL = (
    "# Threat Model: {name}\n\n## Feature metadata\n\n- **Feature name:** {name}\n"
    "- **Owner:** @team\n- **Last updated:** 2026-10-01\n- **Review cadence:** Quarterly\n"
)
PROBE = """
import json, sys
from importlib import import_module
code = import_module(sys.argv[1]).main(sys.argv[2:])
print(json.dumps([code, sorted(m for m in {heavy!r} if m in sys.modules)]))
"""


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed repository of two models in two areas (plain-path patterns), with an
    index written by ``--fix``; a source file of no area and a guide are then staged."""
    root = init_repo(tmp_path_factory.mktemp("startup") / "repo")
    (root / MODELS).mkdir(parents=True)
    config = ["areas:"]
    for name in ("auth", "billing"):
        (root / MODELS / f"{name}.md").write_text(MODEL.format(name=name), encoding="utf-8")
        (root / "src" / name).mkdir(parents=True)
        (root / "src" / name / "app.py").write_text("VALUE = 1\n", encoding="utf-8")
        config += [f"  {name}:", f"    paths: [src/{name}/]"]
    (root / ".threat-model.yaml").write_text("\n".join(config) + "\n", encoding="utf-8")
    assert probe(root, "hooks.check_threat_model_index", "--fix")[0] == 1  # writes the index
    git(root, "add", "-A")
    git(root, "commit", "-qm", "models")
    (root / "tools").mkdir()
    (root / "tools" / "build.py").write_text("print('build')\n", encoding="utf-8")
    (root / "docs" / "guide.md").write_text("# Guide\n\nHow to build.\n", encoding="utf-8")
    (root / "ci.yaml").write_text("on: push\n", encoding="utf-8")
    git(root, "add", "tools/build.py")
    return root


def probe(
    root: Path, module: str, *args: str, heavy: tuple[str, ...] = HEAVY
) -> tuple[int, list[str]]:
    """Run ``module.main(args)`` in a new process in ``root``: its exit code, and which of
    ``heavy`` it imported."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_"))}
    env["THREAT_MODEL_TODAY"] = "2026-11-24"
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=heavy), module, *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    code, loaded = json.loads(done.stdout.splitlines()[-1])
    return code, loaded


@pytest.mark.parametrize(
    ("module", "args"),
    [
        pytest.param(
            "hooks.check_threat_model_sections", ["docs/guide.md", "ci.yaml"], id="sections"
        ),
        pytest.param(
            "hooks.check_threat_model_content", ["docs/guide.md", "ci.yaml"], id="content"
        ),
        pytest.param("hooks.check_threat_model_index", [], id="index"),
        pytest.param("hooks.check_threat_model_coverage", [], id="coverage"),
    ],
)
def test_a_commit_without_a_model_loads_no_reader(repo: Path, module: str, args: list[str]) -> None:
    assert probe(repo, module, *args) == (0, [])


@pytest.mark.parametrize(
    ("module", "args"),
    [
        pytest.param("hooks.check_threat_model_sections", [f"{MODELS}/auth.md"], id="sections"),
        pytest.param("hooks.check_threat_model_index", [f"{MODELS}/auth.md"], id="index"),
    ],
)
def test_a_model_loads_the_reader(repo: Path, module: str, args: list[str]) -> None:
    """The probe sees the reader when a model is read (so that the test above can fail)."""
    _, loaded = probe(repo, module, *args)
    assert {"hooks.core.markdown", "mistune"} <= set(loaded)


@pytest.mark.parametrize(
    "module",
    ["hooks.check_threat_model_index", "hooks.check_threat_model_coverage"],
)
def test_a_configuration_read_before_loads_no_yaml(repo: Path, tmp_path: Path, module: str) -> None:
    """The configuration is read from the cache (hooks.core.cache) once a run has parsed it;
    a changed one is parsed again."""
    assert probe(repo, module, heavy=("yaml",)) == (0, [])
    config = repo / ".threat-model.yaml"
    text = config.read_text(encoding="utf-8")
    try:
        config.write_text(f"{text}# read by {module}\n", encoding="utf-8")
        assert probe(repo, module, heavy=("yaml",)) == (0, ["yaml"])
    finally:
        config.write_text(text, encoding="utf-8")


def test_a_model_read_before_loads_no_reader(repo: Path) -> None:
    """Coverage reads the model of each area a commit touches; a model whose bytes were read
    before comes from the cache (hooks.core.cache), and one that changed is parsed."""
    source, model = repo / "src/auth/app.py", repo / MODELS / "auth.md"
    texts = {path: path.read_text(encoding="utf-8") for path in (source, model)}
    try:
        source.write_text(texts[source] + "VALUE = 2\n", encoding="utf-8")
        git(repo, "add", "src/auth/app.py")
        probe(repo, "hooks.check_threat_model_coverage")  # reads the model, if no run has
        assert probe(repo, "hooks.check_threat_model_coverage") == (0, [])
        model.write_text(texts[model] + "\nA note.\n", encoding="utf-8")
        git(repo, "add", f"{MODELS}/auth.md")
        _, loaded = probe(repo, "hooks.check_threat_model_coverage")
        assert {"hooks.core.markdown", "mistune"} <= set(loaded)
    finally:
        for path, text in texts.items():
            path.write_text(text, encoding="utf-8")
        git(repo, "reset", "-q", "--", "src/auth/app.py", f"{MODELS}/auth.md")
