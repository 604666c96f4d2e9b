"""The rule catalogue: every finding the hooks can report has a code here.

Codes are grouped by the hook that reports them:

- ``TM0xx`` input problems (any hook that reads a file),
- ``TM1xx`` ``check-threat-model-sections``,
- ``TM2xx`` ``check-threat-model-template``,
- ``TM3xx`` ``check-threat-model-index``,
- ``TM4xx`` ``check-threat-model-coverage``,
- ``TM5xx`` content checks.

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
    # check-threat-model-coverage
    Rule(
        "TM401", "stale-area-model", "warning", "A touched area's threat model is past its budget."
    ),
    Rule("TM402", "missing-area-model", "warning", "A touched area has no model or no valid date."),
    Rule("TM403", "coverage-git-problem", "warning", "git cannot say what changed (e.g. shallow)."),
)

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}
