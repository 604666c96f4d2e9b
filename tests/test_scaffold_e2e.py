"""Day zero end to end: a fresh application repository set up by ``threat-model init`` and
``threat-model new`` passes every hook through the real pre-commit, and both CI examples
run as written (their install step installing this working tree, tagged as the version that
``.pre-commit-config.yaml`` pins)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from hooks import __version__
from tests import e2e_support
from tests.conftest import git
from tests.scaffold_support import MODELS, TODAY, app_repo, fill_model, write

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / "examples/ci/github-actions/threat-model-coverage.yml"
GITLAB = ROOT / "examples/ci/gitlab-ci.yml"
HOOKS_URL = "https://github.com/threat-model-hooks/threat-model-hooks"


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This working tree as a hooks repository, tagged with the package's version."""
    return e2e_support.snapshot(tmp_path_factory.mktemp("snapshot"), f"v{__version__}")


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_"))}
    env.update(THREAT_MODEL_TODAY=TODAY, **extra)
    return env


def tool(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """This working tree's ``threat-model``."""
    return subprocess.run(
        [sys.executable, "-m", "hooks", *args],
        cwd=repo,
        env=clean_env(PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        check=False,
    )


def pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["pre-commit", *args],
        cwd=repo,
        env=clean_env(PRE_COMMIT_HOME=str(home)),
        capture_output=True,
        text=True,
        check=False,
    )


def test_init_new_fill_commit_passes_every_hook(snapshot: Path, home: Path, tmp_path: Path) -> None:
    repo = app_repo(tmp_path / "app", "github")
    done = tool(repo, "init")
    assert done.returncode == 0, done.stdout + done.stderr
    done = tool(repo, "new", "auth", "--paths", "src/auth/")
    assert done.returncode == 0, done.stdout + done.stderr
    assert pre_commit(repo, home, "validate-config", ".pre-commit-config.yaml").returncode == 0
    git(repo, "add", "-A")
    # before the team writes the model, the hooks say where
    done = pre_commit(repo, home, "try-repo", str(snapshot), "--verbose")
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{MODELS}/auth.md:12:1: TM205 template placeholder" in done.stdout
    fill_model(repo / MODELS / "auth.md")
    git(repo, "add", "-A")
    done = pre_commit(repo, home, "try-repo", str(snapshot), "--verbose")
    assert done.returncode == 0, done.stdout + done.stderr
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    for hook in manifest:
        if "pre-commit" not in hook.get("stages", ["pre-commit"]):
            continue  # run by hand (fix-threat-model-index) or on push (the review)
        assert f"Passed\n- hook id: {hook['id']}\n" in done.stdout, done.stdout
    assert "auth: present" in done.stdout
    git(repo, "commit", "-q", "-m", "threat models")
    done = pre_commit(repo, home, "try-repo", str(snapshot), "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr


# --------------------------------------------------------------------------- CI examples


@pytest.fixture(scope="module")
def ci_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty virtual environment: the examples' install step fills it."""
    venv = tmp_path_factory.mktemp("ci") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    return venv


@pytest.fixture
def ci_repo(snapshot: Path, tmp_path: Path) -> Path:
    """An application repository set up by init and new, on main (pushed to ``origin``),
    and a merge request branch that changes the auth code; its pre-commit configuration
    names the snapshot instead of the hooks' public repository."""
    repo = app_repo(tmp_path / "app")
    assert tool(repo, "init", "--forge", "none").returncode == 0
    assert tool(repo, "new", "auth", "--paths", "src/auth/").returncode == 0
    fill_model(repo / MODELS / "auth.md")
    config = repo / ".pre-commit-config.yaml"
    config.write_text(config.read_text("utf-8").replace(HOOKS_URL, snapshot.as_uri()), "utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "threat models")
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(repo, "remote", "add", "origin", str(origin))
    git(repo, "push", "-q", "origin", "main")
    git(repo, "switch", "-q", "-c", "feature")
    write(repo, "src/auth/login.py", "x = 2\n")
    git(repo, "commit", "-qam", "auth")
    return repo


def ci_env(venv: Path, home: Path, snapshot: Path, **extra: str) -> dict[str, str]:
    return clean_env(
        PATH=f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        VIRTUAL_ENV=str(venv),
        PRE_COMMIT_HOME=str(home),
        HOOKS_REPO=snapshot.as_uri(),
        **extra,
    )


def outputs(path: Path) -> dict[str, str]:
    text = path.read_text("utf-8") if path.exists() else ""
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def test_the_github_workflow_runs_as_written(
    ci_repo: Path, ci_venv: Path, home: Path, snapshot: Path, tmp_path: Path
) -> None:
    workflow: dict[str, Any] = yaml.safe_load(GITHUB.read_text("utf-8"))
    assert set(workflow["env"]) == {"HOOKS_REPO"}
    assert workflow["env"]["HOOKS_REPO"] == HOOKS_URL
    steps = workflow["jobs"]["coverage"]["steps"]
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["persist-credentials"] is False
    assert workflow["concurrency"]["cancel-in-progress"] is True
    upload = next(step for step in steps if "upload-sarif" in step.get("uses", ""))
    assert upload["with"]["sarif_file"] == "threat-model.sarif"
    summary = tmp_path / "summary.md"
    results: dict[str, dict[str, str]] = {}
    for step in steps:
        if "run" not in step or step["name"] == "Fail when coverage failed":
            continue
        output = tmp_path / f"{step['name']}.out"
        variables = {
            key: str(value).replace("${{ github.base_ref }}", "main")
            for key, value in (step.get("env") or {}).items()
        }
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=ci_repo,
            env=ci_env(
                ci_venv,
                home,
                snapshot,
                GITHUB_STEP_SUMMARY=str(summary),
                GITHUB_OUTPUT=str(output),
                **variables,
            ),
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, f"{step['name']}:\n{done.stdout}\n{done.stderr}"
        results[step["name"]] = outputs(output)
    assert (ci_venv / "bin/threat-model").is_file()  # installed from the pinned tag
    assert results["Coverage report"] == {"status": "0"}
    report = summary.read_text("utf-8")
    assert report.startswith("<!-- threat-model-coverage -->\n## Threat model coverage\n")
    assert "auth" in report
    assert results["Findings as SARIF"] == {"written": "true"}
    sarif = json.loads((ci_repo / "threat-model.sarif").read_text("utf-8"))
    assert sarif["version"] == "2.1.0"
    assert sarif["runs"][0]["results"] == []


def test_the_gitlab_job_runs_as_written(
    ci_repo: Path, ci_venv: Path, home: Path, snapshot: Path
) -> None:
    job: dict[str, Any] = yaml.safe_load(GITLAB.read_text("utf-8"))["threat-model-coverage"]
    # without its template the repository passes with one warning (TM208), which the Code
    # Quality report holds
    git(ci_repo, "rm", "-q", f"{MODELS}/template.md")
    git(ci_repo, "commit", "-qm", "the bundled template")
    variables = {key: str(value) for key, value in job["variables"].items()}
    assert variables.pop("HOOKS_REPO") == HOOKS_URL
    done = subprocess.run(
        ["bash", "-c", "set -eo pipefail\n" + "\n".join(job["script"])],
        cwd=ci_repo,
        env=ci_env(
            ci_venv, home, snapshot, CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main", **variables
        ),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "auth" in (ci_repo / "threat-model-coverage.md").read_text("utf-8")
    data = json.loads((ci_repo / "threat-model-coverage.json").read_text("utf-8"))
    assert data["passed"] is True
    quality = json.loads((ci_repo / "gl-code-quality-report.json").read_text("utf-8"))
    assert "could not write the Code Quality report" not in done.stderr
    (issue,) = quality
    assert sorted(issue) == ["check_name", "description", "fingerprint", "location", "severity"]
    assert issue["check_name"] == "TM208"
    assert issue["description"].startswith("TM208 ")
    assert issue["severity"] == "minor"
    assert issue["location"] == {"path": f"{MODELS}/template.md", "lines": {"begin": 1}}
    assert len(issue["fingerprint"]) == 64
    int(issue["fingerprint"], 16)
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert job["artifacts"]["when"] == "always"


# --------------------------------------------------------------------------- weekly status

STATUS_GITHUB = ROOT / "examples/ci/github-actions/threat-model-status.yml"
STATUS_GITLAB = ROOT / "examples/ci/gitlab-status.yml"


def run_status_workflow(
    ci_repo: Path, ci_venv: Path, home: Path, snapshot: Path, summary: Path
) -> None:
    """Every ``run`` step of the weekly GitHub workflow, as Actions runs them; each passes."""
    workflow: dict[str, Any] = yaml.safe_load(STATUS_GITHUB.read_text("utf-8"))
    for step in workflow["jobs"]["status"]["steps"]:
        if "run" not in step:
            continue
        variables = {key: str(value) for key, value in (step.get("env") or {}).items()}
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=ci_repo,
            env=ci_env(ci_venv, home, snapshot, GITHUB_STEP_SUMMARY=str(summary), **variables),
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, f"{step['name']}:\n{done.stdout}\n{done.stderr}"


def test_the_weekly_status_workflow_publishes_and_fails_nothing(
    ci_repo: Path, ci_venv: Path, home: Path, snapshot: Path, tmp_path: Path
) -> None:
    workflow: dict[str, Any] = yaml.safe_load(STATUS_GITHUB.read_text("utf-8"))
    loaded: dict[Any, Any] = workflow
    triggers = loaded.get(True, loaded.get("on"))  # YAML 1.1 reads a bare `on` as true
    assert isinstance(triggers, dict)
    assert triggers["schedule"] == [{"cron": "0 6 * * 1"}]
    assert workflow["permissions"] == {"contents": "read"}
    steps = workflow["jobs"]["status"]["steps"]
    upload = next(step for step in steps if "upload-artifact" in step.get("uses", ""))
    assert upload["if"] == "always()"
    model = ci_repo / MODELS / "auth.md"
    model.write_text(
        re.sub(r"Last updated:\*\* \S+", "Last updated:** 2020-01-01", model.read_text("utf-8")),
        "utf-8",
    )
    summary = tmp_path / "summary.md"
    run_status_workflow(ci_repo, ci_venv, home, snapshot, summary)
    report = summary.read_text("utf-8")
    assert report.startswith("<!-- threat-model-status -->\n## Threat model status\n")
    assert f"`{MODELS}/auth.md`" in report
    assert "\u26a0\ufe0f stale" in report  # a stale model is reported, and fails nothing
    data = json.loads((ci_repo / "threat-model-status.json").read_text("utf-8"))
    assert data["schema_version"] == 1
    assert [area["name"] for area in data["areas"]] == ["auth"]
    # a configuration error: the report says why, and the job still passes
    (ci_repo / ".threat-model.yaml").write_text("staleness_days: -3\n", "utf-8")
    summary.unlink()
    run_status_workflow(ci_repo, ci_venv, home, snapshot, summary)
    report = summary.read_text("utf-8")
    assert "The report could not be written (exit status 2):" in report
    assert "staleness_days" in report


def test_the_scheduled_gitlab_status_job_runs_as_written(
    ci_repo: Path, ci_venv: Path, home: Path, snapshot: Path
) -> None:
    job: dict[str, Any] = yaml.safe_load(STATUS_GITLAB.read_text("utf-8"))["threat-model-status"]
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule"'}]
    variables = {key: str(value) for key, value in job["variables"].items()}
    assert variables.pop("HOOKS_REPO") == HOOKS_URL
    done = subprocess.run(
        ["bash", "-c", "set -eo pipefail\n" + "\n".join(job["script"])],
        cwd=ci_repo,
        env=ci_env(ci_venv, home, snapshot, **variables),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "## Threat model status" in done.stdout
    data = json.loads((ci_repo / "threat-model-status.json").read_text("utf-8"))
    assert data["summary"]["areas"]["current"] == 1
    assert job["artifacts"]["when"] == "always"
    assert job["artifacts"]["paths"] == ["threat-model-status.md", "threat-model-status.json"]
