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
    with pytest.raises(GitError, match=r"git is not installed or not on PATH \(cannot run git"):
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


def test_entries_and_blobs_of_a_commit_and_the_index(tmp_path: Path) -> None:
    from hooks.core.git import blobs, entries

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    sub = tmp_path / "sub"
    (sub / "d").mkdir(parents=True)
    for name, text in [("*.md", "star"), ("a.md", "a" * 5000), ("-x.md", "dash"), ("d/b.md", "b")]:
        (sub / name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "-C", str(tmp_path), "add", "-A"], check=True)
    staged = entries(sub, ["*.md", "-x.md", "d", "d/b.md", "gone.md"], None)
    assert sorted(staged) == ["*.md", "-x.md", "d/b.md"]  # literal paths, no directories
    git(tmp_path, "-c", "user.name=a", "-c", "user.email=a@b", "commit", "-qm", "x")
    (sub / "*.md").write_text("changed", encoding="utf-8")
    committed = entries(sub, ["*.md", "a.md", "d", "gone.md"], "HEAD")
    assert sorted(committed) == ["*.md", "a.md", "d"]
    assert committed["d"][0] == "040000"
    assert committed["*.md"] == staged["*.md"]
    oids = [committed["a.md"][1], "0" * 40, committed["*.md"][1], committed["a.md"][1]]
    assert blobs(sub, oids, 4096) == {committed["*.md"][1]: b"star", committed["a.md"][1]: None}
    assert blobs(sub, [], 10) == {}


def test_the_prefix_of_a_work_tree(tmp_path: Path) -> None:
    from hooks.core.git import work_tree_prefix
    from tests.conftest import init_repo

    root = init_repo(tmp_path / "repo")
    (root / "sub dir" / "deeper").mkdir(parents=True)
    assert work_tree_prefix(root) == ""
    assert work_tree_prefix(root / "sub dir" / "deeper") == "sub dir/deeper/"
    assert work_tree_prefix(root / ".git") is None  # inside git's own folder
    (tmp_path / "plain").mkdir()
    assert work_tree_prefix(tmp_path / "plain") is None


@pytest.mark.parametrize(
    ("refs", "missing"),
    [
        pytest.param(("HEAD", "HEAD~1"), None, id="both"),
        pytest.param(("HEAD",), None, id="one"),
        pytest.param(("nowhere", "HEAD"), "nowhere", id="first-missing"),
        pytest.param(("HEAD", "nowhere"), "nowhere", id="second-missing"),
        pytest.param(("HEAD~1..HEAD", "HEAD"), "HEAD~1..HEAD", id="a-range-is-no-commit"),
        pytest.param(("HEAD~1...HEAD",), "HEAD~1...HEAD", id="a-symmetric-range"),
        pytest.param(("HEAD:a.txt",), "HEAD:a.txt", id="a-blob"),
        pytest.param(("--all",), "--all", id="an-option"),
    ],
)
def test_missing_ref(tmp_path: Path, refs: tuple[str, ...], missing: str | None) -> None:
    from hooks.core.git import missing_ref
    from tests.conftest import git as run
    from tests.conftest import init_repo

    root = init_repo(tmp_path / "repo")
    for number in range(2):
        (root / "a.txt").write_text(f"{number}\n", encoding="utf-8")
        run(root, "add", "a.txt")
        run(root, "commit", "-qm", f"commit {number}")
    assert missing_ref(root, refs) == missing


def test_missing_ref_without_git_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hooks.core.git import GitMissing, missing_ref

    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(GitMissing):
        missing_ref(tmp_path, ("HEAD",))
