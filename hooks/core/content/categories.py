"""TM501/TM502: the Threats section addresses every category and every lens.

A category is addressed where the threats name it, its synonym or an inflection of either
(``spoofed``, ``tampering``, ``abusing``): in a heading with something under it, a label, a
category field (``**STRIDE:** Tampering``, ``**Threat type:** ...``) or a Category cell, and in
any sentence of the Threats section. STRIDE categories are also named by their letters in a
label or a category cell (``**S:**``, ``S/T``). A model without a Threats section is searched
as a whole, where sentences count only for the strong names: the category's own name, a
synonym of two words or more, or an abbreviation (``DoS``); a one-word synonym (``Integrity``,
``Abuse``, ``Privacy``) counts there only as a heading, label or cell.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from hooks.core.content.scan import (
    ID_COLUMNS,
    Scope,
    category_column,
    category_fields,
    column,
    is_na_without_reason,
)
from hooks.core.content.settings import Category, ContentSettings
from hooks.core.findings import Reporter
from hooks.core.markdown import Block, BlockKind, Section, Table
from hooks.core.names import singulars, stems, words
from hooks.core.sections import has_content
from hooks.core.structure import EntryKind, LabelKind, subtree

_AFTER = re.compile(r"(?::|\s[-\u2013\u2014]\s)\s*")  # "### Tampering: N/A"
# the STRIDE categories and their letters: "**S:**", "| S/T |"
STRIDE_LETTERS = {
    "spoofing": "S",
    "tampering": "T",
    "repudiation": "R",
    "information disclosure": "I",
    "denial of service": "D",
    "elevation of privilege": "E",
}
_LETTERS = re.compile(r"^[STRIDE](?:\s*[/,&+]\s*[STRIDE])*$")


def is_letters(text: str) -> bool:
    """Whether a text is STRIDE letters: ``S``, ``S/T``, ``T, R``."""
    return _LETTERS.match(text.strip().strip("*_").strip()) is not None


def written(text: str) -> str:
    """The words of ``text`` with plurals folded, between spaces: a sentence names a category
    as written (``denial of service``, ``privacy``), not in another inflection."""
    return f" {singulars(text)} "


@dataclass(frozen=True)
class Mention:
    """Where a category may be named: ``text`` is what names it (stemmed words between
    spaces), ``rest`` what the place says of it (for N/A), ``prose`` whether it is a sentence
    rather than a heading, label or cell, ``letters`` the STRIDE letters it consists of."""

    line: int
    text: str
    rest: str
    prose: bool = False
    letters: str = ""

    @classmethod
    def of(cls, line: int, text: str, rest: str = "", prose: bool = False) -> Mention:
        letters = text.strip().strip("*_").strip().upper() if is_letters(text) else ""
        return cls(line, written(text) if prose else stems(text), rest, prose, letters)


def mentions(scope: Scope, settings: ContentSettings) -> list[Mention]:
    """Every place in the scope that can name a category: headings with something under them,
    labels (their text; a category field's value), the Category column of tables, and (as
    prose) the text of every line and row. A heading's ``rest`` is the text after a ``:`` and
    its section's first block."""
    doc = scope.doc
    sections = {section.line: section for section in doc.sections}
    fields = category_fields(settings)
    found: list[Mention] = []
    for entry in scope.entries():
        label = entry.label
        if entry.kind is EntryKind.ROW:
            continue  # rows: below, without their category cell
        if entry.kind is not EntryKind.HEADING:
            prose = label.rest if label is not None else entry.text
            found.append(Mention.of(entry.line, prose, prose=True))
        if label is None:
            continue
        if label.kind is not LabelKind.HEADING:
            if words(label.text) in fields:
                found.append(Mention.of(entry.line, label.rest, label.rest))
            else:
                found.append(Mention.of(entry.line, label.text, label.rest))
            continue
        section = sections.get(entry.line)
        if section is not None and not _says_something(scope, section):
            continue  # "### Spoofing" with nothing under it addresses nothing
        after = _AFTER.split(label.text, maxsplit=1)[1:]
        body = _first_text(section.blocks) if section is not None else ""
        found.append(Mention.of(entry.line, label.text, " ".join([*after, body]).strip()))
    for table in scope.tables():
        found.extend(_cell_mentions(table, settings))
    return found


def _says_something(scope: Scope, section: Section) -> bool:
    """Whether a heading's section (with its subsections) says anything, or its heading does
    after a ``:`` (``### Tampering: N/A``)."""
    if _AFTER.split(section.title, maxsplit=1)[1:]:
        return True
    return has_content([block for part in subtree(scope.doc, section) for block in part.blocks])


def _cell_mentions(table: Table, settings: ContentSettings) -> Iterator[Mention]:
    """The Category cells of a table (or of a first column without a header), each with the
    rest of its row, and the rest of each row as prose."""
    index = category_column(table, settings)
    if index is None and table.header.cells and not table.header.cells[0].strip():
        index = 0  # "|   | Component A |" over "| S | ... |"
    skip = {index, column(table, *ID_COLUMNS)}
    for row in table.rows:
        if index is not None and index < len(row.cells):
            rest = " ".join(c for i, c in enumerate(row.cells) if i not in skip and c.strip())
            yield Mention.of(row.line, row.cells[index], rest)
        others = " ".join(c for i, c in enumerate(row.cells) if i != index)
        yield Mention.of(row.line, others, prose=True)


def _first_text(blocks: list[Block]) -> str:
    """The text of the first paragraph or list item of ``blocks``."""
    for block in blocks:
        if block.kind is BlockKind.PARAGRAPH:
            return block.text
        if block.kind is BlockKind.LIST and block.items:
            return block.items[0].text
    return ""


def _strong(name: str) -> bool:
    """Whether a synonym counts in a sentence outside a Threats section: two words or more, or
    an abbreviation (``DoS``, ``EoP``, ``SSRF``)."""
    return len(words(name).split()) > 1 or sum(char.isupper() for char in name) >= 2


@functools.lru_cache(maxsize=256)
def _patterns(
    name: str, names: tuple[str, ...]
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str] | None, str] | None:
    """What names a category (worked out once for each category, not for each model): its
    names stemmed, its names as written, its strong names as written (see :func:`_strong`)
    and its STRIDE letter; ``None`` when no name has a word."""
    named = [each for each in names if stems(each).strip()]
    if not named:
        return None
    every = re.compile("|".join(re.escape(stems(each)) for each in named))
    as_written = re.compile("|".join(re.escape(written(each)) for each in named))
    strong = [each for each in named if each == name or _strong(each)]
    strong_only = (
        re.compile("|".join(re.escape(written(each)) for each in strong)) if strong else None
    )
    return every, as_written, strong_only, STRIDE_LETTERS.get(words(name), "")


def addressed(
    category: Category, found: Iterable[Mention], whole_model: bool = False
) -> tuple[bool, Mention | None]:
    """Whether a category is addressed; the second value is an N/A without a reason."""
    patterns = _patterns(category.name, category.names)
    if patterns is None:
        return False, None
    every, as_written, strong_only, letter = patterns
    bare: Mention | None = None
    for mention in found:
        named = letter and letter in mention.letters
        if not named:
            wanted = every if not mention.prose else strong_only if whole_model else as_written
            named = wanted is not None and wanted.search(mention.text) is not None
        if not named:
            continue
        if not mention.prose and mention.rest and is_na_without_reason(mention.rest):
            bare = bare or mention
            continue
        return True, None
    return False, bare


def check_categories(
    scope: Scope, settings: ContentSettings, reporter: Reporter, also: Iterable[Section] = ()
) -> None:
    """TM501/TM502 for the categories and lenses that neither the scope nor the headings of
    the ``also`` sections (abuse cases, for the Abuse & misuse lens) address."""
    found = mentions(scope, settings) + [
        Mention.of(section.line, section.title) for section in also
    ]
    path = scope.doc.path
    where = "the Threats section" if scope.found else "the model (no Threats section found)"
    chosen = {stems(category.name) for category in settings.categories}
    lenses = [lens for lens in settings.lenses if stems(lens.name) not in chosen]
    for code, kind, group in (
        ("TM501", "category", settings.categories),
        ("TM502", "lens", lenses),  # a lens that is also a category is judged as one
    ):
        for category in group:
            ok, bare = addressed(category, found, whole_model=not scope.found)
            if ok:
                continue
            if bare is not None:
                reporter.add(
                    code,
                    path=path,
                    line=bare.line,
                    column=1,
                    message=f"{kind} '{category.name}' is marked N/A without a reason",
                    hint="say why it does not apply, e.g. 'N/A: no user accounts exist'",
                )
                continue
            synonyms = ", ".join(category.synonyms[:4])
            accepted = f" (also accepted: {synonyms})" if synonyms else ""
            reporter.add(
                code,
                path=path,
                line=scope.line,
                column=1,
                message=f"threat {kind} '{category.name}' is not addressed in {where}",
                hint=f"add a '### {category.name}' subsection, a '- **{category.name}:** ...'"
                f" bullet or a table row with it in a Category column{accepted}; "
                f"'N/A: <reason>' counts",
            )


__all__ = ["check_categories", "is_letters", "mentions"]
