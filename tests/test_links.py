"""Where a relative link points: the file-system name of its target, inside or out of the
repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hooks.core.links import leaves_repository, link_target


@pytest.mark.parametrize(
    ("url", "relpath", "target"),
    [
        pytest.param("a.md", "docs/index.md", "docs/a.md", id="relative"),
        pytest.param("./a.md#threats", "docs/index.md", "docs/a.md", id="dot-slash-and-anchor"),
        pytest.param("<a.md?plain=1>", "docs/index.md", "docs/a.md", id="angle-brackets-and-query"),
        pytest.param("/a.md", "docs/index.md", "a.md", id="rooted"),
        pytest.param("../", "docs/index.md", "", id="parent-folder"),
        pytest.param("a%20b.md", "index.md", "a b.md", id="percent-space"),
        pytest.param("%C3%A9t%C3%A9.md", "index.md", "été.md", id="percent-utf-8"),
        # bytes that are not UTF-8 name the file as the file system decodes its name
        pytest.param("%FF.md", "index.md", os.fsdecode(b"\xff.md"), id="percent-not-utf-8"),
        pytest.param(
            "caf%C3%A9-%E9.md", "index.md", os.fsdecode(b"caf\xc3\xa9-\xe9.md"), id="percent-mixed"
        ),
        pytest.param("https://example.com/a.md", "index.md", None, id="external-url"),
        pytest.param("#threats", "index.md", None, id="anchor-only"),
        pytest.param("//example.com/a.md", "index.md", None, id="protocol-relative-url"),
        pytest.param("?query", "index.md", None, id="query-only"),
    ],
)
def test_link_target(url: str, relpath: str, target: str | None) -> None:
    assert link_target(url, relpath) == target


@pytest.mark.parametrize(
    ("target", "leaves"),
    [
        pytest.param("..", True, id="parent"),
        pytest.param("../a.md", True, id="file-in-the-parent"),
        pytest.param("..a.md", False, id="dots-in-a-name"),
        pytest.param("a/../b", False, id="up-and-down-again"),
    ],
)
def test_leaves_repository(target: str, leaves: bool) -> None:
    assert leaves_repository(target) is leaves


def test_a_link_through_a_folder_linked_out_leaves_the_repository(tmp_path: Path) -> None:
    """The content check reports a link whose target resolves, through a symbolic link, out of
    the repository as leaving it, whether the file there exists or not: it reveals nothing."""
    from tests.content_support import findings

    root, outside = tmp_path / "repo", tmp_path / "outside"
    (root / "docs").mkdir(parents=True)
    outside.mkdir()
    (outside / "there.md").write_text("x\n", encoding="utf-8")
    (root / "docs" / "ext").symlink_to(outside)
    (root / "docs" / "up").symlink_to("..")  # inside: followed
    (root / "docs" / "loop").symlink_to("loop")
    (root / "docs" / "abs").symlink_to(outside / "there.md")
    (root / "docs" / "here.md").write_text("x\n", encoding="utf-8")
    links = [
        "ext/there.md",
        "ext/absent.md",
        "abs",
        "up/docs/here.md",
        "up/docs/ext/there.md",
        "loop",
        "here.md",
        "absent.md",
    ]
    text = "# Threat Model: X\n\n" + "".join(
        f"See [{n}]({link}).\n\n" for n, link in enumerate(links)
    )
    found = [
        (f.line, f.code, f.message)
        for f in findings(text, root=root, relpath="docs/model.md")
        if f.code in ("TM516", "TM517")
    ]
    out = "leaves the repository through a symbolic link"
    assert found == [
        (3, "TM517", f"link 'ext/there.md' {out}"),
        (5, "TM517", f"link 'ext/absent.md' {out}"),
        (7, "TM517", f"link 'abs' {out}"),
        (11, "TM517", f"link 'up/docs/ext/there.md' {out}"),
        (13, "TM516", "link 'loop' points to docs/loop, which does not exist"),
        (17, "TM516", "link 'absent.md' points to docs/absent.md, which does not exist"),
    ]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        pytest.param("a/b.md", "a/b.md", id="plain"),
        pytest.param("in/b.md", "a/b.md", id="relative-link"),
        pytest.param("deep/b.md", "a/b.md", id="link-with-dots"),
        pytest.param("rooted/b.md", "a/b.md", id="absolute-link-inside"),
        pytest.param("out/b.md", None, id="relative-link-out"),
        pytest.param("far/b.md", None, id="absolute-link-out"),
        pytest.param("missing/x/y.md", "missing/x/y.md", id="missing"),
    ],
)
def test_real_target(tmp_path: Path, target: str, expected: str | None) -> None:
    from hooks.core.links import real_target

    root = tmp_path / "repo"
    (root / "a").mkdir(parents=True)
    (root / "in").symlink_to("a")
    (root / "deep").symlink_to("a/../a")
    (root / "rooted").symlink_to(root.resolve() / "a")
    (root / "out").symlink_to("..")
    (root / "far").symlink_to(tmp_path)
    real = real_target(root, target)
    assert real == (None if expected is None else root.resolve() / expected)


@pytest.mark.parametrize("there", [True, False], ids=["file-there", "no-file-there"])
def test_a_model_linked_out_reads_the_same_whether_its_target_exists(
    tmp_path: Path, there: bool
) -> None:
    """The coverage check says a model linked out of the repository is not read, and never
    whether the file it points to exists."""
    from hooks.core.config import Config
    from hooks.core.models import Unread, read_models

    root, outside = tmp_path / "repo", tmp_path / "outside"
    (root / "docs").mkdir(parents=True)
    outside.mkdir()
    if there:
        (outside / "model.md").write_text("- **Owner:** @x\n", encoding="utf-8")
    (root / "docs" / "model.md").symlink_to(outside / "model.md")
    read = read_models(Config(root=root), ["docs/model.md"])["docs/model.md"]
    assert isinstance(read, Unread)
    assert read.message == "docs/model.md is a symbolic link out of the repository; it is not read"
    assert not read.absent
