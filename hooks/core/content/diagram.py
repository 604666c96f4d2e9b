"""The trust boundary diagram of a model: a Mermaid flowchart drawn from its boundaries
(:func:`render`), and TM518, a diagram kept between the markers that no longer matches them.

Each side of a boundary is a node, each zone (``Browser (Internet)``) a subgraph, each
boundary an edge from the side it names first to the other (``-->``; ``<-->`` both ways,
``---`` for ``between A and B``), labelled with what crosses, the authentication, the data
sensitivity and the direction of trust. Reading the diagram back (as a diagram in the Trust
boundaries section is read) gives the same boundaries: so the diagram matches the model
exactly when it is the one :func:`render` draws from the model now.
"""

from __future__ import annotations

import shlex
from collections import Counter
from collections.abc import Iterable, Sequence

from hooks.core.content.boundaries import (
    DRAWN,
    Boundary,
    diagram_boundaries,
    is_diagram,
    read_boundaries,
    short_name,
)
from hooks.core.content.managed import managed_diagrams
from hooks.core.content.scan import Scope
from hooks.core.findings import Reporter
from hooks.core.mermaid import Node, label

_ARROWS = {"->": "-->", "<->": "<-->", "--": "---"}

Record = tuple[str, str, str, str, str, tuple[tuple[str, str], ...]]


def drawable(found: Iterable[Boundary]) -> list[tuple[Boundary, Node, Node]]:
    """The boundaries a diagram draws, those whose two sides are known, with their sides."""
    return [(b, b.source, b.target) for b in found if b.source is not None and b.target is not None]


def render(found: Sequence[Boundary]) -> str:
    """The Mermaid flowchart of the boundaries (those with two sides), one line each, the
    nodes and zones in the order the boundaries name them."""
    edges = drawable(found)
    ids: dict[tuple[str, str], str] = {}  # a node's key -> its id
    zones: dict[str, list[Node]] = {}  # a zone's key -> its nodes
    titles: dict[str, str] = {}  # a zone's key -> its name as first written
    for _, source, target in edges:
        for node in (source, target):
            if key(node) not in ids:
                ids[key(node)] = f"n{len(ids) + 1}"
                zone = node.zone.casefold()
                titles.setdefault(zone, node.zone)
                zones.setdefault(zone, []).append(node)
    lines = ["flowchart LR"]
    for number, (zone, members) in enumerate(((z, m) for z, m in zones.items() if z), 1):
        lines.append(f'  subgraph z{number}["{label(titles[zone])}"]')
        lines.extend(f'    {ids[key(node)]}["{label(node.name)}"]' for node in members)
        lines.append("  end")
    lines.extend(f'  {ids[key(node)]}["{label(node.name)}"]' for node in zones.get("", []))
    for boundary, source, target in edges:
        text = "<br>".join(
            f"{DRAWN[field]}: {label(value)}" for field, value in boundary.values if field in DRAWN
        )
        arrow = _ARROWS[boundary.arrow] + (f'|"{text}"|' if text else "")
        lines.append(f"  {ids[key(source)]} {arrow} {ids[key(target)]}")
    return "\n".join(lines) + "\n"


def key(node: Node) -> tuple[str, str]:
    """A node as a diagram tells it from others: its name and zone, case aside (``Hooks``
    and ``hooks`` are one node, shown as first written)."""
    return node.name.casefold(), node.zone.casefold()


def record(boundary: Boundary, source: Node, target: Node) -> Record:
    """What a diagram shows of a boundary with these sides: the sides, arrow and values."""
    shown = tuple((field, value) for field, value in boundary.values if field in DRAWN)
    return (*key(source), *key(target), boundary.arrow, shown)


def differences(model: Sequence[Boundary], drawn: Sequence[Boundary]) -> str | None:
    """How a diagram's boundaries (``drawn``) differ from the model's, or ``None``."""
    wanted = Counter(record(*edge) for edge in drawable(model))
    shown = Counter(record(*edge) for edge in drawable(drawn))
    if wanted == shown:
        return None
    undrawn = wanted - shown
    missing = [edge[0] for edge in drawable(model) if undrawn[record(*edge)]]
    if missing:
        first = missing[0]
        return f"boundary '{short_name(first.name)}' (line {first.line}) is not drawn as it stands"
    surplus = shown - wanted
    extra = next(edge[0] for edge in drawable(drawn) if surplus[record(*edge)])
    return f"it draws '{short_name(extra.name)}', which is no boundary of the model"


def check_diagram(scope: Scope, names: tuple[str, ...], reporter: Reporter) -> None:
    """TM518 for each diagram between markers that does not draw the model's boundaries."""
    doc = scope.doc
    pairs = managed_diagrams(doc)
    if not pairs:
        return
    model = read_boundaries(scope, names) if scope.found else []
    for pair in pairs:
        code = pair.code
        drawn = (
            list(diagram_boundaries(code, crossing=False))
            if code is not None and is_diagram(code)
            else []
        )
        why = differences(model, drawn)
        if why is None:
            continue
        reporter.add(
            "TM518",
            path=doc.path,
            line=pair.start,
            column=1,
            message=f"the trust boundary diagram no longer matches the trust boundaries: {why}",
            hint=f"run threat-model diagram --fix {shlex.quote(doc.path)}",
        )


__all__ = ["check_diagram", "differences", "drawable", "record", "render"]
