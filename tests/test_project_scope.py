"""What a run covers: ``ignore`` patterns, nested projects, indexes and templates."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from hooks import check_threat_model_template, cli
from hooks.core.config import Config, ConfigError, parse_config
from hooks.core.template import looks_like_model

MODEL = "# Threat Model: Uploads\n\nSome text.\n"


def write(root: Path, relpath: str, text: str = MODEL) -> Path:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    write(tmp_path, "docs/security/threat-models/template.md", "# Threat Model: <Feature name>\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("docs/THREAT_MODEL_INDEX.md", False),
        ("docs/threat-model-index.md", False),
        ("docs/threat_model_template.md", False),
        ("threat-model-coverage.md", False),  # the coverage report the CI examples write
        ("threat-model-status.md", False),  # the weekly status report
        ("docs/threat-model.md", True),
        ("docs/status-page-threat-model.md", True),
        ("docs/auth-threat-model.md", True),
        ("docs/indexing-threat-model.md", True),
    ],
)
def test_indexes_templates_and_reports_are_not_models(name: str, expected: bool) -> None:
    assert looks_like_model(None, name) is expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("ignore: examples/\n", "'ignore' must be a list of strings", id="not-a-list"),
        pytest.param("ignore: ['']\n", "must be a non-empty string", id="empty-string"),
        pytest.param("ignore: [1]\n", "must be a non-empty string", id="number"),
    ],
)
def test_bad_ignore_is_a_configuration_error(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, ".threat-model.yaml", Path())
    assert message in str(caught.value)
    assert caught.value.line == 1


def test_an_invalid_pattern_names_the_key_and_line() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config("ignore:\n  - examples/\n  - '!'\n", ".threat-model.yaml", Path())
    assert caught.value.line == 3
    assert "invalid pattern" in str(caught.value)


@pytest.mark.parametrize(
    ("relpath", "ignored"),
    [
        ("examples/demo/x.md", True),
        ("vendor/lib/THREAT_MODEL.md", True),
        ("docs/threat-model.md", False),
        ("docs/keep/threat-model.md", False),
    ],
)
def test_ignore_patterns_follow_gitignore(relpath: str, ignored: bool) -> None:
    config = parse_config(
        "ignore: [examples/, 'vendor/**/*.md', '!docs/keep/']\n", ".threat-model.yaml", Path()
    )
    assert config.is_ignored(relpath) is ignored
    assert Config().is_ignored(relpath) is False


def test_check_skips_ignored_files_and_nested_projects(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, "examples/threat-model.md")
    write(repo, "nested/.threat-model.yaml", "models_dir: models\n")
    write(repo, "nested/docs/security/threat-models/uploads.md")
    write(repo, "nested/deeper/threat-model.md")
    write(repo, "other/threat-model.md")
    write(repo, ".threat-model.yaml", "ignore: [examples/]\n")
    assert cli.main(["check"]) == 1
    out = capsys.readouterr().out
    assert "other/threat-model.md:1:1: TM202" in out
    assert "examples/" not in out
    assert "nested/" not in out

    assert cli.main(["check", "other"]) == 1
    assert "other/threat-model.md:1:1: TM202" in capsys.readouterr().out


@pytest.mark.parametrize("path", ["nested", "nested/deeper", "examples/threat-model.md"])
def test_check_refuses_paths_out_of_the_project(
    repo: Path, capsys: pytest.CaptureFixture[str], path: str
) -> None:
    write(repo, "examples/threat-model.md")
    write(repo, "nested/.threat-model.yaml", "models_dir: models\n")
    write(repo, "nested/deeper/threat-model.md")
    write(repo, ".threat-model.yaml", "ignore: [examples/]\n")
    assert cli.main(["check", path]) == 2
    assert f"threat-model: {path}: not checked here" in capsys.readouterr().err


def test_walking_a_folder_skips_nested_projects(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo, "part/threat-model.md")
    write(repo, "part/nested/.threat-model.yaml", "models_dir: models\n")
    write(repo, "part/nested/threat-model.md")
    assert cli.main(["check", "part"]) == 1
    out = capsys.readouterr().out
    assert "part/threat-model.md:1:1: TM202" in out
    assert "part/nested" not in out


def test_hooks_skip_files_of_nested_projects(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, "nested/.threat-model.yaml", "models_dir: models\n")
    nested = write(repo, "nested/threat-model.md")
    outside = write(repo, "threat-model.md")
    assert check_threat_model_template.main([str(nested)]) == 0
    assert check_threat_model_template.main([str(outside)]) == 1
    assert "threat-model.md:1:1: TM202" in capsys.readouterr().out


def test_missing_template_hint_names_what_a_hooks_only_team_can_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A team that runs the hooks through pre-commit has no threat-model command: the hint
    also names where to copy the bundled template from."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check"]) == 0  # day zero: nothing to check, no failure
    out = capsys.readouterr().out
    assert "TM208 [warning]" in out
    assert "copy https://github.com/threat-model-hooks/threat-model-hooks/blob/v" in out
    assert "/hooks/data/template.md" in out
