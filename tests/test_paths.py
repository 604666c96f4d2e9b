"""Where a path of the working tree leads (hooks.core.paths)."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_a_relative_root_follows_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Real paths are remembered for absolute folders only: a relative one means another
    folder once the current folder changes (as it does between tests, or in one process)."""
    from hooks.core.paths import leaves, real_root

    for name in ("one", "two"):
        (tmp_path / name / "docs").mkdir(parents=True)
        (tmp_path / name / "docs" / "a.md").write_text("# A\n", encoding="utf-8")
    (tmp_path / "two" / "docs" / "b.md").symlink_to(tmp_path / "one" / "docs" / "a.md")
    monkeypatch.chdir(tmp_path / "one")
    assert real_root(Path()) == tmp_path / "one"
    assert leaves(Path(), "docs/a.md") is None
    monkeypatch.chdir(tmp_path / "two")
    assert real_root(Path()) == tmp_path / "two"
    assert leaves(Path(), "docs/a.md") is None
    assert leaves(Path(), "docs/b.md") == "is a symbolic link out of the repository; it is not read"
