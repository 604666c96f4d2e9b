"""The Mermaid flowchart reader: edges, labels, zones, and labels that read back as written."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hooks.core.markdown import BlockKind, parse_text
from hooks.core.mermaid import Node, decode, is_flowchart, label, pieces, read_flowchart


def edges(raw: str) -> list[tuple[str, str, str, str]]:
    return [(e.source.side, e.arrow, e.target.side, e.label) for e in read_flowchart(raw)]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("flowchart LR\n  A --> B\n", [("A", "->", "B", "")], id="arrow"),
        pytest.param("graph TD\nA-->B\n", [("A", "->", "B", "")], id="graph-no-spaces"),
        pytest.param("graph LR; A --> B", [("A", "->", "B", "")], id="statement-on-header"),
        pytest.param("flowchart\nA --- B\n", [("A", "--", "B", "")], id="open-link"),
        pytest.param("flowchart\nA <--> B\n", [("A", "<->", "B", "")], id="both-ways"),
        pytest.param("flowchart\nA <-- B\n", [("B", "->", "A", "")], id="left-arrow-turned"),
        pytest.param(
            "flowchart\nA -.-> B\nC ==> D\n",
            [("A", "->", "B", ""), ("C", "->", "D", "")],
            id="dotted-thick",
        ),
        pytest.param(
            "flowchart\nA --o B\nX o--o Y\n",
            [("A", "->", "B", ""), ("X", "<->", "Y", "")],
            id="circle-heads",
        ),
        pytest.param(
            "flowchart\nA -->|cookies| B\n", [("A", "->", "B", "cookies")], id="piped-label"
        ),
        pytest.param(
            'flowchart\nA -->|"a | b"| B\n', [("A", "->", "B", "a | b")], id="quoted-piped-label"
        ),
        pytest.param(
            "flowchart\nA -- session cookie --> B\n",
            [("A", "->", "B", "session cookie")],
            id="text-label",
        ),
        pytest.param(
            "flowchart\nA -. retries .-> B\n", [("A", "->", "B", "retries")], id="dotted-text-label"
        ),
        pytest.param(
            "flowchart\nA == bulk ==> B\n", [("A", "->", "B", "bulk")], id="thick-text-label"
        ),
        pytest.param(
            "flowchart\nA --> B --> C\n", [("A", "->", "B", ""), ("B", "->", "C", "")], id="chain"
        ),
        pytest.param(
            "flowchart\nA & B --> C\n", [("A", "->", "C", ""), ("B", "->", "C", "")], id="ampersand"
        ),
        pytest.param(
            "flowchart\nA[Browser] --> B(API)\n", [("Browser", "->", "API", "")], id="shapes"
        ),
        pytest.param(
            'flowchart\nA["Web #quot;app#quot;"] --> B[("Orders DB")]\n',
            [('Web "app"', "->", "Orders DB", "")],
            id="quoted-shapes-and-entities",
        ),
        pytest.param(
            "flowchart\nA((x)) --> B{y} --> C>z] --> D[[w]] --> E[/v/]\n",
            [
                ("x", "->", "y", ""),
                ("y", "->", "z", ""),
                ("z", "->", "w", ""),
                ("w", "->", "v", ""),
            ],
            id="more-shapes",
        ),
        pytest.param(
            "flowchart\nA[Browser]\nA --> B\nB[API]\n",
            [("Browser", "->", "API", "")],
            id="labels-elsewhere",
        ),
        pytest.param(
            'flowchart\nsubgraph z1["Internet"]\n  A[Browser]\nend\n'
            "subgraph DMZ\n  B[API]\nend\nA --> B\n",
            [("Browser (Internet)", "->", "API (DMZ)", "")],
            id="zones",
        ),
        pytest.param(
            "flowchart\nA --> B; B --> C\n",
            [("A", "->", "B", ""), ("B", "->", "C", "")],
            id="semicolons",
        ),
        pytest.param("flowchart\nA ~~~ B\n", [], id="invisible-link"),
        pytest.param("flowchart\n%% A --> B\n", [], id="comment"),
        pytest.param(
            "flowchart\nclassDef x fill:#f00\nclass A x\nclick A callback\n"
            "style A fill:#f00\nA:::x --> B\n",
            [("A", "->", "B", "")],
            id="styles-and-clicks-skipped",
        ),
        pytest.param(
            "flowchart\nA@{ shape: rect } --> B\n", [("A", "->", "B", "")], id="shape-data"
        ),
        pytest.param(
            "flowchart\nA[Desktop<br/>Studio] --> B\n",
            [("Desktop Studio", "->", "B", "")],
            id="name-on-one-line",
        ),
        pytest.param("flowchart\n--> B\nA -->\n", [], id="dangling-links"),
        pytest.param("sequenceDiagram\nA->>B: hi\n", [], id="not-a-flowchart"),
        pytest.param(
            "---\ntitle: x\n---\nflowchart\nA --> B\n", [("A", "->", "B", "")], id="front-matter"
        ),
    ],
)
def test_edges(raw: str, expected: list[tuple[str, str, str, str]]) -> None:
    assert edges(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("flowchart LR\n", True, id="flowchart"),
        pytest.param("%% a comment\n\ngraph TD\n", True, id="after-comment"),
        pytest.param("sequenceDiagram\n", False, id="sequence"),
        pytest.param("", False, id="empty"),
        pytest.param("---\nconfig: {}\n", False, id="front-matter-only"),
    ],
)
def test_is_flowchart(raw: str, expected: bool) -> None:
    assert is_flowchart(raw) is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("a<br>b<br/>c<BR />d", ["a", "b", "c", "d"], id="breaks"),
        pytest.param("auth: x; sensitivity: y", ["auth: x", " sensitivity: y"], id="semicolons"),
        pytest.param("a#59; b", ["a; b"], id="escaped-semicolon"),
        pytest.param("#quot;#35;#unknown;&amp;&#60;", ['"##unknown;&<'], id="entities"),
        pytest.param("#0;#1114112;", ["#0;#1114112;"], id="impossible-code-points-kept"),
    ],
)
def test_pieces(raw: str, expected: list[str]) -> None:
    assert pieces(raw) == expected


def test_decode_keeps_a_semicolon_and_breaks_lines() -> None:
    assert decode("a;  b<br>c") == "a; b\nc"


@given(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_characters="\x00"),
        max_size=80,
    )
)
@settings(max_examples=300, deadline=None)
def test_a_written_label_reads_back(text: str) -> None:
    written = label(text)
    assert pieces(written) == [" ".join(text.split())]
    bare = re.sub(r"#\d+;", "", written)  # entity codes aside
    assert not any(char in bare for char in '"|<>[](){};`%#\n')


# a model holds no NUL (it is not read: TM001) and no lone surrogate (it is UTF-8)
@given(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_characters="\x00"),
        max_size=40,
    )
)
@settings(max_examples=200, deadline=None)
def test_a_written_node_reads_back(name: str) -> None:
    name = " ".join(name.split())
    raw = f'flowchart LR\n  n1["{label(name) or "x"}"]\n  n1 --> n2\n'
    assert read_flowchart(raw)[0].source == Node(name or "x")


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param("flowchart\n" + "A" + " --> A" * 20000, id="long-chain"),
        pytest.param("flowchart\n" + "[" * 100000, id="open-brackets"),
        pytest.param("flowchart\nA -- " + "- " * 50000, id="unclosed-text-label"),
        pytest.param("flowchart\n" + '"' * 100001, id="quotes"),
        pytest.param("flowchart\n" + "A -->|" * 30000, id="unclosed-pipes"),
        pytest.param("flowchart\n" + "A -- " * 200000, id="unclosed-text-labels"),
        pytest.param("flowchart\n" + "#" * 100000 + ";", id="hashes"),
    ],
)
def test_hostile_diagrams_are_read(raw: str) -> None:
    """One pass, no backtracking (bench/pathological.py times such diagrams in a model)."""
    assert len(read_flowchart(raw)) <= 10_000


def test_the_reader_keeps_a_fence_language() -> None:
    doc = parse_text("# T\n\n```Mermaid title\nflowchart\n```\n\n    indented\n", "x.md")
    codes = [b for b in doc.sections[0].blocks if b.kind is BlockKind.CODE]
    assert [(b.info, b.language) for b in codes] == [("Mermaid title", "mermaid"), ("", "")]
