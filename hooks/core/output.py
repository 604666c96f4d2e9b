"""Output formats for findings: text (ruff-like), json, github (workflow commands) and sarif."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from hooks import __version__
from hooks.core.findings import Finding
from hooks.core.rules import RULES

FORMATS = ("text", "json", "github", "sarif")
JSON_SCHEMA_VERSION = 1
DOCS_URL = "https://github.com/threat-model-hooks/threat-model-hooks/blob/main/docs/rules.md"


def render(findings: Sequence[Finding], fmt: str, root: Path | None = None) -> str:
    """The findings in the given format, ending with a newline (empty text when clean).
    SARIF names files relative to ``root``, the repository root, when it is given."""
    if fmt == "json":
        return _json(findings)
    if fmt == "github":
        return "".join(_github(finding) + "\n" for finding in findings)
    if fmt == "sarif":
        return json.dumps(sarif(findings, root), indent=2, sort_keys=False) + "\n"
    return _text(findings)


def _text(findings: Sequence[Finding]) -> str:
    lines: list[str] = []
    for f in findings:
        label = "" if f.severity == "error" else "[warning] "
        lines.append(f"{f.path}:{f.line}:{f.column}: {f.code} {label}{f.message}")
        if f.hint:
            lines.append(f"  hint: {f.hint}")
    if findings:
        errors = sum(1 for f in findings if f.severity == "error")
        warnings = len(findings) - errors
        files = len({f.path for f in findings})
        lines.append(
            f"Found {_plural(errors, 'error')} and {_plural(warnings, 'warning')}"
            f" in {_plural(files, 'file')}."
        )
    return "".join(line + "\n" for line in lines)


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


def _github(f: Finding) -> str:
    """A GitHub Actions workflow command, escaped as the Actions toolkit does."""
    properties = ",".join(
        [
            f"file={escape_property(f.path)}",
            f"line={f.line}",
            f"col={f.column}",
            f"title={escape_property(f.code + ' ' + RULES[f.code].name)}",
        ]
    )
    message = f.message + (f"\n{f.hint}" if f.hint else "")
    return f"::{f.severity} {properties}::{escape_data(message)}"


SRCROOT = "%SRCROOT%"


def _artifact(path: str, root: Path | None) -> dict[str, str]:
    """A SARIF artifact location: relative to the ``%SRCROOT%`` base (the repository root)
    when the file is inside it, else an absolute file URI. ``path`` is as printed: relative
    to the current folder, or absolute."""
    path = path.replace("\\", "/")
    if root is None:
        return {"uri": quote(path)}
    absolute = Path(os.path.normpath(Path.cwd() / path))
    try:
        inner = absolute.relative_to(root)
    except ValueError:
        return {"uri": absolute.as_uri()}
    return {"uri": quote(inner.as_posix()), "uriBaseId": SRCROOT}


def sarif(findings: Sequence[Finding], root: Path | None = None) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run and the rule metadata of every rule; with ``root``,
    files are named relative to it (``uriBaseId`` ``%SRCROOT%``)."""
    codes = sorted(RULES)
    index = {code: position for position, code in enumerate(codes)}
    rules = [
        {
            "id": code,
            "name": RULES[code].name,
            "shortDescription": {"text": RULES[code].summary},
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
            "message": {"text": f.message + (f" ({f.hint})" if f.hint else "")},
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
