"""What the end-to-end tests share: this working tree as a hooks repository that
``pre-commit try-repo`` can install, and pre-commit run with its own home."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import git, init_repo

ROOT = Path(__file__).resolve().parent.parent


def snapshot(target: Path, tag: str | None = None) -> Path:
    """This working tree, uncommitted changes included (the files git tracks and those it
    does not ignore), committed into a new repository at ``target``; tagged ``tag``, if
    given, as the hooks' repository is at a release. Skips the test without pre-commit."""
    if shutil.which("pre-commit") is None:
        pytest.skip("pre-commit is not installed")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    init_repo(target)
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "snapshot")
    if tag is not None:
        git(target, "tag", tag)
    return target


def pre_commit(cwd: Path, home: Path, today: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``pre-commit ARGS`` in ``cwd``, with ``home`` as its cache, today pinned, and none of
    the ``PRE_COMMIT_*`` variables of a hook this test may itself run under."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRE_COMMIT_")}
    env.update(PRE_COMMIT_HOME=str(home), THREAT_MODEL_TODAY=today)
    return subprocess.run(
        ["pre-commit", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
