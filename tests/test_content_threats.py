"""TM503-TM507: threat IDs, threat-to-mitigation mapping, statuses and statement lint."""

from __future__ import annotations

from typing import Any

import pytest

from hooks.core.content import threats
from hooks.core.content.ids import ThreatIds
from hooks.core.content.settings import DEFAULTS
from tests.content_support import FULL_THREATS, MARK, codes, findings, line_of, marked, model

S = "an attacker replays a stolen token to read other users' files"


def threats_in(form: str, ids: tuple[str, ...]) -> str:
    if form == "list":
        body = "".join(f"- {tid}: {S}.\n" for tid in ids)
    elif form == "bold":
        body = "".join(f"- **{tid}:** {S}.\n" for tid in ids)
    elif form == "category-bold":
        body = "".join(f"- **Spoofing:** {tid}. {S}.\n" for tid in ids)
    elif form == "subsection":
        body = "\n".join(f"### {tid} Token replay\n\n{S}.\n" for tid in ids)
    else:
        body = "| ID | Threat |\n|---|---|\n" + "".join(f"| {tid} | {S} |\n" for tid in ids)
    return FULL_THREATS + "\n" + body


def mitigations_in(form: str, refs: tuple[str, ...], status: str = "Implemented") -> str:
    if form == "table":
        return "| Mitigation | Threat | Status |\n|---|---|---|\n" + "".join(
            f"| Bind tokens | {ref} | {status} |\n" for ref in refs
        )
    if form == "inline":
        return f"- Bind tokens to the device ({', '.join(refs)}).\n"
    if form == "addresses":
        return "".join(
            f"### Token binding {n}\n\n**Addresses**: {ref}\n\n**Status**: {status}\n\n"
            for n, ref in enumerate(refs)
        )
    return "".join(f"- **{ref}:** tokens are bound to the device.\n" for ref in refs)


THREAT_FORMS = ("list", "bold", "category-bold", "subsection", "table")
MITIGATION_FORMS = ("table", "inline", "addresses", "bold")
ID_STYLES = (("T1", "T2"), ("T-01", "T-02"), ("TM-AUTH-3", "TM-AUTH-4"))


def relevant(text: str, config: str = "") -> list[tuple[int, str]]:
    return [c for c in codes(text, config) if c[1] in ("TM503", "TM504", "TM505", "TM506")]


@pytest.mark.parametrize("ids", ID_STYLES)
@pytest.mark.parametrize("mform", MITIGATION_FORMS)
@pytest.mark.parametrize("tform", THREAT_FORMS)
def test_every_threat_mitigated_passes(tform: str, mform: str, ids: tuple[str, ...]) -> None:
    text = model(threats_in(tform, ids), mitigations_in(mform, ids))
    assert relevant(text) == []


@pytest.mark.parametrize("mform", MITIGATION_FORMS)
@pytest.mark.parametrize("tform", THREAT_FORMS)
def test_unmitigated_threat_is_reported_at_its_definition(tform: str, mform: str) -> None:
    text = model(threats_in(tform, ("T1", "T2")), mitigations_in(mform, ("T1",)))
    second = next(n for n, line in enumerate(text.split("\n"), 1) if "T2" in line)
    assert relevant(text) == [(second, "TM504")]


@pytest.mark.parametrize("mform", MITIGATION_FORMS)
def test_unknown_threat_id_in_mitigations(mform: str) -> None:
    text = model(threats_in("table", ("T1",)), mitigations_in(mform, ("T1", "T9")))
    assert relevant(text) == [(line_of(text, "T9"), "TM505")]


@pytest.mark.parametrize("tform", THREAT_FORMS)
def test_duplicate_threat_id(tform: str) -> None:
    text = model(threats_in(tform, ("T1", "T1")), mitigations_in("inline", ("T1",)))
    lines = [n for n, line in enumerate(text.split("\n"), 1) if "T1" in line and "(" not in line]
    assert relevant(text) == [(lines[1], "TM503")]


@pytest.mark.parametrize(
    ("value", "mitigated"),
    [
        ("token binding", True),
        ("-", False),
        ("None", False),
        ("N/A", False),
        ("n/a.", False),
        ("N/A: accepted, the tokens expire in a minute", True),
    ],
)
def test_inline_mitigation_column_counts(value: str, mitigated: bool) -> None:
    threats = FULL_THREATS + "\n| ID | Threat | Mitigation |\n|---|---|---|\n"
    threats += f"| T1 | {S} | token binding |\n| T2 | {S} | {value} |\n"
    text = model(threats, "- Nothing named here.\n")
    assert relevant(text) == ([] if mitigated else [(line_of(text, "| T2 |"), "TM504")])


def test_a_threats_table_with_ragged_rows_is_read() -> None:
    threats = FULL_THREATS + "\n| ID | Threat | Mitigation |\n|---|---|---|\n"
    threats += f"| T1 | {S} | token binding |\n| T2 | {S} |\n| T3 | {S} | rate limits | x |\n"
    text = model(threats, "- Nothing named here.\n")
    assert relevant(text) == [(line_of(text, "| T2 |"), "TM504")]


ID_TABLE = "| ID | Threat |\n|---|---|\n"


@pytest.mark.parametrize(
    ("code", "threats", "mitigations"),
    [
        ("TM503", f"{ID_TABLE}| T1 | {S} |\n| **{MARK}T1** | {S} |\n", "- Bind (T1).\n"),
        ("TM503", f"### T1 Replay\n\n{S}.\n\n### 4.2 {MARK}T1 Again\n\n{S}.\n", "- (T1).\n"),
        ("TM503", f"- **T1:** {S}.\n- **{MARK}T1:** {S}.\n", "- Bind (T1).\n"),
        ("TM504", f"> | ID | Threat |\n> |---|---|\n> |  {MARK}T2 | {S} |\n", "- None.\n"),
        ("TM504", f"| Threat | ID |\n|---|---|\n| {S} | [{MARK}T2](#t2) |\n", "- None.\n"),
        ("TM504", f"### Threat {MARK}T2: Replay\n\n{S}.\n", "- None.\n"),
        (
            "TM506",
            f"{ID_TABLE}| T1 | {S} |\n",
            f"| Mitigation | Threat | Status |\n|---|---|---|\n| Bind | T1 | {MARK}Done |\n",
        ),
        ("TM507", f"{ID_TABLE}| T1 | {MARK}Token theft |\n", "- Bind (T1).\n"),
        ("TM507", f"- **Spoofing:** {MARK}Token theft\n", "- Bind.\n"),
    ],
)
def test_findings_point_at_the_id_or_the_cell(code: str, threats: str, mitigations: str) -> None:
    text, places = marked(model(FULL_THREATS + "\n" + threats, mitigations))
    assert [(f.line, f.column) for f in findings(text) if f.code == code] == places


def test_no_ids_no_findings() -> None:
    assert relevant(model()) == []


@pytest.mark.parametrize(
    ("status", "config", "ok"),
    [
        ("Implemented", "", True),
        ("In progress", "", True),
        ("in progress (Q3)", "", True),
        ("N/A", "", True),
        ("Accepted", "", True),
        ("Done", "", False),
        ("Wontfix", "", False),
        ("Done", "mitigation_statuses: [Done, Open]\n", True),
        ("Implemented", "mitigation_statuses: [Done, Open]\n", False),
    ],
)
@pytest.mark.parametrize("mform", ["table", "addresses"])
def test_mitigation_status_vocabulary(mform: str, status: str, config: str, ok: bool) -> None:
    text = model(threats_in("table", ("T1",)), mitigations_in(mform, ("T1",), status))
    expected = (
        [] if ok else [(line_of(text, status if mform == "table" else "**Status**"), "TM506")]
    )
    assert relevant(text, config) == expected


def test_status_message_lists_the_vocabulary() -> None:
    text = model(threats_in("table", ("T1",)), mitigations_in("table", ("T1",), "Done"))
    (finding,) = [f for f in findings(text) if f.code == "TM506"]
    assert "Implemented" in finding.hint
    assert "Done" in finding.message


def test_custom_threat_id_pattern() -> None:
    threats = FULL_THREATS + f"\n### EGTM-001 Self-signed certificates\n\n{S}.\n"
    text = model(threats, "- Rotate certificates (EGTM-002).\n")
    assert relevant(text, "threat_id_pattern: 'EGTM-\\d+'\n") == [
        (line_of(text, "EGTM-001"), "TM504"),
        (line_of(text, "EGTM-002"), "TM505"),
    ]


@pytest.mark.parametrize(
    ("threats", "vague"),
    [
        ("- **Spoofing:** Token theft\n", True),
        ("- **Spoofing:** An attacker steals a token from logs to impersonate admins.\n", False),
        ("- Token theft\n", True),
        ("- Spoofing: Token theft\n", True),
        ("- Token theft\n  - via logs, leading to impersonation\n", False),
        ("| ID | Threat |\n|---|---|\n| T1 | Token theft |\n", True),
        ("| ID | Threat | Impact |\n|---|---|---|\n| T1 | Token theft | admin takeover |\n", False),
        ("| Threat | Likelihood | Impact |\n|---|---|---|\n| T1 | Low | High |\n", False),
        # a rating says nothing of the method or the impact
        ("| ID | Threat | Impact |\n|---|---|---|\n| T1 | Token theft | Critical |\n", True),
        ("| ID | Threat | Risk |\n|---|---|---|\n| T1 | Token theft | 4 |\n", True),
        (
            "| ID | Category | Threat | Likelihood | Impact |\n|---|---|---|---|---|\n"
            "| T1 | Spoofing | Token theft | Low | Critical |\n",
            True,
        ),
        ("| ID | Threat |\n|---|---|\n| T1 | " + S + " |\n", False),
        ("### Token theft\n\nAn attacker reads tokens from logs and reuses them.\n", False),
        ("- **Repudiation:** N/A - nothing to deny\n", False),
        ("- Status: Planned\n", False),
        ("- **Impact:** Token theft\n", False),
        ("- **Mitigation:** Token binding\n", False),
        ("| Threat category | Coverage |\n|---|---|\n| Insider threats | 50% |\n", False),
        ("| Threat ID | Mitigation | Status |\n|---|---|---|\n| T1 | Bind | Planned |\n", False),
    ],
)
def test_threat_statement_lint(threats: str, vague: bool) -> None:
    text = model(FULL_THREATS + "\n" + threats, "- Bind tokens (T1).\n")
    found = [c for c in codes(text) if c[1] == "TM507"]
    if vague:
        assert len(found) == 1
        assert "Token theft" in text.split("\n")[found[0][0] - 1]
    else:
        assert found == []


@pytest.mark.parametrize(
    ("body", "unmitigated"),
    [
        (f"### T1 Token replay\n\n{S}.\n\n### T1 Recommended mitigations\n\n- Bind tokens.\n", []),
        (f"- **T1 Spoofing:** {S}.\n- **Mitigations:** device-bound tokens (T1)\n", []),
        (f"- **T1 Spoofing:** {S}.\n- **Mitigations:** device-bound tokens\n", ["T1"]),
        (f"- **T1:** {S}.\n\n**Mitigation**: bind tokens (T1).\n\n- **T2:** {S}.\n", ["T2"]),
        (f"**Controls**: T1\n\n| ID | Threat |\n|---|---|\n| T1 | {S} |\n", []),
        (f"**Mitigation**: T2\n\n| ID | Threat |\n|---|---|\n| T1 | {S} |\n| T2 | {S} |\n", ["T1"]),
        # a threat's own section names its mitigation
        (f"### T1 Token replay\n\n{S}.\n\n- **Mitigations:** device-bound tokens\n", []),
        (
            f"### T1 Token replay\n\n{S}.\n\n**Mitigation**\n\n- [Bind tokens](#bind)\n\n"
            f"### T2 Upload tampering\n\n{S}.\n\n**Mitigation**\n\n**N/A**\n",
            ["T2"],
        ),
        (f"### T1 Token replay\n\n{S}.\n\n#### Mitigation\n\nNone\n", ["T1"]),
        (f"### T1 Token replay\n\n{S}.\n\n#### Mitigation\n\nN/A: the tokens expire\n", []),
        (
            f"### T1 Token replay\n\n{S}.\n\n**Mitigation**\n\n### T2 Upload\n\n{S}.\n\n"
            "- **Mitigation:** scanning\n",
            ["T1"],
        ),
        (f"### T1 Token replay\n\n{S}.\n\n### Spoofing\n\n- **Mitigation:** bind tokens\n", ["T1"]),
    ],
)
def test_mitigations_written_beside_threats(body: str, unmitigated: list[str]) -> None:
    text = model(FULL_THREATS + "\n" + body, "")
    text = text.replace("## Mitigations\n", "")
    found = [c for c in codes(text) if c[1] == "TM504"]
    assert [text.split("\n")[line - 1] for line, _ in found] == [
        next(line for line in text.split("\n") if f"{tid} " in line or f"{tid}:" in line)
        for tid in unmitigated
    ]


@pytest.mark.parametrize(
    ("token", "is_id"),
    [
        ("T1", True),
        ("T-01", True),
        ("TM-AUTH-3", True),
        ("T-AUTH-3", True),
        ("TM101", False),
        ("TLS", False),
        ("T1000x", False),
        ("ST1", False),
    ],
)
def test_default_threat_id_pattern(token: str, is_id: bool) -> None:
    assert (DEFAULTS.threat_id.fullmatch(token) is not None) == is_id
    assert bool(DEFAULTS.threat_id.search(f"see {token} here")) == is_id


def test_rule_codes_in_mitigations_are_not_threat_ids() -> None:
    text = model(mitigations="- The sections hook reports TM101 for a missing section.\n")
    assert relevant(text) == []


def test_unknown_id_hint_is_computed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # the hint lists the defined IDs: sorting them once per model keeps the check linear
    calls: list[int] = []

    def counting_sorted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return sorted(*args, **kwargs)

    monkeypatch.setattr(threats, "sorted", counting_sorted, raising=False)
    counts = []
    for unknown in (10, 200):
        calls.clear()
        refs = tuple(f"T{n}" for n in range(100, 100 + unknown))
        text = model(threats_in("table", ("T1",)), mitigations_in("inline", ("T1", *refs)))
        assert [code for _, code in relevant(text)] == ["TM505"] * unknown
        counts.append(len(calls))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    ("defined", "named"),
    [("T-04", "T04"), ("T4", "T-04"), ("T04", "T-4"), ("TM-AUTH-03", "TM-AUTH-3")],
)
@pytest.mark.parametrize("tform", THREAT_FORMS)
def test_ids_are_compared_by_canonical_key(tform: str, defined: str, named: str) -> None:
    text = model(threats_in(tform, (defined,)), mitigations_in("inline", (named,)))
    assert relevant(text) == []


def test_ids_are_reported_as_written() -> None:
    text = model(threats_in("table", ("T-04", "T4")), mitigations_in("inline", ("T5",)))
    found = {(f.line, f.code, f.message) for f in findings(text)}
    first, second = line_of(text, "| T-04 |"), line_of(text, "| T4 |")
    assert (second, "TM503", f"threat ID T4 is already used on line {first}") in found
    assert (first, "TM504", "threat T-04 is not referenced by any mitigation") in found
    assert (
        line_of(text, "(T5)"),
        "TM505",
        "mitigation names threat T5, which is not defined in the model",
    ) in found


@pytest.mark.parametrize("written", ["T1-T3", "T1\u2013T3", "T1..T3", "T1 \u2014 T3", "T1 to T3"])
@pytest.mark.parametrize("ids", [("T1", "T2", "T3"), ("T-01", "T-02", "T-03")])
def test_ranges_cover_the_ids_between(written: str, ids: tuple[str, ...]) -> None:
    if ids[0] != "T1":
        written = written.replace("T1", ids[0]).replace("T3", ids[2])
    text = model(threats_in("table", ids), f"- Bind tokens to the device ({written}).\n")
    assert relevant(text) == []


def test_a_range_names_its_ends_only() -> None:
    text = model(threats_in("table", ("T1", "T3")), "- Bind tokens (T1\u2013T4).\n")
    line = line_of(text, "Bind tokens")
    (finding,) = [f for f in findings(text) if f.code in ("TM504", "TM505")]
    assert (finding.line, finding.column, finding.code) == (
        line,
        text.split("\n")[line - 1].index("T4") + 1,
        "TM505",
    )


NUMBERED = f"""
### 4.1 T1 Token replay (Spoofing)

{S}.

### 4.2 Threat T2: Upload tampering

{S}.

- T6 - **Elevation of privilege:** {S}.
- **Threat T7:** {S}.
"""


@pytest.mark.parametrize(
    ("refs", "unmitigated"),
    [(("T1", "T2", "T6", "T7"), []), (("T1",), ["4.2 Threat T2", "- T6 -", "Threat T7"])],
)
def test_ids_after_numbering_or_a_threat_word(
    refs: tuple[str, ...], unmitigated: list[str]
) -> None:
    text = model(FULL_THREATS + NUMBERED, mitigations_in("inline", refs))
    assert relevant(text) == [(line_of(text, needle), "TM504") for needle in unmitigated]


ATTACK_THREATS = f"""
| ID | Threat | ATT&CK technique |
|---|---|---|
| T1 | {S} | T1190 |

#### 1. Supply chain attack

- **MITRE ATT&CK:** T1195.002 (Compromise Software Supply Chain)
- **Technique:** T1036 (Masquerading)

#### 2. Dependency attack

- **MITRE ATT&CK:** T1195.001 (Compromise Software Dependencies)
"""


@pytest.mark.parametrize(
    "mitigation",
    [
        "- Bind tokens (T1).\n",
        "- Bind tokens (T1). ATT&CK mapping: T1190\n",
        "- Bind tokens (T1), see MITRE T1059 and T1195.002\n",
        "| Mitigation | Threat | ATT&CK |\n|---|---|---|\n| Bind tokens | T1 | T1190 |\n",
    ],
)
def test_attack_techniques_are_not_threat_ids(mitigation: str) -> None:
    text = model(FULL_THREATS + ATTACK_THREATS, mitigation)
    assert relevant(text) == []


@pytest.mark.parametrize(
    ("threat", "mitigation"),
    [
        ("- **T1001:** " + S, "- Bind tokens (T1001).\n"),
        ("| ID | Threat |\n|---|---|\n| T1001 | " + S + " |", "- A technique to bind tokens.\n"),
    ],
)
def test_four_digit_threat_ids_outside_attack_contexts(threat: str, mitigation: str) -> None:
    text = model(FULL_THREATS + "\n" + threat + "\n", mitigation)
    expected = [] if "T1001" in mitigation else [(line_of(text, "T1001"), "TM504")]
    assert relevant(text) == expected


SUMMARY_TABLE = "| ID | Threat |\n|---|---|\n" + f"| T1 | {S} |\n| T2 | {S} |\n"
DETAILS = f"### T1: Token replay\n\n{S}.\n\n### T2: Upload tampering\n\n{S}.\n"


@pytest.mark.parametrize("order", ["table first", "details first"])
def test_a_threat_in_a_table_and_in_a_heading_is_one_threat(order: str) -> None:
    body = (
        SUMMARY_TABLE + "\n" + DETAILS if order == "table first" else DETAILS + "\n" + SUMMARY_TABLE
    )
    text = model(FULL_THREATS + "\n" + body, mitigations_in("inline", ("T1", "T2")))
    assert relevant(text) == []
    text = model(FULL_THREATS + "\n" + body, mitigations_in("inline", ("T1",)))
    first_t2 = min(line_of(text, "| T2 |"), line_of(text, "### T2"))
    assert relevant(text) == [(first_t2, "TM504")]


@pytest.mark.parametrize(
    ("body", "earlier"),
    [
        (DETAILS + "\n" + SUMMARY_TABLE + f"| T1 | {S} |\n", "| T1 |"),
        (SUMMARY_TABLE + "\n" + DETAILS + "\n### T1: Again\n\ntext\n", "### T1:"),
        (f"- **T1:** {S}\n\n" + SUMMARY_TABLE + f"\n- **T1:** {S}\n", "- **T1:**"),
    ],
)
def test_a_duplicate_is_reported_at_the_later_occurrence(body: str, earlier: str) -> None:
    text = model(FULL_THREATS + "\n" + body, mitigations_in("inline", ("T1", "T2")))
    later = text.count("\n", 0, text.rindex(earlier)) + 1
    (finding,) = [f for f in findings(text) if f.code == "TM503"]
    assert finding.line == later
    assert finding.message == f"threat ID T1 is already used on line {line_of(text, earlier)}"


MITIGATION_TABLE = (
    "| Threat | Mitigation | Status |\n|---|---|---|\n"
    "| T1 | Bind tokens to the device | Implemented |\n"
    "| T1, T2 | Rotate signing keys | Planned |\n"
)


@pytest.mark.parametrize(
    "layout",
    [
        "# Threat Model: X\n\n## Threats and mitigations\n\n{threats}\n{table}",
        "# Threat Model: X\n\n## STRIDE review\n\n{threats}\n## Mitigations\n\n{table}",
        "# Threat Model: X\n\n## STRIDE review\n\n{threats}\n## Controls\n\n{table}",
    ],
)
def test_mitigation_tables_define_no_threats(layout: str) -> None:
    threats = FULL_THREATS + f"- **T1:** {S}.\n- **T2:** {S}.\n"
    text = layout.format(threats=threats, table=MITIGATION_TABLE)
    assert [c for c in codes(text) if c[1] in ("TM503", "TM504", "TM505", "TM507")] == []
    text = layout.format(threats=threats, table=MITIGATION_TABLE.replace("T1, T2", "T1, T9"))
    found = [(f.line, f.column, f.code) for f in findings(text) if f.code[:4] == "TM50"]
    line = line_of(text, "T9")
    column = text.split("\n")[line - 1].index("T9") + 1
    assert found == [(line_of(text, "- **T2:**"), 5, "TM504"), (line, column, "TM505")]


REGISTER = (
    "| ID | Category | Threat | Likelihood | Impact | Status |\n|---|---|---|---|---|---|\n"
    f"| T1 | Spoofing | {S} | Low | High | Implemented |\n"
)


@pytest.mark.parametrize(
    ("threats", "expected"),
    [
        # no Threats section: the register is where the threats are defined
        ("", []),
        # a Threats section defines the threats; the register only names them
        (f"## Threats\n\n- **T2:** {S}.\n", ["TM505", "TM512"]),
    ],
)
def test_a_risk_register_defines_threats_only_without_a_threats_section(
    threats: str, expected: list[str]
) -> None:
    text = f"# Threat Model: X\n\n{threats}\n## Risk register\n\n{REGISTER}\n## Mitigations\n\n"
    text += "- Bind tokens (T1).\n" + ("- Rate limits (T2).\n" if threats else "")
    found = [code for _, code in codes(text) if code in ("TM504", "TM505", "TM512")]
    assert sorted(found) == expected


@pytest.mark.parametrize(
    "extra",
    [
        f"| Threat | Scenario | Status |\n|---|---|---|\n| Replay | {S} | Done |\n",
        f"- **Spoofing:** {S}.\n  - **Status:** Done\n",
    ],
)
def test_statuses_in_the_threats_section_are_checked_without_mitigations(extra: str) -> None:
    text = model(FULL_THREATS + "\n" + extra, "").replace("## Mitigations\n", "")
    assert [c for c in codes(text) if c[1] == "TM506"] == [(line_of(text, "Done"), "TM506")]


@pytest.mark.parametrize(
    ("written", "unknown"),
    [("T3-T1", []), ("T1 to TM-AUTH-3", ["TM-AUTH-3"]), ("T1-T3000", ["T3000"])],
)
def test_ranges_that_are_not_ranges_name_their_ends(written: str, unknown: list[str]) -> None:
    text = model(threats_in("table", ("T1", "T2", "T3")), f"- Bind tokens ({written}, T3).\n")
    found = [f.message for f in findings(text) if f.code in ("TM504", "TM505")]
    assert found == [
        "threat T2 is not referenced by any mitigation",
        *(f"mitigation names threat {tid}, which is not defined in the model" for tid in unknown),
    ]


@pytest.mark.parametrize(
    ("body", "unmitigated"),
    [
        # a table whose Threat ID column holds IDs and whose Description column the threats
        (f"| Threat ID | Description | Mitigation |\n|---|---|---|\n| T1 | {S} | bind |\n", []),
        (f"| Threat ID | Description | Mitigation |\n|---|---|---|\n| T1 | {S} | |\n", ["T1"]),
        # a mitigation table keyed by a range, written without outer pipes
        (
            f"- **T1:** {S}.\n- **T2:** {S}.\n- **T3:** {S}.\n\n"
            "Threat | Mitigation\n---|---\nT1\u2013T3 | bind\n",
            [],
        ),
        # a risk summary inside the Threats section names threats; it does not define them
        (
            f"- **T1:** {S}.\n\n### Risk summary\n\n"
            "| ID | Threat | Likelihood | Impact | Status |\n|---|---|---|---|---|\n"
            "| T1 | replay | Low | High | Planned |\n",
            ["T1"],
        ),
        # a threat that says N/A needs no mitigation
        ("- **T1:** N/A: replaced by the token binding of T2\n" + f"- **T2:** {S}.\n", ["**T2"]),
        (f"### T1 Token replay\n\n{S}.\n\n- **Mitigation:** N/A\n", ["T1"]),
    ],
)
def test_threat_tables_and_fields(body: str, unmitigated: list[str]) -> None:
    text = model(FULL_THREATS + "\n" + body, "- Nothing named here.\n")
    lines = text.split("\n")
    assert relevant(text) == [
        (next(n for n, line in enumerate(lines, 1) if tid in line), "TM504") for tid in unmitigated
    ]


def test_a_status_is_quoted_without_its_link() -> None:
    threats = FULL_THREATS + f"- **T1:** {S}.\n  - **Status:** [Done](https://example.com/pr/1)\n"
    text = model(threats, "- Bind tokens (T1).\n")
    (finding,) = [f for f in findings(text) if f.code == "TM506"]
    assert finding.message == "unknown mitigation status 'Done'"


@pytest.mark.parametrize(
    ("text", "found", "leading"),
    [
        pytest.param("T1-T3", ["T1", "T2", "T3"], None, id="a-range"),
        pytest.param("TM-VP-003-T2: replay", ["TM-VP-003-T2"], "TM-VP-003-T2", id="scoped-id"),
        pytest.param("See `TM-VP-003-T2`.", ["TM-VP-003-T2"], None, id="scoped-id-in-a-sentence"),
    ],
)
def test_two_ids_of_different_stems_joined_by_a_hyphen_are_one_id(
    text: str, found: list[str], leading: str | None
) -> None:
    """``TM-VP-003-T2`` is threat T2 of model TM-VP-003, not the pair TM-VP-003 and T2."""
    ids = ThreatIds(DEFAULTS.threat_id)
    assert [item.text for item in ids.find(text)] == found
    assert ids.leading(text) == leading
