"""TM510-TM513: the risk summary table and the risk scale."""

from __future__ import annotations

from hooks.core.content.ids import Found
from hooks.core.content.scan import (
    ID_COLUMNS,
    RISK_SUMMARY_NAMES,
    Scope,
    cell,
    column,
    find_scope,
    is_blank,
    is_rating,
    on_scale,
)
from hooks.core.content.settings import ContentSettings
from hooks.core.content.threats import ThreatIndex, check_statuses
from hooks.core.findings import Reporter
from hooks.core.markdown import Document, Table, cell_spans
from hooks.core.structure import Outline, cell_span, column_in_cell, columns_of

LIKELIHOOD = ("Likelihood", "Probability", "Likelihood rating")
IMPACT = ("Impact", "Impact rating", "Consequence", "Severity")
THREAT = ("Threat", "Threat ID", "ID", "Threats", "Risk", "Risk ID", "Threat name", "#")
STATUS = ("Mitigation status", "Status", "State")


def check_risk(
    outline: Outline, index: ThreatIndex, settings: ContentSettings, reporter: Reporter
) -> None:
    doc = outline.doc
    summary = find_scope(outline, RISK_SUMMARY_NAMES)
    tables: list[Table] = []
    heat_maps: list[Table] = []  # likelihood x impact grids: no summary tables
    for table in summary.tables() if summary.found else []:
        (heat_maps if is_heat_map(table, settings) else tables).append(table)
    if settings.require_risk_summary and not tables:
        reporter.add(
            "TM513",
            path=doc.path,
            line=summary.line,
            column=1,
            message="the model has no risk summary table",
            hint="add a '## Risk summary' section with a Threat | Likelihood | Impact | Status"
            " table",
        )
    if summary.found:
        check_statuses(summary, settings, reporter)
    for table in tables:
        _check_columns(doc, table, reporter)
        _check_ids(doc, table, index, settings, reporter)
        _check_values(doc, table, settings, reporter, ratings_only=False)
    for table in heat_maps:
        _check_heat_map(doc, table, index, settings, reporter)
    summaries = {id(table) for table in tables + heat_maps}
    for table in Scope(outline, []).tables():
        if id(table) not in summaries:
            _check_values(doc, table, settings, reporter, ratings_only=True)


def is_heat_map(table: Table, settings: ContentSettings) -> bool:
    """Whether a table is a likelihood x impact heat map: its column headers and the first
    cells of its rows are both on the risk scale."""
    columns = [value for value in table.header.cells[1:] if not is_blank(value)]
    rows = [row.cells[0] for row in table.rows if row.cells and not is_blank(row.cells[0])]
    return (
        len(columns) >= 2
        and bool(rows)
        and all(is_rating(value, settings.risk_scale) for value in columns + rows)
    )


def _check_heat_map(
    doc: Document, table: Table, index: ThreatIndex, settings: ContentSettings, reporter: Reporter
) -> None:
    """TM512 for the threat IDs in the cells of a heat map."""
    ids = index.ids
    for row in table.rows:
        source = doc.source_line(row.line)
        spans = cell_spans(source)
        for number, value in enumerate(row.cells[1:], start=1):
            span = spans[number] if number < len(spans) else None
            _unknowns(doc, row.line, ids.find(value), index, reporter, source, span)


def _check_columns(doc: Document, table: Table, reporter: Reporter) -> None:
    for role, names in (
        ("threat", THREAT),
        ("likelihood", LIKELIHOOD),
        ("impact", IMPACT),
        ("mitigation status", STATUS),
    ):
        if column(table, *names) is None:
            reporter.add(
                "TM510",
                path=doc.path,
                line=table.line,
                column=1,
                message=f"risk summary table has no {role} column",
                hint=f"add a '{names[0]}' column",
            )


def _check_ids(
    doc: Document, table: Table, index: ThreatIndex, settings: ContentSettings, reporter: Reporter
) -> None:
    threat = column(table, *ID_COLUMNS)
    if threat is None:
        threat = column(table, *THREAT)
    ids = index.ids
    header = cell(table.header.cells, threat)
    for row in table.rows:
        source = doc.source_line(row.line)
        found = ids.find(cell(row.cells, threat), header)
        _unknowns(doc, row.line, found, index, reporter, source, cell_span(source, threat))


def _unknowns(
    doc: Document,
    line: int,
    found: list[Found],
    index: ThreatIndex,
    reporter: Reporter,
    source: str,
    span: tuple[int, int] | None,
) -> None:
    """TM512 for the IDs ``found`` in a cell (``span`` of the row's ``source``) that the model
    does not define."""
    unknown = [item for item in found if item.named and item.key not in index.defined]
    if unknown:  # a summary may name a threat by the end of its ID (T2 for TM-VP-003-T2)
        short = index.short_forms()
        unknown = [item for item in unknown if item.key not in short]
    for item, at in zip(unknown, columns_of(source, [i.text for i in unknown], span), strict=True):
        reporter.add(
            "TM512",
            path=doc.path,
            line=line,
            column=at,
            message=f"risk summary names threat {item.text}, which the model does not define",
            hint="use an ID from the Threats section",
        )


def _check_values(
    doc: Document, table: Table, settings: ContentSettings, reporter: Reporter, ratings_only: bool
) -> None:
    """TM511 for the likelihood and impact values of a table; with ``ratings_only``, only in
    columns of ratings (at least half their values rate), not in narrative ones."""
    scale = ", ".join(level.name for level in settings.risk_scale)
    for role, names in (("likelihood", LIKELIHOOD), ("impact", IMPACT)):
        index = column(table, *names)
        if index is None:
            continue
        values = [(row.line, cell(row.cells, index)) for row in table.rows]
        values = [(line, value) for line, value in values if not is_blank(value)]
        rated = [value for _, value in values if is_rating(value, settings.risk_scale)]
        if ratings_only and 2 * len(rated) < len(values):
            continue
        for line, value in values:
            if on_scale(value, settings.risk_scale):
                continue
            reporter.add(
                "TM511",
                path=doc.path,
                line=line,
                column=column_in_cell(doc, line, value, index),
                message=f"{role} '{value}' is not on the risk scale",
                hint=f"use one of: {scale} (configurable as 'risk_scale', with aliases)",
            )
