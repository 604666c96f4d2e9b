"""Text from models, file names and the configuration cannot forge a line of output (a finding,
a GitHub workflow command) or drive the terminal, in any format and on standard error."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hooks import check_threat_model_coverage, check_threat_model_index, cli
from hooks.core.markdown import parse_text
from tests.conftest import git
from tests.coverage_support import TODAY, make_repo

ROOT = Path(__file__).resolve().parent.parent
MODELS = "docs/security/threat-models"
INDEX = "docs/security/THREAT_MODEL_INDEX.md"
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
INJECTED = "x\n::error file=README.md,line=1::INJECTED\r\n\x1b[2J\x9b31m\u202e"


def clean(out: str) -> bool:
    """Whether output holds no control character but the new lines that end its lines, and
    no line that a forged text started."""
    return not CONTROL.search(out.replace("\n", "")) and "\n::error file=README.md" not in out


def run(main: object, argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    assert callable(main)
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return int(code), out, err


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / MODELS).mkdir(parents=True)
    owner = json.dumps(INJECTED)  # a YAML double-quoted string holds any escape
    (tmp_path / MODELS / "foo.md").write_text(
        f"---\nOwner: {owner}\n---\n# Threat Model: Foo\n", encoding="utf-8"
    )
    (tmp_path / INDEX).write_text(
        "| Feature | Owner | Last updated |\n| --- | --- | --- |\n"
        "| [Foo](threat-models/foo.md) | y | 2026-01-01 |\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("THREAT_MODEL_TODAY", "2026-11-24")
    return tmp_path


@pytest.mark.parametrize("fmt", ["text", "github", "json", "sarif"])
def test_a_models_front_matter_cannot_forge_a_finding(
    repo: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    code, out, _ = run(check_threat_model_index.main, ["--format", fmt], capsys)
    assert code == 1
    assert "TM305" in out
    assert clean(out)


@pytest.mark.parametrize("fmt", ["text", "github", "json", "sarif"])
def test_a_file_name_cannot_forge_a_finding(
    repo: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    name = f"{MODELS}/a\n::error file=README.md,line=1::X\x1b[2J.md"
    try:
        (repo / name).write_text("# Threat Model: A\n", encoding="utf-8")
    except OSError:
        pytest.skip("this file system refuses control characters in names")
    code, out, _ = run(cli.main, ["check", "--format", fmt, name], capsys)
    assert code == 1
    assert clean(out)


def test_quoted_user_text_on_standard_error_is_visible(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / ".threat-model.yaml").write_text('template: "../\\e[2J\\nevil"\n', encoding="utf-8")
    code, _, err = run(cli.main, ["check"], capsys)
    assert code == 2
    assert "configuration error" in err
    assert "\\x1b[2J\\nevil" in err
    assert clean(err)
    (repo / ".threat-model.yaml").unlink()
    code, _, err = run(cli.main, ["check", "gone\x1b[2J\n::error::x.md"], capsys)
    assert code == 2
    assert err.startswith("threat-model: gone\\x1b[2J\\n::error::x.md: ")
    assert clean(err)


AREA = "a\n::error file=README.md::X\r\x1b[2J|<b>[x](y)"


@pytest.fixture
def coverage_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("THREAT_MODEL_TODAY", TODAY)
    monkeypatch.delenv("PRE_COMMIT_FROM_REF", raising=False)
    monkeypatch.delenv("PRE_COMMIT_TO_REF", raising=False)
    root = make_repo(tmp_path / "repo")
    area = json.dumps(AREA)
    (root / ".threat-model.yaml").write_text(
        f"areas:\n  {area}:\n    paths: [src/]\n    model: docs/m.md\n", encoding="utf-8"
    )
    name = "src/b\n::error file=README.md::Y\x1b[2J|.py"
    try:
        (root / name).write_text("x\n", encoding="utf-8")
    except OSError:
        pytest.skip("this file system refuses control characters in names")
    owner = json.dumps(INJECTED)
    (root / "docs/m.md").write_text(
        f"---\nOwner: {owner}\nLast updated: 2020-01-01\n---\n# Threat Model: M\n", "utf-8"
    )
    git(root, "add", "-A")
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize("fmt", ["text", "markdown", "github", "json"])
def test_the_coverage_report_cannot_be_forged(
    coverage_repo: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    code, out, _ = run(check_threat_model_coverage.main, ["--format", fmt], capsys)
    assert code == 0
    assert clean(out)
    if fmt == "json":
        assert out.isascii()
        (area,) = json.loads(out)["areas"]
        assert (area["name"], area["owner"]) == (AREA, INJECTED)
    if fmt == "github":
        assert [line[:10] for line in out.splitlines()] == [
            "::notice::",
            "::warning ",
            "::notice::",
        ]
    if fmt == "text":
        assert len(out.splitlines()) == 3


def test_a_markdown_report_keeps_its_structure(
    coverage_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run(check_threat_model_coverage.main, ["--format", "markdown"], capsys)[1]
    sections = parse_text(out, "report.md").sections
    tables = [block.table for block in sections[0].blocks if block.table]
    (row,) = tables[0].rows
    assert len(row.cells) == 6
    # the cell reads back as the area's name on one line, with no pipe, tag or link of its own
    assert row.cells[0] == "a ::error file=README.md::X \\x1b[2J|<b>[x](y)"
    assert re.search(r"(?<!\\)<b>", out) is None  # every < escaped: no HTML tag
    assert re.search(r"(?<!\\)\[x", out) is None  # every [ escaped: no link
    assert [s.title for s in sections[1:]] == []  # no heading or other section was injected


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "github"])
def test_the_coverage_report_prints_on_any_console(coverage_repo: Path, fmt: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "hooks.check_threat_model_coverage", "--format", fmt],
        cwd=coverage_repo,
        env={**os.environ, "PYTHONIOENCODING": "ascii", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout.isascii()


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["hooks", "check"], id="check"),
        pytest.param(["hooks", "index", "--fix"], id="index-fix"),
        pytest.param(["hooks", "coverage", "--all", "--format", "markdown"], id="coverage"),
        pytest.param(["hooks.check_threat_model_sections", f"{MODELS}/caf\u00e9.md"], id="hook"),
        pytest.param(["hooks", "check", "\u00e9\x1b.md"], id="refusal"),
    ],
)
def test_every_command_prints_on_an_ascii_console(tmp_path: Path, command: list[str]) -> None:
    import shutil

    demo = tmp_path / "demo"
    shutil.copytree(ROOT / "examples/demo", demo)
    subprocess.run(["git", "init", "-q", str(demo)], check=True)
    config = demo / ".threat-model.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(INDEX, "docs/s\u00e9curit\u00e9.md"), "utf-8"
    )
    (demo / MODELS / "caf\u00e9.md").write_text("# Threat Model: Caf\u00e9\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", *command],
        cwd=demo,
        env={**os.environ, "PYTHONIOENCODING": "ascii", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        check=False,
    )
    assert b"Traceback" not in done.stderr
    assert done.returncode in (0, 1, 2)
    assert (done.stdout + done.stderr).isascii()
    assert re.search(rb"\\(?:xe9|u2705)", done.stdout + done.stderr)  # escapes of é or ✅
