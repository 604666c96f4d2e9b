"""Threat IDs in text: where they are, their canonical keys, and ranges such as ``T1-T3``."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from hooks.core.markdown import strip_numbering

_PARTS = re.compile(r"[A-Z]+|\d+")
_RANGE = re.compile(r"\s*(?:\.\.\.?|[\u2013\u2014]|-|to)\s*", re.IGNORECASE)
_WORD = re.compile(r"[\w-]+")
_THREAT_WORD = re.compile(r"threat\s+", re.IGNORECASE)
# MITRE ATT&CK techniques (T1195) and sub-techniques (T1195.002) look like threat IDs
_TECHNIQUE = re.compile(r"T\d{4}(?:\.\d{3})?")
_SUB_TECHNIQUE = re.compile(r"\.\d{3}(?!\d)")
_ATTACK = re.compile(r"ATT&CK|ATTCK|\bMITRE\b", re.IGNORECASE)  # anywhere on the line
_ATTACK_LABEL = re.compile(r"ATT&CK|ATTCK|\bMITRE\b|\btechniques?\b", re.IGNORECASE)
MAX_RANGE = 1000  # a wider "range" is a typo, not a list of threats
MAX_PAIR = 128  # characters: a longer word is no pair of IDs


@functools.lru_cache(maxsize=65536)
def key(threat_id: str) -> str:
    """The canonical form of a threat ID: ``T-04``, ``T04``, ``t4`` and ``T_4`` are ``T-4``.

    Case, ``-`` / ``_`` / space separators and leading zeros of numbers do not matter."""
    parts = _PARTS.findall(threat_id.upper())
    return "-".join(str(int(part)) if part.isdigit() else part for part in parts) or threat_id


@dataclass(frozen=True)
class Found:
    """An ID found in text: as written, its key and its 0-based offset. ``named`` is false for
    the IDs a range covers between its ends (``T2`` in ``T1-T3``)."""

    text: str
    key: str
    offset: int
    named: bool = True


class ThreatIds:
    """Finds the IDs of a threat ID pattern in text, and the IDs that a model defines in a
    form the pattern does not read (``extra``: the ID column of a threats table defines its
    IDs whatever their shape)."""

    def __init__(self, pattern: re.Pattern[str], extra: Iterable[str] = ()) -> None:
        self.pattern = pattern
        self.extra = tuple(sorted(set(extra), key=lambda text: (-len(text), text)))
        self._literal = (
            re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, self.extra)) + r")(?![\w-])")
            if self.extra
            else None
        )

    def extended(self, extra: Iterable[str]) -> ThreatIds:
        """These IDs, and ``extra`` IDs read as written."""
        return ThreatIds(self.pattern, (*self.extra, *extra))

    def _matches(self, text: str) -> list[re.Match[str]]:
        matches = [match for match in self.pattern.finditer(text) if match.end() > match.start()]
        if self._literal is not None:
            taken = [(match.start(), match.end()) for match in matches]
            matches += [
                match
                for match in self._literal.finditer(text)
                if not any(start < match.end() and match.start() < end for start, end in taken)
            ]
            matches.sort(key=lambda match: match.start())
        return matches

    def find(self, text: str, context: str = "") -> list[Found]:
        """Every ID in ``text``, in order, with the IDs that ranges cover. ``context`` is the
        label or column header the text stands under."""
        found = [
            Found(match.group(0), key(match.group(0)), match.start())
            for match in self._matches(text)
        ]
        if "-" in text:
            found = self._hyphen_ranges(text, found)
        if any(_TECHNIQUE.fullmatch(item.text) for item in found):
            found = [item for item in found if not _technique(item, text, context)]
        result = found[:1]
        for previous, item in itertools.pairwise(found):
            if _RANGE.fullmatch(text, previous.offset + len(previous.text), item.offset):
                result.extend(_between(previous, item))
            result.append(item)
        return result

    def leading(self, text: str, context: str = "") -> str | None:
        """The ID that a heading, label or cell opens with, after its numbering and a
        ``Threat`` word: ``T1`` of ``4.1 T1 Token replay`` and of ``Threat T1: Token replay``."""
        text = text.strip().lstrip("[(").strip()
        numbered = strip_numbering(text)
        for candidate in (text, numbered, _THREAT_WORD.sub("", numbered, count=1)):
            for pattern in (self.pattern, self._literal):
                match = pattern.match(candidate) if pattern is not None else None
                if match is not None and match.end() > 0:
                    found = Found(match.group(0), key(match.group(0)), 0)
                    return None if _technique(found, candidate, context) else found.text
            word = _WORD.match(candidate)
            if word is not None and "-" in word.group(0) and self._compound(word.group(0)):
                return word.group(0)
        return None

    def _compound(self, word: str) -> bool:
        """Whether a word is one ID made of two with different stems (``TM-VP-003-T2``)."""
        return self._hyphen_ranges(word, [])[:1] == [Found(word, key(word), 0)]

    def _hyphen_ranges(self, text: str, found: list[Found]) -> list[Found]:
        """Add the two ends of ``T1-T3``, or the one ID that two IDs joined by a hyphen with
        different stems make (``TM-VP-003-T2``): an ID pattern that refuses IDs next to a
        hyphen finds none of them."""
        taken = {item.offset for item in found}
        extra: list[Found] = []
        for token in _WORD.finditer(text):
            word = token.group(0)
            if (
                "-" not in word
                or len(word) > MAX_PAIR
                or token.start() in taken
                or self.pattern.fullmatch(word)
                or word in self.extra
            ):
                continue
            for cut in (i for i, char in enumerate(word) if char == "-"):
                left, right = word[:cut], word[cut + 1 :]
                if (
                    left
                    and right
                    and self.pattern.fullmatch(left)
                    and self.pattern.fullmatch(right)
                ):
                    if _stem(key(left)) == _stem(key(right)):  # T1-T3: two ends of a range
                        extra.append(Found(left, key(left), token.start()))
                        extra.append(Found(right, key(right), token.start() + cut + 1))
                    else:  # TM-VP-003-T2: one ID made of two (T2 of TM-VP-003)
                        extra.append(Found(word, key(word), token.start()))
                    break
        return sorted([*found, *extra], key=lambda item: item.offset) if extra else found


def is_technique(text: str) -> bool:
    """Whether a text is shaped as a MITRE ATT&CK technique (``T1195``, ``T1195.002``)."""
    return _TECHNIQUE.fullmatch(text) is not None


def _technique(found: Found, text: str, context: str) -> bool:
    """Whether an ID is a MITRE ATT&CK technique: a sub-technique (``T1195.002``), or a
    ``T1234`` on a line naming ATT&CK or MITRE, or under a label or column naming them or a
    technique."""
    if not _TECHNIQUE.fullmatch(found.text):
        return False
    if "." in found.text or _SUB_TECHNIQUE.match(text, found.offset + len(found.text)):
        return True
    return bool(_ATTACK.search(text) or _ATTACK_LABEL.search(context))


def _stem(threat_key: str) -> str:
    """A key without its last number: ``T`` of ``T-3``, ``TM-VP`` of ``TM-VP-3``."""
    return threat_key.rpartition("-")[0]


def _between(first: Found, last: Found) -> list[Found]:
    """The IDs strictly between the ends of a range (same stem, the last number counting up)."""
    head, _, low = first.key.rpartition("-")
    stem, _, high = last.key.rpartition("-")
    if head != stem or not (low.isdigit() and high.isdigit()):
        return []
    start, end = int(low), int(high)
    if not start < end <= start + MAX_RANGE:
        return []
    digits = re.search(r"(\d+)\D*$", first.text)
    assert digits is not None  # the key ends in a number
    width = len(digits.group(1))
    return [
        Found(
            first.text[: digits.start(1)] + str(number).zfill(width) + first.text[digits.end(1) :],
            f"{head}-{number}" if head else str(number),
            first.offset,
            named=False,
        )
        for number in range(start + 1, end)
    ]
