"""Generated Markdown, made of what real models are made of, through the reader and every
check: no exception, every finding on a line of its file with a column of 1 or more, and
the same findings on every run."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hooks.core import index as index_check
from hooks.core.config import Config
from hooks.core.content.checks import check_content
from hooks.core.files import File, as_cwd_path
from hooks.core.findings import Finding, Reporter
from hooks.core.markdown import Document, parse_bytes, parse_text
from hooks.core.pipeline import check_files
from hooks.core.sections import check_sections
from hooks.core.source import Problem
from hooks.core.template import TemplateChecks

MODELS = "docs/security/threat-models"
MODEL = f"{MODELS}/payments.md"
PAGE = "docs/design/threat-model-notes.md"  # a page outside the models folder
INDEX = "docs/security/THREAT_MODEL_INDEX.md"
TEMPLATE = f"{MODELS}/template.md"

_WORDS = st.sampled_from(
    [
        "Threats",
        "Mitigations",
        "Trust boundaries",
        "Feature metadata",
        "Assets",
        "Entry points",
        "Residual risk",
        "Risk summary",
        "Abuse cases",
        "Threat Model: Payments",
        "Spoofing",
        "Tampering",
        "Repudiation",
        "Information disclosure",
        "Denial of service",
        "Elevation of privilege",
        "T1",
        "T-2",
        "M1",
        "Mitigated",
        "Planned",
        "High",
        "Owner:",
        "**Owner:** team-a",
        "**Last updated:** 2024-02-30",
        "Last updated: 2025-01-15",
        "Review cadence: quarterly",
        "Feature name: Payments",
        "<Feature name>",
        "YYYY-MM-DD",
        "TODO",
        "[docs](../README.md)",
        "[model](payments.md)",
        "![img](x.png)",
        "[ref][r]",
        "<https://example.com>",
        "`code`",
        "*em*",
        "__strong__",
        "a | b",
        "\\|",
        "<b>",
        "<!-- note -->",
        "&amp;",
    ]
)
_ODD = st.sampled_from(
    [
        "\u00a0",
        "\u2028",
        "\u2029",
        "\u200b",
        "\u202e",
        "\ufeff",
        "\u0301",
        "\x0c",
        "\x0b",
        "\t",
        "\U0001d518",
        "\u00e9",
        "\u4e2d",
        "\\",
        "|",
        "<",
        ">",
        "[",
        "]",
        "(",
        ")",
        "*",
        "_",
        "#",
        "`",
        "~",
        "-",
        ":",
        "!",
    ]
)
_CHARS = st.text(  # no lone surrogate, no NUL: they come below, and not too often
    st.characters(codec="utf-8", exclude_characters="\x00"), max_size=4
)
_TEXT = st.lists(st.one_of(_WORDS, _WORDS, _ODD, _CHARS), max_size=6).map(" ".join)


@st.composite
def _block(draw: st.DrawFn) -> str:
    text = draw(_TEXT)
    kind = draw(st.sampled_from([0, 0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 13]))
    if kind == 0:
        closing = draw(st.sampled_from(["", " #", " ##"]))
        return (
            "#" * draw(st.integers(1, 7)) + draw(st.sampled_from([" ", "", "\t"])) + text + closing
        )
    if kind == 1:
        return text + "\n" + draw(st.sampled_from(["===", "---", "-", "= ="]))
    if kind == 2:
        marker = draw(st.sampled_from(["-", "*", "+", "1.", "2)", "10."]))
        items = draw(st.lists(st.tuples(st.integers(0, 6), _TEXT), min_size=1, max_size=4))
        return "\n".join(" " * indent + marker + " " + item for indent, item in items)
    if kind == 3:
        width = draw(st.integers(1, 4))
        rows = draw(st.lists(st.lists(_TEXT, max_size=width + 1), max_size=3))
        lead = draw(st.sampled_from(["", "> ", "- ", "  "]))
        lines = ["| " + " | ".join(["Threat", "Mitigation", "Status", "ID"][:width]) + " |"]
        lines.append("|" + "---|" * width)
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lead + line for line in lines)
    if kind == 4:
        return "\n".join(">" * draw(st.integers(1, 3)) + " " + part for part in [text, draw(_TEXT)])
    if kind == 5:
        fence = draw(st.sampled_from(["```", "~~~", "````"]))
        close = draw(st.sampled_from([fence, "", "```", fence + "`"]))
        return f"{fence}{draw(st.sampled_from(['', 'md', 'mermaid']))}\n{text}\n{close}"
    if kind == 6:
        return draw(st.sampled_from(["<!-- ", "<!--"])) + text + draw(st.sampled_from([" -->", ""]))
    if kind == 7:
        return f"<div>\n{text}\n</div>"
    if kind == 8:
        return f"[r]: {draw(st.sampled_from(['r.md', '<a b.md>', 'https://x.y', '']))}"
    if kind == 9:
        return draw(st.sampled_from(["---", "***", "- - -", "___"]))
    if kind == 10:
        return ""
    if kind == 11:
        return f"- **{draw(_WORDS)}** - {text}\n  - {draw(_TEXT)}"
    if kind == 12:
        return "    " + text  # indented code
    return text


@st.composite
def _markdown(draw: st.DrawFn) -> bytes:
    blocks = draw(st.lists(_block(), max_size=12))
    if draw(st.booleans()):
        blocks.insert(
            0, draw(st.sampled_from(["# Threat Model: Payments", "# Notes", "Title\n==="]))
        )
    if draw(st.booleans()):
        front = draw(
            st.sampled_from(
                [
                    "---\nowner: team-a\nlast-updated: 2024-01-01\n---",
                    "---\nowner: [a, {name: b}]\n---",
                    "---\n: bad\n  - yaml\n---",
                    "---\nowner: x",
                    "---\n---",
                ]
            )
        )
        blocks.insert(0, front)
    text = "\n".join(part + "\n" * draw(st.integers(0, 2)) for part in blocks)
    text = text.replace("\n", draw(st.sampled_from(["\n", "\r\n", "\r"])))
    data = text.encode("utf-8")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    bad = draw(st.sampled_from([b""] * 12 + [b"\x00", b"\xff", b"\xc3"]))  # mostly none
    if bad:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + bad + data[at:]
    return data


@st.composite
def _index(draw: st.DrawFn) -> bytes:
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["payments.md", "missing.md", "../x.md", "", "payments.md#a"]),
                _TEXT,
                st.sampled_from(["2024-01-01", "", "01/02/2024", "YYYY-MM-DD", "2024-13-40"]),
            ),
            max_size=4,
        )
    )
    lines = ["# Threat model index", ""]
    if draw(st.booleans()):
        lines.append(index_check.START)
    lines += ["| Feature | Owner | Last updated |", "|---|---|---|"]
    lines += [f"| [{text}](threat-models/{link}) | {text} | {date} |" for link, text, date in rows]
    if draw(st.booleans()):
        lines.append(index_check.END)
    lines.append(draw(_TEXT))
    return "\n".join(lines).encode("utf-8") + draw(st.sampled_from([b"", b"\n"]))


@pytest.fixture(scope="module")
def project() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder).resolve()
        (root / MODELS).mkdir(parents=True)
        (root / "docs/design").mkdir(parents=True)
        yield root


def _lines(data: bytes) -> int:
    """How many lines a file has, as the reader breaks them (at least one)."""
    text = data.decode("utf-8", "replace").removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return max(1, len(text.split("\n")) - text.endswith("\n"))


def _run(root: Path) -> list[Finding]:
    """Every check, as ``threat-model check`` runs them, on the files under ``root``."""
    config = Config(root=root)
    reporter = Reporter(config.severity)
    template = TemplateChecks(config)
    template.template_file(reporter)
    files = [File(relpath, as_cwd_path(config, relpath)) for relpath in (MODEL, PAGE)]
    checks = [check_sections, template.model, check_content]
    known = check_files(config, files, reporter, checks, template.page)
    index_check.check_repository(config, reporter, index_check.models_of(config, reporter, known))
    return reporter.findings


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=_markdown(), index=_index())
def test_generated_models_through_every_check(project: Path, data: bytes, index: bytes) -> None:
    written = {MODEL: data, PAGE: data, TEMPLATE: data, INDEX: index}
    for relpath, content in written.items():
        (project / relpath).write_bytes(content)
    findings = _run(project)
    assert findings == _run(project)  # the same on every run
    for finding in findings:
        where = Path(os.path.normpath(Path.cwd() / finding.path)).relative_to(project)
        content = written.get(where.as_posix(), b"")
        assert 1 <= finding.line <= _lines(content), finding
        assert finding.column >= 1, finding


@settings(max_examples=100, deadline=None)
@given(data=_markdown())
def test_the_reader_on_generated_markdown(data: bytes) -> None:
    result = parse_bytes(data, "m.md")
    again = parse_bytes(data, "m.md")
    from hypothesis import event

    event(
        type(result).__name__
        + (":" + result.code if isinstance(result, Problem) else f":{len(result.sections)}s")
    )
    if isinstance(result, Problem):
        assert result == again
        assert 1 <= result.line <= _lines(data)
        return
    assert isinstance(again, Document)
    assert [(s.heading, s.end_line) for s in result.sections] == [
        (s.heading, s.end_line) for s in again.sections
    ]
    assert result.links == again.links
    assert result.problems == again.problems
    count = _lines(data)
    places = [(h.line, h.column) for h in result.headings]
    places += [(link.line, link.column) for link in result.links]
    places += [(p.line, p.column) for p in result.problems]
    for line, column in places:
        assert 1 <= line <= count, (line, column)
        assert column >= 1
    text = data.decode("utf-8").removeprefix("\ufeff")
    assert parse_text(text, "m.md").headings == result.headings
