"""TM501/TM502: the Threats section addresses every category and every lens."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hooks.core.content.scan import Scope, column, is_na_without_reason, phrase, words
from hooks.core.content.settings import Category, ContentSettings
from hooks.core.findings import Reporter

CATEGORY_COLUMNS = (
    "Category",
    "Threat category",
    "STRIDE",
    "STRIDE category",
    "STRIDE element",
    "Type",
    "Threat type",
    "Class",
    "Lens",
)


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
    """Every place in the scope that can name a category: headings, bold-prefixed and
    ``Label:`` bullets, and the Category column of tables."""
    found = [Mention.of(label.line, label.label, label.rest) for label in scope.labels()]
    for table in scope.tables():
        index = column(table, *CATEGORY_COLUMNS)
        if index is None:
            continue
        for row in table.rows:
            if index < len(row.cells):
                rest = " ".join(c for i, c in enumerate(row.cells) if i != index)
                found.append(Mention.of(row.line, row.cells[index], rest))
    return found


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


def check_categories(scope: Scope, settings: ContentSettings, reporter: Reporter) -> None:
    found = mentions(scope)
    path = scope.doc.path
    where = "the Threats section" if scope.found else "the model (no Threats section found)"
    for code, kind, group in (
        ("TM501", "category", settings.categories),
        ("TM502", "lens", settings.lenses),
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
            also = f" (also accepted: {synonyms})" if synonyms else ""
            reporter.add(
                path,
                scope.line,
                1,
                code,
                f"threat {kind} '{category.name}' is not addressed in {where}",
                f"add a '### {category.name}' subsection, a '- **{category.name}:** ...' bullet"
                f" or a table row with it in a Category column{also}; "
                f"'N/A: <reason>' counts",
            )


__all__ = ["check_categories", "mentions", "words"]
