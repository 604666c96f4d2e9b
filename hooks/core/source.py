"""A file's bytes, read safely, and the problems of reading it: what comes before the Markdown
reader, so that a check that finds what it needs in the cache (hooks.core.cache) never loads
the reader."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import NamedTuple


class Problem(NamedTuple):
    """An input problem found while reading a file (reported as a ``TM0xx`` finding)."""

    line: int
    column: int
    code: str
    message: str
    hint: str = ""


def read_bytes(path: Path, max_bytes: int) -> bytes | Problem:
    """The bytes of a regular file of at most ``max_bytes``, or why they cannot be read. A file
    that is not a regular one (a named pipe would block the read) is not opened, and no more
    than ``max_bytes`` and one byte are read."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return Problem(1, 1, "TM001", "not a regular file")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return Problem(1, 1, "TM001", f"cannot read file: {exc.strerror or exc}")
    if len(data) > max_bytes:
        return Problem(
            1,
            1,
            "TM005",
            f"file is larger than {_size(max_bytes)}; it is not checked",
            "split the model into one file per feature, or raise max_file_bytes",
        )
    return data


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):g} MiB" if count >= 1024 * 1024 else f"{count} bytes"
