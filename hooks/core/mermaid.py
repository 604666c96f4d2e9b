"""Mermaid flowcharts as text: the edges of a ``flowchart`` / ``graph`` read, and labels written
so that they read back as they were.

A diagram in a model is untrusted text. It is only read here, never executed or rendered:
one pass over its lines, with no regular expression that can backtrack, and at most
:data:`MAX_EDGES` edges. What is read:

* nodes ``id``, ``id[Label]``, ``id["Label"]`` and the other shapes (``(..)``, ``((..))``,
  ``{..}``, ``[(..)]``, ``>..]``, ...), a node's label wherever it is given;
* edges ``A --> B``, ``A --- B``, ``A <--> B``, ``A -.-> B``, ``A ==> B``, with a label
  ``A -->|label| B`` or ``A -- label --> B``, chains ``A --> B --> C`` and ``A & B --> C``;
* ``subgraph id [Title]`` ... ``end``: the zone of the nodes listed in it.

Labels are decoded as Mermaid shows them: entity codes (``#quot;``, ``#35;``) and ``<br>``
(a line break). :func:`label` writes text the other way round: every character that could
end a label, start a link, a shape, a comment or markup is written as an entity code.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

MAX_EDGES = 10_000  # edges read from one diagram, at most
_HEADER = frozenset(["flowchart", "graph"])
_SKIPPED = frozenset(["class", "classdef", "click", "direction", "linkstyle", "style"])
_OPENERS = "[({>"
_CLOSERS = ")]}"
_LINK_STARTS = ("--", "==", "-.", "<-", "<=", "~~~")
_CLOSING_LINKS = ("-->", "---", ".->", "-.-", "==>", "===", "--o", "--x", "==o", "==x")
_PIECES = re.compile(r"#[A-Za-z0-9]{1,8};|&#?[A-Za-z0-9]{1,8};|<br\s{0,8}/?>|;|\n", re.I)
_NAMED = {"quot": '"', "amp": "&", "lt": "<", "gt": ">", "apos": "'", "nbsp": " ", "num": "#"}
_SAFE = frozenset(" .,:/_+*'=@!?-")


@dataclass(frozen=True)
class Node:
    """A node as a diagram shows it: its label (or its id) and the zone (subgraph) it is in."""

    name: str
    zone: str = ""

    @property
    def side(self) -> str:
        """How a boundary's name writes the node: ``Browser (Internet)`` in a zone."""
        return f"{self.name} ({self.zone})" if self.zone else self.name


@dataclass(frozen=True)
class Edge:
    """An edge: its 0-based line in the diagram, its ends, its arrow (``->`` from source to
    target, ``<->`` both ways, ``--`` none) and its label as written (``raw``; see
    :func:`pieces`)."""

    line: int
    source: Node
    target: Node
    arrow: str
    raw: str

    @property
    def label(self) -> str:
        """The label as Mermaid shows it (lines joined with ``\\n``)."""
        return decode(self.raw)


def _lines(raw: str) -> Iterator[tuple[int, str]]:
    """The 0-based number and the stripped text of each line of a diagram that says
    something: not its front matter (``---`` to ``---``), a comment or a directive (``%%``)
    or a blank line."""
    front = False
    for number, line in enumerate(raw.split("\n")):
        text = line.strip()
        if number == 0 and text == "---":
            front = True
            continue
        if front:
            front = text != "---"
            continue
        if text and not text.startswith("%%"):
            yield number, text


def is_flowchart(raw: str) -> bool:
    """Whether a diagram is a flowchart: its first statement (after comments, directives and
    front matter) is ``flowchart`` or ``graph``."""
    first = next(_lines(raw), None)
    return first is not None and first[1].split(maxsplit=1)[0].lower() in _HEADER


def read_flowchart(raw: str) -> list[Edge]:
    """The edges of a flowchart, in order (an empty list for another kind of diagram)."""
    if not is_flowchart(raw):
        return []
    reader = _Reader()
    header_seen = False
    for number, line in _lines(raw):
        said = line
        if not header_seen:
            header_seen = True
            rest = line.split(maxsplit=2)
            said = (rest[2] if len(rest) > 2 else "").lstrip(";").strip()  # "graph LR; A --> B"
        for statement in _statements(said):
            reader.statement(number, statement)
            if len(reader.edges) >= MAX_EDGES:
                return reader.resolve()
    return reader.resolve()


def _statements(text: str) -> list[str]:
    """A line's statements, split at the ``;`` outside quotes, shapes and ``|labels|``."""
    parts: list[str] = []
    depth = 0
    quoted = piped = False
    start = 0
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char == "|":
            piped = not piped
        elif piped:
            continue
        elif char in "[({":
            depth += 1
        elif char in ")]}" and depth:
            depth -= 1
        elif char == ";" and not depth:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


# an edge as read, before its nodes are named: line, source id, target id, arrow, label
_Raw = tuple[int, str, str, str, str]


class _Reader:
    def __init__(self) -> None:
        self.labels: dict[str, str] = {}
        self.zones: dict[str, str] = {}  # node id -> the innermost subgraph that lists it
        self.titles: dict[str, str] = {}  # subgraph id -> its title
        self.open: list[str] = []  # the titles of the open subgraphs
        self.edges: list[_Raw] = []

    def statement(self, line: int, text: str) -> None:
        word = text.split(maxsplit=1)[0]
        lower = word.lower()
        if lower == "subgraph":
            self.subgraph(text[len(word) :].strip())
            return
        if lower == "end" and text == word:
            if self.open:
                self.open.pop()
            return
        if lower in _SKIPPED or lower.startswith(("acctitle", "accdescr")):
            return
        groups, links = _parse(text)
        for group in groups:
            for node, shown in group:
                if shown is not None and node not in self.labels:
                    self.labels[node] = shown
                if self.open and node not in self.zones:
                    self.zones[node] = self.open[-1]
        for index, (arrow, label) in enumerate(links):
            if arrow == "~":  # an invisible link: no edge
                continue
            for source, _ in groups[index]:
                for target, _ in groups[index + 1]:
                    if arrow == "<-":
                        self.edges.append((line, target, source, "->", label))
                    else:
                        self.edges.append((line, source, target, arrow, label))

    def subgraph(self, rest: str) -> None:
        """``subgraph id [Title]``, ``subgraph id["Title"]`` or ``subgraph A title``."""
        ident, shown, end = _node(rest, 0)
        if ident and shown is not None and not rest[end:].strip():
            title = shown
        else:
            title = _name(rest.strip().strip('"'))
            ident = rest.strip()
        self.titles[ident] = title
        self.open.append(title)

    def resolve(self) -> list[Edge]:
        def node(ident: str) -> Node:
            if ident in self.titles and ident not in self.labels:
                return Node(self.titles[ident] or ident)
            return Node(self.labels.get(ident, ident), self.zones.get(ident, ""))

        return [
            Edge(line, node(source), node(target), arrow, label)
            for line, source, target, arrow, label in self.edges[:MAX_EDGES]
        ]


def _parse(text: str) -> tuple[list[list[tuple[str, str | None]]], list[tuple[str, str]]]:
    """A statement's groups of nodes (``A & B``) and the links between them."""
    groups: list[list[tuple[str, str | None]]] = []
    links: list[tuple[str, str]] = []
    closers = _Closers(text)
    pos = 0
    size = len(text)
    while pos < size:
        group: list[tuple[str, str | None]] = []
        while True:
            ident, shown, pos = _node(text, pos)
            if not ident:
                return (groups, links[: max(len(groups) - 1, 0)])
            group.append((ident, shown))
            pos = _skip_space(text, pos)
            if pos < size and text[pos] == "&":
                pos = _skip_space(text, pos + 1)
                continue
            break
        groups.append(group)
        if pos >= size:
            break
        link = _link(text, pos, closers)
        if link is None:
            break
        arrow, label, pos = link
        links.append((arrow, label))
        pos = _skip_space(text, pos)
    return groups, links[: max(len(groups) - 1, 0)]


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos


def _node(text: str, pos: int) -> tuple[str, str | None, int]:
    """A node at ``pos``: its id, its label if a shape gives one, and where it ends."""
    pos = _skip_space(text, pos)
    start = pos
    size = len(text)
    while pos < size and text[pos] not in ' \t&;|"@' + _OPENERS:
        if text.startswith(_LINK_STARTS, pos) or text.startswith(":::", pos):
            break
        pos += 1
    ident = text[start:pos]
    shown: str | None = None
    if pos < size and text[pos] in _OPENERS and ident:
        shown, pos = _shape(text, pos)
    if text.startswith("@{", pos):  # shape data: skipped
        close = text.find("}", pos)
        pos = size if close < 0 else close + 1
    if text.startswith(":::", pos):  # a class
        while pos < size and text[pos] not in " \t&;":
            pos += 1
    return ident, shown, pos


def _shape(text: str, pos: int) -> tuple[str, int]:
    """The label of a shape that opens at ``pos``, and where the shape ends."""
    size = len(text)
    if text[pos] == ">":
        pos += 1
    else:
        while pos < size and text[pos] in "[({":
            pos += 1
    while pos < size and text[pos] in "/\\":
        pos += 1
    if pos < size and text[pos] == '"':
        close = text.find('"', pos + 1)
        close = size if close < 0 else close
        shown = _markdown_string(text[pos + 1 : close])
        pos = close + 1
    else:
        end = pos
        while end < size and text[end] not in _CLOSERS:
            end += 1
        shown = text[pos:end].rstrip("/\\")
        pos = end
    while pos < size and text[pos] in _CLOSERS + "/\\":
        pos += 1
    return _name(shown), pos


def _markdown_string(text: str) -> str:
    """A quoted label's text: a Markdown string (`` "`text`" ``) without its backticks."""
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] == "`" else text


class _Closers:
    """Where the links that close a ``-- label -->`` start in a statement: found in one pass,
    the first time a label asks (searching the rest of the line for each label would take
    quadratic time on a line of many unclosed ``-- ``)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] | None = None

    def after(self, pos: int) -> int | None:
        """The first closing link that starts at or after ``pos``."""
        if self.starts is None:
            text = self.text
            self.starts = [
                index
                for index in range(len(text) - 2)
                if text[index] in "-.=" and text.startswith(_CLOSING_LINKS, index)
            ]
        found = bisect_left(self.starts, pos)
        return self.starts[found] if found < len(self.starts) else None


def _link(text: str, pos: int, closers: _Closers) -> tuple[str, str, int] | None:
    """A link at ``pos``: its arrow (``->``, ``<-``, ``<->``, ``--``, or ``~`` for an
    invisible link), its label as written, and where it ends."""
    size = len(text)
    if text.startswith("~~~", pos):
        while pos < size and text[pos] == "~":
            pos += 1
        return "~", "", pos
    left = False
    if text[pos] == "<" or (text[pos] in "ox" and text.startswith(("--", "=="), pos + 1)):
        left = True
        pos += 1
    start = pos
    while pos < size and text[pos] in "-=.":
        pos += 1
    if pos - start < 2:
        return None
    right, pos = _head(text, pos)
    label = ""
    if not right and pos - start == 2 and pos < size and text[pos] in " \t":
        # "-- label -->": the label runs to the closing link
        close = closers.after(pos)
        if close is not None:
            label = text[pos:close].strip().strip('"')
            pos = close
            while pos < size and text[pos] in "-=.":
                pos += 1
            right, pos = _head(text, pos)
    pos = _skip_space(text, pos)
    if pos < size and text[pos] == "|":
        if text.startswith('"', pos + 1):
            close = text.find('"', pos + 2)
            close = size if close < 0 else close
            label = _markdown_string(text[pos + 2 : close])
            end = text.find("|", close)
        else:
            end = text.find("|", pos + 1)
            label = text[pos + 1 : size if end < 0 else end]
        pos = size if end < 0 else end + 1
    arrow = "<->" if left and right else "->" if right else "<-" if left else "--"
    return arrow, label, pos


def _head(text: str, pos: int) -> tuple[bool, int]:
    """Whether an arrow head (``>``, ``o``, ``x``) ends a link at ``pos``, and where it ends."""
    if pos < len(text) and text[pos] == ">":
        return True, pos + 1
    if pos < len(text) and text[pos] in "ox" and text[pos + 1 : pos + 2] in ("", " ", "\t", "|"):
        return True, pos + 1
    return False, pos


def _name(raw: str) -> str:
    """A node's or zone's label as a name: decoded, on one line."""
    return " ".join(decode(raw).split())


def decode(raw: str) -> str:
    """A label as Mermaid shows it: entity codes decoded, ``<br>`` as a line break, and each
    line's runs of white space as one space."""
    return "\n".join(" ".join(part.split()) for part in pieces(raw, split_semicolons=False))


def pieces(raw: str, split_semicolons: bool = True) -> list[str]:
    """The lines of a label, decoded, split at ``<br>`` and line breaks, and (with
    ``split_semicolons``) at each ``;`` that is no part of an entity code."""
    parts: list[str] = []
    current: list[str] = []
    last = 0
    for match in _PIECES.finditer(raw):
        current.append(raw[last : match.start()])
        token = match.group(0)
        last = match.end()
        if token.startswith("#"):
            current.append(_entity(token[1:-1]) or token)
        elif token.startswith("&"):
            current.append(html.unescape(token))
        elif token == ";" and not split_semicolons:
            current.append(token)
        else:
            parts.append("".join(current))
            current = []
    current.append(raw[last:])
    parts.append("".join(current))
    return parts


def _entity(name: str) -> str | None:
    if name.isdigit():
        number = int(name)
        return chr(number) if 0 < number < 0x110000 and not 0xD800 <= number < 0xE000 else None
    return _NAMED.get(name.lower())


def label(text: str) -> str:
    """``text`` written for a quoted Mermaid label, on one line: letters, digits and a few
    safe punctuation marks as they are, every other character as an entity code (``#35;``)."""
    return "".join(
        char if char.isalnum() or char in _SAFE else f"#{ord(char)};"
        for char in " ".join(text.split())
    )


__all__ = ["Edge", "Node", "decode", "is_flowchart", "label", "pieces", "read_flowchart"]
