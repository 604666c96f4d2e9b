"""Output formats for findings: text (ruff-like), json, github (workflow commands), sarif and
gitlab (Code Quality)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from hooks import __version__
from hooks.core.findings import Finding
from hooks.core.rules import RULES

FORMATS = ("text", "json", "github", "sarif", "gitlab")
ROOTED = ("github", "sarif", "gitlab")  # the formats that name files from the repository root
JSON_SCHEMA_VERSION = 1
DOCS_URL = "https://github.com/threat-model-hooks/threat-model-hooks/blob/main/docs/rules.md"


def render(findings: Sequence[Finding], fmt: str, root: Path | None = None) -> str:
    """The findings in the given format, ending with a newline (empty text when clean, except
    for the JSON formats). GitHub commands, SARIF and GitLab Code Quality name files relative
    to ``root``, the top folder of the git repository, when it is given; text and JSON print
    paths as the findings hold them."""
    if fmt == "sarif":
        # ASCII: every control character is a JSON escape
        return json.dumps(sarif(findings, root), indent=2, sort_keys=False) + "\n"
    if fmt == "gitlab":
        return json.dumps(gitlab(findings, root), indent=2) + "\n"
    if fmt == "github":
        return lines(_github(finding, root) for finding in findings)
    if fmt == "json":  # ASCII: every control character is a JSON escape
        return _json([_printable(finding) for finding in findings])
    return _text([_visible(finding) for finding in findings])


def printable(text: str) -> str:
    """Text that any output can hold: bytes of a file name that are not UTF-8 (read by git's
    ``-z`` output or the file system as surrogate escapes) are written ``\\xff``."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


# What a terminal or a CI log acts on rather than shows: C0 and C1 control characters (new
# lines, ESC, CSI), DEL, the Unicode line and paragraph separators and the bidirectional
# embeddings, overrides and isolates, which reorder what is shown.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_control(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str) -> str:
    """Text as output shows it: :func:`printable`, with every character a terminal or a CI
    log would act on written as its escape (``\\n``, ``\\x1b``, ``\\u202e``), so that text
    from a model, a file name or the configuration can neither start a line of its own (a
    forged finding, a GitHub workflow command) nor drive the terminal."""
    return _CONTROL.sub(_escape_control, printable(text))


# What Markdown reads as markup that text from a model or a file name must not start: a link,
# a code span, HTML, the end of a table cell; and the backslash that escapes them.
_MARKDOWN = re.compile(r"([\\`\[\]<|])")


def markdown_text(text: str) -> str:
    """Text from a model, a file name or the configuration, inert in Markdown and on one line:
    white space runs are one space, and the characters that would start a link, a code span or
    HTML, or end a table cell, are escaped with a backslash, which Markdown reads back as the
    character itself (so the index reads back what ``--fix`` wrote)."""
    return _MARKDOWN.sub(r"\\\1", " ".join(printable(text).split()))


def markdown_cell(text: str, empty: str = "\u2014") -> str:
    """:func:`markdown_text` for a table cell; ``empty`` when there is no text."""
    return markdown_text(text) or empty


def code_span(text: str, limit: int = 0, cell: bool = True) -> str:
    """Text as an inline code span: a backtick is shown as ``'``, a control character as its
    escape (:func:`visible`: a new line as ``\\n``); cut to ``limit`` characters (``…``), if
    given. In a table ``cell`` a pipe is escaped (GFM ends a cell at a pipe even in code);
    elsewhere it is left as it is, since code shows a backslash as written."""
    shown = visible(text).replace("`", "'")
    if limit and len(shown) > limit:
        shown = shown[: limit - 1] + "\u2026"
    span = f"`{shown}`"
    return span.replace("|", "\\|") if cell else span


def lines(texts: Iterable[str]) -> str:
    """Lines of output, each :func:`visible` and ended by a new line: the one place where
    text-like formats (text, GitHub commands, Markdown) end a line."""
    return "".join(visible(text) + "\n" for text in texts)


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
    return dataclasses.replace(
        f, path=visible(f.path), message=visible(f.message), hint=visible(f.hint)
    )


def _printable(f: Finding) -> Finding:
    return dataclasses.replace(
        f, path=printable(f.path), message=printable(f.message), hint=printable(f.hint)
    )


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


def _json(findings: Sequence[Finding]) -> str:
    payload = {
        "version": JSON_SCHEMA_VERSION,
        "tool": {"name": "threat-model-hooks", "version": __version__},
        "findings": [
            {
                "path": f.path,
                "line": f.line,
                "column": f.column,
                "code": f.code,
                "rule": RULES[f.code].name,
                "severity": f.severity,
                "message": f.message,
                "hint": f.hint,
            }
            for f in findings
        ],
        "summary": {
            "errors": sum(1 for f in findings if f.severity == "error"),
            "warnings": sum(1 for f in findings if f.severity == "warning"),
        },
    }
    return json.dumps(payload, indent=2) + "\n"


def escape_data(value: str) -> str:
    """A workflow command's message, escaped as the Actions toolkit does."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A workflow command's property value, escaped as the Actions toolkit does."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _github(f: Finding, root: Path | None) -> str:
    """A GitHub Actions workflow command, escaped as the Actions toolkit does (what is left of
    control characters, :func:`lines` escapes); the file is named from the repository root,
    as GitHub reads it."""
    inner = _below(_absolute(f.path), root) if root else None
    properties = ",".join(
        [
            f"file={escape_property(f.path if inner is None else inner)}",
            f"line={f.line}",
            f"col={f.column}",
            f"title={escape_property(f.code + ' ' + RULES[f.code].name)}",
        ]
    )
    message = f.message + (f"\n{f.hint}" if f.hint else "")
    return f"::{f.severity} {properties}::{escape_data(message)}"


def _absolute(path: str) -> Path:
    """A finding's path (relative to the current folder, or absolute) as an absolute path."""
    return Path(os.path.normpath(Path.cwd() / path))


def _below(absolute: Path, root: Path) -> str | None:
    """An absolute path as a POSIX path relative to ``root``, or ``None`` outside it."""
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return None


SRCROOT = "%SRCROOT%"


def _artifact(path: str, root: Path | None) -> dict[str, str]:
    """A SARIF artifact location: relative to the ``%SRCROOT%`` base (the repository root)
    when the file is inside it, else an absolute file URI. URIs are percent-encoded from the
    file name's bytes."""
    if root is None:
        return {"uri": quote(os.fsencode(path))}
    absolute = _absolute(path)
    inner = _below(absolute, root)
    if inner is None:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(os.fsencode(inner)), "uriBaseId": SRCROOT}


def rule_help(code: str) -> dict[str, dict[str, str]]:
    """A rule's SARIF descriptions and help, from the rule catalogue, with its documentation
    link."""
    rule = RULES[code]
    url = f"{DOCS_URL}#{code.lower()}"
    return {
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": f"{rule.summary} {rule.fix}"},
        "help": {
            "text": f"{rule.summary}\nFix: {rule.fix}\nDocumentation: {url}",
            "markdown": (
                f"**{code} {rule.name}**: {rule.summary}\n\nFix: {rule.fix}\n\n"
                f"[{code} in the rules documentation]({url})"
            ),
        },
    }


def sarif(findings: Sequence[Finding], root: Path | None = None) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run and the rule metadata (descriptions and help) of every
    rule; with ``root``, files are named relative to it (``uriBaseId`` ``%SRCROOT%``)."""
    codes = sorted(RULES)
    index = {code: position for position, code in enumerate(codes)}
    rules = [
        {
            "id": code,
            "name": RULES[code].name,
            **rule_help(code),
            "helpUri": f"{DOCS_URL}#{code.lower()}",
            "defaultConfiguration": {"level": RULES[code].severity},
        }
        for code in codes
    ]
    results = [
        {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": f.severity,
            "message": {"text": printable(f.message + (f" ({f.hint})" if f.hint else ""))},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": _artifact(f.path, root),
                        "region": {"startLine": f.line, "startColumn": f.column},
                    }
                }
            ],
        }
        for f in findings
    ]
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "threat-model-hooks",
                        "version": __version__,
                        "informationUri": DOCS_URL.rsplit("/blob/", 1)[0],
                        "rules": rules,
                    }
                },
                "results": results,
                **({"originalUriBaseIds": {SRCROOT: {"uri": root.as_uri() + "/"}}} if root else {}),
            }
        ],
    }


def gitlab(findings: Sequence[Finding], root: Path | None = None) -> list[dict[str, Any]]:
    """GitLab Code Quality: one issue per finding, named from ``root`` (the repository's top
    folder) when the file is inside it. The fingerprint hashes the path, the code and the
    message, and counts findings that share all three (in line order), so that it stays the
    same when lines shift and differs between two findings alike."""
    seen: dict[tuple[str, str, str], int] = {}
    issues: list[dict[str, Any]] = []
    for f in findings:
        inner = _below(_absolute(f.path), root) if root else None
        path = printable(f.path if inner is None else inner)
        message = printable(f.message)
        same = (path, f.code, message)
        occurrence = seen.get(same, 0)
        seen[same] = occurrence + 1
        fingerprint = hashlib.sha256(
            "\0".join([path, f.code, message, str(occurrence)]).encode("utf-8", "surrogatepass")
        ).hexdigest()
        issues.append(
            {
                "description": f"{f.code} {message}",
                "check_name": f.code,
                "fingerprint": fingerprint,
                "severity": "major" if f.severity == "error" else "minor",
                "location": {"path": path, "lines": {"begin": f.line}},
            }
        )
    return issues
