"""Shared recognisers of the content checks: scopes, labelled lines, tables and words."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from hooks.core.config import Config
from hooks.core.content.settings import Category
from hooks.core.markdown import (
    Block,
    Document,
    Section,
    Table,
    cell_spans,
    fence_step,
    heading_matches,
)

_QUOTED = re.compile(r"^\s{0,3}(?:>\s?)+")  # quote markers before a fence
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD = re.compile(
    r"^\s*(?:>\s*)*(?:(?:[-*+]|\d{1,3}[.)])\s+)?(?:\*\*|__)(?P<label>[^*_]+?)(?:\*\*|__)"
    r"\s*(?P<colon>[:\u2014\u2013-])?\s*(?P<rest>.*)$"
)
_PLAIN = re.compile(
    r"^\s*(?:>\s*)*(?:[-*+]|\d{1,3}[.)])\s+(?P<label>[^:`*|]{1,60}?)\s*:\s*(?P<rest>.*)$"
)
_ITEM = re.compile(r"^\s*(?:>\s*)*(?:[-*+]|\d{1,3}[.)])\s+(?P<text>.*)$")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?(?:\s*/\s*\d+)?")
_NA = re.compile(r"^\W*(?:n/?a|not applicable|none)\b\W*(?P<reason>.*)$", re.IGNORECASE)

DEFAULT_NAMES: dict[str, tuple[str, ...]] = {
    "Threats": ("Threats", "Threat analysis", "Threat scenarios", "STRIDE analysis"),
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
# the headings of a risk summary (singular or plural; not "Risks", which may be anything)
RISK_SUMMARY_NAMES = (
    "Risk summary",
    "Risk register",
    "Risk assessment",
    "Risk matrix",
    "Risk ratings",
)


@functools.lru_cache(maxsize=65536)
def words(text: str) -> str:
    """Lower-case words separated by single spaces (for whole-word comparisons)."""
    return " ".join(_NON_WORD.sub(" ", text.lower().replace("&", " and ")).split())


def phrase(text: str) -> str:
    """The words of ``text`` between spaces: ``phrase(needle) in phrase(haystack)`` says whether
    ``needle`` occurs in ``haystack`` as whole words."""
    return f" {words(text)} "


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


@dataclass(frozen=True)
class Label:
    """A labelled line: a heading, a bold-prefixed line, or a ``- Label: text`` bullet."""

    line: int
    label: str
    rest: str
    kind: str  # heading, bold, plain
    level: int = 0  # of a heading


def label_of(source: str, line: int) -> Label | None:
    heading = _HEADING.match(source)
    if heading:
        return Label(line, heading.group(2).strip(), "", "heading", len(heading.group(1)))
    bold = _BOLD.match(source)
    if bold:
        label = bold.group("label").strip().rstrip(":").strip()
        return Label(line, label, bold.group("rest").strip(), "bold")
    plain = _PLAIN.match(source)
    if plain and len(plain.group("label").split()) <= 6:
        return Label(line, plain.group("label").strip(), plain.group("rest").strip(), "plain")
    return None


def list_item_text(source: str) -> str | None:
    """The text of a list item line after its marker, or ``None`` for other lines."""
    item = _ITEM.match(source)
    return item.group("text") if item else None


def row_cells(source: str) -> list[tuple[int, str]]:
    """The cells of a table row line, each as ``(offset of its text in the line, text)``."""
    return [(start, source[start:end]) for start, end in cell_spans(source)]


def cell_span(source: str, index: int | None) -> tuple[int, int] | None:
    """Where the text of cell ``index`` of a table row's source line starts and ends."""
    spans = cell_spans(source)
    return spans[index] if index is not None and index < len(spans) else None


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


def source_lines(doc: Document, start: int, end: int) -> Iterator[tuple[int, str]]:
    """``(line, text)`` for the 1-based lines ``start`` up to ``end`` (exclusive), outside
    code fences and HTML comments."""
    fence: str | None = None
    comment = False
    for number in range(max(start, 1), min(end, len(doc.lines) + 1)):
        text = doc.lines[number - 1]
        fence, code = fence_step(fence, _QUOTED.sub("", text, count=1))
        if code:
            continue
        if comment:
            comment = "-->" not in text
            continue
        if text.lstrip().startswith("<!--") and "-->" not in text:
            comment = True
            continue
        yield number, text


def labels(doc: Document, start: int, end: int) -> list[Label]:
    found: list[Label] = []
    for number, text in source_lines(doc, start, end):
        label = label_of(text, number)
        if label is not None:
            found.append(label)
    return found


@dataclass
class Scope:
    """One or more sections (each with its subsections) of a document; with no sections, the
    whole document except the ``excluded`` sections (and their subsections)."""

    doc: Document
    sections: list[Section]
    excluded: list[Section] = field(default_factory=list)

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
        found.append((start, len(self.doc.lines) + 1))
        return [(first, end) for first, end in found if first < end]

    def lines(self) -> Iterator[tuple[int, str]]:
        for start, end in self.ranges():
            yield from source_lines(self.doc, start, end)

    def labels(self) -> list[Label]:
        return [label for start, end in self.ranges() for label in labels(self.doc, start, end)]

    def blocks(self) -> Iterator[Block]:
        if not self.sections:
            yield from _flatten(self.doc.preamble)
            ranges = self.ranges()
            for section in self.doc.sections:
                if any(start <= section.line < end for start, end in ranges):
                    yield from _flatten(section.blocks)
            return
        for section in self.sections:
            for block in self.doc.tree_blocks(section):
                yield from _flatten([block])

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


def find_scope(doc: Document, names: tuple[str, ...]) -> Scope:
    """Every top-most section whose heading is one of ``names`` (none: the scope is not
    ``found``, and reading it reads the whole document)."""
    chosen: list[Section] = []
    covered_until = 0
    for section in doc.sections:
        if section.line < covered_until:
            continue
        if heading_matches(section.title, names):
            chosen.append(section)
            covered_until = section.end_line
    return Scope(doc, chosen)


def column(table: Table, *names: str, exclude: tuple[str, ...] = ()) -> int | None:
    """The index of the first header cell that is one of ``names``, or else starts or ends
    with one (a header that is one of ``exclude`` does not: ``Threat ID`` is no ``Threat``)."""
    headers = [words(cell) for cell in table.header.cells]
    for name in names:
        wanted = words(name)
        for index, header in enumerate(headers):
            if header == wanted:
                return index
    excluded = {words(name) for name in exclude}
    for name in names:
        wanted = words(name)
        for index, header in enumerate(headers):
            if header in excluded:
                continue
            if header.startswith(wanted + " ") or header.endswith(" " + wanted):
                return index
    return None


def cell(row_cells: tuple[str, ...], index: int | None) -> str:
    if index is None or index >= len(row_cells):
        return ""
    return row_cells[index].strip()


def is_blank(value: str) -> bool:
    return words(value) == "" or value.strip() in ("-", "\u2014", "?", "TBD", "TODO")
