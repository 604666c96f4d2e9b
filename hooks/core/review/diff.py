"""Reading a change: one ``git diff`` of the whole range (or of the staged files), with the
added and removed lines of each file and where they stand on the new side.

git is asked for its raw records (``--raw -z``: statuses, modes and names, NUL-separated,
whatever bytes the names hold) followed by the patch (``-p --unified=0``). Each patch section
is matched to its record by the ``diff --git`` header git writes for that record's names, so
that a name with spaces, quotes, newlines or bytes that are not UTF-8 is never guessed from
the patch text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from hooks.core import git

MAX_DIFF_BYTES = 32 * 1024 * 1024  # of git's output; the rest is reviewed by file name only
MAX_LINE = 2000  # characters of a line kept: evidence and detectors see no more
SUBMODULE = "160000"

_OPTIONS = (
    "--raw",
    "-z",
    "-p",
    "-M",
    "--unified=0",
    "--inter-hunk-context=0",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--no-abbrev",
    "--src-prefix=a/",
    "--dst-prefix=b/",
    "--relative",
)
_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$")


@dataclass
class Line:
    """A changed line: its number on the new side (for a removed line, where it stood) and
    its text, with the function context git gave its hunk."""

    number: int
    text: str
    context: str = ""


@dataclass
class FileDiff:
    """One file of the change, named by its path on the new side (``old_path`` for a rename
    or copy)."""

    path: str
    status: str  # A, M, D, R, C, T (the letter of git's status)
    old_path: str | None = None
    old_mode: str = ""
    new_mode: str = ""
    binary: bool = False
    truncated: bool = False  # its patch was past MAX_DIFF_BYTES: reviewed by name only
    added: list[Line] = field(default_factory=list)
    removed: list[Line] = field(default_factory=list)

    @property
    def submodule(self) -> bool:
        return SUBMODULE in (self.old_mode, self.new_mode)

    @property
    def symlink(self) -> bool:
        return self.new_mode == git.SYMLINK


@dataclass
class Diff:
    files: list[FileDiff]
    truncated: bool = False  # git said more than MAX_DIFF_BYTES

    @property
    def paths(self) -> list[str]:
        """Every path the change names (both sides of a rename), sorted."""
        names = {f.path for f in self.files}
        names.update(f.old_path for f in self.files if f.old_path)
        return sorted(names)


def read_diff(root: Path, base: str | None, head: str | None, limit: int | None = None) -> Diff:
    """The change from ``base`` to ``head`` (commits), or the staged change when ``head`` is
    ``None`` (against ``base``, the ``HEAD`` commit, or against nothing in a new repository).
    Paths are relative to ``root`` and only files below it are read."""
    args = ["-c", "core.quotePath=true", "diff", *_OPTIONS]
    if head is None:
        args.append("--cached")
        revisions = [base] if base else []
    else:
        revisions = [base or head, head]
    size = MAX_DIFF_BYTES if limit is None else limit
    output, more = git.bounded(root, size, *args, "--end-of-options", *revisions, "--")
    return parse(output, more)


def parse(output: bytes, truncated: bool = False) -> Diff:
    """A :class:`Diff` from ``git diff --raw -z -p`` output (cut short when ``truncated``)."""
    files, rest = _records(output)
    _patches(files, rest)
    if truncated:
        for item in files:
            item.truncated = item.truncated or (not item.added and not item.removed)
    return Diff([f for f in files if f.status != "U"], truncated)


def _records(output: bytes) -> tuple[list[FileDiff], bytes]:
    """The raw records, and the patch text that follows them."""
    files: list[FileDiff] = []
    position = 0
    while position < len(output) and output[position : position + 1] == b":":
        end = output.find(b"\0", position)
        if end < 0:
            break
        fields = output[position + 1 : end].split()
        if len(fields) < 5:
            break
        status = fields[4][:1].decode("ascii", "replace")
        count = 2 if status in ("R", "C") else 1
        names: list[str] = []
        position = end + 1
        for _ in range(count):
            end = output.find(b"\0", position)
            if end < 0:
                end = len(output)
            names.append(output[position:end].decode("utf-8", "surrogateescape"))
            position = end + 1
        if len(names) < count:
            break
        old_mode, new_mode = (field.decode("ascii", "replace") for field in fields[:2])
        files.append(
            FileDiff(
                path=names[-1],
                status=status,
                old_path=names[0] if count == 2 else None,
                old_mode=old_mode,
                new_mode=new_mode,
            )
        )
    if output[position : position + 1] == b"\0":
        position += 1  # the NUL between the records and the patch
    return files, output[position:]


_ESCAPES = {7: b"\\a", 8: b"\\b", 9: b"\\t", 10: b"\\n", 11: b"\\v", 12: b"\\f", 13: b"\\r"}


def quoted(name: bytes) -> bytes:
    """A name as git writes it in a patch header with ``core.quotePath`` on: as it is, or in
    double quotes with C escapes when it holds a quote, a backslash, a control character or
    a byte above 0x7e."""
    if not any(byte < 0x20 or byte >= 0x7F or byte in b'"\\' for byte in name):
        return name
    out = bytearray(b'"')
    for byte in name:
        if byte in _ESCAPES:
            out += _ESCAPES[byte]
        elif byte in b'"\\':
            out += b"\\" + bytes([byte])
        elif byte < 0x20 or byte >= 0x7F:
            out += b"\\%03o" % byte
        else:
            out.append(byte)
    return bytes(out + b'"')


def _header(item: FileDiff) -> bytes:
    old = (item.old_path or item.path).encode("utf-8", "surrogateescape")
    new = item.path.encode("utf-8", "surrogateescape")
    return b"diff --git " + quoted(b"a/" + old) + b" " + quoted(b"b/" + new)


def _sections(patch: str) -> Iterator[tuple[str, list[str]]]:
    """Each ``diff --git`` section: its header line and the lines after it. A ``+`` or ``-``
    line inside a hunk is never taken for a header, however it starts: the hunk's counts say
    how many lines belong to it."""
    lines = patch.split("\n")
    if lines and not lines[-1]:
        lines.pop()
    index = 0
    header: str | None = None
    body: list[str] = []
    total = len(lines)
    while index < total:
        line = lines[index]
        if line[:2] == "@@" and header is not None:
            match = _HUNK.match(line)
            if match is not None:
                old_count = int(match.group(2) or "1") if match.group(2) != "0" else 0
                new_count = int(match.group(4) or "1") if match.group(4) != "0" else 0
                end = index + 1
                while end < total and (old_count > 0 or new_count > 0):
                    kind = lines[end][:1]
                    if kind == "-":
                        old_count -= 1
                    elif kind == "+":
                        new_count -= 1
                    elif kind == " ":
                        old_count -= 1
                        new_count -= 1
                    end += 1
                body.extend(lines[index:end])
                index = end
                while index < total and lines[index][:1] == "\\":
                    index += 1  # "\ No newline at end of file"
                continue
        if line.startswith(("diff --git ", "* Unmerged path ")):
            if header is not None:
                yield header, body
            header, body = line, []
        elif header is not None:
            body.append(line)
        index += 1
    if header is not None:
        yield header, body


def _patches(files: list[FileDiff], patch: bytes) -> None:
    """Attach each patch section to its record, in order (a type change has two sections:
    the old file removed, the new one added). The patch is read as UTF-8, bytes that are not
    becoming U+FFFD; its headers are ASCII (names are quoted with escapes)."""
    expected = [_header(item).decode("ascii", "replace") for item in files]
    position = 0
    for header, body in _sections(patch.decode("utf-8", "replace")):
        if header.startswith("* Unmerged path "):
            continue
        while position < len(files) and expected[position] != header:
            position += 1
        if position == len(files):
            break  # a section git wrote for no record: nothing to attach it to
        _read_section(files[position], body)


def _text(raw: str) -> str:
    return raw.rstrip("\r")[:MAX_LINE]


def _read_section(item: FileDiff, body: list[str]) -> None:
    context = ""
    new_line = 0
    removed_at = 0  # 0: before the first hunk, among the header lines
    added = item.added
    removed = item.removed
    for line in body:
        kind = line[:1]
        if removed_at and kind == "+":
            added.append(Line(new_line, _text(line[1:]), context))
            new_line += 1
        elif removed_at and kind == "-":
            removed.append(Line(removed_at, _text(line[1:]), context))
        elif removed_at and kind == " ":
            new_line += 1
        elif kind == "@":
            match = _HUNK.match(line)
            if match is not None:
                new_line = int(match.group(3))
                context = _text(match.group(5))
                # a hunk that only removes lines names the line before them: they stood after it
                removed_at = new_line + 1 if match.group(4) == "0" else max(new_line, 1)
        elif line.startswith("Binary files ") or line == "GIT binary patch":
            item.binary = True
