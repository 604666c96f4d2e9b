"""A change to the configuration (or, for the template checks, to the template) can change the
verdict on every model: the file hooks then check every model of the repository, not only
the files pre-commit passes."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from hooks import (
    check_threat_model_content,
    check_threat_model_sections,
    check_threat_model_template,
)

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples/demo"
MODELS = "docs/security/threat-models"
GOOD = (DEMO / MODELS / "authentication.md").read_text(encoding="utf-8")

Main = Callable[[list[str]], int]
SECTIONS: Main = check_threat_model_sections.main
TEMPLATE: Main = check_threat_model_template.main
CONTENT: Main = check_threat_model_content.main


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / MODELS).mkdir(parents=True)
    shutil.copy2(DEMO / MODELS / "template.md", tmp_path / MODELS / "template.md")
    (tmp_path / MODELS / "auth.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "README.md").write_text("# App\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(tmp_path), "add", "-A"], check=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("THREAT_MODEL_TODAY", "2026-11-24")
    return tmp_path


def run(main: Main, args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out


# a configuration under which the demo's good model fails each hook
STRICTER = {
    "sections": ("sections: [Assets, Overview]\n", "TM101 required section 'Overview'"),
    "template": ("title: 'TM: <Feature name>'\n", "TM203 title"),
    "content": ("require_risk_summary: true\n", "TM513"),
}
MAINS = {"sections": SECTIONS, "template": TEMPLATE, "content": CONTENT}


@pytest.mark.parametrize("hook", sorted(MAINS))
def test_a_changed_configuration_checks_every_model(
    repo: Path, capsys: pytest.CaptureFixture[str], hook: str
) -> None:
    text, expected = STRICTER[hook]
    (repo / ".threat-model.yaml").write_text(text, encoding="utf-8")
    main = MAINS[hook]
    assert run(main, ["README.md"], capsys)[0] == 0  # the model is not among the files
    code, out = run(main, [".threat-model.yaml"], capsys)
    assert code == 1
    assert f"{MODELS}/auth.md:" in out
    assert expected in out


@pytest.mark.parametrize("hook", sorted(MAINS))
def test_a_configuration_given_with_config_is_the_one_that_rechecks(
    repo: Path, capsys: pytest.CaptureFixture[str], hook: str
) -> None:
    text, expected = STRICTER[hook]
    (repo / "tm.yaml").write_text(text, encoding="utf-8")
    (repo / ".threat-model.yaml").write_text("", encoding="utf-8")
    main = MAINS[hook]
    assert run(main, ["--config", "tm.yaml", ".threat-model.yaml"], capsys)[0] == 0
    code, out = run(main, ["--config", "tm.yaml", "tm.yaml"], capsys)
    assert (code, expected in out) == (1, True)


@pytest.mark.parametrize("hook", sorted(MAINS))
def test_other_yaml_files_are_ignored(
    repo: Path, capsys: pytest.CaptureFixture[str], hook: str
) -> None:
    text, _ = STRICTER[hook]
    (repo / ".threat-model.yaml").write_text(text, encoding="utf-8")
    (repo / "deploy.yaml").write_text("key: [unclosed\n", encoding="utf-8")
    (repo / "sub").mkdir()
    (repo / "sub/.threat-model.yaml").write_text("models_dir: m\n", encoding="utf-8")
    assert run(MAINS[hook], ["deploy.yaml", "sub/.threat-model.yaml"], capsys) == (0, "")


def test_a_changed_template_rechecks_every_model_in_the_template_hook_only(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = repo / MODELS / "template.md"
    head, *parts = re.split(r"(?m)^(?=## )", template.read_text(encoding="utf-8"))
    residual = next(part for part in parts if part.startswith("## Residual risk"))
    parts.remove(residual)  # the template now puts Residual risk first
    template.write_text(head + residual.rstrip("\n") + "\n\n" + "".join(parts), "utf-8")
    code, out = run(TEMPLATE, [f"{MODELS}/template.md"], capsys)
    assert code == 0  # TM204 is a warning
    assert f"{MODELS}/auth.md:" in out
    assert "TM204" in out
    for main in (SECTIONS, CONTENT):  # neither reads the template
        assert run(main, [f"{MODELS}/template.md"], capsys) == (0, "")


def test_the_recheck_reads_what_git_tracks(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An untracked file (a report a CI job wrote into the checkout, a draft) is no part of
    the commit: the recheck, like pre-commit's --all-files, leaves it out."""
    (repo / ".threat-model.yaml").write_text(STRICTER["sections"][0], encoding="utf-8")
    (repo / MODELS / "draft.md").write_text(GOOD, encoding="utf-8")
    (repo / "threat-model.md").write_text("# Threat Model: Draft\n", encoding="utf-8")
    code, out = run(SECTIONS, [".threat-model.yaml"], capsys)
    assert code == 1
    assert f"{MODELS}/auth.md:" in out
    assert "draft.md" not in out
    code, out = run(TEMPLATE, [".threat-model.yaml"], capsys)
    assert "threat-model.md:" not in out


def test_outside_git_the_recheck_reads_the_working_tree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / MODELS).mkdir(parents=True)
    (tmp_path / MODELS / "auth.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / ".threat-model.yaml").write_text(STRICTER["sections"][0], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out = run(SECTIONS, [".threat-model.yaml"], capsys)
    assert (code, f"{MODELS}/auth.md:" in out) == (1, True)
