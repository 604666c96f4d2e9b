"""TM516/TM517: relative links resolve to files inside the repository (URLs are not fetched)."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from hooks.core.findings import Reporter
from hooks.core.markdown import Document

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def link_target(url: str, relpath: str) -> str | None:
    """The root-relative target of a relative link, ``""`` for the root, ``None`` for URLs
    and same-page anchors. A target starting with ``../`` leaves the repository."""
    url = url.strip().strip("<>").strip()
    if not url or url.startswith(("#", "//")) or _SCHEME.match(url):
        return None
    url = unquote(url.split("#", 1)[0].split("?", 1)[0])
    if not url:
        return None
    if url.startswith("/"):
        joined = url.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(relpath), url)
    normal = posixpath.normpath(joined)
    return "" if normal == "." else normal


def check_links(doc: Document, relpath: str, root: Path, reporter: Reporter) -> None:
    for link in doc.links:
        target = link_target(link.url, relpath)
        if target is None:
            continue
        if target == ".." or target.startswith("../"):
            reporter.add(
                doc.path,
                link.line,
                1,
                "TM517",
                f"link '{link.url}' leaves the repository",
                "link to a file inside the repository, or use a full URL",
            )
        elif not (root / target).exists():
            reporter.add(
                doc.path,
                link.line,
                1,
                "TM516",
                f"link '{link.url}' points to {target}, which does not exist",
                "fix the path (it is relative to the model's folder) or remove the link",
            )
