"""TM508-TM517: trust boundaries, risk summary, abuse cases and links."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.content_support import FULL_THREATS, MARK, codes, findings, line_of, marked, model


def boundary_text(form: str, fields: dict[str, str]) -> str:
    if form == "subsection":
        return "### Browser to API\n\n" + "".join(f"- **{k}:** {v}\n" for k, v in fields.items())
    if form == "bullet":
        inner = "; ".join(f"{k}: {v}" for k, v in fields.items())
        return f"- Browser to API. {inner}\n"
    if form == "nested":
        return "- Browser to API\n" + "".join(f"  - {k}: {v}\n" for k, v in fields.items())
    header = "| Boundary | " + " | ".join(fields) + " |\n"
    rule = "|---|" + "---|" * len(fields) + "\n"
    return header + rule + "| Browser to API | " + " | ".join(fields.values()) + " |\n"


FORMS = ("subsection", "bullet", "nested", "table")


def boundary_codes(text: str, config: str = "") -> list[tuple[int, str]]:
    return [c for c in codes(text, config) if c[1] in ("TM508", "TM509")]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(
    "fields",
    [
        {"What crosses": "session cookies", "Authentication": "OIDC"},
        {"Data crossing": "uploads", "Auth": "mTLS"},
        {"Data crossing the boundary": "uploads", "Authentication method": "API key"},
    ],
)
def test_boundary_with_default_fields_passes(form: str, fields: dict[str, str]) -> None:
    assert boundary_codes(model(boundaries=boundary_text(form, fields))) == []


@pytest.mark.parametrize("form", FORMS)
def test_boundary_missing_authentication_warns(form: str) -> None:
    text = model(boundaries=boundary_text(form, {"What crosses": "cookies"}))
    line = line_of(text, "Browser to API")
    assert boundary_codes(text) == [(line, "TM508")]
    (finding,) = [f for f in findings(text) if f.code == "TM508"]
    assert finding.severity == "warning"
    assert "authentication" in finding.message


@pytest.mark.parametrize("form", FORMS)
def test_boundary_missing_both_default_fields(form: str) -> None:
    text = model(boundaries=boundary_text(form, {"Direction": "inbound"}))
    line = line_of(text, "Browser to API")
    assert boundary_codes(text) == [(line, "TM508"), (line, "TM508")]


@pytest.mark.parametrize("form", FORMS)
def test_boundary_fields_configurable(form: str) -> None:
    config = "trust_boundary_fields:\n  residual risk: error\n  what crosses: warning\n"
    fields = {"What crosses": "cookies", "Authentication": "none"}
    text = model(boundaries=boundary_text(form, fields))
    assert boundary_codes(text, config) == [(line_of(text, "Browser to API"), "TM509")]
    fields["Residual risk"] = "low, cookies are short-lived"
    assert boundary_codes(model(boundaries=boundary_text(form, fields)), config) == []


def test_boundary_fields_all_off() -> None:
    config = "trust_boundary_fields:\n  what crosses: 'off'\n  authentication: 'off'\n"
    text = model(boundaries=boundary_text("subsection", {"Direction": "in"}))
    assert boundary_codes(text, config) == []


def test_blank_table_cell_does_not_count() -> None:
    text = model(boundaries=boundary_text("table", {"What crosses": "-", "Auth": "OIDC"}))
    assert boundary_codes(text) == [(line_of(text, "| Browser to API"), "TM508")]


def test_plain_paragraph_boundary_section_has_no_boundaries() -> None:
    assert boundary_codes(model(boundaries="Only one process; no boundaries.\n")) == []


# ---------------------------------------------------------------- risk summary

RISK_THREATS = (
    FULL_THREATS + "\n| ID | Threat |\n|---|---|\n| T1 | token replay steals sessions |\n"
)
RISK_MITIGATIONS = "- Bind tokens (T1).\n"


def risk_model(table: str) -> str:
    return model(RISK_THREATS, RISK_MITIGATIONS, extra="## Risk summary\n\n" + table)


def risk_codes(text: str, config: str = "") -> list[tuple[int, str]]:
    wanted = ("TM506", "TM510", "TM511", "TM512", "TM513")
    return [c for c in codes(text, config) if c[1] in wanted]


GOOD_HEADER = "| Threat | Likelihood | Impact | Status |\n|---|---|---|---|\n"


@pytest.mark.parametrize(
    ("table", "needle", "expected"),
    [
        (GOOD_HEADER + "| T1 | Low | High | Implemented |\n", "", []),
        (GOOD_HEADER + "| T1 | Very high | Critical | Planned |\n", "", []),
        (GOOD_HEADER + "| T1 | Likely | High | Planned |\n", "| T1 | Likely", ["TM511"]),
        (GOOD_HEADER + "| T1 | Low | Huge | Planned |\n", "| T1 | Low | Huge", ["TM511"]),
        (GOOD_HEADER + "| T7 | Low | Low | Planned |\n", "| T7", ["TM512"]),
        (GOOD_HEADER + "| T1 | Low | Low | Finished |\n", "Finished", ["TM506"]),
        (
            "| Likelihood | Impact | Status |\n|---|---|---|\n| Low | Low | Planned |\n",
            "| Likelihood | Impact",
            ["TM510"],
        ),
        (
            "| Threat | Likelihood | Impact |\n|---|---|---|\n| T1 | Low | Low |\n",
            "| Threat | Likelihood",
            ["TM510"],
        ),
        (
            "| Threat | Status |\n|---|---|\n| T1 | Planned |\n",
            "| Threat | Status",
            ["TM510", "TM510"],
        ),
    ],
)
def test_risk_summary(table: str, needle: str, expected: list[str]) -> None:
    text = risk_model(table)
    found = risk_codes(text)
    assert [code for _, code in found] == expected
    if expected:
        assert {line for line, _ in found} == {line_of(text, needle)}


def test_risk_scale_aliases_configurable() -> None:
    table = GOOD_HEADER + "| T1 | Likely | Certain | Planned |\n"
    config = "risk_scale:\n  - Low\n  - name: High\n    synonyms: [Likely, Certain]\n"
    assert risk_codes(risk_model(table), config) == []


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # a narrative Impact column describes; it is no rating
        ("| Token theft | XSS on profile | account takeover |\n", []),
        ("| Token theft | XSS | account takeover |\n| Replay | logs | data loss |\n", []),
        # a column of ratings is checked
        ("| Token theft | XSS on profile | Huge |\n| Replay | logs | High |\n", ["Huge"]),
    ],
)
def test_only_rating_columns_are_checked_outside_the_risk_summary(
    rows: str, expected: list[str]
) -> None:
    threats = FULL_THREATS + "\n| Threat | Attack | Impact |\n|---|---|---|\n" + rows
    text = model(threats, RISK_MITIGATIONS)
    assert risk_codes(text) == [(line_of(text, value), "TM511") for value in expected]


def test_narrative_values_in_a_risk_summary_are_checked() -> None:
    table = GOOD_HEADER + "| T1 | Low | account takeover | Planned |\n"
    assert risk_codes(risk_model(table)) == [(line_of(risk_model(table), "takeover"), "TM511")]


def test_values_in_threat_tables_are_checked_too() -> None:
    threats = FULL_THREATS + "\n| ID | Threat | Likelihood | Impact |\n|---|---|---|---|\n"
    threats += "| T1 | token replay steals sessions | 3 | High |\n"
    text = model(threats, RISK_MITIGATIONS)
    assert risk_codes(text) == [(line_of(text, "| T1"), "TM511")]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("", [(1, "TM513")]),
        ("## Risk summary\n\n" + GOOD_HEADER + "| T1 | Low | Low | Planned |\n", []),
    ],
)
def test_require_risk_summary(extra: str, expected: list[tuple[int, str]]) -> None:
    text = model(RISK_THREATS, RISK_MITIGATIONS, extra=extra)
    assert risk_codes(text, "require_risk_summary: true\n") == expected
    assert risk_codes(text) == []


# ---------------------------------------------------------------- abuse cases

ABUSE_FIELDS = (
    "Attacker profile",
    "Target asset",
    "Attack path",
    "Preconditions",
    "Impact",
    "Affected code",
    "Current controls",
    "Gaps",
)


def abuse_case(form: str, fields: tuple[str, ...], code: str = "`hooks/cli.py`") -> str:
    values = {name: (code if name == "Affected code" else "described here") for name in fields}
    if form == "bold":
        body = "".join(f"- **{k}:** {v}\n" for k, v in values.items())
    elif form == "list":
        body = "".join(f"- {k}: {v}\n" for k, v in values.items())
    elif form == "subsection":
        body = "\n".join(f"### {k}\n\n{v}\n" for k, v in values.items())
    else:
        body = "".join(f"**{k}**: {v}\n\n" for k, v in values.items())
    return "## Abuse Case: Token replay\n\n" + body


@pytest.mark.parametrize("form", ["bold", "list", "subsection", "paragraph"])
def test_abuse_case_complete(form: str) -> None:
    text = model(extra=abuse_case(form, ABUSE_FIELDS))
    assert [c for c in codes(text) if c[1] in ("TM514", "TM515")] == []


@pytest.mark.parametrize("form", ["bold", "list", "subsection", "paragraph"])
@pytest.mark.parametrize("missing", ["Gaps", "Attacker profile", "Preconditions"])
def test_abuse_case_missing_field(form: str, missing: str) -> None:
    text = model(extra=abuse_case(form, tuple(f for f in ABUSE_FIELDS if f != missing)))
    found = [f for f in findings(text) if f.code in ("TM514", "TM515")]
    assert [(f.line, f.code) for f in found] == [(line_of(text, "Abuse Case:"), "TM514")]
    assert missing in found[0].message


@pytest.mark.parametrize(
    ("code", "stale"),
    [
        ("`hooks/cli.py`", False),
        ("`hooks/cli.py:12`", False),
        ("`hooks/core/markdown.py#L10-L20`", False),
        ("`hooks/core/`", False),
        ("`hooks/gone.py`", True),
        ("`src/auth/token.py` and `hooks/cli.py`", True),
        ("`../outside.py`", True),
        ("`hooks/*.py`", False),
        ("`parse_text()`", False),
        ("`pyproject.toml`", False),
        # a bare file name does not say where the file is: it is not checked
        ("`login.py`", False),
        ("`config.yaml`", False),
        ("`e.g.`", False),
        ("`--fix`", False),
    ],
)
@pytest.mark.parametrize("form", ["bold", "subsection"])
def test_abuse_case_affected_code(form: str, code: str, stale: bool) -> None:
    text = model(extra=abuse_case(form, ABUSE_FIELDS, code))
    found = [(f.line, f.code) for f in findings(text) if f.code in ("TM514", "TM515")]
    assert found == ([(line_of(text, code), "TM515")] if stale else [])


@pytest.mark.parametrize(
    "title",
    [
        "## 7. Abuse Case: Token replay",
        "### 7.1 Abuse case: Token replay",
        "### Abuse Case #3: Token replay",
        "## Abuse case 3 - Token replay",
    ],
)
def test_abuse_case_titles(title: str) -> None:
    case = abuse_case("bold", ABUSE_FIELDS[:-1]).replace("## Abuse Case: Token replay", title)
    text = model(extra=case)
    found = [f for f in findings(text) if f.code in ("TM514", "TM515")]
    assert [(f.line, f.code) for f in found] == [(line_of(text, title), "TM514")]
    assert "'Gaps'" in found[0].message


def test_abuse_case_field_table() -> None:
    rows = "".join(f"| {name} | described here |\n" for name in ABUSE_FIELDS[:-1])
    table = "| Field | Value |\n|---|---|\n" + rows.replace(
        "| Affected code | described here |",
        "| **Affected code** | `src/nope.py`, `hooks/cli.py` |",
    )
    text = model(extra="## Abuse Case: Token replay\n\n" + table)
    found = [(f.line, f.column, f.code) for f in findings(text) if f.code in ("TM514", "TM515")]
    line = line_of(text, "src/nope.py")
    column = text.split("\n")[line - 1].index("`src/nope.py`") + 1
    assert found == [(line_of(text, "Abuse Case:"), 1, "TM514"), (line, column, "TM515")]


def test_code_outside_affected_code_is_not_checked() -> None:
    case = abuse_case("bold", ABUSE_FIELDS).replace("described here", "see `nowhere/x.py`", 1)
    case += "\n**Notes:** `nowhere/y.py`\n"
    assert [c for c in codes(model(extra=case)) if c[1] == "TM515"] == []


# ---------------------------------------------------------------- links


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "docs/security/threat-models").mkdir(parents=True)
    (tmp_path / "docs/runbooks").mkdir(parents=True)
    (tmp_path / "docs/runbooks/tokens.md").write_text("# Tokens\n")
    (tmp_path / "docs/adr 1.md").write_text("# ADR\n")
    return tmp_path


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("../../runbooks/tokens.md", None),
        ("../../runbooks/tokens.md#rotation", None),
        ("<../../runbooks/tokens.md>", None),
        ("../../adr%201.md", None),
        ("/docs/runbooks/tokens.md", None),
        ("./uploads.md", "TM516"),
        ("../../runbooks/missing.md", "TM516"),
        ("../../../../../etc/passwd", "TM517"),
        ("/../outside.md", "TM517"),
        ("https://example.com/never-fetched", None),
        ("mailto:security@example.com", None),
        ("#threats", None),
        ("?page=2", None),
        ("../../..", None),
    ],
)
def test_links(repo: Path, link: str, expected: str | None) -> None:
    text = model(mitigations=f"- Rotate tokens, see [the runbook]({link}).\n")
    found = [c for c in codes(text, root=repo) if c[1] in ("TM516", "TM517")]
    assert found == ([(line_of(text, "the runbook"), expected)] if expected else [])


def test_reference_style_and_table_links(repo: Path) -> None:
    text = model(
        mitigations="| Control | Doc |\n|---|---|\n| Rotation | [gone](gone.md) |\n\n"
        "See [runbook][rb].\n\n[rb]: ../../runbooks/nope.md\n"
    )
    found = [c for c in codes(text, root=repo) if c[1] in ("TM516", "TM517")]
    assert found == [(line_of(text, "[gone]"), "TM516"), (line_of(text, "See [runbook]"), "TM516")]


HEAT_MAP = (
    "| Likelihood \\ Impact | Low | Medium | High |\n|---|---|---|---|\n"
    "| High | | T1 | |\n| Medium | T7 | | |\n| Low | | | |\n"
)


def test_a_heat_map_is_no_risk_summary() -> None:
    text = model(RISK_THREATS, RISK_MITIGATIONS, extra="## Risk matrix\n\n" + HEAT_MAP)
    # its cells still name threats that must exist
    assert risk_codes(text) == [(line_of(text, "| T7"), "TM512")]
    assert risk_codes(text, "require_risk_summary: true\n") == [
        (line_of(text, "## Risk matrix"), "TM513"),
        (line_of(text, "| T7"), "TM512"),
    ]


@pytest.mark.parametrize(
    ("code", "table"),
    [
        ("TM512", f"{GOOD_HEADER}| **{MARK}T7** | Low | Low | Planned |\n"),
        ("TM512", f"{GOOD_HEADER}| T1, {MARK}T7 and {MARK}T8 | Low | Low | Planned |\n"),
        ("TM512", f"{GOOD_HEADER}| ST7 (not an ID), {MARK}T7 | Low | Low | Planned |\n"),
        # T7 written otherwise: it and the IDs after it point at their cell
        ("TM512", f"{GOOD_HEADER}| {MARK}{MARK}T*7*, T8 | Low | Low | Planned |\n"),
        ("TM512", HEAT_MAP.replace("| T7 | | |", f"| {MARK}T7 | | {MARK}T8 |")),
        ("TM511", f"{GOOD_HEADER}| T1 | Low | {MARK}Huge | Planned |\n"),
    ],
)
def test_risk_findings_point_at_the_id_or_the_value(code: str, table: str) -> None:
    text, places = marked(risk_model(table))
    assert [(f.line, f.column) for f in findings(text) if f.code == code] == places


@pytest.mark.parametrize(
    ("heading", "summary"),
    [
        ("Risk summary", True),
        ("Risk register", True),
        ("Risk assessment", True),
        ("Risk matrix", True),
        ("Risk ratings", True),
        ("Risk rating", True),
        ("5. Risk summary", True),
        ("Risks", False),
        ("Residual risks", False),
        ("Risk acceptance", False),
    ],
)
def test_risk_summary_headings(heading: str, summary: bool) -> None:
    table = "| Risk | Owner |\n|---|---|\n| Token replay | @auth-team |\n"
    text = risk_model(table).replace("## Risk summary", f"## {heading}")
    assert bool(risk_codes(text)) == summary


SCOPED_THREATS = (
    FULL_THREATS + "\n| ID | Threat |\n|---|---|\n| PAY-T1 | token replay steals sessions |\n"
    "| PAY-T2 | a forged refund moves money |\n| AUTH-T2 | a replayed login |\n"
)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        pytest.param("| T1 | Low | Low | Planned |\n", [], id="the-end-of-one-defined-id"),
        pytest.param("| PAY-T2 | Low | Low | Planned |\n", [], id="the-whole-id"),
        pytest.param("| T2 | Low | Low | Planned |\n", ["TM512"], id="the-end-of-two-ids"),
        pytest.param("| T3 | Low | Low | Planned |\n", ["TM512"], id="the-end-of-none"),
        pytest.param("| AUTH-T1 | Low | Low | Planned |\n", ["TM512"], id="another-prefix"),
    ],
)
def test_a_risk_summary_may_name_a_threat_by_the_end_of_its_id(
    row: str, expected: list[str]
) -> None:
    text = model(
        SCOPED_THREATS,
        "- Bind tokens (PAY-T1, PAY-T2, AUTH-T2).\n",
        extra="## Risk summary\n\n" + GOOD_HEADER + row,
    )
    config = "threat_id_pattern: '(?<![\\w-])(?:[A-Z]+-)?T\\d+(?![\\w-])'\n"
    assert [code for _, code in risk_codes(text, config)] == expected
