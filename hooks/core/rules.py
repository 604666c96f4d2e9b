"""The rule catalogue: every finding the hooks can report has a code here.

Codes are grouped by the hook that reports them:

- ``TM0xx`` input problems (any hook that reads a file),
- ``TM1xx`` ``check-threat-model-sections``,
- ``TM2xx`` ``check-threat-model-template``,
- ``TM3xx`` ``check-threat-model-index``,
- ``TM4xx`` ``check-threat-model-coverage``,
- ``TM5xx`` content checks,
- ``TM6xx`` ``threat-model review`` and ``check-threat-model-review``.

``docs/rules.md`` documents each of them; a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
SEVERITIES: tuple[str, ...] = ("error", "warning", "off")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str


_RULES = (
    # Input problems.
    Rule("TM001", "unreadable-file", "error", "The file cannot be read as UTF-8 Markdown text."),
    Rule("TM002", "empty-file", "error", "The file is empty."),
    Rule(
        "TM003",
        "invalid-front-matter",
        "error",
        "The YAML front matter is unterminated or invalid.",
    ),
    Rule("TM004", "unterminated-code-fence", "warning", "A code fence is never closed."),
    Rule("TM005", "file-too-large", "error", "The file is larger than the size limit."),
    # check-threat-model-sections
    Rule("TM101", "missing-section", "error", "A required section is missing."),
    Rule("TM102", "empty-section", "error", "A required section has no content."),
    Rule("TM103", "missing-metadata", "error", "A required metadata field is missing."),
    Rule("TM104", "placeholder-metadata", "error", "A metadata field is empty or a placeholder."),
    Rule("TM105", "invalid-date", "error", "The last-updated date is not a real date."),
    Rule(
        "TM106", "ambiguous-date", "error", "The last-updated date has an ambiguous day/month form."
    ),
    Rule("TM107", "future-date", "error", "The last-updated date is in the future."),
    # check-threat-model-template
    Rule("TM201", "bad-file-name", "error", "The model's file name is not a kebab-case slug."),
    Rule("TM202", "misplaced-model", "error", "A threat model lives outside the models directory."),
    Rule(
        "TM203", "bad-title", "error", "The H1 title does not follow the template's title pattern."
    ),
    Rule("TM204", "section-order", "warning", "Required sections are not in the template's order."),
    Rule("TM205", "leftover-placeholder", "error", "A template placeholder was left in the model."),
    Rule("TM206", "missing-template", "error", "The template file does not exist."),
    Rule("TM207", "incomplete-template", "error", "The template lacks a required section."),
    # check-threat-model-index
    Rule("TM301", "missing-index", "error", "The threat model index does not exist."),
    Rule("TM302", "unindexed-model", "error", "A threat model is not linked from the index."),
    Rule("TM303", "dangling-index-link", "error", "An index link points to no model."),
    Rule("TM304", "index-link-outside-repository", "error", "An index link leaves the repository."),
    Rule("TM305", "index-owner-mismatch", "error", "The index shows another owner than the model."),
    Rule(
        "TM306",
        "index-date-mismatch",
        "error",
        "The index shows another last-updated date than the model.",
    ),
    Rule("TM307", "duplicate-index-row", "error", "A model is listed more than once in the index."),
    Rule(
        "TM308",
        "lone-index-marker",
        "warning",
        "An index marker line lacks its pair, or a second managed table exists.",
    ),
    # check-threat-model-coverage
    Rule(
        "TM401", "stale-area-model", "warning", "A touched area's threat model is past its budget."
    ),
    Rule("TM402", "missing-area-model", "warning", "A touched area has no model or no valid date."),
    Rule("TM403", "coverage-git-problem", "warning", "git cannot say what changed (e.g. shallow)."),
    # content checks
    Rule("TM501", "missing-threat-category", "error", "A threat category is not addressed."),
    Rule("TM502", "missing-lens", "warning", "A threat lens is not addressed."),
    Rule("TM503", "duplicate-threat-id", "error", "A threat ID is used for two threats."),
    Rule("TM504", "unmitigated-threat", "error", "No mitigation references a threat ID."),
    Rule(
        "TM505", "unknown-threat-id", "error", "A mitigation names a threat ID that does not exist."
    ),
    Rule(
        "TM506",
        "invalid-mitigation-status",
        "error",
        "A mitigation status is not in the vocabulary.",
    ),
    Rule(
        "TM507",
        "vague-threat",
        "warning",
        "A threat is a bare noun phrase without method or impact.",
    ),
    Rule(
        "TM508",
        "boundary-field-missing",
        "warning",
        "A trust boundary lacks a field (warning level).",
    ),
    Rule(
        "TM509", "boundary-field-required", "error", "A trust boundary lacks a field (error level)."
    ),
    Rule("TM510", "risk-summary-column", "error", "A risk summary table lacks a required column."),
    Rule(
        "TM511",
        "invalid-risk-value",
        "error",
        "A likelihood or impact value is not on the risk scale.",
    ),
    Rule(
        "TM512",
        "risk-summary-unknown-threat",
        "error",
        "A risk summary names an unknown threat ID.",
    ),
    Rule(
        "TM513", "missing-risk-summary", "error", "The configuration requires a risk summary table."
    ),
    Rule("TM514", "abuse-case-field", "error", "An abuse case lacks a required field."),
    Rule(
        "TM515",
        "abuse-case-stale-code",
        "error",
        "An abuse case names affected code that does not exist.",
    ),
    Rule(
        "TM516",
        "broken-link",
        "error",
        "A relative link or image points to a file that does not exist.",
    ),
    Rule(
        "TM517",
        "link-outside-repository",
        "error",
        "A relative link or image leaves the repository.",
    ),
    # threat-model review
    Rule("TM601", "trust-boundary-change", "warning", "A change opens or widens a way in."),
    Rule(
        "TM602", "data-flow-change", "warning", "A change sends personal or secret data somewhere."
    ),
    Rule(
        "TM603",
        "external-integration-change",
        "warning",
        "A change brings in a third party the system talks to.",
    ),
    Rule("TM604", "auth-change", "warning", "A change decides who someone is or what they may do."),
    Rule(
        "TM605",
        "data-storage-change",
        "warning",
        "A change stores sensitive data, or changes where or how long data is kept.",
    ),
    Rule(
        "TM606", "infrastructure-change", "warning", "A change alters how the system is deployed."
    ),
    Rule(
        "TM607",
        "supply-chain-change",
        "warning",
        "A change alters which third-party code or artefacts are trusted.",
    ),
    Rule(
        "TM608",
        "threat-model-update-needed",
        "warning",
        "A model's area has changes the model does not reflect yet.",
    ),
)

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}
