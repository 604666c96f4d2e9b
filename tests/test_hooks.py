"""The sections and template hooks and `threat-model check`, on real files in a git repository."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from hooks import (
    check_threat_model_content,
    check_threat_model_index,
    check_threat_model_sections,
    check_threat_model_template,
    cli,
)
from hooks.core import files
from hooks.core.placeholders import blank_code_spans, blank_comments, find_placeholders

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples/demo"
MODELS = "docs/security/threat-models"
GOOD = (DEMO / MODELS / "authentication.md").read_text(encoding="utf-8")

Main = Callable[[list[str]], int]
SECTIONS: Main = check_threat_model_sections.main
TEMPLATE: Main = check_threat_model_template.main


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / MODELS).mkdir(parents=True)
    shutil.copy2(DEMO / MODELS / "template.md", tmp_path / MODELS / "template.md")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("THREAT_MODEL_TODAY", "2026-11-24")
    return tmp_path


def write(root: Path, relpath: str, text: str | bytes) -> str:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return relpath


def run(main: Main, args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out


def model_path(name: str = "auth") -> str:
    return f"{MODELS}/{name}.md"


@pytest.mark.parametrize("main", [SECTIONS, TEMPLATE], ids=["sections", "template"])
def test_a_good_model_passes(repo: Path, capsys: pytest.CaptureFixture[str], main: Main) -> None:
    path = write(repo, model_path(), GOOD)
    assert run(main, [path], capsys) == (0, "")


ASSET_LINES = (
    "- User passwords (hashed with Argon2id) and session tokens.\n"
    "- The signing key for session cookies.\n"
)
SECTION_CASES = [
    # (what is changed, replacement, expected "line:col: code")
    pytest.param("## Assets\n", "## Protected assets\n", None, id="alias-protected-assets"),
    pytest.param("## Assets\n", "## 2. Assets\n", None, id="numbered-heading"),
    pytest.param("## Assets\n", "## Valuables\n", "1:1: TM101", id="TM101-unknown-heading"),
    pytest.param("- The signing key for session cookies.\n", "", None, id="one-asset-left"),
    pytest.param(
        "- User passwords (hashed with Argon2id) and session tokens.\n"
        "- The signing key for session cookies.\n",
        "TODO: list the assets.\n",
        "10:1: TM102",
        id="TM102-todo-note",
    ),
    pytest.param(
        "- User passwords (hashed with Argon2id) and session tokens.\n"
        "- The signing key for session cookies.\n",
        "TBD\n",
        "10:1: TM102",
        id="TM102-tbd",
    ),
    pytest.param(
        "## Residual risk\n",
        "## Residual risk and follow-ups\n",
        None,
        id="heading-with-more-words",
    ),
    pytest.param(
        "- User passwords (hashed with Argon2id) and session tokens.\n"
        "- The signing key for session cookies.\n",
        "<!-- to do -->\n",
        "10:1: TM102",
        id="TM102-only-a-comment",
    ),
    pytest.param(ASSET_LINES, "- TODO\n", "10:1: TM102", id="TM102-todo-bullet"),
    pytest.param(ASSET_LINES, "-\n-\n", "10:1: TM102", id="TM102-empty-bullets"),
    pytest.param(ASSET_LINES, "> TODO\n", "10:1: TM102", id="TM102-todo-quote"),
    pytest.param(ASSET_LINES, "```\n```\n", "10:1: TM102", id="TM102-empty-code-block"),
    pytest.param(
        ASSET_LINES, "- TBD\n  - TODO: the keys\n", "10:1: TM102", id="TM102-nested-todo-bullets"
    ),
    # a placeholder is the template check's (TM205): one finding per problem
    pytest.param(
        ASSET_LINES,
        "| Asset | Notes |\n| --- | --- |\n| <asset> | TBD |\n",
        None,
        id="placeholder-table-is-the-template-checks",
    ),
    pytest.param(ASSET_LINES, "```\nsigning key\n```\n", None, id="code-block-with-text"),
    pytest.param(ASSET_LINES, "> The signing key.\n", None, id="quote-with-text"),
    pytest.param(
        ASSET_LINES, "- TODO\n  - The signing key.\n", None, id="todo-bullet-with-a-real-sub-bullet"
    ),
    pytest.param(
        ASSET_LINES, "| Asset |\n| --- |\n| Signing key |\n", None, id="table-with-a-real-cell"
    ),
    pytest.param("- **Owner:** @identity-team\n", "", "3:1: TM103", id="TM103-no-owner"),
    pytest.param(
        "- **Owner:** @identity-team",
        "- **Owners:**\n  - @identity-team\n  - @sec",
        None,
        id="owners-in-sub-bullets",
    ),
    pytest.param(
        "- **Last updated:** 2026-11-02",
        "- **Last updated:**\n  2026-11-02",
        None,
        id="date-on-the-next-line",
    ),
    pytest.param(
        "- **Last updated:** 2026-11-02",
        "- **Last updated:**\n  2026-02-30",
        "8:3: TM105",
        id="TM105-impossible-date-on-the-next-line",
    ),
    pytest.param(
        "- **Owner:** @identity-team",
        "- **Owner** \u2013 @identity-team",
        None,
        id="owner-after-a-dash",
    ),
    pytest.param(
        "- **Owner:** @identity-team", "- **Owner:** TBD", "6:14: TM104", id="TM104-owner-tbd"
    ),
    pytest.param(
        "- **Owner:** @identity-team",
        "- **Owner:** <team>",
        "6:14: TM104",
        id="TM104-owner-placeholder",
    ),
    pytest.param("2026-11-02", "2026-02-30", "7:21: TM105", id="TM105-impossible-date"),
    pytest.param("2026-11-02", "0000-01-01", "7:21: TM105", id="TM105-year-zero"),
    pytest.param("2026-11-02", "2026-11-02T25:99:00", "7:21: TM105", id="TM105-impossible-time"),
    pytest.param("2026-11-02", "03/04/2026", "7:21: TM106", id="TM106-ambiguous-date"),
    pytest.param("2026-11-02", "2027-01-01", "7:21: TM107", id="TM107-future-date"),
    pytest.param("2026-11-02", "2 November 2026", None, id="date-in-words"),
]


@pytest.mark.parametrize(("old", "new", "expected"), SECTION_CASES)
def test_sections_hook(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    old: str,
    new: str,
    expected: str | None,
) -> None:
    assert old in GOOD
    path = write(repo, model_path(), GOOD.replace(old, new, 1))
    code, out = run(SECTIONS, [path], capsys)
    if expected is None:
        assert (code, out) == (0, "")
    else:
        assert code == 1
        assert f"{path}:{expected} " in out


def test_metadata_may_live_under_the_title_or_in_front_matter(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start = GOOD.index("## Feature metadata")
    end = GOOD.index("## Assets")
    metadata = GOOD[start:end].replace("## Feature metadata\n\n", "")
    under_title = GOOD[:start] + metadata + GOOD[end:]
    quoted = GOOD[:start] + metadata.replace("- **", "> **") + GOOD[end:]
    front = (
        "---\nfeature: Authentication\nowner: '@identity-team'\nlast-updated: 2026-11-02\n"
        "review-cadence: Quarterly\n---\n" + GOOD[:start] + GOOD[end:]
    )
    for n, text in enumerate((under_title, quoted, front)):
        path = write(repo, model_path(f"m{n}"), text)
        assert run(SECTIONS, [path], capsys) == (0, "")


def test_an_empty_metadata_heading_is_met_by_metadata_elsewhere(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start = GOOD.index("- **Feature name:**")
    end = GOOD.index("## Assets")
    empty = GOOD[:start] + "<!-- in the front matter -->\n\n" + GOOD[end:]
    front = (
        "---\nfeature: Authentication\nowner: '@identity-team'\nlast-updated: 2026-11-02\n"
        "review-cadence: Quarterly\n---\n"
    )
    path = write(repo, model_path(), front + empty)
    assert run(SECTIONS, [path], capsys) == (0, "")
    path = write(repo, model_path(), empty)
    code, out = run(SECTIONS, [path], capsys)
    assert code == 1
    assert f"{path}:3:1: TM102 section 'Feature metadata' is empty" in out


def test_without_any_metadata_the_section_is_missing(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start = GOOD.index("## Feature metadata")
    end = GOOD.index("## Assets")
    path = write(repo, model_path(), GOOD[:start] + GOOD[end:])
    code, out = run(SECTIONS, [path], capsys)
    assert code == 1
    assert f"{path}:1:1: TM101 required section 'Feature metadata' is missing" in out
    assert f"{path}:1:1: TM103 metadata field 'Owner' is missing" in out


@pytest.mark.parametrize("main", [SECTIONS, TEMPLATE], ids=["sections", "template"])
def test_files_that_are_not_models_are_skipped(
    repo: Path, capsys: pytest.CaptureFixture[str], main: Main
) -> None:
    paths = [
        write(repo, f"{MODELS}/README.md", "# About\n"),
        write(repo, "docs/notes.md", "# Notes\n"),
        write(repo, "notes.txt", "x"),
    ]
    assert run(main, [*paths, "../outside.md"], capsys) == (0, "")


TEMPLATE_CASES = [
    pytest.param(
        "Auth_Service.md",
        GOOD,
        "1:1: TM201 file name is not a kebab-case slug: rename to "
        "docs/security/threat-models/auth-service.md",
        id="TM201-not-kebab-case",
    ),
    pytest.param(
        "sub/auth.md",
        GOOD,
        "1:1: TM201 models live directly in the models folder",
        id="TM201-in-a-subfolder",
    ),
    pytest.param(
        "auth.markdown",
        GOOD,
        "1:1: TM201 models use the .md suffix: rename to docs/security/threat-models/auth.md",
        id="TM201-markdown-suffix",
    ),
    pytest.param(
        "auth.MD",
        GOOD,
        "1:1: TM201 models use the .md suffix: rename to",
        id="TM201-upper-case-suffix",
    ),
    pytest.param(
        "auth.md",
        GOOD.replace("# Threat Model: Authentication", "# Auth threats"),
        "1:1: TM203 title 'Auth threats' does not follow '# Threat Model: <Feature name>'",
        id="TM203-bad-title",
    ),
    pytest.param(
        "auth.md",
        GOOD.replace("# Threat Model: Authentication\n", "Intro.\n"),
        "1:1: TM203 no H1 title",
        id="TM203-no-title",
    ),
    pytest.param(
        "auth.md",
        GOOD.replace("# Threat Model: Authentication\n", "---\ntitle: 'Auth design'\n---\n"),
        "2:8: TM203 front matter title 'Auth design' does not follow 'Threat Model: <Feature",
        id="TM203-front-matter-title",
    ),
    pytest.param(
        "auth.md",
        GOOD.replace("## Assets", "## Residual risk (draft)", 1),
        "15:1: TM204",
        id="TM204-order",
    ),
    pytest.param(
        "auth.md",
        GOOD.replace("Argon2id", "<algorithm>"),
        "12:31: TM205 template placeholder <algorithm>",
        id="TM205-placeholder",
    ),
    pytest.param(
        "auth.md",
        GOOD.replace("Argon2id", "`<algorithm>`"),
        "12:31: TM205 template placeholder `<algorithm>`",
        id="TM205-placeholder-code-span",
    ),
    pytest.param(
        "auth.md",
        GOOD.replace("- **Review cadence:** Quarterly", "- **Review cadence:** TODO"),
        "8:23: TM205 metadata field 'Review cadence' is still 'TODO'",
        id="TM205-todo-metadata",
    ),
    pytest.param(
        "auth.md",
        GOOD.replace("2026-11-02", "YYYY-MM-DD"),
        "7:21: TM205",
        id="TM205-date-placeholder",
    ),
]


@pytest.mark.parametrize(("name", "text", "expected"), TEMPLATE_CASES)
def test_template_hook(
    repo: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, expected: str
) -> None:
    path = write(repo, f"{MODELS}/{name}", text)
    code, out = run(TEMPLATE, [path], capsys)
    assert code in (0, 1)
    assert f"{path}:{expected}" in out


NOT_PLACEHOLDERS = [
    # (what is changed, replacement): text that is not a leftover placeholder
    pytest.param(
        "## Assets\n",
        "## Assets\n\n<!--\n  List <Asset name> entries.\n  <YYYY-MM-DD>\n-->\n",
        id="placeholders-in-a-comment",
    ),
    pytest.param(
        "- The signing key for session cookies.",
        "- The key <!-- <a> <b>\n  <c> -->, kept.",
        id="comment-across-lines",
    ),
    pytest.param(
        "- The signing key for session cookies.",
        "- Limits hold while x <= y >= z.",
        id="comparisons",
    ),
    pytest.param(
        "- The signing key for session cookies.",
        "- A `Map` of Map<String, Object> entries.",
        id="generics-in-a-code-span",
    ),
    pytest.param(
        "- The signing key for session cookies.",
        "- Vec<u8>, List<T> and a < b > c.",
        id="generics-and-angle-brackets",
    ),
]


@pytest.mark.parametrize(
    "front_matter",
    [
        pytest.param("title: 'Threat Model: Authentication'\n", id="quoted"),
        pytest.param("layout: page\ntitle: >-\n  Threat Model:\n  Authentication\n", id="folded"),
    ],
)
def test_a_front_matter_title_is_the_title(
    repo: Path, capsys: pytest.CaptureFixture[str], front_matter: str
) -> None:
    """A site generator shows ``title:`` as the page's H1: a model need not repeat it."""
    text = GOOD.replace("# Threat Model: Authentication\n", f"---\n{front_matter}---\n")
    path = write(repo, model_path(), text)
    assert run(TEMPLATE, [path], capsys) == (0, "")


@pytest.mark.parametrize(("old", "new"), NOT_PLACEHOLDERS)
def test_template_hook_sees_no_placeholder(
    repo: Path, capsys: pytest.CaptureFixture[str], old: str, new: str
) -> None:
    assert old in GOOD
    path = write(repo, model_path(), GOOD.replace(old, new, 1))
    assert run(TEMPLATE, [path], capsys) == (0, "")


@pytest.mark.parametrize(
    ("relpath", "title", "target"),
    [
        pytest.param(
            "services/auth/THREAT_MODEL.md",
            "# Threat Model: Auth Service",
            "auth-service.md",
            id="named-after-the-title",
        ),
        pytest.param(
            "docs/threat-model.md",
            "# Threat Model: Payments",
            "payments.md",
            id="threat-model-file-name",
        ),
        pytest.param(
            "docs/design.md", "# Threat model for the uploader", "uploader.md", id="title-only"
        ),
        pytest.param(
            "billing/threat_model.md", "# Overview", "billing.md", id="named-after-the-folder"
        ),
        pytest.param(
            "projects/karmada/threatmodeling.md",
            "# Threat Modeling with STRIDE",
            "karmada.md",
            id="generic-title-named-after-the-folder",
        ),
        pytest.param(
            "projects/nats/doc/threat-modeling.md",
            "# Threat Modeling with STRIDE",
            "nats.md",
            id="generic-folder-skipped",
        ),
        pytest.param(
            "docs/threat-model.md",
            "# Threat Model: Authentication",
            "authentication-2.md",
            id="existing-model-gets-a-number",
        ),
    ],
)
def test_models_outside_the_folder_are_reported_with_their_new_path(
    repo: Path, capsys: pytest.CaptureFixture[str], relpath: str, title: str, target: str
) -> None:
    write(repo, model_path("authentication"), GOOD)
    path = write(repo, relpath, f"{title}\n\nText.\n")
    code, out = run(TEMPLATE, [path], capsys)
    assert code == 1
    assert f"{path}:1:1: TM202 threat model outside {MODELS}/: move it to {MODELS}/{target}" in out


@pytest.mark.parametrize(
    "relpath",
    [
        pytest.param(".claude/commands/review-threat-model.md", id="agent-command"),
        pytest.param(".github/THREAT_MODEL.md", id="forge-folder"),
    ],
)
def test_pages_in_hidden_folders_are_no_misplaced_models(
    repo: Path, capsys: pytest.CaptureFixture[str], relpath: str
) -> None:
    """Hidden folders hold tools' files: the review prompt that ``threat-model init`` installs
    is named for threat models without being one."""
    path = write(repo, relpath, "# Review this change against its threat models\n\nText.\n")
    assert run(TEMPLATE, [path], capsys) == (0, "")


def test_markdown_suffixes_are_checked_everywhere(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(repo, f"{MODELS}/auth.markdown", GOOD.replace("## Assets", "## Valuables"))
    outside = write(repo, "docs/threat-model.markdown", "# Threat Model: Billing\n")
    code, out = run(SECTIONS, [path], capsys)
    assert (code, f"{path}:1:1: TM101 required section 'Assets'" in out) == (1, True)
    code, out = run(TEMPLATE, [path, outside], capsys)
    assert f"{path}:1:1: TM201" in out
    assert f"{outside}:1:1: TM202" in out
    code, out = run(cli.main, ["check"], capsys)
    assert f"{path}:1:1: TM201" in out
    assert f"{outside}:1:1: TM202" in out


@pytest.mark.parametrize(
    ("relpath", "title", "message", "hint"),
    [
        pytest.param(
            f"{MODELS}/My model.md",
            "# Threat Model: X",
            f"file name is not a kebab-case slug: rename to {MODELS}/my-model.md",
            f"git mv '{MODELS}/My model.md' {MODELS}/my-model.md",
            id="space-in-the-name",
        ),
        pytest.param(
            f"{MODELS}/Ünïcode.md",
            "# Threat Model: X",
            f"rename to {MODELS}/unicode.md",
            f"git mv '{MODELS}/Ünïcode.md' {MODELS}/unicode.md",
            id="accents-in-the-name",
        ),
        pytest.param(
            "svc/it's/THREAT_MODEL.md",
            "# Threat Model: Ünïcode Café",
            f"move it to {MODELS}/unicode-cafe.md",
            f"git mv 'svc/it'\"'\"'s/THREAT_MODEL.md' {MODELS}/unicode-cafe.md",
            id="quote-in-a-folder",
        ),
        pytest.param(
            "-threat-model.md",
            "# Threat Model: Dash",
            f"move it to {MODELS}/dash.md",
            f"git mv -- -threat-model.md {MODELS}/dash.md",
            id="leading-dash",
        ),
    ],
)
def test_fix_hints_are_shell_commands(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    relpath: str,
    title: str,
    message: str,
    hint: str,
) -> None:
    path = write(repo, relpath, f"{title}\n")
    _, out = run(TEMPLATE, ["--", path], capsys)
    assert re.search(rf"^{re.escape(path)}:1:1: TM20[12] .*{re.escape(message)}$", out, re.M)
    assert f"  hint: {hint}\n" in out


@pytest.mark.parametrize(
    ("relpath", "title"),
    [
        pytest.param("docs/other/README.md", "# Threat Models", id="readme-about-threat-models"),
        pytest.param("docs/guide.md", "# threat modeling guide", id="modeling-guide"),
        pytest.param("docs/how-to.md", "# Threat modelling, step by step", id="modelling-how-to"),
        pytest.param(
            "docs/overview.md", "# ThreatModels of the platform", id="threatmodels-overview"
        ),
        pytest.param("README.md", "# threat-model-hooks", id="project-readme"),
    ],
)
def test_pages_about_threat_models_are_not_misplaced_models(
    repo: Path, capsys: pytest.CaptureFixture[str], relpath: str, title: str
) -> None:
    path = write(repo, relpath, f"{title}\n\nText.\n")
    assert run(TEMPLATE, [path], capsys) == (0, "")


def test_suggested_paths_never_collide(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, model_path("billing"), GOOD)
    paths = [
        write(repo, f"services/{name}/threat-model.md", "# Threat Model: Billing\n")
        for name in ("ledger", "invoices", "billing")
    ]
    paths += [write(repo, f"{name}/threat-model.md", "# Threat Model: Search\n") for name in "ab"]
    code, out = run(TEMPLATE, paths, capsys)
    targets = re.findall(r"TM202 threat model outside \S+: move it to (\S+)", out)
    expected = ("b", "billing-2", "invoices", "ledger", "search")
    assert (code, sorted(targets)) == (1, [f"{MODELS}/{name}.md" for name in expected])
    _, out = run(cli.main, ["check"], capsys)
    assert sorted(re.findall(r"TM202 .*: move it to (\S+)", out)) == sorted(targets)


def test_the_template_itself_must_be_complete(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = (repo / MODELS / "template.md").read_text(encoding="utf-8")
    path = write(repo, f"{MODELS}/template.md", template.replace("## Residual risk", "## End"))
    code, out = run(TEMPLATE, [path], capsys)
    assert code == 1
    assert (
        f"{MODELS}/template.md:1:1: TM207 template lacks the required section 'Residual risk'"
        in out
    )
    (repo / path).unlink()
    code, out = run(TEMPLATE, [write(repo, model_path(), GOOD)], capsys)
    assert code == 0
    assert (
        f"{MODELS}/template.md:1:1: TM208 [warning] {MODELS}/template.md does not exist;"
        " the template bundled with threat-model-hooks is used"
    ) in out
    assert out.count("TM208") == 1


def test_without_a_template_the_bundled_one_orders_the_sections(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / MODELS / "template.md").unlink()
    swapped = GOOD.replace("## Assets", "## Assets-x").replace("## Entry points", "## Assets")
    path = write(repo, model_path(), swapped.replace("## Assets-x", "## Entry points"))
    code, out = run(TEMPLATE, [path], capsys)
    assert code == 0  # warnings only
    assert "TM204 [warning] section 'Assets' comes after 'Entry points'" in out
    assert out.count("TM208") == 1
    code, out = run(cli.main, ["check"], capsys)
    assert out.count("TM208") == 1


@pytest.mark.parametrize("kind", ["folder", "dangling-link"])
def test_a_template_path_that_is_not_a_file(
    repo: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    template = repo / MODELS / "template.md"
    template.unlink()
    if kind == "folder":
        template.mkdir()
        what = "not a regular file"
    else:
        template.symlink_to("gone.md")
        what = "a symbolic link to no file"
    code, out = run(TEMPLATE, [write(repo, model_path(), GOOD)], capsys)
    assert code == 1
    assert f"{MODELS}/template.md:1:1: TM206 template {MODELS}/template.md is {what}" in out
    assert "TM208" not in out


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(b"# Threat Model\n\xff\xfe\n", "2:1: TM001", id="TM001-not-utf-8"),
        pytest.param(b"\x00\x01", "1:1: TM001", id="TM001-binary"),
        pytest.param(b"", "1:1: TM002", id="TM002-empty"),
    ],
)
@pytest.mark.parametrize("passed", [True, False], ids=["template-given", "template-not-given"])
def test_an_unreadable_template_is_reported(
    repo: Path, capsys: pytest.CaptureFixture[str], data: bytes, expected: str, passed: bool
) -> None:
    template = write(repo, f"{MODELS}/template.md", data)
    model = write(repo, model_path(), GOOD)
    code, out = run(TEMPLATE, [template, model] if passed else [model], capsys)
    assert code == 1
    assert out.count(f"{template}:{expected}") == 1
    code, out = run(cli.main, ["check"], capsys)
    assert out.count(f"{template}:{expected}") == 1


BAD_INPUTS: list[tuple[str, bytes, str]] = [
    ("empty", b"", "1:1: TM002"),
    ("binary", b"# T\n\x00\x00\x01\x02", "2:1: TM001"),
    ("latin-1", b"# Threat Model: Caf\xe9\n", "1:20: TM001"),
    ("front matter", b"---\nowner: x\n# T\n", "1:1: TM003"),
    ("bad front matter", b"---\nowner: [x\n---\n# T\n", "2:1: TM003"),
    ("10 MB", b"# T\n" + b"x" * (10 * 1024 * 1024), "1:1: TM005"),
]


@pytest.mark.parametrize(("name", "data", "expected"), BAD_INPUTS, ids=[c[0] for c in BAD_INPUTS])
@pytest.mark.parametrize("main", [SECTIONS, TEMPLATE], ids=["sections", "template"])
def test_bad_inputs_give_a_finding_and_stay_untouched(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    main: Main,
    name: str,
    data: bytes,
    expected: str,
) -> None:
    path = write(repo, model_path(), data)
    code, out = run(main, [path], capsys)
    assert code == 1
    assert f"{path}:{expected}" in out
    assert (repo / path).read_bytes() == data


@pytest.mark.parametrize(
    ("text", "placeholders"),
    [
        pytest.param(
            "<Feature name> and <team>",
            [(0, "<Feature name>"), (19, "<team>")],
            id="two-placeholders",
        ),
        pytest.param(
            "due YYYY-MM-DD or <YYYY-MM-DD>",
            [(4, "YYYY-MM-DD"), (18, "<YYYY-MM-DD>")],
            id="date-placeholders",
        ),
        pytest.param("<!-- <slot> --> <kept>", [(16, "<kept>")], id="in-and-after-a-comment"),
        pytest.param("<!-- never closed <slot>", [], id="unclosed-comment"),
        pytest.param("`<code>` and ``<co`de>`` but `` <open>", [(32, "<open>")], id="code-spans"),
        pytest.param(
            "<b>bold</b>, <br/>, <https://x.org> and <dev@example.com>",
            [],
            id="html-autolinks-and-e-mail",
        ),
        pytest.param(
            "<Note: say what crosses, and why.> <<Feature>>",
            [(0, "<Note: say what crosses, and why.>"), (36, "<Feature>")],
            id="note-and-double-brackets",
        ),
        pytest.param(
            "Map<String, Object>, Vec<u8>, x <= y >= z, a < b > c",
            [],
            id="generics-and-comparisons",
        ),
        pytest.param(
            "`<Feature name>` and `<team>`",
            [(0, "`<Feature name>`"), (21, "`<team>`")],
            id="code-spans-holding-a-slot",
        ),
        pytest.param(
            "`Map<String>`, `kubectl -n <ns>`, ``<x>``, `<br/>`, `<https://x.org>`",
            [],
            id="code-spans-of-code",
        ),
        pytest.param("<!-- `<slot>` -->", [], id="code-span-in-a-comment"),
    ],
)
def test_placeholders_outside_comments_and_code(
    text: str, placeholders: list[tuple[int, str]]
) -> None:
    assert find_placeholders(text) == placeholders


def test_blanking_keeps_lines_and_columns() -> None:
    text = "a <!-- x\ny --> b `c\nd` e"
    assert blank_code_spans(blank_comments(text)) == "a" + " " * 7 + "\n" + " " * 6 + "b   \n   e"


# Lines on which regular expressions used to backtrack for a minute or more (see
# bench/pathological.py): each is read in linear time and gives its findings.
RUNS = "a".join("`" * n for n in range(1500, 0, -1))  # backtick runs that never close
PATHOLOGICAL: list[tuple[str, Main, str, str, str]] = [
    # (name, hook, model, a finding it prints, a finding it must not print)
    (
        "key and value far apart",
        SECTIONS,
        "# Threat Model: X\n\nOwner: a" + " " * 100_000 + "x\n",
        "1:1: TM103 metadata field 'Review cadence' is missing",
        "TM103 metadata field 'Owner'",
    ),
    (
        "date and word far apart",
        SECTIONS,
        "# Threat Model: X\n\n- **Last updated:** 2025" + " " * 100_000 + "x\n",
        "3:21: TM105 Last updated: '2025 ",
        "TM103 metadata field 'Last updated'",
    ),
    (
        "unclosed comments",
        TEMPLATE,
        "# Threat Model: X\n\n<slot> " + "<!--" * 50_000 + "\n",
        "3:1: TM205 template placeholder <slot>",
        "TM001",
    ),
    (
        "unclosed code spans",
        TEMPLATE,
        f"# Threat Model: X\n\n{RUNS} <slot>\n",
        f"3:{len(RUNS) + 2}: TM205 template placeholder <slot>",
        "TM001",
    ),
]


@pytest.mark.parametrize(
    ("main", "old", "new", "expected"),
    [
        pytest.param(
            TEMPLATE,
            "# Threat Model: Authentication",
            "# " + "x" * 100_000,
            "1:1: TM203 title 'xxx",
            id="TM203-long-title",
        ),
        pytest.param(
            SECTIONS,
            "@identity-team",
            "<" + "y" * 100_000 + ">",
            "6:14: TM104 metadata field",
            id="TM104-long-placeholder",
        ),
        pytest.param(
            SECTIONS,
            "## Assets\n\n" + ASSET_LINES,
            f"## Assets ({' z' * 50_000})\n\n",
            "10:1: TM102 section 'Assets ( z",
            id="TM102-long-heading",
        ),
        pytest.param(
            TEMPLATE,
            "Quarterly",
            "TODO" + " w" * 50_000,
            "8:23: TM205 metadata field",
            id="TM205-long-todo",
        ),
    ],
)
def test_messages_quote_long_text_shortened(
    repo: Path, capsys: pytest.CaptureFixture[str], main: Main, old: str, new: str, expected: str
) -> None:
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    path = write(repo, model_path(), text)
    _, out = run(main, [path], capsys)
    assert f"{path}:{expected}" in out
    assert max(len(line) for line in out.splitlines()) < 300


@pytest.mark.parametrize(
    ("name", "main", "text", "expected", "absent"),
    PATHOLOGICAL,
    ids=[case[0] for case in PATHOLOGICAL],
)
def test_pathological_lines_are_read_in_linear_time(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    main: Main,
    text: str,
    expected: str,
    absent: str,
) -> None:
    path = write(repo, model_path(), text)
    _, out = run(main, [path], capsys)
    assert f"{path}:{expected}" in out
    assert absent not in out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("main", [SECTIONS, TEMPLATE], ids=["sections", "template"])
def test_a_named_pipe_is_not_read(
    repo: Path, capsys: pytest.CaptureFixture[str], main: Main
) -> None:
    os.mkfifo(repo / model_path())
    code, out = run(main, [model_path()], capsys)
    assert code == 1
    assert f"{model_path()}:1:1: TM001 not a regular file" in out


@pytest.mark.parametrize(
    ("name", "transform"),
    [
        pytest.param("bom", lambda text: "\ufeff" + text, id="bom"),
        pytest.param("crlf", lambda text: text.replace("\n", "\r\n"), id="crlf"),
    ],
)
@pytest.mark.parametrize("main", [SECTIONS, TEMPLATE], ids=["sections", "template"])
def test_bom_and_crlf_models_pass(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    main: Main,
    name: str,
    transform: Callable[[str], str],
) -> None:
    data = transform(GOOD).encode("utf-8")
    path = write(repo, model_path(), data)
    assert run(main, [path], capsys) == (0, "")
    assert (repo / path).read_bytes() == data


def test_an_unclosed_fence_is_a_warning(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(repo, model_path(), GOOD + "\n```\nnever closed\n")
    code, out = run(SECTIONS, [path], capsys)
    assert code == 0
    assert f"{path}:{len(GOOD.splitlines()) + 2}:1: TM004 [warning]" in out


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_check_runs_every_check_in_every_format(
    repo: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    write(repo, model_path(), GOOD)
    write(repo, model_path("Bad_Name"), GOOD.replace("2026-11-02", "03/04/2026"))
    code, out = run(cli.main, ["check", "--format", fmt], capsys)
    assert code == 1
    if fmt == "json":
        codes = {f["code"] for f in json.loads(out)["findings"]}
        assert codes == {"TM106", "TM201", "TM301"}  # no index yet
    elif fmt == "sarif":
        assert json.loads(out)["version"] == "2.1.0"
    else:
        assert "TM106" in out
        assert "TM201" in out


def test_check_reports_each_broken_link_at_its_bracket(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    links = (
        "- See `the\n  runbook` in [ops](ops.md) and [ops](ops.md), ![flow](flow.png).\n"
        "- The [ADR](<adr one.md>), [title](t.md 'on\n  two lines') and [up](../../../../x.md).\n"
    )
    path = write(repo, model_path(), GOOD.replace(ASSET_LINES, links))
    lines = (repo / path).read_text("utf-8").splitlines()
    _, out = run(cli.main, ["check", path], capsys)
    found = re.findall(rf"^{path}:(\d+):(\d+): (TM51[67]) (.*)$", out, re.MULTILINE)
    assert [(rule, message) for *_, rule, message in found] == [
        ("TM516", f"link 'ops.md' points to {MODELS}/ops.md, which does not exist"),
        ("TM516", f"link 'ops.md' points to {MODELS}/ops.md, which does not exist"),
        ("TM516", f"image 'flow.png' points to {MODELS}/flow.png, which does not exist"),
        ("TM516", f"link 'adr one.md' points to {MODELS}/adr one.md, which does not exist"),
        ("TM516", f"link 't.md' points to {MODELS}/t.md, which does not exist"),
        ("TM517", "link '../../../../x.md' leaves the repository"),
    ]
    for line, column, _, message in found:
        written = "!" if "image" in message else "["
        assert lines[int(line) - 1][int(column) - 1] == written, (line, column, message)
    assert [int(line) for line, *_ in found] == [13, 13, 13, 14, 14, 15]


def test_sarif_from_a_subfolder_names_files_from_the_root(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(repo, model_path("Bad_Name"), GOOD)
    (repo / "src").mkdir()
    monkeypatch.chdir(repo / "src")
    code, out = run(cli.main, ["check", "--format", "sarif"], capsys)
    assert code == 1
    run_log = json.loads(out)["runs"][0]
    uris = {
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for result in run_log["results"]
    }
    assert uris == {f"{MODELS}/Bad_Name.md", "docs/security/THREAT_MODEL_INDEX.md"}
    assert run_log["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.resolve().as_uri() + "/"


@pytest.mark.parametrize(
    ("main", "expected"),
    [
        pytest.param(SECTIONS, "1:1: TM101 required section 'Overview' is missing", id="sections"),
        pytest.param(
            TEMPLATE,
            "1:1: TM203 title 'Threat Model: Authentication' does not follow '# TM: <F>'",
            id="template",
        ),
        pytest.param(cli.main, "1:1: TM101 required section 'Overview' is missing", id="check"),
    ],
)
def test_a_configuration_elsewhere_still_checks_this_repository(
    repo: Path,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    main: Main,
    expected: str,
) -> None:
    config = tmp_path_factory.mktemp("elsewhere") / "tm.yaml"
    config.write_text("title: 'TM: <F>'\nsections: [Overview]\nmetadata: []\n", "utf-8")
    path = write(repo, model_path(), GOOD)
    args = ["--config", str(config), path]
    code, out = run(main, ["check", *args] if main is cli.main else args, capsys)
    assert code == 1
    assert f"{path}:{expected}" in out


@pytest.mark.parametrize("name", ["-threat-model.md", "-h-threat-model.md", "--threat-model.md"])
def test_file_names_that_look_like_options_are_file_names(
    repo: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    # pre-commit passes file names after the hook's arguments, without "--"
    write(repo, name, "# Threat Model: Dash\n")
    model = write(repo, model_path(), GOOD)
    code, out = run(TEMPLATE, ["--format", "text", name, model], capsys)
    assert (code, out.count("TM202")) == (1, 1)
    assert f"{name}:1:1: TM202 threat model outside {MODELS}/: move it to {MODELS}/dash.md" in out
    assert run(SECTIONS, [name, model, name], capsys) == (0, "")


@pytest.mark.parametrize("main", [SECTIONS, TEMPLATE], ids=["sections", "template"])
def test_an_unknown_option_is_a_usage_error(
    repo: Path, capsys: pytest.CaptureFixture[str], main: Main
) -> None:
    model = write(repo, model_path(), GOOD)
    with pytest.raises(SystemExit) as exited:
        main([model, "--fix", "-missing.md"])
    assert exited.value.code == 2
    assert "unrecognized arguments: --fix -missing.md" in capsys.readouterr().err


def test_check_given_paths(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(repo, model_path(), GOOD)
    bad = write(repo, model_path("bad"), GOOD.replace("2026-11-02", "2026-02-30"))
    write(repo, "docs/readme.txt", "x")
    assert run(cli.main, ["check", good], capsys) == (0, "")
    code, out = run(cli.main, ["check", "docs", "docs/readme.txt"], capsys)
    assert code == 1
    assert f"{bad}:7:21: TM105" in out
    code, out = run(cli.main, ["check", "."], capsys)
    assert code == 1
    code, out = run(cli.main, ["check", "missing.md"], capsys)
    assert code == 2


def test_check_outside_git(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".threat-model.yaml").write_text("", encoding="utf-8")
    write(tmp_path, "docs/threat-model.md", "# Threat Model: X\n")
    code, out = run(cli.main, ["check"], capsys)
    assert code == 1
    assert "docs/threat-model.md:1:1: TM202" in out
    assert "TM208" in out


@pytest.mark.parametrize("module", ["hooks", "hooks.cli"])
def test_python_dash_m_hooks(repo: Path, module: str) -> None:
    import os
    import sys

    root = Path(__file__).resolve().parent.parent
    completed = subprocess.run(
        [sys.executable, "-m", module, "--version"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert completed.returncode == 0
    assert completed.stdout.startswith("threat-model ")


HOOK_MODULES = ["hooks.check_threat_model_sections", "hooks.check_threat_model_template", "hooks"]


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
@pytest.mark.parametrize("module", HOOK_MODULES)
def test_undecodable_file_names_print_on_a_strict_utf8_stream(
    repo: Path, module: str, fmt: str
) -> None:
    path = model_path(os.fsdecode(b"\xff"))
    try:
        write(repo, path, "# x\n")
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    command = ["check"] if module == "hooks" else []
    completed = subprocess.run(
        [sys.executable, "-m", module, *command, "--format", fmt, path],
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8:strict"},
    )
    out = completed.stdout.decode("utf-8")  # strict: the output is UTF-8
    assert (completed.returncode, completed.stderr) == (1, b"")
    shown = f"{MODELS}/\\xff.md"
    if fmt == "json":
        assert {f["path"] for f in json.loads(out)["findings"]} == {shown}
    elif fmt == "sarif":
        results = json.loads(out)["runs"][0]["results"]
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
        assert uris == {f"{MODELS}/%FF.md"}
    else:
        assert shown in out


def test_paths_from_a_subfolder_are_relative_to_it(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = write(repo, model_path(), GOOD.replace("## Assets", "## Things"))
    (repo / "src").mkdir()
    monkeypatch.chdir(repo / "src")
    expected = f"../{bad}:1:1: TM101 required section 'Assets' is missing"
    for args in (["check"], ["check", "../docs"], ["check", f"../{bad}"]):
        _, out = run(cli.main, args, capsys)
        assert expected in out, args
        _, out = run(cli.main, [*args, "--format", "json"], capsys)
        assert f"../{bad}" in {f["path"] for f in json.loads(out)["findings"]}, args
        _, out = run(cli.main, [*args, "--format", "github"], capsys)
        assert f"::error file={bad},line=1,col=1,title=TM101" in out, args
    _, out = run(cli.main, ["index"], capsys)
    assert out.startswith("../docs/security/THREAT_MODEL_INDEX.md:1:1: TM301")
    _, out = run(SECTIONS, [f"../{bad}"], capsys)
    assert expected in out
    assert str(repo) not in out


ENTRY_POINTS = [
    pytest.param(SECTIONS, [model_path()], id="sections"),
    pytest.param(TEMPLATE, [model_path()], id="template"),
    pytest.param(cli.main, ["check", model_path()], id="check-the-model"),
    pytest.param(cli.main, ["check"], id="check-the-repository"),
]


@pytest.mark.parametrize(("main", "args"), ENTRY_POINTS)
def test_a_model_linked_out_of_the_repository_is_not_read(
    repo: Path,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    main: Main,
    args: list[str],
) -> None:
    target = tmp_path_factory.mktemp("elsewhere") / "secret.md"
    target.write_text("# Secret\n\n- **Password:** hunter2\n", "utf-8")
    (repo / model_path()).symlink_to(target)
    code, out = run(main, args, capsys)
    assert code == 1
    lines = [line for line in out.splitlines() if line.startswith(model_path())]
    assert lines == [
        f"{model_path()}:1:1: TM001 {model_path()} is a symbolic link out of the repository;"
        " it is not read"
    ]
    assert "Secret" not in out


@pytest.mark.parametrize(("main", "args"), ENTRY_POINTS)
@pytest.mark.parametrize(
    ("target", "message"),
    [
        pytest.param(
            "auth.md",
            f"{model_path()} is a loop of symbolic links; it is not read",
            id="loop-to-itself",
        ),  # itself
        pytest.param(
            "nowhere.md", "cannot read file: No such file or directory", id="missing-target"
        ),
    ],
)
def test_a_model_linked_to_no_file_is_reported(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    main: Main,
    args: list[str],
    target: str,
    message: str,
) -> None:
    assert model_path().endswith("/auth.md")
    (repo / model_path()).symlink_to(target)
    code, out = run(main, args, capsys)
    assert code == 1
    lines = [line for line in out.splitlines() if line.startswith(model_path())]
    assert lines == [f"{model_path()}:1:1: TM001 {message}"]


@pytest.mark.parametrize("main", [TEMPLATE, cli.main], ids=["template", "check"])
def test_a_page_linked_out_of_the_repository_is_not_read(
    repo: Path,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    main: Main,
) -> None:
    target = tmp_path_factory.mktemp("elsewhere") / "notes.md"
    target.write_text("# Threat Model: Secret\n", "utf-8")  # a model, by its title
    (repo / "docs").mkdir(exist_ok=True)
    (repo / "docs/notes.md").symlink_to(target)
    _, out = run(
        main, ["check", "docs/notes.md"] if main is cli.main else ["docs/notes.md"], capsys
    )
    assert "docs/notes.md" not in out


def test_a_file_outside_the_repository_is_not_read(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from hooks.core.config import load_config
    from hooks.core.findings import Reporter

    outside = tmp_path_factory.mktemp("elsewhere") / "x.md"
    outside.write_text("# x\n", "utf-8")
    reporter = Reporter()
    assert files.read(load_config(), str(outside), reporter) is None
    assert [(f.code, f.message) for f in reporter.findings] == [
        ("TM001", f"{outside} is outside the repository; it is not read")
    ]


TEMPLATE_PATH = f"{MODELS}/template.md"


@pytest.mark.parametrize(
    ("main", "args"),
    [
        pytest.param(
            TEMPLATE, [TEMPLATE_PATH, model_path()], id="template-hook-given-the-template"
        ),
        pytest.param(TEMPLATE, [model_path()], id="template-hook-given-a-model"),
        pytest.param(cli.main, ["check"], id="check"),
    ],
)
def test_a_template_linked_out_of_the_repository_is_not_read(
    repo: Path,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    main: Main,
    args: list[str],
) -> None:
    target = tmp_path_factory.mktemp("elsewhere") / "secret.md"
    target.write_text("# Threat Model: <Feature name>\n\n## Secret section hunter2\n", "utf-8")
    (repo / TEMPLATE_PATH).unlink()
    (repo / TEMPLATE_PATH).symlink_to(target)
    write(repo, model_path(), GOOD)
    code, out = run(main, args, capsys)
    assert code == 1
    assert (
        f"{TEMPLATE_PATH}:1:1: TM001 {TEMPLATE_PATH} is a symbolic link out of the repository"
        in out
    )
    assert "hunter2" not in out


@pytest.mark.parametrize(
    "main",
    [
        pytest.param(SECTIONS, id="sections"),
        pytest.param(TEMPLATE, id="template"),
        pytest.param(check_threat_model_content.main, id="content"),
        pytest.param(check_threat_model_index.main, id="index"),
        pytest.param(cli.main, id="check"),
    ],
)
def test_the_index_and_the_template_are_never_models(
    repo: Path, capsys: pytest.CaptureFixture[str], main: Main
) -> None:
    # the index lies in models_dir: it is not a model of itself, nor is the template
    write(repo, ".threat-model.yaml", "models_dir: docs/security\n")
    index = "docs/security/THREAT_MODEL_INDEX.md"
    write(repo, index, "# Threat model index\n\nNo models yet.\n")
    args = [index, TEMPLATE_PATH]
    code, out = run(main, ["check", *args] if main is cli.main else args, capsys)
    assert index not in out
    assert TEMPLATE_PATH + ":" not in out
    assert code == 0
    code, out = run(cli.main, ["check"], capsys)
    assert index not in out
    assert code == 0


@pytest.mark.parametrize(
    ("relpath", "model"),
    [
        pytest.param("docs/security/THREAT_MODEL_INDEX.md", False, id="index"),
        pytest.param("docs/security/threat-models/template.md", False, id="template"),
        pytest.param("docs/security/auth.md", True, id="model"),
    ],
)
def test_model_paths_leave_out_the_index_and_the_template(relpath: str, model: bool) -> None:
    from hooks.core.config import Config

    config = Config(models_dir="docs/security")
    assert config.is_model_path(relpath) is model


@pytest.mark.parametrize(("main", "args"), ENTRY_POINTS)
def test_a_model_linked_into_git_is_not_read(
    repo: Path, capsys: pytest.CaptureFixture[str], main: Main, args: list[str]
) -> None:
    (repo / ".git/secret.md").write_text("# Secret\n\n- **Password:** hunter2\n", "utf-8")
    (repo / model_path()).symlink_to("../../../.git/secret.md")
    code, out = run(main, args, capsys)
    assert code == 1
    lines = [line for line in out.splitlines() if line.startswith(model_path())]
    assert lines == [
        f"{model_path()}:1:1: TM001 {model_path()} leads into the git folder .git; it is not read"
    ]
    assert "Secret" not in out


@pytest.mark.parametrize(
    ("severity", "sections", "template"),
    [
        pytest.param("", [], ["TM205"], id="the-placeholder-once-by-tm205"),
        pytest.param("severity: {TM205: 'off'}\n", ["TM102"], [], id="tm205-off-tm102-says-it"),
        pytest.param("severity: {TM205: warning}\n", [], ["TM205"], id="tm205-a-warning"),
    ],
)
def test_a_section_of_placeholders_is_reported_once(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    severity: str,
    sections: list[str],
    template: list[str],
) -> None:
    if severity:
        write(repo, ".threat-model.yaml", severity)
    body = "<What the feature protects: data, credentials.>\n"
    path = write(repo, model_path(), GOOD.replace(ASSET_LINES, body, 1))
    _, out = run(SECTIONS, [path], capsys)
    assert re.findall(r": (TM\d+) ", out) == sections
    _, out = run(TEMPLATE, [path], capsys)
    assert re.findall(r": (TM\d+) ", out) == template
    _, out = run(cli.main, ["check", path], capsys)
    assert sorted(re.findall(r": (TM\d+) ", out)) == sorted(sections + template)
