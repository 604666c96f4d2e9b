"""Trust boundary diagrams: boundaries read from a Mermaid flowchart, the diagram drawn from
a model's boundaries (and read back as the same boundaries), and TM518, a kept diagram that no
longer matches them."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hooks.core.config import Config
from hooks.core.content.boundaries import Boundary, diagram_boundaries, read_boundaries, sides_of
from hooks.core.content.diagram import differences, render
from hooks.core.content.managed import END, START
from hooks.core.content.scan import find_scope, section_names
from hooks.core.context import ModelContext
from hooks.core.markdown import Block, BlockKind, parse_text
from hooks.core.mermaid import Node
from tests.content_support import REPO_ROOT, codes, findings, line_of, model

DEMO_MODELS = REPO_ROOT / "examples/demo/docs/security/threat-models"
OWN_MODEL = REPO_ROOT / "docs/security/threat-models/threat-model-hooks.md"


def read(text: str) -> list[Boundary]:
    config = Config(root=REPO_ROOT)
    context = ModelContext(parse_text(text, "m.md"), "m.md", config)
    names = section_names(config, "Trust boundaries")
    return read_boundaries(find_scope(context.outline, names), names)


def boundary_codes(text: str) -> list[tuple[int, str]]:
    return [c for c in codes(text) if c[1] in ("TM508", "TM509", "TM518")]


def fence(body: str) -> str:
    return f"```mermaid\n{body}```\n"


# ---------------------------------------------------------------- sides of a boundary


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("Browser -> API", ("Browser", "", "->", "API", ""), id="arrow"),
        pytest.param("Browser → API", ("Browser", "", "->", "API", ""), id="unicode-arrow"),
        pytest.param("Browser <-> API", ("Browser", "", "<->", "API", ""), id="both-ways"),
        pytest.param("API <- Browser", ("Browser", "", "->", "API", ""), id="left-arrow"),
        pytest.param("Browser to API gateway", ("Browser", "", "->", "API gateway", ""), id="to"),
        pytest.param("From browser to API", ("browser", "", "->", "API", ""), id="from-to"),
        pytest.param("Between API and DB", ("API", "", "--", "DB", ""), id="between"),
        pytest.param("Internet / DMZ", ("Internet", "", "--", "DMZ", ""), id="slash"),
        pytest.param(
            "Browser (Internet) -> API (DMZ)",
            ("Browser", "Internet", "->", "API", "DMZ"),
            id="zones",
        ),
        pytest.param("`web` -> **db**", ("web", "", "->", "db", ""), id="markup-trimmed"),
        pytest.param("A -> B -> C", None, id="two-arrows"),
        pytest.param("The admin interface", None, id="no-sides"),
        pytest.param("-> API", None, id="one-side"),
        pytest.param("A to B to C", None, id="two-tos"),
        pytest.param("x" * 90 + " -> API", None, id="side-too-long"),
    ],
)
def test_sides_of(name: str, expected: tuple[str, str, str, str, str] | None) -> None:
    found = sides_of(name)
    if expected is None:
        assert found is None
        return
    assert found is not None
    source, target, arrow = found
    assert (source.name, source.zone, arrow, target.name, target.zone) == expected


def test_a_from_and_to_column_give_the_sides() -> None:
    table = (
        "| # | From | To | What crosses | Auth |\n|---|---|---|---|---|\n"
        "| B1 | Browser | API | cookies | OIDC |\n"
    )
    [boundary] = read(model(boundaries=table))
    assert (boundary.source, boundary.target) == (Node("Browser"), Node("API"))
    assert boundary.value("what crosses") == "cookies"


def test_a_direction_of_trust_naming_the_sides_turns_the_arrow() -> None:
    table = (
        "| Boundary | What crosses | Direction of trust |\n|---|---|---|\n"
        "| Browser -> API | cookies | API -> Browser |\n"
        "| Browser -> CDN | assets | the CDN trusts nobody |\n"
    )
    first, second = read(model(boundaries=table))
    assert (first.source, first.target) == (Node("API"), Node("Browser"))
    assert (second.source, second.target) == (Node("Browser"), Node("CDN"))


@pytest.mark.parametrize(
    ("body", "values"),
    [
        pytest.param(
            "### Browser to API\n- **What crosses:** cookies\n- **Auth:** OIDC\n",
            {"what crosses": "cookies", "authentication": "OIDC"},
            id="subsection-labels",
        ),
        pytest.param(
            "- Browser -> API: cookies; Auth: OIDC; Sensitivity: high\n",
            {"authentication": "OIDC", "data sensitivity": "high"},
            id="bullet-inline",
        ),
        pytest.param(
            "| Boundary | Data | Auth |\n|---|---|---|\n| Browser -> API | cookies | - |\n",
            {"what crosses": "cookies"},
            id="table-blank-cell",
        ),
    ],
)
def test_the_values_of_a_boundary(body: str, values: dict[str, str]) -> None:
    [boundary] = read(model(boundaries=body))
    assert dict(boundary.values) == values


# ---------------------------------------------------------------- boundaries drawn by hand


def test_a_diagram_only_section_is_checked_for_its_fields() -> None:
    diagram = fence(
        "flowchart LR\n"
        "  B[Browser] -->|session cookie<br>auth: OIDC| A[API]\n"
        "  A -- rows --> D[(Orders DB)]\n"
        "  A -->|mTLS| P[Provider]\n"
    )
    text = model(boundaries=diagram)
    assert boundary_codes(text) == [(line_of(text, "A -- rows"), "TM508")]
    [_, rows, _] = read(text)
    assert rows.name == "API -> Orders DB"
    assert rows.fields == frozenset({"what crosses"})


def test_the_old_reading_ignored_a_diagram() -> None:
    """Before diagrams were read, a section of a diagram alone had no boundaries."""
    text = model(boundaries=fence("flowchart\n  A --> B\n"))
    assert boundary_codes(text) == [(line_of(text, "A --> B"), "TM508")] * 2


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            "| Boundary | What crosses | Auth |\n|---|---|---|\n| A -> B | x | OIDC |\n\n"
            + fence("flowchart\n  A --> B\n  B --> C\n"),
            id="beside-a-table",
        ),
        pytest.param(
            "- A -> B: x; Auth: OIDC\n\n" + fence("flowchart\n  A --> B\n"), id="beside-bullets"
        ),
        pytest.param(fence("sequenceDiagram\n  A->>B: hi\n"), id="not-a-flowchart"),
        pytest.param("```\nflowchart\n  A --> B\n```\n", id="not-mermaid"),
        pytest.param(
            f"{START}\n\n" + fence("flowchart\n  A --> B\n") + f"\n{END}\n", id="kept-diagram"
        ),
    ],
)
def test_diagrams_that_are_not_the_boundaries(body: str) -> None:
    assert [b for b in read(model(boundaries=body)) if b.drawn] == []


def test_with_zones_only_edges_between_zones_are_boundaries() -> None:
    diagram = fence(
        "flowchart LR\n"
        "  subgraph Untrusted\n    U[User]\n  end\n"
        "  subgraph Trusted\n    C[CLI]\n    S[Secrets]\n  end\n"
        "  U -->|commands| C\n"
        "  C -->|reads| S\n"
    )
    assert [b.name for b in read(model(boundaries=diagram))] == [
        "User (Untrusted) -> CLI (Trusted)"
    ]


def test_a_boundary_naming_two_zones_documents_the_edges_between_them() -> None:
    body = (
        "### Diagram\n\n"
        + fence(
            "flowchart LR\n"
            '  subgraph u["🔓 UNTRUSTED"]\n    U[User]\n  end\n'
            '  subgraph d["DMZ / semi-trusted"]\n    W[Web]\n  end\n'
            '  subgraph t["Trusted"]\n    C[Core]\n  end\n'
            "  U -->|requests| W\n"
            "  U -->|uploads| C\n"
        )
        + "\n### Definitions\n\n1. **Untrusted → DMZ**: TLS, authentication required\n"
    )
    text = model(boundaries=body).replace("## Trust boundaries", "## Trust boundaries\n")
    text = text.replace("### Diagram", "## Trust boundaries").replace(
        "### Definitions", "## Trust boundary definitions"
    )
    found = {b.name: b.fields for b in read(text)}
    assert "authentication" in found["User (🔓 UNTRUSTED) -> Web (DMZ / semi-trusted)"]
    assert "authentication" not in found["User (🔓 UNTRUSTED) -> Core (Trusted)"]


# ---------------------------------------------------------------- the diagram drawn


def test_the_diagram_of_a_table() -> None:
    table = (
        "| Boundary | What crosses | Authentication | Data sensitivity | Direction of trust |\n"
        "|---|---|---|---|---|\n"
        '| Browser (Internet) -> API | cookies; "tokens" <b> | mTLS | High | API trusts nothing |\n'
        "| api -> DB | rows | IAM role | - | - |\n"
        "| The admin interface | forms | SSO | Low | - |\n"
    )
    assert render(read(model(boundaries=table))) == (
        "flowchart LR\n"
        '  subgraph z1["Internet"]\n'
        '    n1["Browser"]\n'
        "  end\n"
        '  n2["API"]\n'
        '  n3["DB"]\n'
        '  n1 -->|"crosses: cookies#59; #34;tokens#34; #60;b#62;<br>auth: mTLS<br>'
        'sensitivity: High<br>direction: API trusts nothing"| n2\n'
        '  n2 -->|"crosses: rows<br>auth: IAM role"| n3\n'
    )


def test_a_boundary_without_values_is_an_edge_without_a_label() -> None:
    assert render(read(model(boundaries="### A <-> B\n\nSee the design.\n"))) == (
        'flowchart LR\n  n1["A"]\n  n2["B"]\n  n1 <--> n2\n'
    )


def drawn_again(found: list[Boundary]) -> list[Boundary]:
    """The boundaries of the diagram drawn from ``found``, read as a kept diagram is."""
    block = Block(BlockKind.CODE, 1, raw=render(found), info="mermaid")
    return list(diagram_boundaries(block, crossing=False))


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(OWN_MODEL, id="own-model"),
        *(pytest.param(p, id=p.stem) for p in sorted(DEMO_MODELS.glob("*.md"))),
    ],
)
def test_the_diagram_reads_back_as_the_boundaries(path: Path) -> None:
    found = read(path.read_text(encoding="utf-8"))
    assert differences(found, drawn_again(found)) is None


def test_the_corpus_diagrams_read_back(shared: Path) -> None:
    for path in sorted((shared / "corpus/real-threat-models").glob("*.md")):
        found = read(path.read_text(encoding="utf-8"))
        assert differences(found, drawn_again(found)) is None, path.name


CELL = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="|\\`*_"),
    max_size=30,
)


@given(st.lists(st.tuples(CELL, CELL, CELL, CELL), min_size=1, max_size=4))
@settings(max_examples=150, deadline=None)
def test_any_table_reads_back(rows: list[tuple[str, str, str, str]]) -> None:
    table = "| Boundary | What crosses | Auth | Sensitivity |\n|---|---|---|---|\n"
    for number, (crosses, auth, sensitivity, zone) in enumerate(rows):
        table += f"| A{number} ({zone}) -> B | {crosses} | {auth} | {sensitivity} |\n"
    found = read(model(boundaries=table))
    assert differences(found, drawn_again(found)) is None


# ---------------------------------------------------------------- TM518


def kept(body: str) -> str:
    return f"{START}\n\n" + fence(body) + f"\n{END}\n"


TABLE = "| Boundary | What crosses | Auth |\n|---|---|---|\n| Browser -> API | cookies | OIDC |\n"
DRAWN = (
    'flowchart LR\n  n1["Browser"]\n  n2["API"]\n  n1 -->|"crosses: cookies<br>auth: OIDC"| n2\n'
)


@pytest.mark.parametrize(
    ("body", "says"),
    [
        pytest.param(TABLE + "\n" + kept(DRAWN), None, id="matching"),
        pytest.param(
            TABLE.replace("OIDC", "mTLS") + "\n" + kept(DRAWN),
            "boundary 'Browser -> API' (line",
            id="changed-row",
        ),
        pytest.param(
            TABLE + "| API -> DB | rows | IAM role |\n\n" + kept(DRAWN),
            "boundary 'API -> DB'",
            id="added-row",
        ),
        pytest.param(
            "Nothing crosses.\n\n" + kept(DRAWN),
            "it draws 'Browser -> API', which is no boundary",
            id="removed-row",
        ),
        pytest.param(TABLE + f"\n{START}\n\n{END}\n", "boundary 'Browser -> API'", id="empty"),
        pytest.param(
            TABLE + f"\n{START}\n\n```text\nx\n```\n\n{END}\n", "'Browser -> API'", id="not-mermaid"
        ),
        pytest.param(TABLE + f"\n{START}\n", None, id="lone-start-marker"),
    ],
)
def test_a_kept_diagram_that_no_longer_matches(body: str, says: str | None) -> None:
    text = model(boundaries=body)
    found = [f for f in findings(text) if f.code == "TM518"]
    if says is None:
        assert found == []
        return
    [finding] = found
    assert finding.line == line_of(text, START)
    assert finding.severity == "warning"
    assert says in finding.message
    assert finding.hint == "run threat-model diagram --fix docs/security/threat-models/uploads.md"


def test_a_kept_diagram_of_a_model_without_boundaries() -> None:
    text = model() + "\n" + kept(DRAWN)
    [finding] = [f for f in findings(text) if f.code == "TM518"]
    assert "no boundary of the model" in finding.message
