"""TM503-TM507: threat IDs, the threat-to-mitigation mapping, statuses and statement lint."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field

from hooks.core.content.categories import is_letters
from hooks.core.content.ids import Found, ThreatIds, is_technique, key
from hooks.core.content.scan import (
    CATEGORY_COLUMNS,
    DEFAULT_NAMES,
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
)
from hooks.core.content.settings import DEFAULT_THREAT_ID, ContentSettings
from hooks.core.findings import Reporter
from hooks.core.markdown import Block, BlockKind, Table, heading_matches
from hooks.core.names import stems, words
from hooks.core.structure import (
    Entry,
    EntryKind,
    Label,
    LabelKind,
    bold_label,
    column_in_cell,
    columns_of,
    item_label,
    subtree,
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
    described: set[str] = field(default_factory=set)  # defined by a heading or bullet
    ids: ThreatIds = field(default_factory=lambda: ThreatIds(re.compile(DEFAULT_THREAT_ID)))
    not_applicable: set[str] = field(default_factory=set)  # "T4: N/A": nothing to mitigate
    inline_mitigations: bool = False
    _short: tuple[int, dict[str, str]] | None = field(default=None, repr=False, compare=False)

    def refer(self, line: int, found: list[Found]) -> None:
        """Record the IDs that a mitigation beside the threats names on ``line``."""
        self.references.extend((line, item) for item in found)
        self.mitigated.update(item.key for item in found)

    def short_forms(self) -> dict[str, str]:
        """The short forms of the defined IDs, each with the one ID it names: the end of an ID
        after a separator (``T-2`` for ``TM-VP-3-T-2``), when only one defined ID ends so."""
        if self._short is not None and self._short[0] == len(self.defined):
            return self._short[1]
        ends: dict[str, list[str]] = {}
        for defined in self.defined:
            parts = defined.split("-")
            for start in range(1, len(parts)):
                ends.setdefault("-".join(parts[start:]), []).append(defined)
        short = {end: keys[0] for end, keys in ends.items() if len(keys) == 1}
        self._short = (len(self.defined), short)
        return short

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


def collect_threats(
    scope: Scope,
    settings: ContentSettings,
    reporter: Reporter,
    mitigations: Scope | None = None,
    names: tuple[str, ...] = DEFAULT_NAMES["Mitigations"],
) -> ThreatIndex:
    """Collect threat IDs defined in the Threats section; report duplicates (TM503).

    A threat may be defined once in a table and described once in a heading or bullet (a
    summary table and ``### T1: ...`` subsections); another definition is a duplicate. The ID
    column of a threats table defines its IDs whatever their shape; a heading that opens with
    a threat ID defines it wherever it is, outside the Mitigations sections (``names``: theirs)."""
    ids = ThreatIds(settings.threat_id)
    ids = ids.extended(_shape_free_ids(scope, ids))
    index = ThreatIndex(ids=ids)
    headings: dict[int, str] = {}  # the line of a heading -> the threat it defines
    occurrences = _text_definitions(scope, ids, index, names, headings)
    if scope.found:
        occurrences += _heading_definitions(scope, mitigations, ids, names, headings)
    occurrences += _table_definitions(scope, ids, index, headings)
    first: dict[tuple[str, bool], int] = {}
    for occurrence in sorted(occurrences, key=lambda item: item.line):
        threat_key = key(occurrence.text)
        earlier = first.setdefault((threat_key, occurrence.in_table), occurrence.line)
        if earlier != occurrence.line:
            reporter.add(
                "TM503",
                path=scope.doc.path,
                line=occurrence.line,
                column=occurrence.column,
                message=f"threat ID {occurrence.text} is already used on line {earlier}",
                hint="give each threat its own ID",
            )
        index.defined.setdefault(
            threat_key, Definition(occurrence.text, occurrence.line, occurrence.column)
        )
        if not occurrence.in_table:
            index.described.add(threat_key)
    return index


_TO_DO = re.compile(r"(?:(?:tbd|tba|todo|fixme|more to come|to do|etc)\s*)+")
_ANY_ID = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*")
_LINK_ONLY = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+\[[^\]]*\]\([^)]*\)\W*$")
MAX_ID = 40  # characters


def _shape_free_ids(scope: Scope, ids: ThreatIds) -> list[str]:
    """The IDs in the ID column of the threats tables that the ID pattern does not read
    (``M01`` beside ``T01``): a word with a digit opening the cell."""
    found: list[str] = []
    for table in _threat_tables(scope, ids):
        index = column(table, *ID_COLUMNS)
        if index is None:
            continue
        header = cell(table.header.cells, index)
        for row in table.rows:
            value = cell(row.cells, index).strip("*_`[ ")
            match = _ANY_ID.match(value)
            if match is None or ids.leading(value, header) is not None:
                continue
            text = match.group(0)
            if len(text) <= MAX_ID and any(c.isdigit() for c in text) and not is_technique(text):
                found.append(text)
    return found


def _threat_tables(scope: Scope, ids: ThreatIds) -> Iterator[Table]:
    """The tables of the Threats scope that define threats: not a risk summary inside a model
    that has a Threats section, and not a table that maps mitigations to threats."""
    outline = scope.outline
    summary = [(s.line, s.end_line) for s in find_scope(outline, RISK_SUMMARY_NAMES).sections]
    for table in scope.tables():
        if scope.found and any(start <= table.line < end for start, end in summary):
            continue
        if not maps_mitigations(table, ids):
            yield table


def _is_mitigation(label: Label, ids: ThreatIds, names: tuple[str, ...]) -> bool:
    """Whether a label opens mitigations: a heading named as the Mitigations section after
    the threat ID that opens it (``### T1 Recommended mitigations``, ``#### Mitigation``; not
    ``#### T-S-01: Token forgery ✅ MITIGATED``), or a ``**Mitigations:**`` field."""
    text = label.text
    if label.kind is LabelKind.HEADING:
        lead = ids.leading(text)
        if lead is not None and lead in text:
            text = text[text.index(lead) + len(lead) :].lstrip(" :.-\u2013\u2014")
        return bool(text) and heading_matches(text, names)
    return (
        bool(_MITIGATION_LABEL.search(text))
        or words(text) in ("controls", "security controls", "current controls", "existing controls")
        or heading_matches(text, names)
    )


def _text_definitions(
    scope: Scope,
    ids: ThreatIds,
    index: ThreatIndex,
    names: tuple[str, ...],
    headings: dict[int, str],
) -> list[_Occurrence]:
    """IDs opening headings, list items and labels; the IDs that mitigations written beside
    the threats name are recorded in ``index``, and so is a threat whose own section
    (``#### Threat ID 10 ...``) has a Mitigation field that names a mitigation. A list item
    that is only a link (a table of contents) defines nothing."""
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
        link_only = entry.kind is EntryKind.ITEM and _LINK_ONLY.match(doc.source_line(entry.line))
        if entry.kind is EntryKind.ROW:
            in_mitigation = False  # tables say it in their own Mitigation column
        elif label is not None:
            in_mitigation = _is_mitigation(label, ids, names)
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
        elif threat_id is not None and not link_only:
            at = columns_of(doc.source_line(entry.line), [threat_id])[0]
            found.append(_Occurrence(entry.line, threat_id, in_table=False, column=at))
            if heading:
                section = (key(threat_id), entry.level)
                headings[entry.line] = key(threat_id)
            elif label is not None and is_na(label.rest):
                index.not_applicable.add(key(threat_id))
    return found


def _heading_definitions(
    scope: Scope,
    mitigations: Scope | None,
    ids: ThreatIds,
    names: tuple[str, ...],
    headings: dict[int, str],
) -> list[_Occurrence]:
    """Threat IDs opening headings outside the Threats and Mitigations sections (a threat's
    heading one level too high)."""
    inside = list(scope.ranges())
    if mitigations is not None and mitigations.found:
        inside += mitigations.ranges()
    found: list[_Occurrence] = []
    for entry in scope.outline.all:
        if entry.kind is not EntryKind.HEADING or entry.label is None:
            continue
        if any(start <= entry.line < end for start, end in inside):
            continue
        threat_id = ids.leading(entry.text)
        if threat_id is None or _is_mitigation(entry.label, ids, names):
            continue
        at = columns_of(scope.doc.source_line(entry.line), [threat_id])[0]
        found.append(_Occurrence(entry.line, threat_id, in_table=False, column=at))
        headings[entry.line] = key(threat_id)
    return found


def _mitigates(value: str) -> bool:
    """Whether a mitigation value names one: not blank, and not N/A or None without a reason."""
    value = value.strip(" *_")
    return not is_blank(value) and not is_na_without_reason(value)


def _table_definitions(
    scope: Scope, ids: ThreatIds, index: ThreatIndex, headings: dict[int, str]
) -> list[_Occurrence]:
    """IDs in the ID column (or first column) of threats tables; a filled Mitigation column
    mitigates its row's threat. The IDs of mitigation tables are recorded in ``index``. A row
    under the heading of its own threat (``### EGTM-001 ...`` over ``| EGTM-001 | High |``)
    details that threat; it does not define it again."""
    found: list[_Occurrence] = []
    heading_lines = sorted(
        entry.line for entry in scope.outline.all if entry.kind is EntryKind.HEADING
    )
    threat_tables = {id(table) for table in _threat_tables(scope, ids)}
    for table in scope.tables():
        if maps_mitigations(table, ids):
            index.inline_mitigations = True
            for row in table.rows:
                entry = Entry(EntryKind.ROW, row.line, "", cells=row.cells, table=table)
                index.refer(row.line, found_ids(scope.doc, entry, ids))
            continue
        if id(table) not in threat_tables:
            continue
        id_col = column(table, *ID_COLUMNS)
        if id_col is None:
            id_col = 0
        header = cell(table.header.cells, id_col)
        mitigation_col = column(table, *MITIGATION_COLUMNS, exclude=STATUS_COLUMNS)
        if mitigation_col is not None:
            index.inline_mitigations = True
        text_col = threat_column(table)
        above = bisect_left(heading_lines, table.line)
        owner = headings.get(heading_lines[above - 1]) if above else None
        for row in table.rows:
            threat_id = ids.leading(cell(row.cells, id_col), header)
            if threat_id is None:
                continue
            if key(threat_id) != owner:
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
    ids = index.ids
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
                "TM505",
                path=path,
                line=number,
                column=found.offset + 1,
                message=f"mitigation names threat {found.text}, which is not defined in the model",
                hint=f"use an ID from the Threats section (defined: {known})",
            )
    if threats.found:  # elsewhere, a Status is anything's status (a document's Draft)
        check_statuses(threats, settings, reporter)
    if not (mitigations.found or index.inline_mitigations):
        return
    referenced = index.mitigated | {found.key for _, found in named}
    for threat_key, definition in sorted(index.defined.items(), key=lambda item: item[1].line):
        if threat_key not in referenced and threat_key not in index.not_applicable:
            threat_id = definition.text
            reporter.add(
                "TM504",
                path=path,
                line=definition.line,
                column=definition.column,
                message=f"threat {threat_id} is not referenced by any mitigation",
                hint=f"name {threat_id} in the Mitigations section (a Threat column,"
                f" '({threat_id})' or '**Addresses**: {threat_id}'), or accept the risk there",
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
            reporter.add(
                "TM506",
                path=path,
                line=row.line,
                column=at,
                message=f"unknown mitigation status '{value}'",
                hint=hint,
            )
    for entry in scope.entries():
        label = entry.label
        if entry.kind in (EntryKind.HEADING, EntryKind.ROW):
            continue
        if label is not None and words(label.text) in ("status", "mitigation status"):
            value = label.rest
        else:  # "- Tokens are bound to the device (T1). Status: Planned."
            match = _INLINE_STATUS.search(entry.text)
            value = match.group("value") if match is not None else ""
        value = value.strip().rstrip(".;").strip(" *_")
        if value and not _status_ok(value, settings):
            at = columns_of(scope.doc.source_line(entry.line), [value])[0]
            message = f"unknown mitigation status '{value}'"
            reporter.add("TM506", path=path, line=entry.line, column=at, message=message, hint=hint)


# a status closing a line: "... (T1). Status: Planned."
_INLINE_STATUS = re.compile(
    r"(?:^|[.;:)]\s+|\s\W\s)\**(?:mitigation\s+)?status\**\s*:\**\s*(?P<value>[^:;]{1,40}?)\s*[.;]?$",
    re.IGNORECASE,
)


def _detail_columns(table: Table, skip: int | None) -> list[int]:
    found = []
    for index, header in enumerate(table.header.cells):
        if index != skip and any(word in words(header).split() for word in DETAIL_WORDS):
            found.append(index)
    return found


def _describes(value: str, settings: ContentSettings) -> bool:
    """Whether a detail cell describes (a rating such as ``High`` or ``3`` does not)."""
    return not is_blank(value) and not is_rating(value, settings.risk_scale)


def check_statements(
    scope: Scope,
    settings: ContentSettings,
    reporter: Reporter,
    index: ThreatIndex | None = None,
    names: tuple[str, ...] = DEFAULT_NAMES["Mitigations"],
) -> None:
    """TM507: a threat that is a bare noun phrase (three words or fewer, nothing else).

    Only the Threats section holds threats. A row that names a threat described in a heading
    or bullet of the model (a risk register, a mapping) is no statement of it; a bullet that
    is a field (``**Likelihood:** High``, ``Actor: ...``), an item of a list of mitigations, or
    a link (a table of contents) is no threat either."""
    path = scope.doc.path
    hint = "state the attacker's goal, method and impact, e.g. 'An attacker replays a stolen"
    hint += " token to read other users' data'"
    index = index or ThreatIndex(ids=ThreatIds(settings.threat_id))
    ids = index.ids
    if not scope.found:
        return  # threats are judged only inside a Threats section
    for table in _threat_tables(scope, ids):
        threat = threat_column(table)
        if threat is None:
            continue
        details = _detail_columns(table, threat)
        id_col = column(table, *ID_COLUMNS)
        header = cell(table.header.cells, id_col if id_col is not None else 0)
        for row in table.rows:
            text = cell(row.cells, threat)
            if is_blank(text) or is_na(text) or len(words(text).split()) > 3:
                continue
            if _only_ids(text, ids):
                continue  # an ID names a threat described elsewhere
            row_id = ids.leading(cell(row.cells, id_col if id_col is not None else 0), header)
            if row_id is not None and key(row_id) in index.described:
                continue  # the threat is described in its heading or bullet
            if any(_describes(cell(row.cells, i), settings) for i in details):
                continue
            at = column_in_cell(scope.doc, row.line, text, threat)
            message = f"threat '{text}' is a bare noun phrase"
            reporter.add("TM507", path=path, line=row.line, column=at, message=message, hint=hint)
    lists = [
        (section, position, block)
        for root in scope.sections
        for section in subtree(scope.doc, root)
        for position, block in enumerate(section.blocks)
        if block.kind is BlockKind.LIST
    ]
    for section, position, block in lists:  # nested bullets are details of the threat above
        if position and _leads_mitigations(section.blocks[position - 1], ids, names):
            continue  # "**Key mitigations implemented:**" over its list
        for item in block.items:
            if any(
                child.kind in (BlockKind.LIST, BlockKind.TABLE, BlockKind.CODE)
                for child in item.children
            ):
                continue
            source = scope.doc.source_line(item.line)
            if _LINK_ONLY.match(source):
                continue
            label = item_label(item)
            if label is not None and not _names_threat(label.text, settings, ids):
                continue  # "- Status: Planned", "- **Actor:** ..." describe a threat
            text = " ".join(item.text.split())
            if label is not None and label.text in text:
                text = text[text.index(label.text) + len(label.text) :].lstrip(" :*_-\u2013\u2014")
            count = len(words(text).split())
            if count == 0 or count > 3 or is_na(text) or _TO_DO.fullmatch(words(text)):
                continue  # an N/A is judged with its category (TM501, TM502); a TBD is no threat
            at = columns_of(source, [text])[0]
            reporter.add(
                "TM507",
                path=path,
                line=item.line,
                column=at,
                message=f"threat '{text}' is a bare noun phrase",
                hint=hint,
            )


def _leads_mitigations(block: Block, ids: ThreatIds, names: tuple[str, ...]) -> bool:
    """Whether a paragraph introduces a list of mitigations (``**Mitigations:**``, ``Key
    mitigations implemented:``)."""
    if block.kind is not BlockKind.PARAGRAPH or not block.lines:
        return False
    last = block.lines[-1]
    text = last.text.strip()
    label = bold_label(last)
    if label is None and text.endswith(":"):
        label = Label(text.rstrip(":"), "", LabelKind.PLAIN)
    return label is not None and not label.rest and _is_mitigation(label, ids, names)


def _names_threat(label: str, settings: ContentSettings, ids: ThreatIds) -> bool:
    """Whether a bullet's label names a threat (a category, a lens, a STRIDE letter, a threat
    ID or the word Threat), so that the bullet is one; any other label names a field."""
    if ids.leading(label) is not None or words(label) in ("threat", "threats"):
        return True
    if is_letters(label):
        return True
    wanted = stems(label)
    return any(
        stems(name) in wanted
        for category in (*settings.categories, *settings.lenses)
        for name in category.names
        if stems(name).strip()
    )
