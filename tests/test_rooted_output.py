"""GitHub commands, SARIF and GitLab Code Quality name files from the top folder of the git
repository, also for a nested project (a folder with its own ``.threat-model.yaml``); the
coverage report comes as SARIF and Code Quality too, and every SARIF log validates."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hooks import check_threat_model_coverage, check_threat_model_index, cli
from tests.conftest import git, init_repo

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples/demo"
MODELS = "docs/security/threat-models"
GOOD = (DEMO / MODELS / "authentication.md").read_text(encoding="utf-8")
NESTED = "services/api"


def bad_model() -> str:
    return GOOD.replace("2026-11-02", "03/04/2026")  # TM106 on line 7


@pytest.fixture(params=["top", "nested"])
def project(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, str]:
    """A project at the top of a git repository, or nested in it; the current folder is the
    project's root. The project's prefix from the repository's top."""
    repo = init_repo(tmp_path / "repo")
    prefix = "" if request.param == "top" else f"{NESTED}/"
    root = repo / prefix
    (root / MODELS).mkdir(parents=True)
    shutil.copy2(DEMO / MODELS / "template.md", root / MODELS / "template.md")
    (root / MODELS / "auth.md").write_text(bad_model(), encoding="utf-8")
    (root / ".threat-model.yaml").write_text(
        "areas:\n  auth:\n    paths: [src/auth/]\n    model: docs/security/threat-models/auth.md\n"
        "  billing: [src/billing/]\n",
        encoding="utf-8",
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "models")
    monkeypatch.chdir(root)
    monkeypatch.setenv("THREAT_MODEL_TODAY", "2026-11-24")
    return repo, prefix


Run = Callable[[list[str]], int]


def output(main: Run, args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    main(args)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return captured.out


def sarif_paths(log: dict[str, Any]) -> set[str]:
    run = log["runs"][0]
    return {
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for result in run["results"]
    }


def test_check_names_files_from_the_repository_top(
    project: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    repo, prefix = project
    model = f"{prefix}{MODELS}/auth.md"
    log = json.loads(output(cli.main, ["check", "--format", "sarif"], capsys))
    assert model in sarif_paths(log)
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.as_uri() + "/"
    github = output(cli.main, ["check", "--format", "github"], capsys)
    assert f"::error file={model},line=7," in github
    quality = json.loads(output(cli.main, ["check", "--format", "gitlab"], capsys))
    assert {"path": model, "lines": {"begin": 7}} in [issue["location"] for issue in quality]
    text = output(cli.main, ["check"], capsys)  # text names files from where it runs
    assert any(line.startswith(f"{MODELS}/auth.md:7:21: TM106") for line in text.splitlines())


def test_a_hook_names_files_from_the_repository_top(
    project: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, prefix = project
    (Path.cwd() / MODELS / "payments.md").write_text(GOOD, encoding="utf-8")
    quality = json.loads(output(check_threat_model_index.main, ["--format", "gitlab"], capsys))
    assert [issue["location"]["path"] for issue in quality] == [
        f"{prefix}docs/security/THREAT_MODEL_INDEX.md"
    ]


@pytest.mark.parametrize("fmt", ["sarif", "gitlab"])
def test_the_coverage_report_as_findings(
    project: tuple[Path, str], capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    _, prefix = project
    args = ["--all", "--format", fmt]
    out = output(check_threat_model_coverage.main, args, capsys)
    assert out == output(cli.main, ["coverage", *args], capsys)
    found = json.loads(out)
    if fmt == "sarif":
        results = found["runs"][0]["results"]
        where = {
            (
                r["ruleId"],
                r["level"],
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for r in results
        }
    else:
        where = {
            (
                issue["check_name"],
                "error" if issue["severity"] == "major" else "warning",
                issue["location"]["path"],
                issue["location"]["lines"]["begin"],
            )
            for issue in found
        }
    assert where == {
        ("TM402", "warning", f"{prefix}{MODELS}/auth.md", 7),  # no valid date
        ("TM402", "warning", f"{prefix}.threat-model.yaml", 5),  # no model file
    }


def test_coverage_findings_are_errors_when_enforced(
    project: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--all", "--enforce", "--format", "gitlab"]
    assert check_threat_model_coverage.main(args) == 1
    quality = json.loads(capsys.readouterr().out)
    assert {issue["severity"] for issue in quality} == {"major"}


def test_a_clean_coverage_report_is_an_empty_list(
    project: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    (Path.cwd() / ".threat-model.yaml").write_text("", encoding="utf-8")
    assert output(cli.main, ["coverage", "--all", "--format", "gitlab"], capsys) == "[]\n"


def test_every_sarif_log_validates(
    project: tuple[Path, str], capsys: pytest.CaptureFixture[str], shared: Path
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((shared / "schemas/sarif-schema-2.1.0.json").read_text("utf-8"))
    logs = [
        output(cli.main, ["check", "--format", "sarif"], capsys),
        output(check_threat_model_coverage.main, ["--all", "--format", "sarif"], capsys),
        output(check_threat_model_index.main, ["--format", "sarif"], capsys),
    ]
    for log in logs:
        jsonschema.validate(json.loads(log), schema)


def test_outside_git_files_are_named_from_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / MODELS).mkdir(parents=True)
    (tmp_path / MODELS / "auth.md").write_text(bad_model(), encoding="utf-8")
    (tmp_path / ".threat-model.yaml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert subprocess.run(["git", "rev-parse"], capture_output=True, check=False).returncode
    quality = json.loads(output(cli.main, ["check", "--format", "gitlab"], capsys))
    assert f"{MODELS}/auth.md" in {issue["location"]["path"] for issue in quality}
