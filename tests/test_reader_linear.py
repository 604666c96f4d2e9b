"""The reader and the heading lookups do work in proportion to the model: no line, list or
heading is gone through once for each other one. (Measurements are in bench/pathological.py
and BENCHMARKS.md; these tests count work, or read inputs that used to take many seconds.)"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from hooks.core import markdown
from hooks.core.config import Config
from hooks.core.content.checks import check_content
from hooks.core.context import ModelContext
from hooks.core.findings import Reporter
from hooks.core.markdown import BlockKind, Document, heading_matches, parse_text
from hooks.core.sections import check_sections
from hooks.core.template import TemplateChecks

RELPATH = "docs/security/threat-models/m.md"


def problems(text: str) -> list[tuple[int, str]]:
    return [(p.line, p.code) for p in parse_text(text, "m.md").problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("```\ncode\n```\n", [], id="closed"),
        pytest.param("```\ncode\n", [(1, "TM004")], id="never-closed"),
        pytest.param("````\ncode\n```\n", [(1, "TM004")], id="closed-by-a-shorter-fence"),
        pytest.param("```\ncode\n`````\n", [], id="closed-by-a-longer-fence"),
        pytest.param("~~~\ncode\n```\n", [(1, "TM004")], id="other-kind"),
        pytest.param("```\ncode\n``` x\n", [(1, "TM004")], id="text-after-the-fence"),
        pytest.param("```\na\n```\n\n~~~~\nb\n", [(5, "TM004")], id="second-unclosed"),
        pytest.param("~~~~\na\n\n```\nb\n```\n", [(1, "TM004")], id="first-unclosed"),
        pytest.param("- x\n\n  ```\n  code\n", [], id="in-a-list"),
    ],
)
def test_unclosed_fences(text: str, expected: list[tuple[int, str]]) -> None:
    assert problems("# T\n\n" + text) == [(line + 2, code) for line, code in expected]


def test_each_line_is_looked_at_once_for_closing_fences(monkeypatch: pytest.MonkeyPatch) -> None:
    """100,000 fenced blocks: each line is asked once whether it closes a fence (every block
    used to look through all the lines after it: 28 s for 1 MB)."""
    calls = 0
    closing = markdown._closing_fence

    def counted(line: str) -> str:
        nonlocal calls
        calls += 1
        return closing(line)

    monkeypatch.setattr(markdown, "_closing_fence", counted)
    doc = parse_text("# T\n\n" + "```\nx\n```\n" * 30000 + "~~~\n", "m.md")
    assert calls <= len(doc.lines)
    assert [(p.line, p.code) for p in doc.problems] == [(90003, "TM004")]


def _items(text: str) -> list[tuple[int, str]]:
    doc = parse_text("# T\n\n" + text, "m.md")
    found: list[tuple[int, str]] = []

    def walk(blocks: list[markdown.Block]) -> None:
        for block in blocks:
            for item in block.items:
                found.append((item.line - 2, item.text))
                walk(item.children)
            walk(block.children)

    walk(doc.sections[0].blocks)
    return found


def _paragraphs(text: str) -> list[tuple[int, str]]:
    doc = parse_text("# T\n\n" + text, "m.md")
    found: list[tuple[int, str]] = []

    def walk(blocks: list[markdown.Block]) -> None:
        for block in blocks:
            if block.kind is BlockKind.PARAGRAPH:
                found.append((block.line - 2, block.text))
            for item in block.items:
                walk(item.children)
            walk(block.children)

    walk(doc.sections[0].blocks)
    return found


@pytest.mark.parametrize(
    ("text", "items", "paragraphs"),
    [
        pytest.param(
            "- - a\n  - b\n\n  c\n- x\n",
            [(1, ""), (1, "a"), (2, "b"), (5, "x")],
            [(1, "a"), (2, "b"), (4, "c"), (5, "x")],
            id="list-opening-an-item",
        ),
        pytest.param(
            "1. - a\n   - b\n2. y\n",
            [(1, ""), (1, "a"), (2, "b"), (3, "y")],
            [(1, "a"), (2, "b"), (3, "y")],
            id="list-opening-an-ordered-item",
        ),
        pytest.param(
            "- - - a\n    - b\n  - c\n- d\n",
            [(1, ""), (1, ""), (1, "a"), (2, "b"), (3, "c"), (4, "d")],
            [(1, "a"), (2, "b"), (3, "c"), (4, "d")],
            id="three-deep-on-one-line",
        ),
        pytest.param(
            "-\n  text\n- y\n",
            [(1, "text"), (3, "y")],
            [(2, "text"), (3, "y")],
            id="item-text-below-its-marker",
        ),
        pytest.param(
            "-\n  - a\n  - b\n- x\n",
            [(1, ""), (2, "a"), (3, "b"), (4, "x")],
            [(2, "a"), (3, "b"), (4, "x")],
            id="list-below-an-empty-marker",
        ),
        pytest.param(
            "> -\n>   q\n",
            [(1, "q")],
            [(2, "q")],
            id="quoted-item-text-below-its-marker",
        ),
    ],
)
def test_list_items_and_their_text_keep_their_lines(
    text: str, items: list[tuple[int, str]], paragraphs: list[tuple[int, str]]
) -> None:
    assert _items(text) == items
    assert _paragraphs(text) == paragraphs


class _Fenced(list[str]):
    """Lines that may not be read past ``end`` (0-based)."""

    def __init__(self, lines: list[str], end: int) -> None:
        super().__init__(lines)
        self.end = end

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, int) and index >= self.end:
            raise AssertionError(f"line {index + 1} is past the list")
        return super().__getitem__(index)


def test_a_list_is_looked_through_up_to_its_end_only() -> None:
    """A list whose second item is not found by its marker is not looked for in the rest of
    the model (each such list used to look through every later line)."""
    lines = ["- a", "  text", "", *["other"] * 1000]
    assert markdown._list_item_lines(_Fenced(lines, 2), 1, 2, 2) == [1, 1]


def _count_heading_matches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the calls of ``heading_matches``, wherever a module took it from."""
    asked: list[str] = []
    original = markdown.heading_matches

    def counted(heading: str, names: tuple[str, ...]) -> bool:
        asked.append(heading)
        return original(heading, names)

    import hooks.core.content.scan
    import hooks.core.context
    import hooks.core.metadata
    import hooks.core.sections

    monkeypatch.setattr(markdown, "heading_matches", counted)
    for module in (hooks.core.content.scan, hooks.core.context, hooks.core.metadata):
        monkeypatch.setattr(module, "heading_matches", counted, raising=False)
    monkeypatch.setattr(hooks.core.sections, "heading_matches", counted, raising=False)
    return asked


def _check_all(text: str, root: Path) -> Reporter:
    config = Config(root=root)
    reporter = Reporter(config.severity)
    model = ModelContext(parse_text(text, RELPATH), RELPATH, config)
    check_sections(model, reporter)
    TemplateChecks(config, metadata_placeholders=False).model(model, reporter)
    check_content(model, reporter)
    return reporter


def test_each_heading_is_matched_a_few_times_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Every check looks sections up by name; a heading is asked whether it is one of the
    names once for all the configured sections (and again for each other set of names),
    not once for each check (14 times each, and past 65,536 headings, with the readings of
    heading_matches no longer cached, 1 MB of headings took 18 to 44 s)."""
    asked = _count_heading_matches(monkeypatch)
    headings = 3000
    _check_all("# Threat Model: X\n" + "".join(f"## H{n}\n" for n in range(headings)), tmp_path)
    assert len(asked) <= 3 * headings


def test_a_repeated_heading_is_matched_once_per_set_of_names(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    asked = _count_heading_matches(monkeypatch)
    _check_all("# Threat Model: X\n" + "## Notes\n\ntext\n\n" * 3000, tmp_path)
    assert len(asked) <= 40, sorted(set(asked))


def test_sections_named_reads_as_heading_matches_does() -> None:
    doc = parse_text(
        "# T\n\n## 1. Threats\n\n## Threat actors\n\n## Threats and mitigations\n\n"
        "## Controls\n\n## Threats\n",
        "m.md",
    )
    names = ("Threats",)
    assert [s.line for s in doc.sections_named(names)] == [3, 7, 11]
    doc.match_names([names, ("Mitigations", "Controls")])  # already known: kept
    assert [s.line for s in doc.sections_named(("Mitigations", "Controls"))] == [7, 9]
    assert doc.sections_named(()) == []
    assert isinstance(doc, Document)


@pytest.mark.parametrize("enabled", [True, False], ids=["collector-on", "collector-off"])
def test_parsing_leaves_the_cycle_collector_as_it_was(enabled: bool) -> None:
    """Parsing pauses Python's cycle collector (a large model is hundreds of thousands of
    tokens, none of them garbage) and puts it back as it found it."""
    was = gc.isenabled()
    try:
        if enabled:
            gc.enable()
        else:
            gc.disable()
        parse_text("# T\n\n- a\n- b\n", "m.md")
        assert gc.isenabled() is enabled
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()


def test_names_asked_together_read_as_names_asked_alone() -> None:
    """A section's own name is matched less strictly than its aliases (``Recommended
    mitigation`` is the section Mitigations, not one that has Mitigations as an alias): asking
    about several sets of names at once must not read one set's own name as an alias."""
    text = "# T\n\n## Recommended mitigation\n\ntext\n"
    assert heading_matches("Recommended mitigation", ("Mitigations",))
    assert not heading_matches("Recommended mitigation", ("Controls", "Mitigations"))
    doc = parse_text(text, "m.md")
    doc.match_names([("Controls",), ("Mitigations",)])
    assert [s.line for s in doc.sections_named(("Mitigations",))] == [3]
