"""Feature area parsing and matching."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hooks.core.areas import Area, AreaError, AreaMatcher, parse_areas
from hooks.core.config import ConfigError, parse_config

MODELS = "docs/security/threat-models"


def test_parse_defaults_and_order() -> None:
    areas = parse_areas(
        {
            "zeta": {"paths": ["src/z/"]},
            "auth": {"paths": "src/auth/", "model": "x/auth.md", "staleness_days": 30},
            "api": ["api/**"],
        },
        MODELS,
    )
    assert [a.name for a in areas] == ["zeta", "auth", "api"]
    assert areas[0].model == f"{MODELS}/zeta.md"
    assert areas[1] == Area("auth", ("src/auth/",), "x/auth.md", 30)
    assert parse_areas({"a": ["x"]}, "")[0].model == "a.md"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param({"a": {}}, "has no paths", id="no-paths-key"),
        pytest.param({"a": {"paths": []}}, "has no paths", id="empty-paths"),
        pytest.param({"a": {"paths": ["!x"]}}, "only negated", id="only-negated"),
        pytest.param({"a": {"paths": [""]}}, "invalid pattern", id="empty-pattern"),
        pytest.param({"a": {"paths": [3]}}, "invalid pattern", id="number-pattern"),
        pytest.param({"a": {"paths": ["x", "\\"]}}, "invalid pattern", id="trailing-backslash"),
        pytest.param(
            {"a": {"paths": ["#src/auth/"]}}, "a comment in gitignore syntax", id="comment-pattern"
        ),
        pytest.param(
            {"a": {"paths": ["x/", "# auth"]}}, "write '\\\\# auth'", id="comment-with-space"
        ),
        pytest.param(
            {"a": {"paths": ["../x/"]}},
            "invalid pattern '../x/': a '..' component matches nothing",
            id="dot-dot-component",
        ),
        pytest.param(
            {"a": ["src/", "./lib/"]},
            "invalid pattern './lib/': a '.' component matches nothing",
            id="dot-component",
        ),
        pytest.param(
            {"a": {"paths": ["x"], "model": ".git/a.md"}},
            "model path points into a git folder",
            id="model-in-git",
        ),
        pytest.param(
            {"a": {"paths": ["x"], "model": "./"}},
            "model path points outside the repository: ./",
            id="model-is-the-root",
        ),
        pytest.param(
            {"a": {"paths": ["x"], "model": "../out.md"}},
            "outside the repository",
            id="model-outside",
        ),
        pytest.param(
            {"a": {"paths": ["x"], "model": "/abs.md"}},
            "relative to the repository",
            id="model-absolute",
        ),
        pytest.param({"a": {"paths": ["x"], "model": ""}}, "non-empty path", id="model-empty"),
        pytest.param(
            {"a": {"paths": ["x"], "staleness_days": 0}}, "staleness_days", id="staleness-zero"
        ),
        pytest.param(
            {"a": {"paths": ["x"], "staleness_days": True}},
            "staleness_days",
            id="staleness-boolean",
        ),
        pytest.param({"a": {"paths": ["x"], "owner": "me"}}, "unknown key", id="unknown-key"),
        pytest.param({"a": "x"}, "must be a mapping", id="area-not-a-mapping"),
        pytest.param([], "must be a mapping", id="areas-not-a-mapping"),
    ],
)
def test_parse_errors(raw: Any, message: str) -> None:
    with pytest.raises(AreaError, match=message):
        parse_areas(raw, MODELS)


def test_config_errors_name_the_area() -> None:
    text = "areas:\n  auth:\n    paths: []\n"
    with pytest.raises(ConfigError) as info:
        parse_config(text, ".threat-model.yaml", Path("."))
    assert "'auth'" in str(info.value)
    assert info.value.line == 2
    with pytest.raises(ConfigError, match="mode must be"):
        parse_config("mode: strict\n", ".threat-model.yaml", Path("."))
    config = parse_config(
        "mode: enforce\nmodels_dir: tm\nareas:\n  a: {paths: [x/]}\n", "c", Path(".")
    )
    assert config.mode == "enforce"
    assert config.areas[0].model == "tm/a.md"


AREAS = {
    "auth": {"paths": ["src/auth/", "services/token/**", "!src/auth/README.md"]},
    "docs": {"paths": ["*.md"]},
    "billing": {"paths": ["/src/billing/**/*.py", "src/auth/billing_*.py"]},
    "build": {"paths": ["Dockerfile", "ci/"]},
}


@pytest.mark.parametrize(
    ("path", "area"),
    [
        ("src/auth/login.py", "auth"),
        ("src/auth/README.md", "docs"),
        ("src/auth/deep/x.md", "docs"),
        ("services/token/a/b.go", "auth"),
        ("src/auth/billing_x.py", "billing"),
        ("src/billing/a/b.py", "billing"),
        ("src/billing/a/b.txt", None),
        ("x/Dockerfile", "build"),
        ("deep/ci/run.sh", "build"),
        ("README.md", "docs"),
        ("other/file.py", None),
        ("-dash file\nname ü.py", None),
    ],
)
def test_last_matching_area_wins(path: str, area: str | None) -> None:
    matcher = AreaMatcher(parse_areas(AREAS, MODELS))
    found = matcher.match(path)
    assert (found.name if found else None) == area


def test_group_sorts_paths() -> None:
    matcher = AreaMatcher(parse_areas(AREAS, MODELS))
    groups = matcher.group(["src/auth/b.py", "src/auth/a.py", "nothing"])
    assert groups == {"auth": ["src/auth/a.py", "src/auth/b.py"]}


PATTERNS = [
    "src/",
    "/api/**",
    "lib/**/*.py",
    "*.md",
    "!docs/keep.md",
    "auth",
    "src/auth/",
    "**/api/x",
    "/lib/a b/",
    "docs/*.md",
    "ü/-x/",
    "**/svc1/**",
    "!**/svc1/**/*.md",
    "svc2/",
    "svc*/",
    "sv?1",
    "*c2*",
    "[as]uth/",
    "a[!u]th",
    "\\!x",
    "-x*",
    "*",
    "**",
    "!*.py",
    "lib/**",
    "*/api/",
    "doc[s]",
    "**/*.py",
]
WORDS = ["src", "auth", "api", "docs", "lib", "a b", "-x", "ü", "svc1", "svc2", "svc12", "!x"]


@pytest.mark.parametrize("seed", range(6))
def test_indexed_matching_agrees_with_naive_scan(seed: int) -> None:
    """The indexed matcher gives what a scan of every area through pathspec gives."""
    import random

    import pathspec

    rng = random.Random(seed)
    raw = {f"a{i}": {"paths": rng.sample(PATTERNS, rng.randint(1, 4))} for i in range(14)}
    raw = {
        name: spec
        for name, spec in raw.items()
        if not all(p.startswith("!") for p in spec["paths"])
    }
    areas = parse_areas(raw, MODELS)
    matcher = AreaMatcher(areas)
    specs = [pathspec.PathSpec.from_lines("gitignore", a.paths) for a in areas]
    for _ in range(1500):
        depth = rng.randint(1, 4)
        path = "/".join(rng.choice(WORDS) for _ in range(depth)) + rng.choice(["", ".md", ".py"])
        pairs = reversed(list(zip(areas, specs, strict=True)))
        naive = next((a.name for a, spec in pairs if spec.match_file(path)), None)
        found = matcher.match(path)
        assert (found.name if found else None) == naive, (path, raw)


@pytest.mark.parametrize(
    "style",
    [
        pytest.param(["services/{s}/", "/api/{s}/**"], id="folder-and-api-glob"),
        pytest.param(["**/{s}/**", "!**/{s}/**/*.md"], id="any-depth-with-negation"),
        pytest.param(["{s}/"], id="folder"),
        pytest.param(["{s}*/"], id="folder-prefix"),
        pytest.param(["**/{s}.py"], id="file-at-any-depth"),
        pytest.param(["*_{s}"], id="name-suffix"),
    ],
)
def test_a_path_is_tested_only_against_areas_that_can_own_it(style: list[str]) -> None:
    raw = {f"area-{i}": [p.format(s=f"svc{i:03}") for p in style] for i in range(300)}
    matcher = AreaMatcher(parse_areas(raw, MODELS))
    for path in ("web/svc123/pkg/mod.py", "services/svc123/x", "svc123.py", "a/b_svc123"):
        candidates = matcher._candidates(path)
        assert len(candidates) <= 1, (path, candidates)
        found = matcher.match(path)
        assert found is None or found.name == "area-123"


def test_an_escaped_hash_names_a_file() -> None:
    matcher = AreaMatcher(parse_areas({"a": ["\\#notes/"]}, MODELS))
    found = matcher.match("#notes/x.md")
    assert found is not None
    assert matcher.match("notes/x.md") is None
