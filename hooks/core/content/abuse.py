"""TM514/TM515: "Abuse Case: <name>" sections carry their fields and name real code."""

from __future__ import annotations

import re
from pathlib import Path

from hooks.core.findings import Reporter
from hooks.core.markdown import Document, Section, strip_numbering
from hooks.core.names import words
from hooks.core.structure import EntryKind, LabelKind, Outline, columns_of

ABUSE_FIELDS: dict[str, tuple[str, ...]] = {
    "Attacker profile": ("Attacker profile", "Attacker", "Threat actor", "Adversary"),
    "Target asset": ("Target asset", "Target", "Asset", "Assets"),
    "Attack path": ("Attack path", "Attack steps", "Steps", "Attack vector"),
    "Preconditions": ("Preconditions", "Precondition", "Prerequisites"),
    "Impact": ("Impact",),
    "Affected code": ("Affected code", "Affected files", "Code", "Affected components"),
    "Current controls": ("Current controls", "Controls", "Existing controls", "Mitigations"),
    "Gaps": ("Gaps", "Gap", "Open gaps", "Remaining gaps"),
}
_TITLE = re.compile(r"^\s*abuse[ -]case\s*(?:#?\s*\d+\s*)?[:\u2014\u2013-]", re.IGNORECASE)
_CODE = re.compile(r"`([^`\s]+)`")
_PATHLIKE = re.compile(r"^[\w.@+-]+(?:/[\w.@+-]+)*/?$")


def _field(label: str) -> str | None:
    normal = words(label)
    best: tuple[int, str] | None = None
    for name, variants in ABUSE_FIELDS.items():
        for variant in variants:
            wanted = words(variant)
            if (normal == wanted or normal.startswith(wanted + " ")) and (
                best is None or len(wanted) > best[0]
            ):
                best = (len(wanted), name)
    return best[1] if best else None


def _code_path(token: str) -> str | None:
    """The repository path a code span names, or ``None``: only a path with a folder
    (``src/auth/login.py``, ``hooks/core/``) says where a file is; a bare ``login.py`` does not."""
    token = re.sub(r"(?::\d+(?:-\d+)?|#L\d+(?:-L?\d+)?|::[\w.]+)$", "", token)
    if "*" in token or "?" in token or "://" in token or "/" not in token:
        return None
    return token if _PATHLIKE.match(token) else None


def is_abuse_case(title: str) -> bool:
    """Whether a heading opens an abuse case: ``Abuse Case: <name>``, perhaps numbered
    (``7.1 Abuse case: ...``, ``Abuse Case #3: ...``)."""
    return _TITLE.match(strip_numbering(title)) is not None


def abuse_cases(doc: Document) -> list[Section]:
    """The sections of a model that are abuse cases."""
    return [section for section in doc.sections if is_abuse_case(section.title)]


def check_abuse_cases(outline: Outline, root: Path, reporter: Reporter) -> None:
    doc = outline.doc
    for section in abuse_cases(doc):
        present: set[str] = set()
        current: str | None = None
        for entry in outline.between(section.line + 1, section.end_line):
            label = entry.label
            if entry.kind is EntryKind.ROW:  # a "| Field | Value |" table row
                current = _field(entry.cells[0].strip(" *_")) if entry.cells else None
                if current is not None:
                    present.add(current)
            elif label is not None:
                name = _field(label.text)
                if name is not None:
                    present.add(name)
                    current = name
                elif label.kind in (LabelKind.HEADING, LabelKind.BOLD):
                    current = None
            if current == "Affected code":
                _check_code(doc, root, entry.line, entry.text, reporter)
        for name in ABUSE_FIELDS:
            if name not in present:
                reporter.add(
                    "TM514",
                    path=doc.path,
                    line=section.line,
                    column=1,
                    message=f"abuse case '{section.title}' has no '{name}' field",
                    hint=f"add '- **{name}:** ...' under the abuse case",
                )


def _check_code(doc: Document, root: Path, number: int, text: str, reporter: Reporter) -> None:
    spans = list(_CODE.finditer(text))
    columns = columns_of(doc.source_line(number), [match.group(0) for match in spans])
    for match, column in zip(spans, columns, strict=True):
        path = _code_path(match.group(1))
        if path is None:
            continue
        target = (root / path.lstrip("/")).resolve()
        inside = target == root.resolve() or root.resolve() in target.parents
        if inside and target.exists():
            continue
        reporter.add(
            "TM515",
            path=doc.path,
            line=number,
            column=column,
            message=f"affected code `{match.group(1)}` does not exist in the repository",
            hint="the model has drifted from the code: update the path or the abuse case",
        )
