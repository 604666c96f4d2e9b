"""gitignore-style path patterns, each compiled once to a regular expression.

pathspec costs about 50 ms to import, and every hook is a new process: patterns that are
plain paths (``examples/``, ``/docs/legacy``, ``README.md``) are translated here by hand, with
gitignore's meaning; anything else (globs, ``!`` negation, escapes) is translated by pathspec.
Either way a pattern becomes one regular expression, and a list of patterns matches a path
when the last pattern that matches it is not a negation, as in a ``.gitignore`` file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

_PLAIN = re.compile(r"^/?[^*?\[\]\\!#\s/][^*?\[\]\\]*$")

Compiled = tuple[re.Pattern[str], bool]  # the expression, and False for a negation


def is_plain(pattern: str) -> bool:
    """Whether a pattern is a plain path, with no glob, negation, escape or comment."""
    return bool(_PLAIN.match(pattern)) and not pattern.rstrip("/").endswith(" ")


def problem(pattern: str) -> str | None:
    """Why a pattern is invalid, or ``None``: a comment matches nothing, and pathspec judges
    all but plain paths."""
    if pattern.startswith("#"):
        return (
            "a pattern starting with '#' is a comment in gitignore syntax and matches nothing;"
            f" write '\\{pattern}' to match a name that starts with '#'"
        )
    dots = next((part for part in pattern.split("/") if part in (".", "..", "!.", "!..")), None)
    if dots is not None:
        return (
            f"a '{dots.lstrip('!')}' component matches nothing: patterns match paths from the"
            " repository root, which never hold one; write the path from the root"
        )
    if is_plain(pattern):
        return None
    try:
        compile_pattern(pattern)
    except Exception as exc:  # pathspec raises several error types for bad patterns
        return str(exc)
    return None


@functools.lru_cache(maxsize=4096)
def compile_pattern(pattern: str) -> Compiled | None:
    """One pattern as a regular expression matched at the start of a repository-relative POSIX
    path, and whether it includes the path (``False`` for ``!`` negations); ``None`` for a
    pattern that matches nothing (a comment)."""
    if is_plain(pattern):
        body = pattern.strip("/")
        anchored = pattern.startswith("/") or "/" in body
        head = "" if anchored else "(?:.+/)?"
        tail = "/" if pattern.endswith("/") else r"(?:/|\Z)"
        return re.compile(f"^{head}{re.escape(body)}{tail}"), True
    import pathspec

    compiled = pathspec.PathSpec.from_lines("gitignore", [pattern]).patterns
    if not compiled or compiled[0].regex is None or compiled[0].include is None:
        return None
    return compiled[0].regex, bool(compiled[0].include)


def last_match(compiled: list[Compiled]) -> Callable[[str], bool]:
    """A function telling whether a path matches compiled patterns: the last one that
    matches decides."""
    backwards = compiled[::-1]
    if all(include for _, include in compiled):
        searches = [regex.match for regex, _ in compiled]
        return lambda path: any(search(path) for search in searches)

    def match(path: str) -> bool:
        for regex, include in backwards:
            if regex.match(path):
                return include
        return False

    return match


@functools.lru_cache(maxsize=256)
def matcher(*patterns: str) -> Callable[[str], bool]:
    """A function telling whether a repository-relative POSIX path matches the patterns."""
    return last_match([c for pattern in patterns if (c := compile_pattern(pattern)) is not None])
