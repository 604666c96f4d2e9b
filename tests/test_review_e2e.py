"""check-threat-model-review through real pre-commit: the manual stage on the staged change,
and the pre-push stage on the pushed range, advisory and enforced."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests import e2e_support
from tests.conftest import git
from tests.coverage_support import TODAY, make_repo, write
from tests.e2e_support import snapshot

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.e2e
HOOK = "check-threat-model-review"
ROUTE = '@app.get("/admin")\ndef admin():\n    return "ok"\n'


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """This project as a hooks repository, and PRE_COMMIT_HOME."""
    return snapshot(tmp_path_factory.mktemp("hooks-snapshot")), tmp_path_factory.mktemp(
        "pre-commit-home"
    )


def pre_commit(cwd: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return e2e_support.pre_commit(cwd, home, TODAY, *args)


def test_manual_stage_reviews_the_staged_change(
    hooks_repo: tuple[Path, Path], tmp_path: Path
) -> None:
    snapshot, home = hooks_repo
    repo = make_repo(tmp_path / "repo")
    write(repo, "src/auth/login.py", ROUTE)
    git(repo, "add", "-A")
    done = pre_commit(repo, home, "try-repo", str(snapshot), HOOK, "--hook-stage", "manual")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "src/auth/login.py:1:1: trust-boundary: adds an HTTP route or view" in done.stdout
    assert "auth: update-needed" in done.stdout
    assert "staged changes" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_pre_push_stage_reviews_the_range(hooks_repo: tuple[Path, Path], tmp_path: Path) -> None:
    snapshot, home = hooks_repo
    repo = make_repo(tmp_path / "repo")
    rev = git(snapshot, "rev-parse", "HEAD").strip()
    write(
        repo,
        ".pre-commit-config.yaml",
        f"repos:\n- repo: {snapshot}\n  rev: {rev}\n  hooks:\n"
        f"  - id: {HOOK}\n    args: [--enforce]\n",
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "config")
    base = git(repo, "rev-parse", "HEAD").strip()
    write(repo, "src/auth/notes.md", "how login works\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "notes")
    args = ("run", "--hook-stage", "pre-push", "--from-ref", base, "--to-ref", "HEAD")
    done = pre_commit(repo, home, *args)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No threat model updates needed." in done.stdout
    write(repo, "src/auth/login.py", ROUTE)
    git(repo, "commit", "-qam", "route")
    done = pre_commit(repo, home, *args)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "auth: update-needed" in done.stdout
    assert f"{base}...HEAD" in done.stdout
    # not in the commit stage: the hook is for pushes and manual runs
    git(repo, "add", "-A")
    done = pre_commit(repo, home, "run", "--all-files")
    assert HOOK not in done.stdout
