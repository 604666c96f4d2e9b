"""Feature areas: parsing the ``areas`` configuration and matching paths to areas.

Patterns follow gitignore semantics (pathspec's ``gitignore`` mode). Across areas, as in
CODEOWNERS, the last area in the file whose patterns match a path owns it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hooks.core import patterns

_GLOB = re.compile(r"[*?\[\\!]")


class AreaError(ValueError):
    """An invalid area definition; ``area`` names it."""

    def __init__(self, area: str, message: str) -> None:
        self.area = area
        self.message = message
        super().__init__(f"area {area!r}: {message}")


@dataclass(frozen=True)
class Area:
    """A feature area: its gitignore-style patterns, model path and staleness budget."""

    name: str
    paths: tuple[str, ...]
    model: str
    staleness_days: int | None = None


def _repo_path(area: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise AreaError(area, "'model' must be a non-empty path")
    text = value.strip().replace("\\", "/")
    normal = os.path.normpath(text).replace(os.sep, "/")
    if text.startswith("/") or (len(text) > 1 and text[1] == ":"):
        raise AreaError(area, f"model path must be relative to the repository root: {text}")
    if normal in ("..", ".") or normal.startswith("../"):
        raise AreaError(area, f"model path points outside the repository: {text}")
    return normal


def parse_areas(raw: Any, models_dir: str) -> tuple[Area, ...]:
    """Validate the ``areas`` mapping (in file order) into :class:`Area` objects."""
    if not isinstance(raw, Mapping):
        raise AreaError("areas", "'areas' must be a mapping of area names")
    result: list[Area] = []
    for key, value in raw.items():
        name = str(key)
        spec = {"paths": value} if isinstance(value, list) else value
        if not isinstance(spec, Mapping):
            raise AreaError(
                name, "must be a mapping with 'paths' (and optional model, staleness_days)"
            )
        for extra in spec:
            if extra not in ("paths", "model", "staleness_days"):
                raise AreaError(
                    name, f"unknown key {extra!r} (allowed: paths, model, staleness_days)"
                )
        paths = spec.get("paths")
        if isinstance(paths, str):
            paths = [paths]
        if not isinstance(paths, list) or not paths:
            raise AreaError(name, "has no paths")
        patterns: list[str] = []
        for item in paths:
            if not isinstance(item, str) or not item.strip():
                raise AreaError(name, f"invalid pattern {item!r}: patterns are non-empty strings")
            patterns.append(item.strip())
        if all(p.startswith("!") for p in patterns):
            raise AreaError(name, "has no paths (only negated patterns)")
        _validate_patterns(name, patterns)
        folder = models_dir.rstrip("/")
        default = f"{folder}/{name}.md" if folder else f"{name}.md"
        model = _repo_path(name, spec["model"]) if "model" in spec else default
        budget = spec.get("staleness_days")
        if budget is not None and (
            isinstance(budget, bool) or not isinstance(budget, int) or budget <= 0
        ):
            raise AreaError(name, f"staleness_days must be a positive whole number, not {budget!r}")
        result.append(Area(name, tuple(patterns), model, budget))
    return tuple(result)


def _validate_patterns(name: str, written: Sequence[str]) -> None:
    for pattern in written:
        why = patterns.problem(pattern)
        if why is not None:
            raise AreaError(name, f"invalid pattern {pattern!r}: {why}")


def _literal_prefix(pattern: str) -> str | None:
    """The folder every match of an anchored pattern lies in, ``""`` for anywhere."""
    body = pattern.lstrip("/")
    anchored = pattern.startswith("/") or "/" in pattern.rstrip("/")
    if not anchored:
        return ""
    parts = body.split("/")
    if not pattern.endswith("/"):
        parts = parts[:-1]  # the last component may name a file or hold a glob
    literal: list[str] = []
    for part in parts:
        if not part or _GLOB.search(part):
            break
        literal.append(part)
    return "/".join(literal)


class AreaMatcher:
    """Assigns paths to areas; the last matching area wins."""

    def __init__(self, areas: Sequence[Area]) -> None:
        self.areas = tuple(areas)
        self._specs = [patterns.matcher(*area.paths) for area in self.areas]
        self._by_folder: dict[str, set[int]] = {}
        for index, area in enumerate(self.areas):
            for pattern in area.paths:
                if not pattern.startswith("!"):
                    prefix = _literal_prefix(pattern)
                    self._by_folder.setdefault(prefix or "", set()).add(index)
        self._cache: dict[str, list[int]] = {}

    def _candidates(self, folder: str) -> list[int]:
        found = self._cache.get(folder)
        if found is None:
            wanted: set[int] = set(self._by_folder.get("", ()))
            parts = folder.split("/") if folder else []
            for end in range(1, len(parts) + 1):
                wanted.update(self._by_folder.get("/".join(parts[:end]), ()))
            found = sorted(wanted, reverse=True)
            self._cache[folder] = found
        return found

    def match(self, path: str) -> Area | None:
        """The area that owns ``path`` (a repository-relative POSIX path), if any."""
        folder = path.rsplit("/", 1)[0] if "/" in path else ""
        for index in self._candidates(folder):
            if self._specs[index](path):
                return self.areas[index]
        return None

    def group(self, paths: Iterable[str]) -> dict[str, list[str]]:
        """Area name → sorted paths it owns (areas without paths are left out)."""
        groups: dict[str, list[str]] = {}
        for path in paths:
            area = self.match(path)
            if area is not None:
                groups.setdefault(area.name, []).append(path)
        for names in groups.values():
            names.sort()
        return groups
