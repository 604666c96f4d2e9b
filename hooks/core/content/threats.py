"""TM503-TM507: threat IDs, the threat-to-mitigation mapping, statuses and statement lint."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hooks.core.content.ids import Found, ThreatIds, key
from hooks.core.content.scan import (
    CATEGORY_COLUMNS,
    ID_COLUMNS,
    RISK_SUMMARY_NAMES,
    STATUS_COLUMNS,
    Scope,
    cell,
    column,
    find_scope,
    found_ids,
    is_blank,
    is_na,
    is_na_without_reason,
    is_rating,
    words,
)
from hooks.core.content.settings import ContentSettings
from hooks.core.findings import Reporter
from hooks.core.markdown import BlockKind, Table
from hooks.core.structure import (
    Entry,
    EntryKind,
    LabelKind,
    column_in_cell,
    columns_of,
    item_label,
)

MITIGATION_COLUMNS = ("Mitigation", "Mitigations", "Controls", "Countermeasures", "Mitigated by")
REFERENCE_COLUMNS = (
    "Threat",
    "Threats",
    "Threat ID",
    "Threat IDs",
    "Addresses",
    "Mitigates",
    "Mitigated threats",
)
ATTACK_WORDS = ("method", "attack", "scenario", "effect", "vector")  # headers describing threats
THREAT_COLUMNS = ("Threat", "Threat description", "Description", "Scenario", "Title", "Name")
DETAIL_WORDS = (
    "description",
    "method",
    "impact",
    "effect",
    "attack",
    "scenario",
    "how",
    "consequence",
    "vector",
    "details",
    "risk",
)


_MITIGATION_LABEL = re.compile(r"\b(?:mitigat\w*|countermeasures?|remediation)\b", re.IGNORECASE)


_NESTED = (BlockKind.LIST, BlockKind.TABLE, BlockKind.CODE)  # a threat's details below it
FIELD_LABELS = frozenset(
    (
        "status",
        "mitigation status",
        "impact",
        "likelihood",
        "severity",
        "risk",
        "risk level",
        "owner",
        "priority",
        "category",
        "stride",
        "asset",
        "assets",
        "component",
        "references",
        "reference",
        "notes",
        "note",
        "id",
    )
)


@dataclass(frozen=True)
class Definition:
    """Where a threat ID is defined (its line and the column of the ID), as it is written there."""

    text: str
    line: int
    column: int


@dataclass
class ThreatIndex:
    """The threat IDs a model defines and the ones already mitigated, by canonical key
    (``T-04``, ``T04`` and ``T4`` are one threat)."""

    defined: dict[str, Definition] = field(default_factory=dict)
    mitigated: set[str] = field(default_factory=set)
    references: list[tuple[int, Found]] = field(default_factory=list)  # with their lines
    not_applicable: set[str] = field(default_factory=set)  # "T4: N/A": nothing to mitigate
    inline_mitigations: bool = False

    def refer(self, line: int, found: list[Found]) -> None:
        """Record the IDs that a mitigation beside the threats names on ``line``."""
        self.references.extend((line, item) for item in found)
        self.mitigated.update(item.key for item in found)

    def known(self) -> str:
        """The first IDs in the order of the model, for hints."""
        first = sorted(self.defined.values(), key=lambda definition: definition.line)[:8]
        return ", ".join(definition.text for definition in first) or "none"


@dataclass(frozen=True)
class _Occurrence:
    """A threat ID where a threat is defined: in a table row, or in a heading or bullet."""

    line: int
    text: str
    in_table: bool
    column: int


def collect_threats(scope: Scope, settings: ContentSettings, reporter: Reporter) -> ThreatIndex:
    """Collect threat IDs defined in the Threats section; report duplicates (TM503).

    A threat may be defined once in a table and described once in a heading or bullet (a
    summary table and ``### T1: ...`` subsections); another definition is a duplicate."""
    ids = ThreatIds(settings.threat_id)
    index = ThreatIndex()
    occurrences = _text_definitions(scope, ids, index) + _table_definitions(scope, ids, index)
    first: dict[tuple[str, bool], int] = {}
    for occurrence in sorted(occurrences, key=lambda item: item.line):
        threat_key = key(occurrence.text)
        earlier = first.setdefault((threat_key, occurrence.in_table), occurrence.line)
        if earlier != occurrence.line:
            reporter.add(
                scope.doc.path,
                occurrence.line,
                occurrence.column,
                "TM503",
                f"threat ID {occurrence.text} is already used on line {earlier}",
                "give each threat its own ID",
            )
        index.defined.setdefault(
            threat_key, Definition(occurrence.text, occurrence.line, occurrence.column)
        )
    return index


def _text_definitions(scope: Scope, ids: ThreatIds, index: ThreatIndex) -> list[_Occurrence]:
    """IDs opening headings, list items and labels; the IDs that mitigations written beside
    the threats name are recorded in ``index``, and so is a threat whose own section
    (``#### Threat ID 10 ...``) has a Mitigation field that names a mitigation."""
    doc = scope.doc
    found: list[_Occurrence] = []
    in_mitigation = False
    section: tuple[str, int] | None = None  # the threat whose section this is, and its level
    pending: str | None = None  # a threat whose Mitigation field starts on a later line
    for entry in scope.entries():
        label = entry.label
        heading = entry.kind is EntryKind.HEADING
        if pending is not None and entry.text.strip():
            if not heading and _mitigates(entry.text):
                index.mitigated.add(pending)
            pending = None
        if heading and section is not None and entry.level <= section[1]:
            section = None  # the threat's section ends
        threat_id = None
        if entry.kind is EntryKind.ROW:
            in_mitigation = False  # tables say it in their own Mitigation column
        elif label is not None:
            in_mitigation = bool(_MITIGATION_LABEL.search(label.text)) or words(label.text) in (
                "controls",
                "security controls",
                "current controls",
                "existing controls",
            )
            threat_id = ids.leading(label.text)
            if threat_id is None and label.kind is LabelKind.BOLD:
                # "- **Spoofing:** T1. An attacker ...": the ID opens the text after the label
                threat_id = ids.leading(label.rest.strip("*_ "), label.text)
            if in_mitigation and section is not None:
                if not label.rest:
                    pending = section[0]
                elif _mitigates(label.rest):
                    index.mitigated.add(section[0])
        elif entry.kind is EntryKind.ITEM:
            # "- T6 - **Elevation of privilege:** ...": an ID before any label
            threat_id = ids.leading(entry.text.strip("*_ "))
        if in_mitigation:
            # "### T1 Recommended mitigations", "- **Mitigations:** token binding (T1)":
            # mitigations written beside the threats
            index.inline_mitigations = True
            index.refer(entry.line, found_ids(doc, entry, ids))
        elif threat_id is not None:
            at = columns_of(doc.source_line(entry.line), [threat_id])[0]
            found.append(_Occurrence(entry.line, threat_id, in_table=False, column=at))
            if heading:
                section = (key(threat_id), entry.level)
            elif label is not None and is_na(label.rest):
                index.not_applicable.add(key(threat_id))
    return found


def _mitigates(value: str) -> bool:
    """Whether a mitigation value names one: not blank, and not N/A or None without a reason."""
    value = value.strip(" *_")
    return not is_blank(value) and not is_na_without_reason(value)


def _table_definitions(scope: Scope, ids: ThreatIds, index: ThreatIndex) -> list[_Occurrence]:
    """IDs in the ID column (or first column) of threats tables; a filled Mitigation column
    mitigates its row's threat. The IDs of mitigation tables are recorded in ``index``."""
    found: list[_Occurrence] = []
    summary = [(s.line, s.end_line) for s in find_scope(scope.outline, RISK_SUMMARY_NAMES).sections]
    for table in scope.tables():
        if scope.found and any(start <= table.line < end for start, end in summary):
            # a risk summary names the threats of the Threats section; without one, a risk
            # register is where the threats are defined
            continue
        if maps_mitigations(table, ids):
            index.inline_mitigations = True
            for row in table.rows:
                entry = Entry(EntryKind.ROW, row.line, "", cells=row.cells, table=table)
                index.refer(row.line, found_ids(scope.doc, entry, ids))
            continue
        id_col = column(table, *ID_COLUMNS)
        if id_col is None:
            id_col = 0
        header = cell(table.header.cells, id_col)
        mitigation_col = column(table, *MITIGATION_COLUMNS, exclude=STATUS_COLUMNS)
        if mitigation_col is not None:
            index.inline_mitigations = True
        text_col = threat_column(table)
        for row in table.rows:
            threat_id = ids.leading(cell(row.cells, id_col), header)
            if threat_id is None:
                continue
            at = column_in_cell(scope.doc, row.line, threat_id, id_col)
            found.append(_Occurrence(row.line, threat_id, in_table=True, column=at))
            if text_col is not None and is_na(cell(row.cells, text_col)):
                index.not_applicable.add(key(threat_id))
            if mitigation_col is not None and _mitigates(cell(row.cells, mitigation_col)):
                index.mitigated.add(key(threat_id))
    return found


def check_mitigations(
    threats: Scope,
    mitigations: Scope,
    index: ThreatIndex,
    settings: ContentSettings,
    reporter: Reporter,
) -> None:
    """TM504 unmitigated threats, TM505 unknown IDs, TM506 statuses of both sections."""
    path = mitigations.doc.path
    ids = ThreatIds(settings.threat_id)
    named = list(index.references)
    if mitigations.found:
        for entry in mitigations.entries():
            if not entry.is_header:
                named.extend((entry.line, item) for item in found_ids(mitigations.doc, entry, ids))
        check_statuses(mitigations, settings, reporter)
    known = index.known()
    for number, found in named:
        if found.named and found.key not in index.defined:
            reporter.add(
                path,
                number,
                found.offset + 1,
                "TM505",
                f"mitigation names threat {found.text}, which is not defined in the model",
                f"use an ID from the Threats section (defined: {known})",
            )
    if threats.found or mitigations.found or index.inline_mitigations:
        # without a Threats section, a Status column means a mitigation status only in a
        # model that has mitigations
        check_statuses(threats, settings, reporter)
    if not (mitigations.found or index.inline_mitigations):
        return
    referenced = index.mitigated | {found.key for _, found in named}
    for threat_key, definition in sorted(index.defined.items(), key=lambda item: item[1].line):
        if threat_key not in referenced and threat_key not in index.not_applicable:
            threat_id = definition.text
            reporter.add(
                path,
                definition.line,
                definition.column,
                "TM504",
                f"threat {threat_id} is not referenced by any mitigation",
                f"name {threat_id} in the Mitigations section (a Threat column, '({threat_id})'"
                f" or '**Addresses**: {threat_id}'), or accept the risk there",
            )


def threat_column(table: Table) -> int | None:
    """The column of threat text (a ``Threat ID`` or ``Threat category`` column is none)."""
    return column(table, *THREAT_COLUMNS, exclude=(*ID_COLUMNS, *CATEGORY_COLUMNS, *STATUS_COLUMNS))


def maps_mitigations(table: Table, ids: ThreatIds) -> bool:
    """Whether a table maps mitigations to threats, defining none: a Mitigation column, a
    Threat (or Threats, Addresses ...) column that holds only IDs, and no column describing a
    threat (threat text, method, attack, scenario, effect)."""
    if column(table, *MITIGATION_COLUMNS, exclude=STATUS_COLUMNS) is None:
        return False
    named = column(table, *REFERENCE_COLUMNS, exclude=(*CATEGORY_COLUMNS, *STATUS_COLUMNS))
    if named is None or not all(_only_ids(cell(row.cells, named), ids) for row in table.rows):
        return False
    if threat_column(table) not in (None, named):
        return False
    return not any(
        word in words(header).split() for header in table.header.cells for word in ATTACK_WORDS
    )


def _only_ids(value: str, ids: ThreatIds) -> bool:
    """Whether a value holds nothing but threat IDs (``T1``, ``T1, T3``, ``T1 and T2``)."""
    rest = value
    for item in reversed(ids.find(value)):
        if item.named:
            rest = rest[: item.offset] + " " + rest[item.offset + len(item.text) :]
    return not set(words(rest).split()) - {"and", "to"}


def _status_ok(value: str, settings: ContentSettings) -> bool:
    normal = words(value)
    for allowed in settings.mitigation_statuses:
        wanted = words(allowed)
        if normal == wanted or normal.startswith(wanted + " "):
            return True
    return False


def check_statuses(scope: Scope, settings: ContentSettings, reporter: Reporter) -> None:
    path = scope.doc.path
    allowed = ", ".join(settings.mitigation_statuses)
    hint = f"use one of: {allowed} (configurable as 'mitigation_statuses')"
    for table in scope.tables():
        status = column(table, *STATUS_COLUMNS)
        if status is None:
            continue
        for row in table.rows:
            value = cell(row.cells, status)
            if is_blank(value) or _status_ok(value, settings):
                continue
            at = column_in_cell(scope.doc, row.line, value, status)
            reporter.add(path, row.line, at, "TM506", f"unknown mitigation status '{value}'", hint)
    for entry in scope.entries():
        label = entry.label
        if label is None or label.kind is LabelKind.HEADING:
            continue
        if words(label.text) not in ("status", "mitigation status"):
            continue
        if label.rest and not _status_ok(label.rest, settings):
            message = f"unknown mitigation status '{label.rest}'"
            reporter.add(path, entry.line, 1, "TM506", message, hint)


def _detail_columns(table: Table, skip: int | None) -> list[int]:
    found = []
    for index, header in enumerate(table.header.cells):
        if index != skip and any(word in words(header).split() for word in DETAIL_WORDS):
            found.append(index)
    return found


def _describes(value: str, settings: ContentSettings) -> bool:
    """Whether a detail cell describes (a rating such as ``High`` or ``3`` does not)."""
    return not is_blank(value) and not is_rating(value, settings.risk_scale)


def check_statements(scope: Scope, settings: ContentSettings, reporter: Reporter) -> None:
    """TM507: a threat that is a bare noun phrase (three words or fewer, nothing else)."""
    path = scope.doc.path
    hint = "state the attacker's goal, method and impact, e.g. 'An attacker replays a stolen"
    hint += " token to read other users' data'"
    ids = ThreatIds(settings.threat_id)
    for table in scope.tables():
        threat = threat_column(table)
        if threat is None or maps_mitigations(table, ids):
            continue
        details = _detail_columns(table, threat)
        for row in table.rows:
            text = cell(row.cells, threat)
            if is_blank(text) or is_na(text) or len(words(text).split()) > 3:
                continue
            if _only_ids(text, ids):
                continue  # an ID names a threat described elsewhere
            if any(_describes(cell(row.cells, index), settings) for index in details):
                continue
            at = column_in_cell(scope.doc, row.line, text, threat)
            message = f"threat '{text}' is a bare noun phrase"
            reporter.add(path, row.line, at, "TM507", message, hint)
    if not scope.found:
        return  # bullets are judged as threats only inside a Threats section
    top_level = [
        block
        for root in scope.sections
        for section in scope.doc.subtree(root)
        for block in section.blocks
        if block.kind is BlockKind.LIST
    ]
    for block in top_level:  # nested bullets are details of the threat above them
        for item in block.items:
            if any(
                child.kind in (BlockKind.LIST, BlockKind.TABLE, BlockKind.CODE)
                for child in item.children
            ):
                continue
            source = scope.doc.source_line(item.line)
            label = item_label(item)
            if label is not None and (
                words(label.text) in FIELD_LABELS or _MITIGATION_LABEL.search(label.text)
            ):
                continue  # "- Status: Planned" describes a threat; it is not one
            text = " ".join(item.text.split())
            if label is not None and label.text in text:
                text = text[text.index(label.text) + len(label.text) :].lstrip(" :*_-\u2013\u2014")
            count = len(words(text).split())
            if count == 0 or count > 3 or is_na(text):
                continue  # an N/A is judged with its category (TM501, TM502)
            at = columns_of(source, [text])[0]
            reporter.add(
                path, item.line, at, "TM507", f"threat '{text}' is a bare noun phrase", hint
            )
