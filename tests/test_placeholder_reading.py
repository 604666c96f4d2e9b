"""A template placeholder is never an ID or content: the reader's entries read a text of
placeholders alone as empty, and the template check (TM205) is the one that reports it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from hooks import check_threat_model_content, cli
from hooks.core.markdown import parse_text
from hooks.core.placeholders import only_placeholders
from hooks.core.structure import EntryKind, Outline

ROOT = Path(__file__).resolve().parent.parent
MODELS = "docs/security/threat-models"
GOOD = (ROOT / "examples/demo" / MODELS / "authentication.md").read_text(encoding="utf-8")
TEMPLATE = (ROOT / "hooks/data/template.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "alone"),
    [
        pytest.param("<T1>", True, id="an-id-slot"),
        pytest.param("<from> -> <to>", True, id="two-slots-and-an-arrow"),
        pytest.param("YYYY-MM-DD", True, id="a-date-slot"),
        pytest.param("<Implemented / In progress / Planned / Accepted>", True, id="a-choice"),
        pytest.param("T1", False, id="an-id"),
        pytest.param("T1 (<link>)", False, id="an-id-beside-a-slot"),
        pytest.param("<b>bold</b>", False, id="html"),
        pytest.param("Vec<u8>", False, id="generics"),
        pytest.param("", False, id="empty"),
        pytest.param("<!-- <T1> -->", False, id="in-a-comment"),
    ],
)
def test_only_placeholders(text: str, alone: bool) -> None:
    assert only_placeholders(text) is alone


def test_the_outline_reads_placeholders_as_empty() -> None:
    doc = parse_text(
        "# T\n\n## Mitigations\n\n| Threat | Mitigation |\n| --- | --- |\n"
        "| <T1> | <control> |\n| T2 | Rate limits (<link>) |\n\n"
        "- <T3>: <threat>\n- **Owner:** <team>\n- **<T4>:** a real text\n",
        "x.md",
    )
    rows = [entry for entry in Outline(doc).all if entry.kind is EntryKind.ROW]
    assert [row.cells for row in rows] == [
        ("Threat", "Mitigation"),
        ("", ""),
        ("T2", "Rate limits (<link>)"),
    ]
    items = [entry for entry in Outline(doc).all if entry.kind is EntryKind.ITEM]
    assert (items[0].text, items[0].label) == ("", None)
    owner = items[1].label
    assert owner is not None
    assert (owner.text, owner.rest) == ("Owner", "")
    assert items[2].label is None  # a label of placeholders alone is no label
    assert items[2].text == "<T4>: a real text"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / MODELS).mkdir(parents=True)
    (tmp_path / MODELS / "template.md").write_text(TEMPLATE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("THREAT_MODEL_TODAY", "2026-11-24")
    return tmp_path


MITIGATIONS = GOOD[GOOD.index("## Mitigations") : GOOD.index("## Residual risk")]


@pytest.mark.parametrize(
    ("row", "codes"),
    [
        pytest.param("| <T99> | <control> | Planned |", [], id="a-slot-like-the-templates"),
        pytest.param("| T99 | Rate limits | Planned |", ["TM505"], id="an-unknown-id"),
    ],
)
def test_a_placeholder_is_no_threat_id(
    repo: Path, capsys: pytest.CaptureFixture[str], row: str, codes: list[str]
) -> None:
    model = GOOD.replace(MITIGATIONS, MITIGATIONS.rstrip("\n") + "\n" + row + "\n\n", 1)
    path = repo / MODELS / "auth.md"
    path.write_text(model, encoding="utf-8")
    check_threat_model_content.main([f"{MODELS}/auth.md"])
    out = capsys.readouterr().out
    assert re.findall(r": (TM5\d\d) ", out) == codes


def test_a_model_fresh_from_the_template_fails_only_on_its_placeholders(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = TEMPLATE.replace("<Feature name>", "Auth").replace("YYYY-MM-DD", "2026-11-24")
    text = text.replace("<team or person>", "@team")
    text = text.replace("<quarterly | on every significant change>", "Quarterly")
    (repo / MODELS / "auth.md").write_text(text, encoding="utf-8")
    assert cli.main(["check", f"{MODELS}/auth.md"]) == 1
    out = capsys.readouterr().out
    # the placeholders, and the categories the template's empty headings do not address yet,
    # at the Threats heading
    assert set(re.findall(r": (TM\d+) ", out)) == {"TM205", "TM501", "TM502"}
    placeholders = {n for n, line in enumerate(text.splitlines(), 1) if re.search("<[^>]+>", line)}
    threats = text.splitlines().index("## Threats") + 1
    assert {int(n) for n in re.findall(r"auth\.md:(\d+):", out)} == placeholders | {threats}
