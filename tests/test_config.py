"""``.threat-model.yaml``: defaults, every key, and errors that name the key and its line."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hooks import check_threat_model_sections, cli
from hooks.core.config import (
    DEFAULT_METADATA,
    DEFAULT_SECTIONS,
    Config,
    ConfigError,
    FieldSpec,
    SectionSpec,
    load_config,
    parse_config,
)


def parse(text: str) -> Config:
    return parse_config(text, ".threat-model.yaml", Path("/repo"))


def test_an_empty_file_gives_the_defaults() -> None:
    config = parse("# nothing here\n")
    assert config.models_dir == "docs/security/threat-models"
    assert config.template == "docs/security/threat-models/template.md"
    assert config.index == "docs/security/THREAT_MODEL_INDEX.md"
    assert config.staleness_days == 90
    assert [s.name for s in config.sections] == [
        "Feature metadata",
        "Assets",
        "Entry points",
        "Trust boundaries",
        "Threats",
        "Mitigations",
        "Residual risk",
    ]
    assert [f.name for f in config.metadata] == [
        "Feature name",
        "Owner",
        "Last updated",
        "Review cadence",
    ]
    assert config.date_field == FieldSpec("Last updated", config.metadata[2].aliases, kind="date")


def test_every_key_is_read() -> None:
    config = parse(
        """\
models_dir: security/models/
template: security/models/_template.md
index: ./security/README.md
title: "TM: <Feature>"
staleness_days: 30
max_file_bytes: 1000
sections:
  - Overview
  - name: Threats
    aliases: [Risks]
  - {name: Meta, metadata: true}
metadata:
  - Owner
  - {name: Reviewed, aliases: [Last reviewed], kind: date}
exclude: [NOTES.md]
ignore: [vendor/]
severity:
  tm204: error
  TM205: off
  TM101: "off"
areas: {}
"""
    )
    assert config.models_dir == "security/models"
    assert config.template == "security/models/_template.md"
    assert config.index == "security/README.md"
    assert config.title == "TM: <Feature>"
    assert (config.staleness_days, config.max_file_bytes) == (30, 1000)
    # a built-in section or field keeps its aliases; the ones given are added
    threats = next(spec for spec in DEFAULT_SECTIONS if spec.name == "Threats")
    owner = next(spec for spec in DEFAULT_METADATA if spec.name == "Owner")
    assert config.sections == (
        SectionSpec("Overview"),
        SectionSpec("Threats", (*threats.aliases, "Risks")),
        SectionSpec("Meta", metadata=True),
    )
    assert config.metadata == (owner, FieldSpec("Reviewed", ("Last reviewed",), "date"))
    assert config.exclude == ("NOTES.md",)
    assert config.ignore == ("vendor/",)
    assert dict(config.severity) == {"TM204": "error", "TM205": "off", "TM101": "off"}
    assert config.source == ".threat-model.yaml"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("modls_dir: x\n", 1, "unknown key 'modls_dir'"),
        ("- a\n- b\n", 1, "the top level must be a mapping"),
        ("models_dir: 3\n", 1, "'models_dir' must be a non-empty string"),
        ("models_dir: ''\n", 1, "'models_dir' must be a non-empty string"),
        ("models_dir: /etc\n", 1, "must be relative to the repository root"),
        ("models_dir: C:/x\n", 1, "must be relative to the repository root"),
        ("\ntemplate: ../../t.md\n", 2, "points outside the repository"),
        ("staleness_days: -3\n", 1, "staleness_days must be a positive whole number, not -3"),
        ("staleness_days: true\n", 1, "positive whole number"),
        ("staleness_days: 1.5\n", 1, "positive whole number"),
        ("sections: []\n", 1, "'sections' must be a non-empty list"),
        ("sections:\n  - 3\n", 2, "each section must be a name or a mapping"),
        ("sections:\n  - {aliases: [x]}\n", 2, "a section needs a 'name'"),
        ("sections:\n  - {name: A, extra: 1}\n", 2, "unknown key 'extra'"),
        ("sections:\n  - {name: A, metadata: yes please}\n", 2, "'metadata' must be true or false"),
        ("sections:\n  - {name: A, aliases: B}\n", 2, "must be a list of strings"),
        ("metadata: Owner\n", 1, "'metadata' must be a list of fields"),
        ("metadata:\n  - [Owner]\n", 2, "each metadata field must be a name or a mapping"),
        ("metadata:\n  - {kind: date}\n", 2, "a metadata field needs a 'name'"),
        ("metadata:\n  - {name: D, kind: time}\n", 2, "metadata kind must be 'text' or 'date'"),
        ("severity: [TM101]\n", 1, "'severity' must map rule codes"),
        ("severity:\n  TM999: error\n", 2, "unknown rule code 'TM999'"),
        ("severity:\n  TM101: fatal\n", 2, "severity of TM101 must be error, warning or off"),
        ("exclude: README.md\n", 1, "'exclude' must be a list of strings"),
        ("a: &x [1]\nb: *x\n", 2, "YAML aliases (*name) are not supported"),
        ("key: [unclosed\n", 2, "invalid YAML"),
        ("key: value\n  bad indent: x\n", 2, "invalid YAML"),
        ("a: 1\n---\nb: 2\n", 2, "invalid YAML"),
        ("severity: {TM101: off, TM101: error}\n", 1, "duplicate key 'severity.TM101'"),
        ("staleness_days: 5\nmode: enforce\nstaleness_days: 9\n", 3, "(first on line 1)"),
        ("severity:\n  TM101: off\n  tm101: error\n", 3, "TM101 is given twice"),
    ],
)
def test_configuration_errors_name_the_key_and_line(text: str, line: int, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse(text)
    assert caught.value.line == line
    assert message in caught.value.message
    assert str(caught.value).startswith(f".threat-model.yaml:{line}: configuration error: ")


def test_an_alias_bomb_is_refused_at_once() -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [" + ",".join([f"*{chr(97 + n)}"] * 9) + "]\n"
        for n in range(9)
    )
    start = time.perf_counter()
    with pytest.raises(ConfigError, match="aliases"):
        parse(bomb)
    assert time.perf_counter() - start < 5


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    with pytest.raises(ConfigError, match="nested deeper than 64 levels"):
        parse("a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(ConfigError, match="unknown key 'a'"):  # 64 levels are read
        parse("a: " + "[" * 63 + "]" * 63 + "\n")


def test_a_huge_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / ".threat-model.yaml").write_text("# x\n" * 100_000, encoding="utf-8")
    with pytest.raises(ConfigError, match="larger than 256 KiB"):
        load_config(root=tmp_path)


def test_non_utf8_is_refused(tmp_path: Path) -> None:
    (tmp_path / ".threat-model.yaml").write_bytes(b"models_dir: caf\xe9\n")
    with pytest.raises(ConfigError, match="not valid UTF-8"):
        load_config(root=tmp_path)


def test_a_bom_is_accepted(tmp_path: Path) -> None:
    (tmp_path / ".threat-model.yaml").write_bytes(b"\xef\xbb\xbfstaleness_days: 7\n")
    assert load_config(root=tmp_path).staleness_days == 7


def test_load_finds_the_root_and_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert load_config() == Config(root=tmp_path)
    (tmp_path / ".threat-model.yaml").write_text("staleness_days: 5\n", encoding="utf-8")
    assert load_config().staleness_days == 5
    other = tmp_path / "other.yaml"
    other.write_text("staleness_days: 6\n", encoding="utf-8")
    assert load_config(str(other)).staleness_days == 6
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere.yaml"
    elsewhere.write_text("staleness_days: 7\n", encoding="utf-8")
    assert load_config(str(elsewhere)).root == tmp_path  # the repository of the current folder
    assert load_config("../other.yaml").source == "../other.yaml"
    with pytest.raises(ConfigError, match="configuration file not found"):
        load_config(str(tmp_path / "missing.yaml"))


@pytest.mark.parametrize(
    ("relpath", "model"),
    [
        ("docs/security/threat-models/auth.md", True),
        ("docs/security/threat-models/Auth.MD", True),
        ("docs/security/threat-models/template.md", False),
        ("docs/security/threat-models/README.md", False),
        ("docs/security/threat-models/auth.txt", False),
        ("docs/security/threat-models/auth.markdown", True),
        ("docs/security/threat-models/Auth.Markdown", True),
        ("docs/security/auth.md", False),
        ("docs/security/threat-models/sub/auth.md", True),
    ],
)
def test_model_paths(relpath: str, model: bool) -> None:
    assert Config().is_model_path(relpath) is model


@pytest.mark.parametrize("main", [check_threat_model_sections.main, cli.main])
def test_hooks_exit_2_on_a_configuration_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    main: object,
) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".threat-model.yaml").write_text("\nstaleness_days: soon\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = ["check"] if main is cli.main else []
    assert callable(main)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert ".threat-model.yaml:2: configuration error: staleness_days" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("config", ["staleness_days: 5\n", "require_risk_summary: true\n"])
@pytest.mark.parametrize("hook", ["check_threat_model_sections", "check_threat_model_template"])
def test_hooks_without_content_checks_never_load_them(
    tmp_path: Path, hook: str, config: str
) -> None:
    """The content settings are part of the configuration (and cheap); the content checks
    load only in the hooks that run them, whatever the configuration sets."""
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".threat-model.yaml").write_text(config, encoding="utf-8")
    code = (
        f"import sys\nfrom hooks import {hook}\n{hook}.main([])\n"
        "print(sorted(name for name in sys.modules if name.startswith('hooks.core.content')))\n"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = ["hooks.core.content", "hooks.core.content.settings"]
    assert done.stdout.splitlines()[-1] == str(loaded)
