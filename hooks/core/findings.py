"""Findings and the reporter that collects them under the configured severities."""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple, cast

from hooks.core.rules import RULES, Severity

if TYPE_CHECKING:
    from hooks.core.source import Problem


class Finding(NamedTuple):
    """One problem at one place. Sorting orders findings by path, line, column and code."""

    path: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str
    hint: str = ""


# Finding's own order (its fields in turn), as a key: sorting many findings by their
# generated ``__lt__`` costs a Python call for each comparison.
ORDER = operator.attrgetter("path", "line", "column", "code", "severity", "message", "hint")


class Reporter:
    """Collects findings, applying per-rule severity overrides (``off`` drops a finding)."""

    def __init__(self, overrides: Mapping[str, str] | None = None) -> None:
        self._overrides = dict(overrides or {})
        self._findings: set[Finding] = set()

    def raise_default(self, code: str, severity: str) -> None:
        """Use ``severity`` for ``code`` unless the configuration sets one."""
        self._overrides.setdefault(code, severity)

    def severity(self, code: str) -> str:
        return self._overrides.get(code, RULES[code].severity)

    def add(
        self, code: str, *, path: str, line: int, column: int, message: str, hint: str = ""
    ) -> None:
        """Report rule ``code`` at ``path``:``line``:``column`` (1-based; a smaller number is
        taken as 1), unless the configuration turns the rule off."""
        severity = self.severity(code)
        if severity == "off":
            return
        self._findings.add(
            Finding(
                path, max(line, 1), max(column, 1), code, cast(Severity, severity), message, hint
            )
        )

    def fresh(self) -> Reporter:
        """An empty reporter with this one's severities."""
        return Reporter(self._overrides)

    def extend(self, findings: Iterable[Finding]) -> None:
        """Take findings another reporter (of the same severities) collected."""
        self._findings.update(findings)

    def add_problem(self, path: str, problem: Problem) -> None:
        """Report an input problem found while reading ``path``."""
        self.add(
            problem.code,
            path=path,
            line=problem.line,
            column=problem.column,
            message=problem.message,
            hint=problem.hint,
        )

    @property
    def findings(self) -> list[Finding]:
        return sorted(self._findings, key=ORDER)  # as Finding's order, without its __lt__


def shorten(text: str, width: int = 60) -> str:
    """Text from a model as a message quotes it: at most ``width`` characters."""
    return text if len(text) <= width else text[: width - 3] + "..."


def exit_code(findings: Iterable[Finding]) -> int:
    """0 when clean or only warnings, 1 when any finding is an error."""
    return 1 if any(finding.severity == "error" for finding in findings) else 0
