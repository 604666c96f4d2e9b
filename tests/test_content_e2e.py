"""check-threat-model-content end to end through the real ``pre-commit try-repo``."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.content_support import REPO_ROOT, git, init_repo, line_of, model

pytestmark = pytest.mark.e2e

MODEL_PATH = "docs/security/threat-models/uploads.md"
IGNORE = shutil.ignore_patterns(
    ".git", "__pycache__", "*.egg-info", ".mypy_cache", ".ruff_cache", ".pytest_cache", "build"
)


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This checkout (with uncommitted work) committed into a fresh repository."""
    target = tmp_path_factory.mktemp("snapshot") / "hooks-repo"
    shutil.copytree(REPO_ROOT, target, ignore=IGNORE)
    init_repo(target)
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "snapshot")
    return target


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(snapshot: Path, home: Path, repo: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    env.pop("PRE_COMMIT_FROM_REF", None)
    env.pop("PRE_COMMIT_TO_REF", None)
    return subprocess.run(
        [
            "pre-commit",
            "try-repo",
            str(snapshot),
            "check-threat-model-content",
            "--all-files",
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def make_repo(tmp_path: Path, text: str) -> Path:
    repo = init_repo(tmp_path / "project")
    (repo / MODEL_PATH).parent.mkdir(parents=True)
    (repo / MODEL_PATH).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "model")
    return repo


def test_try_repo_passes_a_complete_model(
    snapshot: Path, pre_commit_home: Path, tmp_path: Path
) -> None:
    repo = make_repo(tmp_path, model(mitigations="- Tokens are bound to the device.\n"))
    result = try_repo(snapshot, pre_commit_home, repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_try_repo_fails_a_hollow_model(
    snapshot: Path, pre_commit_home: Path, tmp_path: Path
) -> None:
    text = model(
        threats="- **Spoofing:** An attacker replays a stolen token to act as another user.\n",
        mitigations="- See [the runbook](../../runbooks/missing.md).\n",
    )
    repo = make_repo(tmp_path, text)
    result = try_repo(snapshot, pre_commit_home, repo)
    assert result.returncode == 1, result.stdout + result.stderr
    heading = line_of(text, "## Threats")
    assert f"{MODEL_PATH}:{heading}:1: TM501 threat category 'Tampering'" in result.stdout
    assert f"{MODEL_PATH}:{line_of(text, 'the runbook')}:1: TM516" in result.stdout
