"""The ``review`` key: the team's detectors extend the built-in ones, or replace them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from hooks.cli import main as cli
from hooks.core.config import ConfigError, parse_config
from hooks.core.review.settings import DetectorSpec, ReviewSettings
from tests.conftest import git, init_repo
from tests.coverage_support import write

TEAM = """\
review:
  detectors:
    - name: rego
      category: auth
      paths: ["policy/**/*.rego"]
      lines: ['^\\s*(?:allow|deny)\\b']
      unless: ['test']
      removed: true
      why: changes an access policy
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("review:\n", None, id="empty"),
        pytest.param("review: {}\n", None, id="empty-mapping"),
        pytest.param(
            "review:\n  builtin_detectors: true\n  detectors: []\n  exclude: []\n",
            None,
            id="defaults",
        ),
        pytest.param(
            TEAM,
            ReviewSettings(
                detectors=(
                    DetectorSpec(
                        "rego",
                        "auth",
                        ("policy/**/*.rego",),
                        (r"^\s*(?:allow|deny)\b",),
                        ("test",),
                        "changes an access policy",
                        True,
                    ),
                )
            ),
            id="team",
        ),
        pytest.param(
            "review:\n  builtin_detectors: false\n  detectors:\n"
            "    - {category: data-flow, paths: x.py}\n",
            ReviewSettings(
                builtin_detectors=False,
                detectors=(DetectorSpec("team-1", "data-flow", ("x.py",), why="matches team-1"),),
            ),
            id="replace",
        ),
        pytest.param(
            "review:\n  exclude: [gen/]\n  detectors: null\n",
            ReviewSettings(exclude=("gen/",)),
            id="exclude",
        ),
    ],
)
def test_valid(text: str, expected: ReviewSettings | None) -> None:
    assert parse_config(text, ".threat-model.yaml", Path()).review == expected


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        pytest.param("review: [1]\n", 1, "'review' must be a mapping", id="not-mapping"),
        pytest.param("review:\n  typo: 1\n", 2, "unknown key 'typo' in 'review'", id="unknown-key"),
        pytest.param(
            "review:\n  builtin_detectors: no-thanks\n",
            2,
            "'review.builtin_detectors' must be true or false",
            id="builtins-type",
        ),
        pytest.param(
            "review:\n  builtin_detectors: false\n",
            2,
            "nothing would be reviewed",
            id="nothing",
        ),
        pytest.param("review:\n  detectors: x\n", 2, "must be a list", id="detectors-type"),
        pytest.param("review:\n  detectors: [x]\n", 2, "must be a mapping", id="detector-type"),
        pytest.param(
            "review:\n  detectors:\n    - paths: [a]\n", 3, "needs 'category'", id="no-category"
        ),
        pytest.param(
            "review:\n  detectors:\n    - category: authz\n      paths: [a]\n",
            3,
            "unknown category 'authz' (allowed: trust-boundary",
            id="bad-category",
        ),
        pytest.param(
            "review:\n  detectors:\n    - category: auth\n      paths: ['!a']\n",
            4,
            "at least one path pattern",
            id="negations-only",
        ),
        pytest.param(
            "review:\n  detectors:\n    - category: auth\n      paths: ['#a']\n",
            4,
            "invalid pattern '#a'",
            id="comment-pattern",
        ),
        pytest.param(
            "review:\n  detectors:\n    - category: auth\n      paths: [a]\n      lines: ['(']\n",
            5,
            "invalid regular expression '('",
            id="bad-regex",
        ),
        pytest.param(
            "review:\n  detectors:\n    - category: auth\n      paths: [a]\n      removed: 1\n",
            5,
            "'removed' must be true or false",
            id="removed-type",
        ),
        pytest.param(
            "review:\n  detectors:\n    - category: auth\n      paths: [a]\n      colour: red\n",
            5,
            "unknown key 'colour'",
            id="detector-key",
        ),
        pytest.param(
            "review:\n  exclude: '#x'\n", 2, "must be a list of strings", id="exclude-type"
        ),
    ],
)
def test_invalid(text: str, line: int, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, ".threat-model.yaml", Path())
    assert caught.value.line == line
    assert message in caught.value.message


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = init_repo(tmp_path / "r")
    write(root, "policy/main.rego", "package main\n")
    write(root, "app.py", "x = 1\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    monkeypatch.chdir(root)
    return root


def _review(capsys: pytest.CaptureFixture[str]) -> set[tuple[str, str, int]]:
    assert cli(["review", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    return {(c["category"], c["file"], c["line"]) for c in data["changes"]}


def test_team_detectors_extend_the_built_in_ones(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, ".threat-model.yaml", TEAM)
    write(repo, "policy/main.rego", "package main\n# allow nothing\nallow {\n  true\n}\n")
    write(repo, "policy/test_main.rego", "allow_test {\n}\n")
    write(repo, "app.py", '@app.get("/x")\n')
    git(repo, "add", "-A")
    assert _review(capsys) == {
        ("auth", "policy/main.rego", 3),
        ("trust-boundary", "app.py", 1),
    }


def test_a_removed_rule_counts_when_asked(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "policy/main.rego", "package main\nallow {\n  true\n}\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "allow")
    write(repo, ".threat-model.yaml", TEAM)
    write(repo, "policy/main.rego", "package main\n")
    git(repo, "add", "-A")
    assert _review(capsys) == {("auth", "policy/main.rego", 2)}


def test_team_detectors_can_replace_the_built_in_ones(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        repo,
        ".threat-model.yaml",
        "review:\n  builtin_detectors: false\n  detectors:\n"
        "    - {category: infrastructure, paths: ['*.py']}\n",
    )
    write(repo, "app.py", '@app.get("/x")\n')
    git(repo, "add", "-A")
    assert _review(capsys) == {("infrastructure", "app.py", 1)}
    assert os.path.exists(repo / "app.py")
