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
