"""The Markdown model reader: headings, lines, blocks, metadata wherever teams put it."""

from __future__ import annotations

import os
from pathlib import Path

import mistune
import pytest

from hooks.core.config import Config
from hooks.core.markdown import (
    Block,
    BlockKind,
    Document,
    Problem,
    Row,
    cell_columns,
    cell_spans,
    heading_matches,
    normalize_heading,
    parse_bytes,
    parse_text,
    read_document,
    strip_numbering,
)
from hooks.core.metadata import read_metadata

CONFIG = Config()
MISTUNE = tuple(int(part) for part in mistune.__version__.split(".")[:2])


def doc_of(text: str) -> Document:
    result = parse_bytes(text.encode(), "m.md")
    assert isinstance(result, Document)
    return result


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# T\n\n## Threats\n", [(1, "T", 1), (2, "Threats", 3)]),
        ("Title\n=====\n\nSub\n---\n", [(1, "Title", 1), (2, "Sub", 4)]),
        ("```\n## Not a heading\n```\n## Real\n", [(2, "Real", 4)]),
        ("~~~md\n# no\n~~~\n# yes\n", [(1, "yes", 4)]),
        ("<!--\n## Hidden\n-->\n## Shown\n", [(2, "Shown", 4)]),
        ("   ## Indented\n", [(2, "Indented", 1)]),
        ("## Closed ##\n", [(2, "Closed", 1)]),
        ("## `code` and **bold**\n", [(2, "`code` and bold", 1)]),
        ("## A [link](x.md)\n", [(2, "A link", 1)]),
        ("> ## Quoted\n", []),  # a quoted heading is text, not a section
        ("- item\n\n  ## In a list\n", []),
        ("---\nowner: x\n---\n# After front matter\n", [(1, "After front matter", 4)]),
    ],
)
def test_headings_and_their_lines(text: str, expected: list[tuple[int, str, int]]) -> None:
    doc = doc_of(text)
    assert [(h.level, h.text, h.line) for h in doc.headings] == expected


def test_blocks_carry_their_lines() -> None:
    text = (
        "# T\n\n## S\n\nPara one\nline two with `code`\nand **bold** inside\n\n"
        "- a\n- b\n  - b1\n  - b2\n- c\n\n"
        "| k | v |\n|---|---|\n| 1 | x |\n| 2 | y |\n\n"
        "1. one\n2. two\n\n> quoted\n\n```\ncode\n```\n\n<div>html</div>\n\n***\n"
    )
    lines = text.splitlines()
    doc = doc_of(text)
    section = doc.sections[1]
    kinds = [(b.kind.value, b.line) for b in section.blocks]
    assert kinds == [
        ("paragraph", 5),
        ("list", 9),
        ("table", 15),
        ("list", 20),
        ("quote", 23),
        ("code", 25),
        ("html", 29),
        ("thematic_break", 31),
    ]
    para, bullets, table = section.blocks[0], section.blocks[1], section.blocks[2]
    assert [t.line for t in para.lines] == [5, 6, 7]
    assert [item.line for item in bullets.items] == [9, 10, 13]
    nested = bullets.items[1].sublists[0]
    assert [(i.line, i.text) for i in nested.items] == [(11, "b1"), (12, "b2")]
    assert table.table is not None
    assert table.table.header.cells == ("k", "v")
    assert [(r.line, r.cells) for r in table.table.rows] == [(17, ("1", "x")), (18, ("2", "y"))]
    for row in table.table.rows:
        assert lines[row.line - 1].startswith(f"| {row.cells[0]} |")


def test_indented_code_carries_its_line() -> None:
    doc = doc_of("# T\n\nText.\n\n    code line\n    more\n\n- item\n\n      in the item\n")
    code, listing = doc.sections[0].blocks[1:]
    assert (code.kind, code.line, code.raw) == (BlockKind.CODE, 5, "code line\nmore")
    children = [(b.kind, b.line) for b in listing.items[0].children]
    assert children == [(BlockKind.PARAGRAPH, 8), (BlockKind.CODE, 10)]


def test_tables_in_lists_and_quotes_carry_their_rows() -> None:
    text = (
        "# T\n\n- Boundaries:\n\n  | Boundary | Auth |\n  |---|---|\n  | API | mTLS |\n"
        "  | DB | password |\n\n> | ID | Status |\n> |---|---|\n> | T1 | Planned |\n"
    )
    doc = doc_of(text)
    listing, quote = doc.sections[0].blocks
    table = listing.items[0].children[1].table
    assert table is not None
    assert table.header == Row(5, ("Boundary", "Auth"))
    assert table.rows == [Row(7, ("API", "mTLS")), Row(8, ("DB", "password"))]
    quoted = quote.children[0].table
    assert quoted is not None
    assert quoted.rows == [Row(12, ("T1", "Planned"))]


RAGGED = """\
# T

## Threats
{quote}| ID | Threat | Mitigation |
{quote}|----|--------|------------|
{quote}| T1 | An attacker replays a token |
{quote}| T2 | An attacker floods uploads | [Rate limit](r.md) | extra [gone](g.md) |
{quote}| T3 | An attacker edits a role \\| a field | [Checks](c.md) |
{quote}|
"""


@pytest.mark.parametrize("quote", ["", "> ", "  "])
def test_tables_keep_rows_of_more_or_fewer_cells_than_the_header(quote: str) -> None:
    text = RAGGED.format(quote=quote)
    doc = doc_of(f"- item\n\n{text}" if quote == "  " else text)
    tables = [block.table for block in _all_blocks(doc) if block.table is not None]
    shift = 2 if quote == "  " else 0
    assert [(table.line, table.header.cells) for table in tables] == [
        (4 + shift, ("ID", "Threat", "Mitigation"))
    ]
    assert tables[0].rows == [
        Row(6 + shift, ("T1", "An attacker replays a token", "")),
        Row(7 + shift, ("T2", "An attacker floods uploads", "Rate limit")),
        Row(8 + shift, ("T3", "An attacker edits a role | a field", "Checks")),
        Row(9 + shift, ("", "", "")),
    ]
    lines = doc.lines
    assert [(link.url, link.line) for link in doc.links] == [
        ("r.md", 7 + shift),
        ("c.md", 8 + shift),
    ]
    for link in doc.links:  # cells past the header's are not read
        assert lines[link.line - 1][link.column - 1 :].startswith(f"[{link.text}]")


def test_a_table_without_outer_pipes_keeps_its_ragged_rows() -> None:
    doc = doc_of("# T\n\nID | Threat\n---|---\nT1 |\nT2 | b | c\nT3\n")
    table = doc.sections[0].blocks[0].table
    assert table is not None
    assert table.rows == [Row(5, ("T1", "")), Row(6, ("T2", "b"))]
    assert doc.sections[0].blocks[1].text == "T3"


@pytest.mark.parametrize(
    "text",
    [
        "| ID | Threat |\n|---|\n| T1 | x |\n",  # a delimiter row of another width
        "| ID | Threat |\n| - | x |\n| T1 | y |\n",  # no delimiter row
        "| ID | Threat |\nno pipes\n",
        "ID | Threat\n-- | x\nT1 | y\n",  # no delimiter row
    ],
)
def test_lines_that_make_no_table_stay_text(text: str) -> None:
    doc = doc_of(f"# T\n\n{text}")
    assert [block.kind for block in doc.sections[0].blocks] == [BlockKind.PARAGRAPH]


@pytest.mark.parametrize(
    ("source", "cells", "columns"),
    [
        ("| a | b |", ["a", "b"], [3, 7]),
        ("a | b", ["a", "b"], [1, 5]),
        ("| a | b", ["a", "b"], [3, 7]),
        ("a | b |", ["a", "b"], [1, 5]),
        ("  > | x |   y  |", ["x", "y"], [7, 13]),
        ("| a \\| b |", ["a \\| b"], [3]),
        ("| a \\\\| b |", ["a \\\\", "b"], [3, 9]),
        ("|  | b |", ["", "b"], [4, 6]),
        ("|", [""], [1]),
    ],
)
def test_table_row_cells_in_the_source_line(
    source: str, cells: list[str], columns: list[int]
) -> None:
    assert [source[start:end] for start, end in cell_spans(source)] == cells
    assert cell_columns(source) == columns


def _all_blocks(doc: Document) -> list[Block]:
    found: list[Block] = []
    pending = [block for section in doc.sections for block in section.blocks]
    while pending:
        block = pending.pop(0)
        found.append(block)
        pending.extend(block.children)
        pending.extend(child for item in block.items for child in item.children)
    return found


@pytest.mark.parametrize(
    "text",
    [
        "# T\n\nline one with `code\nspan` inside\nline three\nline four\n",
        "# T\n\n- item with `a\n  b` span\n  continued here\n",
    ],
)
def test_a_code_span_across_lines_keeps_later_lines_exact(text: str) -> None:
    doc = doc_of(text)
    block = doc.preamble[0] if doc.preamble else doc.sections[0].blocks[0]
    lines = block.lines if block.kind is BlockKind.PARAGRAPH else block.items[0].lines
    last = lines[-1]
    assert last.text.split()[0] in doc.lines[last.line - 1]
    assert last.line == len(text.splitlines())


def test_links_are_collected_with_lines() -> None:
    doc = doc_of("# T\n\nSee [runbook](../ops/run.md) and\n[ADR](<adr 1.md#x>).\n")
    assert [(link.line, link.column, link.url) for link in doc.links] == [
        (3, 5, "../ops/run.md"),
        (4, 1, "adr%201.md#x"),
    ]


LINKS = """\
# Links [in a heading](h.md) ##

See `a code
span` and then [after code](a.md) [twice](t.md) [twice](t.md).
A [title](t.md "on
two lines") then [after title](b.md), ![a diagram](d.png) and <https://x.org>.
Text [link
text](c.md) [next](n.md).

- item [in a list](l.md)
  more [continued](m.md)
  > quoted [in a quote](q.md)

| Link | Other |
| --- | --- |
| [cell](c1.md) | x \\| [escaped pipe](c2.md) |
|[tight](c3.md)|[cells](c4.md)|

Setext [heading](s.md)
======================
"""


def test_links_carry_the_line_and_column_of_their_bracket() -> None:
    lines = LINKS.splitlines()
    doc = doc_of(LINKS)
    found = [(link.line, link.text) for link in doc.links]
    assert found == [
        (1, "in a heading"),
        (4, "after code"),
        (4, "twice"),
        (4, "twice"),
        (5, "title"),
        (6, "after title"),
        (6, "a diagram"),
        (6, "https://x.org"),
        (7, "link\ntext"),
        (8, "next"),
        (10, "in a list"),
        (11, "continued"),
        (12, "in a quote"),
        (16, "cell"),
        (16, "escaped pipe"),
        (17, "tight"),
        (17, "cells"),
        (19, "heading"),
    ]
    for link in doc.links:
        written = "<" + link.url if link.url.startswith("https:") else f"[{link.text}"
        written = ("!" if link.image else "") + written.split("\n")[0]
        assert lines[link.line - 1][link.column - 1 :].startswith(written), link
    assert [link.url for link in doc.links if link.image] == ["d.png"]
    assert doc.links[2].column < doc.links[3].column  # the same link twice on one line


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("[a [b] c](x.md)", [("x.md", 1)]),
        ("![alt [in](in.md)](img.png)", [("img.png", 1), ("in.md", 7)]),
        ("[x] [y](y.md)", [("y.md", 5)]),
        ("[[z](z.md)]", [("z.md", 2)]),
        ("*a [b*](c.md)", [("c.md", 4)]),
        # a link in a link's text: the inner one is the link (mistune 3.3+), or the outer
        ("[a](b) [c [d](e) f](g)", [("b", 1), ("e", 11) if MISTUNE >= (3, 3) else ("g", 8)]),
        ("[t][ref] and [u]\n\n[ref]: r.md\n[u]: u.md", [("r.md", 1), ("u.md", 14)]),
        ("`[no](x)` [yes](y.md)", [("y.md", 11)]),
        ("<https://a.b> [c](c.md)", [("https://a.b", 1), ("c.md", 15)]),
        ("x\\[y](z.md)", []),
        ("See [a](a.md) x\u00a0", [("a.md", 5)]),  # a no-break space is text, not a trailing space
        ("## H [a](a.md)\u00a0", [("a.md", 6)]),
        ("## H [a](a.md)\u00a0##", [("a.md", 6)]),  # a closing sequence after any space
        ("H [a](a.md) \u00a0 \n===", [("a.md", 3)]),
        ("> q [a](a.md) x\u00a0", [("a.md", 5)]),
        ("x\u2003[a](a.md)\u2003", [("a.md", 3)]),
        ("a | b\n--|--\nx | [a](a.md)\u00a0", [("a.md", 5)]),
    ],
)
def test_link_columns_through_brackets_that_close_or_not(
    text: str, links: list[tuple[str, int]]
) -> None:
    doc = doc_of(f"# T\n\n{text}\n")
    assert [(link.url, link.column) for link in doc.links] == links
    assert {link.line for link in doc.links} <= {3, 5}


def test_text_lines_after_a_multi_line_title_or_tag_keep_their_lines() -> None:
    text = '# T\n\nA [t](t.md "one\ntwo") x\nnext <span\nclass="y">tag</span>\nlast\n'
    lines = doc_of(text).sections[0].blocks[0].lines
    assert [(line.line, line.text) for line in lines] == [
        (3, "A t x"),
        (5, 'next <span class="y">tag</span>'),
        (7, "last"),
    ]


@pytest.mark.parametrize(
    ("data", "code", "line"),
    [
        (b"", "TM002", 1),
        (b"  \n\n", "TM002", 1),
        (b"# T\n\x00\x01", "TM001", 2),
        (b"# T\ncaf\xe9\n", "TM001", 2),
        (b"\xff\xfe#\x00 \x00T\x00", "TM001", 1),
    ],
)
def test_unreadable_inputs_are_problems(data: bytes, code: str, line: int) -> None:
    result = parse_bytes(data, "m.md")
    assert isinstance(result, Problem)
    assert (result.code, result.line) == (code, line)


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("---\nowner: x\n# T\n", "TM003", 1),
        ("---\nowner: [x\n---\n# T\n", "TM003", 2),
        ("---\n- a\n---\n# T\n", "TM003", 2),
        ("# T\n\n```\nnever closed\n", "TM004", 3),
        ("---\na: &x 1\nb: *x\n---\n# T\n", "TM003", 3),
        ("---\na: " + "[" * 10_000 + "]" * 10_000 + "\n---\n# T\n", "TM003", 2),
        ("---\n" + "a: b\n" * 400_000 + "---\n# T\n", "TM003", 1),
        ("---\nowner: a\nowner: b\n---\n# T\n", "TM003", 3),
        ("---\nx:\n  owner: a\n  owner: b\n---\n# T\n", "TM003", 4),
    ],
)
def test_problems_in_readable_files(text: str, code: str, line: int) -> None:
    doc = doc_of(text)
    assert [(p.code, p.line) for p in doc.problems] == [(code, line)]


def test_front_matter_problems_say_what_is_wrong() -> None:
    doc = doc_of("---\n" + "a: b\n" * 20_000 + "---\n# T\n")
    assert doc.problems[0].message == "front matter is larger than 64 KiB; it is not read"
    assert doc.front_matter is None
    assert [h.line for h in doc.headings] == [20_003]
    doc = doc_of("---\nowner: a\nlast-updated: 2026-01-05\nowner: b\n---\n# Threat Model: T\n")
    assert [p.message for p in doc.problems] == [
        "duplicate key 'owner' in front matter (first on line 2)"
    ]
    entry = read_metadata(doc, CONFIG)["Owner"]
    assert (entry.value, entry.line) == ("b", 4)  # the value that counts, and its line
    assert read_metadata(doc, CONFIG)["Last updated"].line == 3


def test_bom_and_crlf_are_read_as_plain_text() -> None:
    doc = doc_of("\ufeff# T\r\n\r\n## Threats\r\n\r\n- one\r\n")
    assert [(h.text, h.line) for h in doc.headings] == [("T", 1), ("Threats", 3)]
    assert doc.sections[1].blocks[0].items[0].text == "one"


def test_a_file_over_the_limit_is_not_parsed(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_bytes(b"# T\n" + b"x" * 3000)
    result = read_document(path, "big.md", 1000)
    assert isinstance(result, Problem)
    assert result.code == "TM005"
    missing = read_document(tmp_path / "nope.md", "nope.md", 1000)
    assert isinstance(missing, Problem)
    assert missing.code == "TM001"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_only_regular_files_are_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")  # opening it for reading would wait for a writer
    result = read_document(tmp_path / "pipe.md", "pipe.md", 1000)
    assert isinstance(result, Problem)
    assert (result.code, result.message) == ("TM001", "not a regular file")
    (tmp_path / "folder.md").mkdir()
    result = read_document(tmp_path / "folder.md", "folder.md", 1000)
    assert isinstance(result, Problem)
    assert (result.code, result.message) == ("TM001", "not a regular file")


@pytest.mark.parametrize(
    ("heading", "names", "matches"),
    [
        ("Threats", ("Threats",), True),
        ("5. Threats", ("Threats",), True),
        ("5.1 Threats", ("Threats",), True),
        ("§5 Threats", ("Threats",), True),
        ("THREATS", ("Threats",), True),
        ("Threat", ("Threats",), True),
        ("Threats (STRIDE + abuse/misuse)", ("Threats",), True),
        ("Residual risk and follow-ups", ("Residual risk",), True),
        ("Residual risks", ("Residual risk",), True),
        ("Threat actors", ("Threats",), False),
        ("Mitigations", ("Threats",), False),
        ("Trust boundaries", ("Trust boundaries",), True),
    ],
)
def test_heading_matching(heading: str, names: tuple[str, ...], matches: bool) -> None:
    assert heading_matches(heading, names) is matches


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4.1 Threats", "Threats"),
        ("5. Threats", "Threats"),
        ("§5 Threats", "Threats"),
        ("a) Threats", "Threats"),
        ("IV. Threats", "Threats"),
        ("A Threats", "A Threats"),
        ("iv Threats", "iv Threats"),
        ("Threats", "Threats"),
    ],
)
def test_strip_numbering(text: str, expected: str) -> None:
    assert strip_numbering(text) == expected


def test_normalize_heading() -> None:
    assert normalize_heading("  5.  Entry Points (public) ") == "entry point"


# Headings on which regular expressions used to backtrack for minutes: read in linear time.
SPACES = " " * 100_000


@pytest.mark.parametrize(
    ("heading", "names", "matches"),
    [
        (f"Threats{SPACES}(STRIDE)", ("Threats",), True),
        ("Threats" + " (draft)" * 100_000, ("Threats",), True),
        (f"Threats{SPACES}x", ("Threats",), False),
        (f"Trust{SPACES}boundaries: the {SPACES} edges", ("Trust boundaries",), True),
    ],
)
def test_long_headings_are_matched_in_linear_time(
    heading: str, names: tuple[str, ...], matches: bool
) -> None:
    assert heading_matches(heading, names) is matches


def test_the_head_of_a_file_ends_at_a_long_heading(tmp_path: Path) -> None:
    path = tmp_path / "m.md"
    path.write_text(f"# T\n\n## Metadata{SPACES}#\n\n- a\n\n## Threats{SPACES}x ##\n\n- b\n")
    doc = read_document(path, "m.md", 1 << 20, keep=lambda heading: heading == "Metadata")
    assert isinstance(doc, Document)
    assert [h.text for h in doc.headings] == ["T", "Metadata"]


@pytest.mark.parametrize(
    "text",
    [
        "# Threat Model: Auth\n\n## Feature metadata\n\n- **Owner:** @id\n"
        "- **Last updated:** 2025-12-06\n",
        "# Threat Model: Auth\n\n- **Owner:** @id\n- **Last updated:** 2025-12-06\n",
        "# Threat Model: Auth\n\n- **Owner**: @id\n- **Last Updated**: 2025-12-06\n",
        "# Threat Model: Auth\n\n> **Owner**: @id\n> **Last Updated**: 2025-12-06\n",
        "# Threat Model: Auth\n\n**Owner:** @id  \n**Last updated:** 2025-12-06\n",
        "---\nowner: '@id'\nlast-updated: 2025-12-06\n---\n# Threat Model: Auth\n",
        "---\nOwner: '@id'\nlast_updated: '2025-12-06'\n---\n# Threat Model: Auth\n",
        "# Threat Model: Auth\n\n| Field | Value |\n|---|---|\n| Owner | @id |\n"
        "| Last updated | 2025-12-06 |\n",
        "# Threat Model: Auth\n\n| Owner | Last updated |\n|---|---|\n| @id | 2025-12-06 |\n",
        "# Threat Model: Auth\n\n## 1. Metadata\n\n- OWNER: @id\n- Last reviewed: 2025-12-06\n",
        "# Threat Model: Auth\n\n- **Owner:**\n  @id\n- **Last updated:**\n  2025-12-06\n",
        "# Threat Model: Auth\n\n## Metadata\n\n- **Owner:**\n  - @id\n- **Last updated:**\n"
        "  - 2025-12-06\n",
        "# Threat Model: Auth\n\n**Owner:**\n@id\n\n**Last updated:**\n2025-12-06\n",
        "# Threat Model: Auth\n\n- **Owner** - @id\n- **Last updated** \u2013 2025-12-06\n",
        "# Threat Model: Auth\n\n> __Owner__ \u2014 @id\n> **Last Updated** - 2025-12-06\n",
    ],
)
def test_metadata_wherever_teams_put_it(text: str) -> None:
    doc = doc_of(text)
    metadata = read_metadata(doc, CONFIG)
    assert metadata["Owner"].value.strip("'") == "@id"
    assert metadata["Last updated"].value == "2025-12-06"
    line = metadata["Last updated"].line
    if doc.front_matter is None:
        assert "2025-12-06" in doc.lines[line - 1]


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("- **Owners:**\n  - Alice\n  - Bob\n", "Alice, Bob"),
        ("- **Owner:** Alice\n  - a note\n", "Alice"),
        ("- **Owner:**\n  Alice and\n  Bob\n", "Alice and Bob"),
        ("**Owner:**\nTeam: x\n", ""),  # the next line is a pair of its own
        ("- Owner - Alice\n", None),  # a dash follows only a bold key
        ("- **Owner**\n", None),
    ],
)
def test_metadata_values_below_their_key(text: str, owner: str | None) -> None:
    doc = doc_of("# Threat Model: Auth\n\n" + text)
    entry = read_metadata(doc, CONFIG).get("Owner")
    assert (entry.value if entry else None) == owner


def test_metadata_columns_point_at_the_value() -> None:
    doc = doc_of("# Threat Model: Auth\n\n- **Last updated:** 2025-12-06\n")
    entry = read_metadata(doc, CONFIG)["Last updated"]
    assert doc.lines[entry.line - 1][entry.column - 1 :] == "2025-12-06"


def test_the_title_names_the_feature() -> None:
    doc = parse_text("# Threat Model: Auth\n", "m.md")
    assert read_metadata(doc, CONFIG)["Feature name"].value == "Auth"
