"""Feature metadata, wherever real teams put it.

Accepted places, in order of precedence:

1. a metadata section (``## Feature metadata`` or an alias) of ``Key: value`` bullets, lines or
   a key/value table;
2. bullets, lines or ``> **Key**: value`` blockquote lines directly under the H1 (or before it);
3. YAML front matter (``owner:``, ``last-updated:``, ``updated_date:`` ...);
4. the H1 itself, for fields named in the title pattern (``# Threat Model: <Feature name>``);
5. the lines of a document-control section (``## Review & Updates``, ``### Review schedule``,
   ``## Overview``: :data:`DOCUMENT_CONTROL`), where many models keep who owns them and when
   they were last reviewed, for the fields found nowhere above.

Keys are case-insensitive; bold markers, ``_``/``-`` separators and camelCase are ignored.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator

from hooks.core import names
from hooks.core.config import Config, FieldSpec
from hooks.core.fields import MetaEntry
from hooks.core.markdown import (
    Block,
    BlockKind,
    Document,
    ListItem,
    Section,
    TextLine,
)

_MAX_KEY = 60
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_DASHES = ("-", "\u2013", "\u2014")
_DASH = re.compile(r"\s[-\u2013\u2014]\s")


def _split_pair(text: str, source: str) -> tuple[str, str] | None:
    """``Key: value`` (or ``**Key** - value``, a dash after a bold key in ``source``) as
    ``(key, value)``, both stripped; ``None`` when ``text`` is not one. (Split by hand: a
    regular expression with lazy groups backtracks on long lines.)"""
    key, colon, value = text.partition(":")
    if not colon:
        dash = _DASH.search(text)
        if dash is None:
            return None
        key, value = text[: dash.start()], text[dash.end() :]
        if not key.strip() or not _bold_before_dash(key.strip(), source):
            return None
    key = key.strip()
    if not 0 < len(key) <= _MAX_KEY:
        return None
    return key, value.strip()


def _bold_before_dash(key: str, source: str) -> bool:
    """Whether ``source`` has ``key`` in bold (``**Key**`` or ``__Key__``), then a dash."""
    for mark in ("**", "__"):
        bold = f"{mark}{key}{mark}"
        at = source.find(bold)
        if at >= 0 and source[at + len(bold) : at + len(bold) + 8].lstrip()[:1] in _DASHES:
            return True
    return False


# The sections in which a model keeps its document control when it has no metadata section:
# read last, and only their own lines (a change log below them is history, not metadata).
DOCUMENT_CONTROL = (
    "Review",
    "Review schedule",
    "Maintenance",
    "Updates",
    "Overview",
    "Document control",
    "Document information",
    "Revision history",
)


def metadata_names(config: Config) -> tuple[str, ...]:
    """The names of the metadata sections (``Feature metadata`` and its aliases)."""
    return tuple(name for spec in config.sections if spec.metadata for name in spec.names)


def metadata_sections(doc: Document, config: Config) -> list[Section]:
    names = metadata_names(config)
    return list(doc.sections_named(names)) if names else []


def _pairs(
    blocks: Iterable[Block], is_key: Callable[[str], bool], doc: Document
) -> Iterator[tuple[str, str, int]]:
    """(key, value, line) candidates from paragraphs, list items, quotes and tables.

    A key without a value takes the lines below it (up to the next pair), or in a list item
    the item's sub-bullets; a paragraph's last key without a value takes the list right after
    the paragraph (``Owner(s):`` over ``- Alice`` and ``- Bob``). A table whose header cells
    are all metadata keys is read across (the keys head the columns, the first row holds the
    values); any other table is read down, key then value.
    """
    blocks = list(blocks)
    for index, block in enumerate(blocks):
        if block.kind is BlockKind.PARAGRAPH:
            after = blocks[index + 1] if index + 1 < len(blocks) else None
            listing = after if after is not None and after.kind is BlockKind.LIST else None
            yield from _line_pairs(block.lines, doc, listing)
        elif block.kind is BlockKind.LIST:
            for item in block.items:
                yield from _item_pair(item, doc)
        elif block.kind is BlockKind.QUOTE:
            yield from _pairs(block.children, is_key, doc)
        elif block.kind is BlockKind.TABLE and block.table is not None:
            table = block.table
            keys = [cell for cell in table.header.cells if cell.strip()]
            if len(keys) >= 2 and all(is_key(key) for key in keys):
                if table.rows:
                    first = table.rows[0]
                    for key, value in zip(table.header.cells, first.cells, strict=False):
                        yield key, value, first.line
                continue
            for row in (table.header, *table.rows):
                if len(row.cells) >= 2:
                    yield row.cells[0], row.cells[1], row.line


# A bold key with its colon inside or right after the bold (``**Date:**``, ``**Date**:``).
_BOLD_KEY = re.compile(r"(\*\*|__)([^*_:\n]{1,60}?)(?::\1|\1:)")


def _run_in_pairs(lines: list[TextLine], doc: Document) -> list[tuple[str, str, int]] | None:
    """The pairs of a paragraph that runs its bold keys on together, several on a line
    (``**Feature:** Outbox **Task:** VP-3 **Date:** 2026-05-18``): each key's value runs to
    the next key, across lines. ``None`` for any other paragraph."""
    keys: list[tuple[int, int, int, str]] = []  # (line index, start, end, key)
    sources = [doc.source_line(text.line) for text in lines]
    for index, source in enumerate(sources):
        keys += [(index, m.start(), m.end(), m.group(2)) for m in _BOLD_KEY.finditer(source)]
    if len(keys) < 3 or len(keys) == len({index for index, *_ in keys}):
        return None  # one key a line: read line by line
    pairs: list[tuple[str, str, int]] = []
    for (index, _, end, key), after in zip(keys, [*keys[1:], None], strict=True):
        stop_line, stop = (after[0], after[1]) if after else (len(sources) - 1, None)
        parts = [sources[index][end : stop if stop_line == index else None]]
        parts += sources[index + 1 : stop_line]
        if stop_line != index:
            parts.append(sources[stop_line][:stop])
        pairs.append((key.strip(), " ".join(" ".join(parts).split()), lines[index].line))
    return pairs


def _line_pairs(
    lines: list[TextLine], doc: Document, listing: Block | None = None
) -> Iterator[tuple[str, str, int]]:
    """The pairs of a paragraph's lines; a key without a value takes the lines below it, up to
    the next pair, or, on the last line, the items of ``listing`` (the list after the
    paragraph)."""
    run_in = _run_in_pairs(lines, doc)
    if run_in is not None:
        yield from run_in
        return
    pairs = [_split_pair(text.text, doc.source_line(text.line)) for text in lines]
    for index, pair in enumerate(pairs):
        if pair is None:
            continue
        key, value = pair
        end = index + 1
        while not value and end < len(lines) and pairs[end] is None:
            end += 1
        below = lines[index + 1 : end]
        items = [item for item in listing.items if item.text.strip()] if listing else []
        if below:
            yield key, " ".join(text.text.strip() for text in below), below[0].line
        elif not value and index == len(lines) - 1 and items:
            yield key, ", ".join(item.text.strip() for item in items), items[0].line
        else:
            yield key, value, lines[index].line


def _item_pair(item: ListItem, doc: Document) -> Iterator[tuple[str, str, int]]:
    """The pair a list item starts with; a key without a value takes the item's other lines,
    or else its sub-bullets (``- **Owners:**`` over ``- Alice`` and ``- Bob``)."""
    if not item.lines:
        return
    first = item.lines[0]
    pair = _split_pair(first.text, doc.source_line(first.line))
    if pair is None:
        return
    key, value = pair
    below = [text for text in item.lines[1:] if text.text.strip()]
    subitems = [sub for listing in item.sublists for sub in listing.items if sub.text.strip()]
    if not value and below:
        yield key, " ".join(text.text.strip() for text in below), below[0].line
    elif not value and subitems:
        yield key, ", ".join(sub.text.strip() for sub in subitems), subitems[0].line
    else:
        yield key, value, first.line


def _front_matter_value(value: object) -> str | None:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict):
        name = value.get("name")
        return str(name) if isinstance(name, (str, int)) else None
    if isinstance(value, list):
        parts = [_front_matter_value(item) for item in value]
        return ", ".join(part for part in parts if part)
    return None


_PLACEHOLDER_SLOT = re.compile(r"(<[^<>]+>)")
_SPACES = re.compile(r"\s*")


class TitlePattern:
    """The configured title (``Threat Model: <Feature name>``), matched by hand in linear
    time (a regular expression with a lazy group per placeholder backtracks on long titles).

    The title is literals and placeholders: ``Threat Model: ``, ``<Feature name>``. A title
    matches when, case aside (``str.lower``) and white space around it aside:

    * it starts with the first literal and ends with the last one; each literal is its words,
      with any white space or none between them (``Threat  Model:`` and ``ThreatModel:`` are
      ``Threat Model:``);
    * each placeholder holds a character that is not white space, or more (white space
      around a placeholder is not part of its value);
    * each inner literal is taken at its leftmost place after the first character of the
      placeholder before it, so with ``<A> - <B> - v<C>``, ``a - b - c - v1`` reads ``a``,
      ``b - c`` and ``1``: the last placeholder takes everything between the literals around
      it. When that place leaves a later placeholder empty, the title does not match (no
      later place is tried: that search is what backtracked).

    On titles as the reader gives them (words and single spaces), this reads what the
    regular expression ``^\\s*Threat\\s*Model:\\s*(.+?)\\s*$`` (case ignored) read, unless
    that left a placeholder blank.
    """

    def __init__(self, title: str) -> None:
        parts = _PLACEHOLDER_SLOT.split(title)
        self.fields = [names.key(part[1:-1]) for part in parts[1::2]]
        self.last = tuple(parts[-1].lower().split())
        # Each literal's words, with any white space or none between them, as a regular
        # expression that cannot backtrack far: a word holds no white space, so the only
        # run of white space that lets the next word match is the whole run. Looking for
        # the leftmost place costs a try at each place the first word is, each try the
        # length of the words and of the white space between them.
        self.literals = [
            re.compile(r"\s*".join(re.escape(word) for word in part.lower().split()))
            for part in parts[::2]
        ]

    def match(self, text: str) -> list[str] | None:
        """The value of each placeholder, in order, or ``None`` when ``text`` does not match."""
        folded = _fold(text)
        end = len(folded.rstrip())
        first = self.literals[0].match(folded, _skip_spaces(folded, 0, end), end)
        if first is None:
            return None
        at = first.end()
        if not self.fields:
            return [] if at == end else None
        stop = _words_before(folded, self.last, end)
        values: list[str] = []
        for literal in self.literals[1:-1]:
            found = literal.search(folded, _skip_spaces(folded, at, end) + 1, end)
            if found is None:
                return None
            values.append(text[at : found.start()].strip())
            at = found.end()
        value = text[at:stop].strip() if stop is not None else ""
        if not value:
            return None
        values.append(value)
        return values


def _fold(text: str) -> str:
    """``text`` in lower case, character for character (so that offsets still hold)."""
    lower = text.lower()
    if len(lower) == len(text):
        return lower
    return "".join(char if len(char.lower()) != 1 else char.lower() for char in text)


def _skip_spaces(text: str, at: int, end: int) -> int:
    """The end of the run of white space at ``at``."""
    found = _SPACES.match(text, at, end)
    return found.end() if found is not None else at


def _words_before(text: str, words: tuple[str, ...], end: int) -> int | None:
    """Where ``words`` (with any white space or none between them) start when they end at
    ``end``, or ``None``."""
    for index, word in enumerate(reversed(words)):
        if index:
            while end > 0 and text[end - 1].isspace():
                end -= 1
        if not text.endswith(word, 0, end):
            return None
        end -= len(word)
    return end


@functools.lru_cache(maxsize=64)
def _title_pattern(title: str) -> TitlePattern:
    return TitlePattern(title)


def title_pattern(config: Config) -> TitlePattern:
    """The configured title (``Threat Model: <Feature name>``), to match H1s against."""
    return _title_pattern(config.title)


def read_metadata(doc: Document, config: Config) -> dict[str, MetaEntry]:
    """The metadata entries found for each configured field, keyed by the field's name."""
    wanted: dict[str, FieldSpec] = {
        names.key(name): spec for spec in config.metadata for name in spec.names
    }
    found: dict[str, MetaEntry] = {}

    def is_key(text: str) -> bool:
        return names.key(text) in wanted

    def offer(key: str, value: str, line: int, source: str) -> None:
        spec = wanted.get(names.key(key))
        if spec is None or spec.name in found:
            return
        value = value.strip()
        position = doc.source_line(line).find(value[:20]) if value else -1
        column = position + 1 if position >= 0 else 1
        found[spec.name] = MetaEntry(key.strip(), value, line, column, source)

    for section in metadata_sections(doc, config):
        for key, value, line in _pairs(doc.tree_blocks(section), is_key, doc):
            offer(key, value, line, "section")
    title = doc.title
    top_blocks = list(doc.preamble)
    if title is not None:
        top_blocks += next(s.blocks for s in doc.sections if s.heading is title)
    for key, value, line in _pairs(top_blocks, is_key, doc):
        offer(key, value, line, "title")
    if doc.front_matter:
        for key, raw in doc.front_matter.items():
            text = _front_matter_value(raw)
            if text is not None:
                offer(str(key), text, doc.front_matter_lines.get(str(key), 1), "front matter")
    if title is not None:
        pattern = title_pattern(config)
        values = pattern.match(title.text)
        if values is not None:
            for name, value in zip(pattern.fields, values, strict=True):
                offer(name, value, title.line, "heading")
    if len(found) < len(config.metadata):
        for section in doc.sections_named(DOCUMENT_CONTROL):  # its own lines, not subsections'
            for key, value, line in _pairs(section.blocks, is_key, doc):
                offer(key, value, line, "document control")
    return found
