"""YAML is read alike with libyaml's C parser and with PyYAML's own: the same data, the same
lines, and aliases, deep nesting and duplicate keys refused the same way."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from hooks.core import yamlsafe
from hooks.core.markdown import _front_matter_loader


@pytest.fixture(params=["libyaml", "python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test runs with libyaml (when PyYAML has it) and with PyYAML's own parser."""
    if request.param == "libyaml" and not yamlsafe.LIBYAML:
        pytest.skip("PyYAML is installed without libyaml")
    monkeypatch.setattr(yamlsafe, "LIBYAML", request.param == "libyaml")
    return str(request.param)


NESTED = 100_000


@pytest.mark.parametrize(
    ("text", "data", "lines"),
    [
        pytest.param(
            "models_dir: docs\nareas:\n  auth:\n    paths: [src/auth/, lib/]\n",
            {"models_dir": "docs", "areas": {"auth": {"paths": ["src/auth/", "lib/"]}}},
            {("areas", "auth", "paths", "1"): 4, ("areas", "auth"): 3},
            id="mapping",
        ),
        pytest.param("a: 2026-01-02\nb: yes\nc: 0x10\n", None, {("c",): 3}, id="yaml-1.1-values"),
        pytest.param("", None, {}, id="empty"),
        pytest.param("a: " + "[" * 63 + "]" * 63 + "\n", None, {("a",): 1}, id="64-levels"),
    ],
)
def test_the_same_data_and_lines(
    parser: str, text: str, data: Any, lines: dict[tuple[str, ...], int]
) -> None:
    node, found = yamlsafe.load(text)
    assert found == (yaml.safe_load(text) if data is None else data)
    keys = yamlsafe.KeyLines(node)
    assert {key: keys.lines[key] for key in lines} == lines


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        pytest.param("a: &x [1]\nb: *x\n", "YAML aliases (*name) are not supported", 2, id="alias"),
        pytest.param(
            "a: 1\nb: " + "[" * NESTED + "]" * NESTED + "\n",
            "nested deeper than 64 levels",
            2,
            id="flow-100000",
        ),
        pytest.param(
            "a: " + "[" * 65 + "]" * 65 + "\n", "nested deeper than 64 levels", 1, id="flow-65"
        ),
        pytest.param("- " * NESTED + "x\n", "nested deeper than 64 levels", 1, id="block-100000"),
        pytest.param(
            "".join("  " * depth + "k:\n" for depth in range(70)) + "  " * 70 + "x\n",
            "nested deeper than 64 levels",
            65,
            id="block-mappings-70",
        ),
        pytest.param(
            "a: " + "{b: " * NESTED + "1" + "}" * NESTED + "\n",
            "nested deeper than 64 levels",
            1,
            id="flow-mappings-100000",
        ),
    ],
)
def test_refused_alike(parser: str, text: str, message: str, line: int) -> None:
    with pytest.raises(yamlsafe.RefusedYaml) as refused:
        yamlsafe.load(text)
    assert (str(refused.value), refused.value.line) == (message, line)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("owner: [x", 0, id="end-without-new-line"),
        pytest.param("owner: [x\n", 1, id="end-after-new-line"),
        pytest.param("a: b: c\n", 0, id="mapping-value"),
        pytest.param("a: 1\n---\nb: 2\n", 1, id="two-documents"),
        pytest.param("key: value\n  bad indent: x\n", 1, id="bad-indent"),
        pytest.param("{a: 1", 0, id="flow-mapping-unclosed"),
    ],
)
def test_errors_on_the_same_line(parser: str, text: str, line: int) -> None:
    with pytest.raises(yaml.MarkedYAMLError) as error:
        yamlsafe.load(text)
    assert error.value.problem_mark is not None
    assert error.value.problem_mark.line == line


def test_duplicate_keys_are_found(parser: str) -> None:
    node, _ = yamlsafe.load("a: 1\nb:\n  c: 2\n  c: 3\n")
    assert yamlsafe.KeyLines(node).duplicate == ("b.c", 4, 3)


def test_front_matter_dates_stay_as_written(parser: str) -> None:
    _, data = yamlsafe.load("updated: 2026-01-02\nowner: x\n", _front_matter_loader())
    assert data == {"updated": "2026-01-02", "owner": "x"}


def test_libyaml_reads_when_pyyaml_has_it(monkeypatch: pytest.MonkeyPatch) -> None:
    if not yamlsafe.LIBYAML:
        pytest.skip("PyYAML is installed without libyaml")

    def refuse(*args: Any) -> None:
        raise AssertionError("PyYAML's composer is not used when libyaml is there")

    monkeypatch.setattr(yamlsafe.SafeLoader, "compose_node", refuse)
    assert yamlsafe.load("a: [1, 2]\n")[1] == {"a": [1, 2]}
    loader = yamlsafe._c_loader(_front_matter_loader())
    assert loader is not None
    assert issubclass(loader, yaml.CSafeLoader)
    assert loader.yaml_implicit_resolvers is _front_matter_loader().yaml_implicit_resolvers
