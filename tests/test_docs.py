"""The documentation tells the truth: hooks, rules, configuration keys, commands, demo output."""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from hooks.core import config as config_module
from hooks.core import dates
from hooks.core.config import Config, parse_config
from hooks.core.content.settings import DEFAULTS
from hooks.core.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
RULES_MD = (ROOT / "docs/rules.md").read_text(encoding="utf-8")
CONFIGURATION_MD = (ROOT / "docs/configuration.md").read_text(encoding="utf-8")
MANIFEST = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


@functools.cache
def demo_check() -> subprocess.CompletedProcess[str]:
    """`threat-model check` run in examples/demo, today pinned to 2026-11-24."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "THREAT_MODEL_TODAY": "2026-11-24"}
    return subprocess.run(
        [sys.executable, "-m", "hooks", "check"],
        cwd=ROOT / "examples/demo",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def shell_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", text, re.DOTALL)


@pytest.mark.parametrize("hook", [hook["id"] for hook in MANIFEST])
def test_every_hook_is_in_the_readme(hook: str) -> None:
    assert f"`{hook}`" in README


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_is_documented(code: str) -> None:
    rule = RULES[code]
    entry = re.search(
        rf'<a id="{code.lower()}"></a>\n## {code} {rule.name}\n(.*?)(?=\n<a id=|\n# TM|\Z)',
        RULES_MD,
        re.DOTALL,
    )
    assert entry is not None, f"{code} {rule.name} has no entry in docs/rules.md"
    body = entry.group(1)
    assert f"Default severity: {rule.severity}" in body
    assert "Failing example" in body
    assert "Fix" in body


def test_the_future_date_rule_documents_its_day_of_grace() -> None:
    entry = RULES_MD.split("## TM107 future-date", 1)[1].split("<a id=", 1)[0]
    assert dt.timedelta(days=1) == dates.FUTURE_GRACE
    assert "not later than tomorrow" in entry
    assert "one day of grace" in entry


def test_rules_md_documents_no_unknown_rule() -> None:
    documented = set(re.findall(r"^## (TM\d{3}) ", RULES_MD, re.MULTILINE))
    assert documented == set(RULES)


@pytest.mark.parametrize("key", config_module._KEYS)
def test_every_configuration_key_is_documented(key: str) -> None:
    assert f"`{key}`" in CONFIGURATION_MD


def test_the_default_file_in_configuration_md_is_the_default_in_full() -> None:
    block = re.search(
        r"## The default file, in full\n\n```yaml\n(.*?)```", CONFIGURATION_MD, re.DOTALL
    )
    assert block is not None
    assert sorted(yaml.safe_load(block.group(1))) == sorted(config_module._KEYS)
    written = parse_config(block.group(1), "docs/configuration.md", ROOT)
    assert written._replace(source=None) == Config(root=ROOT)
    assert written.content == DEFAULTS
    example = (ROOT / "examples/configs/default.threat-model.yaml").read_text("utf-8")
    assert parse_config(example, "default.threat-model.yaml", ROOT).content == DEFAULTS


def test_ci_runs_the_readmes_test_command() -> None:
    blocks = shell_blocks(README)
    assert len(blocks) >= 2
    test_command = blocks[1].strip()
    assert test_command == "pip install '.[test]' && ./.ci/test"
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == test_command


def test_the_readmes_first_command_checks_the_demo() -> None:
    assert shell_blocks(README)[0].strip() == (
        "pip install . && cd examples/demo && threat-model check"
    )


def test_the_demo_output_in_the_readme_is_real() -> None:
    quoted = re.search(r"threat-model check\n```\n\n```text\n(.*?)```", README, re.DOTALL)
    assert quoted is not None
    completed = demo_check()
    assert completed.returncode == 1
    real = completed.stdout.splitlines()
    for line in quoted.group(1).splitlines():
        assert line in real


def test_the_demo_has_a_clean_model_and_a_stale_one() -> None:
    completed = demo_check()
    assert "authentication.md" not in completed.stdout
    payments = [line for line in completed.stdout.splitlines() if "payments.md:" in line]
    assert len(payments) == 1
    assert "TM401 [warning] area 'payments': stale" in payments[0]
    stale = (ROOT / "examples/demo/docs/security/threat-models/payments.md").read_text("utf-8")
    assert "- **Last updated:** 2026-03-10" in stale  # more than 90 days before 2026-11-24


def test_this_repository_passes_its_own_checks() -> None:
    """Checked on the day the model was last updated, so that updating it needs no test change
    (the project's own pre-commit hooks check it against the real date)."""
    model = (ROOT / "docs/security/threat-models/threat-model-hooks.md").read_text("utf-8")
    updated = re.search(r"^- \*\*Last updated:\*\* (\d{4}-\d\d-\d\d)$", model, re.M)
    assert updated is not None
    env = {**os.environ, "PYTHONPATH": str(ROOT), "THREAT_MODEL_TODAY": updated[1]}
    completed = subprocess.run(
        [sys.executable, "-m", "hooks", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_the_ci_examples_are_valid_yaml() -> None:
    github = yaml.safe_load(
        (ROOT / "examples/ci/github-actions/threat-model-coverage.yml").read_text("utf-8")
    )
    triggers = github.get(True, github.get("on"))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers
    gitlab = yaml.safe_load((ROOT / "examples/ci/gitlab-ci.yml").read_text("utf-8"))
    assert isinstance(gitlab, dict)
    text = (ROOT / "examples/ci/github-actions/threat-model-coverage.yml").read_text("utf-8")
    assert "fetch-depth: 0" in text
    assert "<!-- threat-model-coverage -->" in text
    weekly = yaml.safe_load(
        (ROOT / "examples/ci/github-actions/threat-model-status.yml").read_text("utf-8")
    )
    assert "schedule" in weekly.get(True, weekly.get("on"))
    scheduled = yaml.safe_load((ROOT / "examples/ci/gitlab-status.yml").read_text("utf-8"))
    assert "threat-model-status" in scheduled


@pytest.mark.parametrize(
    "example",
    ["examples/ci/github-actions/threat-model-status.yml", "examples/ci/gitlab-status.yml"],
)
def test_the_status_examples_install_as_the_coverage_examples_do(example: str) -> None:
    """One install step, the same in every example: read the pinned rev, install it."""
    coverage = (ROOT / "examples/ci/gitlab-ci.yml").read_text("utf-8")
    install = coverage[coverage.index("python -m pip install pre-commit") :]
    install = install[: install.index('python -m pip install "git+${HOOKS_REPO}@${rev}"')]
    text = (ROOT / example).read_text("utf-8")
    lines = "\n".join(line.strip() for line in install.splitlines())
    assert lines in "\n".join(line.strip() for line in text.splitlines())
    blob = "https://github.com/threat-model-hooks/threat-model-hooks/blob/main/"
    assert f"[`{example}`]({blob}{example})" in (ROOT / "docs/ci.md").read_text("utf-8")


HOOK_RANGES = {
    "check-threat-model-sections": "TM1",
    "check-threat-model-template": "TM2",
    "check-threat-model-index": "TM3",
    "check-threat-model-coverage": "TM4",
    "check-threat-model-content": "TM5",
    "check-threat-model-review": "TM6",
}


@pytest.mark.parametrize("hook", sorted(HOOK_RANGES))
def test_hooks_that_warn_show_their_warnings(hook: str) -> None:
    """pre-commit hides a passing hook's output: a hook with a rule that warns by default is
    verbose, so that its warnings reach someone (a clean run prints nothing of its own)."""
    warns = any(
        rule.severity == "warning" and code.startswith(HOOK_RANGES[hook])
        for code, rule in RULES.items()
    )
    entry = next(item for item in MANIFEST if item["id"] == hook)
    assert bool(entry.get("verbose")) is warns
