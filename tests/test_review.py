"""threat-model review and check-threat-model-review: ranges, verdicts, formats, exit codes."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from hooks import check_threat_model_review
from hooks.cli import main as cli
from hooks.core.review import diff as diff_module
from hooks.core.review.render import MARKER, NO_UPDATE, ROWS_SHOWN
from tests.conftest import git, init_repo
from tests.coverage_support import model, write

TODAY = "2026-03-01"
CONFIG = """\
areas:
  api:
    paths: [src/api/]
  auth:
    paths: [src/auth/]
  billing:
    paths: [src/billing/]
    staleness_days: 30
  search:
    paths: [src/search/]
"""
MODELS = "docs/security/threat-models"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository on ``main``: api and auth current, billing stale, search without a model;
    the current folder is its root and today is pinned."""
    root = init_repo(tmp_path / "repo")
    write(root, ".threat-model.yaml", CONFIG)
    write(root, f"{MODELS}/api.md", model("api", "2026-02-01"))
    write(root, f"{MODELS}/auth.md", model("auth", "2026-02-01"))
    write(root, f"{MODELS}/billing.md", model("billing", "2025-12-06"))
    for name in ("src/api/routes.py", "src/auth/login.py", "src/billing/pay.py"):
        write(root, name, "x = 1\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "initial")
    git(root, "switch", "-q", "-c", "feature")
    monkeypatch.chdir(root)
    monkeypatch.setenv("THREAT_MODEL_TODAY", TODAY)
    for name in ("PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF"):
        monkeypatch.delenv(name, raising=False)
    return root


def commit(root: Path, files: dict[str, str], message: str = "change") -> None:
    for name, text in files.items():
        write(root, name, text)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def run(
    capsys: pytest.CaptureFixture[str], *args: str, command: str = "review"
) -> tuple[int, str, str]:
    status = cli([command, *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def review_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    status, out, _ = run(capsys, "--base", "main", "--format", "json", *args)
    assert status == 0
    data: dict[str, Any] = json.loads(out)
    return data


ROUTE = '@router.get("/users")\ndef users():\n    return []\n'
TOKEN = "import jwt\n\ndef mint(user):\n    return jwt.encode({'sub': user.id}, KEY)\n"


def test_the_json_has_exactly_the_documented_shape(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commit(repo, {"src/api/routes.py": "x = 1\n" + ROUTE + '@router.post("/users")\n'})
    data = review_json(capsys)
    assert list(data) == [
        "version",
        "base",
        "head",
        "truncated",
        "configuration_changed",
        "changes",
        "models",
    ]
    assert data["truncated"] is data["configuration_changed"] is False
    assert data["version"] == 1
    assert data["base"] == git(repo, "rev-parse", "main").strip()
    assert data["head"] == git(repo, "rev-parse", "HEAD").strip()
    (change,) = data["changes"]
    assert list(change) == [
        "category",
        "file",
        "line",
        "model",
        "sections",
        "evidence",
        "why",
        "also",
    ]
    assert change["category"] == "trust-boundary"
    assert change["file"] == "src/api/routes.py"
    assert change["line"] == 2
    assert change["model"] == "api"
    assert change["sections"] == ["Entry points", "Trust boundaries", "Threats"]
    assert change["evidence"] == '@router.get("/users")'
    assert change["also"] == [{"line": 5, "evidence": '@router.post("/users")'}]
    assert data["models"] == [
        {
            "model": "api",
            "path": f"{MODELS}/api.md",
            "verdict": "update-needed",
            "sections": ["Entry points", "Trust boundaries", "Threats"],
        }
    ]


def test_verdicts(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commit(
        repo,
        {
            "src/api/routes.py": "x = 1\n" + ROUTE,  # update-needed
            "src/auth/login.py": TOKEN,  # updated: its model moves
            f"{MODELS}/auth.md": model("auth", "2026-03-01"),
            "src/billing/README.md": "how billing works\n",  # stale, nothing that matters
            "src/search/q.py": "import stripe\n",  # missing model
            "Dockerfile": "FROM python:3.12\n",  # in no area
        },
    )
    data = review_json(capsys)
    verdicts = {(m["model"], m["verdict"]) for m in data["models"]}
    assert verdicts == {
        ("api", "update-needed"),
        ("auth", "updated"),
        ("billing", "stale"),
        ("search", "missing"),
        (None, "missing"),
    }
    outside = data["models"][-1]
    assert outside == {
        "model": None,
        "path": None,
        "verdict": "missing",
        "sections": ["Trust boundaries", "Threats", "Mitigations"],
    }
    assert {(c["file"], c["model"]) for c in data["changes"]} >= {("Dockerfile", None)}


def test_an_edit_that_keeps_the_date_is_no_update(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commit(repo, {"src/auth/login.py": TOKEN, f"{MODELS}/auth.md": model("auth", "2026-02-01")})
    commit(repo, {f"{MODELS}/auth.md": model("auth", "2026-02-01") + "\nmore\n"})
    (verdict,) = review_json(capsys)["models"]
    assert verdict["verdict"] == "update-needed"


def test_a_new_model_is_an_update(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commit(repo, {"src/search/q.py": "import stripe\n", f"{MODELS}/search.md": model("s", TODAY)})
    (verdict,) = review_json(capsys)["models"]
    assert verdict["verdict"] == "updated"


@pytest.mark.parametrize(
    ("files", "sentence"),
    [
        pytest.param({"src/api/notes.md": "n\n"}, NO_UPDATE, id="docs-only"),
        pytest.param({"src/api/tests/test_x.py": ROUTE}, NO_UPDATE, id="tests-only"),
        pytest.param(
            {"src/auth/login.py": TOKEN, f"{MODELS}/auth.md": model("auth", TODAY)},
            "No threat model updates needed beyond the models this change updates.",
            id="updated",
        ),
        pytest.param(
            {"src/api/routes.py": ROUTE},
            "Threat model work needed: 1 need an update (of 1 touched).",
            id="update-needed",
        ),
    ],
)
def test_the_verdict_sentence(
    repo: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str], sentence: str
) -> None:
    commit(repo, files)
    for fmt in ("text", "markdown"):
        status, out, _ = run(capsys, "--base", "main", "--format", fmt)
        assert status == 0
        assert sentence in out


def test_text_lines(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commit(repo, {"src/api/routes.py": "x = 1\n" + ROUTE})
    status, out, _ = run(capsys, "--base", "main")
    assert status == 0
    assert out.splitlines() == [
        "threat-model review (advisory): changes in main...HEAD (from the merge base)",
        "src/api/routes.py:2:1: trust-boundary: adds an HTTP route or view "
        "[api: Entry points, Trust boundaries, Threats]",
        f"api: update-needed: {MODELS}/api.md: 1 change that the model does not reflect yet "
        "(Entry points, Trust boundaries, Threats)",
        "Threat model work needed: 1 need an update (of 1 touched).",
    ]


def test_paths_print_from_the_current_folder(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    commit(repo, {"src/api/routes.py": ROUTE})
    monkeypatch.chdir(repo / "src")
    _, out, _ = run(capsys, "--base", "main")
    assert "api/routes.py:1:1: trust-boundary" in out


@pytest.mark.parametrize(
    ("args", "config", "files", "status"),
    [
        pytest.param([], "", {"src/api/routes.py": ROUTE}, 0, id="advisory"),
        pytest.param(["--enforce"], "", {"src/api/routes.py": ROUTE}, 1, id="enforce"),
        pytest.param([], "mode: enforce\n", {"src/api/routes.py": ROUTE}, 1, id="mode-enforce"),
        pytest.param(
            ["--enforce"],
            "",
            {"src/api/routes.py": ROUTE, f"{MODELS}/api.md": model("api", TODAY)},
            0,
            id="enforce-updated",
        ),
        pytest.param(["--enforce"], "", {"Dockerfile": "FROM x\n"}, 1, id="enforce-no-area"),
        pytest.param(["--enforce"], "", {"src/billing/a.md": "x\n"}, 0, id="enforce-stale"),
    ],
)
def test_exit_status(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    config: str,
    files: dict[str, str],
    status: int,
) -> None:
    if config:
        write(repo, ".threat-model.yaml", config + CONFIG)
    commit(repo, files)
    assert run(capsys, "--base", "main", *args)[0] == status


def test_the_staged_change(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--format", "json")
    assert (status, json.loads(out)["changes"]) == (0, [])
    _, out, _ = run(capsys)
    assert "nothing staged" in out
    assert NO_UPDATE in out
    write(repo, "src/api/routes.py", ROUTE)
    git(repo, "add", "-A")
    data = json.loads(run(capsys, "--format", "json")[1])
    assert data["head"] is None
    assert data["base"] == git(repo, "rev-parse", "HEAD").strip()
    assert [c["file"] for c in data["changes"]] == ["src/api/routes.py"]
    assert "staged changes" in run(capsys)[1]


def test_a_new_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = init_repo(tmp_path / "new")
    write(root, "app.py", ROUTE)
    git(root, "add", "-A")
    os.chdir(root)
    data = json.loads(run(capsys, "--format", "json")[1])
    assert data["base"] is None
    assert [(c["file"], c["model"]) for c in data["changes"]] == [("app.py", None)]


def test_the_pre_commit_range(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    commit(repo, {"src/api/routes.py": ROUTE})
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", "main")
    monkeypatch.setenv("PRE_COMMIT_TO_REF", "HEAD")
    status = check_threat_model_review.main(["--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert status == 0
    assert [c["file"] for c in data["changes"]] == ["src/api/routes.py"]
    assert check_threat_model_review.main(["--enforce"]) == 1
    assert "main...HEAD" in capsys.readouterr().out
    monkeypatch.delenv("PRE_COMMIT_FROM_REF")
    monkeypatch.delenv("PRE_COMMIT_TO_REF")
    for option in ("--base", "--from-ref"):
        assert check_threat_model_review.main([option, "main", "--enforce"]) == 1
        assert "main...HEAD" in capsys.readouterr().out
    assert cli(["review", "--from-ref", "main", "--to-ref", "HEAD", "--enforce"]) == 1


def test_a_branch_is_reviewed_from_its_merge_base(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commit(repo, {"src/api/routes.py": ROUTE})
    git(repo, "switch", "-q", "main")
    commit(repo, {"src/auth/login.py": TOKEN}, "main moves on")
    git(repo, "switch", "-q", "feature")
    data = review_json(capsys)
    assert [c["file"] for c in data["changes"]] == ["src/api/routes.py"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--base", "no-such-ref"], "git ref 'no-such-ref' is not available", id="ref"),
        pytest.param(["--base", "lonely"], "no merge base", id="no-merge-base"),
    ],
)
def test_git_problems_exit_2(
    repo: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    git(repo, "switch", "-q", "--orphan", "lonely")
    commit(repo, {"other.py": "x\n"})
    git(repo, "switch", "-q", "feature")
    status, out, err = run(capsys, *args)
    assert (status, out) == (2, "")
    assert message in err
    assert err.startswith("threat-model review: error:")


def test_outside_a_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "plain").mkdir()
    os.chdir(tmp_path / "plain")
    status, _, err = run(capsys)
    assert status == 2
    assert "not a git repository" in err


def test_markdown_comment(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commit(repo, {"src/api/routes.py": "x = 1\n" + ROUTE, "src/api/a.py": "fields = 'a|b'\n"})
    _, out, _ = run(capsys, "--base", "main", "--format", "markdown")
    lines = out.splitlines()
    assert lines[0] == MARKER
    assert "## Threat model review" in lines
    assert (
        f"| api: `{MODELS}/api.md` | \u26a0\ufe0f update needed | Entry points, Trust boundaries, "
        "Threats | 1 change that the model does not reflect yet |" in lines
    )
    assert (
        '| trust-boundary | `src/api/routes.py:2` | api | `@router.get("/users")` | '
        "adds an HTTP route or view |" in lines
    )
    _, combined, _ = run(capsys, "--base", "main", "--format", "markdown", "--with-coverage")
    assert combined.startswith("<!-- threat-model-coverage -->\n## Threat model coverage")
    assert "\n## Threat model review\n" in combined
    assert MARKER not in combined


def test_markdown_is_inert_and_bounded(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    routes = "".join(f'@app.get("/a|{n}`x")\n' for n in range(ROWS_SHOWN + 5))
    files = {f"src/api/r{n}.py": routes for n in range(ROWS_SHOWN + 5)}
    commit(repo, files)
    _, out, _ = run(capsys, "--base", "main", "--format", "markdown")
    assert f"and {5} more" in out
    assert '`@app.get("/a\\|0\'x")`' in out


def test_github_annotations(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commit(repo, {"src/api/routes.py": ROUTE})
    _, out, _ = run(capsys, "--base", "main", "--format", "github")
    lines = out.splitlines()
    assert lines[0].startswith(f"::warning file={MODELS}/api.md,line=1,col=1,title=TM608 ")
    assert lines[1].startswith(
        "::warning file=src/api/routes.py,line=1,col=1,title=TM601 trust-boundary-change::"
    )
    assert lines[-1] == "::notice::Threat model work needed: 1 need an update (of 1 touched)."
    _, enforced, _ = run(capsys, "--base", "main", "--format", "github", "--enforce")
    assert "\n::error file=src/api/routes.py" in enforced


def test_sarif(repo: Path, capsys: pytest.CaptureFixture[str], shared: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    commit(repo, {"src/api/routes.py": ROUTE, "requirements.txt": "flask==3.0\n"})
    _, out, _ = run(capsys, "--base", "main", "--format", "sarif")
    log = json.loads(out)
    schema = json.loads((shared / "schemas/sarif-schema-2.1.0.json").read_text("utf-8"))
    jsonschema.validate(log, schema)
    rules = {result["ruleId"] for result in log["runs"][0]["results"]}
    assert rules == {"TM601", "TM607", "TM608"}


def test_severity_off_leaves_a_category_out(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, ".threat-model.yaml", CONFIG + "severity:\n  TM607: off\n")
    commit(repo, {"requirements.txt": "flask==3.0\n", "src/api/routes.py": ROUTE})
    data = review_json(capsys)
    assert {c["category"] for c in data["changes"]} == {"trust-boundary"}


def test_section_names_as_configured(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sections = (
        "sections:\n  - Feature metadata\n  - name: Attack surface\n    aliases: [Entry points]\n"
        "  - Trust boundaries\n  - Threats\n"
    )
    write(repo, ".threat-model.yaml", CONFIG + sections)
    commit(repo, {"src/api/routes.py": ROUTE})
    (change,) = review_json(capsys)["changes"]
    assert change["sections"] == ["Attack surface", "Trust boundaries", "Threats"]


def test_exclude_and_ignore(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        repo,
        ".threat-model.yaml",
        CONFIG + "ignore: [legacy/]\nreview:\n  exclude: ['src/api/generated_*.py']\n",
    )
    commit(
        repo,
        {
            "legacy/routes.py": ROUTE,
            "src/api/generated_client.py": ROUTE,
            "src/api/routes.py": ROUTE,
        },
    )
    assert [c["file"] for c in review_json(capsys)["changes"]] == ["src/api/routes.py"]


def test_a_project_in_a_subfolder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = init_repo(tmp_path / "mono")
    write(root, "svc/.threat-model.yaml", "areas:\n  api:\n    paths: [api/]\n")
    write(root, "svc/api/a.py", "x\n")
    write(root, "other/a.py", "x\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    write(root, "svc/api/a.py", ROUTE)
    write(root, "other/a.py", ROUTE)
    git(root, "add", "-A")
    os.chdir(root / "svc")
    data = json.loads(run(capsys, "--format", "json")[1])
    assert [(c["file"], c["model"]) for c in data["changes"]] == [("api/a.py", "api")]


def test_odd_file_names_print_escaped(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = os.fsdecode(b"src/api/r\xff.py")
    (repo / name).write_text(ROUTE, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "odd")
    _, out, _ = run(capsys, "--base", "main")
    assert "src/api/r\\xff.py:1:1: trust-boundary" in out
    data = review_json(capsys)
    assert data["changes"][0]["file"] == "src/api/r\\xff.py"


@pytest.mark.parametrize("fmt", ["text", "markdown", "github"])
def test_control_characters_in_names_and_evidence_print_escaped(
    repo: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """A file name or a changed line cannot forge a line of the output (a GitHub workflow
    command) or drive the terminal, in any text format."""
    name = "src/api/r\n::error file=evil.py::forged\x1b[31m.py"
    route = '@router.get("/u\x1b[2J")\ndef users():\n    return []\n'
    commit(repo, {name: route})
    _, out, _ = run(capsys, "--base", "main", "--format", fmt)
    assert "\x1b" not in out
    assert not any(line.startswith("::error file=evil.py") for line in out.splitlines())
    assert "\\x1b" in out


def test_a_diff_too_large_is_read_by_name(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    commit(repo, {"src/api/a.py": "x = 1\n" * 400, "Dockerfile": "FROM x\n"})
    monkeypatch.setattr(diff_module, "MAX_DIFF_BYTES", 600)
    _, out, _ = run(capsys, "--base", "main")
    assert "too large to read whole" in out
    assert "Dockerfile:1:1: infrastructure" in out
    _, markdown, _ = run(capsys, "--base", "main", "--format", "markdown")
    assert "too large to read whole" in markdown
    assert review_json(capsys)["truncated"] is True


def test_the_hook_refuses_a_bad_configuration(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, ".threat-model.yaml", "review: [1]\n")
    assert check_threat_model_review.main([]) == 2
    assert "'review' must be a mapping" in capsys.readouterr().err


def test_a_model_that_cannot_be_read_is_missing(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commit(repo, {"src/api/routes.py": ROUTE})
    (repo / MODELS / "api.md").write_bytes(b"\xff\xfe not text")
    git(repo, "commit", "-qam", "unreadable model")
    (verdict,) = review_json(capsys)["models"]
    assert verdict["verdict"] == "missing"


def test_models_that_git_cannot_read(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from hooks.core import coverage
    from hooks.core.git import GitError
    from hooks.core.review import run as run_module

    commit(repo, {"src/api/routes.py": ROUTE})

    def broken(*args: object) -> None:
        raise GitError("fatal: bad object")

    monkeypatch.setattr(coverage, "evaluate", broken)
    status, _, err = run(capsys, "--base", "main")
    assert status == 2
    assert "cannot read the models: fatal: bad object" in err
    monkeypatch.undo()
    monkeypatch.chdir(repo)
    monkeypatch.setattr(run_module, "verdicts", broken)
    status, _, err = run(capsys, "--base", "main")
    assert (status, "cannot read the models" in err) == (2, True)


def test_the_commands_offer_every_format() -> None:
    from hooks.cli import REVIEW_FORMATS
    from hooks.core.review.render import FORMATS

    assert REVIEW_FORMATS == FORMATS == check_threat_model_review.FORMATS


def test_git_that_cannot_run(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from hooks.core import git as gitcore

    def missing(root: Path) -> bool:
        raise gitcore.GitError("git is not installed or not on PATH")

    monkeypatch.setattr(gitcore, "is_repository", missing)
    status, _, err = run(capsys, "--base", "main")
    assert status == 2
    assert "git is not installed" in err


@pytest.mark.parametrize("fmt", ["text", "markdown", "github", "json"])
def test_a_change_to_the_configuration_is_said(
    repo: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """A pull request's own .threat-model.yaml sets the rules it is checked by: the review
    says so, in every format, so that the gate's change is reviewed as one."""
    commit(repo, {".threat-model.yaml": CONFIG + "mode: advisory\n"})
    status, out, _ = run(capsys, "--base", "main", "--format", fmt)
    assert status == 0
    if fmt == "json":
        assert json.loads(out)["configuration_changed"] is True
    else:
        assert "the change edits .threat-model.yaml" in out.lower()
    commit(repo, {"src/api/routes.py": "x = 2\n"})
    _, out, _ = run(capsys, "--base", "HEAD~1", "--format", fmt)
    assert ".threat-model.yaml" not in out
