"""The ``review`` key of ``.threat-model.yaml``: the team's own detectors, whether the built-in
ones still run, and paths the review leaves out.

``hooks.core.config`` calls :func:`parse_review` only when the key is present, so loading the
configuration does not import the review.

```yaml
review:
  builtin_detectors: true        # false: only the detectors below
  exclude: [generated/]          # never reported (gitignore patterns)
  detectors:
    - category: auth
      paths: ["policy/**/*.rego"]
      lines: ['^\\s*allow\\b']    # regular expressions; none: any changed line
      unless: ['^\\s*#']          # a line matching one of these is no evidence
      removed: true              # removed lines count too (a rule deleted)
      why: changes an access policy
```
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hooks.core.checker import Checker

KEY = "review"
CATEGORIES = (
    "trust-boundary",
    "data-flow",
    "external-integration",
    "auth",
    "data-storage",
    "infrastructure",
    "supply-chain",
)


@dataclass(frozen=True)
class DetectorSpec:
    """A team's detector as written in the configuration."""

    name: str
    category: str
    paths: tuple[str, ...]
    lines: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    why: str = ""
    removed: bool = False


@dataclass(frozen=True)
class ReviewSettings:
    builtin_detectors: bool = True
    detectors: tuple[DetectorSpec, ...] = ()
    exclude: tuple[str, ...] = ()


DEFAULTS = ReviewSettings()


def parse_review(data: Mapping[Any, Any], checker: Checker) -> ReviewSettings | None:
    """The review settings of a configuration mapping that has the key; ``None`` when it sets
    none, or only the defaults."""
    value = data[KEY]
    if value is None:
        return None
    if not isinstance(value, dict):
        raise checker.fail(f"'{KEY}' must be a mapping", KEY)
    checker.only(value, ("builtin_detectors", "detectors", "exclude"), KEY)
    builtins = value.get("builtin_detectors", True)
    if not isinstance(builtins, bool):
        raise checker.fail(
            f"'{KEY}.builtin_detectors' must be true or false", KEY, "builtin_detectors"
        )
    exclude = checker.patterns(value["exclude"], KEY, "exclude") if "exclude" in value else ()
    raw = value.get("detectors", [])
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise checker.fail(f"'{KEY}.detectors' must be a list of detectors", KEY, "detectors")
    specs = tuple(_detector(item, index, checker) for index, item in enumerate(raw))
    if not builtins and not specs:
        raise checker.fail(
            f"'{KEY}.builtin_detectors' is false and no detector is given: nothing would be "
            "reviewed",
            KEY,
            "builtin_detectors",
        )
    settings = ReviewSettings(builtins, specs, tuple(exclude))
    return None if settings == DEFAULTS else settings


def _detector(item: Any, index: int, checker: Checker) -> DetectorSpec:
    keys: tuple[str | int, ...] = (KEY, "detectors", index)
    if not isinstance(item, dict):
        raise checker.fail(f"each entry of '{KEY}.detectors' must be a mapping", *keys)
    checker.only(item, ("name", "category", "paths", "lines", "unless", "why", "removed"), *keys)
    for required in ("category", "paths"):
        if required not in item:
            raise checker.fail(f"a detector needs '{required}'", *keys)
    category = item["category"]
    if category not in CATEGORIES:
        raise checker.fail(
            f"unknown category {category!r} (allowed: {', '.join(CATEGORIES)})", *keys, "category"
        )
    paths = item["paths"]
    if isinstance(paths, str):
        paths = [paths]
    written = checker.patterns(paths, *keys, "paths")
    if not written or all(p.startswith("!") for p in written):
        raise checker.fail("a detector needs at least one path pattern", *keys, "paths")
    lines = _regexes(item.get("lines", []), checker, *keys, "lines")
    unless = _regexes(item.get("unless", []), checker, *keys, "unless")
    removed = item.get("removed", False)
    if not isinstance(removed, bool):
        raise checker.fail("'removed' must be true or false", *keys, "removed")
    name = checker.string(item["name"], *keys, "name") if "name" in item else f"team-{index + 1}"
    why = checker.string(item["why"], *keys, "why") if "why" in item else f"matches {name}"
    return DetectorSpec(name, category, written, lines, unless, why, removed)


def _regexes(value: Any, checker: Checker, *keys: str | int) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    written = checker.string_list(value, *keys)
    for index, text in enumerate(written):
        try:
            re.compile(text)
        except re.error as exc:
            raise checker.fail(
                f"invalid regular expression {text!r}: {exc}", *keys, index
            ) from None
    return tuple(written)
