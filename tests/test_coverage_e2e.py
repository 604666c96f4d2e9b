"""check-threat-model-coverage through real pre-commit (try-repo and the pre-push stage), and
the CI examples' scripts run as their runners run them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests import e2e_support
from tests.conftest import git
from tests.coverage_support import TODAY, make_repo, write
from tests.e2e_support import snapshot

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """This project as a hooks repository, and PRE_COMMIT_HOME."""
    return snapshot(tmp_path_factory.mktemp("hooks-snapshot")), tmp_path_factory.mktemp(
        "pre-commit-home"
    )


def pre_commit(cwd: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return e2e_support.pre_commit(cwd, home, TODAY, *args)


def test_try_repo_advisory_passes_and_enforce_fails(
    hooks_repo: tuple[Path, Path], tmp_path: Path
) -> None:
    snapshot, home = hooks_repo
    repo = make_repo(tmp_path / "repo")
    write(repo, "src/search/q.py", "changed\n")
    git(repo, "add", "-A")
    done = pre_commit(repo, home, "try-repo", str(snapshot), "check-threat-model-coverage")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "search: missing" in done.stdout
    assert "staged changes" in done.stdout
    write(repo, ".threat-model.yaml", "mode: enforce\n" + (repo / ".threat-model.yaml").read_text())
    git(repo, "add", "-A")
    done = pre_commit(repo, home, "try-repo", str(snapshot), "check-threat-model-coverage")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "search: missing" in done.stdout


def test_pre_push_stage_range(hooks_repo: tuple[Path, Path], tmp_path: Path) -> None:
    snapshot, home = hooks_repo
    repo = make_repo(tmp_path / "repo")
    rev = git(snapshot, "rev-parse", "HEAD").strip()
    write(
        repo,
        ".pre-commit-config.yaml",
        f"repos:\n- repo: {snapshot}\n  rev: {rev}\n  hooks:\n"
        "  - id: check-threat-model-coverage\n    args: [--enforce]\n",
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "config")
    base = git(repo, "rev-parse", "HEAD").strip()
    write(repo, "src/auth/login.py", "changed\n")
    git(repo, "commit", "-qam", "auth")
    args = ("run", "--hook-stage", "pre-push", "--from-ref", base, "--to-ref", "HEAD")
    done = pre_commit(repo, home, *args)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "auth: present" in done.stdout
    write(repo, "src/billing/pay.py", "changed\n")
    git(repo, "commit", "-qam", "billing")
    done = pre_commit(repo, home, *args)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "billing: stale" in done.stdout
    assert f"{base}...HEAD" in done.stdout


GITHUB = ROOT / "examples/ci/github-actions/threat-model-coverage.yml"
GITLAB = ROOT / "examples/ci/gitlab-ci.yml"


@pytest.fixture
def ci_repo(tmp_path: Path) -> tuple[Path, Path]:
    """A repository whose pull request branch touches the stale billing area, with `origin`
    holding main; and a folder of stand-ins for `threat-model` (this checkout) and
    `pre-commit` (which records that it ran)."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    repo = make_repo(tmp_path / "repo")
    git(repo, "remote", "add", "origin", str(origin))
    git(repo, "push", "-q", "origin", "main")
    git(repo, "fetch", "-q", "origin")
    git(repo, "switch", "-q", "-c", "feature")
    write(repo, "src/billing/pay.py", "changed\n")
    git(repo, "commit", "-qam", "billing")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shims = {
        "threat-model": f'#!/bin/sh\nexec "{sys.executable}" -m hooks "$@"\n',
        "pre-commit": '#!/bin/sh\necho "pre-commit $* SKIP=$SKIP" >> "$PRE_COMMIT_LOG"\n',
    }
    for name, text in shims.items():
        (bin_dir / name).write_text(text, encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    return repo, bin_dir


def ci_env(bin_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRE_COMMIT_")}
    env.update(
        PATH=f"{bin_dir}{os.pathsep}{env['PATH']}",
        PYTHONPATH=str(ROOT),
        THREAT_MODEL_TODAY=TODAY,
        PRE_COMMIT_LOG=str(bin_dir / "pre-commit.log"),
        **extra,
    )
    return env


def github_steps() -> dict[str, dict[str, Any]]:
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    return {
        step.get("name", step.get("uses")): step for step in workflow["jobs"]["coverage"]["steps"]
    }


@pytest.mark.parametrize(
    ("args", "base", "status", "reported"),
    [
        pytest.param(
            "", "main", "0", "billing | `docs/security/threat-models/billing.md`", id="advisory"
        ),
        pytest.param("--enforce", "main", "1", "\u26a0\ufe0f stale", id="enforce-stale"),
        pytest.param(
            "--enforce",
            "gone",
            "2",
            "git ref 'origin/gone' is not available",
            id="enforce-missing-base",
        ),
    ],
)
def test_github_coverage_step_always_writes_its_report(
    ci_repo: tuple[Path, Path], args: str, base: str, status: str, reported: str
) -> None:
    repo, bin_dir = ci_repo
    step = github_steps()["Coverage report"]
    summary, output = repo / "summary.md", repo / "output.txt"
    env = ci_env(
        bin_dir,
        **{**step["env"], "BASE_REF": base, "COVERAGE_ARGS": args},
        GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_OUTPUT=str(output),
    )
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr  # the step itself passes: the last step fails
    assert output.read_text(encoding="utf-8") == f"status={status}\n"
    report = summary.read_text(encoding="utf-8")
    assert report.startswith("<!-- threat-model-coverage -->\n## Threat model coverage\n")
    assert reported in report
    assert report == (repo / "coverage.md").read_text(encoding="utf-8")
    final = github_steps()["Fail when coverage failed"]
    assert final["if"].startswith("always()")
    failed = subprocess.run(
        ["bash", "-e", "-c", final["run"]],
        env={**env, "STATUS": status},
        capture_output=True,
        check=False,
    )
    assert failed.returncode == int(status)


def test_github_comment_step_runs_always_and_updates_only_its_own_comment(
    tmp_path: Path,
) -> None:
    steps = github_steps()
    comment = steps["Create or update the PR comment"]
    assert comment["if"].startswith("always() && ")
    assert "head.repo.full_name == github.repository" in comment["if"]  # forks cannot write
    assert steps["All hooks"]["env"]["SKIP"] == "check-threat-model-coverage"
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    marker = "<!-- threat-model-coverage -->"
    (tmp_path / "coverage.md").write_text(f"{marker}\nnew report\n", encoding="utf-8")
    harness = """
const calls = [];
const listed = JSON.parse(process.env.COMMENTS);
const github = {
  paginate: async () => listed,
  rest: { issues: {
    listComments: () => {},
    updateComment: async (args) => calls.push(["update", args.comment_id, args.body]),
    createComment: async (args) => calls.push(["create", args.issue_number, args.body]),
  } },
};
const context = { repo: { owner: "o", repo: "r" }, issue: { number: 7 } };
const core = { warning: (text) => calls.push(["warning", text]) };
(async () => {
SCRIPT
})().then(() => console.log(JSON.stringify(calls)));
""".replace("SCRIPT", comment["with"]["script"])
    (tmp_path / "harness.js").write_text(harness, encoding="utf-8")

    def calls(comments: list[dict[str, Any]]) -> Any:
        done = subprocess.run(
            [node, "harness.js"],
            cwd=tmp_path,
            env={**os.environ, "COMMENTS": json.dumps(comments)},
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(done.stdout)

    forged = {"id": 1, "user": {"login": "mallory"}, "body": f"{marker} all fine"}
    mine = {"id": 2, "user": {"login": "github-actions[bot]"}, "body": f"{marker}\nold"}
    other_bot = {"id": 3, "user": {"login": "github-actions[bot]"}, "body": "unrelated"}
    body = f"{marker}\nnew report\n"
    assert calls([forged, other_bot, mine]) == [["update", 2, body]]
    assert calls([forged, other_bot]) == [["create", 7, body]]
    (tmp_path / "coverage.md").unlink()
    assert calls([]) == [["warning", "no coverage report to post"]]


@pytest.mark.parametrize(
    ("args", "status"),
    [pytest.param("", 0, id="advisory"), pytest.param("--enforce", 1, id="enforce")],
)
def test_gitlab_job_writes_both_reports_runs_the_hooks_and_keeps_the_status(
    ci_repo: tuple[Path, Path], args: str, status: int
) -> None:
    repo, bin_dir = ci_repo
    job = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["threat-model-coverage"]
    lines = [line for line in job["script"] if not line.startswith("python -m pip install")]
    env = ci_env(bin_dir, **{**job["variables"], "COVERAGE_ARGS": args})
    env["CI_MERGE_REQUEST_TARGET_BRANCH_NAME"] = "main"
    done = subprocess.run(
        ["bash", "-c", "set -eo pipefail\n" + "\n".join(lines)],
        cwd=repo,
        env={k: str(v) for k, v in env.items()},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == status, done.stdout + done.stderr
    assert "billing" in (repo / "threat-model-coverage.md").read_text(encoding="utf-8")
    data = json.loads((repo / "threat-model-coverage.json").read_text(encoding="utf-8"))
    assert data["passed"] is False
    log = (bin_dir / "pre-commit.log").read_text(encoding="utf-8")
    assert (
        log
        == "pre-commit run --all-files --show-diff-on-failure SKIP=check-threat-model-coverage\n"
    )
    assert job["artifacts"]["when"] == "always"
