"""One normaliser of names: headings, labels, keys, columns and configured names alike."""

from __future__ import annotations

import pytest

from hooks.core import names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Threat-ID #", "threat id", id="punctuation-separates"),
        pytest.param("Supply chain & delivery", "supply chain and delivery", id="ampersand"),
        pytest.param("  Data\tsensitivity ", "data sensitivity", id="white-space"),
    ],
)
def test_words(text: str, expected: str) -> None:
    assert names.words(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("lastUpdated", "last updated", id="camel-case"),
        pytest.param("last_updated", "last updated", id="snake-case"),
        pytest.param("**Last updated (UTC)**", "last updated", id="bold-and-qualifier"),
        pytest.param("Owner(s)", "owner", id="a-qualifier-glued-on"),
    ],
)
def test_key(text: str, expected: str) -> None:
    assert names.key(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Trust boundaries", "trust boundary", id="ies"),
        pytest.param("Threats", "threat", id="s"),
        pytest.param("Access", "access", id="ss-stays"),
        pytest.param("Gas", "gas", id="short-words-stay"),
    ],
)
def test_singulars(text: str, expected: str) -> None:
    assert names.singulars(text) == expected


def test_stems() -> None:
    assert names.stems("Spoofed, spoofing and spoofs") == " spoof spoof and spoof "
