"""The real corpus: every file through every content rule, and documents with their own configs."""

from __future__ import annotations

from pathlib import Path

import pytest

from hooks.core.config import Config, parse_config
from hooks.core.content.checks import check_content
from hooks.core.content.settings import BUILTIN_CATEGORIES
from hooks.core.context import ModelContext
from hooks.core.findings import Reporter
from hooks.core.markdown import parse_text
from hooks.core.rules import RULES
from tests.content_support import corpus_dir

CORPUS = corpus_dir()
CONFIGS = Path(__file__).parent / "corpus_configs"
NO_CORPUS = "the real-threat-model corpus (shared/corpus/real-threat-models) is not present"
FILES = sorted(p.name for p in CORPUS.glob("*.md") if p.name != "SOURCES.md") if CORPUS else []

EVERYTHING = """\
require_risk_summary: true
trust_boundary_fields:
  what crosses: error
  what could go wrong: error
  mitigations: warning
  residual risk: warning
  authentication: error
  data sensitivity: warning
  direction of trust: warning
"""


def run(name: str, config: Config) -> list[tuple[int, str, str]]:
    assert CORPUS is not None
    text = (CORPUS / name).read_text(encoding="utf-8")
    reporter = Reporter(config.severity)
    check_content(ModelContext(parse_text(text, name), name, config), reporter)
    lines = text.replace("\r\n", "\n").split("\n")
    for finding in reporter.findings:
        assert finding.code in RULES
        assert 1 <= finding.line <= len(lines), finding
    return [(f.line, f.code, f.message) for f in reporter.findings]


@pytest.mark.skipif(CORPUS is None, reason=NO_CORPUS)
def test_corpus_is_complete() -> None:
    assert len(FILES) == 15


@pytest.mark.skipif(CORPUS is None, reason=NO_CORPUS)
@pytest.mark.parametrize("methodology", sorted(BUILTIN_CATEGORIES))
@pytest.mark.parametrize("name", FILES)
def test_every_corpus_file_through_every_rule(name: str, methodology: str) -> None:
    assert CORPUS is not None
    config = parse_config(f"categories: {methodology}\n" + EVERYTHING, "x.yaml", CORPUS)
    run(name, config)
    run(name, Config(root=CORPUS))


def _missing(url: str, target: str) -> str:
    return f"link '{url}' points to {target}, which does not exist"


def _image(path: str) -> str:
    return f"image '{path}' points to {path}, which does not exist"


# Each config in tests/corpus_configs/ describes one document's own structure. With it the
# document passes, or only true findings remain (each checked against the document).
CASES: dict[str, tuple[str, list[tuple[int, str, str]]]] = {
    "cluster-api": (
        "kubernetes__sig-security__sig-security-assessments__cluster-api__self-assessment.md",
        [
            # diagrams of the source repository that the corpus does not hold
            (212, "TM516", _image("images/mgmt-and-workload-cluster-relationship.png")),
            (318, "TM516", _image("images/data-flow-diagram-cluster-api.svg")),
            (323, "TM516", _image("images/excalidraw-data-flow-diagram-cluster-api.png")),
        ],
    ),
    "external-secrets": (
        "cncf__tag-security__community__assessments__projects__external-secrets__docs__"
        "stride-threat-model.md",
        [],
    ),
    "karmada": (
        "cncf__tag-security__community__assessments__projects__karmada__threatmodeling.md",
        [],
    ),
    "nats": (
        "cncf__tag-security__community__assessments__projects__nats__doc__threat-modeling.md",
        [],
    ),
    "tikv": (
        "cncf__tag-security__community__assessments__projects__tikv__tikv-threat-model.md",
        [],
    ),
    "longhorn": (
        "cncf__tag-security__community__assessments__projects__longhorn__threat-model.md",
        [],
    ),
    "ouroboros-leios": (
        "input-output-hk__ouroboros-leios__docs__threat-model.md",
        [
            # links to documents of the source repository that the corpus does not hold
            (9, "TM516", _missing("./leios-design", "leios-design")),
            (
                27,
                "TM516",
                _missing("./technical-report-1.md#threat-model", "technical-report-1.md"),
            ),
            (
                27,
                "TM516",
                _missing(
                    "./technical-report-2.md#notes-on-the-leios-attack-surface",
                    "technical-report-2.md",
                ),
            ),
            (
                222,
                "TM516",
                _missing("./leios-design#data-withholding", "leios-design"),
            ),
            (
                251,
                "TM516",
                _missing("./leios-design#protocol-bursts", "leios-design"),
            ),
            # T34's Mitigation cell is "?"
            (373, "TM504", "threat T34 is not referenced by any mitigation"),
        ],
    ),
    "admission-control": (
        "kubernetes__sig-security__sig-security-docs__papers__admission-control__"
        "kubernetes-admission-control-threat-model.md",
        [
            # a diagram of the source repository that the corpus does not hold
            (44, "TM516", _image("images/attack-tree.png")),
            # Mitigation: N/A (Threat ID 10 links Mitigation ID 6 under its own Mitigation
            # field, although that mitigation's list of threats omits it)
            (122, "TM504", "threat Threat ID 6 is not referenced by any mitigation"),
            # Mitigation: N/A
            (278, "TM504", "threat Threat ID 17 is not referenced by any mitigation"),
        ],
    ),
}


@pytest.mark.skipif(CORPUS is None, reason=NO_CORPUS)
@pytest.mark.parametrize("short", sorted(CASES))
def test_corpus_document_with_its_own_config(short: str) -> None:
    assert CORPUS is not None
    name, expected = CASES[short]
    config_path = CONFIGS / f"{short}.yaml"
    config = parse_config(config_path.read_text(encoding="utf-8"), str(config_path), CORPUS)
    assert run(name, config) == expected
    lines = (CORPUS / name).read_text(encoding="utf-8").split("\n")
    for line, code, _ in expected:
        if code == "TM504":
            assert "Threat" in lines[line - 1] or "| T" in lines[line - 1]


@pytest.mark.skipif(CORPUS is None, reason=NO_CORPUS)
@pytest.mark.parametrize("short", sorted(CASES))
def test_corpus_document_fails_without_its_config(short: str) -> None:
    name, expected = CASES[short]
    assert CORPUS is not None
    assert run(name, Config(root=CORPUS)) != expected


def test_every_corpus_config_has_a_case() -> None:
    assert sorted(p.stem for p in CONFIGS.glob("*.yaml")) == sorted(CASES)


@pytest.mark.skipif(CORPUS is None, reason=NO_CORPUS)
def test_attack_techniques_in_the_corpus_are_not_threat_ids() -> None:
    # "- **MITRE ATT&CK:** T1195.002 (Compromise Software Supply Chain)" under each threat
    assert CORPUS is not None
    name = "IAmSoThirsty__Project-AI__docs__security_compliance__THREAT_MODEL_SECURITY_WORKFLOWS.md"
    found = run(name, Config(root=CORPUS))
    assert [item for item in found if item[1] in ("TM503", "TM504", "TM505")] == []
