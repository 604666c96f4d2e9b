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
    Row,
    cell_columns,
    cell_spans,
    heading_matches,
    parse_bytes,
    parse_text,
    read_document,
    strip_numbering,
)
from hooks.core.metadata import read_metadata
from hooks.core.source import Problem

CONFIG = Config()
MISTUNE = tuple(int(part) for part in mistune.__version__.split(".")[:2])


def doc_of(text: str) -> Document:
    result = parse_bytes(text.encode(), "m.md")
    assert isinstance(result, Document)
    return result


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("# T\n\n## Threats\n", [(1, "T", 1), (2, "Threats", 3)], id="atx"),
        pytest.param("Title\n=====\n\nSub\n---\n", [(1, "Title", 1), (2, "Sub", 4)], id="setext"),
        pytest.param(
            "```\n## Not a heading\n```\n## Real\n", [(2, "Real", 4)], id="in-a-backtick-fence"
        ),
        pytest.param("~~~md\n# no\n~~~\n# yes\n", [(1, "yes", 4)], id="in-a-tilde-fence"),
        pytest.param(
            "<!--\n## Hidden\n-->\n## Shown\n", [(2, "Shown", 4)], id="in-an-html-comment"
        ),
        pytest.param("   ## Indented\n", [(2, "Indented", 1)], id="indented"),
        pytest.param("## Closed ##\n", [(2, "Closed", 1)], id="closing-sequence"),
        pytest.param("## `code` and **bold**\n", [(2, "`code` and bold", 1)], id="code-and-bold"),
        pytest.param("## A [link](x.md)\n", [(2, "A link", 1)], id="link"),
        pytest.param("> ## Quoted\n", [], id="quoted"),  # a quoted heading is text, not a section
        pytest.param("- item\n\n  ## In a list\n", [], id="in-a-list-item"),
        pytest.param(
            "---\nowner: x\n---\n# After front matter\n",
            [(1, "After front matter", 4)],
            id="after-front-matter",
        ),
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


@pytest.mark.parametrize(
    "quote",
    [
        pytest.param("", id="top-level"),
        pytest.param("> ", id="quote"),
        pytest.param("  ", id="list-item"),
    ],
)
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
        pytest.param(
            "| ID | Threat |\n|---|\n| T1 | x |\n", id="delimiter-of-another-width"
        ),  # a delimiter row of another width
        pytest.param(
            "| ID | Threat |\n| - | x |\n| T1 | y |\n", id="no-delimiter-row"
        ),  # no delimiter row
        pytest.param("| ID | Threat |\nno pipes\n", id="no-pipes"),
        pytest.param(
            "ID | Threat\n-- | x\nT1 | y\n", id="no-outer-pipes-no-delimiter"
        ),  # no delimiter row
    ],
)
def test_lines_that_make_no_table_stay_text(text: str) -> None:
    doc = doc_of(f"# T\n\n{text}")
    assert [block.kind for block in doc.sections[0].blocks] == [BlockKind.PARAGRAPH]


@pytest.mark.parametrize(
    ("source", "cells", "columns"),
    [
        pytest.param("| a | b |", ["a", "b"], [3, 7], id="outer-pipes"),
        pytest.param("a | b", ["a", "b"], [1, 5], id="no-outer-pipes"),
        pytest.param("| a | b", ["a", "b"], [3, 7], id="leading-pipe-only"),
        pytest.param("a | b |", ["a", "b"], [1, 5], id="trailing-pipe-only"),
        pytest.param("  > | x |   y  |", ["x", "y"], [7, 13], id="in-a-quote"),
        pytest.param("| a \\| b |", ["a \\| b"], [3], id="escaped-pipe"),
        pytest.param(
            "| a \\\\| b |", ["a \\\\", "b"], [3, 9], id="escaped-backslash-before-a-pipe"
        ),
        pytest.param("|  | b |", ["", "b"], [4, 6], id="empty-cell"),
        pytest.param("|", [""], [1], id="lone-pipe"),
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
        pytest.param(
            "# T\n\nline one with `code\nspan` inside\nline three\nline four\n", id="paragraph"
        ),
        pytest.param("# T\n\n- item with `a\n  b` span\n  continued here\n", id="list-item"),
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
        pytest.param("[a [b] c](x.md)", [("x.md", 1)], id="brackets-inside-the-text"),
        pytest.param(
            "![alt [in](in.md)](img.png)", [("img.png", 1), ("in.md", 7)], id="link-inside-an-image"
        ),
        pytest.param("[x] [y](y.md)", [("y.md", 5)], id="bracketed-text-before-a-link"),
        pytest.param("[[z](z.md)]", [("z.md", 2)], id="link-inside-brackets"),
        pytest.param("*a [b*](c.md)", [("c.md", 4)], id="emphasis-across-the-bracket"),
        pytest.param(  # the inner link is the link (mistune 3.3+), or the outer one
            "[a](b) [c [d](e) f](g)",
            [("b", 1), ("e", 11) if MISTUNE >= (3, 3) else ("g", 8)],
            id="link-inside-a-link-text",
        ),
        pytest.param(
            "[t][ref] and [u]\n\n[ref]: r.md\n[u]: u.md",
            [("r.md", 1), ("u.md", 14)],
            id="reference-links",
        ),
        pytest.param("`[no](x)` [yes](y.md)", [("y.md", 11)], id="link-in-a-code-span"),
        pytest.param("<https://a.b> [c](c.md)", [("https://a.b", 1), ("c.md", 15)], id="autolink"),
        pytest.param("x\\[y](z.md)", [], id="escaped-bracket"),
        pytest.param(
            "See [a](a.md) x\u00a0", [("a.md", 5)], id="no-break-space-after-a-paragraph"
        ),  # a no-break space is text, not a trailing space
        pytest.param("## H [a](a.md)\u00a0", [("a.md", 6)], id="no-break-space-after-a-heading"),
        pytest.param(
            "## H [a](a.md)\u00a0##", [("a.md", 6)], id="closing-sequence-after-a-no-break-space"
        ),  # a closing sequence after any space
        pytest.param("H [a](a.md) \u00a0 \n===", [("a.md", 3)], id="setext-heading-no-break-space"),
        pytest.param("> q [a](a.md) x\u00a0", [("a.md", 5)], id="no-break-space-in-a-quote"),
        pytest.param("x\u2003[a](a.md)\u2003", [("a.md", 3)], id="em-spaces"),
        pytest.param(
            "a | b\n--|--\nx | [a](a.md)\u00a0", [("a.md", 5)], id="no-break-space-in-a-table"
        ),
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
        pytest.param(b"", "TM002", 1, id="TM002-empty"),
        pytest.param(b"  \n\n", "TM002", 1, id="TM002-whitespace"),
        pytest.param(b"# T\n\x00\x01", "TM001", 2, id="TM001-nul-bytes"),
        pytest.param(b"# T\ncaf\xe9\n", "TM001", 2, id="TM001-latin-1"),
        pytest.param(b"\xff\xfe#\x00 \x00T\x00", "TM001", 1, id="TM001-utf-16"),
    ],
)
def test_unreadable_inputs_are_problems(data: bytes, code: str, line: int) -> None:
    result = parse_bytes(data, "m.md")
    assert isinstance(result, Problem)
    assert (result.code, result.line) == (code, line)


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        pytest.param("---\nowner: x\n# T\n", "TM003", 1, id="TM003-unclosed-front-matter"),
        pytest.param("---\nowner: [x\n---\n# T\n", "TM003", 2, id="TM003-invalid-yaml"),
        pytest.param("---\n- a\n---\n# T\n", "TM003", 2, id="TM003-not-a-mapping"),
        pytest.param("# T\n\n```\nnever closed\n", "TM004", 3, id="TM004-unclosed-fence"),
        pytest.param("---\na: &x 1\nb: *x\n---\n# T\n", "TM003", 3, id="TM003-yaml-alias"),
        pytest.param(
            "---\na: " + "[" * 10_000 + "]" * 10_000 + "\n---\n# T\n",
            "TM003",
            2,
            id="TM003-nested-too-deep",
        ),
        pytest.param("---\n" + "a: b\n" * 400_000 + "---\n# T\n", "TM003", 1, id="TM003-too-large"),
        pytest.param("---\nowner: a\nowner: b\n---\n# T\n", "TM003", 3, id="TM003-duplicate-key"),
        pytest.param(
            "---\nx:\n  owner: a\n  owner: b\n---\n# T\n",
            "TM003",
            4,
            id="TM003-nested-duplicate-key",
        ),
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
        pytest.param("Threats", ("Threats",), True, id="exact"),
        pytest.param("5. Threats", ("Threats",), True, id="numbered"),
        pytest.param("5.1 Threats", ("Threats",), True, id="decimal-numbered"),
        pytest.param("§5 Threats", ("Threats",), True, id="section-sign"),
        pytest.param("THREATS", ("Threats",), True, id="upper-case"),
        pytest.param("Threat", ("Threats",), True, id="singular"),
        pytest.param(
            "Threats (STRIDE + abuse/misuse)", ("Threats",), True, id="trailing-qualifier"
        ),
        pytest.param("Residual risk and follow-ups", ("Residual risk",), True, id="trailing-words"),
        pytest.param("Residual risks", ("Residual risk",), True, id="plural"),
        pytest.param("Threat actors", ("Threats",), False, id="other-word-after"),
        pytest.param("Mitigations", ("Threats",), False, id="other-section"),
        pytest.param("Trust boundaries", ("Trust boundaries",), True, id="two-words"),
    ],
)
def test_heading_matching(heading: str, names: tuple[str, ...], matches: bool) -> None:
    assert heading_matches(heading, names) is matches


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("4.1 Threats", "Threats", id="decimal"),
        pytest.param("5. Threats", "Threats", id="number-and-dot"),
        pytest.param("§5 Threats", "Threats", id="section-sign"),
        pytest.param("a) Threats", "Threats", id="letter-and-parenthesis"),
        pytest.param("IV. Threats", "Threats", id="roman-numeral"),
        pytest.param("A Threats", "A Threats", id="capital-a-is-a-word"),
        pytest.param("iv Threats", "iv Threats", id="lower-roman-without-a-dot"),
        pytest.param("Threats", "Threats", id="no-numbering"),
    ],
)
def test_strip_numbering(text: str, expected: str) -> None:
    assert strip_numbering(text) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        pytest.param("  5.  Entry Points (public) ", True, id="numbered-qualified-plural"),
        pytest.param("ENTRY POINTS: public", True, id="capitals-and-a-trailing-phrase"),
        pytest.param("Entry", False, id="a-word-of-the-name"),
    ],
)
def test_a_heading_is_normalised_as_every_name_is(written: str, expected: bool) -> None:
    assert heading_matches(written, ("Entry point",)) is expected


# Headings on which regular expressions used to backtrack for minutes: read in linear time.
SPACES = " " * 100_000


@pytest.mark.parametrize(
    ("heading", "names", "matches"),
    [
        pytest.param(
            f"Threats{SPACES}(STRIDE)", ("Threats",), True, id="spaces-before-a-qualifier"
        ),
        pytest.param("Threats" + " (draft)" * 100_000, ("Threats",), True, id="many-qualifiers"),
        pytest.param(f"Threat{SPACES}actors", ("Threats",), False, id="spaces-before-a-word"),
        pytest.param(
            f"Trust{SPACES}boundaries: the {SPACES} edges",
            ("Trust boundaries",),
            True,
            id="spaces-between-words",
        ),
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
        pytest.param(
            "# Threat Model: Auth\n\n## Feature metadata\n\n- **Owner:** @id\n"
            "- **Last updated:** 2025-12-06\n",
            id="metadata-section",
        ),
        pytest.param(
            "# Threat Model: Auth\n\n- **Owner:** @id\n- **Last updated:** 2025-12-06\n",
            id="bullets-under-the-title",
        ),
        pytest.param(
            "# Threat Model: Auth\n\n- **Owner**: @id\n- **Last Updated**: 2025-12-06\n",
            id="colon-after-bold",
        ),
        pytest.param(
            "# Threat Model: Auth\n\n> **Owner**: @id\n> **Last Updated**: 2025-12-06\n",
            id="blockquote",
        ),
        pytest.param(
            "# Threat Model: Auth\n\n**Owner:** @id  \n**Last updated:** 2025-12-06\n",
            id="bold-paragraph-lines",
        ),
        pytest.param(
            "---\nowner: '@id'\nlast-updated: 2025-12-06\n---\n# Threat Model: Auth\n",
            id="front-matter",
        ),
        pytest.param(
            "---\nOwner: '@id'\nlast_updated: '2025-12-06'\n---\n# Threat Model: Auth\n",
            id="front-matter-other-spellings",
        ),
        pytest.param(
            "# Threat Model: Auth\n\n| Field | Value |\n|---|---|\n| Owner | @id |\n"
            "| Last updated | 2025-12-06 |\n",
            id="field-value-table",
        ),
        pytest.param(
            "# Threat Model: Auth\n\n| Owner | Last updated |\n|---|---|\n| @id | 2025-12-06 |\n",
            id="one-row-table",
        ),
        pytest.param(
            "# Threat Model: Auth\n\n## 1. Metadata\n\n- OWNER: @id\n- Last reviewed: 2025-12-06\n",
            id="numbered-section-other-names",
        ),
        pytest.param(
            "# Threat Model: Auth\n\n- **Owner:**\n  @id\n- **Last updated:**\n  2025-12-06\n",
            id="values-on-the-next-line",
        ),
        pytest.param(
            "# Threat Model: Auth\n\n## Metadata\n\n- **Owner:**\n  - @id\n- **Last updated:**\n"
            "  - 2025-12-06\n",
            id="values-in-sub-bullets",
        ),
        pytest.param(
            "# Threat Model: Auth\n\n**Owner:**\n@id\n\n**Last updated:**\n2025-12-06\n",
            id="bold-paragraphs-value-below",
        ),
        pytest.param(
            "# Threat Model: Auth\n\n- **Owner** - @id\n- **Last updated** \u2013 2025-12-06\n",
            id="dash-after-a-bold-key",
        ),
        pytest.param(
            "# Threat Model: Auth\n\n> __Owner__ \u2014 @id\n> **Last Updated** - 2025-12-06\n",
            id="em-dash-in-a-blockquote",
        ),
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
        pytest.param("- **Owners:**\n  - Alice\n  - Bob\n", "Alice, Bob", id="sub-bullets"),
        pytest.param("- **Owner:** Alice\n  - a note\n", "Alice", id="value-with-a-note-below"),
        pytest.param(
            "- **Owner:**\n  Alice and\n  Bob\n", "Alice and Bob", id="value-on-lines-below"
        ),
        pytest.param(
            "**Owner:**\nTeam: x\n", "", id="next-line-is-its-own-pair"
        ),  # the next line is a pair of its own
        pytest.param(
            "- Owner - Alice\n", None, id="dash-after-a-plain-key"
        ),  # a dash follows only a bold key
        pytest.param("- **Owner**\n", None, id="bold-key-without-a-value"),
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
