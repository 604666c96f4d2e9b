"""TM508/TM509: every trust boundary documents the configured fields.

The boundaries of a Trust boundaries section are its subsections (or, when some of them are
Trust boundaries sections themselves, theirs), else the rows of a table of boundaries, else
the bullets that name a boundary. A field is documented by its label (``**What crosses:**``,
a ``What crosses`` column) or inline (``...; Auth: mTLS``); authentication also by the
mechanism it names anywhere in the boundary (``mTLS``, ``JWT``, ``HMAC signature``), and what
crosses by the data it names (``confidential data``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from hooks.core.content.scan import Scope, is_blank
from hooks.core.content.settings import BOUNDARY_FIELDS, ContentSettings
from hooks.core.findings import Reporter
from hooks.core.markdown import BlockKind, Section, Table, heading_matches
from hooks.core.names import words
from hooks.core.structure import Entry, Outline, item_entries, item_label, subtree

_VARIANTS = sorted(
    ((words(variant), name) for name, variants in BOUNDARY_FIELDS.items() for variant in variants),
    key=lambda pair: -len(pair[0]),
)
_INLINE = re.compile(r"(?:^|[\s;,(|>])\**(?P<label>[A-Za-z][A-Za-z /&-]{1,40}?)\**\s*:")
# words that state a field in a boundary's own text
_STATED = {
    "authentication": re.compile(
        r"\b(?:authenticat\w*|authn|auth|m?tls client cert\w*|mtls|mutual tls|jwts?|oauth2?|oidc"
        r"|openid connect|saml|sso|hmac|kerberos|spiffe|svids?|api keys?|bearer|client "
        r"certificates?|x\.509|basic auth|passwords?|passkeys?|webauthn|iam roles?|workload "
        r"identit(?:y|ies)|service accounts?)\b",
        re.IGNORECASE,
    ),
    # "confidential data", "personal data;": a kind of data, not "data exfiltration"
    "what crosses": re.compile(
        r"\b(?:data flows?|crosses|crossing)\b|\b\w+\s+data\b(?=\s*(?:[,;.)]|$))", re.IGNORECASE
    ),
}
# a bullet that names a boundary: two sides joined, or the word boundary
_BOUNDARY_ITEM = re.compile(
    r"->|\u2192|\u2194|<->|\u21c4|=>|\u27f6|\s/\s|\b(?:to|between|boundary|boundaries|zone|"
    r"perimeter)\b",
    re.IGNORECASE,
)
# the first header of a table of boundaries
_BOUNDARY_HEADER = re.compile(
    r"\b(?:boundary|boundaries|zone|crossing|interface|flow|connection|channel|link|path|from|"
    r"source)\b",
    re.IGNORECASE,
)
MAX_NAME = 60  # characters of a boundary's name in a message


def field_of(label: str) -> str | None:
    """The boundary field a label names (the longest matching variant wins)."""
    normal = words(label)
    for variant, name in _VARIANTS:
        if normal == variant or normal.startswith(variant + " "):
            return name
    return None


def fields_in(entries: Iterable[Entry]) -> set[str]:
    """The boundary fields that entries name, as labels or inline (``...; Auth: mTLS``), or
    state in their text (an authentication mechanism, the data that crosses)."""
    found: set[str] = set()
    for entry in entries:
        label = entry.label
        if label is not None and (name := field_of(label.text)) is not None:
            found.add(name)
        for match in _INLINE.finditer(entry.text):
            if (name := field_of(match.group("label"))) is not None:
                found.add(name)
        found.update(name for name, stated in _STATED.items() if stated.search(entry.text))
    return found


def is_boundary_table(table: Table) -> bool:
    """Whether a table lists boundaries: its first column names them, or it has a What crosses
    or Authentication column (a table of assets or roles does not)."""
    headers = table.header.cells
    if headers and _BOUNDARY_HEADER.search(headers[0]):
        return True
    return any(field_of(header) in ("what crosses", "authentication") for header in headers)


def _table_boundaries(table: Table) -> Iterator[tuple[int, str, set[str]]]:
    columns = {index: field_of(header) for index, header in enumerate(table.header.cells)}
    for row in table.rows:
        present = {
            name
            for index, name in columns.items()
            if name is not None and index < len(row.cells) and not is_blank(row.cells[index])
        }
        text = " ".join(row.cells[1:])
        present.update(name for name, stated in _STATED.items() if stated.search(text))
        yield row.line, (row.cells[0] if row.cells else ""), present


def boundaries(scope: Scope, names: tuple[str, ...]) -> list[tuple[int, str, set[str]]]:
    """``(line, name, fields present)`` for each boundary of the Trust boundaries scope;
    ``names`` are the names of the Trust boundaries section."""
    found: list[tuple[int, str, set[str]]] = []
    for root in scope.sections:
        found.extend(_boundaries_of(scope.outline, root, names))
    return sorted(found)


def _boundaries_of(
    outline: Outline, root: Section, names: tuple[str, ...]
) -> Iterator[tuple[int, str, set[str]]]:
    doc = outline.doc
    below = [s for s in subtree(doc, root) if s is not root]
    children = [s for s in below if s.level == root.level + 1] or below
    inner = [s for s in children if heading_matches(s.title, names)]
    if inner:  # "## Assets & trust boundaries" over "### Assets" and "### Trust boundaries"
        for section in inner:
            yield from _boundaries_of(outline, section, names)
        return
    for block in root.blocks:
        if (
            block.kind is BlockKind.TABLE
            and block.table is not None
            and is_boundary_table(block.table)
        ):
            yield from _table_boundaries(block.table)
    for sub in children:
        yield sub.line, sub.title, fields_in(outline.between(sub.line + 1, sub.end_line))
    if children:
        return
    for block in root.blocks:
        if block.kind is not BlockKind.LIST:
            continue
        for item in block.items:
            text = " ".join(item.text.split())
            if _BOUNDARY_ITEM.search(text):
                label = item_label(item)  # "**Browser → API**: TLS, JWT" is "Browser → API"
                name = label.text if label is not None and label.rest else text
                yield item.line, name, fields_in(item_entries(item))


def short_name(text: str, width: int = MAX_NAME) -> str:
    """A boundary's name as a message shows it: cut on a word boundary, with an ellipsis."""
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > width // 2 else cut).rstrip(" ,;:-") + "\u2026"


def check_boundaries(
    scope: Scope,
    settings: ContentSettings,
    reporter: Reporter,
    names: tuple[str, ...] = ("Trust boundaries", "Trust boundary"),
) -> None:
    wanted = {
        name: level for name, level in settings.trust_boundary_fields.items() if level != "off"
    }
    if not scope.found or not wanted:
        return
    for line, name, present in boundaries(scope, names):
        for field, level in wanted.items():
            if field in present:
                continue
            label = BOUNDARY_FIELDS[field][0]
            article = "an" if label[:1].lower() in "aeiou" else "a"
            variants = ", ".join(BOUNDARY_FIELDS[field][:3])
            reporter.add(
                scope.doc.path,
                line,
                1,
                "TM509" if level == "error" else "TM508",
                f"trust boundary '{short_name(name)}' does not say {field}",
                f"add {article} '{label}:' entry (also accepted: {variants})",
            )
