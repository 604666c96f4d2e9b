"""The output formats other than text: json, github (workflow commands), sarif and gitlab (Code
Quality). Imported only when one of them is asked for (see :func:`hooks.core.output.render`)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from hooks import __version__
from hooks.core.escapes import escape_data, escape_property, lines, printable
from hooks.core.findings import Finding
from hooks.core.rules import RULES

JSON_SCHEMA_VERSION = 1
DOCS_URL = "https://github.com/threat-model-hooks/threat-model-hooks/blob/main/docs/rules.md"


def render(findings: Sequence[Finding], fmt: str, root: Path | None = None) -> str:
    """The findings in one of these formats (see :func:`hooks.core.output.render`)."""
    if fmt == "sarif":
        # ASCII: every control character is a JSON escape
        return json.dumps(sarif(findings, root), indent=2, sort_keys=False) + "\n"
    if fmt == "gitlab":
        return json.dumps(gitlab(findings, root), indent=2) + "\n"
    if fmt == "github":
        return lines(_github(finding, root) for finding in findings)
    if fmt == "json":  # ASCII: every control character is a JSON escape
        return _json([_printable(finding) for finding in findings])
    raise ValueError(f"unknown output format: {fmt}")


def _printable(f: Finding) -> Finding:
    return f._replace(path=printable(f.path), message=printable(f.message), hint=printable(f.hint))


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
