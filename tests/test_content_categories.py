"""TM501/TM502: threat categories and lenses in list, bold-bullet, subsection and table forms."""

from __future__ import annotations

import pytest

from tests.content_support import codes, findings, line_of, model

STATEMENT = "an attacker replays a stolen token to read other users' files"
STRIDE = (
    "Spoofing",
    "Tampering",
    "Repudiation",
    "Information disclosure",
    "Denial of service",
    "Elevation of privilege",
)
LENSES = ("Supply chain & delivery", "Abuse & misuse", "Data safeguards")


def render(form: str, labels: tuple[str, ...]) -> str:
    if form == "list":
        return "".join(f"- {label}: {STATEMENT}.\n" for label in labels)
    if form == "bold":
        return "".join(f"- **{label}:** {STATEMENT}.\n" for label in labels)
    if form == "bold-outside":
        return "".join(f"- **{label}**: {STATEMENT}.\n" for label in labels)
    if form == "subsection":
        return "\n".join(f"### {label}\n\n{STATEMENT}.\n" for label in labels)
    rows = "".join(
        f"| T{number} | {label} | {STATEMENT} |\n" for number, label in enumerate(labels, 1)
    )
    return "| ID | Category | Threat |\n|---|---|---|\n" + rows


def mitigations_for(form: str, labels: tuple[str, ...]) -> str:
    if form != "table":
        return "- Uploads are scanned.\n"
    return "".join(f"- Scanning (T{number})\n" for number in range(1, len(labels) + 1))


FORMS = ("list", "bold", "bold-outside", "subsection", "table")


@pytest.mark.parametrize("form", FORMS)
def test_every_category_and_lens_addressed_passes(form: str) -> None:
    labels = STRIDE + LENSES
    text = model(render(form, labels), mitigations_for(form, labels))
    assert [c for c in codes(text) if c[1] in ("TM501", "TM502")] == []


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(
    ("missing", "code"),
    [("Repudiation", "TM501"), ("Elevation of privilege", "TM501"), ("Data safeguards", "TM502")],
)
def test_missing_category_is_reported_at_the_threats_heading(
    form: str, missing: str, code: str
) -> None:
    labels = tuple(label for label in STRIDE + LENSES if label != missing)
    text = model(render(form, labels), mitigations_for(form, labels))
    assert [c for c in codes(text) if c[1] in ("TM501", "TM502")] == [
        (line_of(text, "## Threats"), code)
    ]


@pytest.mark.parametrize(
    ("synonym", "category"),
    [
        ("DoS", "Denial of service"),
        ("Info Disclosure", "Information disclosure"),
        ("Information leakage", "Information disclosure"),
        ("EoP", "Elevation of privilege"),
        ("Elevation", "Elevation of privilege"),
        ("Supply chain", "Supply chain & delivery"),
        ("Abuse/misuse", "Abuse & misuse"),
        ("Spoofing identity", "Spoofing"),
        ("Escalation of Privileges", "Elevation of privilege"),
        ("Elevation of Privileges", "Elevation of privilege"),
        ("Data leak", "Information disclosure"),
        ("Info leak", "Information disclosure"),
        ("Dependency threats", "Supply chain & delivery"),
    ],
)
@pytest.mark.parametrize("form", ["bold", "subsection", "table"])
def test_synonyms_count(form: str, synonym: str, category: str) -> None:
    labels = tuple(synonym if label == category else label for label in STRIDE + LENSES)
    text = model(render(form, labels), mitigations_for(form, labels))
    assert [c for c in codes(text) if c[1] in ("TM501", "TM502")] == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("N/A: the service keeps no user accounts, so there is no identity to spoof.", []),
        ("Not applicable, there are no accounts", []),
        ("N/A", ["TM501"]),
        ("n/a.", ["TM501"]),
    ],
)
def test_na_needs_a_reason(value: str, expected: list[str]) -> None:
    threats = render("bold", STRIDE[1:] + LENSES) + f"- **Spoofing:** {value}\n"
    text = model(threats)
    found = [c for c in codes(text) if c[1] in ("TM501", "TM502")]
    assert [code for _, code in found] == expected
    if expected:
        assert found[0][0] == line_of(text, "**Spoofing:**")


def test_threats_table_with_stride_first_column() -> None:
    rows = "".join(f"| {label} | {STATEMENT} |\n" for label in STRIDE + LENSES)
    text = model("| STRIDE Element | Component A |\n|---|---|\n" + rows)
    assert [c for c in codes(text) if c[1] in ("TM501", "TM502")] == []


def test_without_threats_section_the_whole_model_is_searched() -> None:
    body = render("subsection", STRIDE)
    text = "# Threat Model: X\n\n## STRIDE review\n\n" + body
    assert codes(text) == [(1, "TM502")] * 3


def test_words_inside_other_words_do_not_count() -> None:
    labels = ("Spoofingly", *STRIDE[1:], *LENSES)
    text = model(render("bold", labels))
    assert (line_of(text, "## Threats"), "TM501") in codes(text)


@pytest.mark.parametrize(
    ("config", "labels", "expected"),
    [
        (
            "categories: linddun\nlenses: []\n",
            (
                "Linkability",
                "Identifiability",
                "Non-repudiation",
                "Detectability",
                "Data disclosure",
                "Unawareness",
                "Non-compliance",
            ),
            [],
        ),
        ("categories: linddun\nlenses: []\n", ("Linkability",), ["TM501"] * 6),
        (
            "categories: [mcp]\n",
            (
                "Prompt injection",
                "Tool poisoning",
                "Data exfiltration",
                "Privilege escalation",
                "SSRF",
                "Integrity threats",
                "Availability threats",
                "Confused deputy",
                *LENSES,
            ),
            [],
        ),
        ("categories: [mcp]\nlenses: []\n", ("Prompt injection",), ["TM501"] * 7),
        (
            "categories:\n  - name: Model theft\n    synonyms: [Weights exfiltration]\n"
            "lenses:\n  - Safety\n",
            ("Weights exfiltration", "Safety"),
            [],
        ),
        (
            "categories:\n  - stride\n  - name: Model theft\nlenses: []\n",
            STRIDE,
            ["TM501"],
        ),
        ("lenses: []\n", STRIDE, []),
        # a category of no words cannot be named
        ("categories:\n  - stride\n  - name: '+'\nlenses: []\n", STRIDE, ["TM501"]),
        # the lenses are categories here: each is reported once, as a category
        ("categories: [stride, lenses]\n", STRIDE, ["TM501"] * 3),
        ("severity:\n  TM501: warning\n  TM502: 'off'\n", ("Spoofing",), ["TM501"] * 5),
    ],
)
def test_methodologies(config: str, labels: tuple[str, ...], expected: list[str]) -> None:
    text = model(render("bold", labels))
    found = [code for _, code in codes(text, config) if code in ("TM501", "TM502")]
    assert found == expected


def test_severity_override_changes_the_level() -> None:
    text = model(render("bold", STRIDE[1:] + LENSES))
    (finding,) = [f for f in findings(text, "severity:\n  TM501: warning\n") if f.code == "TM501"]
    assert finding.severity == "warning"


@pytest.mark.parametrize("form", ["bold", "list", "subsection", "heading", "table"])
@pytest.mark.parametrize(
    ("value", "bare"),
    [("N/A", True), ("n/a.", True), ("None", True), ("N/A: there are no accounts to spoof", False)],
)
def test_na_needs_a_reason_in_every_form(form: str, value: str, bare: bool) -> None:
    others = STRIDE[1:] + LENSES
    if form == "table":
        threats = render("table", others) + f"| T99 | Spoofing | {value} |\n"
    elif form in ("bold", "list"):
        threats = render(form, others) + render(form, ("Spoofing",)).replace(STATEMENT + ".", value)
    elif form == "subsection":
        threats = render(form, others) + f"\n### Spoofing\n\n{value}\n"
    else:
        threats = render("subsection", others) + f"\n### Spoofing: {value}\n"
    text = model(threats, mitigations_for(form, others))
    found = [c for c in codes(text) if c[1] < "TM508"]
    assert found == ([(line_of(text, "Spoofing"), "TM501")] if bare else [])


@pytest.mark.parametrize("title", ["## Abuse Case: Invite spam", "### 7.1 Abuse case: Invite spam"])
def test_abuse_case_sections_address_the_abuse_lens(title: str) -> None:
    threats = render("bold", tuple(label for label in STRIDE + LENSES if label != "Abuse & misuse"))
    text = model(threats, extra=f"{title}\n\n- **Attacker profile:** a script\n")
    assert [c for c in codes(text) if c[1] in ("TM501", "TM502")] == []
    without = model(threats, extra="## Invite spam\n\n- **Attacker profile:** a script\n")
    assert [c for c in codes(without) if c[1] in ("TM501", "TM502")] == [
        (line_of(without, "## Threats"), "TM502")
    ]


def _setext_or_atx(setext: bool) -> str:
    """A model whose Threats section (an H1) has one subsection per category and lens,
    written as setext headings (underlined with ``---``) or as ATX ``##`` headings."""
    parts = ["Threat Model: Uploads\n=====================\n"]
    parts.append("Threats\n=======\n" if setext else "# Threats\n")
    for label in STRIDE + LENSES:
        parts.append(f"{label}\n{'-' * len(label)}\n" if setext else f"## {label}\n")
        parts.append(f"{STATEMENT}.\n")
    parts.append("# Mitigations\n\n- Uploads are scanned.\n")
    return "\n".join(parts)


@pytest.mark.parametrize(
    "setext", [pytest.param(True, id="setext-subsections"), pytest.param(False, id="atx-twin")]
)
def test_setext_subsections_read_as_their_atx_twin(setext: bool) -> None:
    assert codes(_setext_or_atx(setext)) == codes(_setext_or_atx(False)) == []


CODE_ONLY = "- **Spoofing:** An attacker forges a token to act as another user.\n"


@pytest.mark.parametrize(
    "wrapped",
    [
        pytest.param("Example:\n\n    " + CODE_ONLY, id="indented-code"),
        pytest.param("```\n" + CODE_ONLY + "```\n", id="fenced-code"),
        pytest.param("~~~md\n" + CODE_ONLY + "~~~\n", id="tilde-fence"),
        pytest.param("<!--\n" + CODE_ONLY + "-->\n", id="html-comment"),
        pytest.param("<!-- " + CODE_ONLY.strip() + " -->\n", id="one-line-comment"),
    ],
)
def test_a_category_named_only_in_code_or_a_comment_is_not_addressed(wrapped: str) -> None:
    others = render("bold", tuple(label for label in STRIDE + LENSES if label != "Spoofing"))
    text = model(others + "\n" + wrapped)
    assert [c for c in codes(text) if c[1] == "TM501"] == [(line_of(text, "## Threats"), "TM501")]
