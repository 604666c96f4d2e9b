"""Names as the checks compare them: the one normaliser of headings, labels, metadata keys,
table columns and configured names.

Every comparison of a name with a name goes through these functions, so that a heading, a
``**Label:**``, a column header and the name in ``.threat-model.yaml`` agree on what counts as
the same word.
"""

from __future__ import annotations

import functools
import re

_NON_WORD = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_QUALIFIER = re.compile(r"\s*\([^()]*\)$")


@functools.lru_cache(maxsize=65536)
def words(text: str) -> str:
    """Lower-case words separated by single spaces: ``&`` is ``and``, and anything but a letter
    or a digit separates words (``Threat-ID #`` is ``threat id``)."""
    return " ".join(_NON_WORD.sub(" ", text.lower().replace("&", " and ")).split())


def phrase(text: str) -> str:
    """The words of ``text`` between spaces: ``phrase(needle) in phrase(haystack)`` says whether
    ``needle`` occurs in ``haystack`` as whole words."""
    return f" {words(text)} "


def singular(word: str) -> str:
    """A lower-case word in the singular: ``boundaries`` is ``boundary``, ``threats`` is
    ``threat``; ``access`` stays."""
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def singulars(text: str) -> str:
    """The words of ``text`` with plurals folded (``Repository controls`` is ``repository
    control``)."""
    return " ".join(singular(word) for word in words(text).split())


def stem(word: str) -> str:
    """A word without its inflection: ``spoofed``, ``spoofing`` and ``spoofs`` read ``spoof``;
    ``abuse``, ``abused`` and ``abusing`` read ``abus``."""
    for suffix, size in (("ing", 6), ("ed", 5), ("es", 5), ("e", 4), ("s", 4)):
        if word.endswith(suffix) and len(word) >= size and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def stems(text: str) -> str:
    """The words of ``text``, stemmed, between spaces (for whole-word comparisons)."""
    return " " + " ".join(stem(word) for word in words(text).split()) + " "


@functools.lru_cache(maxsize=4096)
def key(text: str) -> str:
    """A key as written in metadata, front matter or a column header, as the words it names:
    markup around it, a trailing ``(qualifier)`` and ``camelCase``, ``snake_case`` and
    ``kebab-case`` separators aside (``lastUpdated``, ``last_updated`` and ``**Last updated
    (UTC)**`` are ``last updated``)."""
    text = _CAMEL.sub(" ", " ".join(text.split()).strip("*_`>").strip())
    return words(_QUALIFIER.sub("", text))
