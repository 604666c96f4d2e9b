"""Time matching 100,000 changed paths against 300 feature areas (median of several runs).

Run from the repository root: ``python -m bench.coverage_scale``.
"""

from __future__ import annotations

import statistics
import time

from hooks.core.areas import Area, AreaMatcher, parse_areas

AREAS = 300
PATHS = 100_000
RUNS = 5


def build_areas() -> tuple[Area, ...]:
    raw: dict[str, object] = {}
    for index in range(AREAS):
        service = f"svc{index:03}"
        raw[f"area-{index:03}"] = {
            "paths": [
                f"services/{service}/",
                f"libs/{service}/**/*.py",
                f"/api/{service}/**",
                f"!services/{service}/README.md",
            ]
        }
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


def main() -> int:
    areas = build_areas()
    paths = build_paths()
    timings: list[float] = []
    matched = 0
    for _ in range(RUNS):
        elapsed, matched = run_once(areas, paths)
        timings.append(elapsed)
    median = statistics.median(timings)
    print(f"{len(areas)} areas x {len(paths)} paths: {matched} matched")
    print(
        f"median {median:.3f} s over {RUNS} runs (min {min(timings):.3f}, max {max(timings):.3f})"
    )
    return 0 if median < 2.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
