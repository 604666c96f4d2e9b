"""git access: always an argument list, ``-z`` output and ``--`` before paths."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path


class GitError(Exception):
    """git failed or is missing; the message says what to do."""


def git(root: Path, *args: str) -> bytes:
    """Run ``git -C root args...`` and return its standard output."""
    try:
        completed = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except OSError as exc:
        raise GitError(f"cannot run git: {exc.strerror or exc}") from None
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed")
    return completed.stdout


def split_z(output: bytes) -> list[str]:
    """Paths from ``-z`` output (NUL-separated, undecodable bytes escaped)."""
    return [part.decode("utf-8", "surrogateescape") for part in output.split(b"\0") if part]


def repository_files(root: Path) -> list[str] | None:
    """Tracked and untracked-but-not-ignored files, or ``None`` outside a git repository."""
    try:
        output = git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--")
    except GitError:
        return None
    return sorted(set(split_z(output)))


def is_repository(root: Path) -> bool:
    """Whether ``root`` is inside a git work tree."""
    try:
        return git(root, "rev-parse", "--is-inside-work-tree").strip() == b"true"
    except GitError:
        return False


def ref_exists(root: Path, ref: str) -> bool:
    """Whether ``ref`` names a commit in this repository."""
    try:
        git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}")
    except GitError:
        return False
    return True


def prefix(root: Path) -> str:
    """Where ``root`` lies in its work tree: ``""`` at the top level, else ``"sub/dir/"``."""
    output = git(root, "rev-parse", "--show-prefix")
    return output.decode("utf-8", "surrogateescape").removesuffix("\n")


def below(folder: str, paths: Sequence[str]) -> tuple[list[str], int]:
    """Top-level-relative ``paths`` made relative to ``folder`` (a :func:`prefix`), sorted,
    and how many paths lie outside it."""
    inside = {path[len(folder) :] for path in paths if path.startswith(folder)}
    outside = sum(1 for path in paths if not path.startswith(folder))
    return sorted(inside), outside


def _name_status(output: bytes) -> list[str]:
    """Every path named in ``--name-status -z`` output (renames and copies give both paths)."""
    parts = split_z(output)
    paths: list[str] = []
    index = 0
    while index < len(parts):
        status = parts[index]
        count = 2 if status[:1] in ("R", "C") else 1
        paths.extend(parts[index + 1 : index + 1 + count])
        index += 1 + count
    return paths


def changed_between(root: Path, from_ref: str, to_ref: str) -> list[str]:
    """Paths below ``root``, relative to it, changed from the merge base of ``from_ref`` and
    ``to_ref`` to ``to_ref``."""
    output = git(
        root,
        "diff",
        "--name-status",
        "-z",
        "--no-renames",
        "--end-of-options",
        f"{from_ref}...{to_ref}",
        "--",
    )
    return below(prefix(root), _name_status(output))[0]


def staged_files(root: Path) -> tuple[list[str], int]:
    """Staged paths below ``root``, relative to it (both sides of a rename), and how many
    staged paths lie outside ``root``."""
    output = git(root, "diff", "--cached", "--name-status", "-z", "-M", "--")
    return below(prefix(root), _name_status(output))
