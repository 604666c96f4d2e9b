"""``threat-model status``: every model and every feature area, as of today.

The index shows what depends on the models alone (owner, last updated, the review due date);
this report adds what depends on today's date: each model's age and state (current, due
within N days, stale, missing) with its threat counts, and each area's state as the coverage
check sees it. It is a report: it fails nothing (exit 0), so a scheduled job can publish it.

JSON report schema version 1 (see ``docs/status.md``).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Sequence
from dataclasses import dataclass

from hooks.core import files, heatmap
from hooks.core.config import Config
from hooks.core.context import ModelContext
from hooks.core.coverage import AreaStatus, Changes, State, evaluate
from hooks.core.dates import today
from hooks.core.due import due_dates
from hooks.core.findings import Reporter
from hooks.core.heatmap import HeatMap, Risk, risks_of
from hooks.core.models import Model
from hooks.core.output import code_span, lines, markdown_cell, printable, write

SCHEMA_VERSION = 1
FORMATS = ("text", "markdown", "json")
MARKER = "<!-- threat-model-status -->"
DUE_WITHIN = 30  # days, by default


class Review(enum.Enum):
    """Where a model's (or an area's) review stands today."""

    CURRENT = "current"
    DUE = "due"  # due within the report's window
    STALE = "stale"
    MISSING = "missing"


@dataclass(frozen=True)
class ModelReport:
    relpath: str
    feature: str
    owner: str
    updated: str
    age: int | None  # days since Last updated
    due: dt.date | None
    state: Review
    why: str
    threats: int | None = None  # None when the model cannot be read
    unmitigated: int | None = None


@dataclass(frozen=True)
class AreaReport:
    name: str
    model: str
    owner: str
    updated: str
    age: int | None
    due: str
    state: Review
    why: str


@dataclass(frozen=True)
class Report:
    today: dt.date
    due_within: int
    models: tuple[ModelReport, ...]
    areas: tuple[AreaReport, ...]
    heat_map: HeatMap


class _Gather:
    """A model check that keeps each model's threat counts and the rows of its risk summary
    (the pipeline runs it once per model, on the parse every check shares)."""

    def __init__(self) -> None:
        self.found: dict[str, tuple[int, int]] = {}
        self.risks: list[Risk] = []

    def __call__(self, model: ModelContext, reporter: Reporter) -> None:
        from hooks.core.content.summary import threat_counts

        counts = threat_counts(model)
        self.found[model.relpath] = (counts.threats, counts.unmitigated)
        self.risks += risks_of(model)


def _state(due: dt.date, now: dt.date, window: int) -> Review:
    if due < now:
        return Review.STALE
    return Review.DUE if (due - now).days <= window else Review.CURRENT


def _model_report(
    relpath: str,
    model: Model | None,
    due: dt.date | None,
    counts: tuple[int, int] | None,
    now: dt.date,
    window: int,
) -> ModelReport:
    threats, unmitigated = counts if counts is not None else (None, None)
    if model is None:
        return ModelReport(relpath, "", "", "", None, None, Review.MISSING, "cannot be read")
    common = (relpath, model.feature, model.owner, model.updated)
    if model.date is None:
        why = "no valid Last updated date" if model.updated else "no Last updated date"
        return ModelReport(*common, None, None, Review.MISSING, why, threats, unmitigated)
    age = (now - model.date).days
    assert due is not None  # a real, past date plus a budget of at most a few years
    state = _state(due, now, window)
    why = f"review was due {due}" if state is Review.STALE else f"review due {due}"
    return ModelReport(*common, age, due, state, why, threats, unmitigated)


def _area_report(status: AreaStatus, now: dt.date, window: int) -> AreaReport:
    model = status.model
    age = (now - model.date).days if model is not None and model.date is not None else None
    if status.status is State.STALE:
        state = Review.STALE
    elif status.status is State.MISSING:
        state = Review.MISSING
    else:
        state = _state(dt.date.fromisoformat(status.due), now, window)
    return AreaReport(
        status.area.name,
        status.area.model,
        status.owner,
        status.last_updated,
        age,
        status.due,
        state,
        status.why,
    )


def build(config: Config, window: int, now: dt.date | None = None) -> Report:
    """The report: every model of the repository (each parsed once) and every area."""
    from hooks.core.pipeline import check_files

    now = now or today()
    counts = _Gather()
    candidates = files.repository_files(config)
    summaries = check_files(config, candidates, Reporter(), [counts])
    read = {path: model for path, model in summaries.items() if model is not None}
    due = due_dates(read, config)
    models = tuple(
        _model_report(
            relpath,
            summaries[relpath],
            due[relpath].date if relpath in due else None,
            counts.found.get(relpath),
            now,
            window,
        )
        for relpath in sorted(summaries)
    )
    statuses = evaluate(config, Changes("audit", (), "full audit"), now, known=read)
    areas = tuple(_area_report(status, now, window) for status in statuses)
    return Report(now, window, models, areas, heatmap.of_risks(config, counts.risks))


# --------------------------------------------------------------------------- formats


def _tally(states: Sequence[Review]) -> dict[str, int]:
    return {state.value: sum(1 for s in states if s is state) for state in Review}


def _summary(report: Report) -> str:
    def said(what: str, states: Sequence[Review]) -> str:
        tally = _tally(states)
        parts = ", ".join(f"{count} {name}" for name, count in tally.items())
        return f"{len(states)} {what if len(states) == 1 else what + 's'} ({parts})"

    models = said("model", [m.state for m in report.models])
    areas = said("feature area", [a.state for a in report.areas])
    return f"{models}; {areas}."


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def render_text(report: Report) -> str:
    shown = [f"threat-model status on {report.today} (due within {report.due_within} days)"]
    shown.append("Models:")
    for m in report.models:
        counts = (
            f"; threats: {m.threats}, unmitigated: {m.unmitigated}" if m.threats is not None else ""
        )
        owner = f"; owner {m.owner}" if m.owner else ""
        updated = f"; last updated {m.updated}" if m.updated else ""
        age = f" ({_days(m.age)} ago)" if m.age is not None else ""
        shown.append(f"  {m.relpath}: {m.state.value}: {m.why}{owner}{updated}{age}{counts}")
    if not report.models:
        shown.append("  (none)")
    shown.append("Areas:")
    for a in report.areas:
        owner = f"; owner {a.owner}" if a.owner else ""
        shown.append(f"  {a.name}: {a.state.value}: {a.model}: {a.why}{owner}")
    if not report.areas:
        shown.append("  (none)")
    shown.append("Risk heat map (the risk summaries of every model):")
    shown += [f"  {line}" if line else "" for line in heatmap.text(report.heat_map).splitlines()]
    shown.append(_summary(report))
    return lines(shown)


_ICON = {
    Review.CURRENT: "\u2705 current",
    Review.DUE: "\u23f0 due",
    Review.STALE: "\u26a0\ufe0f stale",
    Review.MISSING: "\u274c missing",
}


def render_markdown(report: Report) -> str:

    def path(relpath: str) -> str:
        return code_span(relpath)

    def number(value: int | None) -> str:
        return "\u2014" if value is None else str(value)

    shown = [
        MARKER,
        "## Threat model status",
        "",
        f"**{_summary(report)}** (on {report.today}; due within {report.due_within} days)",
        "",
        "### Models",
        "",
    ]
    if report.models:
        shown += [
            "| Model | Feature | Owner | Last updated | Age (days) | Review due | State"
            " | Threats | Unmitigated |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for m in report.models:
            shown.append(
                f"| {path(m.relpath)} | {markdown_cell(m.feature)} | {markdown_cell(m.owner)} |"
                f" {markdown_cell(m.updated)} | {number(m.age)} | {m.due or chr(0x2014)} |"
                f" {_ICON[m.state]} | {number(m.threats)} | {number(m.unmitigated)} |"
            )
    else:
        shown.append("No threat model yet.")
    shown += ["", "### Feature areas", ""]
    if report.areas:
        shown += [
            "| Area | Model | Owner | Last updated | Age (days) | Due | State |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for a in report.areas:
            shown.append(
                f"| {markdown_cell(a.name)} | {path(a.model)} | {markdown_cell(a.owner)}"
                f" | {markdown_cell(a.updated)}"
                f" | {number(a.age)} | {a.due or chr(0x2014)} | {_ICON[a.state]} |"
            )
    else:
        shown.append("No feature area is configured (`areas:` in `.threat-model.yaml`).")
    shown += ["", "### Risk heat map", "", *heatmap.markdown(report.heat_map).splitlines()]
    return lines(shown)


def render_json(report: Report) -> str:
    data = {
        "schema_version": SCHEMA_VERSION,
        "today": report.today.isoformat(),
        "due_within_days": report.due_within,
        "models": [
            {
                "path": printable(m.relpath),
                "feature": printable(m.feature) or None,
                "owner": printable(m.owner) or None,
                "last_updated": printable(m.updated) or None,
                "age_days": m.age,
                "review_due": m.due.isoformat() if m.due else None,
                "state": m.state.value,
                "why": printable(m.why),
                "threats": m.threats,
                "unmitigated": m.unmitigated,
            }
            for m in report.models
        ],
        "areas": [
            {
                "name": printable(a.name),
                "model": printable(a.model),
                "owner": printable(a.owner) or None,
                "last_updated": printable(a.updated) or None,
                "age_days": a.age,
                "due": a.due or None,
                "state": a.state.value,
                "why": printable(a.why),
            }
            for a in report.areas
        ],
        "summary": {
            "models": _tally([m.state for m in report.models]),
            "areas": _tally([a.state for a in report.areas]),
        },
        "heat_map": heatmap.as_data(report.heat_map),
    }
    # ASCII: every control character, and every other character, is a JSON escape
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def run_status(config: Config, window: int, fmt: str) -> int:
    """Print the report; exit 0 (it fails nothing)."""
    report = build(config, window)
    if fmt == "json":
        write(render_json(report))
    elif fmt == "markdown":
        write(render_markdown(report))
    else:
        write(render_text(report))
    return 0


__all__ = ["FORMATS", "Report", "Review", "build", "run_status"]
