"""What the index and the coverage check need of a model: its metadata, read quickly."""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass

from hooks.core import runner
from hooks.core.areas import Area
from hooks.core.config import Config
from hooks.core.dates import check_not_future, parse_date
from hooks.core.findings import Reporter
from hooks.core.markdown import Document, heading_matches
from hooks.core.metadata import is_placeholder, read_metadata


@dataclass(frozen=True)
class Model:
    """What the index needs to know of one model."""

    relpath: str
    feature: str
    owner: str
    owner_line: int
    updated: str
    updated_line: int
    date: dt.date | None
    cadence: str


def budget(config: Config, area: Area) -> int:
    """An area's staleness budget in days: its own, else the global one."""
    return area.staleness_days or config.staleness_days


def budgets(config: Config) -> dict[str, int]:
    """Model path -> the budget of the areas whose model it is (the strictest, when several
    areas share a model); models of no area have the global budget."""
    found: dict[str, int] = {}
    for area in config.areas:
        days = budget(config, area)
        found[area.model] = min(days, found.get(area.model, days))
    return found


def model_of(doc: Document, relpath: str, config: Config) -> Model:
    """The metadata of one model: feature, owner, last updated (``date`` when it is a real,
    past date) and review cadence."""
    metadata = read_metadata(doc, config)
    names = [spec.name for spec in config.metadata]
    feature = metadata.get("Feature name") or (metadata.get(names[0]) if names else None)
    owner = metadata.get("Owner")
    date_field = config.date_field
    updated = metadata.get(date_field.name) if date_field else None
    cadence = metadata.get("Review cadence")
    date = None
    if updated is not None:
        reading = parse_date(updated.value)
        if reading.value is not None:
            date = check_not_future(reading.value, updated.value).value
    return Model(
        relpath=relpath,
        feature=(
            feature.value
            if feature and not is_placeholder(feature.value)
            else posixpath.basename(relpath)[:-3]
        ),
        owner=owner.value if owner else "",
        owner_line=owner.line if owner else 1,
        updated=updated.value if updated else "",
        updated_line=updated.line if updated else 1,
        date=date,
        cadence=cadence.value if cadence else "",
    )


def read_head(config: Config, relpath: str, reporter: Reporter) -> Document | None:
    """A model parsed up to where its metadata ends (the whole model when the head lacks a
    field): the index reads many models and needs only their metadata."""
    names = tuple(spec.name for spec in config.sections if spec.metadata)
    for spec in config.sections:
        if spec.metadata:
            names += spec.aliases

    def keep(heading: str) -> bool:
        return heading_matches(heading, names)

    shown = runner.as_cwd_path(config, relpath)
    head = runner.read(config, shown, Reporter(), keep)
    if head is not None and len(read_metadata(head, config)) == len(config.metadata):
        return head
    return runner.read(config, shown, reporter)
