"""The trust boundary diagram that ``threat-model diagram --fix`` keeps in a model: the blocks
between a start and an end marker, each an HTML comment on a line of its own at the top
level of the model (not in a list or a quote):

    <!-- threat-model-diagram:start -->

    ```mermaid
    flowchart LR
      ...
    ```

    <!-- threat-model-diagram:end -->

A start marker pairs with the next end marker; a start marker followed by another start
marker, and an end marker with no start marker open, are left alone. The diagram between a
pair is derived from the model's boundaries, so it never counts as a statement of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from hooks.core.markdown import Block, BlockKind, Document

START = "<!-- threat-model-diagram:start -->"
END = "<!-- threat-model-diagram:end -->"


@dataclass(frozen=True)
class Managed:
    """A pair of markers: their lines, the first code block between them (the diagram), if
    any, and the ``id`` of every block between them."""

    start: int
    end: int
    code: Block | None
    inside: frozenset[int] = frozenset()


def _top_blocks(doc: Document) -> Iterator[Block]:
    yield from doc.preamble
    for section in doc.sections:
        yield from section.blocks


def _marker(block: Block) -> str | None:
    if block.kind is not BlockKind.HTML:
        return None
    text = block.raw.strip()
    return text if text in (START, END) else None


def managed_diagrams(doc: Document) -> list[Managed]:
    """The pairs of markers of a model, in order."""
    found: list[Managed] = []
    opened: int | None = None
    inside: list[Block] = []
    for block in _top_blocks(doc):
        marker = _marker(block)
        if marker == START:
            opened, inside = block.line, []
        elif marker == END and opened is not None:
            code = next((b for b in inside if b.kind is BlockKind.CODE), None)
            found.append(Managed(opened, block.line, code, frozenset(map(id, inside))))
            opened = None
        elif opened is not None:
            inside.append(block)
    return found


def managed_blocks(doc: Document) -> set[int]:
    """The ``id`` of every block between a pair of markers."""
    return {ident for pair in managed_diagrams(doc) for ident in pair.inside}


__all__ = ["END", "START", "Managed", "managed_blocks", "managed_diagrams"]
