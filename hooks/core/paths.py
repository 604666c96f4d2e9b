"""Where a path of the working tree leads: into the repository, out of it, or nowhere."""

from __future__ import annotations

import errno
import functools
import os
import stat
from pathlib import Path

LOOP = "is a loop of symbolic links; it is not read"


def real_root(root: Path) -> Path:
    """The real path of a root, worked out once a run (a relative one, each time: the
    current folder may change)."""
    return _real_root(root) if root.is_absolute() else root.resolve()


@functools.lru_cache(maxsize=8)
def _real_root(root: Path) -> Path:
    return root.resolve()


def _real_folder(folder: str) -> str:
    """A folder's real path, worked out once a run for an absolute one: the models of a
    repository share a few folders."""
    return _real_absolute(folder) if os.path.isabs(folder) else os.path.realpath(folder)


@functools.lru_cache(maxsize=1024)
def _real_absolute(folder: str) -> str:
    return os.path.realpath(folder)


def leaves(root: Path, relpath: str) -> str | None:
    """Why a path of the working tree below ``root`` is not read because it leads out of the
    repository (a symbolic link, or a folder linked out), into its ``.git`` folder (whose
    files are git's, ``.git/config`` among them) or nowhere (a loop of links), or ``None``.
    (As ``Path.resolve`` reads it, on strings: every file a run reads is asked.)"""
    path = os.path.join(root, relpath)
    folder, name = os.path.split(path)
    try:
        plain = name != "" and not stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        plain = False
    if plain:  # found through its folders, and no link itself: its folder resolved says all
        real = os.path.join(_real_folder(folder), name)
    else:
        real = os.path.realpath(path)
        try:
            os.stat(real)  # what Path.resolve asks to tell a loop of links, as it does
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return LOOP
        if os.path.islink(real):  # a loop, from Python 3.13 on: resolved as far as it goes
            return LOOP
    top = str(real_root(root))
    if real == top or real.startswith(top.rstrip(os.sep) + os.sep):
        if not any(part.casefold() == ".git" for part in real[len(top) :].split(os.sep)):
            return None
        return "leads into the git folder .git; it is not read"
    if os.path.islink(path):
        return "is a symbolic link out of the repository; it is not read"
    return "is in a folder linked out of the repository; it is not read"


def repository_path(written: str) -> str:
    """A path written in the configuration, as a normalized POSIX path relative to the root
    (``""`` for the root itself); a :class:`ValueError` says why it cannot be one: absolute,
    leaving the repository, or in a git folder (a component ``.git``, in any case)."""
    text = written.replace("\\", "/")
    if text.startswith("/") or (len(text) > 1 and text[1] == ":"):
        raise ValueError(f"must be relative to the repository root: {text}")
    normal = os.path.normpath(text).replace(os.sep, "/")
    if normal == ".." or normal.startswith("../"):
        raise ValueError(f"points outside the repository: {text}")
    if any(part.casefold() == ".git" for part in normal.split("/")):
        raise ValueError(f"points into a git folder: {text}")
    return "" if normal == "." else normal


class Places:
    """What checking many configured paths at once learns (the models of 1,000 areas share a
    few folders): the real path of each folder that holds one, and the folders found to be no
    git folder. Paths are strings here: pathlib's objects cost more than the checks."""

    def __init__(self) -> None:
        self.folders: dict[str, str | None] = {}  # None: a loop of links
        self.plain: set[str] = set()

    def real(self, root: Path, relpath: str) -> tuple[str | None, bool]:
        """``(root / relpath).resolve()`` as a string, the folder resolved once for all its
        files (``None`` for a loop of links), and whether it is a folder (or may be one)."""
        folder, _, name = relpath.rpartition("/")
        if folder not in self.folders:
            try:
                self.folders[folder] = str((root / folder).resolve())
            except (OSError, RuntimeError):  # a loop, before Python 3.13
                self.folders[folder] = None
        real = self.folders[folder]
        if real is None or not name:
            return real, True
        path = os.path.join(real, name)
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            return path, False  # nothing there: no folder
        if not stat.S_ISLNK(mode):
            return path, stat.S_ISDIR(mode)
        try:
            return str(Path(path).resolve()), True
        except (OSError, RuntimeError):
            return None, True


def check_place(root: Path, relpath: str, places: Places | None = None) -> None:
    """Raise a :class:`ValueError` when a configured path (see :func:`repository_path`) leads,
    through symbolic links, into a git folder: one named ``.git``, or any folder that holds a
    repository's data (a bare repository, the folder of a separate ``--git-dir`` or of a
    linked work tree). A path that leads out of the repository, or nowhere, is the readers'
    to refuse, file by file (see :func:`leaves`). ``places`` is shared by the paths checked
    at once."""
    places = Places() if places is None else places
    real, folder_like = places.real(root, relpath)
    if real is None:  # a loop
        return
    top = str(real_root(root))
    if real != top and not real.startswith(top.rstrip(os.sep) + os.sep):
        return
    parent, name = os.path.split(real)
    if parent in places.plain:  # its folders were checked, with another path
        start, parts = parent, [name]
    else:
        start, parts = top, [part for part in real[len(top) :].split(os.sep) if part]
    folder = start
    for number, part in enumerate(parts, 1):
        folder = os.path.join(folder, part)
        if folder in places.plain:
            continue
        if part.casefold() == ".git":
            raise ValueError(f"points into a git folder: {relpath}")
        last = number == len(parts)
        if (folder_like or not last) and is_git_dir(Path(folder)):  # a file holds no repository
            raise ValueError(f"points into a git folder: {relpath}")
        if folder_like or not last:
            places.plain.add(folder)


def is_git_dir(folder: Path) -> bool:
    """Whether a folder holds a git repository's data, as git itself recognizes one: a
    ``HEAD`` file and objects (or, for a linked work tree, a ``commondir`` that names them)."""
    return (folder / "HEAD").is_file() and (
        (folder / "objects").is_dir() or (folder / "commondir").is_file()
    )
