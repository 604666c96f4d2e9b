"""TM516/TM517: relative links and images resolve to files inside the repository (URLs are
not fetched). A link whose way leads out of the repository, through a symbolic link too, leaves
it, and nothing there is looked at: whether a file exists outside is never told."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote

from hooks.core.findings import Reporter
from hooks.core.links import leaves_repository, link_target, real_target
from hooks.core.markdown import Document


def check_links(doc: Document, relpath: str, root: Path, reporter: Reporter) -> None:
    # each target is looked up once, however many links name it
    found: dict[str, tuple[Path | None, bool]] = {}  # target -> (its real path, it exists)
    for link in doc.links:
        target = link_target(link.url, relpath)
        if target is None:
            continue
        # the link as written: mistune percent-encodes spaces and non-ASCII letters
        what = f"{'image' if link.image else 'link'} '{unquote(link.url)}'"
        if target not in found:
            real = None if leaves_repository(target) else real_target(root, target)
            found[target] = (real, real is not None and os.path.exists(real))
        real, exists = found[target]
        if real is None:
            through = "" if leaves_repository(target) else " through a symbolic link"
            reporter.add(
                "TM517",
                path=doc.path,
                line=link.line,
                column=link.column,
                message=f"{what} leaves the repository{through}",
                hint="link to a file inside the repository, or use a full URL",
            )
        elif not exists:
            reporter.add(
                "TM516",
                path=doc.path,
                line=link.line,
                column=link.column,
                message=f"{what} points to {target}, which does not exist",
                hint="fix the path (relative to the model's folder, or from the repository's root"
                " with a leading '/', the form a strict mkdocs build accepts for code outside"
                " its docs folder) or remove the link",
            )
