"""TM516/TM517: relative links resolve to files inside the repository (URLs are not fetched)."""

from __future__ import annotations

from pathlib import Path

from hooks.core.findings import Reporter
from hooks.core.links import leaves_repository, link_target
from hooks.core.markdown import Document


def check_links(doc: Document, relpath: str, root: Path, reporter: Reporter) -> None:
    for link in doc.links:
        target = link_target(link.url, relpath)
        if target is None:
            continue
        if leaves_repository(target):
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
