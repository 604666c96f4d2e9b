"""Risk heat maps: the threats of a model's risk summary (or of many models') on a likelihood x
impact grid, as the content check reads the summary (:mod:`hooks.core.content.risk`: the
tables of a Risk summary section with Likelihood and Impact columns, the levels of
``risk_scale`` with their aliases).

:func:`of_model` and :func:`of_risks` build a :class:`HeatMap`; :func:`markdown` renders it
as a Markdown table (likelihood down, highest first; impact across) followed, where the scale
allows, by a Mermaid ``quadrantChart``; :func:`text` and :func:`as_json` render it for a
terminal and for programs. A threat whose likelihood or impact is off the scale (a number, a
word the scale does not know, a blank) is listed apart, never guessed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from hooks.core import output
from hooks.core.config import Config
from hooks.core.content.ids import ThreatIds
from hooks.core.content.risk import IMPACT, LIKELIHOOD, THREAT, is_heat_map
from hooks.core.content.scan import (
    ID_COLUMNS,
    RISK_SUMMARY_NAMES,
    cell,
    column,
    find_scope,
)
from hooks.core.content.settings import Category
from hooks.core.context import ModelContext
from hooks.core.given import read_given
from hooks.core.names import words
from hooks.core.output import markdown_text

FORMATS = ("text", "markdown", "json")
MAX_POINTS = 100  # a quadrant chart of more points is unreadable: the table alone then
MAX_LABEL = 40  # characters of a threat named by its text rather than an ID
EXIT_USAGE = 2
_POINT = re.compile(r"[^A-Za-z0-9 _.\-]+")


@dataclass(frozen=True)
class Risk:
    """A row of a risk summary: its model, line, threat (its IDs, or its text), and the
    levels of the scale (0 is the lowest) of its likelihood and impact, ``None`` off the
    scale, with the values as written."""

    model: str
    line: int
    threat: str
    likelihood: int | None
    impact: int | None
    written: tuple[str, str]

    @property
    def rated(self) -> bool:
        return self.likelihood is not None and self.impact is not None


@dataclass(frozen=True)
class HeatMap:
    """The risks of one or more models on the scale (its level names, lowest first);
    ``models`` says whether a threat is named with its model."""

    scale: tuple[str, ...]
    risks: tuple[Risk, ...]
    models: bool = False

    def name(self, risk: Risk) -> str:
        return f"{PurePosixPath(risk.model).stem} {risk.threat}" if self.models else risk.threat

    def cell(self, likelihood: int, impact: int) -> list[str]:
        """The threats of a cell, in the order of their models and lines."""
        return [
            self.name(r) for r in self.risks if (r.likelihood, r.impact) == (likelihood, impact)
        ]

    @property
    def unrated(self) -> list[Risk]:
        return [risk for risk in self.risks if not risk.rated]


def level(value: str, scale: Sequence[Category]) -> int | None:
    """The level of the scale a value names (``High``, ``high (data loss)``, an alias), the
    longest name winning (``Very high`` is not ``High``); ``None`` off the scale."""
    normal = words(value)
    best: tuple[int, int] | None = None  # (length of the name, level)
    for index, category in enumerate(scale):
        for name in category.names:
            wanted = words(name)
            named = wanted and (normal == wanted or normal.startswith(wanted + " "))
            if named and (best is None or len(wanted) > best[0]):
                best = (len(wanted), index)
    return None if best is None else best[1]


def risks_of(model: ModelContext) -> list[Risk]:
    """The rows of a model's risk summary tables (those with Likelihood and Impact columns;
    not heat maps), in source order."""
    settings = model.config.content
    summary = find_scope(model.outline, RISK_SUMMARY_NAMES)
    if not summary.found:
        return []
    ids = ThreatIds(settings.threat_id)
    found: list[Risk] = []
    for table in summary.tables():
        likely, impact = column(table, *LIKELIHOOD), column(table, *IMPACT)
        if likely is None or impact is None or is_heat_map(table, settings):
            continue
        threat = column(table, *ID_COLUMNS)
        if threat is None:
            threat = column(table, *THREAT)
        header = cell(table.header.cells, threat)
        for row in table.rows:
            text = cell(row.cells, threat)
            named = [item.text for item in ids.find(text, header) if item.named]
            label = ", ".join(named) if named else " ".join(text.split())
            if len(label) > MAX_LABEL:
                label = label[: MAX_LABEL - 1].rstrip() + "\u2026"
            values = (cell(row.cells, likely), cell(row.cells, impact))
            found.append(
                Risk(
                    model.relpath,
                    row.line,
                    label or f"line {row.line}",
                    level(values[0], settings.risk_scale),
                    level(values[1], settings.risk_scale),
                    values,
                )
            )
    return found


def of_model(model: ModelContext) -> HeatMap:
    """The heat map of one model."""
    scale = tuple(category.name for category in model.config.content.risk_scale)
    return HeatMap(scale, tuple(risks_of(model)))


def of_risks(config: Config, risks: Iterable[Risk]) -> HeatMap:
    """The heat map of the risks of many models (of one configuration), each threat named
    with its model's file name (``payments T3``), sorted by model path and line: the map
    ``threat-model status`` shows."""
    scale = tuple(category.name for category in config.content.risk_scale)
    ordered = sorted(risks, key=lambda risk: (risk.model, risk.line))
    return HeatMap(scale, tuple(ordered), models=True)


# --------------------------------------------------------------------------- rendering


def table(heatmap: HeatMap) -> str:
    """The heat map as a Markdown table: likelihood down (highest first), impact across."""
    scale = heatmap.scale
    lines = [
        "| Likelihood \\\\ Impact | " + " | ".join(markdown_text(name) for name in scale) + " |",
        "| --- |" + " :---: |" * len(scale),
    ]
    for likely in reversed(range(len(scale))):
        cells = [
            ", ".join(markdown_text(n) for n in heatmap.cell(likely, i)) for i in range(len(scale))
        ]
        lines.append(f"| **{markdown_text(scale[likely])}** | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _unrated_lines(heatmap: HeatMap) -> list[str]:
    return [
        f"{heatmap.name(risk)} (line {risk.line}): likelihood '{risk.written[0]}',"
        f" impact '{risk.written[1]}'"
        for risk in heatmap.unrated
    ]


def quadrant_chart(heatmap: HeatMap) -> str | None:
    """The heat map as a Mermaid ``quadrantChart``: each rated threat a point in the middle of
    its cell (side by side when a cell holds several). Only where the scale allows: an even
    number of levels, so that each level falls in one half of an axis, and 1 to
    :data:`MAX_POINTS` points."""
    size = len(heatmap.scale)
    rated = [risk for risk in heatmap.risks if risk.rated]
    if size < 2 or size % 2 or not 0 < len(rated) <= MAX_POINTS:
        return None
    lines = [
        "quadrantChart",
        "  title Risk heat map",
        "  x-axis Low impact --> High impact",
        "  y-axis Low likelihood --> High likelihood",
        "  quadrant-1 Act now",
        "  quadrant-2 Reduce the likelihood",
        "  quadrant-3 Accept or watch",
        "  quadrant-4 Limit the impact",
    ]
    for likely in range(size):
        for impact in range(size):
            names = heatmap.cell(likely, impact)
            for number, name in enumerate(names, 1):
                x = (impact + number / (len(names) + 1)) / size
                y = (likely + 0.5) / size
                point = " ".join(_POINT.sub(" ", name).split()) or "risk"
                lines.append(f"  {point}: [{x:.3f}, {y:.3f}]")
    return "\n".join(lines) + "\n"


def markdown(heatmap: HeatMap) -> str:
    """The heat map as Markdown: the table, the threats off the scale, and the quadrant chart
    where the scale allows it."""
    if not heatmap.risks:
        return "No risk summary rates a threat's likelihood and impact.\n"
    parts = [table(heatmap)]
    unrated = _unrated_lines(heatmap)
    if unrated:
        parts.append("Off the scale:\n\n" + "".join(f"- {markdown_text(x)}\n" for x in unrated))
    chart = quadrant_chart(heatmap)
    if chart is not None:
        parts.append(f"```mermaid\n{chart}```\n")
    return "\n".join(parts)


def text(heatmap: HeatMap) -> str:
    """The heat map as aligned plain text, for a terminal."""
    if not heatmap.risks:
        return "No risk summary rates a threat's likelihood and impact.\n"
    scale = heatmap.scale
    rows = [["Likelihood \\ Impact", *scale]]
    for likely in reversed(range(len(scale))):
        rows.append(
            [scale[likely], *(", ".join(heatmap.cell(likely, i)) for i in range(len(scale)))]
        )
    widths = [max(len(row[index]) for row in rows) for index in range(len(rows[0]))]
    lines = [
        "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    unrated = _unrated_lines(heatmap)
    if unrated:
        lines += ["", "Off the scale:", *(f"  {line}" for line in unrated)]
    return "\n".join(lines) + "\n"


def as_data(heatmap: HeatMap) -> dict[str, object]:
    """The heat map for programs: the scale, the non-empty cells, the threats off the scale."""
    size = len(heatmap.scale)
    cells = [
        {
            "likelihood": heatmap.scale[likely],
            "impact": heatmap.scale[impact],
            "threats": heatmap.cell(likely, impact),
        }
        for likely in reversed(range(size))
        for impact in range(size)
        if heatmap.cell(likely, impact)
    ]
    unrated = [
        {
            "model": risk.model,
            "line": risk.line,
            "threat": risk.threat,
            "likelihood": risk.written[0],
            "impact": risk.written[1],
        }
        for risk in heatmap.unrated
    ]
    return {"scale": list(heatmap.scale), "cells": cells, "off_scale": unrated}


def as_json(heatmap: HeatMap) -> str:
    """:func:`as_data` as JSON."""
    return json.dumps(as_data(heatmap), indent=2) + "\n"  # ASCII: control characters as escapes


RENDERERS = {"text": text, "markdown": markdown, "json": as_json}


def run_heatmap(config: Config, given: str, fmt: str) -> int:
    """Print the heat map of the model ``given`` (a path); 2 for a model that cannot be read."""
    read = read_given(config, given, "threat-model heatmap")
    if read is None:
        return EXIT_USAGE
    output.write(output.lines(RENDERERS[fmt](of_model(read.model)).splitlines()))
    return 0


__all__ = [
    "FORMATS",
    "HeatMap",
    "Risk",
    "as_data",
    "as_json",
    "level",
    "markdown",
    "of_model",
    "of_risks",
    "quadrant_chart",
    "risks_of",
    "run_heatmap",
    "table",
    "text",
]
