"""The rule catalogue: every finding the hooks can report has a code here.

Codes are grouped by the hook that reports them:

- ``TM0xx`` input problems (any hook that reads a file),
- ``TM1xx`` ``check-threat-model-sections``,
- ``TM2xx`` ``check-threat-model-template``,
- ``TM3xx`` ``check-threat-model-index``,
- ``TM4xx`` ``check-threat-model-coverage``,
- ``TM5xx`` content checks,
- ``TM6xx`` ``threat-model review`` and ``check-threat-model-review``.

``docs/rules.md`` documents each of them; tests keep the two in step, run every failing
example there, and check that each rule's ``check`` exists and mentions its code.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

Severity = Literal["error", "warning"]
SEVERITIES: tuple[str, ...] = ("error", "warning", "off")


class Rule(NamedTuple):
    code: str
    name: str
    severity: Severity
    summary: str
    fix: str  # what to do, in a sentence (the help of a SARIF rule)
    check: str  # the dotted path of the function that reports it


_RULES = (
    # Input problems.
    Rule(
        "TM001",
        "unreadable-file",
        "error",
        "The file cannot be read as UTF-8 Markdown text.",
        "Save the file as UTF-8; make a linked file a regular file inside the repository.",
        check="hooks.core.markdown.parse_bytes",
    ),
    Rule(
        "TM002",
        "empty-file",
        "error",
        "The file is empty.",
        "Start the model from the template, or delete the file.",
        check="hooks.core.markdown.parse_bytes",
    ),
    Rule(
        "TM003",
        "invalid-front-matter",
        "error",
        "The YAML front matter is unterminated or invalid.",
        "Close the front matter with a second --- line and make it a mapping of key: value lines.",
        check="hooks.core.markdown._take_front_matter",
    ),
    Rule(
        "TM004",
        "unterminated-code-fence",
        "warning",
        "A code fence is never closed.",
        "Close the fence with a line of the same characters.",
        check="hooks.core.markdown._check_fences",
    ),
    Rule(
        "TM005",
        "file-too-large",
        "error",
        "The file is larger than the size limit.",
        "Split the model per feature, or raise max_file_bytes.",
        check="hooks.core.source.read_bytes",
    ),
    # check-threat-model-sections
    Rule(
        "TM101",
        "missing-section",
        "error",
        "A required section is missing.",
        "Add the section's heading (any level), or one of its configured aliases.",
        check="hooks.core.sections.check_sections",
    ),
    Rule(
        "TM102",
        "empty-section",
        "error",
        "A required section has no content.",
        "Describe the section's content, or say why it does not apply.",
        check="hooks.core.sections.check_sections",
    ),
    Rule(
        "TM103",
        "missing-metadata",
        "error",
        "A required metadata field is missing.",
        "Add the field to the feature metadata, e.g. '- **Owner:** @team'.",
        check="hooks.core.sections._check_metadata",
    ),
    Rule(
        "TM104",
        "placeholder-metadata",
        "error",
        "A metadata field is empty or a placeholder.",
        "Fill in the field's real value.",
        check="hooks.core.sections._check_metadata",
    ),
    Rule(
        "TM105",
        "invalid-date",
        "error",
        "The last-updated date is not a real date.",
        "Write the date of the last review as YYYY-MM-DD.",
        check="hooks.core.dates.parse_date",
    ),
    Rule(
        "TM106",
        "ambiguous-date",
        "error",
        "The last-updated date has an ambiguous day/month form.",
        "Write the date as YYYY-MM-DD.",
        check="hooks.core.dates.parse_date",
    ),
    Rule(
        "TM107",
        "future-date",
        "error",
        "The last-updated date is in the future.",
        "Write the date of the last real review, not a later one.",
        check="hooks.core.dates.check_not_future",
    ),
    # check-threat-model-template
    Rule(
        "TM201",
        "bad-file-name",
        "error",
        "The model's file name is not a kebab-case slug.",
        "Rename the file to a kebab-case .md name directly in the models folder (the hint is "
        "the git mv command).",
        check="hooks.core.template.check_model_place",
    ),
    Rule(
        "TM202",
        "misplaced-model",
        "error",
        "A threat model lives outside the models directory.",
        "Move the model into the models folder (the hint is the git mv command).",
        check="hooks.core.template.check_page",
    ),
    Rule(
        "TM203",
        "bad-title",
        "error",
        "The H1 title does not follow the template's title pattern.",
        "Rename the H1 title as the configured title pattern says.",
        check="hooks.core.template._check_title",
    ),
    Rule(
        "TM204",
        "section-order",
        "warning",
        "Required sections are not in the template's order.",
        "Order the sections as the template does.",
        check="hooks.core.template._check_order",
    ),
    Rule(
        "TM205",
        "leftover-placeholder",
        "error",
        "A template placeholder was left in the model.",
        "Replace the placeholder with the real content.",
        check="hooks.core.template._check_placeholders",
    ),
    Rule(
        "TM206",
        "template-not-a-file",
        "error",
        "The template path is not a regular file.",
        "Make the template path a regular file, or point 'template' at one.",
        check="hooks.core.template.check_template_file",
    ),
    Rule(
        "TM207",
        "incomplete-template",
        "error",
        "The template lacks a required section.",
        "Add the section's heading to the template.",
        check="hooks.core.template.check_template_file",
    ),
    Rule(
        "TM208",
        "bundled-template",
        "warning",
        "The repository has no template; the template bundled with the hooks is used.",
        "Write the template into the repository (threat-model init, or copy the bundled one) to "
        "make it the team's own.",
        check="hooks.core.template.check_template_file",
    ),
    # check-threat-model-index
    Rule(
        "TM301",
        "missing-index",
        "error",
        "The threat model index does not exist.",
        "Create the index: pre-commit run fix-threat-model-index --hook-stage manual (or "
        "threat-model index --fix).",
        check="hooks.core.index.report_missing",
    ),
    Rule(
        "TM302",
        "unindexed-model",
        "error",
        "A threat model is not linked from the index.",
        "Add a row for the model: pre-commit run fix-threat-model-index --hook-stage manual (or "
        "threat-model index --fix).",
        check="hooks.core.index.check_index",
    ),
    Rule(
        "TM303",
        "dangling-index-link",
        "error",
        "An index link points to no model.",
        "Correct the link, or remove the row of a model that was deleted.",
        check="hooks.core.index.check_index",
    ),
    Rule(
        "TM304",
        "index-link-outside-repository",
        "error",
        "An index link leaves the repository.",
        "Link to the model inside the repository.",
        check="hooks.core.index.check_index",
    ),
    Rule(
        "TM305",
        "index-owner-mismatch",
        "error",
        "The index shows another owner than the model.",
        "Correct the row or the model: pre-commit run fix-threat-model-index --hook-stage "
        "manual rewrites the managed table.",
        check="hooks.core.index.check_index",
    ),
    Rule(
        "TM306",
        "index-date-mismatch",
        "error",
        "The index shows another last-updated date than the model.",
        "Correct the row or the model: pre-commit run fix-threat-model-index --hook-stage "
        "manual rewrites the managed table.",
        check="hooks.core.index.check_index",
    ),
    Rule(
        "TM307",
        "duplicate-index-row",
        "error",
        "A model is listed more than once in the index.",
        "Keep one row per model.",
        check="hooks.core.index.check_index",
    ),
    Rule(
        "TM308",
        "lone-index-marker",
        "warning",
        "An index marker line lacks its pair, or a second managed table exists.",
        "Delete the lone marker line or the second managed table, or let the index fixer do it.",
        check="hooks.core.index.check_markers",
    ),
    Rule(
        "TM309",
        "index-due-mismatch",
        "error",
        "The index shows another review due date than the model's date and cadence give.",
        "Correct the row: pre-commit run fix-threat-model-index --hook-stage manual rewrites "
        "the managed table.",
        check="hooks.core.index._check_due",
    ),
    Rule(
        "TM310",
        "dated-index-column",
        "warning",
        "The managed table has a Status column, which changes with today's date.",
        "Rewrite the managed table: pre-commit run fix-threat-model-index --hook-stage manual "
        "(or threat-model index --fix).",
        check="hooks.core.index.check_dated_columns",
    ),
    # check-threat-model-coverage
    Rule(
        "TM401",
        "stale-area-model",
        "warning",
        "A touched area's threat model is past its budget.",
        "Review the model, update it and set Last updated to today's date in the same change.",
        check="hooks.core.coverage._status",
    ),
    Rule(
        "TM402",
        "missing-area-model",
        "warning",
        "A touched area has no model or no valid date.",
        "Write the area's model from the template with a real Last updated date, or point the "
        "area's model at the existing one.",
        check="hooks.core.coverage._status",
    ),
    Rule(
        "TM403",
        "coverage-git-problem",
        "warning",
        "git cannot say what changed (e.g. shallow).",
        "Fetch the history the check compares (fetch-depth: 0, or git fetch --unshallow), or "
        "the base ref.",
        check="hooks.core.coverage.detect_changes",
    ),
    # content checks
    Rule(
        "TM501",
        "missing-threat-category",
        "error",
        "A threat category is not addressed.",
        "Add the threat category, or say why it does not apply (N/A with a reason).",
        check="hooks.core.content.categories.check_categories",
    ),
    Rule(
        "TM502",
        "missing-lens",
        "warning",
        "A threat lens is not addressed.",
        "Address the lens, or say why it does not apply.",
        check="hooks.core.content.categories.check_categories",
    ),
    Rule(
        "TM503",
        "duplicate-threat-id",
        "error",
        "A threat ID is used for two threats.",
        "Give each threat its own ID.",
        check="hooks.core.content.threats.collect_threats",
    ),
    Rule(
        "TM504",
        "unmitigated-threat",
        "error",
        "No mitigation references a threat ID.",
        "Name the threat in a mitigation, or record an accepted risk that names it.",
        check="hooks.core.content.threats.check_mitigations",
    ),
    Rule(
        "TM505",
        "unknown-threat-id",
        "error",
        "A mitigation names a threat ID that does not exist.",
        "Use an ID the Threats section defines, or add the threat.",
        check="hooks.core.content.threats.check_mitigations",
    ),
    Rule(
        "TM506",
        "invalid-mitigation-status",
        "error",
        "A mitigation status is not in the vocabulary.",
        "Use a status of the configured vocabulary (mitigation_statuses), or add the word to it.",
        check="hooks.core.content.threats.check_statuses",
    ),
    Rule(
        "TM507",
        "vague-threat",
        "warning",
        "A threat is a bare noun phrase without method or impact.",
        "State the attacker's goal, method and impact.",
        check="hooks.core.content.threats.check_statements",
    ),
    Rule(
        "TM508",
        "boundary-field-missing",
        "warning",
        "A trust boundary lacks a field (warning level).",
        "Add the boundary's missing field (authentication, data sensitivity, direction of trust "
        "...).",
        check="hooks.core.content.boundaries.check_boundaries",
    ),
    Rule(
        "TM509",
        "boundary-field-required",
        "error",
        "A trust boundary lacks a field (error level).",
        "Add the boundary's missing field (authentication, data sensitivity, direction of trust "
        "...).",
        check="hooks.core.content.boundaries.check_boundaries",
    ),
    Rule(
        "TM510",
        "risk-summary-column",
        "error",
        "A risk summary table lacks a required column.",
        "Add the missing column to the risk summary table and fill it.",
        check="hooks.core.content.risk._check_columns",
    ),
    Rule(
        "TM511",
        "invalid-risk-value",
        "error",
        "A likelihood or impact value is not on the risk scale.",
        "Use a level of the risk scale, or add the word as a synonym in risk_scale.",
        check="hooks.core.content.risk._check_values",
    ),
    Rule(
        "TM512",
        "risk-summary-unknown-threat",
        "error",
        "A risk summary names an unknown threat ID.",
        "Use an ID the Threats section defines.",
        check="hooks.core.content.risk._unknowns",
    ),
    Rule(
        "TM513",
        "missing-risk-summary",
        "error",
        "The configuration requires a risk summary table.",
        "Add a risk summary table with the required columns.",
        check="hooks.core.content.risk.check_risk",
    ),
    Rule(
        "TM514",
        "abuse-case-field",
        "error",
        "An abuse case lacks a required field.",
        "Add the abuse case's missing fields.",
        check="hooks.core.content.abuse.check_abuse_cases",
    ),
    Rule(
        "TM515",
        "abuse-case-stale-code",
        "error",
        "An abuse case names affected code that does not exist.",
        "Update the path, and review the abuse case against the code that moved.",
        check="hooks.core.content.abuse._check_code",
    ),
    Rule(
        "TM516",
        "broken-link",
        "error",
        "A relative link or image points to a file that does not exist.",
        "Correct the path, or remove the link.",
        check="hooks.core.content.links.check_links",
    ),
    Rule(
        "TM517",
        "link-outside-repository",
        "error",
        "A relative link or image leaves the repository.",
        "Link to a file inside the repository, or use a full URL.",
        check="hooks.core.content.links.check_links",
    ),
    Rule(
        "TM518",
        "stale-diagram",
        "warning",
        "The trust boundary diagram no longer matches the trust boundaries.",
        "Refresh the diagram: threat-model diagram MODEL --fix.",
        check="hooks.core.content.diagram.check_diagram",
    ),
    # threat-model review
    Rule(
        "TM601",
        "trust-boundary-change",
        "warning",
        "A change opens or widens a way in.",
        "Add the entry point and the boundary it crosses to the area's model (Entry points, "
        "Trust boundaries, Threats).",
        check="hooks.core.review.report.changes_of",
    ),
    Rule(
        "TM602",
        "data-flow-change",
        "warning",
        "A change sends personal or secret data somewhere.",
        "Record the data and where it goes in the model (Assets, Trust boundaries, Threats), or "
        "stop sending it.",
        check="hooks.core.review.report.changes_of",
    ),
    Rule(
        "TM603",
        "external-integration-change",
        "warning",
        "A change brings in a third party the system talks to.",
        "Add the third party, what it receives and the trust placed in it to the model.",
        check="hooks.core.review.report.changes_of",
    ),
    Rule(
        "TM604",
        "auth-change",
        "warning",
        "A change decides who someone is or what they may do.",
        "Update the model's threats and mitigations for the new decision.",
        check="hooks.core.review.report.changes_of",
    ),
    Rule(
        "TM605",
        "data-storage-change",
        "warning",
        "A change stores sensitive data, or changes where or how long data is kept.",
        "Add the data as an asset, with its threats and mitigations (encryption, retention).",
        check="hooks.core.review.report.changes_of",
    ),
    Rule(
        "TM606",
        "infrastructure-change",
        "warning",
        "A change alters how the system is deployed.",
        "Review the deployment's trust boundaries, threats and mitigations in the model.",
        check="hooks.core.review.report.changes_of",
    ),
    Rule(
        "TM607",
        "supply-chain-change",
        "warning",
        "A change alters which third-party code or artefacts are trusted.",
        "Pin what can be pinned (a commit SHA, a digest) and record the dependency's threats "
        "and mitigations.",
        check="hooks.core.review.report.changes_of",
    ),
    Rule(
        "TM608",
        "threat-model-update-needed",
        "warning",
        "A model's area has changes the model does not reflect yet.",
        "Update the sections the review names and set Last updated in the same change.",
        check="hooks.core.review.report.verdicts",
    ),
)

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}
