"""Detectors: which changed lines of which files are evidence of a change, by category.

The detectors are compiled once. A file is read by the detectors of its kinds (and the team's
detectors whose paths match it); a changed line is first tested against one pattern that
joins all of them, and only a line that matches it is tested detector by detector.

Not evidence: blank lines and comments, a line that the change also removes elsewhere (moved
code), and the lines of a file whose change only reorders or reformats its words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from hooks.core.review.builtin import ROWS, Row
from hooks.core.review.diff import Diff, FileDiff, Line
from hooks.core.review.gate import Gate, gate_of
from hooks.core.review.kinds import NOT_A_CHANGE, kinds_of, vendored
from hooks.core.review.words import code_view

CATEGORIES = (
    "trust-boundary",
    "data-flow",
    "external-integration",
    "auth",
    "data-storage",
    "infrastructure",
    "supply-chain",
)

_HASH = frozenset(
    {
        "python",
        "ruby",
        "yaml",
        "terraform",
        "dockerfile",
        "compose",
        "k8s",
        "ci",
        "github-workflow",
        "shell",
        "toml",
        "requirements",
        "gemfile",
        "env",
        "conf",
        "properties",
        "pyproject",
        "setup-py",
        "cargo",
        "elixir",
        "graphql",
        "chart",
        "submodules",
        "deploy",
    }
)
_SLASH = frozenset(
    {"js", "go", "jvm", "php", "csharp", "rust", "terraform", "gradle", "proto", "prisma", "gomod"}
)
_SPACE = re.compile(r"\s+")
_WORDS = re.compile(r"\w+")
_HASH_TAIL = re.compile(r"\s+#(?:\s.*)?$")
_SLASH_TAIL = re.compile(r"\s+//(?:\s.*)?$")
_MARKUP = re.compile(r"^\s*<(?!%|<)[A-Za-z/!]")  # a line of HTML or JSX: UI, not code
_MARKUP_KINDS = frozenset({"js", "ruby"})
WINDOW = 8  # lines a statement may span


class Fast:
    """A pattern matched through a :class:`Gate` of its alternatives."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._gate: Gate | None = None  # built when first used

    def search(self, text: str) -> re.Match[str] | None:
        if self._gate is None:
            self._gate = gate_of((self.pattern,))
        return self._gate.search(text)


@dataclass(frozen=True)
class Detector:
    """One row of the detector table, compiled."""

    name: str
    category: str
    why: str
    kinds: frozenset[str] = frozenset()  # the file kinds it reads (built-in detectors)
    paths: Callable[[str], bool] | None = None  # the paths it reads (the team's detectors)
    path: re.Pattern[str] | None = None
    pattern: Fast | None = None  # None: any changed line of such a file
    requires: Fast | None = None
    code_view: bool = False
    unless: Fast | None = None
    needs: Fast | None = None
    added: bool = True
    removed: bool = False
    replaces: bool = False  # only where it replaces a removed line it also matches
    head: bool = False  # ``requires`` reads the name the pattern matched

    def reads(self, path: str, kinds: frozenset[str]) -> bool:
        if self.paths is not None:
            return self.paths(path)
        if not self.kinds & kinds:
            return False
        return self.path is None or self.path.search(path) is not None

    @property
    def by_path(self) -> bool:
        return self.paths is not None or self.path is not None


def _fast(pattern: str | None) -> Fast | None:
    return Fast(pattern) if pattern else None


def compile_row(row: Row) -> Detector:
    return Detector(
        name=row.name,
        category=row.category,
        why=row.why,
        kinds=frozenset(row.kinds),
        path=re.compile(row.path) if row.path else None,
        pattern=_fast(row.pattern),
        requires=_fast(row.requires),
        code_view=row.code_view,
        unless=_fast(row.unless),
        needs=_fast(row.needs),
        added=row.side in ("added", "both"),
        removed=row.side in ("removed", "both"),
        replaces=row.replaces,
        head=row.head,
    )


def builtin_detectors() -> list[Detector]:
    return [compile_row(row) for row in ROWS]


@dataclass(frozen=True)
class Hit:
    """A line that is evidence of a change."""

    category: str
    path: str
    line: int
    column: int
    evidence: str
    why: str
    detector: str
    removed: bool = False


@dataclass
class _Plan:
    """The detectors that read one kind of file, and a gate over the patterns of each side."""

    added: list[Detector] = field(default_factory=list)
    removed: list[Detector] = field(default_factory=list)
    any_added: list[Detector] = field(default_factory=list)  # no pattern: any changed line
    any_removed: list[Detector] = field(default_factory=list)
    gate_added: Gate | None = None
    gate_removed: Gate | None = None


def _gate(detectors: Sequence[Detector]) -> Gate | None:
    patterns = tuple(d.pattern.pattern for d in detectors if d.pattern is not None)
    return gate_of(patterns) if patterns else None


def key(text: str) -> str:
    """A line as moved code is recognised: without spaces, with one kind of quote, without a
    trailing comma or semicolon."""
    return "".join(text.split()).replace("'", '"').replace("`", '"').rstrip(",;")


class Scanner:
    """The detectors of one run, with their plans cached by file kind."""

    def __init__(self, detectors: Iterable[Detector], models_dir: str = "") -> None:
        self.detectors = tuple(detectors)
        self.models_dir = models_dir
        self._plans: dict[tuple[frozenset[str], tuple[int, ...]], _Plan] = {}
        self._by_path = [i for i, d in enumerate(self.detectors) if d.by_path]

    def plan(self, path: str, kinds: frozenset[str]) -> _Plan:
        chosen = tuple(i for i in self._by_path if self.detectors[i].reads(path, kinds))
        cached = self._plans.get((kinds, chosen))
        if cached is not None:
            return cached
        plan = _Plan()
        for index, detector in enumerate(self.detectors):
            if detector.by_path and index not in chosen:
                continue
            if not detector.by_path and not detector.reads(path, kinds):
                continue
            if detector.added:
                (plan.added if detector.pattern else plan.any_added).append(detector)
            if detector.removed:
                (plan.removed if detector.pattern else plan.any_removed).append(detector)
        plan.gate_added = _gate(plan.added)
        plan.gate_removed = _gate(plan.removed)
        self._plans[(kinds, chosen)] = plan
        return plan

    def scan(self, diff: Diff) -> list[Hit]:
        """Every hit of the change, in file order, then line order."""
        moves = _Moves(diff)
        hits: list[Hit] = []
        for item in diff.files:
            hits.extend(self.scan_file(item, moves))
        return hits

    def scan_file(self, item: FileDiff, moves: _Moves | None = None) -> list[Hit]:
        if item.status == "D" or item.symlink:
            return []
        kinds = kinds_of(item.path, self.models_dir)
        if item.submodule and (NOT_A_CHANGE not in kinds or vendored(item.path)):
            return [
                Hit(
                    "supply-chain",
                    item.path,
                    1,
                    1,
                    "Subproject commit",
                    "points a submodule at another commit",
                    "submodule",
                )
            ]
        if NOT_A_CHANGE in kinds or item.submodule:
            return []
        plan = self.plan(item.path, kinds)
        if not (plan.added or plan.removed or plan.any_added or plan.any_removed):
            return []
        if item.binary or item.truncated:
            detectors = plan.any_added or plan.any_removed
            if not detectors:
                return []
            what = "binary file" if item.binary else "not read: the diff is too large"
            return [Hit(d.category, item.path, 1, 1, f"({what})", d.why, d.name) for d in detectors]
        strip = _stripper(kinds)
        added = [(line, text) for line in item.added if (text := strip(line.text))]
        removed = [(line, text) for line in item.removed if (text := strip(line.text))]
        if added and removed and _same_words(added, removed):
            return []  # reordered or reformatted
        check = _Check(item.path, plan, added, removed, moves or _Moves(Diff([item])))
        check.markup = bool(kinds & _MARKUP_KINDS)
        return check.hits()


class _Moves:
    """Lines the change moves: an added line that it also removes (anywhere, without regard
    to spaces, quotes or a trailing comma) is no evidence, nor is such a removed line."""

    def __init__(self, diff: Diff) -> None:
        self.diff = diff
        self.removed = {key(line.text) for f in diff.files for line in f.removed}
        self._added: set[str] | None = None

    def added_line(self, text: str) -> bool:
        return bool(self.removed) and key(text) in self.removed

    def removed_line(self, text: str) -> bool:
        if self._added is None:
            self._added = {key(line.text) for f in self.diff.files for line in f.added}
        return key(text) in self._added


class _Check:
    """The detectors of one file over its changed lines."""

    def __init__(
        self,
        path: str,
        plan: _Plan,
        added: list[tuple[Line, str]],
        removed: list[tuple[Line, str]],
        moves: _Moves,
    ) -> None:
        self.path = path
        self.plan = plan
        self.added = added
        self.removed = removed
        self.before = removed  # every removed line, moved ones too
        self.moves = moves
        self.markup = False  # whether lines of markup (JSX, templates) are UI copy here
        self._needs: dict[str, bool] = {}
        self._replaced: dict[str, list[set[str]]] = {}
        self._statements: dict[tuple[bool, int], str] = {}

    def moved(self, line: Line, side: bool) -> bool:
        return self.moves.removed_line(line.text) if side else self.moves.added_line(line.text)

    def hits(self) -> list[Hit]:
        plan = self.plan
        hits: list[Hit] = []
        for lines, detectors, anything, gate, side in (
            (self.added, plan.added, plan.any_added, plan.gate_added, False),
            (self.removed, plan.removed, plan.any_removed, plan.gate_removed, True),
        ):
            if not lines:
                continue
            for detector in anything:
                for index, (line, text) in enumerate(lines):
                    if self.allowed(detector, lines, index, text, None) and not self.moved(
                        line, side
                    ):
                        hits.append(_hit(detector, self.path, line, text, None, side))
                        break
            if gate is None:
                continue
            branches = gate.branches
            for index, (line, text) in enumerate(lines):
                candidates = gate.candidates(text.lower())
                if not candidates or (self.markup and _MARKUP.match(text)):
                    continue
                if self.moved(line, side):
                    continue
                done: set[int] = set()
                for branch_index in candidates:
                    branch = branches[branch_index]
                    if branch.owner in done:
                        continue
                    detector = detectors[branch.owner]
                    view = code_view(text) if detector.code_view else text
                    match = branch.regex.search(view)
                    if match is None:
                        continue
                    done.add(branch.owner)
                    if not self.allowed(detector, lines, index, text, match):
                        continue
                    if not side and not self.new(detector, index, match):
                        continue
                    hits.append(_hit(detector, self.path, line, text, match, side))
        return hits

    def statement(self, lines: list[tuple[Line, str]], index: int) -> str:
        """A line and, while its brackets are open, the lines that continue it."""
        key = (lines is self.added, index)
        cached = self._statements.get(key)
        if cached is not None:
            return cached
        _, text = lines[index]
        parts = [text]
        depth = _depth(text)
        following = index + 1
        while depth > 0 and following < len(lines) and following - index < WINDOW:
            previous, (current, more) = lines[following - 1][0], lines[following]
            if current.number != previous.number + 1 and lines is self.added:
                break
            parts.append(more)
            depth += _depth(more)
            following += 1
        statement = self._statements[key] = " ".join(parts)
        return statement

    def allowed(
        self,
        detector: Detector,
        lines: list[tuple[Line, str]],
        index: int,
        text: str,
        match: re.Match[str] | None,
    ) -> bool:
        if detector.head and detector.requires is not None:
            definition = detector.requires.search(text)
            name = next((v for v in definition.groupdict().values() if v), "") if definition else ""
            if match is None or match.group(0) not in name:
                return False
            if detector.unless is not None and detector.unless.search(name):
                return False
        elif detector.unless is not None and detector.unless.search(text):
            return False
        elif detector.requires is not None:
            statement = self.statement(lines, index)
            view = code_view(statement) if detector.code_view else statement
            if detector.requires.search(view) is None:
                return False
        if detector.needs is not None:
            wanted = detector.needs.pattern
            if wanted not in self._needs:
                # over the added lines at once: a ``needs`` pattern is a file's condition
                joined = "\n".join(t for _, t in self.added)
                self._needs[wanted] = detector.needs.search(joined) is not None
            if not self._needs[wanted]:
                return False
        return True

    def new(self, detector: Detector, index: int, match: re.Match[str]) -> bool:
        """Whether an added line says something new: not the same words as a removed line
        the detector also matches (an annotation or call rewritten, a value reformatted),
        save the word the detector matched. A ``replaces`` detector counts only where it
        replaces such a line."""
        pattern = detector.pattern
        assert pattern is not None
        name = detector.name
        if name not in self._replaced:
            self._replaced[name] = [
                set(_WORDS.findall(self.statement(self.before, position)))
                for position, (_, old) in enumerate(self.before)
                if pattern.search(code_view(old) if detector.code_view else old)
            ]
        replaced = self._replaced[name]
        if not replaced:
            return not detector.replaces
        keyword = _WORDS.findall(match.group(0))[:1]
        words = set(_WORDS.findall(self.statement(self.added, index))) - set(keyword)
        if not words:
            return True  # the line is its keyword alone: another keyword is another thing
        return not any(words <= old for old in replaced)


def _depth(text: str) -> int:
    """How many brackets a line leaves open."""
    opened = text.count("(") + text.count("[") + text.count("{")
    return opened - text.count(")") - text.count("]") - text.count("}")


def _hit(
    detector: Detector, path: str, line: Line, text: str, match: re.Match[str] | None, removed: bool
) -> Hit:
    if match is not None:
        matched = match.group(0)
        found = text.find(matched) if match.string is not text else match.start()
        found += len(matched) - len(matched.lstrip())
        column = found + 1 if found >= 0 else len(text) - len(text.lstrip()) + 1
    else:
        column = len(line.text) - len(line.text.lstrip()) + 1
    evidence = line.text.strip()
    return Hit(
        detector.category,
        path,
        line.number,
        column,
        f"-{evidence}" if removed else evidence,
        detector.why,
        detector.name,
        removed,
    )


def _stripper(kinds: frozenset[str]) -> Callable[[str], str]:
    """The code of a line of such a file: without a trailing comment; empty for a blank line
    or a comment."""
    hashes = bool(kinds & _HASH) or not kinds
    slashes = bool(kinds & _SLASH) or not kinds
    prefixes: list[str] = []
    if hashes:
        prefixes.append("#")
    if slashes:
        prefixes += ["//", "/*", "*"]
    if "sql" in kinds:
        prefixes.append("--")
    if kinds & {"xml", "maven", "js"}:
        prefixes.append("<!--")
    if kinds & {"conf"}:
        prefixes.append(";")
    starts = tuple(prefixes)

    def strip(text: str) -> str:
        stripped = text.strip()
        if not stripped or (stripped.startswith(starts) and not stripped.startswith("#!")):
            return ""
        if hashes and " #" in text:
            text = _HASH_TAIL.sub("", text)
        if slashes and " //" in text:
            text = _SLASH_TAIL.sub("", text)
        return text

    return strip


def _same_words(added: Sequence[tuple[Line, str]], removed: Sequence[tuple[Line, str]]) -> bool:
    """Whether the added lines hold exactly the words of the removed ones: a change of
    formatting, quoting or order only."""
    words_added = Counter(_WORDS.findall("\n".join(text for _, text in added)))
    words_removed = Counter(_WORDS.findall("\n".join(text for _, text in removed)))
    return words_added == words_removed
