"""TM501/TM502: the Threats section addresses every category and every lens."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from hooks.core.content.scan import (
    CATEGORY_COLUMNS,
    ID_COLUMNS,
    Scope,
    column,
    is_na_without_reason,
    phrase,
    words,
)
from hooks.core.content.settings import Category, ContentSettings
from hooks.core.findings import Reporter
from hooks.core.markdown import Block, BlockKind, Section
from hooks.core.structure import LabelKind

_AFTER = re.compile(r"(?::|\s[-\u2013\u2014]\s)\s*")  # "### Tampering: N/A"


@dataclass(frozen=True)
class Mention:
    line: int
    text: str
    rest: str
    phrase: str  # the words of ``text``, for whole-word comparisons

    @classmethod
    def of(cls, line: int, text: str, rest: str) -> Mention:
        return cls(line, text, rest, phrase(text))


def mentions(scope: Scope) -> list[Mention]:
    """Every place in the scope that can name a category: headings, labelled lines (bold
    labels, ``Label:`` items and quoted lines), and the Category column of tables. A
    mention's ``rest`` is what it says of the category (a heading's: the text after a ``:``
    and its section's first block)."""
    sections = {section.line: section for section in scope.doc.sections}
    found: list[Mention] = []
    for entry in scope.entries():
        label = entry.label
        if label is None:
            continue
        if label.kind is not LabelKind.HEADING:
            found.append(Mention.of(entry.line, label.text, label.rest))
            continue
        after = _AFTER.split(label.text, maxsplit=1)[1:]
        section = sections.get(entry.line)
        body = _first_text(section.blocks) if section is not None else ""
        found.append(Mention.of(entry.line, label.text, " ".join([*after, body]).strip()))
    for table in scope.tables():
        index = column(table, *CATEGORY_COLUMNS)
        if index is None:
            continue
        skip = {index, column(table, *ID_COLUMNS)}
        for row in table.rows:
            if index < len(row.cells):
                rest = " ".join(c for i, c in enumerate(row.cells) if i not in skip and c.strip())
                found.append(Mention.of(row.line, row.cells[index], rest))
    return found


def _first_text(blocks: list[Block]) -> str:
    """The text of the first paragraph or list item of ``blocks``."""
    for block in blocks:
        if block.kind is BlockKind.PARAGRAPH:
            return block.text
        if block.kind is BlockKind.LIST and block.items:
            return block.items[0].text
    return ""


def addressed(category: Category, found: list[Mention]) -> tuple[bool, Mention | None]:
    """Whether a category is addressed; the second value is an N/A without a reason."""
    bare: Mention | None = None
    names = [re.escape(name) for name in map(phrase, category.names) if name.strip()]
    if not names:
        return False, None
    named = re.compile("|".join(names))
    for mention in found:
        if named.search(mention.phrase) is None:
            continue
        if mention.rest and is_na_without_reason(mention.rest):
            bare = bare or mention
            continue
        return True, None
    return False, bare


def check_categories(
    scope: Scope, settings: ContentSettings, reporter: Reporter, also: Iterable[Section] = ()
) -> None:
    """TM501/TM502 for the categories and lenses that neither the scope nor the headings of
    the ``also`` sections (abuse cases, for the Abuse & misuse lens) address."""
    found = mentions(scope) + [Mention.of(section.line, section.title, "") for section in also]
    path = scope.doc.path
    where = "the Threats section" if scope.found else "the model (no Threats section found)"
    chosen = {phrase(category.name) for category in settings.categories}
    lenses = [lens for lens in settings.lenses if phrase(lens.name) not in chosen]
    for code, kind, group in (
        ("TM501", "category", settings.categories),
        ("TM502", "lens", lenses),  # a lens that is also a category is judged as one
    ):
        for category in group:
            ok, bare = addressed(category, found)
            if ok:
                continue
            if bare is not None:
                reporter.add(
                    path,
                    bare.line,
                    1,
                    code,
                    f"{kind} '{category.name}' is marked N/A without a reason",
                    "say why it does not apply, e.g. 'N/A: no user accounts exist'",
                )
                continue
            synonyms = ", ".join(category.synonyms[:4])
            accepted = f" (also accepted: {synonyms})" if synonyms else ""
            reporter.add(
                path,
                scope.line,
                1,
                code,
                f"threat {kind} '{category.name}' is not addressed in {where}",
                f"add a '### {category.name}' subsection, a '- **{category.name}:** ...' bullet"
                f" or a table row with it in a Category column{accepted}; "
                f"'N/A: <reason>' counts",
            )


__all__ = ["check_categories", "mentions", "words"]
