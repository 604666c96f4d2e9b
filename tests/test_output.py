"""Output formats: text, json, github workflow commands, SARIF 2.1.0 and GitLab Code Quality."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from hooks.core import output, runner
from hooks.core.findings import Finding, Reporter, exit_code
from hooks.core.formats import DOCS_URL, sarif
from hooks.core.output import escape_data, escape_property, render
from hooks.core.rules import RULES

FINDINGS = [
    Finding("docs/a b.md", 3, 5, "TM106", "error", "Last updated: '03/04/2025' is ambiguous", "x"),
    Finding("docs/c,d:e.md", 1, 1, "TM204", "warning", "50% done\r\nnext, line", ""),
]


def test_text() -> None:
    assert render(FINDINGS, "text") == (
        "docs/a b.md:3:5: TM106 Last updated: '03/04/2025' is ambiguous\n"
        "  hint: x\n"
        "docs/c,d:e.md:1:1: TM204 [warning] 50% done\\r\\nnext, line\n"
        "Found 1 error and 1 warning in 2 files.\n"
    )
    assert render([], "text") == ""


def test_json_is_versioned() -> None:
    payload = json.loads(render(FINDINGS, "json"))
    assert payload["version"] == 1
    assert payload["tool"]["name"] == "threat-model-hooks"
    assert payload["findings"][0] == {
        "path": "docs/a b.md",
        "line": 3,
        "column": 5,
        "code": "TM106",
        "rule": "ambiguous-date",
        "severity": "error",
        "message": "Last updated: '03/04/2025' is ambiguous",
        "hint": "x",
    }
    assert payload["summary"] == {"errors": 1, "warnings": 1}


def test_github_escapes_as_the_toolkit_does() -> None:
    lines = render(FINDINGS, "github").splitlines()
    assert lines == [
        "::error file=docs/a b.md,line=3,col=5,title=TM106 ambiguous-date::"
        "Last updated: '03/04/2025' is ambiguous%0Ax",
        "::warning file=docs/c%2Cd%3Ae.md,line=1,col=1,title=TM204 section-order::"
        "50%25 done%0D%0Anext, line",
    ]


@pytest.mark.parametrize(
    ("value", "data", "prop"),
    [
        pytest.param("plain text", "plain text", "plain text", id="plain"),
        pytest.param("50% done", "50%25 done", "50%25 done", id="percent"),
        pytest.param("a\r\nb", "a%0D%0Ab", "a%0D%0Ab", id="line-break"),
        pytest.param("c,d:e", "c,d:e", "c%2Cd%3Ae", id="comma-and-colon"),
    ],
)
def test_workflow_command_escapes(value: str, data: str, prop: str) -> None:
    assert (escape_data(value), escape_property(value)) == (data, prop)


def test_github_names_files_from_the_repository_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "src").mkdir()
    monkeypatch.chdir(tmp_path / "src")
    findings = [
        Finding("../docs/a.md", 1, 1, "TM101", "error", "m"),
        Finding("here.md", 1, 1, "TM101", "error", "m"),
        Finding("/elsewhere/x.md", 1, 1, "TM101", "error", "m"),
    ]
    files = [line.split(",")[0] for line in render(findings, "github", tmp_path).splitlines()]
    assert files == [
        "::error file=docs/a.md",
        "::error file=src/here.md",
        "::error file=/elsewhere/x.md",
    ]


UNDECODABLE = Finding(
    "docs/\udcff.md", 1, 1, "TM202", "error", "move it to docs/\udcff.md", "git mv \udcff.md x"
)


def _finish_strict(
    fmt: str, root: Path | None = None, encoding: str = "utf-8", f: Finding = UNDECODABLE
) -> str:
    reporter = Reporter()
    reporter.add(f.code, path=f.path, line=f.line, column=f.column, message=f.message, hint=f.hint)
    data = io.BytesIO()
    stream = io.TextIOWrapper(data, encoding=encoding, errors="strict", newline="")
    assert runner.finish(reporter, fmt, root or Path.cwd(), stream) == 1
    stream.flush()
    return data.getvalue().decode(encoding)


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_undecodable_file_names_print_escaped(fmt: str) -> None:
    out = _finish_strict(fmt)
    assert "docs/\\xff.md" in out
    assert "move it to docs/\\xff.md" in out
    assert "\\udcff" not in out


def test_undecodable_file_names_stay_valid_json() -> None:
    (finding,) = json.loads(_finish_strict("json"))["findings"]
    assert (finding["path"], finding["hint"]) == ("docs/\\xff.md", "git mv \\xff.md x")


def test_undecodable_file_names_are_percent_encoded_in_sarif(tmp_path: Path) -> None:
    (result,) = json.loads(_finish_strict("sarif", tmp_path))["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"].endswith("docs/%FF.md")
    assert "\\udcff" not in json.dumps(result)
    assert sarif([UNDECODABLE])["runs"][0]["results"][0]["locations"][0]["physicalLocation"][
        "artifactLocation"
    ] == {"uri": "docs/%FF.md"}


def test_a_stream_that_cannot_hold_a_character_gets_its_escape() -> None:
    title = Finding("docs/\udcff.md", 1, 1, "TM203", "error", "title 'Café'")
    out = _finish_strict("text", encoding="ascii", f=title)
    assert "docs/\\xff.md:1:1: TM203 title 'Caf\\xe9'" in out


def test_sarif_validates_against_the_official_schema(shared: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((shared / "schemas/sarif-schema-2.1.0.json").read_text("utf-8"))
    log = json.loads(render(FINDINGS, "sarif"))
    jsonschema.validate(log, schema)
    assert sarif([])["runs"][0]["results"] == []
    jsonschema.validate(sarif([]), schema)
    result = log["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/a%20b.md"
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[result["ruleIndex"]]["id"] == "TM106"


def test_sarif_locations_are_relative_to_the_repository_root(
    shared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((shared / "schemas/sarif-schema-2.1.0.json").read_text("utf-8"))
    (tmp_path / "src").mkdir()
    monkeypatch.chdir(tmp_path / "src")
    findings = [
        Finding("../docs/a b.md", 3, 5, "TM106", "error", "m"),
        Finding(str(tmp_path / "docs/c.md"), 1, 1, "TM101", "error", "m"),
        Finding("here.md", 1, 1, "TM101", "error", "m"),
        Finding("/elsewhere/x.md", 1, 1, "TM101", "error", "m"),
    ]
    log = json.loads(render(findings, "sarif", root=tmp_path))
    jsonschema.validate(log, schema)
    run = log["runs"][0]
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.as_uri() + "/"}}
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert locations == [
        {"uri": "docs/a%20b.md", "uriBaseId": "%SRCROOT%"},
        {"uri": "docs/c.md", "uriBaseId": "%SRCROOT%"},
        {"uri": "src/here.md", "uriBaseId": "%SRCROOT%"},
        {"uri": "file:///elsewhere/x.md"},
    ]


@pytest.mark.parametrize(
    ("overrides", "expected_codes", "exit"),
    [
        pytest.param({}, ["TM106", "TM204"], 1, id="defaults"),
        pytest.param({"TM106": "warning"}, ["TM106", "TM204"], 0, id="TM106-warning"),
        pytest.param({"TM106": "off"}, ["TM204"], 0, id="TM106-off"),
        pytest.param({"TM204": "error", "TM106": "off"}, ["TM204"], 1, id="TM204-error-TM106-off"),
    ],
)
def test_severity_overrides(
    overrides: dict[str, str], expected_codes: list[str], exit: int
) -> None:
    reporter = Reporter(overrides)
    for f in FINDINGS:
        reporter.add(
            f.code, path=f.path, line=f.line, column=f.column, message=f.message, hint=f.hint
        )
        reporter.add(
            f.code, path=f.path, line=f.line, column=f.column, message=f.message, hint=f.hint
        )  # duplicates collapse
    assert [f.code for f in reporter.findings] == expected_codes
    assert exit_code(reporter.findings) == exit


def test_findings_are_sorted_and_lines_are_at_least_one() -> None:
    reporter = Reporter()
    reporter.add("TM101", path="b.md", line=0, column=0, message="m")
    reporter.add("TM101", path="a.md", line=9, column=1, message="m")
    reporter.add("TM101", path="a.md", line=2, column=1, message="m")
    assert [(f.path, f.line, f.column) for f in reporter.findings] == [
        ("a.md", 2, 1),
        ("a.md", 9, 1),
        ("b.md", 1, 1),
    ]


CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
FORGED = Finding(
    "docs/a\n::error file=README.md,line=1::PATH\x1b[2J.md",
    2,
    3,
    "TM305",
    "error",
    "owner 'x\n::error file=README.md,line=1::INJECTED\n\x1b[2J' differs\u2028\x85\x9b31m",
    "run\r::warning::HINT\u202eevil\x07",
)


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_control_characters_print_escaped(fmt: str) -> None:
    out = render([FORGED], fmt)
    commands = [line for line in out.splitlines() if line.startswith("::")]
    # one finding: no line of its own for the injected text, which stays visible
    assert commands == ([] if fmt == "text" else [out.rstrip("\n")])
    assert out.count("\n") == (3 if fmt == "text" else 1)
    assert not CONTROL.search(out.replace("\n", ""))
    assert "\\x1b[2J" in out


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_formats_escape_control_characters_and_keep_the_text(fmt: str) -> None:
    out = render([FORGED], fmt)
    assert out.isascii()  # every control character (and any other) is a JSON escape
    data = json.loads(out)
    message = (
        data["findings"][0]["message"]
        if fmt == "json"
        else data["runs"][0]["results"][0]["message"]["text"]
    )
    assert message.startswith(FORGED.message)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        pytest.param("a\nb\rc\td", "a\\nb\\rc\\td", id="named"),
        pytest.param("\x1b[2J\x00\x7f", "\\x1b[2J\\x00\\x7f", id="c0-and-del"),
        pytest.param("\x85\x9b", "\\x85\\x9b", id="c1"),
        pytest.param("\u2028\u2029", "\\u2028\\u2029", id="separators"),
        pytest.param("\u202eevil\u2066", "\\u202eevil\\u2066", id="bidi"),
        pytest.param("\udcff", "\\xff", id="undecodable"),
        pytest.param("caf\u00e9 \u2014 \\n", "caf\u00e9 \u2014 \\n", id="kept"),
    ],
)
def test_visible(text: str, shown: str) -> None:
    assert output.visible(text) == shown


# --------------------------------------------------------------------------- gitlab


def test_gitlab_code_quality_has_one_issue_per_finding() -> None:
    issues = json.loads(render(FINDINGS, "gitlab"))
    assert [sorted(issue) for issue in issues] == [
        ["check_name", "description", "fingerprint", "location", "severity"]
    ] * 2
    first, second = issues
    assert first["description"] == "TM106 Last updated: '03/04/2025' is ambiguous"
    assert first["check_name"] == "TM106"
    assert first["severity"] == "major"
    assert first["location"] == {"path": "docs/a b.md", "lines": {"begin": 3}}
    assert second["severity"] == "minor"
    assert re.fullmatch("[0-9a-f]{64}", first["fingerprint"])
    assert render([], "gitlab") == "[]\n"


def test_gitlab_fingerprints_stay_when_lines_shift_and_differ_for_duplicates() -> None:
    def fingerprints(*lines: int) -> list[str]:
        findings = [Finding("a.md", line, 1, "TM205", "error", "placeholder <x>") for line in lines]
        return [issue["fingerprint"] for issue in json.loads(render(findings, "gitlab"))]

    assert fingerprints(3, 9) == fingerprints(5, 20)  # the lines moved: the same issues
    assert len(set(fingerprints(3, 9))) == 2  # two findings alike: two issues
    other = Finding("a.md", 3, 1, "TM205", "error", "placeholder <y>")
    assert json.loads(render([other], "gitlab"))[0]["fingerprint"] not in fingerprints(3)


def test_gitlab_names_files_from_the_repository_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "src").mkdir()
    monkeypatch.chdir(tmp_path / "src")
    findings = [
        Finding("../docs/a.md", 1, 1, "TM101", "error", "m"),
        Finding("here.md", 1, 1, "TM101", "error", "m"),
        Finding("/elsewhere/x.md", 1, 1, "TM101", "error", "m"),
    ]
    paths = [
        issue["location"]["path"] for issue in json.loads(render(findings, "gitlab", tmp_path))
    ]
    assert paths == ["docs/a.md", "src/here.md", "/elsewhere/x.md"]


def test_gitlab_is_ascii_and_escapes_undecodable_names() -> None:
    out = render([FORGED, UNDECODABLE], "gitlab")
    assert out.isascii()
    issues = json.loads(out)
    assert issues[0]["description"].startswith("TM305 " + FORGED.message)
    assert issues[1]["location"]["path"] == "docs/\\xff.md"


# --------------------------------------------------------------------------- SARIF rule help


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_sarif_rule_carries_its_help_and_docs_link(code: str) -> None:
    rules = sarif([])["runs"][0]["tool"]["driver"]["rules"]
    (rule,) = [rule for rule in rules if rule["id"] == code]
    link = f"{DOCS_URL}#{code.lower()}"
    assert rule["shortDescription"]["text"] == RULES[code].summary
    assert rule["fullDescription"]["text"].startswith(RULES[code].summary)
    assert RULES[code].fix in rule["fullDescription"]["text"]
    assert RULES[code].fix in rule["help"]["text"]
    assert link in rule["help"]["text"]
    assert f"]({link})" in rule["help"]["markdown"]
    assert rule["helpUri"] == link


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("[pay](https://evil)", "\\[pay\\](https://evil)", id="no-link"),
        pytest.param("<img src=x>", "\\<img src=x>", id="no-html"),
        pytest.param("a | b", "a \\| b", id="no-cell-end"),
        pytest.param("`code`", "\\`code\\`", id="no-code-span"),
        pytest.param("a\\b", "a\\\\b", id="backslash"),
        pytest.param("two\nlines\t here", "two lines here", id="one-line"),
    ],
)
def test_markdown_text_is_inert_and_reads_back(text: str, expected: str) -> None:
    """One escaper for every table cell and Markdown report: what it writes is inert, and the
    reader reads it back as the text (white space runs as one space)."""
    from hooks.core.markdown import parse_text
    from hooks.core.output import markdown_text

    assert markdown_text(text) == expected
    doc = parse_text(f"| x |\n| --- |\n| {expected} |\n", "t.md")
    table = doc.preamble[0].table
    assert table is not None
    assert table.rows[0].cells[0] == " ".join(text.split())


@pytest.mark.parametrize(
    ("cell", "expected"),
    [pytest.param(True, "`a\\|b'c`", id="in-a-cell"), pytest.param(False, "`a|b'c`", id="in-text")],
)
def test_code_span(cell: bool, expected: str) -> None:
    from hooks.core.output import code_span

    assert code_span("a|b`c", cell=cell) == expected
