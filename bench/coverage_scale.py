"""Time matching 100,000 changed paths against 300 feature areas (median of several runs).

Each scenario writes the 300 areas' patterns in one common style: anchored folders and globs,
the unanchored folder forms teams copy from .gitignore files (`**/svc001/**` with a negation,
`svc001/`, `svc001*/`), and a mix of them all.

Run from the repository root: ``python -m bench.coverage_scale [--runs N]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from hooks.core.areas import Area, AreaMatcher, parse_areas

AREAS = 300
PATHS = 100_000
BUDGET = 2.0  # seconds


def _anchored(service: str) -> list[str]:
    return [
        f"services/{service}/",
        f"libs/{service}/**/*.py",
        f"/api/{service}/**",
        f"!services/{service}/README.md",
    ]


def _globstar(service: str) -> list[str]:
    return [f"**/{service}/**", f"!**/{service}/**/*.md"]


def _folder(service: str) -> list[str]:
    return [f"{service}/"]


def _prefix(service: str) -> list[str]:
    return [f"{service}*/"]


def _mixed(service: str) -> list[str]:
    styles = (_anchored, _globstar, _folder, _prefix)
    return styles[int(service[3:]) % len(styles)](service)


SCENARIOS: dict[str, Callable[[str], list[str]]] = {
    "anchored folders and globs": _anchored,
    "**/svcNNN/** with a negation": _globstar,
    "svcNNN/": _folder,
    "svcNNN*/": _prefix,
    "a mix of the four": _mixed,
}


def build_areas(style: Callable[[str], list[str]]) -> tuple[Area, ...]:
    raw: dict[str, object] = {}
    for index in range(AREAS):
        raw[f"area-{index:03}"] = {"paths": style(f"svc{index:03}")}
    raw["docs"] = {"paths": ["*.md"]}
    raw["containers"] = {"paths": ["Dockerfile", "**/docker-compose*.yml"]}
    return parse_areas(raw, "docs/security/threat-models")


def build_paths() -> list[str]:
    roots = ("services", "libs", "api", "tools", "web")
    paths: list[str] = []
    for index in range(PATHS):
        service = f"svc{index % (AREAS + 50):03}"
        root = roots[index % len(roots)]
        ext = ("py", "md", "go", "yml")[index % 4]
        paths.append(f"{root}/{service}/pkg{index % 17}/mod{index}.{ext}")
    return paths


def run_once(areas: tuple[Area, ...], paths: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    matcher = AreaMatcher(areas)
    groups = matcher.group(paths)
    elapsed = time.perf_counter() - start
    return elapsed, sum(len(v) for v in groups.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="time area matching")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    paths = build_paths()
    worst = 0.0
    print(f"{AREAS + 2} areas x {len(paths)} paths, median of {args.runs} runs")
    for name, style in SCENARIOS.items():
        areas = build_areas(style)
        timings: list[float] = []
        matched = 0
        for _ in range(args.runs):
            elapsed, matched = run_once(areas, paths)
            timings.append(elapsed)
        median = statistics.median(timings)
        worst = max(worst, median)
        print(f"{name}: {median:.3f} s ({matched} paths matched)")
    return 0 if worst < BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
