"""The reader's position layer works inside mistune, whose internals differ from one 3.x
release to the next: links keep their lines and columns on every release the project
supports. ``.ci/test`` runs the reader's tests on the oldest one (the lower bound in
pyproject.toml) as well as on the newest."""

from __future__ import annotations

import os
import re
from pathlib import Path

import mistune
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hooks.core.markdown import parse_text

ROOT = Path(__file__).resolve().parent.parent


def links(text: str) -> list[tuple[str, int, int]]:
    return [(link.url, link.line, link.column) for link in parse_text(text, "m.md").links]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("**[a](a.md)** x", [("a.md", 1, 3)], id="in-strong"),
        pytest.param("x *see [b](b.md) now*", [("b.md", 1, 8)], id="in-emphasis"),
        pytest.param("_a\n[c](c.md) d_", [("c.md", 2, 1)], id="in-emphasis-second-line"),
        pytest.param(
            "[![i](i.png)](d.md) x", [("d.md", 1, 1), ("i.png", 1, 2)], id="image-in-link"
        ),
        pytest.param(
            "![alt [in](in.md)](img.png)", [("img.png", 1, 1), ("in.md", 1, 7)], id="link-in-alt"
        ),
        pytest.param("*a [b*](c.md)", [("c.md", 1, 4)], id="emphasis-across-a-link"),
        pytest.param("> **[q](q.md)**", [("q.md", 1, 5)], id="quoted-strong"),
        pytest.param("- x *[l](l.md)*", [("l.md", 1, 6)], id="listed-emphasis"),
        pytest.param("## H [a](a.md)\u00a0", [("a.md", 1, 6)], id="heading-no-break-space"),
    ],
)
def test_links_keep_their_places(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert sorted(links(text)) == sorted(expected)


_PIECES = st.sampled_from(
    ["a", " ", "*", "**", "_", "[x](x.md)", "![i](i.png)", "[", "]", "(", ")", "`", "\n", "> "]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_every_link_points_at_its_bracket(text: str) -> None:
    lines = text.replace("\r", "\n").split("\n")
    for _, line, column in links(text):
        assert lines[line - 1][column - 1 :].startswith(("[", "!["))


def _release(version: str) -> tuple[int, ...]:
    parts = [int(part) for part in re.findall(r"\d+", version)[:3]]
    return tuple(parts + [0] * (3 - len(parts)))


def test_the_mistune_release_asked_for() -> None:
    """``.ci/test`` names the release it installs for the second run of these tests: that
    is the one they run on."""
    wanted = os.environ.get("THREAT_MODEL_TEST_MISTUNE")
    if wanted is not None:
        assert _release(wanted) == _release(mistune.__version__)


def test_ci_tests_the_lower_bound() -> None:
    """The oldest release ``.ci/test`` installs is pyproject's lower bound, read from there."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'"mistune>=\d+\.\d+\.\d+,<4"', pyproject)  # a whole release
    script = (ROOT / ".ci/test").read_text(encoding="utf-8")
    assert r's/.*"mistune>=\([0-9][0-9.]*\),<4".*/\1/p' in script
    assert '"mistune==$oldest"' in script
    assert 'THREAT_MODEL_TEST_MISTUNE="$oldest"' in script
