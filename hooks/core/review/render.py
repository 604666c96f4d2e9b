"""The review's formats: text, Markdown (one pull request comment), JSON, GitHub workflow
commands and SARIF. JSON schema version 1 (see ``docs/review.md``)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from hooks.core import coverage, files, output
from hooks.core.config import Config
from hooks.core.findings import ORDER, Finding
from hooks.core.output import code_span, escape_data, markdown_cell, printable
from hooks.core.review.report import CODES, UPDATE_NEEDED, Change, Review, Verdict

SCHEMA_VERSION = 1
MARKER = "<!-- threat-model-review -->"
FORMATS = ("text", "markdown", "json", "github", "sarif")
NO_UPDATE = "No threat model updates needed."
ROWS_SHOWN = 50  # changes listed in the Markdown comment
EVIDENCE_SHOWN = 120  # characters of evidence in the Markdown comment
CONFIGURATION_NOTE = (
    "the change edits .threat-model.yaml, and the checks ran with the configuration it brings:"
    " review that change as a change to the gate"
)


def render(config: Config, review: Review, fmt: str, enforce: bool, with_coverage: bool) -> str:
    if fmt == "json":
        return render_json(review)
    if fmt == "markdown":
        return render_markdown(review, enforce, with_coverage, len(config.areas))
    if fmt in ("github", "sarif"):
        findings = to_findings(config, review, enforce)
        text = output.render(findings, fmt, config.root)
        if fmt == "github":
            text = output.lines((text + _notices(review)).splitlines())
        return text
    return render_text(config, review, enforce)


def verdict_line(review: Review) -> str:
    """One sentence for the whole change."""
    verdicts = [model.verdict for model in review.models]
    if all(v in ("no-update-needed", "updated") for v in verdicts):
        if "updated" in verdicts:
            return f"{NO_UPDATE[:-1]} beyond the models this change updates."
        return NO_UPDATE
    counts: dict[str, int] = {}
    for verdict in verdicts:
        counts[verdict] = counts.get(verdict, 0) + 1
    parts = []
    for name, label in (
        ("update-needed", "need an update"),
        ("missing", "missing"),
        ("stale", "stale"),
    ):
        if counts.get(name):
            parts.append(f"{counts[name]} {label}")
    return f"Threat model work needed: {', '.join(parts)} (of {len(verdicts)} touched)."


def _model_name(verdict: Verdict) -> str:
    return verdict.model if verdict.model is not None else "(no area)"


def render_text(config: Config, review: Review, enforce: bool) -> str:
    mode = "enforce" if enforce else "advisory"
    lines = [f"threat-model review ({mode}): {review.description}"]
    if review.truncated:
        lines.append("note: the diff is too large to read whole; the rest is reviewed by file name")
    if review.configuration_changed:
        lines.append(f"note: {CONFIGURATION_NOTE}")
    for change in review.changes:
        where = printable(files.as_cwd_path(config, change.file))
        model = change.model if change.model is not None else "no area"
        lines.append(
            f"{where}:{change.line}:{change.column}: {change.category}: {change.why}"
            f" [{model}: {', '.join(change.sections)}]"
        )
    for verdict in review.models:
        path = f": {printable(verdict.path)}" if verdict.path else ""
        sections = f" ({', '.join(verdict.sections)})" if verdict.sections else ""
        lines.append(f"{_model_name(verdict)}: {verdict.verdict}{path}: {verdict.why}{sections}")
    lines.append(verdict_line(review))
    return output.lines(lines)


_ICON = {
    "update-needed": "\u26a0\ufe0f update needed",
    "missing": "\u274c missing",
    "stale": "\u26a0\ufe0f stale",
    "updated": "\u2705 updated",
    "no-update-needed": "\u2705 no update needed",
}


def review_section(review: Review, enforce: bool, heading: str = "##") -> list[str]:
    mode = "enforce" if enforce else "advisory"
    lines = [
        f"{heading} Threat model review",
        "",
        f"**{verdict_line(review)}** ({mode} mode; {markdown_cell(review.description)})",
        "",
    ]
    if review.truncated:
        lines += ["The diff is too large to read whole; the rest is reviewed by file name.", ""]
    if review.configuration_changed:
        lines += [f"**Note:** {CONFIGURATION_NOTE[0].upper()}{CONFIGURATION_NOTE[1:]}.", ""]
    if review.models:
        lines += [
            "| Model | Verdict | Sections to revisit | Why |",
            "| --- | --- | --- | --- |",
        ]
        for verdict in review.models:
            model = code_span(verdict.path) if verdict.path else "*no area*"
            lines.append(
                f"| {markdown_cell(_model_name(verdict))}: {model} | {_ICON[verdict.verdict]} | "
                f"{markdown_cell(', '.join(verdict.sections))} | {markdown_cell(verdict.why)} |"
            )
        lines.append("")
    if review.changes:
        lines += [
            f"<details><summary>{len(review.changes)} change(s)</summary>",
            "",
            "| Category | Where | Model | Evidence | Why |",
            "| --- | --- | --- | --- | --- |",
        ]
        for change in review.changes[:ROWS_SHOWN]:
            where = code_span(f"{change.file}:{change.line}")
            lines.append(
                f"| {change.category} | {where} | {markdown_cell(change.model or 'no area')} | "
                f"{code_span(change.evidence, EVIDENCE_SHOWN)} | {markdown_cell(change.why)} |"
            )
        if len(review.changes) > ROWS_SHOWN:
            lines.append(f"| \u2026 | and {len(review.changes) - ROWS_SHOWN} more | | | |")
        lines += ["", "</details>", ""]
    return lines


def render_markdown(review: Review, enforce: bool, with_coverage: bool, configured: int) -> str:
    if not with_coverage:
        return output.lines(
            "\n".join([MARKER, *review_section(review, enforce)]).rstrip("\n").split("\n")
        )
    changes = review.coverage_changes or coverage.Changes(review.source, (), review.description)
    head = coverage.render_markdown(coverage.Report(review.statuses, changes, enforce, configured))
    body = "\n".join(review_section(review, enforce)).rstrip("\n")
    return output.lines((head + "\n" + body).split("\n"))


def _change_json(change: Change) -> dict[str, object]:
    data: dict[str, object] = {
        "category": change.category,
        "file": printable(change.file),
        "line": change.line,
        "model": change.model,
        "sections": change.sections,
        "evidence": change.evidence,
        "why": change.why,
    }
    if change.also:
        data["also"] = [{"line": line, "evidence": text} for line, text in change.also]
    return data


def render_json(review: Review) -> str:
    data = {
        "version": SCHEMA_VERSION,
        "base": review.base,
        "head": review.head,
        "truncated": review.truncated,
        "configuration_changed": review.configuration_changed,
        "changes": [_change_json(change) for change in review.changes],
        "models": [
            {
                "model": verdict.model,
                "path": verdict.path,
                "verdict": verdict.verdict,
                "sections": verdict.sections,
            }
            for verdict in review.models
        ],
    }
    return json.dumps(data, indent=2) + "\n"  # ASCII: every control character an escape


def to_findings(config: Config, review: Review, enforce: bool) -> list[Finding]:
    """The changes, and each model that needs an update, as findings: errors under enforce
    when the change leaves the model behind, else warnings."""
    failing = {v.model for v in review.models if v.failing}
    findings: list[Finding] = []
    for change in review.changes:
        severity = "error" if enforce and change.model in failing else "warning"
        model = change.model_path or "no model (no feature area covers this file)"
        findings.append(
            Finding(
                files.as_cwd_path(config, change.file),
                change.line,
                change.column,
                CODES[change.category],
                severity,  # type: ignore[arg-type]
                f"{change.category}: {change.why}: {change.evidence}",
                f"revisit {', '.join(change.sections)} of {model}",
            )
        )
    for verdict in review.models:
        if verdict.verdict == "update-needed" and verdict.path:
            findings.append(
                Finding(
                    files.as_cwd_path(config, verdict.path),
                    1,
                    1,
                    UPDATE_NEEDED,
                    "error" if enforce else "warning",
                    f"threat model of area '{verdict.model}' needs an update: {verdict.why}",
                    "update the sections, then set Last updated to today's date",
                )
            )
    return sorted(findings, key=ORDER)


def _notices(review: Review) -> str:
    lines = [f"::notice::{escape_data('threat-model review: ' + review.description)}"]
    lines += [
        f"::notice::{escape_data(f'{_model_name(v)}: {v.verdict}: {v.why}')}" for v in review.models
    ]
    if review.configuration_changed:
        lines.append(f"::warning file=.threat-model.yaml::{escape_data(CONFIGURATION_NOTE)}")
    lines.append(f"::notice::{escape_data(verdict_line(review))}")
    return "\n".join(lines) + "\n"


__all__: Sequence[str] = ("FORMATS", "render")
