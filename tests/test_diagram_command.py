"""``threat-model diagram MODEL``: the diagram printed, and kept in the model by ``--fix``:
written once, refreshed when the boundaries change (the content hook warns until then),
never outside the repository."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from hooks import check_threat_model_content, cli
from hooks.core.config import Config
from hooks.core.content.managed import END, START
from hooks.core.diagram import CannotFix, _settled, fixed_text
from hooks.core.markdown import parse_text
from tests.conftest import init_repo

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples/demo"
MODELS = "docs/security/threat-models"
MODEL = f"{MODELS}/auth.md"
TABLE = (
    "| Boundary | What crosses | Authentication |\n| --- | --- | --- |\n"
    "| Browser -> API | cookies | OIDC |\n"
)


def text_of(boundaries: str, after: str = "## Threats\n\n- **Spoofing:** x\n") -> str:
    return f"# Threat Model: Auth\n\n## Trust boundaries\n\n{boundaries}\n{after}"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = init_repo(tmp_path / "repo")
    (root / MODELS).mkdir(parents=True)
    monkeypatch.chdir(root)
    monkeypatch.setenv("THREAT_MODEL_TODAY", "2026-11-24")
    return root


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(["diagram", *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


def write(root: Path, text: str, relpath: str = MODEL) -> Path:
    path = root / relpath
    path.write_bytes(text.encode("utf-8"))
    return path


# ---------------------------------------------------------------- the demo


def test_the_demo_keeps_its_diagrams(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The demo's models hold the diagrams --fix writes: a run changes nothing; a changed row
    makes the content hook warn until --fix runs again."""
    demo = init_repo(tmp_path / "demo")
    shutil.copytree(DEMO, demo, dirs_exist_ok=True)
    monkeypatch.chdir(demo)
    models = sorted((demo / MODELS).glob("*.md"))
    before = {path: path.read_bytes() for path in models}
    for path in models:
        if path.stem != "template":
            assert run(["--fix", str(path.relative_to(demo))], capsys)[0] == 0
    assert {path: path.read_bytes() for path in models} == before
    auth = demo / MODELS / "authentication.md"
    assert auth.read_text(encoding="utf-8").count(START) == 1

    auth.write_text(auth.read_text("utf-8").replace("| Confidential |", "| Secret |", 1), "utf-8")
    assert check_threat_model_content.main([f"{MODELS}/authentication.md"]) == 0  # a warning
    out = capsys.readouterr().out
    assert "TM518 [warning] the trust boundary diagram no longer matches" in out
    assert "threat-model diagram --fix docs/security/threat-models/authentication.md" in out
    assert run(["--fix", f"{MODELS}/authentication.md"], capsys) == (
        1,
        f"Fixing {MODELS}/authentication.md\n",
        "",
    )
    assert "sensitivity: Secret" in auth.read_text("utf-8")
    assert check_threat_model_content.main([f"{MODELS}/authentication.md"]) == 0
    assert "TM518" not in capsys.readouterr().out


# ---------------------------------------------------------------- where --fix writes


@pytest.mark.parametrize(
    ("boundaries", "before"),
    [
        pytest.param(TABLE, "## Threats", id="after-a-table"),
        pytest.param(
            "Intro.\n\n### Browser -> API\n\n- **What crosses:** cookies\n",
            "### Browser -> API",
            id="before-the-subsections",
        ),
        pytest.param("- Browser -> API: cookies; Auth: OIDC\n", "## Threats", id="after-bullets"),
        pytest.param(TABLE + "\n\n\n", "## Threats", id="blank-lines-kept-after"),
    ],
)
def test_fix_adds_the_diagram_at_the_end_of_the_section(
    repo: Path, capsys: pytest.CaptureFixture[str], boundaries: str, before: str
) -> None:
    path = write(repo, text_of(boundaries))
    assert run(["--fix", MODEL], capsys)[:2] == (1, f"Fixing {MODEL}\n")
    text = path.read_text("utf-8")
    assert text.count(START) == text.count(END) == 1
    assert text.index(START) < text.index(before)
    assert text.index("## Trust boundaries") < text.index(START)
    assert f"\n\n{START}\n\n```mermaid\nflowchart LR\n" in text
    assert f"```\n\n{END}\n\n" in text
    assert run(["--fix", MODEL], capsys) == (0, "", "")


def test_fix_in_a_nested_trust_boundaries_section(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = text_of("### Assets\n\n- keys\n\n### Trust boundaries\n\n" + TABLE).replace(
        "\n## Trust boundaries", "\n## Assets and trust boundaries"
    )
    path = write(repo, text)
    assert run(["--fix", MODEL], capsys)[0] == 1
    fixed = path.read_text("utf-8")
    assert fixed.index("### Trust boundaries") < fixed.index(START) < fixed.index("## Threats")


@pytest.mark.parametrize(
    ("prefix", "newline", "end"),
    [
        pytest.param("", "\r\n", "\r\n", id="crlf"),
        pytest.param("\ufeff", "\n", "\n", id="bom"),
        pytest.param("", "\n", "", id="no-newline-at-the-end"),
    ],
)
def test_fix_keeps_line_endings_and_bom(
    repo: Path, capsys: pytest.CaptureFixture[str], prefix: str, newline: str, end: str
) -> None:
    text = ("# Threat Model: Auth\n\n## Trust boundaries\n\n" + TABLE).rstrip("\n") + end
    path = write(repo, prefix + text.replace("\n", newline))
    assert run(["--fix", MODEL], capsys)[0] == 1
    data = path.read_bytes().decode("utf-8")
    assert data.startswith(prefix + "# Threat Model")
    body = data.removeprefix(prefix)
    assert body.count("\n") == body.count(newline) if newline == "\r\n" else "\r" not in body
    assert START in data
    assert run(["--fix", MODEL], capsys) == (0, "", "")


def test_fix_refreshes_every_kept_diagram_and_nothing_else(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = f"{START}\n\n```mermaid\nflowchart LR\n  a --> b\n```\n\n{END}\n"
    text = text_of(TABLE + "\n" + stale, after="## Threats\n\n" + stale + "\nTail text.\n")
    path = write(repo, text)
    assert run(["--fix", MODEL], capsys)[0] == 1
    fixed = path.read_text("utf-8")
    assert fixed.count('n1 -->|"crosses: cookies<br>auth: OIDC"| n2') == 2
    assert "a --> b" not in fixed
    assert fixed.endswith("Tail text.\n")


def test_fix_empties_a_kept_diagram_of_a_model_without_boundaries(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = f"{START}\n\n```mermaid\nflowchart LR\n  a --> b\n```\n\n{END}\n"
    path = write(repo, text_of("No boundary: one process.\n\n" + stale))
    assert run(["--fix", MODEL], capsys)[0] == 1
    assert f"{START}\n\n{END}\n" in path.read_text("utf-8")
    assert run(["--fix", MODEL], capsys) == (0, "", "")


@pytest.mark.parametrize(
    ("boundaries", "says"),
    [
        pytest.param("One process.\n", "it has no trust boundaries to draw", id="none"),
        pytest.param(
            "### The admin interface\n\n- **Auth:** SSO\n",
            "no trust boundary names its two sides",
            id="no-sides",
        ),
        pytest.param(
            "```mermaid\nflowchart\n  A -->|cookies| B\n```\n",
            "a diagram already",
            id="drawn-by-hand",
        ),
    ],
)
def test_fix_with_nothing_to_draw(
    repo: Path, capsys: pytest.CaptureFixture[str], boundaries: str, says: str
) -> None:
    path = write(repo, text_of(boundaries))
    before = path.read_bytes()
    code, out, err = run(["--fix", MODEL], capsys)
    assert (code, out) == (0, "")
    assert says in err
    assert path.read_bytes() == before


def test_a_boundary_without_sides_is_named_and_left_out(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, text_of(TABLE + "| The admin interface | forms | SSO |\n"))
    code, out, err = run([MODEL], capsys)
    assert code == 0
    assert out.count("-->") == 1
    assert f"{MODEL}:8: boundary 'The admin interface' names no two sides" in err


# ---------------------------------------------------------------- formats


def test_formats(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(repo, text_of(TABLE))
    mermaid = (
        'flowchart LR\n  n1["Browser"]\n  n2["API"]\n'
        '  n1 -->|"crosses: cookies<br>auth: OIDC"| n2\n'
    )
    assert run([MODEL], capsys) == (0, mermaid, "")
    assert run([MODEL, "--format", "markdown"], capsys) == (
        0,
        f"{START}\n\n```mermaid\n{mermaid}```\n\n{END}\n",
        "",
    )
    code, out, _ = run([MODEL, "--format", "json"], capsys)
    assert code == 0
    payload = json.loads(out)
    assert payload["mermaid"] == mermaid
    assert payload["boundaries"] == [
        {
            "line": 7,
            "name": "Browser -> API",
            "source": {"name": "Browser", "zone": ""},
            "target": {"name": "API", "zone": ""},
            "arrow": "->",
            "fields": ["authentication", "what crosses"],
            "values": {"what crosses": "cookies", "authentication": "OIDC"},
            "drawn": False,
        }
    ]


# ---------------------------------------------------------------- refusals


def link_out(root: Path, outside: Path) -> str:
    os.symlink(outside / "model.md", root / MODEL)
    return MODEL


def write_binary(path: Path) -> str:
    path.write_bytes(b"# x\x00\n")
    return MODEL


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "model.md").write_text(text_of(TABLE), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("make", "says"),
    [
        pytest.param(lambda root, out: "missing.md", "missing.md does not exist", id="missing"),
        pytest.param(
            lambda root, out: str(out / "model.md"), "is outside the repository", id="outside"
        ),
        pytest.param(
            link_out,
            "is a symbolic link out of the repository; it is not read",
            id="symlink-out",
        ),
        pytest.param(
            lambda root, out: write_binary(root / MODEL),
            "TM001 binary file",
            id="binary",
        ),
        pytest.param(lambda root, out: MODELS, "is not a file", id="folder"),
    ],
)
def test_what_is_not_read(
    repo: Path, outside: Path, capsys: pytest.CaptureFixture[str], make: object, says: str
) -> None:
    given = make(repo, outside)  # type: ignore[operator]
    code, out, err = run(["--fix", given], capsys)
    assert (code, out) == (2, "")
    assert says in err
    assert (outside / "model.md").read_text("utf-8") == text_of(TABLE)


def test_a_larger_model_than_the_limit_is_not_read(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / ".threat-model.yaml").write_text("max_file_bytes: 100\n", encoding="utf-8")
    write(repo, text_of(TABLE))
    code, _, err = run([MODEL], capsys)
    assert code == 2
    assert "larger than max_file_bytes" in err


def test_a_read_only_model_is_not_written(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(repo, text_of(TABLE))
    path.chmod(0o444)
    try:
        code, out, err = run(["--fix", MODEL], capsys)
        assert (code, out) == (1, "")
        assert "read-only" in err
        assert START not in path.read_text("utf-8")
    finally:
        path.chmod(0o644)


def test_a_link_inside_the_repository_is_written_through(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(repo, text_of(TABLE), f"{MODELS}/real.md")
    os.symlink("real.md", repo / MODEL)
    assert run(["--fix", MODEL], capsys)[0] == 1
    assert stat.S_ISLNK((repo / MODEL).lstat().st_mode)
    assert START in (repo / MODELS / "real.md").read_text("utf-8")
    assert [p.name for p in (repo / MODELS).iterdir() if p.name.startswith(".")] == []


def test_what_would_not_settle_is_not_written() -> None:
    config = Config(root=ROOT)
    text = text_of(TABLE)
    doc = parse_text(text, MODEL)
    from hooks.core.diagram import _boundaries

    found = _boundaries(doc, config)[2]
    with pytest.raises(CannotFix, match="change how its trust boundaries read"):
        _settled(text_of(TABLE.replace("OIDC", "mTLS")), found, config, MODEL)
    stale = text_of(TABLE + f"\n{START}\n\n```mermaid\nflowchart\n  a --> b\n```\n\n{END}\n")
    with pytest.raises(CannotFix, match="would not match"):
        _settled(stale, found, config, MODEL)
    with pytest.raises(CannotFix, match="larger than max_file_bytes"):
        _settled(text + "x" * config.max_file_bytes, found, config, MODEL)
    with pytest.raises(CannotFix, match="would not read back"):
        _settled("a\x00", found, config, MODEL)
    assert fixed_text(text, doc, config) != text
