"""git access: always an argument list, ``-z`` output and ``--`` before paths."""

from __future__ import annotations

import subprocess
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
