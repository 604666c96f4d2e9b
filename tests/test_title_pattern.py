"""The title pattern (``title`` in .threat-model.yaml) matches H1s in linear time, as the
regular expression it replaced read normal titles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hooks.core.metadata import TitlePattern

from .conftest import init_repo

THREE = "Threat Model: <Feature name> - <Component> - v<Version>"
TEN = " - ".join(f"<F{n}>" for n in range(10)) + "."


def reference(title: str, text: str) -> list[str] | None:
    """The regular expression the title pattern used to be (it backtracks on long titles),
    its values stripped."""
    parts = re.split(r"(<[^<>]+>)", title)
    regex = ""
    for index, part in enumerate(parts):
        if part.startswith("<") and part.endswith(">"):
            regex += f"(?P<f{index}>.+?)"
        else:
            regex += r"\s*".join(re.escape(word) for word in part.split(" "))
    found = re.match(rf"^\s*{regex}\s*$", text, re.IGNORECASE)
    return None if found is None else [value.strip() for value in found.groups()]


@pytest.mark.parametrize(
    ("title", "text", "values"),
    [
        pytest.param("Threat Model: <Feature name>", "Threat Model: Auth", ["Auth"], id="default"),
        pytest.param(
            "Threat Model: <Feature name>", "threat model:   Auth  ", ["Auth"], id="case-spaces"
        ),
        pytest.param("Threat Model: <Feature name>", "ThreatModel:Auth", ["Auth"], id="no-spaces"),
        pytest.param("Threat Model: <Feature name>", "Threat Model:", None, id="empty-field"),
        pytest.param("Threat Model: <Feature name>", "Threat Modl: Auth", None, id="other-words"),
        pytest.param("Threat Model: <Feature name>", "Thr eat Model: Auth", None, id="split-word"),
        pytest.param(
            "Threat Model: <Feature name>",
            "Threat Model: Threat Model: A",
            ["Threat Model: A"],
            id="repeated-literal",
        ),
        pytest.param(THREE, "Threat Model: Login - API - v2", ["Login", "API", "2"], id="three"),
        pytest.param(
            THREE, "Threat Model: a - b - c - v1", ["a", "b - c", "1"], id="leftmost-inner"
        ),
        pytest.param(THREE, "Threat Model: a - b - c", None, id="no-version"),
        pytest.param(THREE, "Threat Model: a - v1", None, id="too-few-literals"),
        pytest.param("<A> <B>", "xy", ["x", "y"], id="space-between-fields"),
        pytest.param("x: <A>:<B>", "x: :y", None, id="blank-field"),
        pytest.param("<A><B>", "xyz", ["x", "yz"], id="fields-side-by-side"),
        pytest.param("Security review", "security  REVIEW", [], id="no-field"),
        pytest.param("Security review", "Security review 2", None, id="no-field-extra"),
        pytest.param("a<A>a", "aa", None, id="literals-overlap"),
        pytest.param(
            "Threat Model: <Feature name>", "Threat Model: İstanbul", ["İstanbul"], id="unicode"
        ),
        pytest.param("THREAT MODEL: <Feature name>", "threat model: x", ["x"], id="title-case"),
    ],
)
def test_title_pattern(title: str, text: str, values: list[str] | None) -> None:
    assert TitlePattern(title).match(text) == values
    if values is not None:  # the regular expression read it alike
        assert reference(title, text) == values


_WORDS = st.sampled_from(["a", "b", "ab", "-", ":", "v", "A", "B"])


@st.composite
def _titles(draw: st.DrawFn) -> str:
    parts: list[str] = []
    for index in range(draw(st.integers(1, 4))):
        if index:
            parts.append(f"<F{index}>")
        words = draw(st.lists(_WORDS, max_size=3))
        edge = draw(st.sampled_from(["", " "]))
        parts.append(edge + " ".join(words) + draw(st.sampled_from(["", " "])))
    return "".join(parts)


@settings(max_examples=200, deadline=None)
@given(title=_titles(), words=st.lists(_WORDS, max_size=10), glued=st.lists(st.booleans()))
def test_title_pattern_reads_normal_titles_as_the_regular_expression_did(
    title: str, words: list[str], glued: list[bool]
) -> None:
    """On titles as the reader gives them (words and single spaces), the pattern reads what
    the regular expression it replaced read, unless that left a placeholder blank."""
    text = ""
    for index, word in enumerate(words):
        space = "" if index == 0 or (index < len(glued) and glued[index]) else " "
        text += space + word
    found, expected = TitlePattern(title).match(text), reference(title, text)
    if expected is None or all(expected):
        assert found == expected
    else:  # a blank placeholder: no match, or another reading with every value filled
        assert found is None or all(found)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        pytest.param(THREE, "Threat Model: " + "a - " * 100_000, id="three-fields-dashes"),
        pytest.param(TEN, "x-" * 100_000, id="ten-fields"),
        pytest.param(THREE, "Threat Model: " + "a " * 100_000 + "- v", id="spaces"),
        pytest.param("a b c <A> b <B>", "a b " * 100_000, id="repeated-words"),
    ],
)
def test_title_pattern_is_linear(title: str, text: str) -> None:
    """Titles on which the regular expression backtracked for minutes (``a - `` repeated
    4,000 times took 21 s): each inner literal is looked for once, left to right."""
    assert TitlePattern(title).match(text) is None


def test_hostile_title_through_the_hook(tmp_path: Path) -> None:
    """The template hook on an H1 of 4,000 ``a - ``: a finding, at once."""
    from hooks import check_threat_model_template

    root = init_repo(tmp_path / "repo")
    (root / ".threat-model.yaml").write_text(f"title: '{THREE}'\n", encoding="utf-8")
    models = root / "docs/security/threat-models"
    models.mkdir(parents=True)
    (models / "case.md").write_text("# Threat Model: " + "a - " * 4000 + "\n", encoding="utf-8")
    import os

    cwd = os.getcwd()
    os.chdir(root)
    try:
        assert check_threat_model_template.main(["docs/security/threat-models/case.md"]) == 1
    finally:
        os.chdir(cwd)
