"""git access: argument lists, -z output, clear errors."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from hooks.core.git import GitError, git, repository_files, split_z


def test_repository_files_lists_tracked_and_untracked_with_odd_names(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    names = ["a.md", "with space.md", "-leading.md", "ünï.md", "new\nline.md"]
    for name in names:
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("ignored.md\n", encoding="utf-8")
    (tmp_path / "ignored.md").write_text("x", encoding="utf-8")
    subprocess.run(["git", "-C", str(tmp_path), "add", "a.md"], check=True)
    assert repository_files(tmp_path) == sorted([*names, ".gitignore"])


def test_outside_a_repository(tmp_path: Path) -> None:
    assert repository_files(tmp_path) is None
    with pytest.raises(GitError, match="not a git repository"):
        git(tmp_path, "status")


def test_git_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(*args: object, **kwargs: object) -> None:
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr("subprocess.run", missing)
    with pytest.raises(GitError, match="cannot run git: No such file or directory"):
        git(tmp_path, "status")


def test_split_z_keeps_undecodable_bytes() -> None:
    assert split_z(b"a\0b c\0\xff.md\0") == ["a", "b c", "\udcff.md"]


def test_paths_below_a_sub_folder_are_relative_to_it(tmp_path: Path) -> None:
    from hooks.core.git import below, prefix

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    sub = tmp_path / "a b" / "sub"
    (sub / "d").mkdir(parents=True)
    for name in ("top.md", "a b/sub/x.md", "a b/sub/d/y.md", "a b/other.md"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert prefix(tmp_path) == ""
    assert prefix(sub) == "a b/sub/"
    assert below("a b/sub/", ["top.md", "a b/sub/x.md", "a b/sub/x.md", "a b/subx.md"]) == (
        ["x.md"],
        2,
    )
    assert repository_files(sub) == ["d/y.md", "x.md"]
