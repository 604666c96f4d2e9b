"""The hooks' command lines: the hook's own options, then file names, as pre-commit passes them
(``entry + args + filenames``, with no ``--``): a file name never becomes an option."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from hooks import (
    check_threat_model_content,
    check_threat_model_coverage,
    check_threat_model_index,
    check_threat_model_sections,
    check_threat_model_template,
    cli,
)

ROOT = Path(__file__).resolve().parent.parent
MODELS = "docs/security/threat-models"
EMPTY = f"{MODELS}/empty-model.md"
EVIL = "exclude: [README.md, empty-model.md]\n"

Main = Callable[[list[str]], int]
FILE_HOOKS: list[object] = [
    pytest.param(check_threat_model_sections.main, id="sections"),
    pytest.param(check_threat_model_template.main, id="template"),
    pytest.param(check_threat_model_content.main, id="content"),
]
ALL_HOOKS: list[object] = [
    *FILE_HOOKS,
    pytest.param(check_threat_model_index.main, id="index"),
    pytest.param(check_threat_model_coverage.main, id="coverage"),
]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / MODELS).mkdir(parents=True)
    shutil.copy2(ROOT / "examples/demo" / MODELS / "template.md", tmp_path / MODELS)
    (tmp_path / EMPTY).write_text("# Empty\n", encoding="utf-8")  # fails every check
    (tmp_path / "evil.md").write_text(EVIL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("THREAT_MODEL_TODAY", "2026-11-24")
    return tmp_path


def run(main: Main, argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("--config=evil.md", id="config"),
        pytest.param("--conf=evil.md", id="abbreviation"),
        pytest.param("--format=json.md", id="format"),
        pytest.param("--version.md", id="version"),
        pytest.param("-h.md", id="help"),
    ],
)
@pytest.mark.parametrize("main", FILE_HOOKS)
def test_a_file_named_like_an_option_is_a_file_name(
    repo: Path, capsys: pytest.CaptureFixture[str], main: Main, name: str
) -> None:
    (repo / name).write_text(EVIL, encoding="utf-8")
    code, out, err = run(main, [name, EMPTY], capsys)
    assert (code, err) == (1, "")
    assert f"{EMPTY}:1:1: TM" in out  # the configuration in the file name was not read
    assert out.endswith("file.\n")  # text, the default format


@pytest.mark.parametrize("main", ALL_HOOKS)
def test_a_file_named_like_an_option_never_configures_a_hook(
    repo: Path, capsys: pytest.CaptureFixture[str], main: Main
) -> None:
    (repo / "broken.yaml").write_text("staleness_days: soon\n", encoding="utf-8")
    (repo / "--config=broken.yaml").write_text("x\n", encoding="utf-8")
    code, _, err = run(main, ["--config=broken.yaml", EMPTY], capsys)
    assert code != 2
    assert "configuration error" not in err


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--config", "evil.md"], id="config-two-arguments"),
        pytest.param(["--config=evil.md"], id="config-one-argument"),
        pytest.param(["--format=github", "--config", "evil.md"], id="two-options"),
        pytest.param(["--config", "evil.md", "--"], id="double-dash"),
    ],
)
@pytest.mark.parametrize("main", FILE_HOOKS)
def test_the_hooks_own_options_still_work(
    repo: Path, capsys: pytest.CaptureFixture[str], main: Main, args: list[str]
) -> None:
    code, out, err = run(main, [*args, EMPTY], capsys)
    assert (code, out, err) == (0, "", "")


@pytest.mark.parametrize("main", FILE_HOOKS)
def test_an_option_after_a_file_name_is_a_file_name(
    repo: Path, capsys: pytest.CaptureFixture[str], main: Main
) -> None:
    (repo / "--format=github").write_text("x\n", encoding="utf-8")
    code, out, _ = run(main, [EMPTY, "--format=github"], capsys)
    assert code == 1
    assert out.startswith(f"{EMPTY}:1:1: TM")


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--conf", "evil.md"], id="abbreviated-option"),
        pytest.param(["--form=github"], id="abbreviated-with-value"),
        pytest.param([EMPTY, "--format=github"], id="option-after-a-file"),
        pytest.param(["--frmat=github"], id="misspelt"),
        pytest.param([EMPTY, "--config"], id="value-missing-after-a-file"),
    ],
)
@pytest.mark.parametrize("main", ALL_HOOKS)
def test_an_unknown_option_is_a_usage_error(
    repo: Path, capsys: pytest.CaptureFixture[str], main: Main, args: list[str]
) -> None:
    code, out, err = run(main, [*args, EMPTY], capsys)
    assert (code, out) == (2, "")
    assert "unrecognized arguments: " in err


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["check", "--form", "json"], id="check"),
        pytest.param(["index", "--fi"], id="index"),
        pytest.param(["coverage", "--al"], id="coverage"),
        pytest.param(["--vers"], id="top-level"),
    ],
)
def test_the_command_takes_no_abbreviation(
    repo: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    code, out, err = run(cli.main, args, capsys)
    assert (code, out) == (2, "")
    assert "error: " in err


def test_every_parser_refuses_abbreviations() -> None:
    import argparse

    parser = cli.build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert not parser.allow_abbrev
    assert all(not sub.allow_abbrev for sub in subparsers.choices.values())


@pytest.mark.parametrize("main", ALL_HOOKS)
def test_an_option_without_its_value_is_a_usage_error(
    repo: Path, capsys: pytest.CaptureFixture[str], main: Main
) -> None:
    code, out, err = run(main, ["--config"], capsys)
    assert (code, out) == (2, "")
    assert "argument --config: expected one argument" in err
