"""TM508/TM509: every trust boundary documents the configured fields.

The boundaries of a Trust boundaries section are its subsections (or, when some of them are
Trust boundaries sections themselves, theirs), else the rows of a table of boundaries, else
the bullets that name a boundary, else the edges of a Mermaid flowchart (a code block of
language ``mermaid``: with zones (subgraphs), its edges from one zone to another; not the
diagram ``threat-model diagram --fix`` keeps between its markers, which is drawn from the
others). A field is documented by its label
(``**What crosses:**``, a ``What crosses`` column, ``auth: mTLS`` in an edge's label) or inline
(``...; Auth: mTLS``); authentication also by the mechanism it names anywhere in the boundary
(``mTLS``, ``JWT``, ``HMAC signature``), and what crosses by the data it names (``confidential
data``, or the unlabelled text of an edge's label).

:func:`read_boundaries` gives each boundary with what a diagram needs: its two sides (from
``Browser -> API``, ``Browser to API gateway``, ``between A and B``, a From / To pair of
columns, an edge), a zone written after a side in brackets (``Browser (Internet)``), and the
values of its fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from hooks.core.content.managed import managed_blocks
from hooks.core.content.scan import Scope, column, is_blank
from hooks.core.content.settings import BOUNDARY_FIELDS, ContentSettings
from hooks.core.findings import Reporter
from hooks.core.markdown import Block, BlockKind, Section, Table, heading_matches
from hooks.core.mermaid import Node, pieces, read_flowchart
from hooks.core.names import words
from hooks.core.structure import Entry, LabelKind, Outline, item_entries, item_label, subtree

_VARIANTS = sorted(
    ((words(variant), name) for name, variants in BOUNDARY_FIELDS.items() for variant in variants),
    key=lambda pair: -len(pair[0]),
)
_INLINE = re.compile(r"(?:^|[\s;,(|>])\**(?P<label>[A-Za-z][A-Za-z /&-]{1,40}?)\**\s*:")
# words that state a field in a boundary's own text
_STATED = {
    "authentication": re.compile(
        r"\b(?:authenticat\w*|authn|auth|m?tls client cert\w*|mtls|mutual tls|jwts?|oauth2?|oidc"
        r"|openid connect|saml|sso|hmac|kerberos|spiffe|svids?|api keys?|bearer|client "
        r"certificates?|x\.509|basic auth|passwords?|passkeys?|webauthn|iam roles?|workload "
        r"identit(?:y|ies)|service accounts?)\b",
        re.IGNORECASE,
    ),
    # "confidential data", "personal data;": a kind of data, not "data exfiltration"
    "what crosses": re.compile(
        r"\b(?:data flows?|crosses|crossing)\b|\b\w+\s+data\b(?=\s*(?:[,;.)]|$))", re.IGNORECASE
    ),
}
# a bullet that names a boundary: two sides joined, or the word boundary
_BOUNDARY_ITEM = re.compile(
    r"->|\u2192|\u2194|<->|\u21c4|=>|\u27f6|\s/\s|\b(?:to|between|boundary|boundaries|zone|"
    r"perimeter)\b",
    re.IGNORECASE,
)
# the first header of a table of boundaries
_BOUNDARY_HEADER = re.compile(
    r"\b(?:boundary|boundaries|zone|crossing|interface|flow|connection|channel|link|path|from|"
    r"source)\b",
    re.IGNORECASE,
)
MAX_NAME = 60  # characters of a boundary's name in a message
MAX_SIDE = 80  # characters of a side of a boundary: a longer one is a sentence, not a name
# the fields a diagram shows, in the order its labels give them, with the label it writes
DRAWN = {
    "what crosses": "crosses",
    "authentication": "auth",
    "data sensitivity": "sensitivity",
    "direction of trust": "direction",
}
# arrows between the two sides of a name, longest first at each place
_ARROWS = (
    ("<-->", "<->"),
    ("<->", "<->"),
    ("<=>", "<->"),
    ("<--", "<-"),
    ("<-", "<-"),
    ("-->", "->"),
    ("->", "->"),
    ("=>", "->"),
    ("\u2194", "<->"),
    ("\u21c4", "<->"),
    ("\u27f7", "<->"),
    ("\u2192", "->"),
    ("\u27f6", "->"),
    ("\u21d2", "->"),
    ("\u2190", "<-"),
    ("\u27f5", "<-"),
)
_ARROW_CHARS = frozenset(token[0] for token, _ in _ARROWS)
_FROM_COLUMNS = ("From", "Source", "Origin")
_TO_COLUMNS = ("To", "Destination", "Target")
_SIDE_TRIM = " \t*_`'\":;,."


@dataclass(frozen=True)
class Boundary:
    """A trust boundary: its line and name, the fields it documents, the values it gives
    them (``(field, text)`` in :data:`BOUNDARY_FIELDS` order), and, when its name (or its
    columns, or its edge) tells them, its two sides and the arrow between them (``->`` from
    source to target, ``<->`` both ways, ``--`` none). ``drawn``: read from a diagram."""

    line: int
    name: str
    fields: frozenset[str]
    values: tuple[tuple[str, str], ...] = ()
    source: Node | None = None
    target: Node | None = None
    arrow: str = "->"
    drawn: bool = False

    def value(self, field: str) -> str:
        return next((text for name, text in self.values if name == field), "")


def field_of(label: str) -> str | None:
    """The boundary field a label names (the longest matching variant wins)."""
    normal = words(label)
    for variant, name in _VARIANTS:
        if normal == variant or normal.startswith(variant + " "):
            return name
    return None


def fields_in(entries: Iterable[Entry]) -> set[str]:
    """The boundary fields that entries name, as labels or inline (``...; Auth: mTLS``), or
    state in their text (an authentication mechanism, the data that crosses)."""
    found: set[str] = set()
    for entry in entries:
        label = entry.label
        if label is not None and (name := field_of(label.text)) is not None:
            found.add(name)
        for match in _INLINE.finditer(entry.text):
            if (name := field_of(match.group("label"))) is not None:
                found.add(name)
        found.update(name for name, stated in _STATED.items() if stated.search(entry.text))
    return found


def _values_in(entries: Iterable[Entry]) -> dict[str, str]:
    """The value each field is given in entries: after its label (``**Auth:** mTLS``), or
    inline up to the next ``;`` (``TLS; Auth: mTLS``); the first one a field is given."""
    values: dict[str, str] = {}
    for entry in entries:
        label = entry.label
        if label is not None and label.kind is not LabelKind.HEADING and label.rest:
            name = field_of(label.text)
            if name is not None and name not in values:
                values[name] = label.rest
        for match in _INLINE.finditer(entry.text):
            name = field_of(match.group("label"))
            if name is not None and name not in values:
                value = entry.text[match.end() :].split(";", 1)[0].strip()
                if value:
                    values[name] = value
    return values


def is_boundary_table(table: Table) -> bool:
    """Whether a table lists boundaries: its first column names them, or it has a What crosses
    or Authentication column (a table of assets or roles does not)."""
    headers = table.header.cells
    if headers and _BOUNDARY_HEADER.search(headers[0]):
        return True
    return any(field_of(header) in ("what crosses", "authentication") for header in headers)


def _table_boundaries(table: Table) -> Iterator[Boundary]:
    columns = {index: field_of(header) for index, header in enumerate(table.header.cells)}
    first = column(table, *_FROM_COLUMNS)
    second = column(table, *_TO_COLUMNS)
    pair = (first, second) if first is not None and second not in (None, first) else None
    for row in table.rows:
        values: dict[str, str] = {}
        for index, name in columns.items():
            if name is not None and index < len(row.cells) and not is_blank(row.cells[index]):
                values.setdefault(name, row.cells[index])
        present = set(values)
        text = " ".join(row.cells[1:])
        present.update(name for name, stated in _STATED.items() if stated.search(text))
        name = row.cells[0] if row.cells else ""
        if pair is not None:
            sides = _pair(_cell(row.cells, pair[0]), _cell(row.cells, pair[1]), "->")
        else:
            sides = sides_of(name)
        yield _boundary(row.line, name, present, values, sides)


def _cell(cells: tuple[str, ...], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _boundary(
    line: int,
    name: str,
    present: set[str],
    values: dict[str, str],
    sides: tuple[Node, Node, str] | None,
    drawn: bool = False,
) -> Boundary:
    ordered = tuple(
        (field, " ".join(values[field].split()))
        for field in BOUNDARY_FIELDS
        if field in values and values[field].strip()
    )
    if sides is None:
        return Boundary(line, name, frozenset(present), ordered, drawn=drawn)
    source, target, arrow = _oriented(*sides, values.get("direction of trust", ""))
    return Boundary(line, name, frozenset(present), ordered, source, target, arrow, drawn)


def read_boundaries(scope: Scope, names: tuple[str, ...]) -> list[Boundary]:
    """Each boundary of the Trust boundaries scope, in source order; ``names`` are the names
    of the Trust boundaries section (read once for each scope and names: the boundary check
    and the diagram check both ask)."""
    key = ("boundaries", names, tuple(section.line for section in scope.sections))
    if key not in scope.read:
        scope.read[key] = _read_boundaries(scope, names)
    found: list[Boundary] = scope.read[key]
    return found


def _read_boundaries(scope: Scope, names: tuple[str, ...]) -> list[Boundary]:
    found: list[Boundary] = []
    skip = managed_blocks(scope.doc)
    for root in scope.sections:
        found.extend(_boundaries_of(scope.outline, root, names, skip))
    found = _zone_fields(found)
    return sorted(found, key=lambda boundary: (boundary.line, boundary.name))


def _zone_fields(found: list[Boundary]) -> list[Boundary]:
    """The boundaries, each edge of a diagram from one zone to another with the fields that
    a boundary naming those two zones documents (``**Untrusted → DMZ**: mTLS`` below a
    diagram of the zones ``UNTRUSTED`` and ``DMZ / SEMI-TRUSTED``): a side names a zone when
    its words are the zone's, or open them (``DMZ`` names ``⚠️ DMZ / SEMI-TRUSTED``)."""
    if not any(b.drawn for b in found):
        return found
    named: dict[tuple[str, str], set[str]] = {}  # the words of two sides -> their fields
    for boundary in found:
        if not boundary.drawn and boundary.source is not None and boundary.target is not None:
            ends = (words(boundary.source.name), words(boundary.target.name))
            for pair in (ends, ends[::-1]):
                named.setdefault(pair, set()).update(boundary.fields)
    if not named:
        return found
    return [_with_zone_fields(boundary, named) for boundary in found]


def _with_zone_fields(boundary: Boundary, named: dict[tuple[str, str], set[str]]) -> Boundary:
    source, target = boundary.source, boundary.target
    if not boundary.drawn or source is None or target is None:
        return boundary
    fields = set(boundary.fields)
    for first in _openings(source.zone):
        for second in _openings(target.zone):
            fields |= named.get((first, second), set())
    return replace(boundary, fields=frozenset(fields))


def _openings(zone: str) -> list[str]:
    """The words that open a zone's name, as a side that names it would write them: ``dmz``,
    ``dmz semi``, ``dmz semi trusted`` for ``⚠️ DMZ / SEMI-TRUSTED`` (at most eight words)."""
    parts = words(zone).split()[:8]
    return [" ".join(parts[:count]) for count in range(1, len(parts) + 1)]


def boundaries(scope: Scope, names: tuple[str, ...]) -> list[tuple[int, str, set[str]]]:
    """``(line, name, fields present)`` for each boundary of the Trust boundaries scope;
    ``names`` are the names of the Trust boundaries section."""
    return [(b.line, b.name, set(b.fields)) for b in read_boundaries(scope, names)]


def _boundaries_of(
    outline: Outline, root: Section, names: tuple[str, ...], skip: set[int]
) -> Iterator[Boundary]:
    doc = outline.doc
    below = [s for s in subtree(doc, root) if s is not root]
    children = [s for s in below if s.level == root.level + 1] or below
    inner = [s for s in children if heading_matches(s.title, names)]
    if inner:  # "## Assets & trust boundaries" over "### Assets" and "### Trust boundaries"
        for section in inner:
            yield from _boundaries_of(outline, section, names, skip)
        return
    found = False
    for block in root.blocks:
        if (
            block.kind is BlockKind.TABLE
            and block.table is not None
            and is_boundary_table(block.table)
        ):
            for boundary in _table_boundaries(block.table):
                found = True
                yield boundary
    for sub in children:
        entries = outline.between(sub.line + 1, sub.end_line)
        found = True
        yield _boundary(
            sub.line, sub.title, fields_in(entries), _values_in(entries), sides_of(sub.title)
        )
    if children:
        return
    for block in root.blocks:
        if block.kind is not BlockKind.LIST:
            continue
        for item in block.items:
            text = " ".join(item.text.split())
            if _BOUNDARY_ITEM.search(text):
                label = item_label(item)  # "**Browser → API**: TLS, JWT" is "Browser → API"
                name = label.text if label is not None and label.rest else text
                entries = list(item_entries(item))
                found = True
                yield _boundary(
                    item.line, name, fields_in(entries), _values_in(entries), sides_of(name)
                )
    if not found:  # a section that draws its boundaries: the edges of its flowcharts
        for block in root.blocks:
            if is_diagram(block) and id(block) not in skip:
                yield from diagram_boundaries(block)


def is_diagram(block: Block) -> bool:
    """Whether a block is a Mermaid code block (``mermaid`` fence)."""
    return block.kind is BlockKind.CODE and block.language == "mermaid"


def diagram_boundaries(block: Block, crossing: bool = True) -> Iterator[Boundary]:
    """The boundaries of a Mermaid flowchart's edges: each edge's label read for its fields
    (``auth: mTLS``; its unlabelled text is what crosses), at the edge's line. In a diagram
    with zones (subgraphs), an edge between two nodes of one zone crosses no boundary: with
    ``crossing``, only the edges from one zone to another are boundaries."""
    edges = read_flowchart(block.raw)
    zoned = crossing and any(edge.source.zone or edge.target.zone for edge in edges)
    for edge in edges:
        if zoned and edge.source.zone.casefold() == edge.target.zone.casefold():
            continue
        values: dict[str, str] = {}
        for piece in pieces(edge.raw):
            label, colon, rest = piece.partition(":")
            name = field_of(label) if colon and label.strip() else None
            if name is not None:
                if rest.strip():
                    values.setdefault(name, rest.strip())
            elif piece.strip():
                values.setdefault("what crosses", piece.strip())
        present = set(values)
        present.update(name for name, stated in _STATED.items() if stated.search(edge.label))
        name = f"{edge.source.side} {edge.arrow} {edge.target.side}"
        sides = (edge.source, edge.target, edge.arrow)
        yield _boundary(block.line + 1 + edge.line, name, present, values, sides, drawn=True)


# --------------------------------------------------------------------------- sides


def _arrows(text: str) -> list[tuple[int, int, str]]:
    """The arrows of a text: where each starts and ends, and its kind."""
    found: list[tuple[int, int, str]] = []
    index = 0
    while index < len(text):
        if text[index] in _ARROW_CHARS:
            for token, kind in _ARROWS:
                if text.startswith(token, index):
                    found.append((index, index + len(token), kind))
                    index += len(token) - 1
                    break
        index += 1
    return found


_TO = re.compile(r"\s(?:to)\s", re.IGNORECASE)
_BETWEEN = re.compile(r"^between\s", re.IGNORECASE)
_AND = re.compile(r"\s(?:and|&)\s", re.IGNORECASE)
_FROM = re.compile(r"^from\s", re.IGNORECASE)


def sides_of(name: str) -> tuple[Node, Node, str] | None:
    """The two sides of a boundary's name and the arrow between them: ``Browser -> API``,
    ``A → B``, ``A <-> B``, ``Browser to API gateway`` (``from A to B``), ``between A and B``
    and ``A / B`` (no arrow); ``None`` when the name joins no two sides once."""
    text = " ".join(name.split())
    if len(text) > 2 * MAX_SIDE + 20:
        return None
    arrows = _arrows(text)
    if len(arrows) == 1:
        start, end, kind = arrows[0]
        return _pair(text[:start], text[end:], kind)
    if arrows:
        return None
    between = _BETWEEN.match(text)
    if between is not None:
        rest = text[between.end() :]
        joins = list(_AND.finditer(rest))
        if len(joins) == 1:
            return _pair(rest[: joins[0].start()], rest[joins[0].end() :], "--")
        return None
    joins = list(_TO.finditer(text))
    if len(joins) == 1:
        first = text[: joins[0].start()]
        found = _FROM.match(first)
        return _pair(first[found.end() :] if found else first, text[joins[0].end() :], "->")
    if text.count(" / ") == 1:
        left, right = text.split(" / ")
        return _pair(left, right, "--")
    return None


def _pair(left: str, right: str, kind: str) -> tuple[Node, Node, str] | None:
    first, second = node_of(left), node_of(right)
    if first is None or second is None:
        return None
    return (second, first, "->") if kind == "<-" else (first, second, kind)


def node_of(side: str) -> Node | None:
    """A side of a boundary as a node: ``Browser (Internet)`` is the node Browser in the zone
    Internet; ``None`` for an empty side or one too long to be a name."""
    text = " ".join(side.split()).strip(_SIDE_TRIM)
    zone = ""
    if text.endswith(")"):
        depth = 0
        for index in range(len(text) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(text[index], 0)
            if depth == 0:
                inner = text[index + 1 : -1].strip(_SIDE_TRIM)
                head = text[:index].strip(_SIDE_TRIM)
                if head and inner:
                    text, zone = head, inner
                break
    if not text or len(text) > MAX_SIDE or len(zone) > MAX_SIDE:
        return None
    return Node(text, zone)


def _oriented(source: Node, target: Node, arrow: str, direction: str) -> tuple[Node, Node, str]:
    """The sides in the order a Direction of trust that names both with an arrow gives them
    (``API -> Browser``), else as the name gives them."""
    sides = sides_of(direction) if direction else None
    if sides is None:
        return source, target, arrow
    first, second, kind = sides
    names = {source.name.casefold(), target.name.casefold()}
    if {first.name.casefold(), second.name.casefold()} != names or len(names) != 2:
        return source, target, arrow
    if first.name.casefold() == source.name.casefold():
        return source, target, kind
    return target, source, kind


def short_name(text: str, width: int = MAX_NAME) -> str:
    """A boundary's name as a message shows it: cut on a word boundary, with an ellipsis."""
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > width // 2 else cut).rstrip(" ,;:-") + "\u2026"


def check_boundaries(
    scope: Scope,
    settings: ContentSettings,
    reporter: Reporter,
    names: tuple[str, ...] = ("Trust boundaries", "Trust boundary"),
) -> None:
    wanted = {
        name: level for name, level in settings.trust_boundary_fields.items() if level != "off"
    }
    if not scope.found or not wanted:
        return
    for line, name, present in boundaries(scope, names):
        for field, level in wanted.items():
            if field in present:
                continue
            label = BOUNDARY_FIELDS[field][0]
            article = "an" if label[:1].lower() in "aeiou" else "a"
            variants = ", ".join(BOUNDARY_FIELDS[field][:3])
            reporter.add(
                "TM509" if level == "error" else "TM508",
                path=scope.doc.path,
                line=line,
                column=1,
                message=f"trust boundary '{short_name(name)}' does not say {field}",
                hint=f"add {article} '{label}:' entry (also accepted: {variants})",
            )
