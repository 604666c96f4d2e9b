"""Feature areas: parsing the ``areas`` configuration and matching paths to areas.

Patterns follow gitignore semantics (pathspec's ``gitignore`` mode). Across areas, as in
CODEOWNERS, the last area in the file whose patterns match a path owns it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from hooks.core import limits, paths, patterns


class AreaError(ValueError):
    """An invalid area definition; ``area`` names it."""

    def __init__(self, area: str, message: str) -> None:
        self.area = area
        self.message = message
        super().__init__(f"area {area!r}: {message}")


class Area(NamedTuple):
    """A feature area: its gitignore-style patterns, model path and staleness budget."""

    name: str
    paths: tuple[str, ...]
    model: str
    staleness_days: int | None = None
    line: int = 0  # of its definition in the configuration


def _repo_path(area: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise AreaError(area, "'model' must be a non-empty path")
    try:
        normal = paths.repository_path(value.strip())
    except ValueError as exc:
        raise AreaError(area, f"model path {exc}") from None
    if not normal:
        raise AreaError(area, f"model path points outside the repository: {value.strip()}")
    return normal


def parse_areas(
    raw: Any, models_dir: str, line_of: Callable[[str], int | None] | None = None
) -> tuple[Area, ...]:
    """Validate the ``areas`` mapping (in file order) into :class:`Area` objects;
    ``line_of(name)`` is the line that defines an area in the configuration file."""
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
        model = _repo_path(name, spec.get("model", default))
        budget: int | None = None
        if spec.get("staleness_days") is not None:
            try:
                budget = limits.positive_int(
                    spec["staleness_days"], "staleness_days", limits.MAX_STALENESS_DAYS, "100 years"
                )
            except ValueError as exc:
                raise AreaError(name, str(exc)) from None
        line = (line_of(name) if line_of else None) or 0
        result.append(Area(name, tuple(patterns), model, budget, line))
    return tuple(result)


def _validate_patterns(name: str, written: Sequence[str]) -> None:
    for pattern in written:
        why = patterns.problem(pattern)
        if why is not None:
            raise AreaError(name, f"invalid pattern {pattern!r}: {why}")


_META = "*?[\\"  # characters that start glob syntax within a path component
_KINDS = ("equals", "starts", "ends")  # the constraints a key puts on a path component


def _keys(pattern: str) -> list[tuple[str, str]]:
    """What a path matching the (positive) pattern must hold, as (kind, text) keys: one of
    its components equals, starts with or ends with the text. Each component of a gitignore
    pattern but ``**`` matches one component of the path (or of the folder that holds it)."""
    keys: list[tuple[str, str]] = []
    for part in pattern.split("/"):
        if not part or part == "**":
            continue
        glob = [index for index, char in enumerate(part) if char in _META]
        if not glob:
            keys.append(("equals", part))
            continue
        prefix = part[: glob[0]]
        suffix = part[max(index for index, char in enumerate(part) if char in _META + "]") + 1 :]
        if prefix:
            keys.append(("starts", prefix))
        if suffix:
            keys.append(("ends", suffix))
    return keys


class AreaMatcher:
    """Assigns paths to areas; the last matching area wins.

    Each area's patterns are compiled once, when a path is first tested against them (a
    change of 50 files tests a few of 300 areas). Areas are indexed by the rarest key of each of
    their patterns (a path component the pattern names, or its literal start or end): a path
    is tested only against the areas whose keys its components hold (and those of patterns
    with no key, such as ``*``), from the last area backwards, stopping at the first match.
    """

    def __init__(self, areas: Sequence[Area]) -> None:
        self.areas = tuple(areas)
        self._matches: list[Callable[[str], bool] | None] = [None] * len(self.areas)
        keyed: list[tuple[int, list[tuple[str, str]]]] = [
            (index, _keys(pattern))
            for index, area in enumerate(self.areas)
            for pattern in area.paths
            if not pattern.startswith("!")
        ]
        counts = Counter(key for _, keys in keyed for key in set(keys))
        self._index: dict[tuple[str, str], set[int]] = {}
        self._always: set[int] = set()
        for index, keys in keyed:
            if not keys:
                self._always.add(index)
                continue
            best = min(keys, key=lambda k: (counts[k], _KINDS.index(k[0]), -len(k[1])))
            self._index.setdefault(best, set()).add(index)
        self._starts = sorted({len(text) for kind, text in self._index if kind == "starts"})
        self._ends = sorted({len(text) for kind, text in self._index if kind == "ends"})
        self._folders: dict[str, tuple[int, ...]] = {}

    def _of(self, component: str) -> set[int]:
        """The areas whose key a path component holds."""
        index = self._index
        found = set(index.get(("equals", component), ()))
        for size in self._starts:
            found.update(index.get(("starts", component[:size]), ()))
        for size in self._ends:
            found.update(index.get(("ends", component[-size:]), ()))
        return found

    def _candidates(self, path: str) -> tuple[int, ...]:
        """The areas that may own ``path``, last first."""
        folder, _, name = path.rpartition("/")
        within = self._folders.get(folder)
        if within is None:
            wanted = set(self._always)
            for component in folder.split("/") if folder else ():
                wanted |= self._of(component)
            within = self._folders[folder] = tuple(sorted(wanted, reverse=True))
        extra = self._of(name)
        if not extra or extra.issubset(within):
            return within
        return tuple(sorted(extra.union(within), reverse=True))

    def match(self, path: str) -> Area | None:
        """The area that owns ``path`` (a repository-relative POSIX path), if any."""
        for index in self._candidates(path):
            matches = self._matches[index]
            if matches is None:
                matches = self._matches[index] = patterns.matcher(*self.areas[index].paths)
            if matches(path):
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
