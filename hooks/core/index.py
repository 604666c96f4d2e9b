"""The threat model index: every model linked, with its owner and last-updated date.

The index (``docs/security/THREAT_MODEL_INDEX.md`` by default) is read as a whole: rows of
any table whose links point into ``models_dir``. ``--fix`` rewrites only the managed table
between the two markers below, and keeps every other byte of the file.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from hooks.core import runner
from hooks.core.config import Config, is_under
from hooks.core.dates import parse_date, today
from hooks.core.findings import Reporter
from hooks.core.links import leaves_repository, link_target, real_target
from hooks.core.markdown import (
    Document,
    Link,
    Table,
    cell_columns,
    fence_step,
    normalize_heading,
    read_document,
)
from hooks.core.models import Model, budgets, model_of, read_head
from hooks.core.output import printable
from hooks.core.runner import NOT_READ_HINT, not_read

START = "<!-- threat-model-index:start -->"
END = "<!-- threat-model-index:end -->"
COLUMNS = ("Feature", "Owner", "Last updated", "Review cadence", "Status")

_OWNER_COLUMNS = ("owner", "owners", "team", "owning team", "dri", "maintainer")
_DATE_COLUMNS = ("last updated", "updated", "last reviewed", "last review", "date")


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


def models_of(
    config: Config, reporter: Reporter, read: Mapping[str, Document | None] | None = None
) -> dict[str, Model]:
    """Every model of the repository; unreadable ones are reported and left out. Models in
    ``read`` (by root-relative path) were read already and are not read again."""
    models: dict[str, Model] = {}
    for relpath in runner.files_under(config, config.models_dir):
        if not config.is_model_path(relpath) or runner.skipped(config, relpath):
            continue
        if _not_read(config, relpath, reporter):
            continue
        if read is not None and relpath in read:
            doc = read[relpath]
        else:
            doc = read_head(config, relpath, reporter)
        if doc is not None:
            models[relpath] = model_of(doc, relpath, config)
    return models


def _column(table: Table, names: tuple[str, ...]) -> int | None:
    for position, cell in enumerate(table.header.cells):
        if normalize_heading(cell) in names or cell.strip().lower() in names:
            return position
    return None


def entries_of(doc: Document, config: Config, reporter: Reporter) -> list[Entry]:
    """Index rows linking into ``models_dir``; links that go nowhere are reported. Images
    (``![diagram](flow.png)``) are not entries."""
    links_by_line: dict[int, list[Link]] = {}
    for link in doc.links:
        if not link.image:
            links_by_line.setdefault(link.line, []).append(link)
    entries: list[Entry] = []
    for table in tables_of(doc):
        owner_col = _column(table, _OWNER_COLUMNS)
        date_col = _column(table, _DATE_COLUMNS)
        for row in table.rows:
            for link in links_by_line.get(row.line, []):
                target = link_target(link.url, config.index)
                if target is None:
                    continue
                if leaves_repository(target):
                    reporter.add(
                        doc.path,
                        row.line,
                        link.column,
                        "TM304",
                        f"link '{link.url}' leaves the repository",
                        "link to the model inside the repository",
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
    def clean(value: str) -> str:
        return " ".join(value.strip("*_` ").casefold().split())

    return clean(shown) == clean(owner)


def _same_date(shown: str, model: Model) -> bool:
    reading = parse_date(shown)
    if reading.value is not None and model.date is not None:
        return reading.value == model.date
    return shown.strip() == model.updated.strip()


def check_index(
    doc: Document | None, models: dict[str, Model], config: Config, reporter: Reporter
) -> None:
    """Every model linked once, every link resolving, owners and dates matching."""
    index = config.index
    if doc is None:
        return
    seen: dict[str, int] = {}
    for entry in entries_of(doc, config, reporter):
        model = models.get(entry.target)
        if model is None:
            real = real_target(config.root, entry.target)
            if real is None:  # through a symbolic link: what is there is never looked at
                reporter.add(
                    doc.path,
                    entry.line,
                    entry.link_column,
                    "TM304",
                    f"link '{printable(entry.url)}' leaves the repository through a symbolic link",
                    "link to the model inside the repository",
                )
            elif not os.path.isfile(real):
                reporter.add(
                    doc.path,
                    entry.line,
                    entry.link_column,
                    "TM303",
                    f"link to {printable(entry.target)}, which does not exist",
                    "fix the link, or remove the row of a model that is gone",
                )
            continue
        if entry.target in seen:
            reporter.add(
                doc.path,
                entry.line,
                entry.cell_column,
                "TM307",
                f"{printable(entry.target)} is already listed on line {seen[entry.target]}",
                "keep one row per model",
            )
            continue
        seen[entry.target] = entry.line
        if entry.owner is not None and model.owner and not _same_owner(entry.owner, model.owner):
            reporter.add(
                doc.path,
                entry.line,
                entry.owner_column,
                "TM305",
                f"owner '{entry.owner}' (line {entry.line}) differs from '{model.owner}'"
                f" in {printable(model.relpath)}:{model.owner_line}",
                "run threat-model index --fix, or correct the row",
            )
        if entry.updated is not None and model.updated and not _same_date(entry.updated, model):
            reporter.add(
                doc.path,
                entry.line,
                entry.updated_column,
                "TM306",
                f"last updated '{entry.updated}' (line {entry.line}) differs from"
                f" '{model.updated}' in {printable(model.relpath)}:{model.updated_line}",
                "run threat-model index --fix, or correct the row",
            )
    for relpath in sorted(set(models) - set(seen)):
        reporter.add(
            runner.as_cwd_path(config, relpath),
            1,
            1,
            "TM302",
            f"model is not linked from {index}",
            "run threat-model index --fix, or add a row for it",
        )


def _not_read(config: Config, relpath: str, reporter: Reporter) -> bool:
    """Report (TM001) and say whether an existing file is not to be read."""
    why = not_read(config, relpath)
    if why is not None:
        reporter.add(
            runner.as_cwd_path(config, relpath), 1, 1, "TM001", f"{relpath} {why}", NOT_READ_HINT
        )
    return why is not None


def report_missing(config: Config, reporter: Reporter) -> None:
    reporter.add(
        runner.as_cwd_path(config, config.index),
        1,
        1,
        "TM301",
        f"the threat model index {config.index} does not exist",
        "run threat-model index --fix to create it",
    )


# --------------------------------------------------------------------------- --fix


_MARKDOWN = re.compile(r"([\\`\[\]<|])")


def _escape(value: str) -> str:
    """A value as the text of a table cell: on one line (any whitespace run is a space), with
    the characters that would end the cell or start a link, code span or HTML escaped."""
    return _MARKDOWN.sub(r"\\\1", " ".join(printable(value).split())) or "-"


def _link(relpath: str, folder: str) -> str:
    """A link target that reads back as ``relpath``: percent-encoded, so that ``#``, ``?``,
    ``%``, spaces, newlines, pipes and brackets in a file name survive."""
    return quote(posixpath.relpath(relpath, folder or "."), safe="/", errors="surrogateescape")


def status(model: Model, days: int, now: dt.date | None = None) -> str:
    """The Status cell of a model whose staleness budget is ``days``."""
    if model.date is None:
        return "missing (no valid last-updated date)"
    due = model.date + dt.timedelta(days=days)
    if due < (now or today()):
        return f"stale (review was due {due.isoformat()})"
    return f"current (review due {due.isoformat()})"


def managed_table(models: dict[str, Model], config: Config, newline: str = "\n") -> str:
    """The managed table, markers included, sorted by feature."""
    folder = posixpath.dirname(config.index)
    lines = [
        START,
        "| " + " | ".join(COLUMNS) + " |",
        "| " + " | ".join("---" for _ in COLUMNS) + " |",
    ]
    days = budgets(config)
    for model in sorted(models.values(), key=lambda m: (m.feature.casefold(), m.relpath)):
        cells = [
            f"[{_escape(model.feature)}]({_link(model.relpath, folder)})",
            _escape(model.owner),
            _escape(model.updated),
            _escape(model.cadence),
            status(model, days.get(model.relpath, config.staleness_days)),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append(END)
    return newline.join(lines) + newline


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def split_lines(text: str) -> list[str]:
    """Lines with their endings, broken where the Markdown reader breaks them: at ``\n``,
    ``\r\n`` and a lone ``\r`` only (``str.splitlines`` also breaks at form feeds and
    Unicode separators)."""
    return _LINE.findall(text)


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
            doc.path,
            number + 1,
            len(line) - len(line.lstrip()) + 1,
            "TM308",
            "start marker without an end marker after it"
            if start
            else "end marker without a start marker before it",
            "run threat-model index --fix (it removes the lone marker), or delete the line",
        )
    for first, last in markers.pairs[1:]:
        reporter.add(
            doc.path,
            first + 1,
            1,
            "TM308",
            f"a second managed table (lines {first + 1}-{last + 1})",
            "keep one pair of markers; threat-model index --fix keeps the first pair's table"
            " and removes the others",
        )


def _newline(text: str) -> str:
    if "\r\n" in text:
        return "\r\n"
    return "\r" if "\r" in text and "\n" not in text else "\n"


def fixed_text(text: str | None, models: dict[str, Model], config: Config) -> str:
    """The index text with its managed table rewritten; every other byte is kept, except
    marker lines without their pair and managed tables after the first, which go."""
    if text is None:
        return "# Threat model index\n\n" + managed_table(models, config)
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    newline = _newline(body)
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


def write_atomically(path: Path, data: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(data)
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def run(config: Config, fix: bool, fmt: str) -> int:
    """Check the index (after rewriting its managed table under ``--fix``); the exit status."""
    reporter = Reporter(config.severity)
    models = models_of(config, reporter)
    path = config.root / config.index
    shown = runner.as_cwd_path(config, config.index)
    changed = False
    if fix:
        text: str | None = None
        readable = not path.exists()
        if path.exists() and not_read(config, config.index) is None:
            result = read_document(path, shown, config.max_file_bytes)
            # An empty index is filled in; one that cannot be read is left alone.
            readable = isinstance(result, Document) or result.code == "TM002"
            text = path.read_bytes().decode("utf-8") if readable else None
        if readable:
            new = fixed_text(text, models, config)
            if new != text:
                try:
                    write_atomically(path, new)
                except OSError as exc:
                    why = exc.strerror or exc
                    print(f"threat-model index: cannot write {shown}: {why}", file=sys.stderr)
                else:
                    print(f"Fixing {shown}", file=sys.stdout if fmt == "text" else sys.stderr)
                    changed = True
    check_repository(config, reporter, models)
    return max(runner.finish(reporter, fmt, config.root), 1 if changed else 0)


def check_repository(
    config: Config,
    reporter: Reporter,
    models: dict[str, Model] | None = None,
    read: Mapping[str, Document | None] | None = None,
) -> None:
    """The index check of a whole repository."""
    if models is None:
        models = models_of(config, reporter, read)
    # whether an index that leads out of the repository exists is not looked at: it is not read
    if _not_read(config, config.index, reporter):
        return
    if not (config.root / config.index).exists():
        report_missing(config, reporter)
    else:
        shown = runner.as_cwd_path(config, config.index)
        doc = runner.read(config, shown, reporter)
        if doc is not None:
            check_markers(doc, reporter)
        check_index(doc, models, config, reporter)
