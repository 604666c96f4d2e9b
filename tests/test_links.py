"""Where a relative link points: the file-system name of its target, inside or out of the
repository."""

from __future__ import annotations

import os

import pytest

from hooks.core.links import leaves_repository, link_target


@pytest.mark.parametrize(
    ("url", "relpath", "target"),
    [
        ("a.md", "docs/index.md", "docs/a.md"),
        ("./a.md#threats", "docs/index.md", "docs/a.md"),
        ("<a.md?plain=1>", "docs/index.md", "docs/a.md"),
        ("/a.md", "docs/index.md", "a.md"),
        ("../", "docs/index.md", ""),
        ("a%20b.md", "index.md", "a b.md"),
        ("%C3%A9t%C3%A9.md", "index.md", "été.md"),
        # bytes that are not UTF-8 name the file as the file system decodes its name
        ("%FF.md", "index.md", os.fsdecode(b"\xff.md")),
        ("caf%C3%A9-%E9.md", "index.md", os.fsdecode(b"caf\xc3\xa9-\xe9.md")),
        ("https://example.com/a.md", "index.md", None),
        ("#threats", "index.md", None),
        ("//example.com/a.md", "index.md", None),
        ("?query", "index.md", None),
    ],
)
def test_link_target(url: str, relpath: str, target: str | None) -> None:
    assert link_target(url, relpath) == target


@pytest.mark.parametrize(
    ("target", "leaves"), [("..", True), ("../a.md", True), ("..a.md", False), ("a/../b", False)]
)
def test_leaves_repository(target: str, leaves: bool) -> None:
    assert leaves_repository(target) is leaves
