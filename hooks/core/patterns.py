"""gitignore-style path patterns, matched without pathspec when they are plain paths.

pathspec costs about 50 ms to import, and every hook is a new process: patterns that are
plain paths (``examples/``, ``/docs/legacy``, ``README.md``) are matched here by hand, with
gitignore's meaning; anything else (globs, ``!`` negation, escapes) goes to pathspec.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

_PLAIN = re.compile(r"^/?[^*?\[\]\\!#\s/][^*?\[\]\\]*$")


def is_plain(pattern: str) -> bool:
    """Whether a pattern is a plain path, with no glob, negation, escape or comment."""
    return bool(_PLAIN.match(pattern)) and not pattern.rstrip("/").endswith(" ")


def problem(pattern: str) -> str | None:
    """Why a pattern is invalid, or ``None``: pathspec judges all but plain paths."""
    if is_plain(pattern):
        return None
    import pathspec

    try:
        pathspec.PathSpec.from_lines("gitignore", [pattern])
    except Exception as exc:  # pathspec raises several error types for bad patterns
        return str(exc)
    return None


@functools.lru_cache(maxsize=256)
def matcher(*patterns: str) -> Callable[[str], bool]:
    """A function telling whether a repository-relative POSIX path matches the patterns."""
    if all(is_plain(pattern) for pattern in patterns):
        plain = [_plain_parts(pattern) for pattern in patterns]
        return lambda path: any(_plain_match(parts, path) for parts in plain)
    import pathspec

    return pathspec.PathSpec.from_lines("gitignore", patterns).match_file


def _plain_parts(pattern: str) -> tuple[tuple[str, ...], bool, bool]:
    body = pattern.strip("/")
    return tuple(body.split("/")), pattern.startswith("/") or "/" in body, pattern.endswith("/")


def _plain_match(plain: tuple[tuple[str, ...], bool, bool], path: str) -> bool:
    """gitignore's meaning: the pattern names a file or folder (at the root when anchored,
    at any depth otherwise); a folder takes everything below it; ``dir/`` names folders only."""
    wanted, anchored, folders_only = plain
    parts = path.split("/")
    size = len(wanted)
    starts = [0] if anchored else range(len(parts) - size + 1)
    for start in starts:
        if tuple(parts[start : start + size]) != wanted:
            continue
        if start + size < len(parts) or not folders_only:
            return True
    return False
