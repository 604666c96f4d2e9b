"""A large model keeps exact lines (the position layer looks only at new tokens)."""

from __future__ import annotations

from hooks.core.markdown import parse_text


def test_large_model_keeps_exact_lines() -> None:
    parts = [
        f"## Section {n}\n\n- item {n}\n  - nested {n}\n\n| a | b |\n|---|---|\n| {n} | x |\n\n"
        for n in range(3000)
    ]
    text = "".join(parts)
    lines = text.splitlines()
    doc = parse_text(text, "big.md")
    assert len(doc.sections) == 3000
    for section in (doc.sections[0], doc.sections[1500], doc.sections[-1]):
        assert lines[section.line - 1] == f"## {section.title}"
        listing, table = section.blocks[0], section.blocks[1]
        assert lines[listing.items[0].line - 1] == f"- item {section.title.split()[-1]}"
        assert table.table is not None
        assert lines[table.table.rows[0].line - 1].startswith(f"| {section.title.split()[-1]} |")


def test_section_ends_and_subtrees() -> None:
    text = "# T\n\n## A\n\n### A1\n\n#### A1a\n\n### A2\n\n## B\n\n### B1\n"
    doc = parse_text(text, "m.md")
    ends = {s.title: s.end_line for s in doc.sections}
    assert ends == {"T": 15, "A": 11, "A1": 9, "A1a": 9, "A2": 11, "B": 15, "B1": 15}
    subtree = {s.title: [part.title for part in doc.subtree(s)] for s in doc.sections}
    assert subtree["A"] == ["A", "A1", "A1a", "A2"]
    assert subtree["A1"] == ["A1", "A1a"]
    assert subtree["A2"] == ["A2"]
    assert subtree["T"] == ["T", "A", "A1", "A1a", "A2", "B", "B1"]
