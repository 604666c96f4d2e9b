"""The real corpus: every file through every content rule, with every methodology and every
trust boundary field on (the judged findings of each document are in test_corpus_golden.py)."""

from __future__ import annotations

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
@pytest.mark.parametrize("methodology", sorted(BUILTIN_CATEGORIES))
@pytest.mark.parametrize("name", FILES)
def test_every_corpus_file_through_every_rule(name: str, methodology: str) -> None:
    assert CORPUS is not None
    config = parse_config(f"categories: {methodology}\n" + EVERYTHING, "x.yaml", CORPUS)
    run(name, config)
    run(name, Config(root=CORPUS))


@pytest.mark.skipif(CORPUS is None, reason=NO_CORPUS)
def test_attack_techniques_in_the_corpus_are_not_threat_ids() -> None:
    # "- **MITRE ATT&CK:** T1195.002 (Compromise Software Supply Chain)" under each threat
    assert CORPUS is not None
    name = "IAmSoThirsty__Project-AI__docs__security_compliance__THREAT_MODEL_SECURITY_WORKFLOWS.md"
    found = run(name, Config(root=CORPUS))
    assert [item for item in found if item[1] in ("TM503", "TM504", "TM505")] == []
