"""Shared fixtures: where the shared material beside the project lives."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path | None:
    """``../shared`` of the project, or of any folder above it (a clone may sit deeper)."""
    for folder in ROOT.parents:
        if (folder / "shared" / "corpus" / "real-threat-models").is_dir():
            return folder / "shared"
    return None


@pytest.fixture
def shared() -> Path:
    found = shared_dir()
    if found is None:
        pytest.skip("../shared (corpus and SARIF schema) is not beside this checkout")
    return found


def git(root: Path, *args: str) -> str:
    """Run git in ``root``; its standard output."""
    done = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


def init_repo(path: Path) -> Path:
    """A new repository on ``main`` with a committer configured."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.email", "dev@example.com")
    git(path, "config", "user.name", "Dev")
    git(path, "config", "commit.gpgsign", "false")
    return path
