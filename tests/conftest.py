"""Shared fixtures: where the shared material beside the project lives."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path | None:
    """``../shared`` of the project, or of any folder above it (a clone may sit deeper)."""
    for folder in ROOT.parents:
        if (folder / "shared" / "corpus" / "real-threat-models").is_dir():
            return folder / "shared"
    return None


@pytest.fixture(scope="session", autouse=True)
def _cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The hooks' cache (see hooks.core.cache) in a folder of the test session, never the
    user's own; every test, and every process it starts, shares it, as runs on one machine do."""
    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get("THREAT_MODEL_CACHE_DIR")
    os.environ["THREAT_MODEL_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        del os.environ["THREAT_MODEL_CACHE_DIR"]
    else:
        os.environ["THREAT_MODEL_CACHE_DIR"] = before


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


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths the Markdown reader parses from bytes from now on (in this process)."""
    from hooks.core import markdown

    calls: list[str] = []
    real = markdown.parse_bytes

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(markdown, "parse_bytes", counting)
    return calls
