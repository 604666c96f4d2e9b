"""The threat model index: every model linked, with its owner and last-updated date.

The index (``docs/security/THREAT_MODEL_INDEX.md`` by default) is read as a whole: rows of
any table whose links point into ``models_dir``. ``--fix`` rewrites only the managed table
between the two markers below, and keeps every other byte of the file.
"""

from __future__ import annotations

import functools
import os
import posixpath
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from hooks.core import files, names
from hooks.core.config import Config, is_under
from hooks.core.dates import parse_date
from hooks.core.due import Due, due_dates
from hooks.core.files import NOT_READ_HINT, not_read
from hooks.core.findings import Finding, Reporter, shorten
from hooks.core.links import leaves_repository, link_target, real_target
from hooks.core.markdown import (
    BlockKind,
    Document,
    Link,
    Table,
    cell_columns,
    fence_step,
    parse_bytes,
    parse_text,
    read_document,
)
from hooks.core.models import Known, Model, metadata_of_file, model_from
from hooks.core.output import error, lines, markdown_cell, printable, write
from hooks.core.source import Problem
from hooks.core.writer import (
    Refused,
    clean_leftovers,
    newline_of,
    real_file,
    split_lines,
    writable,
    write_atomically,
)

# The hints name the fix a team has: the manual-stage hook of .pre-commit-hooks.yaml, which
# needs nothing installed beside pre-commit, and the command of those who installed the tool.
FIX = "pre-commit run fix-threat-model-index --hook-stage manual (or threat-model index --fix)"
START = "<!-- threat-model-index:start -->"
END = "<!-- threat-model-index:end -->"
COLUMNS = ("Feature", "Owner", "Last updated", "Review cadence", "Review due")

_OWNER_COLUMNS = ("owner", "owners", "team", "owning team", "dri", "maintainer")
_DATE_COLUMNS = ("last updated", "updated", "last reviewed", "last review", "date")
_DUE_COLUMNS = ("review due", "next review", "next review due", "due", "due date", "review by")
# The column the managed table had before it showed the due date: it said "current" or
# "stale" by today's date, so that the index changed without any model changing.
_DATED_COLUMNS = ("status",)


@dataclass(frozen=True)
class Entry:
    """One index row that links into ``models_dir``: the columns of its link's ``[`` and of
    the cells that hold the link, the owner and the date."""

    line: int
    target: str
    owner: str | None
    updated: str | None
    link_column: int = 1
    cell_column: int = 1
    owner_column: int = 1
    updated_column: int = 1
    url: str = ""
    due: str | None = None
    due_column: int = 1


def models_of(
    config: Config, reporter: Reporter, known: Mapping[str, Model | None] | None = None
) -> dict[str, Model]:
    """Every model of the repository; unreadable ones are reported and left out. Models in
    ``known`` (by root-relative path; ``None`` for one that could not be read) were read
    already and are not read again."""
    models: dict[str, Model] = {}
    read = Known(config)
    for relpath in files.files_under(config, config.models_dir):
        if not config.is_model_path(relpath) or files.skipped(config, relpath):
            continue
        if _not_read(config, relpath, reporter):
            continue
        if known is not None and relpath in known:
            summary = known[relpath]
            if summary is not None:
                models[relpath] = summary
            continue
        metadata = metadata_of_file(config, relpath, reporter, read)
        if metadata is not None:
            models[relpath] = model_from(metadata, relpath, config)
    read.save()
    return models


def _column(table: Table, wanted: tuple[str, ...]) -> int | None:
    keys = {names.key(name) for name in wanted}
    for position, cell in enumerate(table.header.cells):
        if names.key(cell) in keys:
            return position
    return None


def entries_of(doc: Document, config: Config, reporter: Reporter) -> list[Entry]:
    """Index rows linking into ``models_dir``; links that go nowhere are reported. Images
    (``![diagram](flow.png)``) are not entries. A row's due date is read in the managed table
    only."""
    links_by_line: dict[int, list[Link]] = {}
    for link in doc.links:
        if not link.image:
            links_by_line.setdefault(link.line, []).append(link)
    entries: list[Entry] = []
    pairs = find_markers(doc.lines).pairs
    managed = range(pairs[0][0] + 1, pairs[0][1] + 1) if pairs else range(0)  # 1-based lines
    for table in tables_of(doc):
        owner_col = _column(table, _OWNER_COLUMNS)
        date_col = _column(table, _DATE_COLUMNS)
        # the due date is the hooks' reckoning: checked where --fix writes it, in the managed
        # table; a hand-written table's due dates are the team's own
        due_col = _column(table, _DUE_COLUMNS) if table.line in managed else None
        for row in table.rows:
            for link in links_by_line.get(row.line, []):
                target = link_target(link.url, config.index)
                if target is None:
                    continue
                if leaves_repository(target):
                    reporter.add(
                        "TM304",
                        path=doc.path,
                        line=row.line,
                        column=link.column,
                        message=f"link '{link.url}' leaves the repository",
                        hint="link to the model inside the repository",
                    )
                    continue
                if not is_under(target, config.models_dir):
                    continue
                cells = cell_columns(doc.lines[row.line - 1])
                entries.append(
                    Entry(
                        row.line,
                        target,
                        _cell(row.cells, owner_col),
                        _cell(row.cells, date_col),
                        link.column,
                        max((start for start in cells if start <= link.column), default=1),
                        _at(cells, owner_col),
                        _at(cells, date_col),
                        link.url,
                        _cell(row.cells, due_col),
                        _at(cells, due_col),
                    )
                )
    return entries


def tables_of(doc: Document) -> list[Table]:
    tables: list[Table] = []
    for blocks in [doc.preamble, *(section.blocks for section in doc.sections)]:
        tables.extend(block.table for block in blocks if block.table is not None)
    return tables


def _cell(cells: tuple[str, ...], column: int | None) -> str | None:
    if column is None or column >= len(cells):
        return None
    return cells[column].strip()


def _at(columns: list[int], cell: int | None) -> int:
    return columns[cell] if cell is not None and cell < len(columns) else 1


def _same_owner(shown: str, owner: str) -> bool:
    """Whether an Owner cell shows the model's owner: as written by hand (case, bold markers
    and runs of white space aside), or as ``--fix`` writes it."""

    def clean(value: str) -> str:
        return " ".join(value.strip("*_` ").casefold().split())

    shown = clean(shown)
    return shown == clean(owner) or shown == clean(read_back(owner))


def _same_date(shown: str, model: Model) -> bool:
    """Whether a Last updated cell shows the model's date: the same day however written, else
    the same text (runs of white space aside), or the text ``--fix`` writes."""
    reading = parse_date(shown)
    if reading.value is not None and model.date is not None:
        return reading.value == model.date
    shown = " ".join(shown.split())
    return shown == " ".join(model.updated.split()) or shown == read_back(model.updated)


@functools.lru_cache(maxsize=1024)
def read_back(value: str) -> str:
    """The text the Markdown reader finds in the cell ``--fix`` writes for ``value``: what the
    check compares a cell with, so that a fixed index always passes (white space collapsed,
    escapes undone, and ``a*b*c`` read as emphasis, as in any other cell)."""
    doc = parse_text(f"| x |\n| --- |\n| {_cell_text(value)} |\n", "")
    table = next(iter(tables_of(doc)), None)
    return table.rows[0].cells[0] if table is not None and table.rows else ""


def check_index(
    doc: Document | None, models: dict[str, Model], config: Config, reporter: Reporter
) -> None:
    """Every model linked once, every link resolving, owners and dates matching."""
    index = config.index
    if doc is None:
        return
    due = due_dates(models, config)
    seen: dict[str, int] = {}
    for entry in entries_of(doc, config, reporter):
        model = models.get(entry.target)
        if model is None:
            real = real_target(config.root, entry.target)
            if real is None:  # through a symbolic link: what is there is never looked at
                reporter.add(
                    "TM304",
                    path=doc.path,
                    line=entry.line,
                    column=entry.link_column,
                    message=f"link '{printable(entry.url)}' leaves the repository through a"
                    " symbolic link",
                    hint="link to the model inside the repository",
                )
            elif not os.path.isfile(real):
                reporter.add(
                    "TM303",
                    path=doc.path,
                    line=entry.line,
                    column=entry.link_column,
                    message=f"link to {printable(entry.target)}, which does not exist",
                    hint="fix the link, or remove the row of a model that is gone",
                )
            continue
        if entry.target in seen:
            reporter.add(
                "TM307",
                path=doc.path,
                line=entry.line,
                column=entry.cell_column,
                message=f"{printable(entry.target)} is already listed on line {seen[entry.target]}",
                hint="keep one row per model",
            )
            continue
        seen[entry.target] = entry.line
        if entry.owner is not None and model.owner and not _same_owner(entry.owner, model.owner):
            reporter.add(
                "TM305",
                path=doc.path,
                line=entry.line,
                column=entry.owner_column,
                message=f"owner '{entry.owner}' (line {entry.line}) differs from '{model.owner}'"
                f" in {printable(model.relpath)}:{model.owner_line}",
                hint=f"correct the row, or rewrite the managed table: {FIX}",
            )
        if entry.updated is not None and model.updated and not _same_date(entry.updated, model):
            reporter.add(
                "TM306",
                path=doc.path,
                line=entry.line,
                column=entry.updated_column,
                message=f"last updated '{entry.updated}' (line {entry.line}) differs from"
                f" '{model.updated}' in {printable(model.relpath)}:{model.updated_line}",
                hint=f"correct the row, or rewrite the managed table: {FIX}",
            )
        if entry.due is not None:
            _check_due(doc, entry, model, due.get(entry.target), reporter)
    for relpath in sorted(set(models) - set(seen)):
        reporter.add(
            "TM302",
            path=files.as_cwd_path(config, relpath),
            line=1,
            column=1,
            message=f"model is not linked from {index}",
            hint=f"add a row for it, or rewrite the managed table: {FIX}",
        )


def _check_due(
    doc: Document, entry: Entry, model: Model, due: Due | None, reporter: Reporter
) -> None:
    """A Review due cell shows the date the model's Last updated and cadence (or budget) give,
    however written (``-`` when the model has no valid date)."""
    assert entry.due is not None
    shown = parse_date(entry.due).value
    expected = due.date if due is not None else None
    if shown == expected:
        return
    if expected is None:
        message = f"review due '{entry.due}' (line {entry.line}), but {printable(model.relpath)}"
        message += f":{model.updated_line} has no valid last-updated date"
    else:
        assert due is not None
        message = (
            f"review due '{entry.due}' (line {entry.line}) differs from {expected.isoformat()}"
            f" ({due.reckoning}) of {printable(model.relpath)}"
        )
    reporter.add(
        "TM309",
        path=doc.path,
        line=entry.line,
        column=entry.due_column,
        message=message,
        hint=f"correct the row, or rewrite the managed table: {FIX}",
    )


def check_dated_columns(doc: Document, reporter: Reporter) -> None:
    """A managed table written before the index showed due dates has a Status column that
    changes with today's date (TM310): ``--fix`` writes the Review due column instead."""
    markers = find_markers(doc.lines)
    if not markers.pairs:
        return
    start, end = markers.pairs[0]
    for table in tables_of(doc):
        if not start < table.line - 1 < end:
            continue
        position = _column(table, _DATED_COLUMNS)
        if position is None:
            continue
        header = table.header
        reporter.add(
            "TM310",
            path=doc.path,
            line=header.line,
            column=_at(cell_columns(doc.lines[header.line - 1]), position),
            message=f"the managed table has a '{header.cells[position]}' column, which says"
            " 'current' or 'stale' by today's date and goes out of date without any model changing",
            hint=f"rewrite the managed table, with a Review due column instead: {FIX}",
        )


def _not_read(config: Config, relpath: str, reporter: Reporter) -> bool:
    """Report (TM001) and say whether an existing file is not to be read."""
    why = not_read(config, relpath)
    if why is not None:
        reporter.add(
            "TM001",
            path=files.as_cwd_path(config, relpath),
            line=1,
            column=1,
            message=f"{relpath} {why}",
            hint=NOT_READ_HINT,
        )
    return why is not None


def report_missing(config: Config, reporter: Reporter) -> None:
    reporter.add(
        "TM301",
        path=files.as_cwd_path(config, config.index),
        line=1,
        column=1,
        message=f"the threat model index {config.index} does not exist",
        hint=f"create it: {FIX}",
    )


# --------------------------------------------------------------------------- --fix


def _cell_text(value: str) -> str:
    """A value as the text of a table cell (``-`` for none): see
    :func:`hooks.core.output.markdown_cell`."""
    return markdown_cell(value, "-")


def _link(relpath: str, folder: str) -> str:
    """A link target that reads back as ``relpath``: percent-encoded, so that ``#``, ``?``,
    ``%``, spaces, newlines, pipes and brackets in a file name survive."""
    return quote(posixpath.relpath(relpath, folder or "."), safe="/", errors="surrogateescape")


def managed_table(models: dict[str, Model], config: Config, newline: str = "\n") -> str:
    """The managed table, markers included, sorted by feature."""
    folder = posixpath.dirname(config.index)
    lines = [
        START,
        "| " + " | ".join(COLUMNS) + " |",
        "| " + " | ".join("---" for _ in COLUMNS) + " |",
    ]
    due = due_dates(models, config)
    for model in sorted(models.values(), key=lambda m: (m.feature.casefold(), m.relpath)):
        date = due[model.relpath].date
        cells = [
            f"[{_cell_text(model.feature)}]({_link(model.relpath, folder)})",
            _cell_text(model.owner),
            _cell_text(model.updated),
            _cell_text(model.cadence),
            date.isoformat() if date is not None else "-",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append(END)
    return newline.join(lines) + newline


@dataclass(frozen=True)
class Markers:
    """The marker lines of an index (0-based): ordered start/end pairs, the first of which
    holds the managed table, and lone markers without their pair."""

    pairs: tuple[tuple[int, int], ...]
    lone: tuple[int, ...]


def find_markers(lines: list[str]) -> Markers:
    """Marker lines: a whole line holding a marker (up to three spaces of indentation),
    outside code fences. A start marker pairs with the next end marker; a start marker
    followed by another start marker, and an end marker with no start marker open, are lone."""
    pairs: list[tuple[int, int]] = []
    lone: list[int] = []
    opened: int | None = None
    fence: str | None = None
    for number, line in enumerate(lines):
        body = line.rstrip("\r\n")
        fence, code = fence_step(fence, body)
        text = body.strip()
        if code or text not in (START, END) or len(body) - len(body.lstrip(" ")) > 3:
            continue
        if text == START:
            if opened is not None:
                lone.append(opened)
            opened = number
        elif opened is None:
            lone.append(number)
        else:
            pairs.append((opened, number))
            opened = None
    if opened is not None:
        lone.append(opened)
    return Markers(tuple(pairs), tuple(sorted(lone)))


def check_markers(doc: Document, reporter: Reporter) -> None:
    """Marker lines that ``--fix`` would remove: lone markers and extra managed tables."""
    markers = find_markers(doc.lines)
    for number in markers.lone:
        line = doc.lines[number]
        start = line.strip() == START
        reporter.add(
            "TM308",
            path=doc.path,
            line=number + 1,
            column=len(line) - len(line.lstrip()) + 1,
            message="start marker without an end marker after it"
            if start
            else "end marker without a start marker before it",
            hint=f"delete the line, or let the fix remove it: {FIX}",
        )
    for first, last in markers.pairs[1:]:
        reporter.add(
            "TM308",
            path=doc.path,
            line=first + 1,
            column=1,
            message=f"a second managed table (lines {first + 1}-{last + 1})",
            hint="keep one pair of markers; the fix keeps the first pair's table and removes the"
            f" others: {FIX}",
        )


def fixed_text(text: str | None, models: dict[str, Model], config: Config) -> str:
    """The index text with its managed table rewritten; every other byte is kept, except
    marker lines without their pair and managed tables after the first, which go."""
    if text is None:
        return "# Threat model index\n\n" + managed_table(models, config)
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    newline = newline_of(body)
    table = managed_table(models, config, newline)
    lines = split_lines(body)
    markers = find_markers(lines)
    dropped = set(markers.lone)
    for first, last in markers.pairs[1:]:
        dropped.update(range(first, last + 1))
    if markers.pairs:
        first, last = markers.pairs[0]
        kept = [
            table if number == first else line
            for number, line in enumerate(lines)
            if number not in dropped and not first < number <= last
        ]
        return bom + "".join(kept)
    lines = [line for number, line in enumerate(lines) if number not in dropped]
    body = "".join(lines)
    span = _first_model_table(body, config)
    if span is not None:
        first, last = span  # 0-based line indexes, inclusive
        return bom + "".join(lines[:first]) + table + "".join(lines[last + 1 :])
    separator = "" if body.endswith(("\n", "\r")) or not body else newline
    return bom + body + separator + (newline if body else "") + table


def _first_model_table(text: str, config: Config) -> tuple[int, int] | None:
    """The first and last line (0-based) of the first table linking (not by an image) into
    ``models_dir``."""
    from hooks.core.markdown import parse_text

    doc = parse_text(text, config.index)
    model_lines = {
        link.line
        for link in doc.links
        if not link.image
        and (target := link_target(link.url, config.index)) is not None
        and is_under(target, config.models_dir)
    }
    for table in tables_of(doc):
        rows = [row.line for row in table.rows]
        if model_lines.intersection(rows):
            return table.line - 1, rows[-1] - 1
    return None


# --------------------------------------------------------------------------- writing


def index_file(config: Config) -> Path:
    """The real path of the index, the file ``--fix`` reads and writes (see
    :func:`hooks.core.writer.real_file`)."""
    return real_file(config, config.index)


# --------------------------------------------------------------------------- settling


def read_back_index(new: str, config: Config, shown: str) -> Document | str:
    """The index text ``new`` as the check reads it, or why it cannot be read."""
    data = new.encode("utf-8", "surrogateescape")
    if len(data) > config.max_file_bytes:
        return f"it would be larger than max_file_bytes ({config.max_file_bytes} bytes)"
    doc = parse_bytes(data, shown)
    return f"it would not read back: {doc.message}" if isinstance(doc, Problem) else doc


def unsettled(
    new: str, doc: Document, models: dict[str, Model], config: Config
) -> tuple[str, list[str]] | None:
    """Why the index text ``new`` (what ``--fix`` would write), read as ``doc``, would still
    fail the index check or change on a second run, with the lines that do; ``None`` when it
    settles. ``--fix`` writes nothing it cannot settle."""
    lines = split_lines(new.removeprefix("\ufeff"))
    markers = find_markers(lines)
    if not markers.pairs:  # the table --fix writes would be code: it lands in a code fence
        opened, closed = _fence_around_start(lines)
        never = "" if closed else ", which is never closed"
        return (
            f"the managed table would be inside the code fence opened on line {opened}{never};"
            " close the fence before the table, then run --fix again",
            [],
        )
    start = markers.pairs[0][0] + 1  # the start marker's line
    if not any(table.line == start + 1 for table in tables_of(doc)):
        html = _html_block_around(doc, start + 1)
        where = f": it is inside the HTML block that starts on line {html}" if html else ""
        hint = "; leave a blank line before the start marker" if html else ""
        return f"the managed table (line {start}) would not read as a table{where}{hint}", []
    if fixed_text(new, models, config) != new:
        return "a second run would change it again", []
    reporter = Reporter(config.severity)
    check_markers(doc, reporter)
    check_index(doc, models, config, reporter)
    errors = [f for f in reporter.findings if f.severity == "error"]
    if not errors:
        return None
    return (
        "rows outside the managed table would still fail the check (--fix rewrites only the"
        " managed table); correct or remove them, then run --fix again",
        [_what(doc, finding) for finding in errors],
    )


def _what(doc: Document, finding: Finding) -> str:
    """A finding of the fixed index as a line of the refusal: its code and row."""
    if finding.path == doc.path:
        return f"{finding.code} {shorten(doc.source_line(finding.line).strip(), 100)}"
    return f"{finding.code} {finding.path}: {finding.message}"


def _fence_around_start(lines: list[str]) -> tuple[int, bool]:
    """The line (1-based) of the code fence that holds the first start marker line, and
    whether that fence is closed further down."""
    fence: str | None = None
    opened, holding = 1, False
    for number, line in enumerate(lines, 1):
        before = fence
        fence, _ = fence_step(fence, line.rstrip("\r\n"))
        if holding and fence is None:
            return opened, True
        if before is None and fence is not None:
            opened = number
        holding = holding or (fence is not None and line.strip() == START)
    return opened, False


def _html_block_around(doc: Document, line: int) -> int | None:
    """The first line of the top-level HTML block that holds ``line``, if one does."""
    for blocks in [doc.preamble, *(section.blocks for section in doc.sections)]:
        for block in blocks:
            if block.kind is BlockKind.HTML and block.line <= line <= block.line + block.raw.count(
                "\n"
            ):
                return block.line
    return None


def _say(message: str) -> None:
    error(f"threat-model index: {message}")


def _cannot_fix(shown: str, why: str, rows: list[str]) -> tuple[str, None]:
    _say("\n  ".join([f"cannot fix {shown}: {why}", *rows]))
    return "failed", None


def fix(config: Config, models: dict[str, Model], fmt: str) -> tuple[str, Document | None]:
    """Rewrite the index's managed table: ``changed``, ``unchanged`` or ``failed`` (after
    saying why nothing was written), with the reading of the index as it now is, when the fix
    settled it (the check then reads it no more)."""
    shown = files.as_cwd_path(config, config.index)
    try:
        real = index_file(config)
    except Refused as exc:
        _say(f"cannot write {shown}: {exc}")
        return "failed", None
    clean_leftovers(real)
    text: str | None = None
    if real.exists():
        result = read_document(real, shown, config.max_file_bytes)
        if isinstance(result, Problem) and result.code != "TM002":
            return "unchanged", None  # the check reports why it cannot be read; left alone
        text = real.read_bytes().decode("utf-8")
    elif not models:
        return "unchanged", None  # day zero: no index is needed before the first model
    new = fixed_text(text, models, config)
    doc = read_back_index(new, config, shown)
    if isinstance(doc, str):
        return _cannot_fix(shown, doc, [])
    why = unsettled(new, doc, models, config)
    if why is not None:
        return _cannot_fix(shown, *why)
    if new == text:
        return "unchanged", doc
    try:
        writable(config, real)
        write_atomically(real, new)
    except Refused as exc:
        _say(f"cannot write {shown}: {exc}")
        return "failed", None
    except OSError as exc:
        _say(f"cannot write {shown}: {exc.strerror or exc}")
        return "failed", None
    write(lines([f"Fixing {shown}"]), sys.stdout if fmt == "text" else sys.stderr)
    return "changed", doc


def run(config: Config, fix_it: bool, fmt: str, reporter: Reporter) -> bool:
    """Check the index (after rewriting its managed table under ``--fix``), reporting to
    ``reporter``; whether ``--fix`` changed the index or could not fix it (the hook then
    exits 1, as when the check finds errors)."""
    models = models_of(config, reporter)
    outcome, written = fix(config, models, fmt) if fix_it else ("unchanged", None)
    check_repository(config, reporter, models, index=written)
    return outcome != "unchanged"


def check_repository(
    config: Config,
    reporter: Reporter,
    models: dict[str, Model] | None = None,
    index: Document | None = None,
) -> None:
    """The index check of a whole repository; ``index`` is the index's reading, when it was
    read already (by ``--fix``, which read back what it wrote)."""
    if models is None:
        models = models_of(config, reporter)
    # whether an index that leads out of the repository exists is not looked at: it is not read
    if _not_read(config, config.index, reporter):
        return
    if not (config.root / config.index).exists():
        if models:  # day zero, no model and no index: nothing to index
            report_missing(config, reporter)
    else:
        shown = files.as_cwd_path(config, config.index)
        doc = index if index is not None else files.read(config, shown, reporter)
        if index is not None:
            for problem in index.problems:
                reporter.add_problem(index.path, problem)
        if doc is not None:
            check_markers(doc, reporter)
            check_dated_columns(doc, reporter)
        check_index(doc, models, config, reporter)
