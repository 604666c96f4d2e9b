"""Where a relative Markdown link points inside the repository (nothing is fetched)."""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path, PurePath
from urllib.parse import unquote

from hooks.core.paths import real_root

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def link_target(url: str, relpath: str) -> str | None:
    """The root-relative target of a relative link in the file ``relpath``: ``""`` for the
    root, ``None`` for URLs and same-page anchors. A target starting with ``../`` leaves the
    repository. ``<angle>`` forms, ``%20`` escapes, ``#anchors`` and ``?queries`` are handled.
    Escaped bytes that are not UTF-8 decode as the file system decodes a name (``%FF`` is
    ``os.fsdecode(b"\\xff")``), so the target names the file they spell."""
    url = url.strip().strip("<>").strip()
    if not url or url.startswith(("#", "//")) or _SCHEME.match(url):
        return None
    url = unquote(url.split("#", 1)[0].split("?", 1)[0], errors="surrogateescape")
    if not url:
        return None
    if url.startswith("/"):
        joined = url.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(relpath), url)
    normal = posixpath.normpath(joined)
    return "" if normal == "." else normal


def leaves_repository(target: str) -> bool:
    return target == ".." or target.startswith("../")


_SEPARATOR = re.compile(r"[\\/]" if os.sep == "\\" else "/")
_HERE = ("", ".")
_MAX_LINKS = 40  # symbolic links followed, at most, on the way to a target (as Linux does)


def real_target(root: Path, target: str) -> Path | None:
    """The real path of a root-relative link target, or ``None`` when the way to it leaves the
    repository. Symbolic links are followed one path component at a time, and the walk stops
    as soon as one leads out: nothing outside the repository is looked at, so what a check
    says of such a link (it leaves the repository) tells nothing of the files there. A path
    inside the repository that does not exist, or a loop of links, is returned as it stands
    (it does not exist)."""
    base = real_root(root)
    parts = [part for part in target.split("/") if part not in _HERE]
    parts.reverse()  # a stack: the next component last
    current = base
    followed = 0
    while parts:
        part = parts.pop()
        if part == "..":
            if current == base:
                return None
            current = current.parent
            continue
        path = current / part
        try:
            link = os.readlink(path)
        except OSError:  # not a symbolic link (or not there): a name to go on from
            current = path
            continue
        followed += 1
        if followed > _MAX_LINKS:
            return path
        if os.path.isabs(link):
            try:
                inner = PurePath(link).relative_to(base)
            except ValueError:
                return None
            current = base
            link = inner.as_posix()
        parts.extend(reversed([piece for piece in _SEPARATOR.split(link) if piece not in _HERE]))
    return current
