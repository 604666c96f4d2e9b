"""The check-threat-model-content hook, its configuration keys, the CLI and the rule catalogue."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hooks import check_threat_model_content, cli
from hooks.core.config import ConfigError, parse_config
from hooks.core.content.checks import check_content
from hooks.core.content.settings import DEFAULTS, parse_content
from hooks.core.context import ModelContext
from hooks.core.findings import Reporter
from hooks.core.formats import sarif
from hooks.core.markdown import parse_text
from hooks.core.rules import RULES
from tests.conftest import init_repo
from tests.content_support import REPO_ROOT, line_of, model

MODEL_PATH = "docs/security/threat-models/uploads.md"
CONTENT_CODES = sorted(code for code in RULES if code.startswith("TM5"))


def write_repo(tmp_path: Path, text: str, config: str = "") -> Path:
    repo = init_repo(tmp_path / "repo")
    (repo / MODEL_PATH).parent.mkdir(parents=True)
    (repo / MODEL_PATH).write_text(text, encoding="utf-8")
    if config:
        (repo / ".threat-model.yaml").write_text(config, encoding="utf-8")
    return repo


# ---------------------------------------------------------------- configuration


@pytest.mark.parametrize(
    ("text", "key", "line"),
    [
        ("categories: 3\n", "categories", 1),
        ("categories: strdie\n", "strdie", 1),
        ("categories: []\n", "categories", 1),
        ("categories:\n  - {synonyms: [a]}\n", "categories", 2),
        ("categories:\n  - name: X\n    words: [a]\n", "words", 3),
        ("categories:\n  - 7\n", "categories", 2),
        ("lenses: stride\n", "lenses", 1),
        ("lenses:\n  - name: ''\n", "lenses", 2),
        ("mitigation_statuses: Done\n", "mitigation_statuses", 1),
        ("mitigation_statuses: [Done, 3]\n", "mitigation_statuses", 1),
        ("risk_scale: []\n", "risk_scale", 1),
        ("trust_boundary_fields: [auth]\n", "trust_boundary_fields", 1),
        ("trust_boundary_fields:\n  colour: error\n", "colour", 2),
        ("trust_boundary_fields:\n  auth: loud\n", "auth", 2),
        ("trust_boundary_fields:\n  Data crossing: 1\n", "Data crossing", 2),
        ("require_risk_summary: yes please\n", "require_risk_summary", 1),
        ("threat_id_pattern: '(T'\n", "threat_id_pattern", 1),
        ("threat_id_pattern: 'T*'\n", "threat_id_pattern", 1),
        ("models_dir: docs\nthreat_id_pattern: ''\n", "threat_id_pattern", 2),
        ("threat_id_pattern: '\\b'\n", "threat_id_pattern", 1),
        ("threat_id_pattern: '(?=T)'\n", "threat_id_pattern", 1),
        ("threat_id_pattern: '(T\\d+)?'\n", "threat_id_pattern", 1),
        ("threat_id_pattern: '(?<=x)'\n", "threat_id_pattern", 1),
        ("mitigation_statuses: []\n", "mitigation_statuses", 1),
        ("severity:\n  TM599: error\n", "TM599", 2),
    ],
)
def test_bad_content_keys_are_configuration_errors(text: str, key: str, line: int) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, ".threat-model.yaml", REPO_ROOT)
    assert caught.value.line == line
    assert key in caught.value.message


def test_an_unknown_key_of_a_category_names_the_key_and_the_allowed_ones() -> None:
    text = "categories:\n  - name: X\n    words: [a]\n"
    with pytest.raises(ConfigError) as caught:
        parse_config(text, ".threat-model.yaml", REPO_ROOT)
    assert caught.value.message == (
        "unknown key 'words' in 'categories[0]' (allowed: name, synonyms)"
    )


class _Refusing:
    """A checker whose check of a mapping's keys refuses every mapping."""

    def fail(self, message: str, *keys: str | int) -> Exception:
        return ValueError(message)

    def string(self, value: Any, *keys: str | int) -> str:
        return str(value)

    def string_list(self, value: Any, *keys: str | int) -> list[str]:
        return [str(item) for item in value]

    def only(self, item: dict[Any, Any], allowed: tuple[str, ...], *keys: str | int) -> None:
        raise ValueError(f"refused {sorted(item)} at {keys}")

    def level(self, value: Any, what: str, *keys: str | int) -> str:
        return str(value)

    def patterns(self, value: Any, *keys: str | int) -> tuple[str, ...]:
        return tuple(value)


def test_category_keys_are_checked_by_the_configurations_own_validator() -> None:
    with pytest.raises(ValueError, match=r"refused \['name'\] at \('lenses', 0\)"):
        parse_content({"lenses": [{"name": "X"}]}, _Refusing())


def test_good_content_keys() -> None:
    config = parse_config(
        "categories: [stride, lenses]\nlenses: []\nmitigation_statuses: [Done]\n"
        "risk_scale: [Low, {name: High, synonyms: [Likely]}]\n"
        "trust_boundary_fields: {Auth method: error}\nrequire_risk_summary: true\n"
        "threat_id_pattern: 'R\\d+'\nseverity: {TM517: warning}\n",
        ".threat-model.yaml",
        REPO_ROOT,
    )
    content = config.content
    assert content is not None
    assert len(content.categories) == 9
    assert content.lenses == ()
    assert content.mitigation_statuses == ("Done",)
    assert content.risk_scale[1].names == ("High", "Likely")
    assert content.trust_boundary_fields["authentication"] == "error"
    assert content.trust_boundary_fields["what crosses"] == "off"
    assert content.require_risk_summary is True
    assert content.threat_id.fullmatch("R12")
    assert config.severity == {"TM517": "warning"}


def test_no_content_keys_means_defaults() -> None:
    assert parse_config("staleness_days: 30\n", "x", REPO_ROOT).content is DEFAULTS
    checker = object()  # never consulted when no content key is set
    assert parse_content({}, checker) is DEFAULTS  # type: ignore[arg-type]
    assert DEFAULTS.trust_boundary_fields["what crosses"] == "warning"


# ---------------------------------------------------------------- the hook


def test_hook_passes_a_complete_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = write_repo(tmp_path, model(mitigations="- Bind tokens.\n"))
    monkeypatch.chdir(repo)
    assert check_threat_model_content.main([MODEL_PATH, "README.md"]) == 0


def test_hook_reports_findings_with_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = model(threats="- **Spoofing:** An attacker replays tokens to act as others.\n")
    repo = write_repo(tmp_path, text)
    monkeypatch.chdir(repo)
    assert check_threat_model_content.main([MODEL_PATH]) == 1
    out = capsys.readouterr().out
    assert f"{MODEL_PATH}:3:1: TM501 threat category 'Tampering' is not addressed" in out
    assert f"{MODEL_PATH}:3:1: TM502" in out


def test_hook_skips_files_outside_models_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = write_repo(tmp_path, "# nothing\n")
    (repo / "notes.md").write_text("# Notes\n")
    monkeypatch.chdir(repo)
    assert check_threat_model_content.main(["notes.md", "../elsewhere.md"]) == 0


def test_hook_reports_unreadable_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = write_repo(tmp_path, "")
    (repo / MODEL_PATH).write_bytes(b"\xff\xfe\x00")
    monkeypatch.chdir(repo)
    assert check_threat_model_content.main([MODEL_PATH]) == 1


def test_hook_bad_config_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = write_repo(tmp_path, model(), "risk_scale: Low\n")
    monkeypatch.chdir(repo)
    assert check_threat_model_content.main([MODEL_PATH]) == 2
    assert ".threat-model.yaml:1: configuration error: 'risk_scale'" in capsys.readouterr().err


def test_severity_off_silences_the_hook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = model(threats="- **Spoofing:** An attacker replays tokens to act as others.\n")
    repo = write_repo(tmp_path, text, "severity:\n  TM501: 'off'\n  TM502: 'off'\n")
    monkeypatch.chdir(repo)
    assert check_threat_model_content.main([MODEL_PATH]) == 0


def test_hook_json_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = model(mitigations="- See [runbook](../../missing.md).\n")
    repo = write_repo(tmp_path, text)
    monkeypatch.chdir(repo)
    assert check_threat_model_content.main(["--format", "json", MODEL_PATH]) == 1
    assert "TM516" in capsys.readouterr().out


def test_cli_check_runs_the_content_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = model(mitigations="- See [runbook](../../missing.md).\n")
    repo = write_repo(tmp_path, text)
    monkeypatch.chdir(repo)
    assert cli.main(["check", MODEL_PATH]) == 1
    line = line_of(text, "[runbook]")
    column = text.splitlines()[line - 1].index("[runbook]") + 1  # the link's bracket
    assert f"{MODEL_PATH}:{line}:{column}: TM516" in capsys.readouterr().out


# ---------------------------------------------------------------- catalogue


def test_content_rules_are_numbered_from_tm501() -> None:
    assert [f"TM5{n:02d}" for n in range(1, len(CONTENT_CODES) + 1)] == CONTENT_CODES


def test_sarif_has_metadata_for_every_content_rule() -> None:
    driver = sarif([])["runs"][0]["tool"]["driver"]
    by_id = {rule["id"]: rule for rule in driver["rules"]}
    for code in CONTENT_CODES:
        rule = by_id[code]
        assert rule["name"] == RULES[code].name
        assert rule["shortDescription"]["text"]
        assert rule["helpUri"].endswith(f"#{code.lower()}")
        assert rule["defaultConfiguration"]["level"] in ("error", "warning")
    json.dumps(driver)


def test_manifest_and_console_script() -> None:
    manifest = (REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: check-threat-model-content\n" in manifest
    pyproject = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'check-threat-model-content = "hooks.check_threat_model_content:main"' in pyproject


@pytest.mark.parametrize("name", ["default", "trust-boundary-centred", "table-centred"])
def test_example_configs_are_valid(name: str) -> None:
    path = REPO_ROOT / "examples/configs" / f"{name}.threat-model.yaml"
    parse_config(path.read_text(encoding="utf-8"), str(path), REPO_ROOT)


def test_the_default_example_config_is_the_default() -> None:
    path = REPO_ROOT / "examples/configs/default.threat-model.yaml"
    config = parse_config(path.read_text(encoding="utf-8"), str(path), REPO_ROOT)
    assert config.content == DEFAULTS


@pytest.mark.parametrize(
    ("style", "config", "expected"),
    [
        ("default", "default", []),
        ("trust-boundary-centred", "trust-boundary-centred", []),
        ("table-centred", "table-centred", []),
        ("table-centred", "default", []),
        (
            "trust-boundary-centred",
            "default",
            # the defaults read the boundaries as no Threats section, and neither Certain nor
            # Partially mitigated as vocabulary: the style needs its configuration
            [
                *[("## Threats beyond", "TM501")] * 6,
                ("| T1 |", "TM512"),
                ("| T1 |", "TM506"),
                ("| T2 |", "TM512"),
                ("| T2 |", "TM511"),
                ("| T2 |", "TM506"),
                ("| T4 |", "TM512"),
                ("| T4 |", "TM506"),
                ("| T5 |", "TM512"),
                ("| T5 |", "TM511"),
                ("| T7 |", "TM511"),
                ("| T8 |", "TM511"),
                ("| T8 |", "TM506"),
            ],
        ),
    ],
)
def test_example_models_pass_with_their_configs(
    style: str, config: str, expected: list[tuple[str, str]]
) -> None:
    rel = f"examples/configs/models/{style}.md"
    text = (REPO_ROOT / rel).read_text(encoding="utf-8")
    config_path = REPO_ROOT / "examples/configs" / f"{config}.threat-model.yaml"
    parsed = parse_config(config_path.read_text(encoding="utf-8"), str(config_path), REPO_ROOT)
    reporter = Reporter(parsed.severity)
    check_content(ModelContext(parse_text(text, rel), rel, parsed), reporter)
    assert [(f.line, f.code) for f in reporter.findings] == [
        (line_of(text, needle), code) for needle, code in expected
    ]


@pytest.mark.parametrize("code", CONTENT_CODES)
@pytest.mark.parametrize("level", ["error", "warning", "off"])
def test_every_content_rule_takes_a_severity_override(code: str, level: str) -> None:
    config = parse_config(f"severity:\n  {code}: '{level}'\n", ".threat-model.yaml", REPO_ROOT)
    reporter = Reporter(config.severity)
    reporter.add(code, path="m.md", line=3, column=1, message="message")
    assert [f.severity for f in reporter.findings] == ([] if level == "off" else [level])


def test_bare_off_in_trust_boundary_fields() -> None:
    # YAML 1.1 reads a bare off as false
    text = "trust_boundary_fields: {what crosses: off, authentication: error}\n"
    content = parse_config(text, ".threat-model.yaml", REPO_ROOT).content
    assert content is not None
    assert content.trust_boundary_fields["what crosses"] == "off"
    assert content.trust_boundary_fields["authentication"] == "error"
