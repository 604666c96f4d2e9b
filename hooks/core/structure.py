"""What a parsed model says, entry by entry, in source order.

The reader (:mod:`hooks.core.markdown`) parses a model into sections and blocks; this module
lays them out as the checks read them: one :class:`Entry` per heading, per line of a
paragraph or list item, and per table row, each with its line and the label that opens it
(``**Label:** value``, ``- Label: value``, ``> Label: value``, or a heading's text). Code,
fenced or indented, HTML blocks and comments make no entries: text in them is never a
threat, a category, a field or an ID. Nor is a template placeholder: a heading, line, label,
value or table cell that holds placeholders alone (``<T1>``, ``<control>``) reads as empty;
the template check reports the placeholder (TM205).
"""

from __future__ import annotations

import enum
import functools
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from hooks.core.markdown import (
    Block,
    BlockKind,
    Document,
    Heading,
    ListItem,
    Row,
    Section,
    Table,
    TextLine,
    cell_spans,
    heading_matches,
)
from hooks.core.placeholders import only_placeholders


class LabelKind(enum.Enum):
    """How a label is written: a heading, bold text opening a line, or ``Label:`` opening a
    list item or quoted line."""

    HEADING = "heading"
    BOLD = "bold"
    PLAIN = "plain"


@dataclass(frozen=True)
class Label:
    """The label that opens an entry, and what the entry says after it."""

    text: str
    rest: str
    kind: LabelKind


class EntryKind(enum.Enum):
    HEADING = "heading"
    LINE = "line"  # a line of a paragraph (or of a list item after its first)
    ITEM = "item"  # the first line of a list item
    ROW = "row"  # a table row (its header row too)


@dataclass(frozen=True)
class Entry:
    """One heading, text line or table row of a model.

    ``depth`` is how many lists the entry is in (0 outside lists); ``quoted`` says whether it
    is inside a block quote. A row carries its ``cells`` and its table's ``table``; a heading
    its ``level``. ``item`` is the list item whose text the entry is part of, if any."""

    kind: EntryKind
    line: int
    text: str
    label: Label | None = None
    level: int = 0
    depth: int = 0
    quoted: bool = False
    cells: tuple[str, ...] = ()
    table: Table | None = None
    item: ListItem | None = None

    @property
    def is_header(self) -> bool:
        """Whether the entry is the header row of its table."""
        return self.table is not None and self.line == self.table.header.line


_MAX_PLAIN_LABEL = 60  # characters
_MAX_PLAIN_WORDS = 6
_DASHES = ":-\u2013\u2014"


def bold_label(text_line: TextLine) -> Label | None:
    """``**Label:** rest``, ``**Label**: rest``, ``**Label** - rest`` or ``**Label**``: bold
    text opening a line."""
    strong = text_line.strong
    if strong is None or not strong.strip():
        return None
    text = text_line.text.lstrip()
    label = strong.strip()
    rest = text[len(strong.lstrip()) :] if text.startswith(strong.lstrip()) else text
    rest = rest.strip()
    if rest[:1] in _DASHES:
        rest = rest[1:].strip()
    label = label.rstrip(":").strip()
    if not label:
        return None
    return Label(label, rest, LabelKind.BOLD)


def plain_label(text: str) -> Label | None:
    """``Label: rest`` opening a list item or a quoted line: a short label (at most six words,
    no code) before the first colon."""
    label, colon, rest = text.partition(":")
    label = label.strip()
    if (
        not colon
        or not 0 < len(label) <= _MAX_PLAIN_LABEL
        or rest.startswith("//")  # a URL, not a label
        or any(char in label for char in "`*|")
        or len(label.split()) > _MAX_PLAIN_WORDS
    ):
        return None
    return Label(label, rest.strip(), LabelKind.PLAIN)


def entries(doc: Document) -> list[Entry]:
    """Every entry of a document, in source order."""
    found: list[Entry] = list(_block_entries(doc.preamble, 0, False, None))
    for section in doc.sections:
        heading = section.heading
        text = _said(heading.text)
        found.append(
            Entry(
                EntryKind.HEADING,
                heading.line,
                text,
                Label(text, "", LabelKind.HEADING),
                level=heading.level,
            )
        )
        found.extend(_block_entries(section.blocks, 0, False, None))
    found.sort(key=lambda entry: entry.line)
    return found


def item_entries(item: ListItem, depth: int = 1, quoted: bool = False) -> Iterator[Entry]:
    """The entries of one list item: its lines, then its nested blocks."""
    first = True
    for block in item.children:
        if block.kind is BlockKind.PARAGRAPH and first and block.line == item.line:
            for index, text_line in enumerate(block.lines):
                yield _line_entry(text_line, depth, quoted, item, index == 0)
            first = False
            continue
        first = False
        yield from _block_entries([block], depth, quoted, item)


def _block_entries(
    blocks: Iterable[Block], depth: int, quoted: bool, item: ListItem | None
) -> Iterator[Entry]:
    for block in blocks:
        if block.kind is BlockKind.PARAGRAPH:
            for text_line in block.lines:
                yield _line_entry(text_line, depth, quoted, item, False)
        elif block.kind is BlockKind.LIST:
            for child in block.items:
                yield from item_entries(child, depth + 1, quoted)
        elif block.kind is BlockKind.QUOTE:
            yield from _block_entries(block.children, depth, True, item)
        elif block.kind is BlockKind.TABLE and block.table is not None:
            table = block.table
            for row in (table.header, *table.rows):
                yield _row_entry(row, table, depth, quoted, item)


def _line_entry(
    text_line: TextLine, depth: int, quoted: bool, item: ListItem | None, opens_item: bool
) -> Entry:
    label = bold_label(text_line)
    if label is None and (opens_item or quoted):
        label = plain_label(text_line.text)
    if label is not None:
        if only_placeholders(label.text):
            label = None
        elif only_placeholders(label.rest):
            label = Label(label.text, "", label.kind)
    return Entry(
        EntryKind.ITEM if opens_item else EntryKind.LINE,
        text_line.line,
        _said(text_line.text),
        label,
        depth=depth,
        quoted=quoted,
        item=item,
    )


def _row_entry(row: Row, table: Table, depth: int, quoted: bool, item: ListItem | None) -> Entry:
    cells = tuple(_said(cell) for cell in row.cells)
    return Entry(
        EntryKind.ROW,
        row.line,
        " | ".join(cells),
        depth=depth,
        quoted=quoted,
        cells=cells,
        table=table,
        item=item,
    )


def _said(text: str) -> str:
    """What a text says: nothing when it holds template placeholders alone."""
    return "" if only_placeholders(text) else text


class Outline:
    """The entries of a document, in source order, found by line range."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.all = entries(doc)
        self._lines = [entry.line for entry in self.all]

    def named(self, names: tuple[str, ...]) -> list[Section]:
        """The sections whose headings name one of ``names``, in order (read once per names)."""
        return self.doc.sections_named(names)

    @functools.cached_property
    def lead_ins(self) -> list[Section]:
        """The sections that lead-in lines open (see :func:`lead_in_sections`)."""
        return lead_in_sections(self.doc)

    def between(self, start: int, end: int) -> Sequence[Entry]:
        """The entries on lines ``start`` up to ``end`` (exclusive)."""
        return self.all[bisect_left(self._lines, start) : bisect_left(self._lines, end)]

    def of(self, section: Section) -> Sequence[Entry]:
        """The entries of a section and its subsections, its heading first."""
        return self.between(section.line, section.end_line)


def item_label(item: ListItem) -> Label | None:
    """The label that opens a list item, if one does."""
    if not item.lines:
        return None
    return bold_label(item.lines[0]) or plain_label(item.lines[0].text)


# --------------------------------------------------------------------------- sections

LEAD_IN_LEVEL = 7  # below every heading: a lead-in line is found only when no heading is
_LEAD_IN_WORDS = 6
_SENTENCE = frozenset(".,;!?()[]|`")


def lead_in(block: Block) -> str | None:
    """The name a paragraph stands for when it is used as a heading: a paragraph of one line
    that is bold text only (``**Assets**``), or a short plain name (``Threats``, ``Assets to
    protect:``), at most six words with no sentence punctuation."""
    if block.kind is not BlockKind.PARAGRAPH or len(block.lines) != 1:
        return None
    line = block.lines[0]
    text = line.text.strip()
    name = text.rstrip(":").strip()
    if not name or len(name.split()) > _LEAD_IN_WORDS:
        return None
    if line.strong is not None and line.strong.strip().rstrip(":").strip() == name:
        return name
    if any(char in _SENTENCE for char in name) or not any(char.isalpha() for char in name):
        return None
    return name


def lead_in_sections(doc: Document) -> list[Section]:
    """The sections that lead-in lines open where a model has no headings for them: in the
    part before the first heading and the title's own part (``# Threat Model`` over
    ``**Assets**``, a list, ``**Threats**``, a list). Each runs to the next lead-in line or the
    next heading; one with nothing below it opens no section."""
    groups: list[tuple[list[Block], int]] = [(doc.preamble, _next_line(doc, 0))]
    title = doc.title
    if title is not None:
        position = next(i for i, s in enumerate(doc.sections) if s.heading is title)
        groups.append((doc.sections[position].blocks, _next_line(doc, position + 1)))
    found: list[Section] = []
    for blocks, end in groups:
        opened: Section | None = None
        for block in blocks:
            name = lead_in(block)
            if name is not None:
                if opened is not None:
                    opened.end_line = block.line
                opened = Section(Heading(LEAD_IN_LEVEL, name, block.line), [], end)
                found.append(opened)
            elif opened is not None:
                opened.blocks.append(block)
    return [section for section in found if section.blocks]


def _next_line(doc: Document, position: int) -> int:
    """The line of the section at ``position``, or the line after the document."""
    if position < len(doc.sections):
        return doc.sections[position].line
    return len(doc.lines) + 1


def find_heading(doc: Document, names: tuple[str, ...]) -> Section | None:
    """The section a model gives ``names``: of the headings that name it, the first of the
    shallowest, the title only when no other heading does; without one, a lead-in line that
    names it."""
    title = doc.title
    named = doc.sections_named(names)
    best: Section | None = None
    for section in named:
        if section.heading is not title and (best is None or section.level < best.level):
            best = section
    if best is None:
        best = next((s for s in named if s.heading is title), None)
    if best is not None:
        return best
    return next((s for s in lead_in_sections(doc) if heading_matches(s.title, names)), None)


def subtree(doc: Document, section: Section) -> list[Section]:
    """A section and its subsections (a lead-in line's section has none)."""
    if section.level == LEAD_IN_LEVEL:
        return [section]
    return list(doc.subtree(section))


def section_blocks(doc: Document, section: Section) -> list[Block]:
    """The blocks of a section and of its subsections."""
    return [block for part in subtree(doc, section) for block in part.blocks]


# --------------------------------------------------------------------------- columns


def columns_of(source: str, texts: Iterable[str], span: tuple[int, int] | None = None) -> list[int]:
    """The 1-based columns of ``texts`` in a source line (within ``span``: a cell's text),
    each found as a whole word after the one before. A text that is not there (the line
    writes it otherwise), and every text after it, is placed at the start of the span."""
    start, end = span if span is not None else (0, len(source))
    columns: list[int] = []
    cursor = start
    for text in texts:
        found = _word_in(source, text, cursor, end) if cursor >= 0 else -1
        columns.append((found if found >= 0 else start) + 1)
        cursor = found + len(text) if found >= 0 else -1
    return columns


def cell_span(source: str, index: int | None) -> tuple[int, int] | None:
    """Where the text of cell ``index`` of a table row's source line starts and ends."""
    spans = cell_spans(source)
    return spans[index] if index is not None and index < len(spans) else None


def column_in_cell(doc: Document, line: int, text: str, index: int | None) -> int:
    """The 1-based column of ``text`` in cell ``index`` of the table row at ``line`` (the
    cell's start when the row writes it otherwise)."""
    source = doc.source_line(line)
    return columns_of(source, [text], cell_span(source, index))[0]


def _word_in(source: str, text: str, start: int, end: int) -> int:
    """Where ``text`` is first found in ``source[start:end]`` as a whole word, or -1."""
    found = source.find(text, start, end)
    while found >= 0 and (
        (found > 0 and _in_word(source[found - 1]))
        or (found + len(text) < len(source) and _in_word(source[found + len(text)]))
    ):
        found = source.find(text, found + 1, end)
    return found


def _in_word(char: str) -> bool:
    return char.isalnum() or char == "_"


__all__ = [
    "Entry",
    "EntryKind",
    "Label",
    "LabelKind",
    "Outline",
    "bold_label",
    "cell_span",
    "column_in_cell",
    "columns_of",
    "entries",
    "find_heading",
    "item_entries",
    "item_label",
    "lead_in",
    "lead_in_sections",
    "plain_label",
    "section_blocks",
    "subtree",
]
