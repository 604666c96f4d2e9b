"""The failure classes found by checking real threat models, each with its smallest
reproduction: what a team writes must be read as it means it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hooks.core.config import DEFAULT_SECTIONS, Config, parse_config
from hooks.core.content.checks import check_content
from hooks.core.dates import TODAY_ENV, parse_date
from hooks.core.files import File
from hooks.core.findings import Finding, Reporter
from hooks.core.markdown import heading_matches
from hooks.core.pipeline import check_files
from hooks.core.sections import check_sections
from hooks.core.template import TemplateChecks
from tests.content_support import FULL_THREATS, MARK, codes, findings, line_of, marked, model

REPO_ROOT = Path(__file__).resolve().parent.parent
RELPATH = "docs/security/threat-models/uploads.md"
S = "an attacker replays a stolen token to read other users' files"
THREATS = next(spec.names for spec in DEFAULT_SECTIONS if spec.name == "Threats")
MITIGATIONS = next(spec.names for spec in DEFAULT_SECTIONS if spec.name == "Mitigations")
METADATA = """\
## Feature metadata

- **Feature name:** Uploads
- **Owner:** @team
- **Last updated:** 2025-01-02
- **Review cadence:** quarterly
"""


def every_finding(
    text: str, tmp_path: Path, config_text: str = "", monkeypatch: pytest.MonkeyPatch | None = None
) -> list[Finding]:
    """Every finding of the checks that read one model (sections, template, content), for a
    model at ``docs/security/threat-models/uploads.md`` beside the project's template."""
    models = tmp_path / "docs/security/threat-models"
    models.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO_ROOT / "docs/security/threat-models/template.md", models / "template.md")
    (tmp_path / RELPATH).write_text(text, encoding="utf-8")
    config = (
        parse_config(config_text, ".threat-model.yaml", tmp_path)
        if config_text
        else Config(root=tmp_path)
    )
    reporter = Reporter(config.severity)
    template = TemplateChecks(config)
    checks = [check_sections, template.model, check_content]
    read = check_files(config, [File(RELPATH, str(tmp_path / RELPATH))], reporter, checks)
    assert read[RELPATH] is not None
    return reporter.findings


# --------------------------------------------------------------------------- 1. headings


@pytest.mark.parametrize(
    ("heading", "names", "matches"),
    [
        pytest.param(
            "STRIDE Threat Analysis", ("Threats", "Threat analysis"), True, id="qualifier-before"
        ),
        pytest.param("Asset Inventory", ("Assets",), True, id="asset-inventory"),
        pytest.param(
            "4. Residual risks, stated honestly", ("Residual risk",), True, id="comma-phrase"
        ),
        pytest.param("4. Residual risk + gap log", ("Residual risk",), True, id="plus-joined"),
        pytest.param("Residual risk — gap log", ("Residual risk",), True, id="dash-phrase"),
        pytest.param("Residual Risks & Gaps", ("Residual risk",), True, id="ampersand-joined"),
        pytest.param(
            "Abuse Cases And Mitigations", THREATS, True, id="abuse-cases-and-mitigations-threats"
        ),
        pytest.param(
            "Abuse Cases And Mitigations",
            MITIGATIONS,
            True,
            id="abuse-cases-and-mitigations-mitigations",
        ),
        pytest.param("Threats and mitigations", ("Threats",), True, id="joined-threats"),
        pytest.param("Threats and mitigations", ("Mitigations",), True, id="joined-mitigations"),
        pytest.param(
            "Recommended mitigations by priority", ("Mitigations",), True, id="before-connector"
        ),
        pytest.param("Threats mitigated", ("Threats",), True, id="plural-opening"),
        pytest.param("Threat actors", ("Threats",), False, id="threat-actors"),
        pytest.param("Threat model", ("Threats",), False, id="threat-model"),
        pytest.param("Threat modeling", ("Threats",), False, id="threat-modeling"),
        pytest.param("Threat-to-Control Mapping", ("Threats",), False, id="hyphenated-compound"),
        pytest.param(
            "Admin interface", ("Entry points", "Interfaces"), False, id="plural-alias-needs-plural"
        ),
        pytest.param("Recommended mitigation", ("Mitigations",), True, id="own-name-any-number"),
    ],
)
def test_heading_rule(heading: str, names: tuple[str, ...], matches: bool) -> None:
    assert heading_matches(heading, names) is matches


def test_a_heading_with_a_qualifier_is_the_threats_section(tmp_path: Path) -> None:
    text = model(FULL_THREATS).replace("## Threats", "## STRIDE Threat Analysis")
    found = [(f.code, f.message) for f in every_finding(text, tmp_path)]
    assert not [item for item in found if "'Threats'" in item[1] or item[0] == "TM501"]


@pytest.mark.parametrize(
    "assets",
    [
        pytest.param("**Assets**", id="bold-paragraph"),
        pytest.param("**Assets:**", id="bold-paragraph-colon"),
        pytest.param("Assets", id="plain-line"),
    ],
)
def test_a_paragraph_that_is_only_a_name_opens_the_section(tmp_path: Path, assets: str) -> None:
    text = f"# Threat Model: Uploads\n\n{assets}\n\n- photos, session tokens\n\n" + model()[28:]
    found = [f.message for f in every_finding(text, tmp_path) if f.code == "TM101"]
    assert not [message for message in found if "'Assets'" in message]


# --------------------------------------------------------------------------- 2. no cascade


def test_a_missing_threats_section_does_not_cascade(tmp_path: Path) -> None:
    text = (
        "# Threat Model: Uploads\n\n**Status:** Draft\n\n## Assets\n\n"
        "| Asset | Description |\n|---|---|\n| Photos | user uploads |\n\n"
        "## Mitigations\n\n- Uploads are scanned.\n"
    )
    content = [(f.code, f.message) for f in findings(text)]
    assert not [item for item in content if item[0] in ("TM506", "TM507")]
    assert (
        "TM501",
        "threat category 'Spoofing' is not addressed in the model (no Threats section found)",
    ) in content


# --------------------------------------------------------------------------- 3. hollow headings


def test_empty_template_headings_address_nothing() -> None:
    hollow = "".join(
        f"### {name}\n"
        for name in (
            "Spoofing",
            "Tampering",
            "Repudiation",
            "Information disclosure",
            "Denial of service",
            "Elevation of privilege",
            "Supply chain & delivery",
            "Abuse & misuse",
            "Data safeguards",
        )
    )
    threats = (
        "Group the threats by STRIDE category and lens.\n\n" + hollow + "### Tampering\n\n<x>\n"
    )
    mitigations = (
        "| Threat | Mitigation | Status |\n| --- | --- | --- |\n| all | TLS | Implemented |\n"
    )
    found = codes(model(threats, mitigations))
    assert found.count((line_of(model(threats, mitigations), "## Threats"), "TM501")) == 6
    assert found.count((line_of(model(threats, mitigations), "## Threats"), "TM502")) == 3


# --------------------------------------------------------------------------- 4. threat IDs


def test_the_id_column_defines_ids_of_any_shape() -> None:
    rows = (
        "| ID | Category | Threat |\n| --- | --- | --- |\n"
        f"| T01 | Spoofing | {S} |\n| M01 | Spoofing | {S} |\n"
    )
    text = model(FULL_THREATS + "\n" + rows, "- Uploads are scanned (none).\n")
    assert [(line, code) for line, code in codes(text) if code == "TM504"] == [
        (line_of(text, "| T01 |"), "TM504"),
        (line_of(text, "| M01 |"), "TM504"),
    ]
    mitigated = model(FULL_THREATS + "\n" + rows, "- Token binding (T01, M01).\n")
    assert [code for _, code in codes(mitigated) if code in ("TM504", "TM505")] == []


@pytest.mark.parametrize("threat_id", ["S-RAR-01", "E-RAR-02", "T-RAR-01"])
def test_ids_with_a_category_prefix_are_read(threat_id: str) -> None:
    text = model(
        FULL_THREATS + f"\n- {threat_id}: {S}.\n", "- Uploads are scanned.\n- Bind (T1).\n"
    )
    assert (line_of(text, threat_id), "TM504") in codes(text)


def test_a_list_item_that_is_only_a_link_defines_no_id() -> None:
    toc = "- [THREAT-001: Key theft](#threat-001-key-theft)\n\n"
    body = f"### THREAT-001: Key theft\n\n{S}.\n"
    text = model(FULL_THREATS + "\n" + toc + body, "- Key escrow (THREAT-001).\n")
    assert codes(text, "threat_id_pattern: 'THREAT-\\d+'\n") == []


# --------------------------------------------------------------------------- 5. categories


STRIDE = (
    "Spoofing",
    "Tampering",
    "Repudiation",
    "Information disclosure",
    "Denial of service",
    "Elevation of privilege",
)
LENSES = "- **Supply chain:** x\n- **Abuse & misuse:** x\n- **Data safeguards:** x\n"


@pytest.mark.parametrize(
    "threats",
    [
        pytest.param(
            "| ID | Category | Threat |\n|---|---|---|\n"
            + "".join(f"| T{n} | {c[0]} | {S} |\n" for n, c in enumerate(STRIDE, 1)),
            id="letters-in-a-category-column",
        ),
        pytest.param(
            "| ID | Category | Threat |\n|---|---|---|\n"
            f"| T1 | S/T | {S} |\n| T2 | R, I | {S} |\n| T3 | D/E | {S} |\n",
            id="combined-letters",
        ),
        pytest.param(
            "|   | Component A |\n|---|---|\n" + "".join(f"| {c[0]} | {S} |\n" for c in STRIDE),
            id="letters-in-an-unnamed-first-column",
        ),
        pytest.param("".join(f"- **{c[0]}:** {S}.\n" for c in STRIDE), id="letter-labels"),
        pytest.param(
            "".join(
                f"### Threat {n}\n\n- **Threat type:** {c}\n- {S}\n\n" for n, c in enumerate(STRIDE)
            ),
            id="threat-type-field",
        ),
        pytest.param("".join(f"> {c}: {S}.\n>\n" for c in STRIDE), id="blockquote-labels"),
    ],
)
def test_categories_as_teams_write_them(threats: str) -> None:
    text = model(threats + "\n" + LENSES, "- Uploads are scanned (T1, T2, T3, T4, T5, T6).\n")
    assert [c for c in codes(text) if c[1] in ("TM501", "TM502")] == []


def test_a_configured_category_column() -> None:
    # a column (or field) called otherwise holds categories once the configuration names it
    rows = "| Compromise | Threat |\n|---|---|\n" + "".join(f"| {c[0]} | {S} |\n" for c in STRIDE)
    text = model(rows + "\n" + LENSES)
    assert [c for c in codes(text) if c[1] == "TM501"] != []
    assert [c for c in codes(text, "category_fields: [Compromise]\n") if c[1] == "TM501"] == []


# --------------------------------------------------------------------------- 6. statements


@pytest.mark.parametrize(
    "threats",
    [
        pytest.param(
            f"### T1 Token replay\n\n{S}.\n\n- **Occurrence likelihood:** High\n"
            "- **Actor:** an outsider\n- **Target:** the session store\n",
            id="field-values-under-a-threat-heading",
        ),
        pytest.param(
            f"### T1 Token replay\n\n{S}.\n\n### Risk register\n\n"
            "| ID | Threat | Likelihood | Impact | Status |\n|---|---|---|---|---|\n"
            "| T1 | Token replay | Low | High | Planned |\n",
            id="risk-summary-row-naming-a-described-threat",
        ),
        pytest.param(
            f"- **Spoofing:** {S}.\n\nMitigations:\n\n- Token binding\n- Short sessions\n",
            id="items-of-a-mitigations-list",
        ),
    ],
)
def test_what_is_no_threat_statement(threats: str) -> None:
    text = model(FULL_THREATS + "\n" + threats, "- Token binding (T1).\n")
    assert [c for c in codes(text) if c[1] == "TM507"] == []


# --------------------------------------------------------------------------- 7. boundaries


@pytest.mark.parametrize(
    "boundaries",
    [
        pytest.param(
            "| Boundary | Data | Controls |\n|---|---|---|\n"
            "| Mesh to service | requests | mTLS, SPIFFE identities |\n"
            "| Webhook to API | events | HMAC signature |\n",
            id="controls-cell",
        ),
        pytest.param(
            "| Boundary | What crosses | Security |\n|---|---|---|\n"
            "| Browser to API | uploads | OAuth bearer tokens |\n",
            id="security-cell",
        ),
        pytest.param(
            "- Browser to API gateway: TLS, JWT bearer authentication, confidential data\n",
            id="the-bullets-own-text",
        ),
    ],
)
def test_authentication_stated_anywhere_in_the_boundary(boundaries: str) -> None:
    assert [c for c in codes(model(boundaries=boundaries)) if c[1] in ("TM508", "TM509")] == []


def test_a_table_of_roles_is_no_table_of_boundaries() -> None:
    roles = "| Role | Data sensitivity | Capabilities |\n|---|---|---|\n| Admin | high | all |\n"
    table = "| Boundary | What crosses | Authentication |\n|---|---|---|\n| A to B | x | mTLS |\n"
    text = model(boundaries=table + "\n" + roles)
    assert [c for c in codes(text) if c[1] == "TM508"] == []


def test_boundary_names_are_cut_on_a_word_and_the_hint_reads() -> None:
    name = "Browser to the public upload gateway behind the content delivery network edge"
    (finding,) = [
        f for f in findings(model(boundaries=f"- {name}: TLS\n")) if "authentication" in f.message
    ]
    assert "'Browser to the public upload gateway behind the content…'" in finding.message
    assert finding.hint.startswith("add an 'Authentication:' entry")


# --------------------------------------------------------------------------- 8. merging


@pytest.mark.parametrize(
    ("config", "text_change", "absent"),
    [
        pytest.param(
            "sections: [Feature metadata, Threats, Mitigations]\n",
            ("## Mitigations", "## Countermeasures"),
            "'Mitigations'",
            id="section-keeps-its-aliases",
        ),
        pytest.param(
            "metadata: [{name: Last updated, kind: date}, Owner, Feature name, Review cadence]\n",
            ("**Last updated:**", "**Last reviewed:**"),
            "'Last updated'",
            id="field-keeps-its-aliases",
        ),
        pytest.param(
            "sections:\n  - Feature metadata\n  - Threats\n",
            ("## Feature metadata", "## Metadata"),
            "'Feature metadata'",
            id="bare-feature-metadata-stays-metadata",
        ),
    ],
)
def test_a_configuration_extends_the_defaults(
    tmp_path: Path, config: str, text_change: tuple[str, str], absent: str
) -> None:
    text = ("# Threat Model: Uploads\n\n" + METADATA + "\n" + model()[28:]).replace(*text_change)
    found = [
        f.message for f in every_finding(text, tmp_path, config) if f.code in ("TM101", "TM103")
    ]
    assert not [message for message in found if absent in message]


def test_replace_takes_an_entry_as_written() -> None:
    text = "sections:\n  - name: Mitigations\n    aliases: [Safeguards]\n    replace: true\n"
    (spec,) = parse_config(text, "c.yaml", REPO_ROOT).sections
    assert spec.names == ("Mitigations", "Safeguards")


# --------------------------------------------------------------------------- 9. statuses, dates


def test_a_status_closing_a_mitigation_bullet_is_read() -> None:
    text = model(
        FULL_THREATS + "\n- T1: " + S + ".\n- T2: " + S + ".\n",
        f"- Token binding (T1). Status: Planned.\n- Quotas (T2). Status: {MARK}Maybe-later.\n",
    )
    plain, places = marked(text)
    assert [(f.line, f.column) for f in findings(plain) if f.code == "TM506"] == places


def test_a_date_closing_a_sentence_is_a_date() -> None:
    assert parse_date("2026-06-02.").value is not None


def test_an_escaped_placeholder_is_text(tmp_path: Path) -> None:
    text = (
        "# Threat Model: Uploads\n\n" + METADATA + "\nSee \\<url\\> and " + MARK + "<team> here.\n"
    )
    plain, places = marked(text)
    found = [(f.line, f.column) for f in every_finding(plain, tmp_path) if f.code == "TM205"]
    assert found == places


def test_the_missing_metadata_message_tells_the_truth(tmp_path: Path) -> None:
    text = "---\ntags: [x]\n---\n# Threat Model: Uploads\n\n" + model()[28:]
    (message,) = [
        f.message
        for f in every_finding(text, tmp_path)
        if f.code == "TM101" and "Feature metadata" in f.message
    ]
    assert "no front matter" not in message


# --------------------------------------------------------------------------- 10. examples


def test_the_trust_boundary_centred_example_passes_its_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TODAY_ENV, "2026-01-01")
    text = (REPO_ROOT / "examples/configs/models/trust-boundary-centred.md").read_text("utf-8")
    config = (REPO_ROOT / "examples/configs/trust-boundary-centred.threat-model.yaml").read_text(
        "utf-8"
    )
    assert every_finding(text, tmp_path, config) == []
