"""Reading a change: one git diff, names exactly as git records them, lines where they stand."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from hooks.core import git as gitcore
from hooks.core.review.diff import Diff, FileDiff, parse, quoted, read_diff
from tests.conftest import git, init_repo


def write(root: Path, name: str, data: bytes | str) -> None:
    path = root / os.fsdecode(name.encode("utf-8", "surrogateescape"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def commit(root: Path, message: str = "c") -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD").strip()


def staged(root: Path) -> Diff:
    head = git(root, "rev-parse", "HEAD").strip()
    return read_diff(root, head, None)


def by_path(diff: Diff) -> dict[str, FileDiff]:
    return {item.path: item for item in diff.files}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("with space.py", id="space"),
        pytest.param('quote"d.py', id="quote"),
        pytest.param("back\\slash.py", id="backslash"),
        pytest.param("new\nline.py", id="newline"),
        pytest.param("tab\tname.py", id="tab"),
        pytest.param("caf\u00e9.py", id="utf8"),
        pytest.param("bad\udcffbyte.py", id="not-utf8"),
        pytest.param("-leading.py", id="leading-dash"),
        pytest.param("dir with space/a b.py", id="folder-with-space"),
    ],
)
def test_odd_names_are_read_exactly(tmp_path: Path, name: str) -> None:
    repo = init_repo(tmp_path / "r")
    write(repo, "keep.txt", "x\n")
    commit(repo)
    write(repo, name, "first\nsecond\n")
    git(repo, "add", "-A")
    files = by_path(staged(repo))
    assert set(files) == {name}
    assert [(line.number, line.text) for line in files[name].added] == [
        (1, "first"),
        (2, "second"),
    ]


def test_quoted_matches_git() -> None:
    assert quoted(b"a/plain name.py") == b"a/plain name.py"
    assert quoted(b'a/q"\\x') == b'"a/q\\"\\\\x"'
    assert quoted(b"a/\n\t\x01\xff") == b'"a/\\n\\t\\001\\377"'


def test_lines_numbers_renames_deletions_and_odd_content(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "r")
    write(repo, "edit.py", "a\nb\nc\nd\n")
    write(repo, "gone.py", "old\n")
    write(repo, "moved.py", "\n".join(f"line {n}" for n in range(20)) + "\n")
    write(repo, "pure.py", "same\n")
    write(repo, "crlf.py", "one\r\ntwo\r\n")
    base = commit(repo)
    write(repo, "edit.py", "a\nB\nc\n+++ not a header\n--- nor this\n@@ nor this @@\n")
    (repo / "gone.py").unlink()
    git(repo, "mv", "moved.py", "renamed.py")
    write(repo, "renamed.py", "\n".join(f"line {n}" for n in range(20)) + "\nadded\n")
    git(repo, "mv", "pure.py", "pure2.py")
    write(repo, "crlf.py", "one\r\nTWO\r\n")
    write(repo, "noeol.py", "no newline")
    head = commit(repo)
    files = by_path(read_diff(repo, base, head))
    edit = files["edit.py"]
    assert [(ln.number, ln.text) for ln in edit.added] == [
        (2, "B"),
        (4, "+++ not a header"),
        (5, "--- nor this"),
        (6, "@@ nor this @@"),
    ]
    assert [(ln.number, ln.text) for ln in edit.removed] == [(2, "b"), (4, "d")]
    assert files["gone.py"].status == "D"
    assert [(ln.number, ln.text) for ln in files["gone.py"].removed] == [(1, "old")]
    renamed = files["renamed.py"]
    assert (renamed.status, renamed.old_path) == ("R", "moved.py")
    assert [(ln.number, ln.text) for ln in renamed.added] == [(21, "added")]
    pure = files["pure2.py"]
    assert (pure.status, pure.old_path, pure.added, pure.removed) == ("R", "pure.py", [], [])
    assert [ln.text for ln in files["crlf.py"].added] == ["TWO"]
    assert [ln.text for ln in files["noeol.py"].added] == ["no newline"]
    assert set(read_diff(repo, base, head).paths) == {
        "crlf.py",
        "edit.py",
        "gone.py",
        "moved.py",
        "noeol.py",
        "pure.py",
        "pure2.py",
        "renamed.py",
    }


def test_a_removal_stands_where_its_lines_were(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "r")
    write(repo, "a.py", "one\ntwo\nthree\nfour\n")
    base = commit(repo)
    write(repo, "a.py", "one\nfour\n")
    head = commit(repo)
    item = read_diff(repo, base, head).files[0]
    assert [(ln.number, ln.text) for ln in item.removed] == [(2, "two"), (2, "three")]


def test_hunk_context_is_kept(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "r")
    write(repo, "a.py", "def handler():\n    return 1\n")
    base = commit(repo)
    write(repo, "a.py", "def handler():\n    return 2\n")
    head = commit(repo)
    (line,) = read_diff(repo, base, head).files[0].added
    assert line.context == "def handler():"


def test_git_configuration_does_not_change_the_reading(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "r")
    for key, value in (
        ("diff.noprefix", "true"),
        ("diff.mnemonicPrefix", "true"),
        ("diff.interHunkContext", "10"),
        ("core.quotePath", "false"),
        ("color.diff", "always"),
        ("diff.renames", "false"),
    ):
        git(repo, "config", key, value)
    write(repo, "caf\u00e9 a.py", "a\nb\nc\nd\ne\n")
    base = commit(repo)
    write(repo, "caf\u00e9 a.py", "A\nb\nc\nd\nE\n")
    head = commit(repo)
    item = read_diff(repo, base, head).files[0]
    assert item.path == "caf\u00e9 a.py"
    assert [(ln.number, ln.text) for ln in item.added] == [(1, "A"), (5, "E")]


def test_binary_symlink_and_submodule(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "r")
    write(repo, "blob.bin", b"\x00\x01binary")
    write(repo, "link", "target\n")
    base = commit(repo)
    write(repo, "blob.bin", b"\x00\x02binary")
    (repo / "link").unlink()
    (repo / "link").symlink_to("blob.bin")
    git(repo, "update-index", "--add", "--cacheinfo", f"160000,{base},vendor/sub")
    git(repo, "add", "blob.bin", "link")
    files = by_path(staged(repo))
    assert files["blob.bin"].binary
    assert files["link"].status == "T"
    assert files["link"].symlink
    assert files["vendor/sub"].submodule


def test_a_new_repository_has_no_base(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "r")
    write(repo, "a.py", "x = 1\n")
    git(repo, "add", "-A")
    diff = read_diff(repo, None, None)
    assert [(f.path, f.status) for f in diff.files] == [("a.py", "A")]


def test_unmerged_paths_are_left_out(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "r")
    write(repo, "a.py", "base\n")
    write(repo, "b.py", "base\n")
    commit(repo)
    git(repo, "switch", "-q", "-c", "other")
    write(repo, "a.py", "other\n")
    commit(repo)
    git(repo, "switch", "-q", "main")
    write(repo, "a.py", "main\n")
    commit(repo)
    subprocess.run(
        ["git", "-C", str(repo), "merge", "-q", "other"], capture_output=True, check=False
    )
    write(repo, "b.py", "resolved elsewhere\n")
    git(repo, "add", "b.py")
    assert [f.path for f in staged(repo).files] == ["b.py"]


def test_a_project_in_a_subfolder_sees_its_own_files(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "r")
    write(repo, "outside.py", "x\n")
    write(repo, "project/inside.py", "x\n")
    base = commit(repo)
    write(repo, "outside.py", "y\n")
    write(repo, "project/inside.py", "y\n")
    head = commit(repo)
    assert [f.path for f in read_diff(repo / "project", base, head).files] == ["inside.py"]


def test_a_huge_diff_is_cut_and_the_rest_read_by_name(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "r")
    write(repo, "keep.txt", "x\n")
    base = commit(repo)
    write(repo, "a.py", "a = 1\n" * 200)
    write(repo, "z.py", "z = 1\n" * 200)
    head = commit(repo)
    diff = read_diff(repo, base, head, limit=1500)
    assert diff.truncated
    files = by_path(diff)
    assert set(files) == {"a.py", "z.py"}
    assert files["z.py"].truncated
    assert not files["z.py"].added


def test_parse_tolerates_sections_without_records() -> None:
    raw = b":100644 100644 " + b"0" * 40 + b" " + b"1" * 40 + b" M\0a.py\0\0"
    patch = b"diff --git a/b.py b/b.py\n@@ -1 +1 @@\n-x\n+y\n"
    diff = parse(raw + patch)
    assert [(f.path, f.added) for f in diff.files] == [("a.py", [])]
    assert parse(b"").files == []
    assert parse(b":100644 100644 short\0").files == []


def test_missing_refs_and_git_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = init_repo(tmp_path / "r")
    write(repo, "a.py", "x\n")
    commit(repo)
    with pytest.raises(gitcore.GitError):
        read_diff(repo, "no-such-ref", "HEAD")
    git(repo, "switch", "-q", "--orphan", "lonely")
    write(repo, "b.py", "y\n")
    commit(repo)
    with pytest.raises(gitcore.GitError, match="no merge base"):
        gitcore.merge_base(repo, "main", "lonely")

    def missing(*args: object, **kwargs: object) -> None:
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr("subprocess.Popen", missing)
    with pytest.raises(gitcore.GitError, match="cannot run git"):
        read_diff(repo, "main", "lonely")


def test_parse_reads_context_lines_and_odd_records() -> None:
    zeros, ones = b"0" * 40, b"1" * 40
    raw = b":100644 100644 " + zeros + b" " + ones + b" M\0a.py\0\0"
    patch = (
        b"diff --git a/a.py b/a.py\n--- a/a.py\n+++ b/a.py\n"
        b"@@ -1,3 +1,3 @@ def f():\n-x\n+y\n same\n-z\n+w\n\\ No newline at end of file\n"
    )
    (item,) = parse(raw + patch).files
    assert [(ln.number, ln.text, ln.context) for ln in item.added] == [
        (1, "y", "def f():"),
        (3, "w", "def f():"),
    ]
    # a record cut short, and a rename whose second name is missing
    assert parse(b":100644 100644 " + zeros + b" " + ones + b" M\0a.py").files[0].path == "a.py"
    renamed = parse(b":100644 100644 " + zeros + b" " + ones + b" R100\0old.py\0").files
    assert [(f.path, f.old_path) for f in renamed] == [("", "old.py")]
    assert parse(b":100644 100644 " + zeros + b" " + ones + b" M").files == []
