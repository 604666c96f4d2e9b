"""``.threat-model.yaml``: defaults, every key, and errors that name the key and its line."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

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
        pytest.param("modls_dir: x\n", 1, "unknown key 'modls_dir'", id="unknown-key"),
        pytest.param("- a\n- b\n", 1, "the top level must be a mapping", id="top-level-list"),
        pytest.param(
            "models_dir: 3\n", 1, "'models_dir' must be a non-empty string", id="models-dir-number"
        ),
        pytest.param(
            "models_dir: ''\n", 1, "'models_dir' must be a non-empty string", id="models-dir-empty"
        ),
        pytest.param(
            "models_dir: /etc\n",
            1,
            "must be relative to the repository root",
            id="models-dir-absolute",
        ),
        pytest.param(
            "models_dir: C:/x\n",
            1,
            "must be relative to the repository root",
            id="models-dir-drive-letter",
        ),
        pytest.param(
            "\ntemplate: ../../t.md\n", 2, "points outside the repository", id="template-outside"
        ),
        pytest.param(
            "staleness_days: -3\n",
            1,
            "staleness_days must be a positive whole number, not -3",
            id="staleness-negative",
        ),
        pytest.param("staleness_days: true\n", 1, "positive whole number", id="staleness-boolean"),
        pytest.param("staleness_days: 1.5\n", 1, "positive whole number", id="staleness-fraction"),
        pytest.param(
            "sections: []\n", 1, "'sections' must be a non-empty list", id="sections-empty"
        ),
        pytest.param(
            "sections:\n  - 3\n", 2, "each section must be a name or a mapping", id="section-number"
        ),
        pytest.param(
            "sections:\n  - {aliases: [x]}\n",
            2,
            "a section needs a 'name'",
            id="section-without-name",
        ),
        pytest.param(
            "sections:\n  - {name: A, extra: 1}\n",
            2,
            "unknown key 'extra'",
            id="section-unknown-key",
        ),
        pytest.param(
            "sections:\n  - {name: A, metadata: yes please}\n",
            2,
            "'metadata' must be true or false",
            id="section-metadata-not-boolean",
        ),
        pytest.param(
            "sections:\n  - {name: A, aliases: B}\n",
            2,
            "must be a list of strings",
            id="section-aliases-not-a-list",
        ),
        pytest.param(
            "metadata: Owner\n", 1, "'metadata' must be a list of fields", id="metadata-not-a-list"
        ),
        pytest.param(
            "metadata:\n  - [Owner]\n",
            2,
            "each metadata field must be a name or a mapping",
            id="metadata-field-list",
        ),
        pytest.param(
            "metadata:\n  - {kind: date}\n",
            2,
            "a metadata field needs a 'name'",
            id="metadata-field-without-name",
        ),
        pytest.param(
            "metadata:\n  - {name: D, kind: time}\n",
            2,
            "metadata kind must be 'text' or 'date'",
            id="metadata-unknown-kind",
        ),
        pytest.param(
            "severity: [TM101]\n", 1, "'severity' must map rule codes", id="severity-not-a-mapping"
        ),
        pytest.param(
            "severity:\n  TM999: error\n",
            2,
            "unknown rule code 'TM999'",
            id="severity-unknown-code",
        ),
        pytest.param(
            "severity:\n  TM101: fatal\n",
            2,
            "severity of TM101 must be error, warning or off",
            id="severity-unknown-level",
        ),
        pytest.param(
            "exclude: README.md\n",
            1,
            "'exclude' must be a list of strings",
            id="exclude-not-a-list",
        ),
        pytest.param(
            "a: &x [1]\nb: *x\n", 2, "YAML aliases (*name) are not supported", id="yaml-alias"
        ),
        pytest.param("key: [unclosed\n", 2, "invalid YAML", id="yaml-unclosed"),
        pytest.param("key: value\n  bad indent: x\n", 2, "invalid YAML", id="yaml-bad-indent"),
        pytest.param("a: 1\n---\nb: 2\n", 2, "invalid YAML", id="yaml-two-documents"),
        pytest.param(
            "severity: {TM101: off, TM101: error}\n",
            1,
            "duplicate key 'severity.TM101'",
            id="duplicate-severity-key",
        ),
        pytest.param(
            "staleness_days: 5\nmode: enforce\nstaleness_days: 9\n",
            3,
            "(first on line 1)",
            id="duplicate-top-level-key",
        ),
        pytest.param(
            "severity:\n  TM101: off\n  tm101: error\n",
            3,
            "TM101 is given twice",
            id="rule-code-given-twice",
        ),
    ],
)
def test_configuration_errors_name_the_key_and_line(text: str, line: int, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse(text)
    assert caught.value.line == line
    assert message in caught.value.message
    assert str(caught.value).startswith(f".threat-model.yaml:{line}: configuration error: ")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        pytest.param("index: .git/config\n", 1, "'index' points into a git folder", id="index"),
        pytest.param("\nmodels_dir: .git\n", 2, "'models_dir' points into a git", id="models"),
        pytest.param("template: ./.GIT/t.md\n", 1, "points into a git folder", id="case"),
        pytest.param("index: a/../.git/config\n", 1, "points into a git folder", id="dots"),
        pytest.param("index: sub/.git/config\n", 1, "points into a git folder", id="nested"),
        pytest.param(
            "areas:\n  a:\n    paths: [src/]\n    model: .git/hooks/pre-commit.md\n",
            2,
            "area 'a': model path points into a git folder",
            id="area-model",
        ),
        pytest.param(
            "areas:\n  ../../../../x: [src/]\n",
            2,
            "model path points outside the repository",
            id="area-name",
        ),
        pytest.param("index: linked/config\n", 1, "points into a git folder", id="linked"),
        pytest.param("index: bare.git/config\n", 1, "points into a git folder", id="bare"),
        pytest.param(
            "areas:\n  a:\n    paths: [src/]\n    model: linked/a.md\n",
            2,
            "area 'a': model path points into a git folder: linked/a.md",
            id="area-model-linked",
        ),
        pytest.param("index: .repo-git/config\n", 1, "points into a git folder", id="gitdir"),
        pytest.param("index: w/INDEX.md\n", 1, "points into a git folder", id="worktree"),
        pytest.param(
            "areas:\n  a: {paths: [a/], model: docs/a.md}\n  b: {paths: [b/], model: docs/b.md}\n",
            3,
            "area 'b': model path points into a git folder: docs/b.md",
            id="area-model-linked-beside-a-plain-one",
        ),
        pytest.param(
            "areas:\n  a: {paths: [a/], model: docs/a.md}\n  b: {paths: [b/], model: w/b.md}\n",
            3,
            "area 'b': model path points into a git folder: w/b.md",
            id="area-model-after-a-plain-one",
        ),
    ],
)
def test_configured_paths_stay_in_the_work_tree(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    root = tmp_path / "repo"
    separate = str(root / ".repo-git")
    subprocess.run(["git", "init", "-q", "--separate-git-dir", separate, str(root)], check=True)
    subprocess.run(["git", "init", "-q", "--bare", str(root / "bare.git")], check=True)
    (root / "w").mkdir()  # the git folder of a linked work tree
    (root / "w/HEAD").write_text("ref: refs/heads/w\n", encoding="utf-8")
    (root / "w/commondir").write_text("../..\n", encoding="utf-8")
    (root / ".git").unlink()
    (root / ".git").mkdir()  # a plain repository's folder too
    (root / "linked").symlink_to(".git")
    (root / "docs").mkdir()
    (root / "docs/b.md").symlink_to("../.git/b.md")  # a model linked into the git folder
    with pytest.raises(ConfigError) as caught:
        parse_config(text, ".threat-model.yaml", root)
    assert caught.value.line == line
    assert message in caught.value.message


def test_configured_paths_inside_the_work_tree_are_accepted(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "docs").mkdir()
    (tmp_path / "security").symlink_to("docs")
    (tmp_path / "out").symlink_to(tmp_path.parent)  # its files are refused as they are read
    (tmp_path / "loop").symlink_to("loop")
    config = parse_config(
        "models_dir: security/models\nindex: .github/INDEX.md\ntemplate: out/git/t.md\n"
        "areas:\n  a: {paths: [src/], model: .gitlab/a.md}\n  b: {paths: [x/], model: loop/b.md}\n",
        ".threat-model.yaml",
        tmp_path,
    )
    assert (config.models_dir, config.index) == ("security/models", ".github/INDEX.md")


def test_the_index_is_never_written_into_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    before = (tmp_path / ".git/config").read_bytes()
    (tmp_path / ".threat-model.yaml").write_text("index: .git/config\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["index", "--fix"]) == 2
    assert ".threat-model.yaml:1: configuration error: 'index' points into a git folder" in (
        capsys.readouterr().err
    )
    assert (tmp_path / ".git/config").read_bytes() == before


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        pytest.param(
            "staleness_days: 1000000000\n",
            1,
            "staleness_days must be at most 36500 (100 years), not 1000000000",
            id="staleness",
        ),
        pytest.param("staleness_days: 36501\n", 1, "at most 36500 (100 years)", id="staleness+1"),
        pytest.param(
            "max_file_bytes: 100000000000\n",
            1,
            "max_file_bytes must be at most 268435456 (256 MiB), not 100000000000",
            id="file-bytes",
        ),
        pytest.param("max_file_bytes: 9223372036854775807\n", 1, "at most", id="file-bytes-2^63"),
        pytest.param("max_file_bytes: 268435457\n", 1, "at most 268435456", id="file-bytes+1"),
        pytest.param(
            "areas:\n  a:\n    paths: [src/]\n    staleness_days: 99999999999\n",
            2,
            "area 'a': staleness_days must be at most 36500 (100 years), not 99999999999",
            id="area-staleness",
        ),
    ],
)
def test_numbers_are_bounded(text: str, line: int, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse(text)
    assert caught.value.line == line
    assert message in caught.value.message


@pytest.mark.parametrize(
    "command",
    [["check"], ["index", "--fix"], ["coverage", "--all"]],
    ids=["check", "index-fix", "coverage-all"],
)
def test_the_largest_numbers_and_the_latest_today_work(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    import shutil

    demo = tmp_path / "demo"
    shutil.copytree(Path(__file__).resolve().parent.parent / "examples/demo", demo)
    subprocess.run(["git", "init", "-q", str(demo)], check=True)
    config = demo / ".threat-model.yaml"
    text = config.read_text(encoding="utf-8").replace("staleness_days: 60", "staleness_days: 36500")
    config.write_text(
        text.replace("staleness_days: 90", "staleness_days: 36500\nmax_file_bytes: 268435456"),
        encoding="utf-8",
    )
    model = demo / "docs/security/threat-models/authentication.md"
    model.write_text(
        model.read_text(encoding="utf-8").replace("2026-11-02", "9001-01-01"), encoding="utf-8"
    )
    monkeypatch.chdir(demo)
    monkeypatch.setenv("THREAT_MODEL_TODAY", "9000-12-31")
    assert cli.main(command) in (0, 1)
    assert "Traceback" not in capsys.readouterr().err


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


def _repository(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)  # no disk space used
    return path


@pytest.mark.parametrize("explicit", [False, True], ids=["found", "given"])
def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path, explicit: bool) -> None:
    import tracemalloc

    config = _sparse(tmp_path / ".threat-model.yaml", 64 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(ConfigError, match="larger than 256 KiB"):
            load_config(str(config) if explicit else None, root=tmp_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 2 * 1024 * 1024


def test_a_file_that_grows_is_read_only_up_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / ".threat-model.yaml"
    config.write_text("# x\n" * 100_000, encoding="utf-8")
    real_stat = Path.stat

    def small(path: Path, **kwargs: Any) -> os.stat_result:  # the file grew since its stat
        found = real_stat(path, **kwargs)
        return os.stat_result((found.st_mode, *found[1:6], 10, *found[7:]))

    monkeypatch.setattr(Path, "stat", small)
    with pytest.raises(ConfigError, match="larger than 256 KiB"):
        load_config(root=tmp_path)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        pytest.param(lambda p: p.mkdir(), "is not a regular file", id="folder"),
        pytest.param(os.mkfifo, "is not a regular file", id="named-pipe"),
        pytest.param(
            lambda p: p.symlink_to(p.parent.parent / "outside.yaml"),
            "is a symbolic link out of the repository; it is not read",
            id="link-out",
        ),
        pytest.param(
            lambda p: p.symlink_to(p.parent / "folder/outside.yaml"),
            "is a symbolic link out of the repository; it is not read",
            id="link-through-a-folder-linked-out",
        ),
        pytest.param(lambda p: p.symlink_to("nowhere.yaml"), "no such file", id="dangling-link"),
        pytest.param(
            lambda p: p.symlink_to(".git/config"),
            ".threat-model.yaml leads into the git folder .git; it is not read",
            id="link-into-git",
        ),
        pytest.param(
            lambda p: p.symlink_to("bare.git/config"),
            ".threat-model.yaml is a symbolic link into a git folder; it is not read",
            id="link-into-a-bare-repository",
        ),
        pytest.param(lambda p: p.symlink_to(p.name), "loop of symbolic links", id="loop"),
    ],
)
def test_a_configuration_that_is_not_a_file_of_the_repository_is_an_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    make: Any,
    message: str,
) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes or symbolic links here")
    root = _repository(tmp_path)
    (tmp_path / "outside.yaml").write_text("secret_token: hunter2\n", encoding="utf-8")
    (root / "folder").symlink_to(tmp_path)
    subprocess.run(["git", "init", "-q", "--bare", str(root / "bare.git")], check=True)
    make(root / ".threat-model.yaml")
    monkeypatch.chdir(root)
    with pytest.raises(ConfigError) as caught:
        load_config()
    assert message in caught.value.message
    assert "hunter2" not in str(caught.value)
    assert "secret_token" not in str(caught.value)
    assert check_threat_model_sections.main([]) == 2
    assert ".threat-model.yaml: configuration error: " in capsys.readouterr().err


def test_a_configuration_folder_outside_git_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".threat-model.yaml").mkdir()
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    with pytest.raises(ConfigError, match="is not a regular file"):
        load_config()


def test_a_link_inside_the_repository_is_read(tmp_path: Path) -> None:
    root = _repository(tmp_path)
    (root / "config").mkdir()
    (root / "config/tm.yaml").write_text("staleness_days: 9\n", encoding="utf-8")
    (root / ".threat-model.yaml").symlink_to("config/tm.yaml")
    assert load_config(root=root).staleness_days == 9


def test_a_configuration_named_on_the_command_line_may_be_anywhere(tmp_path: Path) -> None:
    root = _repository(tmp_path)
    (tmp_path / "outside.yaml").write_text("staleness_days: 8\n", encoding="utf-8")
    (root / "link.yaml").symlink_to(tmp_path / "outside.yaml")
    assert load_config(str(tmp_path / "outside.yaml"), root=root).staleness_days == 8
    assert load_config(str(root / "link.yaml"), root=root).staleness_days == 8
    (root / "folder").mkdir()
    with pytest.raises(ConfigError, match="is not a regular file"):
        load_config(str(root / "folder"), root=root)
    with pytest.raises(ConfigError, match="cannot read the file: Not a directory"):
        load_config(str(root / "link.yaml/x.yaml"), root=root)


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
        pytest.param("docs/security/threat-models/auth.md", True, id="model"),
        pytest.param("docs/security/threat-models/Auth.MD", True, id="upper-case-suffix"),
        pytest.param("docs/security/threat-models/template.md", False, id="template"),
        pytest.param("docs/security/threat-models/README.md", False, id="readme"),
        pytest.param("docs/security/threat-models/auth.txt", False, id="text-file"),
        pytest.param("docs/security/threat-models/auth.markdown", True, id="markdown-suffix"),
        pytest.param(
            "docs/security/threat-models/Auth.Markdown", True, id="mixed-case-markdown-suffix"
        ),
        pytest.param("docs/security/auth.md", False, id="outside-the-folder"),
        pytest.param("docs/security/threat-models/sub/auth.md", True, id="in-a-subfolder"),
    ],
)
def test_model_paths(relpath: str, model: bool) -> None:
    assert Config().is_model_path(relpath) is model


@pytest.mark.parametrize(
    "main", [check_threat_model_sections.main, cli.main], ids=["sections", "check"]
)
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


@pytest.mark.parametrize(
    "config",
    ["staleness_days: 5\n", "require_risk_summary: true\n"],
    ids=["staleness-days", "require-risk-summary"],
)
@pytest.mark.parametrize(
    "hook",
    ["check_threat_model_sections", "check_threat_model_template"],
    ids=["sections", "template"],
)
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
