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
from hooks.core.review.kinds import NOT_A_CHANGE, kinds_of
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


@dataclass(frozen=True)
class Detector:
    """One row of the detector table, compiled."""

    name: str
    category: str
    why: str
    kinds: frozenset[str] = frozenset()  # the file kinds it reads (built-in detectors)
    paths: Callable[[str], bool] | None = None  # the paths it reads (the team's detectors)
    path: re.Pattern[str] | None = None
    pattern: re.Pattern[str] | None = None  # None: any changed line of such a file
    requires: re.Pattern[str] | None = None
    code_view: bool = False
    unless: re.Pattern[str] | None = None
    needs: re.Pattern[str] | None = None
    added: bool = True
    removed: bool = False

    def reads(self, path: str, kinds: frozenset[str]) -> bool:
        if self.paths is not None:
            return self.paths(path)
        if not self.kinds & kinds:
            return False
        return self.path is None or self.path.search(path) is not None


def compile_row(row: Row) -> Detector:
    return Detector(
        name=row.name,
        category=row.category,
        why=row.why,
        kinds=frozenset(row.kinds),
        path=re.compile(row.path) if row.path else None,
        pattern=re.compile(row.pattern) if row.pattern is not None else None,
        requires=re.compile(row.requires) if row.requires else None,
        code_view=row.code_view,
        unless=re.compile(row.unless) if row.unless else None,
        needs=re.compile(row.needs) if row.needs else None,
        added=row.side in ("added", "both"),
        removed=row.side in ("removed", "both"),
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
    """The detectors that read one kind of file, and the joined patterns of each side."""

    added: list[Detector] = field(default_factory=list)
    removed: list[Detector] = field(default_factory=list)
    any_added: list[Detector] = field(default_factory=list)  # no pattern: any changed line
    any_removed: list[Detector] = field(default_factory=list)
    joined_added: re.Pattern[str] | None = None
    joined_removed: re.Pattern[str] | None = None


def _join(detectors: Sequence[Detector]) -> re.Pattern[str] | None:
    patterns = [d.pattern.pattern for d in detectors if d.pattern is not None]
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in dict.fromkeys(patterns)))


def key(text: str) -> str:
    """A line as moved code is recognised: without spaces, with one kind of quote, without a
    trailing comma or semicolon."""
    return _SPACE.sub("", text).replace("'", '"').replace("`", '"').rstrip(",;")


class Scanner:
    """The detectors of one run, with their plans cached by file kind."""

    def __init__(self, detectors: Iterable[Detector], models_dir: str = "") -> None:
        self.detectors = tuple(detectors)
        self.models_dir = models_dir
        self._plans: dict[frozenset[str], _Plan] = {}
        self._by_path = any(d.paths is not None or d.path is not None for d in self.detectors)

    def plan(self, path: str, kinds: frozenset[str]) -> _Plan:
        cached = None if self._by_path else self._plans.get(kinds)
        if cached is not None:
            return cached
        plan = _Plan()
        for detector in self.detectors:
            if not detector.reads(path, kinds):
                continue
            if detector.added:
                (plan.added if detector.pattern else plan.any_added).append(detector)
            if detector.removed:
                (plan.removed if detector.pattern else plan.any_removed).append(detector)
        plan.joined_added = _join(plan.added)
        plan.joined_removed = _join(plan.removed)
        if not self._by_path:
            self._plans[kinds] = plan
        return plan

    def scan(self, diff: Diff) -> list[Hit]:
        """Every hit of the change, in file order, then line order."""
        removed_keys = {key(line.text) for f in diff.files for line in f.removed}
        added_keys = {key(line.text) for f in diff.files for line in f.added}
        hits: list[Hit] = []
        for item in diff.files:
            hits.extend(self.scan_file(item, removed_keys, added_keys))
        return hits

    def scan_file(self, item: FileDiff, removed_keys: set[str], added_keys: set[str]) -> list[Hit]:
        if item.status == "D" or item.symlink:
            return []
        kinds = kinds_of(item.path, self.models_dir)
        if NOT_A_CHANGE in kinds:
            return []
        if item.submodule:
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
        added = [(line, text) for line, text in added if key(line.text) not in removed_keys]
        removed = [(line, text) for line, text in removed if key(line.text) not in added_keys]
        hits: list[Hit] = []
        needs: dict[str, bool] = {}

        def allowed(detector: Detector, line: Line, text: str) -> bool:
            if detector.unless is not None and detector.unless.search(text):
                return False
            if detector.requires is not None:
                view = code_view(text) if detector.code_view else text
                if detector.requires.search(view) is None:
                    return False
            if detector.needs is not None:
                wanted = detector.needs.pattern
                if wanted not in needs:
                    needs[wanted] = any(detector.needs.search(t) for _, t in added)
                if not needs[wanted]:
                    return False
            return True

        for lines, detectors, anything, joined, side in (
            (added, plan.added, plan.any_added, plan.joined_added, False),
            (removed, plan.removed, plan.any_removed, plan.joined_removed, True),
        ):
            if not lines:
                continue
            for detector in anything:
                for line, text in lines:
                    if allowed(detector, line, text):
                        hits.append(_hit(detector, item.path, line, text, None, side))
                        break
            if joined is None:
                continue
            for line, text in lines:
                if joined.search(text) is None:
                    continue
                for detector in detectors:
                    assert detector.pattern is not None
                    match = detector.pattern.search(text)
                    if match is not None and allowed(detector, line, text):
                        hits.append(_hit(detector, item.path, line, text, match, side))
        return hits


def _hit(
    detector: Detector, path: str, line: Line, text: str, match: re.Match[str] | None, removed: bool
) -> Hit:
    if match is not None:
        column = match.start() + 1
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
        if not stripped or stripped.startswith(starts) and not stripped.startswith("#!"):
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
    words_added: Counter[str] = Counter()
    words_removed: Counter[str] = Counter()
    for _, text in added:
        words_added.update(_WORDS.findall(text))
    for _, text in removed:
        words_removed.update(_WORDS.findall(text))
    return words_added == words_removed
