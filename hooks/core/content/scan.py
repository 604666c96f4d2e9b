"""Shared recognisers of the content checks: scopes, the threat IDs of an entry, table
columns and words. Structure (headings, labels, list items, rows) comes from the reader
(:mod:`hooks.core.structure`); nothing here reads source lines for it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from hooks.core.config import Config
from hooks.core.content.ids import Found, ThreatIds
from hooks.core.content.settings import Category, ContentSettings
from hooks.core.markdown import Block, Document, Section, Table, cell_spans, heading_matches
from hooks.core.names import singulars, words
from hooks.core.structure import Entry, Outline, columns_of, section_blocks

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?(?:\s*/\s*\d+)?")
_NA = re.compile(r"^\W*(?:n/?a|not applicable|none)\b\W*(?P<reason>.*)$", re.IGNORECASE)

DEFAULT_NAMES: dict[str, tuple[str, ...]] = {
    "Threats": (
        "Threats",
        "Threat analysis",
        "Threat scenarios",
        "STRIDE analysis",
        "Abuse cases",
        "Misuse cases",
    ),
    "Mitigations": ("Mitigations", "Controls", "Security controls", "Countermeasures"),
    "Trust boundaries": ("Trust boundaries", "Trust boundary", "Trust zones"),
}
# the headers of table columns (or their first or last words)
ID_COLUMNS = ("ID", "#", "Threat ID", "Ref", "Reference", "No", "Number")
STATUS_COLUMNS = ("Status", "Mitigation status", "State")
CATEGORY_COLUMNS = (
    "Category",
    "Threat category",
    "STRIDE",
    "STRIDE category",
    "STRIDE element",
    "Type",
    "Threat type",
    "Class",
    "Lens",
)
# the labels of a field that holds a threat's category: "- **STRIDE:** Tampering"
CATEGORY_FIELDS = (*CATEGORY_COLUMNS, "STRIDE", "STRIDE elements", "Threat class")
# the headings of a risk summary (singular or plural; not "Risks", which may be anything)
RISK_SUMMARY_NAMES = (
    "Risk summary",
    "Risk register",
    "Risk assessment",
    "Risk matrix",
    "Risk ratings",
)


def is_na(value: str) -> bool:
    """Whether a value says N/A, not applicable or none (with or without a reason)."""
    return _NA.match(value.strip()) is not None


def is_na_without_reason(rest: str) -> bool:
    """Whether a value says N/A (or none) and gives no reason."""
    match = _NA.match(rest.strip())
    return match is not None and len(words(match.group("reason"))) == 0


def on_scale(value: str, scale: tuple[Category, ...]) -> bool:
    """Whether a value is a level of the risk scale (or a synonym), perhaps qualified:
    ``High``, ``high (data loss)``."""
    normal = words(value)
    for level in scale:
        for name in level.names:
            wanted = words(name)
            if normal == wanted or normal.startswith(wanted + " "):
                return True
    return False


def is_rating(value: str, scale: tuple[Category, ...]) -> bool:
    """Whether a value rates (a level of the scale, or a number such as ``3`` or ``7/10``)
    rather than describes."""
    return on_scale(value, scale) or _NUMBER.fullmatch(value.strip()) is not None


def found_ids(doc: Document, entry: Entry, ids: ThreatIds) -> list[Found]:
    """The threat IDs an entry names, each with its 0-based offset in the source line; the
    cells of a table row are read under their column headers."""
    source = doc.source_line(entry.line)
    if entry.table is None:
        context = entry.label.text if entry.label is not None else ""
        return _placed(source, ids.find(entry.text, context), None)
    found: list[Found] = []
    spans = cell_spans(source)
    for index, value in enumerate(entry.cells):
        context = cell(entry.table.header.cells, index)
        span = spans[index] if index < len(spans) else None
        found.extend(_placed(source, ids.find(value, context), span))
    return found


def _placed(source: str, found: list[Found], span: tuple[int, int] | None) -> list[Found]:
    """``found`` with the offsets of the named IDs in ``source`` (within ``span``)."""
    named = [item for item in found if item.named]
    columns = iter(columns_of(source, [item.text for item in named], span))
    start = span[0] if span is not None else 0
    return [replace(item, offset=next(columns) - 1 if item.named else start) for item in found]


@dataclass
class Scope:
    """One or more sections (each with its subsections) of a document; with no sections, the
    whole document except the ``excluded`` sections (and their subsections)."""

    outline: Outline
    sections: list[Section]
    excluded: list[Section] = field(default_factory=list)
    # what the checks of one model read of the scope more than once, worked out once
    read: dict[object, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def doc(self) -> Document:
        return self.outline.doc

    @property
    def found(self) -> bool:
        return bool(self.sections)

    @property
    def line(self) -> int:
        if self.sections:
            return self.sections[0].line
        return self.doc.title.line if self.doc.title else 1

    def ranges(self) -> list[tuple[int, int]]:
        if self.sections:
            return [(section.line, section.end_line) for section in self.sections]
        found: list[tuple[int, int]] = []
        start = 1
        for section in sorted(self.excluded, key=lambda part: part.line):
            found.append((start, section.line))
            start = max(start, section.end_line)
        found.append((start, self.doc.end_line))
        return [(first, end) for first, end in found if first < end]

    def entries(self) -> Iterator[Entry]:
        """The scope's headings, text lines and table rows, in source order."""
        for start, end in self.ranges():
            yield from self.outline.between(start, end)

    def blocks(self) -> Iterator[Block]:
        if not self.sections:
            yield from _flatten(self.doc.preamble)
            ranges = self.ranges()
            for section in self.doc.sections:
                if any(start <= section.line < end for start, end in ranges):
                    yield from _flatten(section.blocks)
            return
        for section in self.sections:
            yield from _flatten(section_blocks(self.doc, section))

    def tables(self) -> list[Table]:
        return [block.table for block in self.blocks() if block.table is not None]


def _flatten(blocks: list[Block]) -> Iterator[Block]:
    for block in blocks:
        yield block
        yield from _flatten(block.children)
        for item in block.items:
            yield from _flatten(item.children)


def section_names(config: Config, canonical: str) -> tuple[str, ...]:
    for spec in config.sections:
        if spec.name.lower() == canonical.lower():
            return spec.names
    return DEFAULT_NAMES.get(canonical, (canonical,))


def find_scope(outline: Outline, names: tuple[str, ...]) -> Scope:
    """Every top-most section whose heading is one of ``names`` (the title only when no other
    heading is); without one, the sections of the lead-in lines that are (``**Threats**`` over
    a list). None: the scope is not ``found``, and reading it reads the whole document."""
    title = outline.doc.title
    named = outline.named(names)
    chosen: list[Section] = []
    for skip_title in (True, False):  # the title is the section only when nothing else is
        covered_until = 0
        for section in named:
            if section.line < covered_until or (skip_title and section.heading is title):
                continue
            chosen.append(section)
            covered_until = section.end_line
        if chosen:
            break
    if not chosen:
        chosen = [s for s in outline.lead_ins if heading_matches(s.title, names)]
    return Scope(outline, chosen)


def column(table: Table, *names: str, exclude: tuple[str, ...] = ()) -> int | None:
    """The index of the first header cell that is one of ``names``, or else starts or ends
    with one (a header that is one of ``exclude`` does not: ``Threat ID`` is no ``Threat``),
    plurals folded."""
    headers = [singulars(cell) for cell in table.header.cells]
    for name in names:
        wanted = singulars(name)
        for index, header in enumerate(headers):
            if header == wanted:
                return index
    excluded = {singulars(name) for name in exclude}
    for name in names:
        wanted = singulars(name)
        for index, header in enumerate(headers):
            if header in excluded:
                continue
            if header.startswith(wanted + " ") or header.endswith(" " + wanted):
                return index
    return None


def category_fields(settings: ContentSettings) -> frozenset[str]:
    """The labels (as words) of fields that hold a threat's category, with the configured
    ``category_fields``."""
    return frozenset(words(name) for name in (*CATEGORY_FIELDS, *settings.category_fields))


def category_column(table: Table, settings: ContentSettings) -> int | None:
    """The column of a table that holds threat categories."""
    return column(table, *settings.category_fields, *CATEGORY_COLUMNS)


def cell(cells: tuple[str, ...], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def is_blank(value: str) -> bool:
    return words(value) == "" or value.strip() in ("-", "\u2014", "?", "TBD", "TODO")
