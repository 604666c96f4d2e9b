"""check-threat-model-coverage and ``threat-model coverage`` over real git repositories."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hooks import check_threat_model_coverage as hook
from hooks import cli
from hooks.core.coverage import MARKER, PATHS_SHOWN
from tests.conftest import git
from tests.coverage_support import CONFIG, TODAY, make_repo, model, write

GOLDEN = Path(__file__).parent / "golden" / "coverage-report.md"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("THREAT_MODEL_TODAY", TODAY)
    monkeypatch.delenv("PRE_COMMIT_FROM_REF", raising=False)
    monkeypatch.delenv("PRE_COMMIT_TO_REF", raising=False)
    root = make_repo(tmp_path / "repo")
    monkeypatch.chdir(root)
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = hook.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def report(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    code, out, _ = run(capsys, "--format", "json", *argv)
    data: dict[str, object] = json.loads(out)
    data["exit"] = code
    return data


def statuses(data: dict[str, object]) -> dict[str, str]:
    areas = data["areas"]
    assert isinstance(areas, list)
    return {a["name"]: a["status"] for a in areas}


def test_full_audit_when_nothing_staged(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = report(capsys)
    assert data["source"] == "audit"
    assert data["schema_version"] == 1
    assert statuses(data) == {"auth": "present", "billing": "stale", "search": "missing"}
    assert data["exit"] == 0
    assert report(capsys, "--enforce")["exit"] == 1


def test_bold_last_updated_is_read(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = report(capsys, "--all")
    areas = data["areas"]
    assert isinstance(areas, list)
    billing = next(a for a in areas if a["name"] == "billing")
    assert billing["last_updated"] == "2025-12-06"
    assert billing["owner"] == "team-sec"
    assert "85 days ago; budget 30 days; was due 2026-01-05" in billing["why"]


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        pytest.param(["src/auth/login.py"], {"auth": "present"}, id="auth-present"),
        pytest.param(["src/auth/README.md"], {}, id="ignored-readme"),
        pytest.param(
            ["src/search/q.py", "other.txt"], {"search": "missing"}, id="search-without-a-model"
        ),
        pytest.param(["src/billing/pay.py"], {"billing": "stale"}, id="billing-stale"),
    ],
)
def test_staged_edits(
    repo: Path, capsys: pytest.CaptureFixture[str], edits: list[str], expected: dict[str, str]
) -> None:
    for name in edits:
        write(repo, name, "changed\n")
    git(repo, "add", "-A")
    data = report(capsys)
    assert data["source"] == "staged"
    assert statuses(data) == expected
    assert data["exit"] == 0


def test_rename_counts_both_paths(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "mv", "src/auth/login.py", "src/search/login.py")
    data = report(capsys)
    assert statuses(data) == {"auth": "present", "search": "missing"}


def test_deletion_touches_area(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "rm", "-q", "src/billing/pay.py")
    assert statuses(report(capsys)) == {"billing": "stale"}


def test_model_updated_in_this_change(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "src/billing/pay.py", "changed\n")
    write(repo, "docs/security/threat-models/billing.md", model("billing", "2026-02-28"))
    git(repo, "add", "-A")
    data = report(capsys, "--enforce")
    areas = data["areas"]
    assert isinstance(areas, list)
    assert areas[0]["status"] == "present"
    assert areas[0]["why"] == "updated in this change"
    assert data["exit"] == 0


@pytest.mark.parametrize(
    ("updated", "why"),
    [
        pytest.param("2026-04-01", "not a valid past date", id="future-date"),
        pytest.param("someday", "not a valid past date", id="words"),
        pytest.param(None, "no Last updated", id="no-date"),
    ],
)
def test_future_or_invalid_date_is_missing(
    repo: Path, capsys: pytest.CaptureFixture[str], updated: str | None, why: str
) -> None:
    text = model("auth", updated or "x")
    if updated is None:
        text = text.replace("- **Last updated:** x\n", "")
    write(repo, "docs/security/threat-models/auth.md", text)
    data = report(capsys, "--all")
    areas = data["areas"]
    assert isinstance(areas, list)
    assert areas[0]["status"] == "missing"
    assert why in areas[0]["why"]


def test_unreadable_model_is_missing(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "docs/security/threat-models/auth.md").write_bytes(b"\xff\xfe bad")
    listed = report(capsys, "--all")["areas"]
    assert isinstance(listed, list)
    assert listed[0]["status"] == "missing"
    assert listed[0]["why"] == (
        "docs/security/threat-models/auth.md cannot be read: not valid UTF-8 (byte 0xff);"
        " expected UTF-8 Markdown text"
    )


def test_range_from_merge_base(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "switch", "-q", "-c", "feature")
    write(repo, "src/search/q.py", "new\n")
    git(repo, "commit", "-qam", "search")
    git(repo, "switch", "-q", "main")
    write(repo, "src/billing/pay.py", "main moved on\n")
    git(repo, "commit", "-qam", "billing")
    data = report(capsys, "--from-ref", "main", "--to-ref", "feature")
    assert data["source"] == "range"
    assert statuses(data) == {"search": "missing"}
    assert report(capsys, "--from-ref", "main", "--to-ref", "feature", "--enforce")["exit"] == 1


@pytest.mark.parametrize(
    "names",
    [
        pytest.param(("--base", "--head"), id="base-head"),
        pytest.param(("--from-ref", "--to-ref"), id="from-ref-to-ref"),
    ],
)
def test_the_hook_and_the_cli_name_the_range_alike(
    repo: Path, capsys: pytest.CaptureFixture[str], names: tuple[str, str]
) -> None:
    """``--base``/``--head`` in the hook and in ``threat-model coverage`` alike; the hook's
    former ``--from-ref``/``--to-ref`` stay as aliases, in both."""
    git(repo, "switch", "-q", "-c", "feature")
    write(repo, "src/search/q.py", "new\n")
    git(repo, "commit", "-qam", "search")
    base, head = names
    data = report(capsys, base, "main", head, "feature")
    assert (data["source"], statuses(data)) == ("range", {"search": "missing"})
    assert cli.main(["coverage", "--format", "json", base, "main", head, "feature"]) == 0
    assert statuses(json.loads(capsys.readouterr().out)) == {"search": "missing"}


def test_range_from_pre_commit_environment(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = git(repo, "rev-parse", "HEAD").strip()
    write(repo, "src/auth/new file.py", "x\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "auth")
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", base)
    monkeypatch.setenv("PRE_COMMIT_TO_REF", "HEAD")
    data = report(capsys)
    assert data["source"] == "range"
    assert data["areas"] == [
        {
            "name": "auth",
            "model": "docs/security/threat-models/auth.md",
            "owner": "team-sec",
            "last_updated": "2026-02-01",
            "due": "2026-05-02",
            "status": "present",
            "why": "current (28 of 90 days); due 2026-05-02",
            "touched": ["src/auth/new file.py"],
        }
    ]


@pytest.mark.parametrize(
    "name",
    ["src/auth/-dash.py", "src/auth/new\nline.py", "src/auth/ü é.py"],
    ids=["leading-dash", "newline", "accents-and-space"],
)
def test_awkward_file_names(repo: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    write(repo, name, "x\n")
    git(repo, "add", "-A")
    data = report(capsys)
    areas = data["areas"]
    assert isinstance(areas, list)
    assert areas[0]["touched"] == [name]
    code, out, _ = run(capsys, "--format", "markdown")
    assert code == 0
    assert "\n" not in out.split("- `", 1)[1].split("`", 1)[0]


def test_missing_ref_advisory_and_enforce(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--from-ref", "origin/nope", "--to-ref", "HEAD")
    assert (code, out) == (0, "")
    assert "warning" in err
    assert "'origin/nope'" in err
    assert "fetch-depth: 0" in err
    assert "TM403" in err
    code, _, err = run(capsys, "--from-ref", "origin/nope", "--to-ref", "HEAD", "--enforce")
    assert code == 2
    assert "error" in err
    assert "Traceback" not in err


def test_not_a_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / ".threat-model.yaml").write_text("areas:\n  a: [x/]\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    code, _, err = run(capsys)
    assert code == 0
    assert "not a git repository" in err
    assert run(capsys, "--enforce")[0] == 2
    (folder / ".threat-model.yaml").write_text("mode: enforce\nareas:\n  a: [x/]\n", "utf-8")
    assert run(capsys)[0] == 2


@pytest.mark.parametrize(
    "args", [[], ["--all"], ["--from-ref", "HEAD"]], ids=["staged", "all", "from-ref"]
)
def test_git_not_installed_is_not_a_missing_repository(
    repo: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no git on it
    code, out, err = run(capsys, *args)
    assert (code, out) == (0, "")
    assert "git is not installed or not on PATH" in err
    assert "not a git repository" not in err
    assert run(capsys, "--enforce", *args)[0] == 2


def test_shallow_clone_without_base(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = git(repo, "rev-parse", "HEAD").strip()
    write(repo, "src/search/q.py", "new\n")
    git(repo, "commit", "-qam", "search")
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    monkeypatch.chdir(clone)
    code, _, err = run(capsys, "--from-ref", base, "--to-ref", "HEAD")
    assert code == 0
    assert base in err
    assert "fetch-depth: 0" in err


def test_detached_head(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(repo, "rev-parse", "HEAD").strip()
    write(repo, "src/search/q.py", "new\n")
    git(repo, "commit", "-qam", "search")
    git(repo, "checkout", "-q", "--detach", "HEAD")
    assert statuses(report(capsys, "--from-ref", base, "--to-ref", "HEAD")) == {"search": "missing"}


def test_unrelated_histories(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "switch", "-q", "--orphan", "other")
    write(repo, "src/auth/x.py", "x\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "orphan")
    code, _, err = run(capsys, "--from-ref", "main", "--to-ref", "other")
    assert code == 0
    assert "cannot compare" in err


def test_config_error_exit_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, ".threat-model.yaml", "areas:\n  auth: {paths: []}\n")
    code, _, err = run(capsys)
    assert code == 2
    assert "'auth'" in err


def test_markdown_golden(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for index in range(PATHS_SHOWN + 2):
        write(repo, f"src/search/f{index:02}.py", "x\n")
    write(repo, "src/billing/a|b.py", "x\n")
    write(repo, "src/auth/login.py", "y\n")
    git(repo, "add", "-A")
    code, out, _ = run(capsys, "--format", "markdown")
    assert code == 0
    assert out.startswith(MARKER)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(out, encoding="utf-8")
    assert out == GOLDEN.read_text(encoding="utf-8")


def test_text_and_github_formats(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys)
    assert code == 0
    assert out.splitlines()[0] == (
        "threat-model coverage (advisory): full audit of every area (nothing staged)"
    )
    assert "search: missing: docs/security/threat-models/search.md: no model file" in out
    assert "was due 2026-01-05 (TM401)" in out
    code, out, _ = run(capsys, "--format", "github", "--enforce")
    assert code == 1
    model = "docs/security/threat-models/search.md"
    assert f"::error file={model},title=TM402 threat model missing::" in out
    code, out, _ = run(capsys, "--format", "github")
    assert "::warning file=" in out


def test_no_area_touched(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "other.txt", "z\n")
    git(repo, "add", "-A")
    code, out, _ = run(capsys, "--format", "markdown", "--enforce")
    assert code == 0
    assert "No feature area is touched." in out
    code, out, _ = run(capsys, "--enforce")
    assert code == 0
    assert "No feature area is touched." in out


def test_all_present_verdict(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "src/auth/login.py", "z\n")
    git(repo, "add", "-A")
    _, out, _ = run(capsys, "--format", "markdown")
    assert "All 1 touched area(s) have a current threat model." in out


def test_cli_subcommand(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = git(repo, "rev-parse", "HEAD").strip()
    write(repo, "src/billing/pay.py", "z\n")
    git(repo, "commit", "-qam", "billing")
    assert cli.main(["coverage", "--base", base, "--enforce"]) == 1
    assert "billing: stale" in capsys.readouterr().out
    assert cli.main(["coverage", "--all", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["source"] == "audit"
    write(repo, ".threat-model.yaml", "areas: 3\n")
    assert cli.main(["coverage"]) == 2


def test_markdown_audit_lists_every_area(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--all", "--format", "markdown")
    assert code == 0
    assert "full audit of every area (--all)" in out
    assert out.count("| ") >= 4
    assert "<details>" not in out


def test_from_ref_alone_compares_with_head(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = git(repo, "rev-parse", "HEAD").strip()
    write(repo, "src/search/q.py", "new\n")
    git(repo, "commit", "-qam", "search")
    monkeypatch.setenv("PRE_COMMIT_FROM_REF", "HEAD")
    data = report(capsys, "--from-ref", base)
    assert data["description"] == f"changes in {base}...HEAD (from the merge base)"
    assert statuses(data) == {"search": "missing"}


@pytest.mark.parametrize(("mode", "exit_status"), [("advisory", 0), ("enforce", 1)])
def test_check_runs_a_full_audit(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    mode: str,
    exit_status: int,
) -> None:

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".threat-model.yaml").write_text(
        f"mode: {mode}\nseverity: {{TM301: 'off', TM206: 'off'}}\n"
        "areas:\n  auth:\n    paths: [src/auth/]\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert cli.main(["check"]) == exit_status
    out = capsys.readouterr().out
    label = "" if mode == "enforce" else "[warning] "
    assert (
        f".threat-model.yaml:4:3: TM402 {label}area 'auth': missing: "
        "no model file at docs/security/threat-models/auth.md\n"
        "  hint: write the model at docs/security/threat-models/auth.md from the template\n"
    ) in out


@pytest.mark.parametrize(
    ("updated", "finding", "hint"),
    [
        pytest.param(
            "2025-12-06",
            "billing.md:7:21: TM401 [warning] area 'billing': stale: last updated 85 days ago",
            "review the model, update it and set Last updated to today's date",
            id="TM401-stale",
        ),
        pytest.param(
            "2099-01-01",
            "billing.md:7:21: TM402 [warning] area 'billing': missing: Last updated '2099-01-01'",
            "write Last updated as a real date, not in the future (YYYY-MM-DD)",
            id="TM402-future-date",
        ),
        pytest.param(
            None,
            "billing.md:1:1: TM402 [warning] area 'billing': missing: the model has no Last",
            "add '- **Last updated:** YYYY-MM-DD' to the model's metadata",
            id="TM402-no-date",
        ),
        pytest.param(
            b"\xff",
            "billing.md:1:1: TM402 [warning] area 'billing': missing: docs/security/threat-models/"
            "billing.md cannot be read: not valid UTF-8",
            "re-save the file as UTF-8",
            id="TM402-not-utf-8",
        ),
    ],
)
def test_check_points_at_the_last_updated_line(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    updated: str | bytes | None,
    finding: str,
    hint: str,
) -> None:
    path = repo / BILLING
    if isinstance(updated, bytes):
        path.write_bytes(updated)
    else:
        text = model("billing", updated or "x")
        path.write_text(text if updated else text.replace("- **Last updated:** x\n", ""), "utf-8")
    cli.main(["check"])
    out = capsys.readouterr().out
    assert f"docs/security/threat-models/{finding}" in out
    assert f"  hint: {hint}\n" in out


def test_an_area_without_a_model_points_at_its_definition(tmp_path: Path) -> None:
    from hooks.core.config import load_config
    from hooks.core.coverage import report_audit
    from hooks.core.findings import Reporter

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "tm.yaml").write_text(
        "areas:\n  a: [x/]\n  'b c':\n    paths: [y/]\n  d: {paths: [z/]}\n", encoding="utf-8"
    )
    reporter = Reporter()
    report_audit(load_config(str(tmp_path / "tm.yaml"), root=tmp_path), reporter)
    where = [(f.path.rsplit("/", 1)[-1], f.line, f.column) for f in reporter.findings]
    assert where == [("tm.yaml", 2, 3), ("tm.yaml", 3, 4), ("tm.yaml", 5, 3)]


def test_markdown_cells_are_inert(tmp_path: Path) -> None:
    from hooks.core.output import markdown_cell

    assert markdown_cell("[pay](https://evil) <img src=x> | ok") == (
        "\\[pay\\](https://evil) \\<img src=x> \\| ok"
    )
    assert markdown_cell("") == "\u2014"


@pytest.fixture
def monorepo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled demo below the top level of a repository (its configuration root is a
    sub-folder), committed, with today pinned so that its auth model is current."""
    import shutil

    from tests.conftest import ROOT, init_repo

    monkeypatch.setenv("THREAT_MODEL_TODAY", "2026-11-24")
    monkeypatch.delenv("PRE_COMMIT_FROM_REF", raising=False)
    monkeypatch.delenv("PRE_COMMIT_TO_REF", raising=False)
    top = init_repo(tmp_path / "mono")
    demo = top / "examples" / "demo"
    shutil.copytree(ROOT / "examples" / "demo", demo)
    write(top, "outside/src/auth/login.py", "x = 1\n")
    git(top, "add", "-A")
    git(top, "commit", "-qm", "demo")
    monkeypatch.chdir(demo)
    return demo


@pytest.mark.parametrize(
    ("edits", "expected", "exit_status"),
    [
        pytest.param(["src/auth/login.py"], {"auth": "present"}, 0, id="auth-present"),
        pytest.param(["src/payments/checkout.py"], {"payments": "stale"}, 1, id="payments-stale"),
        pytest.param(["../../outside/src/auth/login.py"], {}, 0, id="outside-the-project"),
    ],
)
def test_configuration_below_the_top_level(
    monorepo: Path,
    capsys: pytest.CaptureFixture[str],
    edits: list[str],
    expected: dict[str, str],
    exit_status: int,
) -> None:
    for name in edits:
        write(monorepo, name, "changed\n")
    git(monorepo, "add", "-A")
    data = report(capsys, "--enforce")
    assert data["source"] == "staged"
    assert statuses(data) == expected
    assert data["exit"] == exit_status
    git(monorepo, "commit", "-qm", "change")
    data = report(capsys, "--from-ref", "HEAD~1", "--to-ref", "HEAD", "--enforce")
    assert statuses(data) == expected
    assert data["exit"] == exit_status


def test_staged_paths_outside_the_project_are_not_a_full_audit(
    monorepo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(monorepo, "../../outside/src/auth/login.py", "changed\n")
    git(monorepo, "add", "-A")
    code, out, _ = run(capsys, "--enforce")
    assert code == 0
    assert "staged changes; 1 outside this project's folder" in out
    assert "No feature area is touched." in out


BILLING = "docs/security/threat-models/billing.md"


def test_a_range_reads_models_at_its_head(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "switch", "-q", "-c", "upd")
    write(repo, "src/billing/pay.py", "changed\n")
    write(repo, BILLING, model("billing", "2026-02-28"))
    git(repo, "commit", "-qam", "billing and its model")
    git(repo, "switch", "-q", "main")  # the working tree holds the stale model
    data = report(capsys, "--from-ref", "main", "--to-ref", "upd", "--enforce")
    assert statuses(data) == {"billing": "present"}
    assert data["exit"] == 0


def test_a_range_ignores_uncommitted_model_edits(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git(repo, "switch", "-q", "-c", "feature")
    write(repo, "src/billing/pay.py", "changed\n")
    git(repo, "commit", "-qam", "billing")
    write(repo, BILLING, model("billing", "2026-02-28"))  # not committed
    data = report(capsys, "--from-ref", "main", "--to-ref", "HEAD", "--enforce")
    assert statuses(data) == {"billing": "stale"}
    assert data["exit"] == 1


def test_staged_runs_read_the_staged_models(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "src/billing/pay.py", "changed\n")
    git(repo, "add", "src/billing/pay.py")
    write(repo, BILLING, model("billing", "2026-02-28"))  # not staged
    assert statuses(report(capsys)) == {"billing": "stale"}
    git(repo, "add", BILLING)
    write(repo, BILLING, model("billing", "2025-01-01"))  # the staged version counts
    data = report(capsys, "--enforce")
    assert statuses(data) == {"billing": "present"}
    assert data["exit"] == 0


def test_a_model_written_but_not_staged_is_missing(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, "src/search/q.py", "changed\n")
    git(repo, "add", "src/search/q.py")
    write(repo, "docs/security/threat-models/search.md", model("search", "2026-02-28"))
    code, out, _ = run(capsys)
    assert "search: missing: docs/security/threat-models/search.md: no model file at" in out
    assert "as staged in git" in out
    assert code == 0
    git(repo, "add", "-A")
    assert statuses(report(capsys)) == {"search": "present"}


def test_models_at_a_commit_through_symbolic_links(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    models = repo / "docs/security/threat-models"
    (models / "search.md").symlink_to("auth.md")
    (models / "billing.md").unlink()
    (models / "billing.md").symlink_to("../../../../outside.md")
    (repo.parent / "outside.md").write_text(model("billing", "2026-02-28"), encoding="utf-8")
    write(repo, "src/search/q.py", "changed\n")
    write(repo, "src/billing/pay.py", "changed\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "links")
    for argv in (["--from-ref", "HEAD~1", "--to-ref", "HEAD"], [], ["--all"]):
        listed = report(capsys, *argv)["areas"]
        assert isinstance(listed, list)
        areas = {a["name"]: a for a in listed}
        assert areas["search"]["status"] == "present", argv
        assert areas["billing"]["status"] == "missing", argv
        assert "symbolic link out of the repository" in areas["billing"]["why"]


def test_models_of_a_commit_that_cannot_be_read(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    models = repo / "docs/security/threat-models"
    write(repo, ".threat-model.yaml", CONFIG + "max_file_bytes: 4096\n")
    (models / "auth.md").write_text(model("auth", "2026-02-01") + "x" * 5000, encoding="utf-8")
    (models / "billing.md").unlink()
    (models / "billing.md").mkdir()
    (models / "billing.md" / "x").write_text("x", encoding="utf-8")
    (models / "search.md").symlink_to("search.md")
    for name in ("src/auth/login.py", "src/billing/pay.py", "src/search/q.py"):
        write(repo, name, "changed\n")
    write(repo, "src/search/broken.md", "x")
    git(repo, "add", "-A")
    listed = report(capsys)["areas"]
    assert isinstance(listed, list)
    why = {a["name"]: a["why"] for a in listed}
    assert why["auth"].endswith("as staged in git is larger than max_file_bytes (4096)")
    assert why["billing"].endswith("billing.md as staged in git")  # a folder holds no file
    assert why["search"].endswith("as staged in git: too many levels of symbolic links")
    git(repo, "commit", "-qm", "unreadable models")
    listed = report(capsys, "--from-ref", "HEAD~1", "--to-ref", "HEAD")["areas"]
    assert isinstance(listed, list)
    why = {a["name"]: a["why"] for a in listed}
    assert why["billing"] == f"{BILLING} at HEAD is not a file"


def test_github_commands_are_escaped(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        repo,
        ".threat-model.yaml",
        'areas:\n  "a,b: c\\r%":\n    paths: [src/]\n    model: "docs/x,y:z\\r.md"\n',
    )
    code, out, _ = run(capsys, "--all", "--format", "github")
    assert code == 0
    assert (
        "::warning file=docs/x%2Cy%3Az%0D.md,title=TM402 threat model missing::"
        "a,b: c%0D%25: missing: no model file at docs/x,y:z%0D.md\n"
    ) in out


def test_undecodable_file_names_are_printed_escaped(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "src/auth").joinpath(os.fsdecode(b"\xff-\xc3.py")).write_text("x", encoding="utf-8")
    git(repo, "add", "-A")
    listed = report(capsys)["areas"]
    assert isinstance(listed, list)
    assert listed[0]["touched"] == ["src/auth/\\xff-\\xc3.py"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}
    for fmt in ("text", "markdown", "json", "github"):
        done = subprocess.run(
            [sys.executable, "-m", "hooks.check_threat_model_coverage", "--format", fmt],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr


def test_markdown_table_cells_hold_any_model_path(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hooks.core.markdown import parse_text

    write(repo, ".threat-model.yaml", "areas:\n  a:\n    paths: [src/]\n    model: docs/a|b`c.md\n")
    out = run(capsys, "--all", "--format", "markdown")[1]
    tables = [block.table for block in parse_text(out, "x.md").sections[0].blocks if block.table]
    (row,) = tables[0].rows
    assert len(row.cells) == 6
    assert row.cells[1] == "`docs/a\\|b'c.md`"  # GFM reads \| in a cell as |, code spans too


def test_a_model_in_a_folder_linked_out_of_the_repository_is_not_read(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo.parent / "elsewhere").mkdir()
    (repo.parent / "elsewhere" / "auth.md").write_text(model("auth", "2026-02-28"), "utf-8")
    (repo / "linked").symlink_to(repo.parent / "elsewhere")
    write(
        repo,
        ".threat-model.yaml",
        "areas:\n  auth:\n    paths: [src/]\n    model: linked/auth.md\n",
    )
    listed = report(capsys, "--all")["areas"]
    assert isinstance(listed, list)
    assert listed[0]["why"] == (
        "linked/auth.md is in a folder linked out of the repository; it is not read"
    )


def test_git_failing_while_models_are_read(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from hooks.core import git as git_module
    from hooks.core.git import GitError

    def broken(*args: object) -> None:
        raise GitError("fatal: bad object")

    monkeypatch.setattr(git_module, "entries", broken)
    write(repo, "src/auth/login.py", "changed\n")
    git(repo, "add", "-A")
    code, out, err = run(capsys)
    assert (code, out) == (0, "")
    assert "warning: TM403 cannot read the models: fatal: bad object" in err
    assert run(capsys, "--enforce")[0] == 2


def test_models_of_a_commit_read_whole_when_their_head_lacks_a_field(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    late = (
        "# Threat Model: auth\n\n## Assets\n\nTokens.\n\n"
        + model("auth", "2026-02-01").split("\n\n", 1)[1]
    )
    write(repo, "docs/security/threat-models/auth.md", late)
    (repo / BILLING).write_bytes(b"\xff")
    for name in ("src/auth/login.py", "src/billing/pay.py"):
        write(repo, name, "changed\n")
    git(repo, "commit", "-qam", "models")
    listed = report(capsys, "--from-ref", "HEAD~1", "--to-ref", "HEAD")["areas"]
    assert isinstance(listed, list)
    why = {a["name"]: a["why"] for a in listed}
    assert why["auth"] == "updated in this change"
    assert why["billing"].startswith(f"{BILLING} at HEAD cannot be read: not valid UTF-8")


def test_a_configuration_gone_since_it_was_read(tmp_path: Path) -> None:
    from hooks.core.config import load_config
    from hooks.core.coverage import report_audit
    from hooks.core.findings import Reporter

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".threat-model.yaml").write_text("areas:\n  a: [x/]\n", encoding="utf-8")
    config = load_config(root=tmp_path)
    (tmp_path / ".threat-model.yaml").unlink()
    reporter = Reporter()
    report_audit(config, reporter)
    assert [(f.line, f.column) for f in reporter.findings] == [(2, 1)]


@pytest.mark.parametrize(
    ("model_name", "config_extra", "suggested"),
    [
        pytest.param("search-service", "", True, id="model-of-a-longer-name"),
        pytest.param("sea", "", True, id="model-of-a-shorter-name"),
        pytest.param("payments", "", False, id="no-model-of-a-like-name"),
        pytest.param(
            "search-service",
            "    model: docs/security/threat-models/find.md\n",
            False,
            id="the-configuration-names-the-model",
        ),
    ],
)
def test_a_missing_model_hints_at_a_model_of_a_like_name(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    model_name: str,
    config_extra: str,
    suggested: bool,
) -> None:
    """When an area's model is not at <area>.md but a model of a like name exists, the hint
    says to name it with ``model:`` rather than write a second model."""
    write(repo, f"docs/security/threat-models/{model_name}.md", model("search", "2026-02-01"))
    config = (repo / ".threat-model.yaml").read_text("utf-8")
    paths = "    paths: [src/search/]\n"
    config = config.replace(paths, paths + config_extra)
    write(repo, ".threat-model.yaml", config)
    code, out, _ = run(capsys, "--all")
    assert code == 0
    hint = f"'model: docs/security/threat-models/{model_name}.md'"
    assert (hint in cli_check_hints(capsys)) is suggested
    assert "search: missing: " in out


def cli_check_hints(capsys: pytest.CaptureFixture[str]) -> str:
    """The hints ``threat-model check`` gives (the audit's findings carry them)."""
    cli.main(["check"])
    return "\n".join(
        line for line in capsys.readouterr().out.splitlines() if line.startswith("  hint:")
    )


@pytest.mark.parametrize(
    ("args", "verdict"),
    [
        pytest.param([], "1 of 3 area(s) need", id="audit"),
        pytest.param(["--all"], "1 of 3 area(s) need", id="all"),
    ],
)
def test_an_audit_does_not_say_touched(
    repo: Path, capsys: pytest.CaptureFixture[str], args: list[str], verdict: str
) -> None:
    write(repo, "docs/security/threat-models/search.md", model("search", "2026-02-01"))
    code, out, _ = run(capsys, *args)
    assert code == 0
    assert out.splitlines()[-1].startswith(verdict)
    assert "touched" not in out


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "github"])
def test_no_areas_configured_says_so(
    repo: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    write(repo, ".threat-model.yaml", "staleness_days: 90\n")
    write(repo, "src/auth/login.py", "changed\n")
    git(repo, "add", "-A")
    code, out, _ = run(capsys, "--format", fmt)
    assert code == 0
    assert "No feature area is configured" in out
    assert "No feature area is touched" not in out
