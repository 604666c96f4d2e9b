"""TM508/TM509: every trust boundary documents the configured fields."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hooks.core.content.scan import Scope, is_blank, words
from hooks.core.content.settings import BOUNDARY_FIELDS, ContentSettings
from hooks.core.findings import Reporter
from hooks.core.markdown import BlockKind, Table
from hooks.core.structure import Entry, item_entries

_VARIANTS = sorted(
    ((words(variant), name) for name, variants in BOUNDARY_FIELDS.items() for variant in variants),
    key=lambda pair: -len(pair[0]),
)
_INLINE = re.compile(r"(?:^|[\s;,(|>])\**(?P<label>[A-Za-z][A-Za-z /&-]{1,40}?)\**\s*:")


def field_of(label: str) -> str | None:
    """The boundary field a label names (the longest matching variant wins)."""
    normal = words(label)
    for variant, name in _VARIANTS:
        if normal == variant or normal.startswith(variant + " "):
            return name
    return None


def fields_in(entries: Iterable[Entry]) -> set[str]:
    """The boundary fields that entries name, as labels or inline (``...; Auth: mTLS``)."""
    found: set[str] = set()
    for entry in entries:
        label = entry.label
        if label is not None and (name := field_of(label.text)) is not None:
            found.add(name)
        for match in _INLINE.finditer(entry.text):
            if (name := field_of(match.group("label"))) is not None:
                found.add(name)
    return found


def _table_boundaries(table: Table) -> Iterable[tuple[int, str, set[str]]]:
    columns = {index: field_of(header) for index, header in enumerate(table.header.cells)}
    for row in table.rows:
        present = {
            name
            for index, name in columns.items()
            if name is not None and index < len(row.cells) and not is_blank(row.cells[index])
        }
        yield row.line, (row.cells[0] if row.cells else ""), present


def boundaries(scope: Scope) -> list[tuple[int, str, set[str]]]:
    """``(line, name, fields present)`` for each boundary of the Trust boundaries scope."""
    doc, outline = scope.doc, scope.outline
    found: list[tuple[int, str, set[str]]] = []
    for table in scope.tables():
        if any(field_of(header) for header in table.header.cells):
            found.extend(_table_boundaries(table))
    for root in scope.sections:
        children = [s for s in doc.subtree(root) if s.level == root.level + 1] or [
            s for s in doc.subtree(root) if s is not root
        ]
        for sub in children:
            found.append(
                (sub.line, sub.title, fields_in(outline.between(sub.line + 1, sub.end_line)))
            )
        if children or found:
            continue
        for block in root.blocks:
            if block.kind is not BlockKind.LIST:
                continue
            for item in block.items:
                name = " ".join(item.text.split())[:60]
                found.append((item.line, name, fields_in(item_entries(item))))
    return found


def check_boundaries(scope: Scope, settings: ContentSettings, reporter: Reporter) -> None:
    wanted = {
        name: level for name, level in settings.trust_boundary_fields.items() if level != "off"
    }
    if not scope.found or not wanted:
        return
    for line, name, present in boundaries(scope):
        for field, level in wanted.items():
            if field in present:
                continue
            variants = ", ".join(BOUNDARY_FIELDS[field][:3])
            reporter.add(
                scope.doc.path,
                line,
                1,
                "TM509" if level == "error" else "TM508",
                f"trust boundary '{name}' does not say {field}",
                f"add a '{BOUNDARY_FIELDS[field][0]}:' entry (also accepted: {variants})",
            )
