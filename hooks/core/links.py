"""Where a relative Markdown link points inside the repository (nothing is fetched)."""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

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
