"""check-threat-model-coverage through real pre-commit (try-repo and the pre-push stage)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import git
from tests.coverage_support import TODAY, make_repo, write

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A snapshot of this project committed into a temporary repository, and PRE_COMMIT_HOME."""
    if shutil.which("pre-commit") is None:
        pytest.skip("pre-commit is not installed")
    snapshot = tmp_path_factory.mktemp("hooks-snapshot")
    for name in ("hooks", "pyproject.toml", ".pre-commit-hooks.yaml", "README.md", "LICENSE"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, snapshot / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, snapshot / name)
    git(snapshot, "init", "-q", "-b", "main")
    git(snapshot, "add", "-A")
    git(snapshot, "-c", "user.email=t@e", "-c", "user.name=t", "commit", "-qm", "snapshot")
    return snapshot, tmp_path_factory.mktemp("pre-commit-home")


def pre_commit(cwd: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRE_COMMIT_")}
    env.update(PRE_COMMIT_HOME=str(home), THREAT_MODEL_TODAY=TODAY)
    return subprocess.run(
        ["pre-commit", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_try_repo_advisory_passes_and_enforce_fails(
    hooks_repo: tuple[Path, Path], tmp_path: Path
) -> None:
    snapshot, home = hooks_repo
    repo = make_repo(tmp_path / "repo")
    write(repo, "src/search/q.py", "changed\n")
    git(repo, "add", "-A")
    done = pre_commit(repo, home, "try-repo", str(snapshot), "check-threat-model-coverage")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "search: missing" in done.stdout
    assert "staged changes" in done.stdout
    write(repo, ".threat-model.yaml", "mode: enforce\n" + (repo / ".threat-model.yaml").read_text())
    git(repo, "add", "-A")
    done = pre_commit(repo, home, "try-repo", str(snapshot), "check-threat-model-coverage")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "search: missing" in done.stdout


def test_pre_push_stage_range(hooks_repo: tuple[Path, Path], tmp_path: Path) -> None:
    snapshot, home = hooks_repo
    repo = make_repo(tmp_path / "repo")
    rev = git(snapshot, "rev-parse", "HEAD").strip()
    write(
        repo,
        ".pre-commit-config.yaml",
        f"repos:\n- repo: {snapshot}\n  rev: {rev}\n  hooks:\n"
        "  - id: check-threat-model-coverage\n    args: [--enforce]\n",
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "config")
    base = git(repo, "rev-parse", "HEAD").strip()
    write(repo, "src/auth/login.py", "changed\n")
    git(repo, "commit", "-qam", "auth")
    args = ("run", "--hook-stage", "pre-push", "--from-ref", base, "--to-ref", "HEAD")
    done = pre_commit(repo, home, *args)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "auth: present" in done.stdout
    write(repo, "src/billing/pay.py", "changed\n")
    git(repo, "commit", "-qam", "billing")
    done = pre_commit(repo, home, *args)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "billing: stale" in done.stdout
    assert f"{base}...HEAD" in done.stdout
