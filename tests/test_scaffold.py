"""``threat-model init`` and ``threat-model new``: what they write, what they keep, and what
they refuse."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml

from hooks import __version__, cli
from hooks.core.config import parse_config
from hooks.core.markdown import parse_text
from hooks.core.scaffold import codeowners, yamledit
from hooks.core.scaffold.init import HOOK_IDS, HOOKS_URL, propose_areas
from hooks.core.template import looks_like_model
from tests.conftest import git, init_repo
from tests.scaffold_support import (
    MODELS,
    TODAY,
    app_repo,
    fill_model,
    placeholder_lines,
    tree,
    write,
)

ROOT = Path(__file__).resolve().parent.parent
INDEX = "docs/security/THREAT_MODEL_INDEX.md"
CHECKPOINT = (
    "- [ ] Threat model reviewed: new trust boundaries, data flows or entry points are"
    " reflected in docs/security/threat-models/"
)
COMMON = [
    ".threat-model.yaml",
    f"{MODELS}/template.md",
    INDEX,
    "docs/adr/0001-living-threat-analysis-per-feature.md",
    ".pre-commit-config.yaml",
    ".claude/commands/review-threat-model.md",
]
GITHUB = [".github/pull_request_template.md", ".github/workflows/threat-model.yml"]
GITLAB = [".gitlab/merge_request_templates/Default.md", ".gitlab/ci/threat-model.gitlab-ci.yml"]


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THREAT_MODEL_TODAY", TODAY)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = app_repo(tmp_path / "repo")
    monkeypatch.chdir(root)
    return root


def kept_in_order(old: list[str], new: list[str]) -> bool:
    """Whether every line of ``old`` is in ``new``, in the same order."""
    remaining = iter(new)
    return all(line in remaining for line in old)


def created(out: str) -> list[str]:
    return sorted(line.split(" ", 1)[1] for line in out.splitlines() if line.startswith("created "))


# --------------------------------------------------------------------------- init


@pytest.mark.parametrize(
    ("forge", "expected"),
    [
        pytest.param("github", GITHUB, id="github-folder"),
        pytest.param("github-remote", GITHUB, id="github-remote"),
        pytest.param("gitlab", GITLAB, id="gitlab-ci-file"),
        pytest.param("gitlab-remote", GITLAB, id="gitlab-remote"),
        pytest.param("none", [], id="no-forge"),
    ],
)
def test_init_writes_what_a_fresh_repository_needs(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    forge: str,
    expected: list[str],
) -> None:
    root = app_repo(tmp_path / "repo", forge)
    monkeypatch.chdir(root / "src")  # anywhere in the work tree: files go to its top level
    code, out, err = run(capsys, "init")
    assert code == 0, err
    assert created(out) == sorted(COMMON + expected)
    if not expected:
        assert "skipped CI and the pull request template (neither GitHub nor GitLab" in out
    if GITLAB[1] in expected:
        assert f"note: add the job to .gitlab-ci.yml:  include: [{{local: {GITLAB[1]}}}]" in out
    template = (root / MODELS / "template.md").read_text("utf-8")
    assert template == (ROOT / MODELS / "template.md").read_text("utf-8")
    config = parse_config((root / ".threat-model.yaml").read_text("utf-8"), "c", root)
    assert config.areas == ()  # proposals stay comments until the team takes them
    pre_commit = yaml.safe_load((root / ".pre-commit-config.yaml").read_text("utf-8"))
    assert pre_commit["default_install_hook_types"] == ["pre-commit", "pre-push"]
    assert pre_commit["repos"] == [
        {"repo": HOOKS_URL, "rev": f"v{__version__}", "hooks": [{"id": i} for i in HOOK_IDS]}
    ]
    for relpath in expected:
        if relpath.endswith(".md"):
            assert CHECKPOINT in (root / relpath).read_text("utf-8")
    # day zero passes every check
    assert run(capsys, "check")[0] == 0


def test_init_proposes_areas_from_source_folders_as_comments(repo: Path) -> None:
    write(repo, "src/Auth Service/x.py", "")
    write(repo, "services/auth/x.py", "")  # the name is taken: prefixed with its folder
    write(repo, "src/__pycache__/x.pyc", "")
    write(repo, "src/tests/x.py", "")
    write(repo, "lib/util.py", "")  # a folder of files is an area itself
    write(repo, "docs/readme.md", "")
    assert propose_areas(repo) == [
        ("auth", "src/auth/"),
        ("auth-service", "src/Auth Service/"),
        ("payments", "src/payments/"),
        ("services-auth", "services/auth/"),
        ("search", "services/search/"),
        ("lib", "lib/"),
    ]


def test_the_proposals_read_back_as_areas_once_uncommented(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, "src/a: b #c/x.py", "")
    assert run(capsys, "init", "--forge", "none")[0] == 0
    text = (repo / ".threat-model.yaml").read_text("utf-8")
    uncommented = re.sub(r"(?m)^# (areas:|  )", r"\1", text)
    config = parse_config(uncommented, ".threat-model.yaml", repo)
    assert {area.name: area.paths for area in config.areas} == {
        "a-b-c": ("src/a: b #c/",),
        "auth": ("src/auth/",),
        "payments": ("src/payments/",),
        "search": ("services/search/",),
    }


def test_a_repository_without_source_folders_gets_an_example_area(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(init_repo(tmp_path / "bare"))
    assert run(capsys, "init")[0] == 0
    text = (tmp_path / "bare/.threat-model.yaml").read_text("utf-8")
    assert "# An example" in text
    assert "# areas:\n#   auth:\n#     paths: [src/auth/]\n" in text


@pytest.mark.parametrize("forge", ["github", "gitlab", "none"])
def test_init_twice_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], forge: str
) -> None:
    root = app_repo(tmp_path / "repo", forge)
    monkeypatch.chdir(root)
    assert run(capsys, "init")[0] == 0
    before = tree(root)
    monkeypatch.setenv("THREAT_MODEL_TODAY", "2027-01-01")  # another day: still nothing
    code, out, _ = run(capsys, "init")
    assert code == 0
    assert tree(root) == before
    assert not created(out)
    assert all(line.startswith(("skipped ", "note: ")) for line in out.splitlines()), out


def test_init_keeps_existing_files(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = {
        ".threat-model.yaml": (
            "# ours\nmodels_dir: security/models\ntemplate: security/models/template.md\n"
        ),
        "security/models/template.md": "# Threat Model: <Feature name>\n",
        ".github/workflows/threat-model.yml": "name: ours\n",
    }
    for relpath, text in mine.items():
        write(repo, relpath, text)
    code, out, _ = run(capsys, "init")
    assert code == 0
    for relpath, text in mine.items():
        assert (repo / relpath).read_text("utf-8") == text
        assert f"skipped {relpath} (exists)" in out
    assert (repo / INDEX).is_file()  # the configuration's paths are where the rest goes
    assert CHECKPOINT.replace("docs/security/threat-models/", "security/models/") in (
        repo / ".github/pull_request_template.md"
    ).read_text("utf-8")


@pytest.mark.parametrize(
    ("forge", "relpath", "before", "after"),
    [
        pytest.param("github", ".github/pull_request_template.md", "## Why\n", "\n", id="github"),
        pytest.param(
            "github", ".github/PULL_REQUEST_TEMPLATE.md", "## Why\n", "\n", id="upper-case"
        ),
        pytest.param("github", "docs/pull_request_template.md", "## Why\n", "\n", id="docs-folder"),
        pytest.param("github", "pull_request_template.md", "## Why", "\n\n", id="no-final-newline"),
        pytest.param("github", ".github/pull_request_template.md", "## Why\r\n", "\r\n", id="crlf"),
        pytest.param("github", ".github/pull_request_template.md", "", "", id="empty"),
        pytest.param(
            "gitlab", ".gitlab/merge_request_templates/Default.md", "## Why\n", "\n", id="gitlab"
        ),
    ],
)
def test_the_checkpoint_is_appended_once(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    forge: str,
    relpath: str,
    before: str,
    after: str,
) -> None:
    root = app_repo(tmp_path / "repo", forge)
    write(root, relpath, before)
    monkeypatch.chdir(root)
    code, out, _ = run(capsys, "init")
    assert code == 0
    assert f"appended to {relpath}" in out
    newline = "\r\n" if "\r\n" in before else "\n"
    text = (root / relpath).read_bytes().decode("utf-8")
    assert text == before + after + CHECKPOINT + newline
    github_default = root / ".github/pull_request_template.md"
    assert relpath.lower() == ".github/pull_request_template.md" or not github_default.exists()
    code, out, _ = run(capsys, "init")
    assert f"skipped {relpath} (has the threat model checkpoint)" in out
    assert (root / relpath).read_bytes().decode("utf-8") == text


PRE_COMMIT_FORMS = {
    "indented": (
        "# our hooks\nrepos:\n  # linters\n  - repo: https://github.com/x/y\n    rev: v1\n"
        "    hooks:\n      - id: lint  # fast\n# after\nci:\n  autofix_prs: false\n"
    ),
    "indentless": "repos:\n- repo: local\n  hooks:\n  - id: a\n    name: a\n"
    "    entry: a\n    language: system\n",
    "trailing-comment": "repos:\n  - repo: https://github.com/x/y\n    rev: v1\n    hooks:\n"
    "      - id: lint\n      # - id: slow\n",
    "has-hook-types": "default_install_hook_types: [pre-commit]\nrepos:\n  - repo: meta\n"
    "    hooks:\n      - id: check-useless-excludes\n",
    "repos-null": "# nothing yet\nrepos:\n",
    "no-repos": "fail_fast: true\n",
    "only-comments": "# to do\n",
    "empty": "",
    "crlf-no-final-newline": "repos:\r\n  - repo: meta\r\n    hooks:\r\n      - id: identity",
    "bom": "\ufeffrepos:\n  - repo: meta\n    hooks:\n      - id: identity\n",
}


@pytest.mark.parametrize("form", sorted(PRE_COMMIT_FORMS))
def test_the_hooks_are_added_to_an_existing_pre_commit_config_keeping_its_comments(
    repo: Path, capsys: pytest.CaptureFixture[str], form: str
) -> None:
    before = PRE_COMMIT_FORMS[form]
    write(repo, ".pre-commit-config.yaml", before)
    code, out, err = run(capsys, "init")
    assert code == 0, err
    assert "updated .pre-commit-config.yaml" in out
    text = (repo / ".pre-commit-config.yaml").read_bytes().decode("utf-8")
    assert kept_in_order(before.lstrip("\ufeff").splitlines(), text.lstrip("\ufeff").splitlines())
    assert text.startswith("\ufeff") == before.startswith("\ufeff")
    if "\r\n" in before:
        assert "\n" not in text.replace("\r\n", "")
    old = yaml.safe_load(before.lstrip("\ufeff")) or {}
    new = yaml.safe_load(text.lstrip("\ufeff"))
    hooks = {"repo": HOOKS_URL, "rev": f"v{__version__}", "hooks": [{"id": i} for i in HOOK_IDS]}
    assert new["repos"] == [*(old.get("repos") or []), hooks]
    assert new["default_install_hook_types"] == old.get(
        "default_install_hook_types", ["pre-commit", "pre-push"]
    )
    assert {k: v for k, v in new.items() if k not in ("repos", "default_install_hook_types")} == {
        k: v for k, v in old.items() if k not in ("repos", "default_install_hook_types")
    }
    code, out, _ = run(capsys, "init")
    assert "skipped .pre-commit-config.yaml (has the threat-model hooks)" in out


@pytest.mark.parametrize(
    ("text", "why"),
    [
        pytest.param("repos: []\n", "'repos' is not a list in block style", id="flow-list"),
        pytest.param("{repos: []}\n", "is not a mapping of keys in block style", id="flow-map"),
        pytest.param(
            "repos:\n  - &x {repo: meta, hooks: [{id: identity}]}\n",
            "uses YAML anchors or aliases",
            id="anchor",
        ),
        pytest.param("repos:\n---\nrepos:\n", "holds more than one YAML document", id="two-docs"),
        pytest.param("repos: [\n", "is not valid YAML", id="broken"),
        pytest.param("fail_fast: true\n...\n", "has a layout", id="document-end"),
    ],
)
def test_a_pre_commit_config_that_cannot_be_edited_safely_is_left_alone(
    repo: Path, capsys: pytest.CaptureFixture[str], text: str, why: str
) -> None:
    write(repo, ".pre-commit-config.yaml", text)
    code, out, err = run(capsys, "init")
    assert code == 1
    assert f".pre-commit-config.yaml: {why}" in err
    assert f"- repo: {HOOKS_URL}" in out  # the lines to add by hand
    assert (repo / ".pre-commit-config.yaml").read_text("utf-8") == text
    assert (repo / ".threat-model.yaml").is_file()  # the rest is written


def test_an_existing_hooks_entry_is_kept(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    local = "repos:\n  - repo: local\n    hooks:\n      - id: check-threat-model-index\n"
    write(repo, ".pre-commit-config.yaml", local)
    code, out, _ = run(capsys, "init")
    assert code == 0
    assert "skipped .pre-commit-config.yaml (has the threat-model hooks)" in out
    assert (repo / ".pre-commit-config.yaml").read_text("utf-8") == local


@pytest.mark.parametrize("command", [["init"], ["new", "auth", "--paths", "src/auth/"]])
def test_a_dry_run_writes_nothing(
    repo: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    if command[0] == "new":
        assert run(capsys, "init")[0] == 0
        write(repo, ".pre-commit-config.yaml", "repos: []\n")
    before = tree(repo)
    code, out, _ = run(capsys, *command, "--dry-run")
    assert code == 0
    assert tree(repo) == before
    assert "would create" in out
    assert "created" not in out


def test_init_never_writes_through_a_link_out_of_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = app_repo(tmp_path / "repo", "github")
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "docs").symlink_to(outside, target_is_directory=True)
    write(tmp_path, "elsewhere.md", "## Why\n")
    (root / ".github/pull_request_template.md").symlink_to(tmp_path / "elsewhere.md")
    monkeypatch.chdir(root)
    code, out, err = run(capsys, "init")
    assert code == 1
    assert list(outside.iterdir()) == []
    assert (tmp_path / "elsewhere.md").read_text("utf-8") == "## Why\n"
    for relpath in (f"{MODELS}/template.md", INDEX, "docs/adr/0001-"):
        assert re.search(
            rf"{re.escape(relpath)}\S*: leads out of the repository through a symbolic link", err
        ), err
    assert ".github/pull_request_template.md: leads out of the repository through" in err
    assert "created .threat-model.yaml" in out


def test_init_never_writes_through_a_link_into_the_git_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A committed link ``docs -> .git/x`` leads inside the repository, into git's own files."""
    root = app_repo(tmp_path / "repo", "github")
    (root / ".git/x").mkdir()
    (root / "docs").symlink_to(".git/x", target_is_directory=True)
    monkeypatch.chdir(root)
    before = sorted(p.relative_to(root).as_posix() for p in (root / ".git").rglob("*"))
    code, _, err = run(capsys, "init")
    assert code == 1
    assert sorted(p.relative_to(root).as_posix() for p in (root / ".git").rglob("*")) == before
    assert f"{MODELS}/template.md: leads into a git folder" in err


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        pytest.param({}, "docs/adr/0001-", id="default"),
        pytest.param(
            {"docs/decisions/0007-use-postgres.md": "", "docs/decisions/0012-use-kafka.md": ""},
            "docs/decisions/0013-",
            id="numbered",
        ),
        pytest.param({"doc/adr/1-first.md": ""}, "doc/adr/2-", id="short-numbers"),
        pytest.param({"doc/adr/readme.md": ""}, "doc/adr/0001-", id="doc-adr"),
        pytest.param(
            {".adr-dir": "architecture/records\n", "architecture/records/0001-a.md": ""},
            "architecture/records/0002-",
            id="adr-tools",
        ),
        pytest.param({".adr-dir": "../elsewhere\n"}, "docs/adr/0001-", id="adr-dir-outside"),
    ],
)
def test_the_decision_record_goes_into_the_existing_folder(
    repo: Path, capsys: pytest.CaptureFixture[str], setup: dict[str, str], expected: str
) -> None:
    for relpath, text in setup.items():
        write(repo, relpath, text)
    code, out, _ = run(capsys, "init")
    assert code == 0
    relpath = f"{expected}living-threat-analysis-per-feature.md"
    assert f"created {relpath}" in out
    text = (repo / relpath).read_text("utf-8")
    number = int(re.findall(r"\d+", expected)[0])
    assert text.startswith(f"# {number}. Keep a living threat model for every feature\n")
    assert f"Date: {TODAY}" in text
    assert "STRIDE (Spoofing, Tampering, Repudiation" in text
    # the record is no threat model to the template check (neither its name nor its title)
    assert not looks_like_model(parse_text(text, relpath), relpath)
    _, out, _ = run(capsys, "init")
    assert f"skipped {relpath} (exists)" in out


def test_the_decision_record_names_the_configured_methodology(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, ".threat-model.yaml", "categories: linddun\nlenses: []\n")
    assert run(capsys, "init")[0] == 0
    text = (repo / "docs/adr/0001-living-threat-analysis-per-feature.md").read_text("utf-8")
    assert "  - categories: LINDDUN (Linking, Identifying" in text
    assert "  - lenses: none\n" in text


@pytest.mark.parametrize("command", ["init", "new"])
def test_outside_a_git_repository_it_is_a_usage_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    code, _, err = run(capsys, command, *(["auth"] if command == "new" else []))
    assert code == 2
    assert f"threat-model {command}: not inside a git repository" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["init", "new"])
def test_an_invalid_configuration_is_a_usage_error(
    repo: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    write(repo, ".threat-model.yaml", "staleness_days: soon\n")
    before = tree(repo)
    code, _, err = run(capsys, command, *(["auth"] if command == "new" else []))
    assert code == 2
    assert ".threat-model.yaml:1: configuration error: staleness_days" in err
    assert tree(repo) == before


# --------------------------------------------------------------------------- new


def metadata(text: str) -> dict[str, str]:
    return dict(re.findall(r"^- \*\*([^*]+):\*\* (.*)$", text, re.MULTILINE))


@pytest.fixture
def ready(repo: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """An application repository after `threat-model init`, committed."""
    assert run(capsys, "init", "--forge", "none")[0] == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "init")
    return repo


def test_new_fills_the_template_and_fails_only_on_placeholders(
    ready: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "new", "auth", "--paths", "src/auth/")
    assert code == 0, err
    assert out.splitlines() == [
        f"created {MODELS}/auth.md",
        "updated .threat-model.yaml",
        f"updated {INDEX}",
        "note: owner Dev (from git config user.name)",
    ]
    path = ready / MODELS / "auth.md"
    text = path.read_text("utf-8")
    assert text.startswith("# Threat Model: auth\n")
    assert metadata(text) == {
        "Feature name": "auth",
        "Owner": "Dev",
        "Last updated": TODAY,
        "Review cadence": "Quarterly",
    }
    code, out, _ = run(capsys, "check", "--format", "json")
    assert code == 1
    findings = json.loads(out)["findings"]
    assert findings
    where = placeholder_lines(text)
    # the template's Threats section has a heading per category with nothing under it yet:
    # the categories are reported at the Threats heading, where the team writes them
    threats = text.splitlines().index("## Threats") + 1
    for finding in findings:
        assert finding["path"] == f"{MODELS}/auth.md"
        if finding["code"] in ("TM501", "TM502"):
            assert finding["line"] == threats, finding
        else:
            assert finding["line"] in where, finding
    # only where the team must still write: each placeholder once (no TM102 for a section of
    # placeholders, no TM505 for the <T1> of the Mitigations table), and the categories that
    # the template's empty headings do not address yet, at the Threats heading
    assert {f["code"] for f in findings} == {"TM205", "TM501", "TM502"}
    fill_model(path)
    code, out, err = run(capsys, "check")
    assert code == 0, out + err


@pytest.mark.parametrize(
    ("argv", "codeowners_file", "owner", "note"),
    [
        pytest.param(["--owner", "  @acme/sec  "], None, "@acme/sec", "--owner", id="flag"),
        pytest.param(
            [],
            ("CODEOWNERS", "* @acme/core\n/src/auth/ @acme/identity @alice\n"),
            "@acme/identity @alice",
            "CODEOWNERS",
            id="codeowners",
        ),
        pytest.param(
            [],
            (".github/CODEOWNERS", "# owners\n*.py @py\n/src/ @acme/core\n"),
            "@acme/core",
            ".github/CODEOWNERS",
            id="codeowners-last-match",
        ),
        pytest.param(
            [],
            (".gitlab/CODEOWNERS", "[Identity] @acme/identity\n/src/auth/\n"),
            "@acme/identity",
            ".gitlab/CODEOWNERS",
            id="gitlab-section",
        ),
        pytest.param(
            [], ("CODEOWNERS", "/docs/ @docs\n"), "Dev", "git config user.name", id="git-user"
        ),
    ],
)
def test_the_owner_comes_from_the_flag_codeowners_or_git(
    ready: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    codeowners_file: tuple[str, str] | None,
    owner: str,
    note: str,
) -> None:
    if codeowners_file is not None:
        write(ready, *codeowners_file)
    code, out, _ = run(capsys, "new", "auth", "--paths", "src/auth/", *argv)
    assert code == 0
    assert metadata((ready / MODELS / "auth.md").read_text("utf-8"))["Owner"] == owner
    assert f"note: owner {owner} (from {note})" in out


def test_without_an_owner_the_placeholder_stays(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    git(ready, "config", "--unset", "user.name")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    code, out, _ = run(capsys, "new", "Payment Service", "--cadence", "Monthly")
    assert code == 0
    assert "note: no owner found" in out
    assert "note: no --paths, so no area in .threat-model.yaml" in out
    text = (ready / MODELS / "payment-service.md").read_text("utf-8")
    assert text.startswith("# Threat Model: Payment Service\n")
    assert metadata(text) == {
        "Feature name": "Payment Service",
        "Owner": "`<team or person>`",
        "Last updated": TODAY,
        "Review cadence": "Monthly",
    }
    assert "updated .threat-model.yaml" not in out


CONFIG_FORMS = {
    "init-marker": None,  # as init wrote it
    "no-file": "",
    "areas-with-comments": (
        "# ours\nstaleness_days: 30\nareas:\n  # the billing code\n  billing:\n"
        "    paths: [src/billing/]  # all of it\n    # staleness_days: 7\n# end\n"
    ),
    "areas-indented-four": "areas:\n    billing:\n        paths:\n            - src/billing/\n",
    "no-areas": "staleness_days: 30\n",
    "crlf": "areas:\r\n  billing:\r\n    paths: [src/billing/]\r\n",
}


@pytest.mark.parametrize("form", sorted(CONFIG_FORMS))
def test_new_adds_the_area_keeping_the_configuration_s_comments(
    ready: Path, capsys: pytest.CaptureFixture[str], form: str
) -> None:
    before = CONFIG_FORMS[form]
    if before == "":
        (ready / ".threat-model.yaml").unlink()
    elif before is not None:
        write(ready, ".threat-model.yaml", before)
    else:
        before = (ready / ".threat-model.yaml").read_text("utf-8")
    code, out, err = run(capsys, "new", "auth", "--paths", "src/auth/", "!src/auth/README.md")
    assert code == 0, err
    text = (ready / ".threat-model.yaml").read_bytes().decode("utf-8")
    kept = [line for line in before.splitlines() if line not in ("# areas:", "#   auth:")]
    if form == "init-marker":
        kept.remove("#     paths: [src/auth/]")  # the proposal the area replaces
    assert kept_in_order(kept, text.splitlines())
    config = parse_config(text, ".threat-model.yaml", ready)
    assert config.areas[-1].name == "auth"
    assert config.areas[-1].paths == ("src/auth/", "!src/auth/README.md")
    old = yaml.safe_load(before) or {}
    new = yaml.safe_load(text)
    assert list(new["areas"]) == [*(old.get("areas") or {}), "auth"]
    assert {k: v for k, v in new.items() if k != "areas"} == {
        k: v for k, v in old.items() if k != "areas"
    }
    verb = "created" if form == "no-file" else "updated"
    assert f"{verb} .threat-model.yaml" in out


@pytest.mark.parametrize(
    ("text", "why"),
    [
        pytest.param(
            "areas: {billing: {paths: [src/billing/]}}\n",
            "'areas' is not a mapping in block style",
            id="flow-areas",
        ),
        pytest.param(
            "areas:\n  billing: &b\n    paths: [src/billing/]\n",
            "uses YAML anchors or aliases",
            id="anchor",
        ),
        pytest.param(
            "staleness_days: 30\n...\n",
            "has a layout that the lines cannot be added to safely",
            id="document-end",
        ),
    ],
)
def test_new_refuses_a_configuration_it_cannot_edit_and_writes_nothing(
    ready: Path, capsys: pytest.CaptureFixture[str], text: str, why: str
) -> None:
    write(ready, ".threat-model.yaml", text)
    before = tree(ready)
    code, out, err = run(capsys, "new", "auth", "--paths", "src/auth/")
    assert code == 1
    assert f".threat-model.yaml: {why}; nothing is written" in err
    assert "  auth:\n    paths: [src/auth/]\n" in out
    assert tree(ready) == before


def test_new_refuses_an_existing_model(ready: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "new", "auth", "--paths", "src/auth/")[0] == 0
    before = tree(ready)
    code, _, err = run(capsys, "new", "Auth", "--paths", "src/auth/")
    assert code == 1
    assert f"{MODELS}/auth.md: exists; edit it, or name another feature" in err
    assert tree(ready) == before


def test_new_writes_the_model_an_existing_area_names(
    ready: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = "areas:\n  auth:\n    paths: [src/auth/]\n    model: docs/auth-model.md\n"
    write(ready, ".threat-model.yaml", config)
    code, out, _ = run(capsys, "new", "auth", "--paths", "src/login/")
    assert code == 0
    assert "created docs/auth-model.md" in out
    assert "note: area 'auth' is in .threat-model.yaml already; its paths are kept" in out
    assert (ready / ".threat-model.yaml").read_text("utf-8") == config


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(["--"], "feature name '--' has no letters or digits", id="no-slug"),
        pytest.param(["x", "--paths", " "], "--paths ' ': an empty path", id="empty-path"),
        pytest.param(["x", "--paths", "#x"], "--paths '#x': a pattern starting", id="comment"),
    ],
)
def test_new_usage_errors(
    ready: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    argv = ["--", "--"] if argv == ["--"] else argv
    code, _, err = run(capsys, "new", *argv)
    assert code == 2
    assert f"threat-model new: {message}" in err


def test_new_adds_the_index_row_through_the_index_fix(
    ready: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(ready, INDEX, "# Models\r\n\r\nOur notes.\r\n")  # no table yet; CRLF
    assert run(capsys, "new", "auth", "--owner", "@sec", "--paths", "./src/auth/")[0] == 0
    index = (ready / INDEX).read_bytes().decode("utf-8")
    assert index.startswith("# Models\r\n\r\nOur notes.\r\n\r\n<!-- threat-model-index:start -->")
    assert "| [auth](threat-models/auth.md) | @sec | 2026-11-24 | Quarterly |" in index
    assert run(capsys, "index")[0] == 0
    paths = parse_config((ready / ".threat-model.yaml").read_text("utf-8"), "c", ready)
    assert paths.areas[-1].paths == ("src/auth/",)


def test_new_creates_a_missing_index_and_uses_the_bundled_template(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "new", "auth", "--owner", "@sec")
    assert code == 0
    assert out.splitlines() == [
        f"created {MODELS}/auth.md",
        f"created {INDEX}",
        f"note: {MODELS}/template.md does not exist; the bundled template is used"
        " (threat-model init writes it)",
        "note: no --paths, so no area in .threat-model.yaml: coverage will not ask for it",
        "note: owner @sec (from --owner)",
    ]
    assert run(capsys, "index")[0] == 0


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        pytest.param(
            "# Threat Model: <Feature name>\n\n| Field | Value |\n| --- | --- |\n"
            "| Owner | <team> |\n| Last updated | YYYY-MM-DD |\n| Review cadence | tbd |\n",
            "| Owner | @a\\|b |\n| Last updated | 2026-11-24 |\n| Review cadence | Quarterly |\n",
            id="metadata-table",
        ),
        pytest.param(
            "---\nowner: <team>\nlast_updated: YYYY-MM-DD\n---\n# Threat Model: <Feature name>\n",
            '---\nowner: "@a|b"\nlast_updated: "2026-11-24"\n---\n# Threat Model: X\n',
            id="front-matter",
        ),
        pytest.param(
            "# Threat Model: <Feature name>\n\n- **Owner:** @security\n"
            "- **Last updated:** 2020-01-01\n- **Review cadence:** Yearly\n",
            "- **Owner:** @security\n- **Last updated:** 2026-11-24\n"
            "- **Review cadence:** Yearly\n",
            id="real-defaults-kept",
        ),
    ],
)
def test_new_fills_the_team_s_own_template(
    ready: Path, capsys: pytest.CaptureFixture[str], template: str, expected: str
) -> None:
    write(ready, f"{MODELS}/template.md", template)
    owner = [] if "@security" in template else ["--owner", "@a|b"]
    code, _, err = run(capsys, "new", "X", *owner)
    assert code == 0, err
    assert (ready / MODELS / "x.md").read_text("utf-8").endswith(expected)


def test_new_refuses_a_template_it_cannot_read(
    ready: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(ready, f"{MODELS}/template.md", b"\xff\xfe bad")
    code, _, err = run(capsys, "new", "x")
    assert code == 1
    assert f"{MODELS}/template.md: is not valid UTF-8 (byte 0); it is not edited" in err
    assert not (ready / MODELS / "x.md").exists()


# --------------------------------------------------------------------------- parts


def test_the_bundled_template_is_the_project_s_template() -> None:
    bundled = (ROOT / "hooks/data/template.md").read_bytes()
    assert bundled == (ROOT / MODELS / "template.md").read_bytes()
    assert bundled == (ROOT / "examples/demo" / MODELS / "template.md").read_bytes()


@pytest.mark.parametrize(
    ("bundled", "example"),
    [
        ("github-workflow.yml", "examples/ci/github-actions/threat-model-coverage.yml"),
        ("gitlab-ci.yml", "examples/ci/gitlab-ci.yml"),
    ],
)
def test_the_ci_init_writes_is_the_example(bundled: str, example: str) -> None:
    assert (ROOT / "hooks/data" / bundled).read_bytes() == (ROOT / example).read_bytes()


def test_init_adds_every_hook_of_the_manifest() -> None:
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert list(HOOK_IDS) == [hook["id"] for hook in manifest]


@pytest.mark.parametrize(
    "value",
    [
        "src/auth/",
        "a b",
        "on",
        "no",
        "123",
        "0x1f",
        "~",
        "null",
        "#x",
        "a: b",
        "[x]",
        "!x",
        "*.py",
        "-x",
        "ünï",
        'q"uote',
        "https://x.y/z",
        "a,b",
        "@team",
    ],
)
def test_scalars_read_back_as_written(value: str) -> None:
    written = yamledit.scalar(value)
    assert yaml.safe_load(f"key: {written}") == {"key": value}
    assert yaml.safe_load(f"key: [{written}, x]") == {"key": [value, "x"]}


@pytest.mark.parametrize(
    ("text", "path", "owners"),
    [
        pytest.param("* @all\n/src/ @src # note\n", "src/a.py", ("@src",), id="last-match"),
        pytest.param("/src/ @src\n/src/a.py\n", "src/a.py", (), id="unowned-rule"),
        pytest.param("[Docs][2] @docs\ndocs/\n", "docs/x.md", ("@docs",), id="section-default"),
        pytest.param("^[Opt] @o\n*.md @md\n", "x.md", ("@md",), id="optional-section"),
        pytest.param("my\\ dir/ @sp\n", "my dir/x", ("@sp",), id="escaped-space"),
        pytest.param("!x @n\n[ @b\n", "x", (), id="invalid-patterns-skipped"),
    ],
)
def test_codeowners_rules(text: str, path: str, owners: tuple[str, ...]) -> None:
    assert codeowners.owner_of(codeowners.parse(text), path) == owners


def test_codeowners_owners_of_most_files_win() -> None:
    rules = codeowners.parse("/src/auth/ @a\n/src/auth/vendor/ @v\n")
    files = ["src/auth/x.py", "src/auth/vendor/a", "src/auth/vendor/b", "README.md"]
    assert codeowners.owners_for(rules, ["src/auth/"], files) == "@v"
    assert codeowners.owners_for(rules, ["src/auth/**"], []) == "@a"
    assert codeowners.owners_for(rules, ["!x", "docs/"], []) is None


# --------------------------------------------------------------------------- edges


@pytest.mark.parametrize(
    ("urls", "forges"),
    [
        pytest.param(["ssh://git@ssh.github.com:443/a/b.git"], ("github",), id="github-ssh"),
        pytest.param(["https://bitbucket.org/a/b"], (), id="bitbucket"),
        pytest.param(
            ["git@gitlab.com:a/b.git", "https://github.com/a/b"], ("github", "gitlab"), id="both"
        ),
    ],
)
def test_the_forge_is_detected_from_the_remotes(
    tmp_path: Path, urls: list[str], forges: tuple[str, ...]
) -> None:
    from hooks.core.scaffold.init import detect_forges

    root = init_repo(tmp_path / "repo")
    for number, url in enumerate(urls):
        git(root, "remote", "add", f"r{number}", url)
    assert detect_forges(root) == forges


@pytest.mark.parametrize(
    "adr_dir",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b".\n", id="root"),
        pytest.param(b"\xff\n", id="not-utf-8"),
    ],
)
def test_an_adr_dir_that_names_no_folder_is_ignored(
    repo: Path, capsys: pytest.CaptureFixture[str], adr_dir: bytes
) -> None:
    write(repo, ".adr-dir", adr_dir)
    write(repo, "docs/decisions/0001-x.md", "")
    code, out, _ = run(capsys, "init")
    assert code == 0
    assert "created docs/decisions/0002-living-threat-analysis-per-feature.md" in out


@pytest.mark.parametrize(
    ("setup", "note"),
    [
        pytest.param({}, True, id="no-include"),
        pytest.param(
            {".gitlab-ci.yml": "include:\n  - local: .gitlab/ci/threat-model.gitlab-ci.yml\n"},
            False,
            id="included",
        ),
        pytest.param({".gitlab-ci.yml/x": ""}, True, id="not-a-file"),
    ],
)
def test_gitlab_gets_the_include_line_to_add(
    repo: Path, capsys: pytest.CaptureFixture[str], setup: dict[str, str], note: bool
) -> None:
    for relpath, text in setup.items():
        write(repo, relpath, text)
    code, out, _ = run(capsys, "init", "--forge", "gitlab")
    assert code == 0
    assert ("note: add the job to .gitlab-ci.yml" in out) is note


def test_a_linked_or_oversized_file_is_not_edited(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, "config/pre-commit.yaml", "repos:\n  - repo: meta\n    hooks:\n      - id: x\n")
    (repo / ".pre-commit-config.yaml").symlink_to("config/pre-commit.yaml")
    write(repo, ".github/pull_request_template.md", "x" * (1024 * 1024 + 1))
    code, _, err = run(capsys, "init")
    assert code == 1
    assert ".pre-commit-config.yaml: is a symbolic link; it is not edited" in err
    assert ".github/pull_request_template.md: is larger than 1024 KiB; it is not edited" in err
    assert "id: check-threat-model" not in (repo / "config/pre-commit.yaml").read_text("utf-8")


def test_a_loop_of_links_is_not_written_through(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "docs").symlink_to("docs")
    code, _, err = run(capsys, "init", "--forge", "none")
    assert code == 1
    assert f"{MODELS}/template.md: is a loop of symbolic links; it is not written" in err


def test_a_file_that_cannot_be_written_is_reported(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo, ".pre-commit-config.yaml", "repos:\n")
    real_replace = os.replace

    def replace(source: str | Path, target: str | Path) -> None:
        if Path(target).name in (".pre-commit-config.yaml", "template.md"):
            raise PermissionError(13, "Permission denied")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    code, out, err = run(capsys, "init", "--forge", "none")
    assert code == 1
    assert f"{MODELS}/template.md: cannot write: Permission denied" in err
    assert ".pre-commit-config.yaml: cannot write: Permission denied" in err
    assert "created .threat-model.yaml" in out
    assert (repo / ".pre-commit-config.yaml").read_text("utf-8") == "repos:\n"
    assert not list((repo / MODELS).glob(".*.tmp"))  # the temporary file is gone


def test_new_reports_files_it_cannot_edit_and_writes_nothing(
    ready: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (ready / INDEX).unlink()
    (ready / INDEX).mkdir()
    before = tree(ready)
    code, _, err = run(capsys, "new", "auth", "--paths", "src/auth/")
    assert code == 1
    assert f"{INDEX}: is not a file" in err
    assert tree(ready) == before


def test_new_refuses_a_linked_configuration(
    ready: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (ready / "config.yaml").write_bytes((ready / ".threat-model.yaml").read_bytes())
    (ready / ".threat-model.yaml").unlink()
    (ready / ".threat-model.yaml").symlink_to("config.yaml")
    code, _, err = run(capsys, "new", "auth", "--paths", "src/auth/")
    assert code == 1
    assert ".threat-model.yaml: is a symbolic link; it is not edited" in err
    assert not (ready / MODELS / "auth.md").exists()


def test_new_refuses_an_area_that_would_not_be_valid(
    ready: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "new", "auth", "--paths", "!src/auth/", "!x")
    assert code == 1
    assert "the area would not be valid: area 'auth': has no paths (only negated" in err
    assert not (ready / MODELS / "auth.md").exists()


def test_new_fills_empty_values_and_values_on_the_next_line(
    ready: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        ready,
        f"{MODELS}/template.md",
        "# Threat Model: <Feature name>\n\n## Feature metadata\n\n- **Owner:**\n  <team>\n"
        "- **Last updated:**\n- **Review cadence:** <x>\n\n| Team |  |\n| --- | --- |\n",
    )
    assert run(capsys, "new", "x", "--owner", "@o", "--paths", "a/", "a/")[0] == 0
    text = (ready / MODELS / "x.md").read_text("utf-8")
    assert "- **Owner:**\n  @o\n- **Last updated:** 2026-11-24\n" in text
    assert "- **Review cadence:** Quarterly\n" in text
    config = parse_config((ready / ".threat-model.yaml").read_text("utf-8"), "c", ready)
    assert config.areas[-1].paths == ("a/",)


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        pytest.param(
            "# areas:\n#   auth:\n#     paths: [src/auth/]\n#   search:\n#     paths: [s/]\n",
            "search",
            "areas:\n  search:\n    paths: [s/]\n#   auth:\n#     paths: [src/auth/]\n",
            id="second-proposal",
        ),
        pytest.param(
            "areas:\n  a:\n    paths: |\n      x/\n\nmode: enforce\n",
            "b",
            "areas:\n  a:\n    paths: |\n      x/\n\n  b:\n    paths: [s/]\nmode: enforce\n",
            id="block-scalar",
        ),
    ],
)
def test_add_area_layouts(text: str, name: str, expected: str) -> None:
    assert yamledit.add_area(text, name, ["s/"]) == expected


@pytest.mark.parametrize("text", ["- a\n", "just text\n"])
def test_add_area_refuses_a_top_level_that_is_not_a_mapping(text: str) -> None:
    with pytest.raises(yamledit.Refused, match="not a mapping of keys in block style"):
        yamledit.add_area(text, "b", ["s/"])


def test_has_hooks_reads_any_repos_list() -> None:
    assert not yamledit.has_hooks({"repos": [42, {"repo": "meta", "hooks": "x"}]}, HOOKS_URL)
    assert yamledit.has_hooks({"repos": [{"repo": HOOKS_URL + ".git/"}]}, HOOKS_URL)
    assert not yamledit.has_hooks(["x"], HOOKS_URL)


def test_codeowners_files_that_cannot_be_read_are_passed_over(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    write(tmp_path, "outside", "* @outside\n")
    write(root, ".github/CODEOWNERS", b"\xff* @bad\n")
    (root / "CODEOWNERS").symlink_to(tmp_path / "outside")
    write(root, "docs/CODEOWNERS", "* @big\n" + "#" * codeowners.MAX_BYTES)
    write(root, ".gitlab/CODEOWNERS", "\ufeff* @gitlab\n")
    found = codeowners.read_rules(root)
    assert found is not None
    assert found[0] == ".gitlab/CODEOWNERS"
    assert codeowners.owner_of(found[1], "x") == ("@gitlab",)
    (root / ".gitlab/CODEOWNERS").unlink()
    assert codeowners.read_rules(root) is None


def test_the_readme_shows_the_set_up_commands_and_the_configuration_init_writes() -> None:
    from hooks.core.scaffold.init import pre_commit_text

    readme = (ROOT / "README.md").read_text("utf-8")
    use_it = readme.split("## Use it\n", 1)[1]
    commands = re.search(r"```sh\n(.*?)```", use_it, re.DOTALL)
    assert commands is not None
    assert commands.group(1).splitlines() == [
        f'pip install "git+{HOOKS_URL}@v{__version__}"',
        "threat-model init",
    ]
    shown = re.search(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", use_it, re.DOTALL)
    assert shown is not None
    assert yaml.safe_load(shown.group(1)) == yaml.safe_load(pre_commit_text())
    assert "ci: skip: [check-threat-model-coverage]" in use_it
    assert "[docs/getting-started.md](docs/getting-started.md)" in use_it
