"""The Markdown model reader: a threat model parsed by mistune 3, with true source lines.

mistune's AST carries no source positions, so this module adds a small position layer:

* every block the block parser emits is stamped with the line it starts on *within the
  source its parser state was reading* (the document, a block quote's inner text, or a list
  item's inner text; each of those maps line for line onto the document);
* a list item's own line is found by scanning the list's lines for its markers, in order,
  up to the last line the list's rule read (so that each list is looked through once);
* a table's rows sit one per line below its header and delimiter rows (read here, so that
  a row with more or fewer cells than the header is kept, as GFM keeps it);
* the inline parser stamps line breaks, links and images with the line they start on within
  the text it parses, and links and images with their column counted from the end of that
  line: only the start of a line differs between the document and a container's text
  (indentation, ``>`` and list markers), so a column from the end holds in both. Before
  mistune 3.4, the text of a link, an image or emphasis is parsed as a text of its own: its
  positions are carried over to the text it is part of.

Everything else (sections, metadata, links) is derived from that typed model. The layer
works inside mistune, whose internals change from one 3.x release to the next: it supports
the releases from pyproject.toml's lower bound on, and ``.ci/test`` runs the reader's tests
on that oldest release as well as on the newest. Reading is linear in the model's size
(see bench/pathological.py and BENCHMARKS.md for the hostile inputs it was measured on).
"""

from __future__ import annotations

import contextlib
import enum
import functools
import gc
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import mistune
from mistune.core import BlockState, InlineState
from mistune.plugins.table import table_in_list, table_in_quote

from hooks.core.names import singular
from hooks.core.source import Problem, read_bytes

# --------------------------------------------------------------------------- model


class TextLine(NamedTuple):
    """One source line of a paragraph, as plain text; ``strong`` is the text of the strong
    emphasis (``**Label:**``) that opens the line, if one does."""

    line: int
    text: str
    strong: str | None = None


class Link(NamedTuple):
    """A link or image: the line and column of its ``[`` (or ``!``), its URL as mistune
    normalises it (``<a b.md>`` reads ``a%20b.md``) and its text."""

    line: int
    url: str
    text: str
    column: int = 1
    image: bool = False


class BlockKind(enum.Enum):
    """What a block is."""

    PARAGRAPH = "paragraph"
    LIST = "list"
    TABLE = "table"
    QUOTE = "quote"
    CODE = "code"
    HTML = "html"
    THEMATIC_BREAK = "thematic_break"


@dataclass
class Block:
    """A block of a section: a paragraph (its ``lines``), a list (its ``items``), a table, a
    quote (its ``children``), code or HTML (their ``raw`` text), or a thematic break. A fenced
    code block keeps its info string in ``info`` (the words after its opening fence)."""

    kind: BlockKind
    line: int
    lines: list[TextLine] = field(default_factory=list)
    items: list[ListItem] = field(default_factory=list)
    table: Table | None = None
    children: list[Block] = field(default_factory=list)
    raw: str = ""
    info: str = ""

    @property
    def text(self) -> str:
        return "\n".join(text_line.text for text_line in self.lines)

    @property
    def language(self) -> str:
        """The first word of a fenced code block's info string, lower-case (``""`` for none)."""
        return self.info.split(maxsplit=1)[0].lower() if self.info.strip() else ""


@dataclass
class ListItem:
    line: int
    lines: list[TextLine]
    children: list[Block]

    @property
    def text(self) -> str:
        """Plain text of the item's first paragraph."""
        return "\n".join(text_line.text for text_line in self.lines)

    @property
    def sublists(self) -> list[Block]:
        return [block for block in self.children if block.kind is BlockKind.LIST]


class Row(NamedTuple):
    line: int
    cells: tuple[str, ...]


@dataclass
class Table:
    line: int
    header: Row
    rows: list[Row]


class Heading(NamedTuple):
    level: int
    text: str
    line: int
    column: int = 1


@dataclass
class Section:
    """A heading and the blocks up to the next heading of any level."""

    heading: Heading
    blocks: list[Block] = field(default_factory=list)
    end_line: int = 0  # first line after this section and its subsections

    @property
    def title(self) -> str:
        return self.heading.text

    @property
    def line(self) -> int:
        return self.heading.line

    @property
    def level(self) -> int:
        return self.heading.level


@dataclass
class Document:
    path: str
    text: str
    lines: list[str]
    front_matter: dict[str, Any] | None = None
    front_matter_lines: dict[str, int] = field(default_factory=dict)  # top-level key -> line
    preamble: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    _positions: dict[int, int] | None = field(default=None, repr=False, compare=False)
    _named: dict[tuple[str, ...], list[Section]] = field(
        default_factory=dict, repr=False, compare=False
    )
    # heading text -> its words (see :func:`vocabulary`), worked out once for the document
    _vocabularies: dict[str, frozenset[str]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def headings(self) -> list[Heading]:
        return [section.heading for section in self.sections]

    @property
    def title(self) -> Heading | None:
        """The first H1, if any."""
        return next((h for h in self.headings if h.level == 1), None)

    def subtree(self, section: Section) -> Iterator[Section]:
        """The section and its subsections (every later section of a deeper level)."""
        if self._positions is None:
            self._positions = {id(part): index for index, part in enumerate(self.sections)}
        yield section
        for index in range(self._positions[id(section)] + 1, len(self.sections)):
            later = self.sections[index]
            if later.line >= section.end_line:
                return
            yield later

    def sections_named(self, names: tuple[str, ...]) -> list[Section]:
        """The sections whose heading is one of ``names`` (as :func:`heading_matches` says),
        in source order; worked out once for each ``names``."""
        found = self._named.get(names)
        if found is None:
            self.match_names([names])
            found = self._named[names]
        return found

    def match_names(self, many: Iterable[tuple[str, ...]]) -> None:
        """Work out :meth:`sections_named` for each of ``many`` at once, heading by heading:
        each distinct heading text is asked whether it has the words without which it names
        none of the names (see :func:`key_words`; its words are worked out once for the
        document, however many times names are asked about), and only one that has is asked
        which names it is. (The readings ``heading_matches`` keeps are a cache of the
        headings it saw last: past its size, a model's headings read again would all be read
        anew.)"""
        todo = [names for names in dict.fromkeys(many) if names not in self._named]
        if not todo:
            return
        keys = key_words(name for names in todo for name in names)
        found: dict[tuple[str, ...], list[Section]] = {names: [] for names in todo}
        answers: dict[str, list[tuple[str, ...]]] = {}  # heading text -> the names it is
        vocabularies = self._vocabularies
        for section in self.sections:
            title = section.title
            matched = answers.get(title)
            if matched is None:
                present = vocabularies.get(title)
                if present is None:
                    present = vocabularies[title] = vocabulary(title)
                matched = []
                if not keys.isdisjoint(present):
                    matched = [names for names in todo if heading_matches(title, names)]
                answers[title] = matched
            for names in matched:
                found[names].append(section)
        self._named.update(found)

    def tree_blocks(self, section: Section) -> Iterator[Block]:
        for part in self.subtree(section):
            yield from part.blocks

    @property
    def end_line(self) -> int:
        """The line after the last one."""
        return len(self.lines) + 1

    def source_line(self, line: int) -> str:
        """The source text of the 1-based ``line``, or ``""`` past the ends."""
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""


# --------------------------------------------------------------------------- reading

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def fence_step(fence: str | None, line: str) -> tuple[str | None, bool]:
    """Follow code fences line by line: given the fence open before ``line`` (or ``None``),
    the fence open after it, and whether ``line`` is code or a fence line."""
    opened = _FENCE.match(line)
    if fence is None:
        return (opened.group(1), True) if opened else (None, False)
    if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
        return None, True
    return fence, True


_MARKER = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_QUOTE_PREFIX = re.compile(r"^(?:\s{0,3}>\s?)+")


def read_document(
    path: Path, shown: str, max_bytes: int, keep: Callable[[str], bool] | None = None
) -> Document | Problem:
    """Read and parse a Markdown file, or say why it cannot be read (a ``TM0xx`` problem).

    With ``keep``, only the head of the file is parsed: it ends at the first heading of level
    two or more whose text ``keep`` rejects (readers of metadata need no more)."""
    data = read_bytes(path, max_bytes)
    if isinstance(data, Problem):
        return data
    return parse_bytes(data, shown, keep)


def parse_bytes(
    data: bytes, shown: str, keep: Callable[[str], bool] | None = None
) -> Document | Problem:
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        return Problem(line, 1, "TM001", "binary file (NUL byte); expected UTF-8 Markdown text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = data[exc.start]
        return Problem(
            line,
            column,
            "TM001",
            f"not valid UTF-8 (byte 0x{byte:02x}); expected UTF-8 Markdown text",
            "re-save the file as UTF-8",
        )
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return Problem(1, 1, "TM002", "file is empty", "start from the template")
    return parse_text(text if keep is None else _head(text, keep), shown)


_SUBHEADING = re.compile(r"^ {0,3}#{2,6}[ \t]+(.*)$")


_ASCII_SPACE = " \t\n\r\x0b\x0c"  # string.whitespace, without importing string
_MISTUNE = tuple(int(part) for part in re.findall(r"\d+", mistune.__version__)[:3])
# what mistune strips from the end of an ATX heading's text: any white space before 3.1.4
_ATX_STRIPPED = None if _MISTUNE < (3, 1, 4) else _ASCII_SPACE


def _atx_text(text: str) -> str:
    """An ATX heading's text without its closing sequence (``## Title ##``). (By hand: a
    regular expression for it backtracks on long runs of spaces.)"""
    text = text.rstrip(_ATX_STRIPPED)  # as mistune strips it: other white space is text
    tail = text.rstrip()  # but any white space may follow the closing sequence,
    body = tail.rstrip("#")
    if body != tail and (not body or body[-1].isspace()):  # and precede it
        return body.rstrip()
    return text


_READER_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")  # the lines parse_text reads


def _head(text: str, keep: Callable[[str], bool]) -> str:
    """The text up to the first level 2+ heading, outside code fences, that ``keep`` rejects;
    the whole text when the rest defines link references (they reach back into the head).

    The head parses as the start of the whole text does: it ends only at a reader's line
    (``\n``, ``\r\n`` or ``\r``; not a form feed or ``U+2028``) starting with ``#`` in its
    first column, which no paragraph, list item or quote can hold; an indented ``## x`` may
    belong to a list item, so it does not end the head. Such a line may still sit in an HTML
    block or a code block the fences here do not see: then the head ends inside that block,
    which holds no metadata, and the blocks before it are the whole text's."""
    fence: str | None = None
    offset = 0
    for found in _READER_LINE.finditer(text):
        line = found.group(0)
        fence, code = fence_step(fence, line)
        heading = None if code or line[:1] != "#" else _SUBHEADING.match(line.rstrip("\r\n"))
        if heading and not keep(_atx_text(heading.group(1))):
            return text if "]:" in text[offset:] else text[:offset]
        offset += len(line)
    return text


def parse_text(text: str, shown: str) -> Document:
    """Parse Markdown text (already decoded) into a :class:`Document`."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    doc = Document(path=shown, text=text, lines=lines)
    with _no_cycle_collection():
        body = _take_front_matter(doc)
        tokens = _parse_tokens(body)
        _Builder(doc).build(tokens)
        _check_fences(doc, tokens)
    return doc


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused: parsing makes a token, a dict or a list at a time,
    hundreds of thousands in a large model, none of them garbage, and the collector would
    walk them again and again (a quarter to a third of the time of reading a large list).
    Reference counting still frees what is dropped."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --------------------------------------------------------------------------- front matter


@functools.cache
def _front_matter_loader() -> type[Any]:
    """:class:`hooks.core.yamlsafe.SafeLoader` that leaves dates as the strings the author
    wrote. PyYAML is imported when a model has front matter, not before."""
    from hooks.core import yamlsafe

    resolvers = {
        key: [(tag, regexp) for tag, regexp in found if tag != "tag:yaml.org,2002:timestamp"]
        for key, found in yamlsafe.SafeLoader.yaml_implicit_resolvers.items()
    }
    return type("FrontMatterLoader", (yamlsafe.SafeLoader,), {"yaml_implicit_resolvers": resolvers})


MAX_FRONT_MATTER_CHARS = 64 * 1024


def _take_front_matter(doc: Document) -> str:
    """Read YAML front matter (``---`` ... ``---``) and blank it out of the text to parse."""
    lines = doc.lines
    if not lines or lines[0].rstrip() != "---":
        return doc.text
    end = next(
        (index for index in range(1, len(lines)) if lines[index].rstrip() in ("---", "...")), None
    )
    if end is None:
        doc.problems.append(
            Problem(1, 1, "TM003", "front matter opened here is never closed with '---'")
        )
        return doc.text
    body = "\n" * (end + 1) + "\n".join(lines[end + 1 :])
    source = "\n".join(lines[1:end])
    if len(source) > MAX_FRONT_MATTER_CHARS:
        doc.problems.append(
            Problem(
                1,
                1,
                "TM003",
                f"front matter is larger than {MAX_FRONT_MATTER_CHARS // 1024} KiB; it is not read",
                "keep the front matter to the model's metadata",
            )
        )
        return body
    import yaml

    from hooks.core import yamlsafe

    try:
        node, data = yamlsafe.load(source, _front_matter_loader())
    except yamlsafe.RefusedYaml as exc:
        line = exc.line + 1 if exc.line else 1
        doc.problems.append(Problem(line, 1, "TM003", f"invalid YAML front matter: {exc}"))
        return body
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or "cannot be parsed"
        doc.problems.append(Problem(line, 1, "TM003", f"invalid YAML front matter: {problem}"))
        return body
    except (ValueError, RecursionError) as exc:
        doc.problems.append(Problem(1, 1, "TM003", f"invalid YAML front matter: {exc}"))
        return body
    if data is not None and not isinstance(data, dict):
        doc.problems.append(Problem(2, 1, "TM003", "front matter must be a mapping of keys"))
        return body
    keys = yamlsafe.KeyLines(node)
    if keys.duplicate is not None:
        key, line, first = keys.duplicate
        doc.problems.append(
            Problem(
                line + 1,
                1,
                "TM003",
                f"duplicate key {key!r} in front matter (first on line {first + 1})",
                "keep one of them: only the last one counts",
            )
        )
    doc.front_matter = data
    doc.front_matter_lines = {
        path[0]: line + 1 for path, line in keys.lines.items() if len(path) == 1
    }
    return body


# --------------------------------------------------------------------------- mistune layer


class _Offsets:
    """Lines of the offsets of a parser state's source text."""

    src: str
    _newlines: list[int] | None = None
    _ends: dict[int, int] | None = None

    def line_of(self, offset: int) -> int:
        """The 0-based line of an offset."""
        if self._newlines is None:
            self._newlines = [match.start() for match in re.finditer("\n", self.src)]
        return bisect_right(self._newlines, offset - 1)

    def tail_of(self, offset: int) -> int:
        """How far an offset is from the end of its line, trailing spaces aside: a column
        counted from the end, which holds in the document too, where only the start of a
        line differs (indentation, ``>`` and list markers)."""
        line = self.line_of(offset)
        assert self._newlines is not None
        if self._ends is None:
            self._ends = {}
        end = self._ends.get(line)
        if end is None:
            end = self._newlines[line] if line < len(self._newlines) else len(self.src)
            while end > 0 and self.src[end - 1] in " \t":
                end -= 1
            self._ends[line] = end
        return max(end - offset, 0)


class _State(_Offsets, BlockState):
    """Parser state that stamps each new paragraph with its start line."""

    def add_paragraph(self, text: str) -> None:
        last = self.last_token()
        if last and last["type"] == "paragraph":
            super().add_paragraph(text)
        else:
            super().add_paragraph(text)
            self.tokens[-1]["_line"] = self.line_of(self.cursor)


class _BlockParser(mistune.BlockParser):
    """Block parser that stamps every token a rule emits with the line the rule started on."""

    def parse_method(self, m: re.Match[str], state: BlockState) -> int | None:
        tokens = state.tokens
        count = len(tokens)
        last = tokens[-1] if tokens else None
        start = state.cursor
        end = super().parse_method(m, state)
        assert isinstance(state, _State)
        line = state.line_of(start)
        # Rules append tokens or replace the last one, so only the tail can be new: looking
        # at it alone keeps parsing linear in the number of tokens.
        replaced = count > 0 and (len(tokens) < count or tokens[count - 1] is not last)
        for token in tokens[count - 1 if replaced else count :]:
            if "_line" not in token:
                token["_line"] = line
            if token["type"] == "list" and end is not None and "_last" not in token:
                # the last line the rule read: the list's items are looked for up to there
                token["_last"] = state.line_of(max(end - 1, start))
        return end

    def _parse_indent_code_fast(self, state: BlockState) -> int | None:
        # mistune 3.3+ reads indented code here, bypassing parse_method
        start = state.cursor
        end = super()._parse_indent_code_fast(state)
        if end is not None and "_line" not in state.tokens[-1]:
            assert isinstance(state, _State)
            state.tokens[-1]["_line"] = state.line_of(start)
        return end


class _InlineState(_Offsets, InlineState):
    def __init__(self, env: MutableMapping[str, Any]) -> None:
        super().__init__(env)
        # each '[' or '![' a link may close: its token's index and its offset (its token is
        # marked with the offset too, to tell it from a token that took its place)
        self.openers: list[tuple[int, int]] = []
        self.hint = 0  # where the text of the rule being parsed starts (see copy)
        self.parent: _InlineState | None = None
        self._start = 0  # the parent's hint when this state was made
        self._base: int | None = None

    def copy(self) -> InlineState:
        """A state for a part of the text: mistune before 3.4 parses the text of a link or
        an image (before 3.3.4, of emphasis too) as a text of its own, the part of its
        parent's text that starts where the rule's match ends (``hint``)."""
        state = super().copy()
        assert isinstance(state, _InlineState)
        state.parent = self
        state._start = self.hint
        return state

    def _in_whole(self, offset: int) -> tuple[_InlineState, int]:
        """The state of the whole text, and where ``offset`` of this state's text is in it."""
        state, at = self, offset
        while state.parent is not None:
            at += state._offset_in_parent()
            state = state.parent
        return state, at

    def _offset_in_parent(self) -> int:
        if self._base is None:
            assert self.parent is not None
            whole = self.parent.src
            if self.src == whole:
                self._base = 0
            elif whole.startswith(self.src, self._start):
                self._base = self._start
            else:  # not seen: the nearest place after the rule's start, or that start
                found = whole.find(self.src, self._start)
                self._base = found if found >= 0 else self._start
        return self._base

    def line_of(self, offset: int) -> int:
        whole, at = self._in_whole(offset)
        return _Offsets.line_of(whole, at)

    def tail_of(self, offset: int) -> int:
        whole, at = self._in_whole(offset)
        return _Offsets.tail_of(whole, at)

    def stamp(self, token: dict[str, Any], offset: int) -> None:
        token["_line"] = self.line_of(offset)
        if token["type"] in _LINKS:
            token["_tail"] = self.tail_of(offset)

    def stamp_closed(self) -> None:
        """Stamp the link or image a ``]`` made: mistune 3.3+ replaces its opener's token
        (and the tokens after it) with the link, so the link sits where an opener was."""
        while self.openers:
            index, offset = self.openers[-1]
            token = self.tokens[index] if index < len(self.tokens) else None
            if token is not None and token.get("_open") == offset:
                return  # still open: this ']' closed nothing of ours
            self.openers.pop()
            if token is not None and token["type"] in _LINKS and "_line" not in token:
                self.stamp(token, offset)
                return


_BREAKS = ("softbreak", "linebreak")
_LINKS = ("link", "image")
_PLACED = frozenset(_BREAKS + _LINKS)  # the inline tokens the position layer stamps
_MARKED = _PLACED | {"strong"}  # the inline tokens that _pieces yields before their text
_STAMPING = frozenset([*_BREAKS, "link", "link_close", "auto_link", "auto_email"])  # rules


class _InlineParser(mistune.InlineParser):
    """Inline parser that stamps links, images and line breaks with the line they start on
    within the text it parses (``_line``), and links and images with their column counted
    from the end of that line (``_tail``)."""

    def parse_method(self, m: re.Match[str], state: InlineState) -> int | None:
        assert isinstance(state, _InlineState)
        state.hint = m.end()
        if m.lastgroup not in _STAMPING:
            return super().parse_method(m, state)
        count = len(state.tokens)
        end = super().parse_method(m, state)
        if m.lastgroup == "link_close":
            state.stamp_closed()
            return end
        for index in range(count, len(state.tokens)):  # the rule appended these
            token = state.tokens[index]
            if token["type"] in _PLACED:
                state.stamp(token, m.start())
            elif m.lastgroup == "link":  # an opener, closed by a later ']'
                token["_open"] = m.start()
                state.openers.append((index, m.start()))
        return end

    def parse_link(self, m: re.Match[str], state: InlineState) -> int | None:
        """Stamp a whole link or image made here (mistune 3.4 makes an opener here: see
        :meth:`_InlineState.stamp_closed`); before 3.1.4, emphasis calls this directly, not
        through :meth:`parse_method`."""
        assert isinstance(state, _InlineState)
        count = len(state.tokens)
        state.hint = m.end()
        end = super().parse_link(m, state)
        for token in state.tokens[count:]:
            if token["type"] in _LINKS and "_line" not in token:
                state.stamp(token, m.start())
        return end


_TableRule = Callable[[mistune.BlockParser, re.Match[str], BlockState], "int | None"]
# a table's header row, written between pipes or without them (as mistune 3.4 reads them)
_PIPED_HEADER = r"^ {0,3}\|[^\n]*\|[ \t]*(?:\n|$)"
_BARE_HEADER = r"^ {0,3}\S[^\n]*\|[^\n]*(?:\n|$)"
_DELIMITER = re.compile(r":?-+:?")


def _piped_row(line: str) -> str | None:
    """A row of a table written between pipes: its text inside them (as mistune reads it)."""
    text = line.rstrip("\n").rstrip(" \t")
    if not text.startswith("|") and text.startswith((" ", "\t")):
        text = text.lstrip(" ")
    return text[1:-1] if text.startswith("|") and text.endswith("|") else None


def _bare_row(line: str) -> str | None:
    """A row of a table written without outer pipes: its text, if it has a pipe."""
    text = line.rstrip("\n").rstrip(" \t")
    return text if "|" in text else None


def _aligns(cells: list[str]) -> list[str | None] | None:
    """The alignment each cell of a delimiter row sets, or ``None`` for no delimiter row."""
    aligns: list[str | None] = []
    for cell in cells:
        if cell and not _DELIMITER.fullmatch(cell):
            return None
        left, right = cell.startswith(":"), cell.endswith(":")
        aligns.append(
            "center" if left and right else "left" if left else "right" if right else None
        )
    return aligns


def _table_rule(row_text: Callable[[str], str | None], piped: bool) -> _TableRule:
    """A table rule for mistune: a header row, a delimiter row of as many cells, and the rows
    below, one a line, split as mistune splits them. Unlike mistune's own rule (whose
    patterns and rows differ from one 3.x release to the next), a row of more or fewer
    cells than the header is kept, as GFM keeps it: a short row gets empty cells, a long one
    loses the cells past the header's."""

    def rule(block: mistune.BlockParser, m: re.Match[str], state: BlockState) -> int | None:
        header = row_text(m.group(0))
        assert header is not None  # the pattern matched a row
        heads = _cell_texts(header)
        pos = m.end()
        delimiter = _line_at(state.src, pos)
        pos += len(delimiter)
        found = row_text(delimiter)
        aligns = None if found is None else _aligns(_cell_texts(found))
        if aligns is None or len(aligns) != len(heads):
            if found is None or not piped:
                return None
            # as mistune reads it: the lines between pipes from here on are a paragraph
            while pos < len(state.src) and row_text(_line_at(state.src, pos)) is not None:
                pos += len(_line_at(state.src, pos))
            state.add_paragraph(state.src[m.start() : pos])
            return pos
        attrs = [{"align": align, "head": False} for align in aligns]  # shared by the cells
        rows: list[dict[str, Any]] = []
        while pos < len(state.src):
            line = _line_at(state.src, pos)
            text = row_text(line)
            if text is None:
                break
            cells = _cell_texts(text)
            if len(cells) != len(attrs):
                cells = (cells + [""] * len(attrs))[: len(attrs)]
            row = [
                {"type": "table_cell", "text": cell, "attrs": attr}
                for cell, attr in zip(cells, attrs, strict=True)
            ]
            rows.append({"type": "table_row", "children": row, "_text": text})
            pos += len(line)
        head = [
            {"type": "table_cell", "text": cell, "attrs": {"align": align, "head": True}}
            for cell, align in zip(heads, aligns, strict=True)
        ]
        token = {
            "type": "table",
            "children": [
                {"type": "table_head", "children": head, "_text": header},
                {"type": "table_body", "children": rows},
            ],
            "_closing": int(piped),  # each row's text ends before a closing pipe
        }
        state.append_token(token)
        return pos

    return rule


def _line_at(src: str, pos: int) -> str:
    """The line that starts at ``pos``, with its newline."""
    end = src.find("\n", pos)
    return src[pos:] if end < 0 else src[pos : end + 1]


def _tables(md: mistune.Markdown) -> None:
    """A mistune plugin: tables, as GFM reads them (with table_in_list and table_in_quote,
    in lists and quotes too)."""
    md.block.register("table", _PIPED_HEADER, _table_rule(_piped_row, True), before="paragraph")
    md.block.register("nptable", _BARE_HEADER, _table_rule(_bare_row, False), before="paragraph")


def _parse_tokens(text: str) -> list[dict[str, Any]]:
    block = _BlockParser()
    block.state_cls = _State
    inline = _InlineParser()
    inline.state_cls = _InlineState
    md = mistune.Markdown(
        renderer=None,
        block=block,
        inline=inline,
        plugins=[_tables, table_in_list, table_in_quote],
    )
    tokens, _ = md.parse(text)
    assert isinstance(tokens, list)
    return tokens


def _pieces(tokens: list[dict[str, Any]]) -> Iterator[str | dict[str, Any]]:
    """Inline tokens flattened in source order: text as strings (emphasis dropped, code spans
    kept in backticks, a tag's line breaks as spaces), breaks, links and images as tokens (a
    link or image before its text)."""
    for token in tokens:
        kind = token["type"]
        if kind in _MARKED:
            yield token
        if "children" in token:
            yield from _pieces(token["children"])
        elif kind == "image":
            yield str(token.get("attrs", {}).get("alt", ""))
        elif kind == "codespan":
            yield f"`{token.get('raw', '')}`"
        elif kind == "inline_html":
            yield str(token.get("raw", "")).replace("\n", " ")
        elif kind not in _BREAKS:
            yield str(token.get("raw", ""))


def plain_text(children: list[dict[str, Any]]) -> str:
    """The plain text of inline tokens: emphasis and links dropped, code spans kept in
    backticks, soft and hard breaks as newlines."""
    return "".join(
        piece if isinstance(piece, str) else "\n" * (piece["type"] in _BREAKS)
        for piece in _pieces(children)
    )


def _joined(lines: list[TextLine]) -> str:
    """The text of inline lines on one line, runs of white space as one space."""
    return " ".join(" ".join(part.text for part in lines).split())


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.current: Section | None = None
        self.ends: dict[int, int] = {}  # line -> where its text ends, trailing spaces aside

    def build(self, tokens: list[dict[str, Any]]) -> None:
        for token in tokens:
            line = token.get("_line", 0) + 1
            if token["type"] == "heading":
                lines = self.inline(token.get("children", []), line, self._heading_end(token, line))
                text = _joined(lines)
                column = (
                    _heading_column(self.doc.lines[line - 1]) if line <= len(self.doc.lines) else 1
                )
                section = Section(Heading(token["attrs"]["level"], text, line, column))
                self.doc.sections.append(section)
                self.current = section
                continue
            block = self.block(token, line)
            if block is None:
                continue
            (self.current.blocks if self.current else self.doc.preamble).append(block)
        open_sections: list[Section] = []  # each deeper than the one before
        for section in self.doc.sections:
            while open_sections and open_sections[-1].level >= section.level:
                open_sections.pop().end_line = section.line
            open_sections.append(section)
        for section in open_sections:
            section.end_line = len(self.doc.lines) + 1

    def block(self, token: dict[str, Any], line: int, markers: int = 0) -> Block | None:
        """The block of a token that starts on ``line``, after ``markers`` list markers of the
        items it opens (``- - a`` opens a list in a list item)."""
        kind = token["type"]
        if kind in ("paragraph", "block_text"):
            lines = self.inline(token.get("children", []), line, self._line_end)
            return Block(BlockKind.PARAGRAPH, line, lines=lines)
        if kind == "list":
            return Block(BlockKind.LIST, line, items=self.list_items(token, line, markers))
        if kind == "table":
            return Block(BlockKind.TABLE, line, table=self.table(token, line))
        if kind == "block_quote":
            children = self.children(token.get("children", []), line)
            return Block(BlockKind.QUOTE, line, children=children)
        if kind == "block_code":
            info = token.get("attrs", {}).get("info", "") if token.get("style") == "fenced" else ""
            return Block(BlockKind.CODE, line, raw=str(token.get("raw", "")), info=str(info))
        if kind == "block_html":
            return Block(BlockKind.HTML, line, raw=str(token.get("raw", "")))
        if kind == "thematic_break":
            return Block(BlockKind.THEMATIC_BREAK, line)
        if kind == "heading":  # a heading nested in a list item or quote: keep its text
            lines = self.inline(token.get("children", []), line, self._heading_end(token, line))
            return Block(BlockKind.PARAGRAPH, line, lines=lines)
        return None  # blank lines, link reference definitions

    def inline(
        self, children: list[dict[str, Any]], line: int, end_of: Callable[[int], int]
    ) -> list[TextLine]:
        """The text lines of inline tokens whose text starts on ``line``, collecting their
        links; ``end_of(line)`` is where the text ends in a source line (links' columns are
        counted from there)."""
        lines: list[TextLine] = []
        current = line
        texts: list[str] = []
        strong: str | None = None
        for piece in _pieces(children):
            if isinstance(piece, str):
                texts.append(piece)
            elif piece["type"] in _LINKS:
                self._link(piece, line + piece["_line"] if "_line" in piece else current, end_of)
            elif piece["type"] == "strong":
                if strong is None and not "".join(texts).strip():
                    strong = plain_text(piece.get("children", [])).split("\n", 1)[0]
            else:
                lines.append(TextLine(current, "".join(texts), strong))
                texts = []
                strong = None
                current = max(current + 1, line + piece.get("_line", -1) + 1)
        lines.append(TextLine(current, "".join(texts), strong))
        return lines

    def _link(self, token: dict[str, Any], line: int, end_of: Callable[[int], int]) -> None:
        column = end_of(line) - token["_tail"] + 1 if "_tail" in token else 1
        self.doc.links.append(
            Link(
                line,
                str(token.get("attrs", {}).get("url", "")),
                plain_text(token.get("children", [])),
                max(column, 1),
                token["type"] == "image",
            )
        )

    def _line_end(self, line: int) -> int:
        end = self.ends.get(line)
        if end is None:
            end = self.ends[line] = len(self.doc.source_line(line).rstrip(" \t"))
        return end

    def _heading_end(self, token: dict[str, Any], line: int) -> Callable[[int], int]:
        if token.get("style") == "setext":
            return self._line_end
        end = len(_atx_text(self.doc.source_line(line)))
        return lambda _line: end

    def children(self, tokens: list[dict[str, Any]], base: int, markers: int = 0) -> list[Block]:
        """The blocks of tokens, the first of which starts on ``base`` after ``markers``
        list markers."""
        blocks: list[Block] = []
        for index, token in enumerate(tokens):
            first = index == 0 and not token.get("_line", 0)
            block = self.block(token, base + token.get("_line", 0), markers if first else 0)
            if block is not None:
                blocks.append(block)
        return blocks

    def list_items(self, token: dict[str, Any], line: int, markers: int = 0) -> list[ListItem]:
        children = token.get("children", [])
        last = line + token["_last"] - token["_line"] if "_last" in token else len(self.doc.lines)
        item_lines = _list_item_lines(self.doc.lines, line, len(children), last, markers)
        items: list[ListItem] = []
        for index, (item_line, item) in enumerate(zip(item_lines, children, strict=True)):
            # a list that starts an item's first line is after that item's marker too
            inner = markers + 1 if index == 0 else 1
            rest = _after_markers(self.doc.source_line(item_line), inner)
            # an item with nothing after its marker starts on the next line (mistune reads
            # the item's text from there)
            base = item_line + 1 if rest is not None and not rest.strip() else item_line
            nested = inner if base == item_line else 0
            blocks = self.children(item.get("children", []), base, nested)
            first = next((b for b in blocks if b.kind is BlockKind.PARAGRAPH), None)
            lines = first.lines if first is not None and first.line == base else []
            items.append(ListItem(item_line, lines, blocks))
        return items

    def table(self, token: dict[str, Any], line: int) -> Table:
        head: list[str] = []
        rows: list[Row] = []
        closing = token["_closing"]
        for part in token["children"]:
            if part["type"] == "table_head":
                head = self.cells(part["children"], line, part["_text"], closing)
            else:
                for offset, row in enumerate(part["children"]):
                    row_line = line + 2 + offset
                    cells = self.cells(row["children"], row_line, row["_text"], closing)
                    rows.append(Row(row_line, tuple(cells)))
        return Table(line, Row(line, tuple(head)), rows)

    def cells(self, cells: list[dict[str, Any]], line: int, text: str, closing: int) -> list[str]:
        """The texts of a row's cells; ``text`` is the row's text as the table rule split it,
        which ends ``closing`` characters (a closing pipe) before the end of the line."""
        ends: list[int] = []  # where each cell's text ends in the row's line, once a link asks

        def end_of(index: int) -> Callable[[int], int]:
            def end(_line: int) -> int:
                if not ends:
                    # counted from the end of the line: only their starts tell the line
                    # from the text its parser read (indentation, '>' and list markers)
                    stop = self._line_end(line) - closing - len(text)
                    ends.extend(stop + cell_end for _, cell_end in _split_cells(text))
                return ends[index]

            return end

        texts = []
        for index, cell in enumerate(cells):
            parts = self.inline(cell.get("children", []), line, end_of(index))
            texts.append(_joined(parts))
        return texts


def cell_spans(source: str) -> list[tuple[int, int]]:
    """Where the text of each cell of a table row's source line starts and ends (0-based,
    the spaces around it aside), after any indentation and quote markers: cells are split
    at the pipes that no backslash escapes, and an opening or closing pipe opens or closes
    a cell (``| a | b |`` and ``a | b`` have two)."""
    start = len(source) - len(_QUOTE_PREFIX.sub("", source, count=1).lstrip())
    end = len(source.rstrip(" \t"))
    spans = _split_cells(source, start, end)
    if len(spans) > 1 and spans[-1][0] == end:
        spans.pop()  # after the closing pipe
    if len(spans) > 1 and spans[0][1] == start:
        spans.pop(0)  # before the opening pipe
    return spans


def cell_columns(source: str) -> list[int]:
    """The 1-based column where the text of each cell of a table row's source line starts."""
    return [start + 1 for start, _ in cell_spans(source)]


def _cell_texts(text: str) -> list[str]:
    """The texts of the cells of a table row's text, split as mistune splits them."""
    if "\\" not in text:  # no pipe is escaped
        return [cell.strip() for cell in text.split("|")]
    return [text[start:end] for start, end in _split_cells(text)]


def _split_cells(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The cells of ``text[start:end]``, split at each pipe that no backslash escapes, as
    mistune splits a table row: where each one's text starts and ends, spaces aside."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    first = start
    pipe = text.find("|", start, end)
    while pipe >= 0:
        escapes = pipe
        while escapes > first and text[escapes - 1] == "\\":
            escapes -= 1
        if (pipe - escapes) % 2 == 0:
            spans.append(_trimmed(text, first, pipe))
            first = pipe + 1
        pipe = text.find("|", pipe + 1, end)
    spans.append(_trimmed(text, first, end))
    return spans


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _heading_column(source: str) -> int:
    stripped = _QUOTE_PREFIX.sub("", source)
    return len(source) - len(stripped.lstrip()) + 1


def _after_markers(source: str, markers: int) -> str | None:
    """What follows the first ``markers`` list markers of a source line (after any quote
    markers), or ``None`` when it has fewer."""
    rest = _QUOTE_PREFIX.sub("", source)
    for _ in range(markers):
        found = _MARKER.match(rest)
        if found is None:
            return None
        rest = rest[found.end() :]
    return rest


def _list_item_lines(
    lines: list[str], start: int, count: int, last: int, markers: int = 0
) -> list[int]:
    """The 1-based lines of a list's ``count`` items, the first of which is on ``start`` after
    ``markers`` markers of the items it is in (``- - a``), the list ending by line ``last`` (so
    that each list is looked through once).

    Siblings are the later marker lines of the same marker kind that are indented less than
    the first item's content (deeper markers belong to nested lists), outside code fences.
    """
    found = [start]
    rest = _QUOTE_PREFIX.sub("", lines[start - 1]) if start <= len(lines) else ""
    content = 0
    marker = ""
    for _ in range(markers + 1):
        first = _MARKER.match(rest)
        if first is None:
            return found * count
        content += len(first.group(0).expandtabs(4))
        marker = first.group(2)
        rest = rest[first.end() :]
    kind = marker[-1] if marker[-1] in ".)" else marker
    fence: str | None = None
    for index in range(start, min(last, len(lines))):
        if len(found) == count:
            break
        source = _QUOTE_PREFIX.sub("", lines[index])
        fence, code = fence_step(fence, source.lstrip())
        if code:
            continue
        match = _MARKER.match(source)
        if match is None:
            continue
        marker = match.group(2)
        if (marker[-1] if marker[-1] in ".)" else marker) != kind:
            continue
        if len(match.group(1).expandtabs(4)) < content:
            found.append(index + 1)
    found.extend([found[-1]] * (count - len(found)))
    return found


def _check_fences(doc: Document, tokens: list[dict[str, Any]]) -> None:
    """Report a fenced code block that runs to the end of the file without closing: one that
    no later line of the same fence, as long or longer, closes. (One sweep from the end,
    keeping the longest closing fence of each kind below: linear in the lines.)"""
    opened: list[tuple[int, str]] = []  # (0-based line, fence) of each fenced block
    for token in tokens:
        if token["type"] != "block_code" or token.get("style") != "fenced":
            continue
        start = token.get("_line", 0)
        found = _FENCE.match(doc.lines[start].lstrip()) if start < len(doc.lines) else None
        if found is not None:
            opened.append((start, found.group(1)))
    longest = {"`": 0, "~": 0}  # the longest closing fence of each kind below the sweep
    swept = len(doc.lines)
    unclosed: list[tuple[int, str]] = []
    for start, marker in reversed(opened):
        while swept > start + 1:
            swept -= 1
            closing = _closing_fence(doc.lines[swept])
            if closing:
                longest[closing[0]] = max(longest[closing[0]], len(closing))
        if longest[marker[0]] < len(marker):
            unclosed.append((start, marker))
    for start, marker in reversed(unclosed):
        doc.problems.append(
            Problem(
                start + 1,
                1,
                "TM004",
                f"code fence {marker} is never closed; the rest of the file reads as code",
                f"close it with a line of {marker}",
            )
        )


def _closing_fence(line: str) -> str:
    """The fence a line could close a block with (three or more backticks or tildes, and
    nothing after them), or ``""``."""
    text = line.strip()
    found = _FENCE.match(text)
    if found is None or text[len(found.group(1)) :].strip():
        return ""
    return found.group(1)


# --------------------------------------------------------------------------- headings

_NUMBERING = re.compile(
    r"^(?:§\s*)?(?:(?:\d+|[ivxlc]+|[a-z])(?:\.\d+)*[.)]?|\d+(?:\.\d+)*)\s+", re.IGNORECASE
)


def _strip_qualifiers(text: str) -> str:
    """``text`` without trailing ``(...)`` and ``[...]`` qualifiers, scanned backwards once."""
    end = len(text)
    while end and text[end - 1] in ")]":
        start = end - 2
        while start >= 0 and text[start] not in "()[]":
            start -= 1
        if start < 0 or text[start] not in "([":
            break
        end = start
        while end and text[end - 1] == " ":
            end -= 1
    return text[:end]


def strip_numbering(text: str) -> str:
    """A heading's text without its numbering: ``4.1 Threats``, ``§5 Threats``, ``a) Threats``
    and ``IV. Threats`` read ``Threats``; a lone letter or roman numeral without its ``.`` or
    ``)`` is a word (``A Threats``)."""
    match = _NUMBERING.match(text)
    if match is None:
        return text
    number = match.group(0).strip()
    # A lone letter or roman numeral counts as numbering only with its '.' or ')'.
    if number[-1:] not in ".)" and not number[0].isdigit() and not number.startswith("§"):
        return text
    return text[match.end() :]


# Words that join two names in one heading, and words after which a heading's head ends.
_JOINERS = re.compile(r"\s*(?:[,;+/&]|\band\b)\s*", re.IGNORECASE)
_CONNECTORS = frozenset(
    [
        "of",
        "for",
        "per",
        "by",
        "to",
        "in",
        "on",
        "at",
        "with",
        "within",
        "across",
        "from",
        "against",
        "before",
        "after",
        "under",
        "via",
        "over",
        "during",
        "between",
    ]
)
# Words that gather what the name names: an "Asset inventory" is the assets section.
_COLLECTIVE = frozenset(
    singular(word)
    for word in [
        "analysis",
        "assessment",
        "catalog",
        "catalogue",
        "definitions",
        "descriptions",
        "details",
        "enumeration",
        "identification",
        "inventory",
        "list",
        "listing",
        "log",
        "map",
        "mapping",
        "matrix",
        "measures",
        "options",
        "overview",
        "plan",
        "register",
        "registry",
        "review",
        "scenarios",
        "strategies",
        "summary",
        "table",
    ]
)
_SEPARATOR = re.compile(r"\s*(?::|\s[-\u2013\u2014]\s)\s*")
_WORD = re.compile(r"\w+(?:-\w+)*")

Words = tuple[tuple[str, ...], tuple[str, ...]]  # (as written, lower-case; singular)


def _words(text: str) -> Words:
    """A text's words, lower-case, with a hyphenated compound as one word (``follow-ups``,
    ``threat-to-control``): as written and with plurals folded to the singular."""
    written = tuple(match.group(0).lower() for match in _WORD.finditer(text))
    return written, tuple(singular(word) for word in written)


@functools.lru_cache(maxsize=65536)
def _readings(heading: str) -> tuple[Words, ...]:
    """The parts of a heading that can name a section: after numbering, trailing qualifiers
    in brackets and a trailing phrase after a separator (``:``, `` - ``, `` — ``) are removed,
    the whole head and each of the parts it joins with ``and``, ``&``, ``+``, ``/``, ``,`` or
    ``;``."""
    text = _strip_qualifiers(" ".join(heading.split()).strip("#").strip())
    head = _SEPARATOR.split(strip_numbering(text), maxsplit=1)[0]
    parts = [head, *_JOINERS.split(head)]
    readings = dict.fromkeys(_words(part) for part in parts if part.strip())
    return tuple(reading for reading in readings if reading[1])


@functools.lru_cache(maxsize=4096)
def _name_words(name: str) -> Words:
    return _words(strip_numbering(" ".join(name.split())))


def _ends_with(part: Words, stop: int, name: Words, strict: bool, collective: bool = False) -> bool:
    """Whether the name ends ``part[:stop]``. With words before it, an alias written in the
    plural must end it in the plural (``admin interface`` does not name ``Interfaces``, an
    alias of Entry points), unless a collective word follows (``Possible mitigation
    measures``); a section's own name ends it in either number (``Recommended mitigation``)."""
    written, folded = part
    size = len(name[1])
    if stop < size or folded[stop - size : stop] != name[1]:
        return False
    plural = strict and name[0][-1] != name[1][-1]
    return stop == size or collective or not plural or written[stop - 1] != folded[stop - 1]


def _names_part(part: Words, name: Words, strict: bool) -> bool:
    """Whether one part of a heading names a section: the name ends the part
    (``STRIDE threat analysis``, ``Key threats``), or ends the part's head before a connecting
    word (``Recommended mitigations by priority``), or does so followed only by collective
    words (``Asset inventory``, ``Attack surface analysis``), or opens the part in the plural
    (``Threats mitigated``)."""
    written, folded = part
    if _ends_with(part, len(folded), name, strict):
        return True
    head = next((i for i, word in enumerate(folded) if word in _CONNECTORS), len(folded))
    end = head
    while end and folded[end - 1] in _COLLECTIVE:
        end -= 1
    if _ends_with(part, head, name, strict) or (
        0 < end < head and _ends_with(part, end, name, strict, collective=True)
    ):
        return True
    size = len(name[0])
    return (
        len(written) > size
        and written[:size] == name[0]
        and name[0][-1] != name[1][-1]  # the name is plural (Threats, Mitigations, Assets)
    )


def heading_matches(heading: str, names: tuple[str, ...]) -> bool:
    """Whether a heading names one of ``names``: see :func:`_readings` and :func:`_names_part`.

    ``names`` are the section's own name, then its aliases. Plural and singular are folded,
    case does not matter and a hyphenated compound is one word: ``5. Threats``,
    ``Threats (STRIDE)``, ``STRIDE Threat Analysis``, ``Asset Inventory``, ``Residual risks,
    stated honestly``, ``Residual risk + gap log``, ``Threats mitigated`` match; ``Threat
    actors``, ``Threat model``, ``Threat modeling`` and ``Threat-to-control mapping`` do not
    match ``Threats``. A heading joining two names (``Threats and mitigations``, ``Abuse cases
    and mitigations``) matches both.
    """
    parts = _readings(heading)
    present = _vocabulary(heading)
    for position, name in enumerate(names):  # the first name is the section's own
        wanted = _name_words(name)
        if not wanted[1] or (wanted[1][-1] not in present and wanted[0][0] not in present):
            continue  # a name can end a part, or open one, only with its words there
        if any(_names_part(part, wanted, position > 0) for part in parts):
            return True
    return False


def key_words(names: Iterable[str]) -> frozenset[str]:
    """The words one of which a heading must have to name one of ``names``: each name's last
    word in the singular, or its first word as written (the test :func:`heading_matches`
    starts with, for any number of names at once; asking ``heading_matches`` itself about all
    the names at once would not do: the first of its names is a section's own, matched less
    strictly than the aliases after it)."""
    keys: set[str] = set()
    for name in names:
        wanted = _name_words(name)
        if wanted[1]:
            keys.update((wanted[1][-1], wanted[0][0]))
    return frozenset(keys)


def vocabulary(heading: str) -> frozenset[str]:
    """Every word of a heading's readings, as written and in the singular."""
    return frozenset(word for part in _readings(heading) for words in part for word in words)


_vocabulary = functools.lru_cache(maxsize=65536)(vocabulary)
