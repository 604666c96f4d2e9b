"""The heading rule over every heading of the real corpus: each heading that names a required
section under the default configuration, with the sections it names (a heading not listed names
none). Headings the rule reads wrongly are listed as such, expected to fail."""

from __future__ import annotations

import pytest

from hooks.core.config import DEFAULT_SECTIONS
from hooks.core.markdown import heading_matches, parse_text
from hooks.core.structure import find_heading, lead_in_sections
from tests.corpus_support import CORPUS, DOCUMENTS, NO_CORPUS

# document -> line of the heading -> the sections it names, as the rule should read them
EXPECTED: dict[str, dict[int, tuple[str, ...]]] = {
    "a2a-mtls-mesh": {
        151: ("Trust boundaries",),  # 2) STRIDE by Trust Boundary (High-Risk Zones)
    },
    "admission-control": {
        48: ("Threats",),  # Threats
        307: ("Mitigations",),  # Mitigations
    },
    "agent-governance": {
        29: ("Trust boundaries",),  # Trust Boundaries
        74: ("Entry points",),  # Primary Attack Surfaces
        85: ("Threats",),  # STRIDE Analysis
        96: ("Threats", "Mitigations"),  # Threats and Mitigations by Package
        100: ("Threats",),  # Main threats
        108: ("Mitigations",),  # Mitigations
        118: ("Threats",),  # Main threats
        125: ("Mitigations",),  # Mitigations
        134: ("Threats",),  # Main threats
        141: ("Mitigations",),  # Mitigations
        150: ("Threats",),  # Main threats
        156: ("Mitigations",),  # Mitigations
        174: ("Residual risk",),  # Residual Risks
    },
    "cdngine-upload": {
        3: ("Assets",),  # Protected assets and boundaries
        16: ("Mitigations",),  # Preventative controls
        23: ("Mitigations",),  # Detective controls
    },
    "cluster-api": {
        9: ("Feature metadata",),  # Metadata
        638: ("Mitigations",),  # STRIDE-SPOOF-1 Recommended mitigations
        668: ("Mitigations",),  # STRIDE-SPOOF-2 Recommended Mitigations
        685: ("Mitigations",),  # STRIDE-SPOOF-3 Recommended Mitigations
        706: ("Mitigations",),  # STRIDE-SPOOF-4 Recommended Mitigations
        716: ("Mitigations",),  # STRIDE-SPOOF-5 Recommended Mitigations
        728: ("Mitigations",),  # STRIDE-TAMPER-1 Recommended Mitigations
        747: ("Mitigations",),  # STRIDE-TAMPER-2 Recommended Mitigations
        774: ("Mitigations",),  # STRIDE-REPUDIATE-01 Recommended Mitigations
        787: ("Mitigations",),  # STRIDE-REPUDIATE-02 Recommended mitigations
        806: ("Mitigations",),  # STRIDE-INFODISCLOSE-1 Recommended mitigations
        826: ("Mitigations",),  # STRIDE-INFODISCLOSE-2 Recommended Mitigations
        843: ("Mitigations",),  # STRIDE-INFODISCLOSE-3 Recommended Mitigations
        863: ("Mitigations",),  # STRIDE-INFODISCLOSE-4 Recommended Mitigations
        880: ("Mitigations",),  # STRIDE-DOS-1 Recommended Mitigations
        896: ("Mitigations",),  # STRIDE-DOS-2 Recommended Mitigations
        917: ("Mitigations",),  # STRIDE-DOS-3 Recommended Mitigations
        941: ("Mitigations",),  # STRIDE-DOS-4 Recommended Mitigations
        957: ("Mitigations",),  # STRIDE-DOS-5 Recommended Mitigations
        971: ("Mitigations",),  # STRIDE-DOS-6 Recommended Mitigations
        987: ("Mitigations",),  # STRIDE-EOP-1 Recommended Mitigations
        1009: ("Mitigations",),  # STRIDE-EOP-2 Recommended Mitigation
        1025: ("Mitigations",),  # STRIDE-EOP-3 Recommended Mitigations
    },
    "corona-warn-app": {
        13: ("Threats", "Mitigations"),  # Identified Risks, Threats and Proposed Controls
        110: ("Threats", "Mitigations"),  # Threats and Proposed Controls
        112: ("Threats",),  # Use-Case-Independent Threats
    },
    "dp-llm-training": {
        9: ("Assets",),  # Assets
        18: ("Trust boundaries",),  # Trust boundaries
        32: ("Threats", "Mitigations"),  # Threats and controls
        53: ("Residual risk",),  # Residual risks
    },
    "envoy-gateway": {
        171: ("Threats",),  # Key Threats and Recommendations
        590: ("Threats",),  # Identified Threats by Priority
    },
    "eudi-privacy": {
        398: ("Mitigations",),  # 3 Possible mitigation measures for Relying Party linkability
        686: ("Mitigations",),  # 3.7 Non-technical mitigation measures
    },
    "external-secrets-guide": {
        37: ("Assets",),  # Assets
        55: ("Threats",),  # Threats
        97: ("Mitigations",),  # Controls
    },
    "external-secrets-stride": {
        7: ("Mitigations",),  # Threat-01-S Recommended Mitigations
        14: ("Mitigations",),  # Threat-02-S Recommended Mitigations
        28: ("Mitigations",),  # Threat-03-T Recommended Mitigations
        36: ("Mitigations",),  # Threat-04-T Recommended Mitigations
        45: ("Mitigations",),  # Threat-05-R Recommended Mitigations
        53: ("Mitigations",),  # Threat-06-R Recommended Mitigations
        62: ("Mitigations",),  # Threat-07-I Recommended Mitigations
        72: ("Mitigations",),  # Threat-08-D Recommended Mitigations
        80: ("Mitigations",),  # Threat-09-D Recommended Mitigations
        88: ("Mitigations",),  # Threat-10-E Recommended Mitigations
        95: ("Mitigations",),  # Threat-11-E Recommended Mitigations
    },
    "karmada": {
        10: ("Mitigations",),  # Threat-01-S Recommended mitigations
        23: ("Mitigations",),  # Threat-02-S Recommended Mitigations
        36: ("Mitigations",),  # Threat-03-T Recommended Mitigations
        48: ("Mitigations",),  # Threat-04-T Recommended Mitigations
        63: ("Mitigations",),  # Threat-05-R Recommended Mitigations
        75: ("Mitigations",),  # Threat-06-I Recommended mitigations
        86: ("Mitigations",),  # Threat-07-D Recommended Mitigations
        100: ("Mitigations",),  # Threat-08-E Recommended mitigations
        110: ("Mitigations",),  # Threat-09-E Recommended Mitigation
    },
    "kata-containers": {
        42: ("Entry points",),  # Interface to Kata Containers: CRI, v2-shim, OCI
        60: ("Entry points",),  # Interface to the Kata sandbox/virtual machine
    },
    "kubewarden": {
        27: ("Threats",),  # Kubernetes threats
        38: ("Mitigations",),  # Mitigation
        58: ("Mitigations",),  # Mitigation
        70: ("Mitigations",),  # Mitigation
        81: ("Mitigations",),  # Mitigation
        100: ("Mitigations",),  # Mitigation
        111: ("Mitigations",),  # Mitigation
        122: ("Mitigations",),  # Mitigation
        134: ("Mitigations",),  # Mitigation
        151: ("Mitigations",),  # Mitigation
        164: ("Mitigations",),  # Mitigation
        175: ("Mitigations",),  # Mitigation
        193: ("Mitigations",),  # Mitigation
        205: ("Mitigations",),  # Mitigation
        221: ("Mitigations",),  # Mitigation
        237: ("Mitigations",),  # Mitigation
        248: ("Mitigations",),  # Mitigation
        260: ("Mitigations",),  # Mitigation
        271: ("Mitigations",),  # Mitigation
        280: ("Threats",),  # Kubewarden threats
        299: ("Mitigations",),  # Mitigation
        320: ("Mitigations",),  # Mitigation
        346: ("Mitigations",),  # Mitigation
        370: ("Mitigations",),  # Mitigation
    },
    "longhorn": {
        32: ("Threats",),  # 3. STRIDE Analysis
        174: ("Threats",),  # Threat Scenarios
        192: ("Mitigations",),  # Potential Controls Summary
    },
    "motionmavericks": {
        3: ("Assets",),  # Assets to Protect
        6: ("Threats",),  # Threats
        9: ("Mitigations",),  # Mitigations
        12: ("Mitigations",),  # Abuse Controls
    },
    "openfga": {
        43: ("Feature metadata",),  # Metadata
    },
    "ouroboros-leios": {
        61: ("Assets",),  # Assets to Protect
        123: ("Threats",),  # Threats
    },
    "project-ai": {
        141: ("Entry points",),  # Attack Surface Analysis
        143: ("Entry points",),  # 1. Desktop Application Attack Surface
        153: ("Mitigations",),  # Mitigations
        188: ("Entry points",),  # 2. TARL Runtime Attack Surface
        198: ("Mitigations",),  # Mitigations
        233: ("Entry points",),  # 3. Data Persistence Attack Surface
        243: ("Mitigations",),  # Mitigations
        255: ("Entry points",),  # 4. Web API Attack Surface (Optional Component)
        265: ("Mitigations",),  # Mitigations
        277: ("Entry points",),  # 5. Governance Bypass Attack Surface
        287: ("Mitigations",),  # Mitigations
        299: ("Trust boundaries",),  # Trust Boundaries
        359: ("Threats",),  # Threat Scenarios
        398: ("Mitigations",),  # Security Controls Inventory
        400: ("Mitigations",),  # Implemented Controls
        415: ("Mitigations",),  # Planned Controls
        465: ("Residual risk",),  # Risk Acceptance
        467: ("Residual risk",),  # Accepted Risks
    },
    "project-ai-workflows": {
        148: ("Threats",),  # Threats Mitigated ✅
        202: ("Threats",),  # Threats NOT Mitigated ❌
        248: ("Threats",),  # Threats Mitigated ✅
        318: ("Threats",),  # Threats NOT Mitigated ❌
        364: ("Threats",),  # Threats Mitigated ✅
        432: ("Threats",),  # Threats NOT Mitigated ❌
        1246: ("Mitigations",),  # Integration with Existing Controls
    },
    "safe-mcp-t1704": {
        325: ("Mitigations",),  # Mitigation Strategies
        327: ("Mitigations",),  # Preventive Controls
        336: ("Mitigations",),  # Detective Controls
    },
    "secure-file": {
        20: ("Trust boundaries",),  # Trust Boundaries
        39: ("Assets",),  # Assets & Their Sensitivity
        64: ("Threats",),  # STRIDE Threat Analysis
        460: ("Threats",),  # Abuse Cases
        568: ("Mitigations",),  # Recommended Mitigations (Priority Order)
    },
    "slsa-threats": {
        54: ("Threats",),  # Source threats
        361: ("Threats",),  # Build threats
        832: ("Threats",),  # Usage threats
        885: ("Threats",),  # Dependency threats
        997: ("Threats",),  # Related threats
        1019: ("Threats",),  # Availability threats
        1063: ("Threats",),  # Verification threats
    },
    "toolhive": {
        29: ("Assets", "Trust boundaries"),  # 2. Assets & Trust Boundaries
        31: ("Assets",),  # 2.1 Critical Assets
        47: ("Trust boundaries",),  # 2.2 Trust Boundaries
        116: ("Trust boundaries",),  # Trust Boundary Definitions
        239: ("Threats",),  # 4. STRIDE Analysis by Component
        498: ("Threats",),  # 5. Summary of Critical Threats
        500: ("Threats",),  # Top 10 Critical Threats (P0)
        515: ("Mitigations",),  # 6. Recommended Security Controls
    },
    "vytches-tm-vp-003": {
        12: ("Entry points",),  # Context & Attack Surface
        34: ("Threats",),  # STRIDE Analysis
        512: ("Mitigations",),  # Required Mitigations Before Implementation
    },
}
# headings the rule reads wrongly: document, line, what it should name, why
MISREAD: list[tuple[str, int, tuple[str, ...], str]] = [
    (
        "corona-warn-app",
        310,
        (),
        "an operations capability ('Asset and Configuration Management') reads as Assets:"
        " the rule cannot tell a compound name from two names joined by 'and'",
    ),
    (
        "envoy-gateway",
        175,
        (),
        "'Risk vs. Threat' defines two words; the rule reads it as naming Threats",
    ),
]


def _named(short: str) -> dict[int, tuple[str, ...]]:
    """The headings (and lead-in lines) of a corpus document that name a required section."""
    assert CORPUS is not None
    doc = parse_text((CORPUS / DOCUMENTS[short]).read_text(encoding="utf-8"), short)
    headings = [(s.line, s.title) for s in (*doc.sections, *lead_in_sections(doc))]
    found: dict[int, tuple[str, ...]] = {}
    for line, title in headings:
        names = tuple(spec.name for spec in DEFAULT_SECTIONS if heading_matches(title, spec.names))
        if names:
            found[line] = names
    return found


@pytest.mark.skipif(CORPUS is None, reason=NO_CORPUS)
@pytest.mark.parametrize("short", sorted(DOCUMENTS))
def test_every_corpus_heading_names_what_it_should(short: str) -> None:
    misread = {line for name, line, _, _ in MISREAD if name == short}
    found = {line: names for line, names in _named(short).items() if line not in misread}
    assert found == EXPECTED.get(short, {})


@pytest.mark.skipif(CORPUS is None, reason=NO_CORPUS)
@pytest.mark.parametrize(
    ("short", "line", "expected"),
    [
        pytest.param(short, line, expected, marks=pytest.mark.xfail(strict=True, reason=why))
        for short, line, expected, why in MISREAD
    ],
)
def test_headings_the_rule_misreads(short: str, line: int, expected: tuple[str, ...]) -> None:
    assert _named(short).get(line, ()) == expected


@pytest.mark.skipif(CORPUS is None, reason=NO_CORPUS)
def test_the_sections_hook_takes_the_shallowest_heading() -> None:
    # project-ai: "#### Mitigations" of each attack surface, then "## Security Controls Inventory"
    assert CORPUS is not None
    short = "project-ai"
    doc = parse_text((CORPUS / DOCUMENTS[short]).read_text(encoding="utf-8"), short)
    spec = next(spec for spec in DEFAULT_SECTIONS if spec.name == "Mitigations")
    section = find_heading(doc, spec.names)
    assert section is not None
    assert section.title == "Security Controls Inventory"
