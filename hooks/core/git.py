"""git access: always an argument list, ``-z`` output and ``--`` before paths."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import IO

SYMLINK = "120000"
_CHUNK = 500  # paths per git call: far below any limit on the length of a command line


class GitError(Exception):
    """git failed or is missing; the message says what to do."""


class GitMissing(GitError):
    """git cannot be run at all: it is not installed, or not on ``PATH``."""

    def __init__(self, exc: OSError) -> None:
        super().__init__(
            f"git is not installed or not on PATH (cannot run git: {exc.strerror or exc})"
        )


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
        raise GitMissing(exc) from None
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


def tracked_files(root: Path) -> list[str] | None:
    """The files git tracks (those of the index), or ``None`` outside a git repository."""
    try:
        output = git(root, "ls-files", "-z", "--cached", "--")
    except GitError:
        return None
    return sorted(set(split_z(output)))


def is_repository(root: Path) -> bool:
    """Whether ``root`` is inside a git work tree (:class:`GitMissing` when git cannot say)."""
    return work_tree_prefix(root) is not None


def work_tree_prefix(root: Path) -> str | None:
    """Where ``root`` lies in its git work tree (see :func:`prefix`), or ``None`` when it is
    not inside one (:class:`GitMissing` when git cannot say): one call to git for both."""
    try:
        output = git(root, "rev-parse", "--is-inside-work-tree", "--show-prefix")
    except GitMissing:
        raise
    except GitError:
        return None
    inside, _, folder = output.partition(b"\n")
    if inside != b"true":
        return None
    return folder.decode("utf-8", "surrogateescape").removesuffix("\n")


def missing_ref(root: Path, refs: Sequence[str]) -> str | None:
    """The first of ``refs`` that names no commit in this repository, or ``None``: one call
    to git when every one does."""
    try:
        output = git(root, "rev-parse", "--end-of-options", *(ref + "^{commit}" for ref in refs))
    except GitMissing:
        raise
    except GitError:
        output = b""
    names = output.split()  # one object a ref; a range (``a..b``) gives more, or a ``^``
    if len(names) == len(refs) and not any(name.startswith(b"^") for name in names):
        return None
    return next((ref for ref in refs if not ref_exists(root, ref)), None)


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


def changed_between(root: Path, from_ref: str, to_ref: str, folder: str | None = None) -> list[str]:
    """Paths below ``root``, relative to it, changed from the merge base of ``from_ref`` and
    ``to_ref`` to ``to_ref``; ``folder`` is ``root``'s :func:`prefix`, when known."""
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
    return below(prefix(root) if folder is None else folder, _name_status(output))[0]


def staged_files(root: Path, folder: str | None = None) -> tuple[list[str], int]:
    """Staged paths below ``root``, relative to it (both sides of a rename), and how many
    staged paths lie outside ``root``; ``folder`` is ``root``'s :func:`prefix`, when known."""
    output = git(root, "diff", "--cached", "--name-status", "-z", "-M", "--")
    return below(prefix(root) if folder is None else folder, _name_status(output))


def entries(root: Path, paths: Sequence[str], ref: str | None) -> dict[str, tuple[str, str]]:
    """Path -> (mode, object id) for each of ``paths`` (relative to ``root``) in the commit
    ``ref``, or in the index (stage 0) when ``ref`` is ``None``; absent paths are left out.
    Paths are literal, never patterns."""
    wanted = set(paths)
    found: dict[str, tuple[str, str]] = {}
    ordered = sorted(wanted)
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        if ref is None:
            output = git(root, "--literal-pathspecs", "ls-files", "-s", "-z", "--", *chunk)
        else:
            output = git(
                root, "--literal-pathspecs", "ls-tree", "-z", "--end-of-options", ref, "--", *chunk
            )
        for record in split_z(output):
            info, _, path = record.partition("\t")
            fields = info.split()
            if path not in wanted or len(fields) != 3:
                continue
            if ref is None and fields[2] != "0":
                continue  # a merge conflict's stages
            found[path] = (fields[0], fields[1] if ref is None else fields[2])
    return found


def blobs(root: Path, oids: Sequence[str], limit: int) -> dict[str, bytes | None]:
    """The contents of objects by id, through one ``git cat-file --batch``: ``None`` for an
    object larger than ``limit`` bytes (skipped, never held in memory); missing ones left out."""
    unique = list(dict.fromkeys(oids))
    if not unique:
        return {}
    try:
        process = subprocess.Popen(
            ["git", "-C", str(root), "cat-file", "--batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError as exc:
        raise GitMissing(exc) from None
    assert process.stdin is not None
    assert process.stdout is not None
    request = "".join(f"{oid}\n" for oid in unique).encode("ascii")

    def feed(stream: IO[bytes]) -> None:  # a thread: git answers while it is still being asked
        try:
            stream.write(request)
            stream.close()
        except OSError:
            pass

    import threading  # only the batch reader writes while git answers

    writer = threading.Thread(target=feed, args=(process.stdin,), daemon=True)
    writer.start()
    found: dict[str, bytes | None] = {}
    out = process.stdout
    try:
        for oid in unique:
            header = out.readline().split()
            if len(header) != 3:
                continue  # "<oid> missing"
            size = int(header[2])
            if size > limit:
                while size > 0:
                    chunk = out.read(min(size, 1 << 20))
                    size = size - len(chunk) if chunk else 0
                found[oid] = None
            else:
                found[oid] = out.read(size)
            out.read(1)  # the newline after the contents
    finally:
        out.close()
        writer.join()
        process.wait()
    return found


def commit_id(root: Path, ref: str) -> str:
    """The full object id of the commit ``ref`` names."""
    output = git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", ref + "^{commit}")
    return output.decode("ascii", "replace").strip()


def merge_base(root: Path, first: str, second: str) -> str:
    """The best common ancestor of two commits (``GitError`` when they have none)."""
    try:
        output = git(root, "merge-base", "--end-of-options", first, second)
    except GitError as exc:
        raise GitError(f"{first} and {second} have no merge base ({exc})") from None
    return output.decode("ascii", "replace").strip()


def bounded(root: Path, limit: int, *args: str) -> tuple[bytes, bool]:
    """Run ``git -C root args...`` and return at most ``limit`` bytes of its standard output,
    and whether it said more (then git is stopped: a huge output is never held whole)."""
    import tempfile  # only a bounded read keeps git's errors aside

    with tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen(
                ["git", "-C", str(root), *args],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=errors,
            )
        except OSError as exc:
            raise GitError(f"cannot run git: {exc.strerror or exc}") from None
        assert process.stdout is not None
        with process.stdout:
            output = process.stdout.read(limit + 1)
            more = len(output) > limit
            if more:
                process.kill()
        status = process.wait()
        if status != 0 and not more:
            errors.seek(0)
            message = errors.read().decode("utf-8", "replace").strip().splitlines()
            raise GitError(message[-1] if message else f"git {args[0]} failed")
    return output[:limit], more
