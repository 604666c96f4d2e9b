"""The checks of ``check-threat-model-sections``: required sections and metadata."""

from __future__ import annotations

import re

from hooks.core.config import Config, SectionSpec
from hooks.core.context import ModelContext
from hooks.core.dates import check_not_future, parse_date
from hooks.core.fields import MetaEntry, is_placeholder
from hooks.core.findings import Reporter, shorten
from hooks.core.markdown import Block, BlockKind, Document, Section
from hooks.core.metadata import metadata_sections
from hooks.core.placeholders import blank, blank_comments, find_placeholders, holds_placeholder
from hooks.core.structure import find_heading, section_blocks


def find_section(doc: Document, spec: SectionSpec) -> Section | None:
    """The section named by the spec's name or one of its aliases (see
    :func:`hooks.core.structure.find_heading`)."""
    return find_heading(doc, spec.names)


def has_content(blocks: list[Block]) -> bool:
    """Whether blocks say anything. HTML comments, bare placeholders, TODO / TBD / FIXME notes,
    empty list items, empty code blocks and tables without a real cell do not count, in lists
    and quotes as at the top."""
    return any(_says_something(block) for block in blocks)


def _says_something(block: Block) -> bool:
    if block.kind is BlockKind.PARAGRAPH:
        return any(not _only_placeholders(line.text) for line in block.lines)
    if block.kind is BlockKind.LIST:
        return any(has_content(item.children) for item in block.items)
    if block.kind is BlockKind.QUOTE:
        return has_content(block.children)
    if block.kind is BlockKind.CODE:
        return bool(block.raw.strip())
    if block.kind is BlockKind.TABLE and block.table is not None:
        return any(not _only_placeholders(cell) for row in block.table.rows for cell in row.cells)
    if block.kind is BlockKind.HTML:
        return not _only_placeholders(block.raw)
    return False


_TO_DO = re.compile(r"^\W*(?:TODO|TBD|FIXME)\b", re.IGNORECASE)


def _only_placeholders(text: str) -> bool:
    """Whether text says nothing: template placeholders alone, or a TODO / TBD / FIXME note."""
    if _TO_DO.match(text):
        return True
    spans = [(start, start + len(found)) for start, found in find_placeholders(text)]
    return not blank(blank_comments(text), spans).strip(" \t\n.-*_:!")


def _alias_hint(spec: SectionSpec) -> str:
    hint = f"add a '## {spec.name}' section"
    if spec.aliases:
        hint += " (also accepted: " + ", ".join(spec.aliases) + ")"
    return hint


def check_sections(model: ModelContext, reporter: Reporter) -> None:
    """Report missing or empty required sections and missing or invalid metadata."""
    doc, config = model.doc, model.config
    path = doc.path
    metadata = model.metadata
    anchor = doc.title.line if doc.title else 1
    # metadata under the title or in front matter meets the metadata section's requirement
    written = any(entry.source != "heading" for entry in metadata.values())
    for spec in config.sections:
        section = model.section(spec)
        met = spec.metadata and written
        if section is None:
            if met or (spec.metadata and not config.metadata):
                continue
            where = " (no metadata section, no metadata under the title, no front matter)"
            if doc.front_matter:  # front matter without a metadata field
                where = " (no metadata section, and no metadata field under the title or in the"
                where += " front matter)"
            reporter.add(
                "TM101",
                path=path,
                line=anchor,
                column=1,
                message=f"required section '{spec.name}' is missing"
                + (where if spec.metadata else ""),
                hint=_alias_hint(spec),
            )
        elif not met and not has_content(blocks := section_blocks(doc, section)):
            if reporter.severity("TM205") != "off" and holds_placeholder(blocks):
                continue  # one finding per problem: the template check reports the placeholder
            reporter.add(
                "TM102",
                path=path,
                line=section.line,
                column=section.heading.column,
                message=f"section '{shorten(section.title)}' is empty",
                hint="list the feature's metadata here"
                if spec.metadata
                else f"describe the feature's {spec.name.lower()}",
            )
    _check_metadata(doc, config, reporter, metadata)


def _check_metadata(
    doc: Document, config: Config, reporter: Reporter, metadata: dict[str, MetaEntry]
) -> None:
    sections = metadata_sections(doc, config)
    anchor = sections[0].line if sections else (doc.title.line if doc.title else 1)
    for spec in config.metadata:
        entry = metadata.get(spec.name)
        if entry is None:
            reporter.add(
                "TM103",
                path=doc.path,
                line=anchor,
                column=1,
                message=f"metadata field '{spec.name}' is missing",
                hint=f"add '- **{spec.name}:** ...' to the feature metadata",
            )
            continue
        if is_placeholder(entry.value):
            shown = shorten(entry.value) or "(empty)"
            reporter.add(
                "TM104",
                path=doc.path,
                line=entry.line,
                column=entry.column,
                message=f"metadata field '{spec.name}' has no real value: {shown}",
                hint=f"fill in the {spec.name.lower()}",
            )
            continue
        if spec.kind != "date":
            continue
        reading = parse_date(entry.value)
        if reading.value is not None:
            reading = check_not_future(reading.value, entry.value)
        if reading.value is None:
            reporter.add(
                reading.code,
                path=doc.path,
                line=entry.line,
                column=entry.column,
                message=f"{spec.name}: {reading.message}",
                hint=reading.hint,
            )
