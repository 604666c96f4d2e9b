"""End to end through the real pre-commit: ``pre-commit try-repo`` of this repository, for a
passing and a failing case of every hook in ``.pre-commit-hooks.yaml``; day zero; the manual
index fixer; a staged configuration rechecking every model."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests import e2e_support
from tests.conftest import git, init_repo

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = [hook["id"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_bytes())]
# the coverage and review hooks need git history and feature areas: tests/test_coverage_e2e.py
# and tests/test_review_e2e.py cover them; the manual-stage index fixer is tested below
ELSEWHERE = {"check-threat-model-coverage", "check-threat-model-review", "fix-threat-model-index"}
HOOKS = [hook for hook in MANIFEST if hook not in ELSEWHERE]
DEMO_MODELS = ROOT / "examples/demo/docs/security/threat-models"

# hook id -> the (path:line: code) text its failing case must print
FAILING: dict[str, str] = {
    "check-threat-model-sections": ("docs/security/threat-models/search-service.md:7:21: TM106"),
    "check-threat-model-template": ("docs/security/threat-models/search-service.md:1:1: TM203"),
    "check-threat-model-index": "docs/security/threat-models/search-service.md:1:1: TM302",
    "check-threat-model-content": ("docs/security/threat-models/search-service.md:13:1: TM501"),
}


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This working tree as a hooks repository."""
    return e2e_support.snapshot(tmp_path_factory.mktemp("snapshot"))


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    return {**os.environ, "PRE_COMMIT_HOME": str(home), "THREAT_MODEL_TODAY": "2026-11-24"}


def make_repo(path: Path, broken: bool) -> Path:
    models = path / "docs/security/threat-models"
    models.mkdir(parents=True)
    shutil.copy2(DEMO_MODELS / "template.md", models / "template.md")
    shutil.copy2(DEMO_MODELS / "authentication.md", models / "authentication.md")
    (path / "docs/security/THREAT_MODEL_INDEX.md").write_text(
        "| Feature | Owner | Last updated |\n| --- | --- | --- |\n"
        "| [Authentication](threat-models/authentication.md) | @identity-team | 2026-11-02 |\n",
        encoding="utf-8",
    )
    if broken:
        shutil.copy2(DEMO_MODELS / "Search_Service.md", models / "search-service.md")
    init_repo(path)
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "models")
    return path


def try_repo(snapshot: Path, repo: Path, hook: str, env: dict[str, str]) -> tuple[int, str]:
    completed = subprocess.run(
        ["pre-commit", "try-repo", str(snapshot), hook, "--all-files", "--verbose"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return completed.returncode, completed.stdout + completed.stderr


def test_every_hook_has_a_failing_case() -> None:
    assert sorted([*FAILING, *ELSEWHERE]) == sorted(MANIFEST)


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_passes_on_a_clean_repository(
    snapshot: Path, env: dict[str, str], tmp_path: Path, hook: str
) -> None:
    repo = make_repo(tmp_path, broken=False)
    code, output = try_repo(snapshot, repo, hook, env)
    assert code == 0, output
    assert "Passed" in output


@pytest.mark.parametrize("hook", HOOKS)
def test_hook_fails_on_a_broken_model(
    snapshot: Path, env: dict[str, str], tmp_path: Path, hook: str
) -> None:
    repo = make_repo(tmp_path, broken=True)
    code, output = try_repo(snapshot, repo, hook, env)
    assert code == 1, output
    assert FAILING[hook] in output
    assert "Traceback" not in output


@pytest.mark.parametrize(
    ("hook", "code", "expected"),
    [
        pytest.param(
            "check-threat-model-template", 1, "-threat-model.md:1:1: TM202", id="template-TM202"
        ),
        pytest.param("check-threat-model-sections", 0, "Passed", id="sections-passes"),
        pytest.param("check-threat-model-content", 0, "Passed", id="content-passes"),
    ],
)
def test_a_file_name_that_looks_like_an_option(
    snapshot: Path, env: dict[str, str], tmp_path: Path, hook: str, code: int, expected: str
) -> None:
    """pre-commit passes file names with no "--": a root-level -threat-model.md is a file."""
    repo = make_repo(tmp_path, broken=False)
    (repo / "-threat-model.md").write_text("# Threat Model: Dash\n", encoding="utf-8")
    git(repo, "add", "--", "-threat-model.md")
    returned, output = try_repo(snapshot, repo, hook, env)
    assert returned == code, output
    assert expected in output
    assert "unrecognized arguments" not in output


EXCLUDE_BROKEN = "exclude: [README.md, search-service.md]\n"
FILE_HOOKS = [hook for hook in HOOKS if hook != "check-threat-model-index"]


@pytest.mark.parametrize("hook", FILE_HOOKS)
def test_a_file_name_never_becomes_an_option(
    snapshot: Path, env: dict[str, str], tmp_path: Path, hook: str
) -> None:
    """Committed files named like options come first in the file list pre-commit passes."""
    repo = make_repo(tmp_path, broken=True)
    for name in ("evil.md", "--config=evil.md", "--conf=evil.md", "--format=json.md"):
        (repo / name).write_text(EXCLUDE_BROKEN, encoding="utf-8")
    git(repo, "add", "-A")
    code, output = try_repo(snapshot, repo, hook, env)
    assert code == 1, output
    assert FAILING[hook] in output
    assert "usage:" not in output


@pytest.mark.parametrize("hook", FILE_HOOKS)
def test_the_hooks_args_come_before_the_file_names(
    snapshot: Path, env: dict[str, str], tmp_path: Path, hook: str
) -> None:
    repo = make_repo(tmp_path, broken=True)
    (repo / "tm.yaml").write_text(EXCLUDE_BROKEN, encoding="utf-8")
    rev = git(snapshot, "rev-parse", "HEAD").strip()
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n      - id: {hook}\n"
        "        args: [--config, tm.yaml, --format=github]\n",
        encoding="utf-8",
    )
    git(repo, "add", "-A")
    completed = subprocess.run(
        ["pre-commit", "run", "--all-files", hook],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert "Passed" in output


# --------------------------------------------------------------------------- day zero


def configure(repo: Path, snapshot: Path, hooks: list[str]) -> None:
    """A ``.pre-commit-config.yaml`` naming the snapshot at its commit, with ``hooks``."""
    rev = git(snapshot, "rev-parse", "HEAD").strip()
    listed = "".join(f"      - id: {hook}\n" for hook in hooks)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot}\n    rev: {rev}\n    hooks:\n{listed}", encoding="utf-8"
    )


def pre_commit(repo: Path, env: dict[str, str], *args: str) -> tuple[int, str]:
    completed = subprocess.run(
        ["pre-commit", *args], cwd=repo, env=env, capture_output=True, text=True, check=False
    )
    return completed.returncode, completed.stdout + completed.stderr


@pytest.mark.parametrize(
    "files",
    [
        pytest.param({}, id="empty"),
        pytest.param({"README.md": "# App\n", "deploy.yaml": "key: [1\n"}, id="no-threat-models"),
    ],
)
def test_day_zero_passes(
    snapshot: Path, env: dict[str, str], tmp_path: Path, files: dict[str, str]
) -> None:
    """No template, no index, no model (and no .threat-model.yaml): every hook passes."""
    repo = init_repo(tmp_path / "app")
    for name, text in files.items():
        (repo / name).write_text(text, encoding="utf-8")
    configure(repo, snapshot, MANIFEST)
    git(repo, "add", "-A")
    code, output = pre_commit(repo, env, "run", "--all-files", "--verbose")
    assert code == 0, output
    assert "Failed" not in output
    assert "Traceback" not in output
    assert not (repo / "docs").exists()  # nothing was written


def test_day_zero_with_a_model_warns_of_the_bundled_template_once(
    snapshot: Path, env: dict[str, str], tmp_path: Path
) -> None:
    repo = make_repo(tmp_path / "app", broken=False)
    (repo / "docs/security/threat-models/template.md").unlink()
    for name in ("billing", "ledger", "search"):  # enough files for pre-commit to split them
        shutil.copy2(
            DEMO_MODELS / "authentication.md", repo / f"docs/security/threat-models/{name}.md"
        )
    configure(repo, snapshot, ["check-threat-model-template"])
    git(repo, "add", "-A")
    code, output = pre_commit(repo, env, "run", "--all-files", "--verbose")
    assert code == 0, output
    assert output.count("TM208") == 1


# --------------------------------------------------------------------------- the index fixer


def test_the_manual_index_fixer(snapshot: Path, env: dict[str, str], tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "app", broken=False)
    shutil.copy2(DEMO_MODELS / "payments.md", repo / "docs/security/threat-models/payments.md")
    configure(repo, snapshot, ["check-threat-model-index", "fix-threat-model-index"])
    git(repo, "add", "-A")
    code, output = pre_commit(repo, env, "run", "--all-files")
    assert code == 1, output
    assert "TM302" in output
    command = "pre-commit run fix-threat-model-index --hook-stage manual"
    assert f"hint: add a row for it, or rewrite the managed table: {command}" in output
    assert "fix the threat model index" not in output  # manual: not run on a commit
    code, output = pre_commit(repo, env, *command.split()[1:])
    assert code == 1, output
    assert "Fixing docs/security/THREAT_MODEL_INDEX.md" in output
    index = (repo / "docs/security/THREAT_MODEL_INDEX.md").read_text("utf-8")
    assert "| [Payments](threat-models/payments.md) |" in index
    assert "| Review due |" in index
    git(repo, "add", "-A")  # as after any pre-commit fixer
    code, output = pre_commit(repo, env, *command.split()[1:])
    assert code == 0, output
    assert pre_commit(repo, env, "run", "--all-files")[0] == 0


# --------------------------------------------------------------------------- recheck


@pytest.mark.parametrize("hook", FILE_HOOKS)
def test_a_staged_configuration_rechecks_every_model(
    snapshot: Path, env: dict[str, str], tmp_path: Path, hook: str
) -> None:
    repo = make_repo(tmp_path / "app", broken=False)
    configure(repo, snapshot, [hook])
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "hooks")
    stricter = {
        "check-threat-model-sections": ("sections: [Assets, Overview]\n", "TM101"),
        "check-threat-model-template": ("title: 'TM: <Feature name>'\n", "TM203"),
        "check-threat-model-content": ("require_risk_summary: true\n", "TM513"),
    }
    text, code_expected = stricter[hook]
    (repo / ".threat-model.yaml").write_text(text, encoding="utf-8")
    git(repo, "add", ".threat-model.yaml")
    code, output = pre_commit(repo, env, "run", "--verbose")  # the staged files only
    assert code == 1, output
    model = "docs/security/threat-models/authentication.md"
    assert re.search(rf"^{model}:\d+:\d+: {code_expected} ", output, re.MULTILINE), output
