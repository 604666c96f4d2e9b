"""``threat-model status``: every model and area as of today, in text, Markdown and JSON."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from hooks import cli

MODELS = "docs/security/threat-models"
INDEX = "docs/security/THREAT_MODEL_INDEX.md"

THREATS = """
## Threats

### Spoofing
- **T1:** An attacker replays a stolen session token to act as another user.

### Tampering
- **T2:** An attacker alters a signed request in transit to change its amount.

### Repudiation
- **T3:** N/A: every call is a system job.
"""
MITIGATED_T1 = """
## Mitigations

| Threat | Mitigation | Status |
| --- | --- | --- |
| T1 | Bind tokens to the client | Implemented |
"""


def model(
    feature: str,
    updated: str = "2026-10-01",
    cadence: str = "Quarterly",
    owner: str = "@team",
    body: str = THREATS + MITIGATED_T1,
) -> str:
    return (
        f"# Threat Model: {feature}\n\n## Feature metadata\n\n- **Feature name:** {feature}\n"
        f"- **Owner:** {owner}\n- **Last updated:** {updated}\n"
        f"- **Review cadence:** {cadence}\n{body}"
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / MODELS).mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("THREAT_MODEL_TODAY", "2026-11-24")
    return tmp_path


def write(root: Path, name: str, text: str | bytes) -> None:
    path = root / MODELS / f"{name}.md"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def status(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = cli.main(["status", *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out


def report(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    code, out = status(capsys, "--format", "json", *args)
    assert code == 0
    data: dict[str, Any] = json.loads(out)
    return data


@pytest.mark.parametrize(
    ("updated", "cadence", "window", "state", "due"),
    [
        pytest.param("2026-11-01", "Quarterly", 30, "current", "2027-01-30", id="current"),
        pytest.param("2026-10-01", "Quarterly", 30, "current", "2026-12-30", id="due-later"),
        pytest.param("2026-10-01", "Quarterly", 36, "due", "2026-12-30", id="due-within-window"),
        pytest.param("2026-10-24", "Monthly", 0, "due", "2026-11-24", id="due-today"),
        pytest.param("2026-10-01", "Monthly", 30, "stale", "2026-11-01", id="stale-by-cadence"),
        pytest.param("2026-08-01", "Yearly", 30, "stale", "2026-10-30", id="stale-by-budget"),
        pytest.param("03/04/2026", "Quarterly", 30, "missing", None, id="ambiguous-date"),
        pytest.param("2027-06-01", "Quarterly", 30, "missing", None, id="future-date"),
    ],
)
def test_the_state_of_a_model(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    updated: str,
    cadence: str,
    window: int,
    state: str,
    due: str | None,
) -> None:
    write(repo, "auth", model("Auth", updated, cadence))
    (found,) = report(capsys, "--due-within", str(window))["models"]
    assert (found["state"], found["review_due"]) == (state, due)
    assert found["path"] == f"{MODELS}/auth.md"
    assert (found["feature"], found["owner"], found["last_updated"]) == ("Auth", "@team", updated)


@pytest.mark.parametrize(
    ("body", "threats", "unmitigated"),
    [
        pytest.param(THREATS + MITIGATED_T1, 3, 1, id="t2-unmitigated-t3-not-applicable"),
        pytest.param(THREATS, 3, 2, id="no-mitigations-at-all"),
        pytest.param(
            THREATS + MITIGATED_T1.replace("| T1 |", "| T1, T2 |"), 3, 0, id="all-mitigated"
        ),
        pytest.param("\n## Threats\n\nNone yet.\n", 0, 0, id="no-threat-ids"),
        pytest.param(
            THREATS.replace("## Threats", "## Analysis") + MITIGATED_T1,
            3,
            1,
            id="threats-outside-a-threats-section",
        ),
    ],
)
def test_threat_counts(
    repo: Path, capsys: pytest.CaptureFixture[str], body: str, threats: int, unmitigated: int
) -> None:
    write(repo, "auth", model("Auth", body=body))
    (found,) = report(capsys)["models"]
    assert (found["threats"], found["unmitigated"]) == (threats, unmitigated)


def test_counts_do_not_depend_on_severities(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".threat-model.yaml").write_text("severity: {TM504: 'off'}\n", encoding="utf-8")
    write(repo, "auth", model("Auth"))
    (found,) = report(capsys)["models"]
    assert found["unmitigated"] == 1


def test_areas_take_the_coverage_checks_states(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / ".threat-model.yaml").write_text(
        "areas:\n  auth: [src/auth/]\n  pay:\n    paths: [src/pay/]\n    staleness_days: 30\n"
        "  search: [src/search/]\n",
        encoding="utf-8",
    )
    write(repo, "auth", model("Auth", "2026-11-01"))
    write(repo, "pay", model("Pay", "2026-10-01"))
    data = report(capsys)
    areas = {area["name"]: area for area in data["areas"]}
    assert list(areas) == ["auth", "pay", "search"]  # the configuration's order
    assert (areas["auth"]["state"], areas["auth"]["due"], areas["auth"]["age_days"]) == (
        "current",
        "2027-01-30",
        23,
    )
    assert (areas["pay"]["state"], areas["pay"]["due"]) == ("stale", "2026-10-31")
    assert areas["search"]["state"] == "missing"
    assert areas["search"]["owner"] is None
    assert data["summary"] == {
        "models": {"current": 1, "due": 0, "stale": 1, "missing": 0},
        "areas": {"current": 1, "due": 0, "stale": 1, "missing": 1},
    }


def test_the_json_report_is_versioned(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "auth", model("Auth"))
    data = report(capsys)
    assert data["schema_version"] == 1
    assert (data["today"], data["due_within_days"]) == ("2026-11-24", 30)
    assert sorted(data["models"][0]) == [
        "age_days",
        "feature",
        "last_updated",
        "owner",
        "path",
        "review_due",
        "state",
        "threats",
        "unmitigated",
        "why",
    ]


def test_the_text_report(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "auth", model("Auth", "2026-10-01", "Monthly"))
    code, out = status(capsys)
    assert code == 0  # a stale model fails nothing
    assert out.splitlines() == [
        "threat-model status on 2026-11-24 (due within 30 days)",
        "Models:",
        f"  {MODELS}/auth.md: stale: review was due 2026-11-01; owner @team; last updated"
        " 2026-10-01 (54 days ago); threats: 3, unmitigated: 1",
        "Areas:",
        "  (none)",
        "Risk heat map (the risk summaries of every model):",
        "  No risk summary rates a threat's likelihood and impact.",
        "1 model (0 current, 0 due, 1 stale, 0 missing);"
        " 0 feature areas (0 current, 0 due, 0 stale, 0 missing).",
    ]


def test_the_markdown_report_is_inert(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "auth", model("Auth", owner="<b>x</b> | [y](z)"))
    code, out = status(capsys, "--format", "markdown")
    assert code == 0
    assert out.startswith("<!-- threat-model-status -->\n## Threat model status\n")
    row = next(line for line in out.splitlines() if "auth.md" in line)
    assert row == (
        f"| `{MODELS}/auth.md` | Auth | \\<b>x\\</b> \\| y | 2026-10-01 | 54"
        " | 2026-12-30 | \u2705 current | 3 | 1 |"
    )
    assert "No feature area is configured" in out


def test_an_unreadable_model_is_missing(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "auth", b"\xff\xfe\x00")
    (found,) = report(capsys)["models"]
    assert (found["state"], found["why"], found["threats"]) == ("missing", "cannot be read", None)


def test_day_zero(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = status(capsys)
    assert code == 0
    assert "  (none)" in out
    assert "No threat model yet." in status(capsys, "--format", "markdown")[1]


def test_the_template_and_the_index_are_not_models(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, "template", model("<Feature name>"))
    (repo / INDEX).write_text("# Index\n", encoding="utf-8")
    write(repo, "auth", model("Auth"))
    assert [m["path"] for m in report(capsys)["models"]] == [f"{MODELS}/auth.md"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--due-within", "-1"], "--due-within must be 0 or more", id="negative"),
        pytest.param(["--due-within", "x"], "invalid int value", id="not-a-number"),
        pytest.param(["--format", "sarif"], "invalid choice", id="no-sarif"),
    ],
)
def test_usage_errors_exit_2(
    repo: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["status", *args])
    assert exited.value.code == 2
    assert message in capsys.readouterr().err


def test_a_configuration_error_exits_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".threat-model.yaml").write_text("staleness_days: -3\n", encoding="utf-8")
    assert cli.main(["status"]) == 2
    assert "configuration error" in capsys.readouterr().err


def test_areas_in_text_and_markdown(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".threat-model.yaml").write_text(
        "areas:\n  auth: [src/auth/]\n  search: [src/search/]\n", encoding="utf-8"
    )
    write(repo, "auth", model("Auth", "2026-11-01"))
    _, out = status(capsys)
    shown = out.splitlines()
    assert shown[-5:-3] + shown[-1:] == [
        f"  auth: current: {MODELS}/auth.md: current (23 of 90 days); due 2027-01-30; owner @team",
        f"  search: missing: {MODELS}/search.md: no model file at {MODELS}/search.md",
        "1 model (1 current, 0 due, 0 stale, 0 missing);"
        " 2 feature areas (1 current, 0 due, 0 stale, 1 missing).",
    ]
    _, out = status(capsys, "--format", "markdown")
    shown = out.splitlines()
    assert shown[shown.index("### Risk heat map") - 3 : shown.index("### Risk heat map") - 1] == [
        f"| auth | `{MODELS}/auth.md` | @team | 2026-11-01 | 23 | 2027-01-30 | \u2705 current |",
        f"| search | `{MODELS}/search.md` | \u2014 | \u2014 | \u2014 | \u2014 | \u274c missing |",
    ]


RISKS = """
## Risk summary

| Threat | Likelihood | Impact | Status |
| --- | --- | --- | --- |
| T1 | High | Medium | Mitigated |
| T2 | Low | Low | Open |
| T3 | Sometimes | High | Open |
"""


def test_the_heat_map_of_every_model(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, "payments", model("Payments", body=THREATS + MITIGATED_T1 + RISKS))
    write(
        repo,
        "auth",
        model("Auth", body=THREATS + MITIGATED_T1 + RISKS.replace("T2 |", "<b>x</b> |")),
    )
    heat = report(capsys)["heat_map"]
    assert heat["scale"][:2] == ["Very low", "Low"]
    assert {"likelihood": "High", "impact": "Medium", "threats": ["auth T1", "payments T1"]} in (
        heat["cells"]
    )
    assert [(r["model"], r["threat"], r["likelihood"]) for r in heat["off_scale"]] == [
        (f"{MODELS}/auth.md", "T3", "Sometimes"),
        (f"{MODELS}/payments.md", "T3", "Sometimes"),
    ]
    code, out = status(capsys)
    assert code == 0
    shown = out.splitlines()
    high = next(line for line in shown if line.startswith("  High "))
    assert "auth T1, payments T1" in high
    assert "    payments T3 (line 33): likelihood 'Sometimes', impact 'High'" in shown
    markdown = status(capsys, "--format", "markdown")[1]
    section = markdown[markdown.index("### Risk heat map") :]
    assert "| **High** |" in section
    assert "| auth \\<b>x\\</b>, payments T2 |" in section  # inert, as every cell


def test_no_model_no_heat_map(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    heat = report(capsys)["heat_map"]
    assert (heat["cells"], heat["off_scale"]) == ([], [])
    markdown = status(capsys, "--format", "markdown")[1]
    assert markdown.rstrip().endswith("No risk summary rates a threat's likelihood and impact.")
