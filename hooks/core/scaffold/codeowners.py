"""Who owns a feature's paths, by the repository's CODEOWNERS file (GitHub or GitLab syntax).

The file is read as text, never executed: ``pattern owner...`` lines, ``#`` comments, and
GitLab's ``[Section] @default-owner`` headers, whose owners go to the section's rules that
name none. As in CODEOWNERS, the last rule that matches a path gives its owners.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from hooks.core import patterns

# where GitHub, then GitLab, look for the file
LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS")
MAX_BYTES = 3 * 1024 * 1024  # GitHub ignores a larger CODEOWNERS file
_SECTION = re.compile(r"^\^?\[[^\]]+\](?:\[\d+\])?(.*)$")


@dataclass(frozen=True)
class Rule:
    pattern: str
    owners: tuple[str, ...]
    matches: Callable[[str], bool]


def _owners(words: list[str]) -> tuple[str, ...]:
    owners: list[str] = []
    for word in words:
        if word.startswith("#"):
            break
        owners.append(word)
    return tuple(owners)


def parse(text: str) -> list[Rule]:
    """The rules of a CODEOWNERS file, in order; patterns that are not valid are left out."""
    rules: list[Rule] = []
    default: tuple[str, ...] = ()
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        section = _SECTION.match(line)
        if section is not None:
            default = _owners(section.group(1).split())
            continue
        pattern, *rest = re.split(r"(?<!\\)\s+", line)
        pattern = pattern.replace("\\ ", " ")
        if patterns.problem(pattern) is not None or pattern.startswith("!"):
            continue
        rules.append(Rule(pattern, _owners(rest) or default, patterns.matcher(pattern)))
    return rules


def read_rules(root: Path) -> tuple[str, list[Rule]] | None:
    """The first CODEOWNERS file of the repository that can be read (a regular file inside
    it, UTF-8) and its rules, or ``None``."""
    real_root = root.resolve()
    for relpath in LOCATIONS:
        path = root / relpath
        try:
            if path.is_symlink() or not path.is_file():
                continue
            if not path.resolve().is_relative_to(real_root):
                continue
            with path.open("rb") as stream:
                data = stream.read(MAX_BYTES + 1)
        except OSError:
            continue
        if len(data) > MAX_BYTES:
            continue
        try:
            return relpath, parse(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            continue
    return None


def owner_of(rules: Sequence[Rule], path: str) -> tuple[str, ...]:
    for rule in reversed(rules):
        if rule.matches(path):
            return rule.owners
    return ()


def _probe(pattern: str) -> str:
    """A path that an area pattern stands for, when no file matches it yet: its text up to
    the first glob component, without a leading ``/``."""
    parts: list[str] = []
    for part in pattern.lstrip("/").split("/"):
        if any(char in part for char in "*?[\\"):
            return "/".join(parts) + "/"
        parts.append(part)
    return "/".join(parts)


def owners_for(
    rules: Sequence[Rule], area_paths: Sequence[str], files: Sequence[str]
) -> str | None:
    """The owners of an area's paths: those of most of its files (the first such set in
    path order on a tie), or, with no file yet, those of the first pattern that has any."""
    wanted = patterns.matcher(*area_paths)
    counted = Counter(
        owners
        for owners in (owner_of(rules, path) for path in sorted(files) if wanted(path))
        if owners
    )
    if counted:
        return " ".join(counted.most_common(1)[0][0])
    for pattern in area_paths:
        if pattern.startswith("!"):
            continue
        owners = owner_of(rules, _probe(pattern))
        if owners:
            return " ".join(owners)
    return None
