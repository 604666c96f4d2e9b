"""Shared fixtures: where the shared material beside the project lives."""

from __future__ import annotations

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
