"""``threat-model diagram MODEL``: the Mermaid flowchart of a model's trust boundaries, printed,
or kept in the model between two markers with ``--fix``.

The diagram is drawn from the boundaries the content check reads
(:mod:`hooks.core.content.boundaries`): a node per side, a subgraph per zone, an edge per
boundary labelled with what crosses, the authentication, the data sensitivity and the
direction of trust (:mod:`hooks.core.content.diagram`). ``--fix`` rewrites what is between the
markers (``<!-- threat-model-diagram:start -->`` / ``end``), or adds them, with the diagram, at
the end of the Trust boundaries section's own text; every other byte of the model is kept.
As the index's ``--fix``, it writes only what settles: the model's boundaries read the same
afterwards, the content check finds the diagram current (no TM518), and a second run changes
nothing; it writes inside the repository only, atomically.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from hooks.core import output
from hooks.core.config import Config
from hooks.core.content.boundaries import Boundary, read_boundaries
from hooks.core.content.diagram import check_diagram, differences, drawable, render
from hooks.core.content.managed import END, START, managed_diagrams
from hooks.core.content.scan import Scope, find_scope, section_names
from hooks.core.findings import Reporter
from hooks.core.given import read_given
from hooks.core.markdown import Document, Section, heading_matches, parse_bytes
from hooks.core.output import error, printable
from hooks.core.source import Problem
from hooks.core.structure import Outline, subtree
from hooks.core.writer import (
    Refused,
    clean_leftovers,
    newline_of,
    real_file,
    split_lines,
    writable,
    write_atomically,
)

FORMATS = ("mermaid", "markdown", "json")
EXIT_USAGE = 2
_PROG = "threat-model diagram"


class CannotFix(Exception):
    """Why ``--fix`` writes nothing, and fails."""


class NothingToDraw(CannotFix):
    """Why ``--fix`` has nothing to write in a model without a kept diagram (it does not fail)."""


def _say(message: str) -> None:
    error(f"{_PROG}: {message}")


def _boundaries(doc: Document, config: Config) -> tuple[Scope, tuple[str, ...], list[Boundary]]:
    names = section_names(config, "Trust boundaries")
    scope = find_scope(Outline(doc), names)
    return scope, names, read_boundaries(scope, names) if scope.found else []


def block(found: Sequence[Boundary], newline: str = "\n") -> str:
    """The kept diagram: the markers and the Mermaid code block between them."""
    body = render(found).rstrip("\n").split("\n") if drawable(found) else []
    inner = ["", "```mermaid", *body, "```", ""] if body else [""]
    return newline.join([START, *inner, END]) + newline


def fixed_text(text: str, doc: Document, config: Config) -> str:
    """The model's text with its kept diagrams redrawn (or one added to its Trust boundaries
    section); :class:`CannotFix` when there is nothing to draw and no diagram to redraw."""
    scope, names, found = _boundaries(doc, config)
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    newline = newline_of(body)
    lines = split_lines(body)
    pairs = managed_diagrams(doc)
    kept = block(found, newline)
    if pairs:
        starts = {pair.start - 1: pair.end - 1 for pair in pairs}  # 0-based marker lines
        result: list[str] = []
        index = 0
        while index < len(lines):
            if index in starts:
                result.append(kept)
                index = starts[index] + 1
                continue
            result.append(lines[index])
            index += 1
        return bom + "".join(result)
    if not drawable(found):  # (an edge of a diagram always has its two sides)
        if found:
            raise NothingToDraw(
                "no trust boundary names its two sides ('Browser -> API', 'Browser to API',"
                " 'between A and B', or From and To columns); nothing to draw"
            )
        raise NothingToDraw("it has no trust boundaries to draw")
    if all(boundary.drawn for boundary in found):
        raise NothingToDraw("its trust boundaries are a diagram already; nothing to add")
    section = _section_of(doc, scope, names, found[0].line)
    after = _last_line(doc, lines, section)  # 0-based index of the line to insert after
    head = lines[: after + 1]
    if head and not head[-1].endswith(("\n", "\r")):
        head[-1] += newline
    tail = lines[after + 1 :]
    gap = [newline] if tail and tail[0].strip() else []
    return bom + "".join([*head, newline, kept, *gap, *tail])


def _section_of(doc: Document, scope: Scope, names: tuple[str, ...], line: int) -> Section:
    """The deepest Trust boundaries section that holds ``line``."""
    best = scope.sections[0]
    for root in scope.sections:
        for section in subtree(doc, root):
            if section is not root and not heading_matches(section.title, names):
                continue
            if section.line <= line < section.end_line and section.level >= best.level:
                best = section
    return best


def _last_line(doc: Document, lines: list[str], section: Section) -> int:
    """The last line (0-based) of a section's own text, before its first subsection."""
    stop = section.end_line
    for later in doc.sections:
        if section.line < later.line < stop:
            stop = later.line
            break
    index = min(stop - 1, len(lines)) - 1  # 0-based, the line before ``stop``
    while index > section.line - 1 and not lines[index].strip():
        index -= 1
    return index


def _settled(new: str, before: list[Boundary], config: Config, shown: str) -> Document:
    """The model text ``new`` read back; :class:`CannotFix` when it would not settle."""
    data = new.encode("utf-8", "surrogateescape")
    if len(data) > config.max_file_bytes:
        raise CannotFix(f"it would be larger than max_file_bytes ({config.max_file_bytes} bytes)")
    doc = parse_bytes(data, shown)
    if isinstance(doc, Problem):
        raise CannotFix(f"it would not read back: {doc.message}")
    scope, names, after = _boundaries(doc, config)
    if _shape(after) != _shape(before) or differences(before, after) is not None:
        raise CannotFix("the diagram would change how its trust boundaries read")
    reporter = Reporter(config.severity)
    check_diagram(scope, names, reporter)
    if reporter.findings:
        raise CannotFix(f"the diagram would not match: {reporter.findings[0].message}")
    if fixed_text(new, doc, config) != new:
        raise CannotFix("a second run would change it again")
    return doc


def _shape(found: Sequence[Boundary]) -> list[tuple[object, ...]]:
    return [(b.name, b.fields, b.values, b.source, b.target, b.arrow, b.drawn) for b in found]


def _json(found: Sequence[Boundary], relpath: str) -> str:
    def node(boundary: Boundary, end: str) -> dict[str, str] | None:
        value = boundary.source if end == "source" else boundary.target
        return None if value is None else {"name": value.name, "zone": value.zone}

    entries = [
        {
            "line": b.line,
            "name": b.name,
            "source": node(b, "source"),
            "target": node(b, "target"),
            "arrow": b.arrow,
            "fields": sorted(b.fields),
            "values": dict(b.values),
            "drawn": b.drawn,
        }
        for b in found
    ]
    payload = {"model": relpath, "boundaries": entries, "mermaid": render(found)}
    return json.dumps(payload, indent=2) + "\n"  # ASCII: control characters as escapes


def run_diagram(config: Config, given: str, fix: bool, fmt: str) -> int:
    """Print the diagram of the model ``given`` (a path), or keep it in the model (``fix``);
    the exit status: 0, 1 when ``--fix`` changed the model or could not fix it, 2 for a model
    that cannot be read."""
    read = read_given(config, given, _PROG)
    if read is None:
        return EXIT_USAGE
    doc, shown = read.model.doc, read.shown
    _, _, found = _boundaries(doc, config)
    for boundary in found:
        if boundary.source is None:
            _say(
                f"{printable(shown)}:{boundary.line}: boundary '{printable(boundary.name)}' names"
                " no two sides ('A -> B', 'A to B', 'between A and B'); it is not drawn"
            )
    if not fix:
        if fmt == "json":
            output.write(output.lines(_json(found, read.relpath).splitlines()))
        elif fmt == "markdown":
            output.write(output.lines(block(found).splitlines()))
        else:
            output.write(output.lines(render(found).splitlines()))
        return 0
    return _fix(config, read.relpath, shown, read.text, doc, found)


def _fix(
    config: Config, relpath: str, shown: str, text: str, doc: Document, found: list[Boundary]
) -> int:
    try:
        new = fixed_text(text, doc, config)
        if new == text:
            return 0
        _settled(new, found, config, shown)
        real = real_file(config, relpath)
        clean_leftovers(real)
        writable(config, real, "models_dir")
        write_atomically(real, new)
    except NothingToDraw as exc:
        _say(f"{printable(shown)}: {exc}")
        return 0
    except CannotFix as exc:
        _say(f"cannot fix {printable(shown)}: {exc}")
        return 1
    except Refused as exc:
        _say(f"cannot write {printable(shown)}: {exc}")
        return 1
    except OSError as exc:
        _say(f"cannot write {printable(shown)}: {exc.strerror or exc}")
        return 1
    print(f"Fixing {printable(shown)}")
    return 1


__all__ = ["FORMATS", "block", "fixed_text", "run_diagram"]
