"""The gate never changes what matches: an alternative runs on every line that holds its
anchor, and a pattern through the gate matches exactly where it matches alone."""

from __future__ import annotations

import random
import re

import pytest

from hooks.core.review.builtin import ROWS
from hooks.core.review.gate import Gate, alternatives, anchors
from hooks.core.review.settings import CATEGORIES
from tests.review_support import constructed_cases


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        pytest.param(r"\bjwt\.(?:sign|verify)\b", {"jwt."}, id="literal-run"),
        pytest.param(r"(?:reset|forgot)_?[pP]assword", {"password"}, id="case-class"),
        pytest.param(r"(?i:Access-Control-(?:Origin|x))", {"access-control-"}, id="flags"),
        pytest.param(r"(?:foo|barbaz)qux", {"qux"}, id="longest-shortest"),
        pytest.param(r"(?:alpha|beta)\d", {"alpha", "beta"}, id="any-of"),
        pytest.param(r"ab?c", {"a"}, id="optional-char"),
        pytest.param(r"(?:foo)?bar", {"bar"}, id="optional-group"),
        pytest.param(r"a+b", {"a"}, id="repeated-char"),
        pytest.param(r"x{0,2}yz", {"yz"}, id="counted-optional"),
        pytest.param(r"x{2}yz", {"yz"}, id="counted"),
        pytest.param(r"ab(?=cd)ef", {"abef"}, id="lookahead-is-zero-width"),
        pytest.param(r"(?P<n>abc)(?P=n)", {"abc"}, id="named-group"),
        pytest.param(r"\$\{\{\s*secrets", {"secrets"}, id="escapes"),
        pytest.param(r"\x41bc", {"bc"}, id="hex-escape"),
        pytest.param(r"(?i)token", {"token"}, id="global-flag"),
        pytest.param(r"[abc]+\d*", None, id="no-literal"),
        pytest.param(r"(?x) a b", None, id="verbose"),
        pytest.param(r"(?:a|\d)x", {"x"}, id="alternative-without-literal"),
        pytest.param(r"(?:a|\d)", None, id="branch-without-literal"),
    ],
)
def test_anchors(pattern: str, expected: set[str] | None) -> None:
    found = anchors(pattern)
    assert (None if found is None else set(found)) == expected


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        pytest.param(r"(?i:a|b)", ["(?i:a)", "(?i:b)"], id="flags-kept"),
        pytest.param(r"(?:(?:a|b))", ["a", "b"], id="nested"),
        pytest.param(r"x|(?:y|(?:z|w))", ["x", "y", "z", "w"], id="deep"),
        pytest.param(r"(a|b)c", ["(a|b)c"], id="group-in-a-sequence"),
        pytest.param(r"(?:a|b)?", ["(?:a|b)?"], id="optional-group"),
        pytest.param(r"[|]|\|", ["[|]", r"\|"], id="escaped-bars"),
        pytest.param(r"(?i:(?s:a|b))", ["(?i:(?s:a|b))"], id="two-flag-groups"),
    ],
)
def test_alternatives(pattern: str, expected: list[str]) -> None:
    assert alternatives(pattern) == expected


def _lines() -> list[str]:
    """Every line of the constructed cases, and variations of them."""
    lines: list[str] = []
    for case in constructed_cases().values():
        for tree in (case["base"], case["head"]):
            for text in tree.values():
                lines.extend((text or "").splitlines())
    shaken = random.Random(7)
    extra = []
    for line in lines[::7]:
        chars = list(line)
        shaken.shuffle(chars)
        extra += ["".join(chars), line.upper()]
    return sorted(set(lines + extra))


def test_the_gate_matches_exactly_as_the_patterns_do() -> None:
    lines = _lines()
    patterns = list(
        dict.fromkeys(
            pattern
            for row in ROWS
            for pattern in (row.pattern, row.requires, row.unless, row.needs)
            if pattern
        )
    )
    gate = Gate(patterns)
    for line in lines:
        expected = {i for i, pattern in enumerate(patterns) if re.search(pattern, line)}
        found = {
            gate.branches[index].owner
            for index in gate.candidates(line.lower())
            if gate.branches[index].regex.search(line)
        }
        assert found == expected, line


def test_overlapping_anchors_are_all_found() -> None:
    gate = Gate(["passw", "sword", "pass", "ab", "bcd"])
    assert {gate.branches[i].owner for i in gate.candidates("password")} == {0, 1, 2}
    assert {gate.branches[i].owner for i in gate.candidates("abcd")} == {3, 4}
    assert gate.search("a sword") is not None
    assert gate.search("nothing") is None
    assert Gate([r"\d+"]).candidates("abc") == (0,)


def test_categories_agree() -> None:
    assert {row.category for row in ROWS} == set(CATEGORIES)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        pytest.param(r"\u0041bcd", {"bcd"}, id="unicode-escape"),
        pytest.param(r"\U00000041bcd", {"bcd"}, id="long-unicode-escape"),
        pytest.param(r"\N{LATIN SMALL LETTER A}bcd", {"bcd"}, id="named-escape"),
        pytest.param(r"(a)x\1yz", {"yz"}, id="backreference"),
        pytest.param(r"ab*?cd", {"cd"}, id="lazy"),
        pytest.param(r"a{x}bc", {"a{x}bc"}, id="brace-literal"),
        pytest.param(r"(?(1)ab|cd)efg", {"efg"}, id="conditional"),
        pytest.param(r"ab(?#note)cd", {"abcd"}, id="comment"),
        pytest.param(r"(?:ab)*cde", {"cde"}, id="repeated-group"),
        pytest.param(r"^(?:ab|cd)$", {"ab", "cd"}, id="anchors"),
        pytest.param(r"x.yz", {"yz"}, id="dot"),
        pytest.param(r"[^\]]abc", {"abc"}, id="negated-class"),
        pytest.param(r"ab\N{x", None, id="unterminated-name"),
    ],
)
def test_more_anchors(pattern: str, expected: set[str] | None) -> None:
    found = anchors(pattern)
    assert (None if found is None else set(found)) == expected
