"""Output of findings: text (ruff-like) here; json, github (workflow commands), sarif and
gitlab (Code Quality) in :mod:`hooks.core.formats`, imported only when asked for."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from hooks.core.escapes import (
    code_span,
    escape_data,
    escape_property,
    lines,
    markdown_cell,
    markdown_text,
    printable,
    visible,
)
from hooks.core.findings import Finding

if TYPE_CHECKING:
    from pathlib import Path

FORMATS = ("text", "json", "github", "sarif", "gitlab")
ROOTED = ("github", "sarif", "gitlab")  # the formats that name files from the repository root

__all__ = [  # with the escapes every output uses
    "FORMATS",
    "ROOTED",
    "code_span",
    "error",
    "escape_data",
    "escape_property",
    "lines",
    "markdown_cell",
    "markdown_text",
    "printable",
    "render",
    "visible",
    "write",
]


def render(findings: Sequence[Finding], fmt: str, root: Path | None = None) -> str:
    """The findings in the given format, ending with a newline (empty text when clean, except
    for the JSON formats). GitHub commands, SARIF and GitLab Code Quality name files relative
    to ``root``, the top folder of the git repository, when it is given; text and JSON print
    paths as the findings hold them. The formats other than text are in
    :mod:`hooks.core.formats`, imported when one is asked for."""
    if fmt == "text":
        return _text([_visible(finding) for finding in findings])
    from hooks.core import formats

    return formats.render(findings, fmt, root)


def write(text: str, stream: TextIO | None = None) -> None:
    """Write output to ``stream`` (standard output by default): a character the stream's
    encoding cannot hold (a non-UTF-8 console) is written as its escape (``\\xe9``)."""
    out = stream or sys.stdout
    encoding = getattr(out, "encoding", None) or "utf-8"
    out.write(text.encode(encoding, "backslashreplace").decode(encoding))


def error(message: str) -> None:
    """A message on standard error (a configuration error, a refused path): one line,
    :func:`visible`, whatever user text it quotes."""
    write(lines([message]), sys.stderr)


def _visible(f: Finding) -> Finding:
    return f._replace(path=visible(f.path), message=visible(f.message), hint=visible(f.hint))


def _text(findings: Sequence[Finding]) -> str:
    shown: list[str] = []
    for f in findings:
        label = "" if f.severity == "error" else "[warning] "
        shown.append(f"{f.path}:{f.line}:{f.column}: {f.code} {label}{f.message}")
        if f.hint:
            shown.append(f"  hint: {f.hint}")
    if findings:
        errors = sum(1 for f in findings if f.severity == "error")
        warnings = len(findings) - errors
        files = len({f.path for f in findings})
        shown.append(
            f"Found {_plural(errors, 'error')} and {_plural(warnings, 'warning')}"
            f" in {_plural(files, 'file')}."
        )
    return lines(shown)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
