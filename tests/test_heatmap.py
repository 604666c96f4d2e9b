"""Risk heat maps: the risk summary on a likelihood x impact grid, for one model or many."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hooks import cli
from hooks.core.config import Config, parse_config
from hooks.core.content.settings import DEFAULT_RISK_SCALE
from hooks.core.context import ModelContext
from hooks.core.heatmap import (
    as_json,
    level,
    markdown,
    of_model,
    of_risks,
    quadrant_chart,
    risks_of,
    table,
    text,
)
from hooks.core.markdown import parse_text
from tests.conftest import init_repo

ROOT = Path(__file__).resolve().parent.parent
MODELS = "docs/security/threat-models"


def context(summary: str, relpath: str = f"{MODELS}/auth.md", config: str = "") -> ModelContext:
    text = f"# Threat Model: Auth\n\n## Risk summary\n\n{summary}"
    parsed = parse_config(config, ".threat-model.yaml", ROOT) if config else Config(root=ROOT)
    return ModelContext(parse_text(text, relpath), relpath, parsed)


SUMMARY = (
    "| Threat | Likelihood | Impact | Status |\n|---|---|---|---|\n"
    "| T1 | Low | High | Implemented |\n"
    "| T2, T3 | very high | Critical (data loss) | Planned |\n"
    "| Replay of tokens | Moderate | Low | Planned |\n"
    "| T4 | 3 | High | Planned |\n"
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("High", 3, id="level"),
        pytest.param("very high", 4, id="longest-name-wins"),
        pytest.param("Moderate", 2, id="alias"),
        pytest.param("High (data loss)", 3, id="qualified"),
        pytest.param("3", None, id="number"),
        pytest.param("", None, id="blank"),
        pytest.param("Highest", None, id="other-word"),
    ],
)
def test_level(value: str, expected: int | None) -> None:
    assert level(value, DEFAULT_RISK_SCALE) == expected


def test_the_risks_of_a_summary() -> None:
    found = [(r.threat, r.likelihood, r.impact) for r in risks_of(context(SUMMARY))]
    assert found == [
        ("T1", 1, 3),
        ("T2, T3", 4, 5),
        ("Replay of tokens", 2, 1),
        ("T4", None, 3),
    ]


@pytest.mark.parametrize(
    "summary",
    [
        pytest.param("| Threat | Status |\n|---|---|\n| T1 | Planned |\n", id="no-rating-columns"),
        pytest.param(
            "| | Low | High |\n|---|---|---|\n| High | T1 | T2 |\n| Low | | T3 |\n",
            id="a-heat-map-already",
        ),
        pytest.param("Nothing rated yet.\n", id="no-table"),
    ],
)
def test_what_is_no_summary(summary: str) -> None:
    assert risks_of(context(summary)) == []


def test_no_risk_summary_section() -> None:
    text = "# Threat Model: Auth\n\n## Threats\n\n| Threat | Likelihood | Impact |\n|--|--|--|\n"
    doc = parse_text(text, "m.md")
    assert risks_of(ModelContext(doc, "m.md", Config(root=ROOT))) == []


def test_the_markdown_table() -> None:
    assert table(of_model(context(SUMMARY))) == (
        "| Likelihood \\\\ Impact | Very low | Low | Medium | High | Very high | Critical |\n"
        "| --- | :---: | :---: | :---: | :---: | :---: | :---: |\n"
        "| **Critical** |  |  |  |  |  |  |\n"
        "| **Very high** |  |  |  |  |  | T2, T3 |\n"
        "| **High** |  |  |  |  |  |  |\n"
        "| **Medium** |  | Replay of tokens |  |  |  |  |\n"
        "| **Low** |  |  |  | T1 |  |  |\n"
        "| **Very low** |  |  |  |  |  |  |\n"
    )


def test_markdown_lists_what_is_off_the_scale_and_draws_the_chart() -> None:
    rendered = markdown(of_model(context(SUMMARY)))
    assert "Off the scale:\n\n- T4 (line 10): likelihood '3', impact 'High'\n" in rendered
    assert "```mermaid\nquadrantChart\n" in rendered
    assert "  T2 T3: [0.917, 0.750]\n" in rendered
    assert "  Replay of tokens: [0.250, 0.417]\n" in rendered


def test_two_threats_of_a_cell_sit_side_by_side() -> None:
    summary = (
        "| Threat | Likelihood | Impact |\n|---|---|---|\n| T1 | Low | Low |\n| T2 | Low | Low |\n"
    )
    chart = quadrant_chart(of_model(context(summary)))
    assert chart is not None
    assert "  T1: [0.222, 0.250]\n  T2: [0.278, 0.250]\n" in chart


@pytest.mark.parametrize(
    ("config", "summary"),
    [
        pytest.param(
            "risk_scale: [Low, Medium, High]\n",
            SUMMARY.replace("very high", "High"),
            id="odd-scale",
        ),
        pytest.param(
            "",
            "| Threat | Likelihood | Impact |\n|---|---|---|\n"
            + "".join(f"| T{n} | Low | Low |\n" for n in range(1, 102)),
            id="too-many-points",
        ),
        pytest.param(
            "", "| Threat | Likelihood | Impact |\n|---|---|---|\n| T1 | ? | ? |\n", id="none-rated"
        ),
    ],
)
def test_where_the_scale_does_not_allow_a_chart(config: str, summary: str) -> None:
    heatmap = of_model(context(summary, config=config))
    assert heatmap.risks
    assert quadrant_chart(heatmap) is None
    assert "quadrantChart" not in markdown(heatmap)


def test_point_names_are_safe_for_mermaid() -> None:
    summary = (
        "| Threat | Likelihood | Impact |\n|---|---|---|\n"
        '| a: [b] "c" | Low | Low |\n| ::: | Low | Low |\n'
    )
    chart = quadrant_chart(of_model(context(summary)))
    assert chart is not None
    assert "  a b c: [" in chart
    assert "  risk: [" in chart


def test_cells_are_escaped_in_markdown() -> None:
    summary = "| Threat | Likelihood | Impact |\n|---|---|---|\n| `x` *y* <b> | Low | Low |\n"
    assert "| \\`x\\` y \\<b> |" in table(of_model(context(summary)))


def test_text_and_json() -> None:
    heatmap = of_model(context(SUMMARY))
    assert text(heatmap).splitlines()[:3] == [
        "Likelihood \\ Impact  Very low  Low               Medium  High  Very high  Critical",
        "Critical",
        "Very high" + " " * 65 + "T2, T3",
    ]
    assert "Off the scale:\n  T4 (line 10): likelihood '3', impact 'High'\n" in text(heatmap)
    payload = json.loads(as_json(heatmap))
    assert payload["cells"][0] == {
        "likelihood": "Very high",
        "impact": "Critical",
        "threats": ["T2, T3"],
    }
    assert payload["off_scale"] == [
        {
            "model": f"{MODELS}/auth.md",
            "line": 10,
            "threat": "T4",
            "likelihood": "3",
            "impact": "High",
        }
    ]


def test_an_empty_heat_map() -> None:
    heatmap = of_model(context("Nothing yet.\n"))
    assert (
        markdown(heatmap)
        == text(heatmap)
        == ("No risk summary rates a threat's likelihood and impact.\n")
    )


def test_of_risks_names_each_threat_with_its_model() -> None:
    one = context("| Threat | Likelihood | Impact |\n|---|---|---|\n| T1 | Low | Low |\n")
    two = context(
        "| Threat | Likelihood | Impact |\n|---|---|---|\n| T1 | Low | Low |\n",
        relpath=f"{MODELS}/payments.md",
    )
    heatmap = of_risks(two.config, risks_of(two) + risks_of(one))
    assert heatmap.cell(1, 1) == ["auth T1", "payments T1"]
    assert "| **Low** |  | auth T1, payments T1 |" in table(heatmap)
    assert of_risks(one.config, []).risks == ()


def test_own_model(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert cli.main(["heatmap", f"{MODELS}/threat-model-hooks.md", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "| **High** |  |  | T8, T20, T21 |" in out
    assert "quadrantChart" in out


def test_a_model_that_cannot_be_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(init_repo(tmp_path / "repo"))
    assert cli.main(["heatmap", "missing.md"]) == 2
    assert "threat-model heatmap: missing.md does not exist" in capsys.readouterr().err
