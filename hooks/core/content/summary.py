"""What a model's threats add up to, read as the content checks read them, reporting nothing:
for ``threat-model status``."""

from __future__ import annotations

from dataclasses import dataclass

from hooks.core.content.scan import find_scope, section_names
from hooks.core.content.threats import check_mitigations, collect_threats
from hooks.core.context import ModelContext
from hooks.core.findings import Reporter


@dataclass(frozen=True)
class ThreatCounts:
    """How many threats a model defines (by ID), and how many of them no mitigation names and
    none is marked not applicable (those TM504 reports; every one of them when the model
    maps no mitigation at all)."""

    threats: int
    unmitigated: int


def threat_counts(model: ModelContext) -> ThreatCounts:
    """The threat counts of one model, as :func:`hooks.core.content.checks.check_content`
    finds its threats and mitigations."""
    config, outline = model.config, model.outline
    settings = config.content
    threats = find_scope(outline, section_names(config, "Threats"))
    mitigations = find_scope(outline, section_names(config, "Mitigations"))
    mitigations.sections = [s for s in mitigations.sections if s not in threats.sections]
    if not threats.found:
        threats.excluded = mitigations.sections
    quiet = Reporter()  # the rules' default severities: TM504 is never "off" here
    index = collect_threats(threats, settings, quiet)
    if not (mitigations.found or index.inline_mitigations):
        open_threats = [key for key in index.defined if key not in index.not_applicable]
        return ThreatCounts(len(index.defined), len(open_threats))
    check_mitigations(threats, mitigations, index, settings, quiet)
    unmitigated = sum(1 for finding in quiet.findings if finding.code == "TM504")
    return ThreatCounts(len(index.defined), unmitigated)


__all__ = ["ThreatCounts", "threat_counts"]
