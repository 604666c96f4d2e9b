"""Plain-path patterns are matched by hand exactly as pathspec's gitignore mode matches them."""

from __future__ import annotations

import itertools
import subprocess
import sys

import pathspec
import pytest

from hooks.core.patterns import is_plain, matcher, problem

PLAIN = ["examples/", "/examples/", "tests", "docs/legacy", "/README.md", "README.md", "a/b/", "x"]
PATHS = [
    "examples/a.md",
    "src/examples/b.md",
    "examples",
    "tests/t.py",
    "a/tests/x",
    "docs/legacy/x.md",
    "x/docs/legacy/y",
    "README.md",
    "docs/README.md",
    "a/b/c",
    "z/a/b/c",
    "a/b",
    "x",
    "y/x",
    "x/y",
    "testsx/a",
    "examples.md",
]


@pytest.mark.parametrize(("pattern", "path"), list(itertools.product(PLAIN, PATHS)))
def test_plain_patterns_match_as_pathspec_does(pattern: str, path: str) -> None:
    assert is_plain(pattern)
    expected = pathspec.PathSpec.from_lines("gitignore", [pattern]).match_file(path)
    assert matcher(pattern)(path) is expected


@pytest.mark.parametrize("pattern", ["*.md", "!x", "a\\b", "#c", "src/**", "a?b", " x", "x "])
def test_other_patterns_go_to_pathspec(pattern: str) -> None:
    assert not is_plain(pattern)


def test_mixed_lists_use_pathspec() -> None:
    match = matcher("docs/", "!docs/keep.md")
    assert match("docs/a.md")
    assert not match("docs/keep.md")


@pytest.mark.parametrize(
    ("pattern", "valid"),
    [
        ("src/", True),
        ("**/*.py", True),
        ("!", False),
        ("#x", False),
        ("\\#x", True),
        ("!#x", True),
        ("../x/", False),
        ("src/../x", False),
        ("./src/", False),
        ("!../x", False),
        ("**/..", False),
        ("src/.", False),
        ("..x/", True),
        ("...", True),
        (".github/", True),
    ],
)
def test_problem(pattern: str, valid: bool) -> None:
    assert (problem(pattern) is None) is valid


def test_plain_configurations_do_not_import_pathspec() -> None:
    config = "ignore: [examples/]\\nareas:\\n  a:\\n    paths: [src/a/]\\n"
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from hooks.core.config import parse_config\n"
        f"c = parse_config('{config}', 'x', Path())\n"
        "assert c.is_ignored('examples/x.md')\n"
        "assert 'pathspec' not in sys.modules, 'pathspec imported'\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr


@pytest.mark.parametrize("seed", range(4))
def test_pattern_lists_match_as_pathspec_does(seed: int) -> None:
    """Last match wins within a list, negations included, exactly as pathspec says."""
    import random

    rng = random.Random(seed)
    pool = [
        *PLAIN,
        "*.md",
        "!*.md",
        "!tests/",
        "docs/**",
        "!docs/legacy/**",
        "**/b/*",
        "x*/",
        "\\!y",
    ]
    names = ["examples", "tests", "docs", "legacy", "a", "b", "x", "xy", "!y", "README.md", "t.py"]
    for _ in range(300):
        chosen = rng.sample(pool, rng.randint(1, 5))
        spec = pathspec.PathSpec.from_lines("gitignore", chosen)
        match = matcher(*chosen)
        for _ in range(10):
            path = "/".join(rng.choice(names) for _ in range(rng.randint(1, 4)))
            assert match(path) is spec.match_file(path), (chosen, path)


def test_a_comment_compiles_to_nothing() -> None:
    from hooks.core.patterns import compile_pattern

    assert compile_pattern("#x") is None
    assert matcher("#x", "docs/")("docs/a.md")
