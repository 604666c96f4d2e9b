"""Where a path of the working tree leads: into the repository, out of it, or nowhere."""

from __future__ import annotations

import functools
from pathlib import Path

LOOP = "is a loop of symbolic links; it is not read"


@functools.lru_cache(maxsize=8)
def real_root(root: Path) -> Path:
    return root.resolve()


def leaves(root: Path, relpath: str) -> str | None:
    """Why a path of the working tree below ``root`` is not read because it leads out of the
    repository (a symbolic link, or a folder linked out) or nowhere (a loop of links), or
    ``None``."""
    path = root / relpath
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a loop, before Python 3.13
        return LOOP
    if real.is_symlink():  # a loop, from Python 3.13 on: resolved as far as it goes
        return LOOP
    if real.is_relative_to(real_root(root)):
        return None
    if path.is_symlink():
        return "is a symbolic link out of the repository; it is not read"
    return "is in a folder linked out of the repository; it is not read"
