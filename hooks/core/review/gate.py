"""Fast matching of many patterns: each pattern is split into its top-level alternatives, and
each alternative is tested only on lines that hold a literal text every match of it contains
(its *anchor*, found by reading the pattern). One regular expression shaped as a trie of all
anchors finds them in a line, so a line is read once whatever the number of patterns, and an
alternative runs only where it might match.

The gate never changes what matches: an alternative without an anchor runs on every line, and
anchors are compared in lower case, whatever the pattern's flags.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

_ZERO_WIDTH_ESCAPES = frozenset("bBAZ")
_CLASS_ESCAPES = frozenset("dDwWsS")
_QUANTIFIER = re.compile(r"\{(\d*)(?:,(\d*))?\}")
_FLAGS_GROUP = re.compile(r"\(\?[aiLmsux]*(?:-[imsx]+)?:")


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern, each a pattern of its own, groups that are
    whole alternatives opened in turn (keeping their flags: ``(?i:a|b)`` gives ``(?i:a)``
    and ``(?i:b)``; ``x|(?:y|z)`` gives ``x``, ``y`` and ``z``)."""
    result: list[str] = []
    for part in _split(pattern):
        inner = _whole_group(part)
        if inner is None:
            result.append(part)
            continue
        opening, body = inner
        if opening in ("(?:", "("):
            result.extend(alternatives(body))
        elif "(?" in body[:3] and _whole_group(body) is not None:
            result.append(part)  # flags around a group with flags: left as written
        else:
            result.extend(f"{opening}{alt})" for alt in alternatives(body))
    return result


def _whole_group(pattern: str) -> tuple[str, str] | None:
    """``(opening, body)`` when the pattern is one group, ``(?:...)``, ``(...)`` or a group
    with scoped flags; else ``None``."""
    if not pattern.startswith("("):
        return None
    match = _FLAGS_GROUP.match(pattern)
    if pattern.startswith("(?:"):
        opening = "(?:"
    elif match is not None:
        opening = match.group(0)
    elif pattern.startswith("(?"):
        return None  # a lookaround, a named group or a comment
    else:
        opening = "("
    if _closing(pattern, 0) != len(pattern) - 1:
        return None
    return opening, pattern[len(opening) : -1]


def _closing(pattern: str, start: int) -> int:
    """The index of the parenthesis closing the group that opens at ``start``."""
    depth = 0
    index = start
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index = _class_end(pattern, index) + 1
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return -1


def _class_end(pattern: str, start: int) -> int:
    """The index of the ``]`` closing the character class that opens at ``start``."""
    index = start + 1
    if index < len(pattern) and pattern[index] == "^":
        index += 1
    if index < len(pattern) and pattern[index] == "]":
        index += 1
    while index < len(pattern) and pattern[index] != "]":
        index += 2 if pattern[index] == "\\" else 1
    return index


def _split(pattern: str) -> list[str]:
    """The pattern split at its top-level ``|``."""
    parts: list[str] = []
    depth = 0
    begin = 0
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index = _class_end(pattern, index) + 1
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[begin:index])
            begin = index + 1
        index += 1
    parts.append(pattern[begin:])
    return parts


class _Reader:
    """Reads a pattern's source for the literal texts every match contains."""

    def __init__(self, pattern: str) -> None:
        self.text = pattern
        self.index = 0

    def sequence(self) -> list[frozenset[str]] | None:
        """The any-of sets of texts each alternative of this level requires, as one list per
        alternative; ``None`` when some alternative requires nothing."""
        branches: list[list[frozenset[str]]] = [[]]
        run: list[str] = []
        last: str | None = None  # what the latest atom was: "char", "group" or None

        def close() -> None:
            if run:
                branches[-1].append(frozenset({"".join(run).lower()}))
                run.clear()

        while self.index < len(self.text):
            char = self.text[self.index]
            if char == ")":
                break
            if char == "|":
                close()
                branches.append([])
                self.index += 1
                last = None
                continue
            if char in "?*+{":
                optional, consumed = self._quantifier()
                if consumed:
                    if optional and last == "char" and run:
                        run.pop()
                    elif optional and last == "group" and branches[-1] and not run:
                        branches[-1].pop()
                    close()
                    last = None
                    continue
            self.index += 1
            if char == "\\":
                escaped = self.text[self.index : self.index + 1]
                self.index += 1
                if escaped.isalnum() or not escaped:
                    close()
                    last = None
                    if escaped in "xuUN0123456789":
                        self._skip_escape(escaped)
                    elif escaped in _ZERO_WIDTH_ESCAPES or escaped in _CLASS_ESCAPES:
                        pass
                    continue
                run.append(escaped)
                last = "char"
            elif char == "[":
                end = _class_end(self.text, self.index - 1)
                body = self.text[self.index : end]
                self.index = end + 1
                letters = set(body)
                if len(body) == 2 and len({c.lower() for c in letters}) == 1 and body.isalpha():
                    run.append(body[0].lower())
                    last = "char"
                else:
                    close()
                    last = None
            elif char == "(":
                last = self._group(branches, close, run)
            elif char in ".^$":
                close()
                last = None
            else:
                run.append(char)
                last = "char"
        close()
        result: list[frozenset[str]] = []
        for branch in branches:
            best = _best(branch)
            if best is None:
                return None
            result.append(best)
        return result

    def _group(
        self, branches: list[list[frozenset[str]]], close: object, run: list[str]
    ) -> str | None:
        rest = self.text[self.index :]
        if rest.startswith(("?=", "?!", "?<=", "?<!", "?#")) or re.match(r"\?[aiLmsux]+\)", rest):
            self.index = _closing(self.text, self.index - 1) + 1
            return "zero"  # zero-width: the run goes on
        assert callable(close)
        close()
        if rest.startswith("?P<"):
            self.index += rest.index(">") + 1
        elif rest.startswith(("?(", "?P=")):
            self.index = _closing(self.text, self.index - 1) + 1
            return None
        elif rest.startswith("?"):
            flags = _FLAGS_GROUP.match("(" + rest)
            self.index += len(flags.group(0)) - 1 if flags else 2
        inner = self.sequence()
        self.index += 1  # the closing parenthesis
        if inner is None:
            return None
        members = frozenset(text for texts in inner for text in texts)
        branches[-1].append(members)
        return "group"

    def _quantifier(self) -> tuple[bool, bool]:
        """Read a quantifier: whether it allows zero repetitions, and whether there was one."""
        char = self.text[self.index]
        if char == "{":
            match = _QUANTIFIER.match(self.text, self.index)
            if match is None:
                return False, False
            self.index = match.end()
            low = match.group(1)
            optional = not low or int(low) == 0
        else:
            self.index += 1
            optional = char in "?*"
        if self.index < len(self.text) and self.text[self.index] in "?+":
            self.index += 1  # lazy or possessive
        return optional, True

    def _skip_escape(self, escaped: str) -> None:
        if escaped == "x":
            self.index += 2
        elif escaped == "u":
            self.index += 4
        elif escaped == "U":
            self.index += 8
        elif escaped == "N":
            self.index = self.text.index("}", self.index) + 1
        else:
            while self.index < len(self.text) and self.text[self.index].isdigit():
                self.index += 1


def _best(candidates: Sequence[frozenset[str]]) -> frozenset[str] | None:
    """The most selective requirement: the one whose shortest text is longest."""
    usable = [c for c in candidates if c and all(c)]
    if not usable:
        return None
    return max(usable, key=lambda texts: (min(len(t) for t in texts), -len(texts)))


def anchors(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Lower-case texts of which every match of ``pattern`` contains one, or ``None`` when
    the pattern requires no literal text (or is verbose, whose spaces mean nothing)."""
    if flags & re.VERBOSE or re.search(r"\(\?[aiLmsu]*x", pattern):
        return None
    try:
        required = _Reader(pattern).sequence()
    except (ValueError, IndexError, AttributeError):
        return None
    if required is None:
        return None
    return frozenset(text for texts in required for text in texts)


_Node = dict[str, "_Node"]


def _trie(words: Iterable[str]) -> str:
    """An alternation of words shaped as a trie, the longest word first at each branch."""
    tree: _Node = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: _Node) -> str:
        options = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if "" in node:
            options.append("")
        if len(options) == 1:
            return options[0]
        return "(?:" + "|".join(options) + ")"

    return emit(tree)


class Branch:
    """One alternative of one pattern: the pattern's index in the gate, its source, compiled
    when first needed, and the texts one of which it needs (``None``: none)."""

    __slots__ = ("_regex", "anchors", "owner", "source")

    def __init__(self, owner: int, source: str, found: frozenset[str] | None) -> None:
        self.owner = owner
        self.source = source
        self.anchors = found
        self._regex: re.Pattern[str] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = _compiled(self.source)
        return self._regex


@functools.lru_cache(maxsize=4096)
def _compiled(source: str) -> re.Pattern[str]:
    return re.compile(source)


@functools.lru_cache(maxsize=1024)
def branches_of(pattern: str) -> tuple[tuple[str, frozenset[str] | None], ...]:
    """A pattern's alternatives with their anchors (computed once per pattern)."""
    return tuple((part, anchors(part)) for part in alternatives(pattern))


class Gate:
    """The alternatives of several patterns, and which of them a line may match."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.branches: list[Branch] = []
        self.always: list[int] = []  # alternatives without an anchor
        by_anchor: dict[str, set[int]] = {}
        for owner, pattern in enumerate(patterns):
            for part, found in branches_of(pattern):
                index = len(self.branches)
                self.branches.append(Branch(owner, part, found))
                if found is None:
                    self.always.append(index)
                else:
                    for text in found:
                        by_anchor.setdefault(text, set()).add(index)
        # a text found at a place hides the shorter texts that start there: each stands for them
        self._of: dict[str, tuple[int, ...]] = {}
        for text in by_anchor:
            here: set[int] = set()
            for size in range(1, len(text) + 1):
                here.update(by_anchor.get(text[:size], ()))
            self._of[text] = tuple(sorted(here))
        self._finder = _finder(tuple(sorted(by_anchor))) if by_anchor else None
        self._always = tuple(self.always)
        self._cache: dict[frozenset[str], tuple[int, ...]] = {}

    def texts(self, lower: str) -> frozenset[str]:
        """The anchors a text (in lower case) holds: the longest one at each place where one
        starts (the shorter ones starting there go with it)."""
        if self._finder is None:
            return frozenset()
        return frozenset(self._finder.findall(lower))

    def candidates(self, lower: str) -> tuple[int, ...]:
        """The alternatives a line (in lower case) may match, in order."""
        texts = self.texts(lower)
        cached = self._cache.get(texts)
        if cached is None:
            found: set[int] = set(self.always)
            for text in texts:
                found.update(self._of[text])
            cached = self._cache[texts] = tuple(sorted(found))
        return cached

    def search(self, text: str) -> re.Match[str] | None:
        """The first match of any pattern's alternative in ``text``."""
        for index in self.candidates(text.lower()):
            match = self.branches[index].regex.search(text)
            if match is not None:
                return match
        return None


@functools.lru_cache(maxsize=64)
def _finder(texts: tuple[str, ...]) -> re.Pattern[str]:
    """Finds, at every place of a text, the longest of ``texts`` that starts there."""
    return re.compile(f"(?=({_trie(texts)}))")


@functools.lru_cache(maxsize=256)
def gate_of(patterns: tuple[str, ...]) -> Gate:
    """The gate of these patterns, built once per run."""
    return Gate(patterns)
