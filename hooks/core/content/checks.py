"""``check_content``: every content rule (TM5xx) on one parsed model."""

from __future__ import annotations

from hooks.core.content.abuse import abuse_cases, check_abuse_cases
from hooks.core.content.boundaries import check_boundaries
from hooks.core.content.categories import check_categories
from hooks.core.content.diagram import check_diagram
from hooks.core.content.links import check_links
from hooks.core.content.risk import check_risk
from hooks.core.content.scan import RISK_SUMMARY_NAMES, find_scope, section_names
from hooks.core.content.threats import (
    check_mitigations,
    check_statements,
    collect_threats,
)
from hooks.core.context import ModelContext
from hooks.core.findings import Reporter


def check_content(model: ModelContext, reporter: Reporter) -> None:
    """Report every content finding of one model."""
    config, doc, outline = model.config, model.doc, model.outline
    settings = config.content
    model.match_names([RISK_SUMMARY_NAMES])  # with the configured sections: one pass
    threats = find_scope(outline, section_names(config, "Threats"))
    mitigations = find_scope(outline, section_names(config, "Mitigations"))
    mitigations.sections = [s for s in mitigations.sections if s not in threats.sections]
    if not threats.found:  # the whole model is searched, except its Mitigations sections
        threats.excluded = mitigations.sections
    check_categories(threats, settings, reporter, also=abuse_cases(doc))
    # Without a Threats section, the categories are searched in the whole model, and the
    # threat IDs it defines are collected there; statuses and threat statements are judged only
    # in the sections that hold them (the sections hook reports the missing section, once).
    names = section_names(config, "Mitigations")
    index = collect_threats(threats, settings, reporter, mitigations, names)
    check_mitigations(threats, mitigations, index, settings, reporter)
    check_statements(threats, settings, reporter, index, names)
    boundary_names = section_names(config, "Trust boundaries")
    boundary_scope = find_scope(outline, boundary_names)
    check_boundaries(boundary_scope, settings, reporter, boundary_names)
    check_diagram(boundary_scope, boundary_names, reporter)
    check_risk(outline, index, settings, reporter)
    check_abuse_cases(outline, config.root, reporter)
    check_links(doc, model.relpath, config.root, reporter)


__all__ = ["check_content"]
