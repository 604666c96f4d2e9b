"""From hits to a review: one change per (category, file), mapped to its area and model and to
the sections to revisit; one verdict per touched model."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from hooks.core import coverage
from hooks.core.areas import AreaMatcher
from hooks.core.config import DEFAULT_SECTIONS, Config
from hooks.core.models import Model, Unread, Version, read_models
from hooks.core.review.detectors import CATEGORIES, Hit

ALSO = 10  # further lines of evidence kept per change
SECTIONS = {
    "trust-boundary": ("Entry points", "Trust boundaries", "Threats"),
    "data-flow": ("Assets", "Trust boundaries", "Threats"),
    "external-integration": ("Assets", "Trust boundaries", "Threats"),
    "auth": ("Threats", "Mitigations"),
    "data-storage": ("Assets", "Threats", "Mitigations"),
    "infrastructure": ("Trust boundaries", "Threats", "Mitigations"),
    "supply-chain": ("Threats", "Mitigations"),
}
_ORDER = ("Assets", "Entry points", "Trust boundaries", "Threats", "Mitigations", "Residual risk")
CODES = {  # the rule of each category's findings (hooks.core.rules)
    "trust-boundary": "TM601",
    "data-flow": "TM602",
    "external-integration": "TM603",
    "auth": "TM604",
    "data-storage": "TM605",
    "infrastructure": "TM606",
    "supply-chain": "TM607",
}
UPDATE_NEEDED = "TM608"
VERDICTS = ("update-needed", "missing", "stale", "updated", "no-update-needed")
LOCKFILE_DETECTOR = "lockfile"


@dataclass
class Change:
    """One category of change in one file: its first line of evidence, and the others."""

    category: str
    file: str
    line: int
    column: int
    evidence: str
    why: str
    model: str | None = None  # the owning area's name; None outside every area
    model_path: str | None = None
    sections: list[str] = field(default_factory=list)
    also: list[tuple[int, str]] = field(default_factory=list)
    more: int = 0  # lines of evidence beyond ``also``


@dataclass
class Verdict:
    """What one touched model needs: ``model`` is the area's name (``None`` for the changes
    in no area)."""

    model: str | None
    path: str | None
    verdict: str
    sections: list[str]
    why: str
    changes: list[Change] = field(default_factory=list)

    @property
    def failing(self) -> bool:
        """Whether the change needs model work it does not do."""
        return bool(self.changes) and self.verdict in ("update-needed", "missing")


def section_names(config: Config) -> dict[str, str]:
    """The default section names as this configuration names them."""
    names: dict[str, str] = {}
    for default in DEFAULT_SECTIONS:
        known = {name.lower() for name in default.names}
        for spec in config.sections:
            if any(name.lower() in known for name in spec.names):
                names[default.name] = spec.name
                break
        else:
            names[default.name] = default.name
    return names


def changes_of(config: Config, hits: Iterable[Hit]) -> list[Change]:
    """One change per (category, file), sorted by file then category, its evidence the first
    hit in line order; mapped to the owning area by the coverage matcher. A category whose
    rule the configuration's ``severity`` turns off is left out."""
    off = {cat for cat, code in CODES.items() if config.severity.get(code) == "off"}
    grouped: dict[tuple[str, str], list[Hit]] = {}
    for hit in hits:
        if hit.category not in off:
            grouped.setdefault((hit.path, hit.category), []).append(hit)
    _drop_lockfiles(grouped)
    matcher = AreaMatcher(config.areas)
    names = section_names(config)
    changes: list[Change] = []
    for (path, category), found in sorted(
        grouped.items(), key=lambda item: (item[0][0], CATEGORIES.index(item[0][1]))
    ):
        found.sort(key=lambda hit: (hit.line, hit.removed, hit.column))
        lines: list[Hit] = []
        for hit in found:
            if not lines or (hit.line, hit.evidence) != (lines[-1].line, lines[-1].evidence):
                lines.append(hit)
        first = lines[0]
        area = matcher.match(path)
        changes.append(
            Change(
                category=category,
                file=path,
                line=first.line,
                column=first.column,
                evidence=first.evidence,
                why=first.why,
                model=area.name if area else None,
                model_path=area.model if area else None,
                sections=[names[name] for name in SECTIONS[category]],
                also=[(hit.line, hit.evidence) for hit in lines[1 : 1 + ALSO]],
                more=max(len(lines) - 1 - ALSO, 0),
            )
        )
    return changes


def _drop_lockfiles(grouped: dict[tuple[str, str], list[Hit]]) -> None:
    """A lockfile beside a changed manifest adds nothing to it: its change is dropped."""
    folders_with_manifests = {
        path.rpartition("/")[0]
        for (path, category), found in grouped.items()
        if category == "supply-chain" and any(h.detector != LOCKFILE_DETECTOR for h in found)
    }
    for (path, category), found in list(grouped.items()):
        if (
            category == "supply-chain"
            and all(h.detector == LOCKFILE_DETECTOR for h in found)
            and path.rpartition("/")[0] in folders_with_manifests
        ):
            del grouped[(path, category)]


def _sections(changes: Sequence[Change]) -> list[str]:
    wanted = {name for change in changes for name in change.sections}
    ordered = [name for name in _ORDER if name in wanted]
    return ordered + sorted(wanted - set(ordered))


def verdicts(
    config: Config,
    changes: Sequence[Change],
    statuses: Sequence[coverage.AreaStatus],
    changed: set[str],
    before: Version | None,
) -> list[Verdict]:
    """A verdict for each touched area (in configuration order), then one for the changes
    that no area owns. ``before`` is the version of the models before the change (``None``
    when there is none)."""
    by_area: dict[str | None, list[Change]] = {}
    for change in changes:
        by_area.setdefault(change.model, []).append(change)
    edited = sorted({s.area.model for s in statuses if s.area.model in changed})
    earlier: dict[str, Model | Unread] = {}
    if edited and before is not None:
        earlier = read_models(config, edited, before)
    result: list[Verdict] = []
    for status in statuses:
        area = status.area
        mine = by_area.get(area.name, [])
        sections = _sections(mine)
        state = _state(status)
        if _moved(status.model, earlier.get(area.model), area.model in changed):
            verdict, why = "updated", "the model is updated in this change (Last updated moved)"
        elif state == "missing":
            verdict, why = "missing", status.why
        elif mine:
            count = f"{len(mine)} change{'s' if len(mine) != 1 else ''}"
            verdict, why = "update-needed", f"{count} that the model does not reflect yet"
        elif state == "stale":
            verdict, why = "stale", status.why
        else:
            verdict, why = "no-update-needed", "no change in this area needs the model updated"
        result.append(Verdict(area.name, area.model, verdict, sections, why, mine))
    outside = by_area.get(None, [])
    if outside:
        result.append(
            Verdict(
                None,
                None,
                "missing",
                _sections(outside),
                "no feature area covers these files: add them to an area with a model",
                outside,
            )
        )
    return result


def _state(status: coverage.AreaStatus) -> str:
    """Coverage's status of an area as a word: ``present``, ``stale`` or ``missing`` (the
    status may be the word itself or an enumeration member whose value it is)."""
    value = status.status
    return str(getattr(value, "value", value))


def _moved(after: Model | None, before: Model | Unread | None, changed: bool) -> bool:
    """Whether the change updates the model: it edits the file and its Last updated moves to
    a later, valid date (or the model is new)."""
    if not changed or after is None or after.date is None:
        return False
    if before is None or isinstance(before, Unread) or before.date is None:
        return True
    return after.date > before.date


@dataclass
class Review:
    base: str | None  # the commit the change is compared with (None: no commit yet)
    head: str | None  # the change's commit (None: the staged change)
    source: str  # range or staged
    description: str
    changes: list[Change] = field(default_factory=list)
    models: list[Verdict] = field(default_factory=list)
    statuses: list[coverage.AreaStatus] = field(default_factory=list)
    coverage_changes: coverage.Changes | None = None
    truncated: bool = False
    configuration_changed: bool = False  # the change edits .threat-model.yaml

    @property
    def failing(self) -> bool:
        return any(verdict.failing for verdict in self.models)
