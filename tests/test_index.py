"""check-threat-model-index and `threat-model index`: links, owners, dates, and --fix."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from hooks import check_threat_model_index, cli

INDEX = "docs/security/THREAT_MODEL_INDEX.md"
MODELS = "docs/security/threat-models"


def model(feature: str, owner: str = "@team", updated: str = "2026-10-01") -> str:
    return (
        f"# Threat Model: {feature}\n\n## Feature metadata\n\n- **Feature name:** {feature}\n"
        f"- **Owner:** {owner}\n- **Last updated:** {updated}\n- **Review cadence:** Quarterly\n"
    )


def row(feature: str, link: str, owner: str = "@team", updated: str = "2026-10-01") -> str:
    return f"| [{feature}]({link}) | {owner} | {updated} |\n"


HEADER = "# Index\n\n| Feature | Owner | Last updated |\n| --- | --- | --- |\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / MODELS).mkdir(parents=True)
    (tmp_path / MODELS / "auth.md").write_text(model("Auth"), encoding="utf-8")
    (tmp_path / MODELS / "payments.md").write_text(
        model("Payments", "@pay", "2026-01-02"), encoding="utf-8"
    )
    (tmp_path / MODELS / "template.md").write_text(model("<Feature name>"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("THREAT_MODEL_TODAY", "2026-11-24")
    return tmp_path


def write_index(root: Path, text: str | bytes) -> Path:
    path = root / INDEX
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = check_threat_model_index.main(args)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out


GOOD = (
    HEADER
    + row("Auth", "threat-models/auth.md")
    + row("Payments", "threat-models/payments.md", "@pay", "2026-01-02")
)


def test_a_complete_index_passes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_index(repo, GOOD)
    assert run([], capsys) == (0, "")
    assert run(["some/file.md"], capsys) == (0, "")  # file names from pre-commit are ignored


@pytest.mark.parametrize(
    "link",
    [
        "./threat-models/auth.md",
        "threat-models/auth.md#threats",
        "<threat-models/auth.md>",
        "threat-models/./auth.md",
        "/docs/security/threat-models/auth.md",
        "../security/threat-models/auth.md",
    ],
)
def test_link_forms(repo: Path, capsys: pytest.CaptureFixture[str], link: str) -> None:
    write_index(repo, GOOD.replace("threat-models/auth.md", link, 1))
    assert run([], capsys) == (0, "")


def test_a_file_name_with_a_space(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / MODELS / "auth.md").rename(repo / MODELS / "a b.md")
    write_index(repo, GOOD.replace("threat-models/auth.md", "threat-models/a%20b.md"))
    assert run([], capsys) == (0, "")


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        (
            HEADER + row("Auth", "threat-models/auth.md"),
            [
                f"{MODELS}/payments.md:1:1: TM302 model is not linked from {INDEX}",
            ],
        ),
        (
            GOOD + row("Gone", "threat-models/gone.md"),
            [
                f"{INDEX}:7:3: TM303 link to {MODELS}/gone.md, which does not exist",
            ],
        ),
        (
            GOOD + row("Out", "../../../etc/passwd"),
            [
                f"{INDEX}:7:3: TM304 link '../../../etc/passwd' leaves the repository",
            ],
        ),
        (
            GOOD.replace("| @team |", "| @someone |"),
            [
                f"{INDEX}:5:35: TM305 owner '@someone' (line 5) differs from '@team' in "
                f"{MODELS}/auth.md:6",
            ],
        ),
        (
            GOOD.replace("| 2026-10-01 |", "| 2026-09-01 |"),
            [
                f"{INDEX}:5:43: TM306 last updated '2026-09-01' (line 5) differs from '2026-10-01' "
                f"in {MODELS}/auth.md:7",
            ],
        ),
        (
            GOOD + row("Auth again", "threat-models/auth.md"),
            [
                f"{INDEX}:7:3: TM307 {MODELS}/auth.md is already listed on line 5",
            ],
        ),
    ],
)
def test_index_problems(
    repo: Path, capsys: pytest.CaptureFixture[str], index: str, expected: list[str]
) -> None:
    write_index(repo, index)
    code, out = run([], capsys)
    assert code == 1
    for line in expected:
        assert line in out


def test_the_same_date_written_differently_matches(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_index(repo, GOOD.replace("| 2026-10-01 |", "| 1 October 2026 |"))
    assert run([], capsys) == (0, "")


def test_a_missing_index(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run([], capsys)
    assert code == 1
    assert f"{INDEX}:1:1: TM301 the threat model index {INDEX} does not exist" in out


@pytest.mark.parametrize(
    "layout",
    [
        pytest.param("no-models-folder", id="no-models-folder"),
        pytest.param("empty-models-folder", id="empty-models-folder"),
        pytest.param("template-only", id="only-the-template"),
    ],
)
@pytest.mark.parametrize("args", [[], ["--fix"]], ids=["check", "fix"])
def test_day_zero_no_models_and_no_index_pass(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    layout: str,
    args: list[str],
) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    if layout != "no-models-folder":
        (tmp_path / MODELS).mkdir(parents=True)
    if layout == "template-only":
        (tmp_path / MODELS / "template.md").write_text(model("<Feature name>"), "utf-8")
    monkeypatch.chdir(tmp_path)
    assert run(args, capsys) == (0, "")
    assert not (tmp_path / INDEX).exists()  # --fix writes no index before the first model
    assert cli.main(["index", *args]) == 0


def test_a_missing_index_hint_names_the_manual_hook(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out = run([], capsys)
    assert (
        "hint: create it: pre-commit run fix-threat-model-index --hook-stage manual"
        " (or threat-model index --fix)"
    ) in out
    assert "hint: run threat-model index --fix" not in out  # a command a hooks-only team lacks


def test_fix_creates_the_index_and_then_passes(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(["--fix"], capsys)
    assert code == 1
    assert out == f"Fixing {INDEX}\n"
    text = (repo / INDEX).read_text(encoding="utf-8")
    assert text == (
        "# Threat model index\n\n"
        "<!-- threat-model-index:start -->\n"
        "| Feature | Owner | Last updated | Review cadence | Review due |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| [Auth](threat-models/auth.md) | @team | 2026-10-01 | Quarterly | 2026-12-30 |\n"
        "| [Payments](threat-models/payments.md) | @pay | 2026-01-02 | Quarterly | 2026-04-02 |\n"
        "<!-- threat-model-index:end -->\n"
    )
    assert run([], capsys) == (0, "")
    assert run(["--fix"], capsys) == (0, "")
    assert (repo / INDEX).read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    ("before", "kept_head", "kept_tail"),
    [
        # markers: only the managed part changes
        (
            "# Index\r\n\r\nIntro.\r\n\r\n<!-- threat-model-index:start -->\r\nold\r\n"
            "<!-- threat-model-index:end -->\r\n\r\nOutro.\r\n",
            "# Index\r\n\r\nIntro.\r\n\r\n",
            "\r\nOutro.\r\n",
        ),
        # no markers: the first table with model links becomes the managed table
        (
            "# Index\n\n| Other | table |\n|---|---|\n| a | b |\n\n"
            + GOOD.replace("# Index\n\n", "")
            + "\nAfter.\n",
            "# Index\n\n| Other | table |\n|---|---|\n| a | b |\n\n",
            "\nAfter.\n",
        ),
        # no such table: appended
        ("\ufeff# Index\n\nNo table yet.", "\ufeff# Index\n\nNo table yet.\n\n", ""),
    ],
)
def test_fix_keeps_every_other_byte(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    before: str,
    kept_head: str,
    kept_tail: str,
) -> None:
    path = write_index(repo, before.encode("utf-8"))
    assert run(["--fix"], capsys)[0] == 1
    after = path.read_bytes().decode("utf-8")
    assert after.startswith(kept_head + "<!-- threat-model-index:start -->")
    newline = "\r\n" if "\r\n" in before else "\n"
    assert after.endswith("<!-- threat-model-index:end -->" + newline + kept_tail)
    assert "| [Auth](threat-models/auth.md) |" in after
    assert ("\r\n" in after) is (newline == "\r\n")
    if newline == "\r\n":
        assert "\n" not in after.replace("\r\n", "")
    assert run([], capsys) == (0, "")
    assert run(["--fix"], capsys) == (0, "")
    assert path.read_bytes().decode("utf-8") == after


def test_an_unreadable_index_is_reported_and_left_alone(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = b"# Index\n\xff\xfe\x00\n"
    path = write_index(repo, data)
    code, out = run(["--fix"], capsys)
    assert code == 1
    assert f"{INDEX}:2:1: TM001" in out
    assert path.read_bytes() == data


def test_unreadable_and_future_models(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / MODELS / "broken.md").write_bytes(b"\x00\x01")
    (repo / MODELS / "later.md").write_text(model("Later", updated="2099-01-01"), "utf-8")
    assert run(["--fix"], capsys)[0] == 1
    text = (repo / INDEX).read_text(encoding="utf-8")
    assert "broken" not in text
    # a future date is an error of the model (TM107), not of the index: its due date is the
    # date as written plus the cadence, which a year from now is the same
    assert (
        "| [Later](threat-models/later.md) | @team | 2099-01-01 | Quarterly | 2099-04-01 |" in text
    )
    code, out = run([], capsys)
    assert code == 1
    assert f"{MODELS}/broken.md:1:1: TM001" in out


def test_threat_model_index_command(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_index(repo, HEADER + row("Auth", "threat-models/auth.md"))
    assert cli.main(["index", "--format", "json"]) == 1
    assert '"code": "TM302"' in capsys.readouterr().out
    assert cli.main(["index", "--fix", "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"Fixing {INDEX}\n"
    assert '"findings": []' in captured.out
    cli.main(["check"])
    assert "TM30" not in capsys.readouterr().out


def test_check_reports_index_problems_on_whole_repository_runs(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli.main(["check", MODELS])
    assert "TM301" not in capsys.readouterr().out
    assert cli.main(["check"]) == 1
    assert "TM301" in capsys.readouterr().out


def test_a_configuration_error_exits_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".threat-model.yaml").write_text("index: ../x.md\n", encoding="utf-8")
    assert check_threat_model_index.main([]) == 2
    assert "points outside the repository" in capsys.readouterr().err


@pytest.mark.parametrize(
    "text",
    [
        # metadata after another section: the head lacks it, the whole model is read
        "# Threat Model: Auth\n\n## Assets\n\nTokens.\n\n## Feature metadata\n\n"
        "- **Feature name:** Auth\n- **Owner:** @team\n- **Last updated:** 2026-10-01\n"
        "- **Review cadence:** Quarterly\n",
        # a heading inside a code fence does not end the head
        "# Threat Model: Auth\n\n```\n## Not a heading\n```\n\n- **Feature name:** Auth\n"
        "- **Owner:** @team\n- **Last updated:** 2026-10-01\n- **Review cadence:** Quarterly\n\n"
        "## Assets\n\nTokens.\n",
        # front matter
        "---\nfeature: Auth\nowner: '@team'\nlast-updated: 2026-10-01\nreview-cadence: Q\n---\n"
        "# Threat Model: Auth\n\n## Assets\n\nTokens.\n",
    ],
)
def test_metadata_is_found_wherever_it_is(
    repo: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    (repo / MODELS / "auth.md").write_text(text, encoding="utf-8")
    write_index(repo, GOOD)
    assert run([], capsys) == (0, "")
    write_index(repo, GOOD.replace("| @team |", "| @other |"))
    code, out = run([], capsys)
    assert code == 1
    assert "TM305 owner '@other' (line 5) differs from '@team'" in out


START = "<!-- threat-model-index:start -->"
END = "<!-- threat-model-index:end -->"
TABLE = GOOD.replace("# Index\n\n", "")


def fix_settles(root: Path, capsys: pytest.CaptureFixture[str], before: str | bytes) -> str:
    """Write the index, fix it once: the hook then passes, a second fix changes no byte, and
    the index holds exactly one pair of marker lines. The fixed text."""
    from hooks.core.index import find_markers
    from hooks.core.writer import split_lines

    path = write_index(root, before)
    assert run(["--fix"], capsys) == (1, f"Fixing {INDEX}\n")
    after = path.read_bytes()
    assert run([], capsys) == (0, "")
    assert run(["--fix"], capsys) == (0, "")
    assert path.read_bytes() == after
    text = after.decode("utf-8")
    markers = find_markers(split_lines(text.removeprefix("\ufeff")))
    assert len(markers.pairs) == 1
    assert markers.lone == ()
    return text


PROSE = f"The table between `{START}` and `{END}` is rewritten by --fix.\n"


@pytest.mark.parametrize(
    ("before", "kept"),
    [
        # markers quoted in prose are not markers
        (f"# Index\n\n{PROSE}\n{TABLE}", f"# Index\n\n{PROSE}\n"),
        (f"# Index\n\n{PROSE}\n{START}\n{TABLE}{END}\n", f"# Index\n\n{PROSE}\n"),
        # nor are marker lines inside a code fence
        (f"# Index\n\n```markdown\n{START}\n{END}\n```\n\n{TABLE}", f"```markdown\n{START}\n"),
        # a stray end marker before the table
        (f"# Index\n\n{END}\n\n{TABLE}\nAfter.\n", "# Index\n\n\n"),
        # a start marker without its end
        (f"# Index\n\n{START}\n{TABLE}\nAfter.\n", "# Index\n\n"),
        # an end marker before the start marker
        (f"# Index\n\n{END}\nText.\n\n{START}\nold\n{END}\n", "# Index\n\nText.\n\n"),
        # two managed tables: the second one goes
        (f"# Index\n\n{START}\n{TABLE}{END}\n\nMid.\n\n{START}\n{TABLE}{END}\n", "\nMid.\n\n"),
        # an end marker, then a pair: the stray goes
        (f"{END}\n# Index\n\n{START}\nold\n{END}\n", "# Index\n\n"),
    ],
)
def test_fix_reads_markers_only_as_whole_lines_outside_code(
    repo: Path, capsys: pytest.CaptureFixture[str], before: str, kept: str
) -> None:
    after = fix_settles(repo, capsys, before)
    assert kept in after
    assert "| [Auth](threat-models/auth.md) | @team |" in after


def test_stray_markers_are_reported(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_index(repo, f"# Index\n\n  {END}\n\n{TABLE}\n{START}\n")
    code, out = run([], capsys)
    assert code == 0
    assert f"{INDEX}:3:3: TM308 [warning] end marker without a start marker before it" in out
    assert f"{INDEX}:10:1: TM308 [warning] start marker without an end marker after it" in out
    write_index(repo, f"{START}\n{TABLE}{END}\n{START}\n{END}\n")
    code, out = run([], capsys)
    assert f"{INDEX}:7:1: TM308 [warning] a second managed table (lines 7-8)" in out


@pytest.mark.parametrize(
    "prose",
    [
        "Form\x0cfeed, group\x1dseparator, next\x85line, line\u2028and paragraph\u2029breaks.\n",
        "Vertical\x0btab and file\x1cseparator.\n",
    ],
)
def test_fix_splits_lines_as_the_reader_does(
    repo: Path, capsys: pytest.CaptureFixture[str], prose: str
) -> None:
    before = f"# Index\n\n{prose}\n{TABLE}\nAfter.\n"
    after = fix_settles(repo, capsys, before)
    assert after.startswith(f"# Index\n\n{prose}\n{START}\n")
    assert after.endswith(f"{END}\n\nAfter.\n")


def test_fix_keeps_carriage_return_line_endings(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = f"# Index\n\nIntro.\n\n{TABLE}\nAfter.\n".replace("\n", "\r")
    after = fix_settles(repo, capsys, before)
    assert after.startswith(f"# Index\r\rIntro.\r\r{START}\r")
    assert after.endswith(f"{END}\r\rAfter.\r")
    assert "\n" not in after


@pytest.mark.parametrize(
    "before",
    [
        f"\ufeff{TABLE}",
        f"\ufeff{START}\nold\n{END}\n",
        f"\ufeff{END}\n{TABLE}",
        "\ufeff",
    ],
)
def test_fix_keeps_the_bom(repo: Path, capsys: pytest.CaptureFixture[str], before: str) -> None:
    after = fix_settles(repo, capsys, before)
    assert after.startswith("\ufeff")
    assert not after.startswith("\ufeff\ufeff")


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("a\r\nb\rc\nd", ["a\r\n", "b\r", "c\n", "d"]),
        ("x\x0cy\x85z\u2028w\u2029v\x1c\x1d\x1eu\n", ["x\x0cy\x85z\u2028w\u2029v\x1c\x1d\x1eu\n"]),
        ("", []),
        ("\n\n", ["\n", "\n"]),
    ],
)
def test_split_lines(text: str, lines: list[str]) -> None:
    from hooks.core.writer import split_lines

    assert split_lines(text) == lines
    assert "".join(lines) == text


@pytest.mark.parametrize(
    ("text", "pairs", "lone"),
    [
        (f"{START}\n{END}\n", ((0, 1),), ()),
        (f"   {START}  \n{END}\n", ((0, 1),), ()),
        (f"    {START}\n{END}\n", (), (1,)),
        (f"x {START}\n{END} y\n", (), ()),
        (f"~~~\n{START}\n~~~\n{START}\n{END}\n", ((3, 4),), ()),
        (f"{START}\n{START}\n{END}\n{END}\n", ((1, 2),), (0, 3)),
        (f"{START}\n{END}\n{START}\n{END}\n", ((0, 1), (2, 3)), ()),
    ],
)
def test_find_markers(text: str, pairs: tuple[tuple[int, int], ...], lone: tuple[int, ...]) -> None:
    from hooks.core.index import Markers, find_markers
    from hooks.core.writer import split_lines

    assert find_markers(split_lines(text)) == Markers(pairs, lone)


@pytest.mark.parametrize(
    "name",
    [
        "c#d",
        "q?x",
        "pct%20x",
        "new\nline",
        "a b",
        "a|b",
        "p(1)",
        "<x>",
        "[x]",
        "back\\slash",
        "tick`s",
        "ünï",
        "cr\rhere",
        "form\x0cfeed",
        "line\u2028sep",
    ],
)
def test_fix_writes_links_to_any_file_name(
    repo: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    (repo / MODELS / f"{name}.md").write_text(model(name), encoding="utf-8")
    no_feature = model(name).replace(f"- **Feature name:** {name}\n", "")
    (repo / MODELS / f"{name}-2.md").write_text(no_feature, encoding="utf-8")
    fix_settles(repo, capsys, "# Index\n")


@pytest.mark.parametrize("owner", ["a|b", "[team](x)", "`tick`", "<b>", "back\\|slash", "x  \t y"])
def test_fix_writes_any_owner_so_that_it_reads_back(
    repo: Path, capsys: pytest.CaptureFixture[str], owner: str
) -> None:
    text = model("Auth").replace("- **Owner:** @team", f"- **Owner:** {owner}")
    (repo / MODELS / "auth.md").write_text(text, encoding="utf-8")
    fix_settles(repo, capsys, "# Index\n")


def test_the_due_date_uses_the_budget_of_the_models_area(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / ".threat-model.yaml").write_text(
        "areas:\n  auth:\n    paths: [src/auth/]\n    staleness_days: 30\n"
        "  auth-tokens:\n    paths: [src/tokens/]\n    model: docs/security/threat-models/auth.md\n"
        "    staleness_days: 45\n  payments: [src/pay/]\n",
        encoding="utf-8",
    )
    text = fix_settles(repo, capsys, "# Index\n")
    # auth: updated 2026-10-01, the strictest of its areas' budgets is 30 days
    assert "| 2026-10-01 | Quarterly | 2026-10-31 |" in text
    # payments: no budget of its own, the global 90 days
    assert "| 2026-01-02 | Quarterly | 2026-04-02 |" in text


@pytest.mark.parametrize(
    ("row_text", "code", "column"),
    [
        ("|[Auth](threat-models/auth.md)|@x|2026-10-01|", "TM305", 32),
        ("  | [Auth](threat-models/auth.md) |   @x   | 2026-10-01 |", "TM305", 39),
        ("| [A\\|uth](threat-models/auth.md) | @x | 2026-10-01 |", "TM305", 37),
        ("| [Auth](threat-models/auth.md) | @team | 1999-01-01 |", "TM306", 43),
        ("| @team | [Auth](<threat-models/auth.md>) | 2026-10-01 |", "TM307", 11),
    ],
)
def test_row_findings_point_at_their_cell(
    repo: Path, capsys: pytest.CaptureFixture[str], row_text: str, code: str, column: int
) -> None:
    header = "| Feature | Owner | Last updated |"
    if code == "TM307":
        header = "| Owner | Feature | Last updated |"
        row_text = "| @team | [Auth](threat-models/auth.md) | 2026-10-01 |\n" + row_text
    write_index(repo, f"{header}\n| --- | --- | --- |\n{row_text}\n")
    out = run([], capsys)[1]
    line = 4 if code == "TM307" else 3
    assert f"{INDEX}:{line}:{column}: {code} " in out


@pytest.mark.parametrize(
    ("row_text", "found"),
    [
        ("| [Gone](threat-models/gone.md) | x | y |", ["7:3"]),
        ("| see [Gone](threat-models/gone.md) | x | y |", ["7:7"]),
        ("| [threat-models/gone.md](threat-models/gone.md) | x | y |", ["7:3"]),
        ("| [A](threat-models/a.md) or [B](threat-models/b.md) | x | y |", ["7:3", "7:30"]),
        ("| [../../../x.md](../../../x.md) | x | y |", ["7:3"]),
        ("| x | [Out](<../../../x.md>) | y |", ["7:7"]),
    ],
)
def test_link_findings_point_at_the_link(
    repo: Path, capsys: pytest.CaptureFixture[str], row_text: str, found: list[str]
) -> None:
    write_index(repo, GOOD + row_text + "\n")
    out = run([], capsys)[1]
    assert re.findall(rf"^{INDEX}:(\d+:\d+): TM30[34] ", out, re.MULTILINE) == found


def test_images_are_not_index_entries(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    diagram = "| ![diagram](threat-models/auth.png) | @team | 2026-10-01 |\n"
    write_index(repo, GOOD + diagram)
    assert run([], capsys) == (0, "")  # no dangling link to auth.png
    write_index(repo, GOOD.replace("[Payments](", "![Payments]("))
    code, out = run([], capsys)
    assert code == 1
    assert f"{MODELS}/payments.md:1:1: TM302 model is not linked from {INDEX}" in out


def test_fix_does_not_take_a_table_of_images_for_the_model_table(repo: Path) -> None:
    diagrams = "# Index\n\n| Diagram |\n| --- |\n| ![flow](threat-models/auth.md) |\n"
    write_index(repo, diagrams)
    assert check_threat_model_index.main(["--fix"]) == 1
    text = (repo / INDEX).read_text(encoding="utf-8")
    assert text.startswith(diagrams + "\n<!-- threat-model-index:start -->\n")


def test_a_duplicate_row_whose_link_is_written_otherwise(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / MODELS / "auth.md").rename(repo / MODELS / "a b.md")
    write_index(repo, GOOD.replace("threat-models/auth.md", "threat-models/a%20b.md"))
    with (repo / INDEX).open("a", encoding="utf-8") as index:
        index.write("| x | [Again](<threat-models/a b.md>) | y |\n")
    assert f"{INDEX}:7:7: TM307 {MODELS}/a b.md is already listed on line 5" in run([], capsys)[1]


@pytest.mark.parametrize(
    "config",
    [
        "ignore:\n  - '#notes/'\n",
        "areas:\n  auth:\n    paths: [src/auth/, ' #notes/']\n",
    ],
)
def test_a_pattern_starting_with_a_hash_is_the_documented_configuration_error(
    repo: Path, capsys: pytest.CaptureFixture[str], config: str
) -> None:
    docs = (Path(__file__).parent.parent / "docs/configuration.md").read_text(encoding="utf-8")
    documented = re.search(r"^\.threat-model\.yaml:2: .*'#notes/'.*$", docs, re.MULTILINE)
    assert documented is not None
    (repo / ".threat-model.yaml").write_text(config, encoding="utf-8")
    assert check_threat_model_index.main([]) == 2
    error = capsys.readouterr().err
    expected = documented.group(0)
    if "areas" in config:
        expected = expected.replace("error: ", "error: area 'auth': ", 1)
    assert error == expected + "\n"


def test_files_out_of_the_repository_are_not_read(
    repo: Path, capsys: pytest.CaptureFixture[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.md").write_text(model("Secret", "@them"), encoding="utf-8")
    (outside / "index.md").write_text(GOOD, encoding="utf-8")
    (repo / MODELS / "secret.md").symlink_to(outside / "secret.md")
    (repo / MODELS / "inner.md").symlink_to("auth.md")  # inside: read
    write_index(repo, GOOD + row("Auth", "threat-models/inner.md"))
    code, out = run(["--fix"], capsys)
    assert code == 1
    text = (repo / INDEX).read_text(encoding="utf-8")
    assert "Secret" not in text
    assert "threat-models/inner.md" in text
    assert (
        f"{MODELS}/secret.md:1:1: TM001 {MODELS}/secret.md is a symbolic link out of the "
        "repository; it is not read"
    ) in out
    (repo / INDEX).unlink()
    (repo / INDEX).symlink_to(outside / "index.md")
    code, out = run(["--fix"], capsys)
    assert f"{INDEX}:1:1: TM001 {INDEX} is a symbolic link out of the repository" in out
    assert "Fixing" not in out
    assert (outside / "index.md").read_text(encoding="utf-8") == GOOD
    (repo / INDEX).unlink()
    (repo / INDEX).mkdir()
    code, out = run(["--fix"], capsys)
    assert code == 1
    assert f"{INDEX}:1:1: TM001 {INDEX} is not a file" in out


@pytest.mark.parametrize(
    ("text", "reads"),
    [
        ("# Threat Model: Auth\n\n- **Owner:** @team\n", 1),  # a field missing, nothing cut
        ("# Threat Model: Auth\n\n- **Owner:** @team\n\n## Assets\n\nTokens.\n", 2),
        (model("Auth") + "\n## Assets\n\nTokens.\n", 1),  # cut, every field in the head
    ],
)
def test_a_model_is_read_again_only_when_its_head_was_cut_short(
    repo: Path, monkeypatch: pytest.MonkeyPatch, text: str, reads: int
) -> None:
    from hooks.core import models
    from hooks.core.config import load_config
    from hooks.core.findings import Reporter
    from tests.conftest import count_parses

    (repo / MODELS / "auth.md").write_text(text, encoding="utf-8")
    monkeypatch.setenv("THREAT_MODEL_NO_CACHE", "1")  # parsed, not taken from the cache
    calls = count_parses(monkeypatch)
    config = load_config()
    found = models.metadata_of_file(config, f"{MODELS}/auth.md", Reporter(), models.Known(config))
    assert found is not None
    assert len(calls) == reads


def test_fix_writes_a_file_name_that_is_not_utf8(repo: Path) -> None:
    import os

    from hooks.core.config import load_config
    from hooks.core.findings import Reporter
    from hooks.core.index import fixed_text, models_of
    from hooks.core.writer import write_atomically

    name = os.fsdecode(b"\xff")
    text = "- **Owner:** @team\n- **Last updated:** 2026-10-01\n"
    (repo / MODELS / f"{name}.md").write_text(text, encoding="utf-8")
    config = load_config()
    fixed = fixed_text(None, models_of(config, Reporter()), config)
    write_atomically(repo / INDEX, fixed)  # UTF-8 text
    assert "| [\\\\xff](threat-models/%FF.md) | @team | 2026-10-01 |" in fixed


def test_a_link_to_a_file_name_that_is_not_utf8_resolves(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    (repo / MODELS / "auth.md").rename(repo / MODELS / os.fsdecode(b"\xff.md"))
    assert run(["--fix"], capsys)[0] == 1
    assert "threat-models/%FF.md" in (repo / INDEX).read_text(encoding="utf-8")
    assert run([], capsys) == (0, "")


def test_row_findings_on_a_model_whose_name_is_not_utf8_are_printed_escaped(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    (repo / MODELS / "auth.md").rename(repo / MODELS / os.fsdecode(b"\xff.md"))
    link = "threat-models/%FF.md"
    write_index(repo, GOOD.replace("threat-models/auth.md", link) + row("Again", link, "@x", "1"))
    code, out = run([], capsys)  # capsys's stream refuses surrogates, as a strict stdout does
    assert code == 1
    assert f"{INDEX}:7:3: TM307 {MODELS}/\\xff.md is already listed on line 5" in out
    write_index(repo, HEADER + row("Auth", link, "@x", "1") + row("P", "threat-models/payments.md"))
    out = run([], capsys)[1]
    assert f"differs from '@team' in {MODELS}/\\xff.md:6" in out
    assert f"differs from '2026-10-01' in {MODELS}/\\xff.md:7" in out


def test_a_dangling_link_to_a_name_that_is_not_utf8_is_printed_escaped(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_index(repo, GOOD + row("Gone", "threat-models/%FF.md"))
    code, out = run([], capsys)  # capsys's stream refuses surrogates, as a strict stdout does
    assert code == 1
    assert f": TM303 link to {MODELS}/\\xff.md, which does not exist" in out


def test_an_index_that_cannot_be_written_is_an_error_not_a_traceback(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / ".threat-model.yaml").write_text("index: README.md/INDEX.md\n", encoding="utf-8")
    (repo / "README.md").write_text("# A file, not a folder\n", encoding="utf-8")
    code = check_threat_model_index.main(["--fix"])
    captured = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in captured.err
    assert "threat-model index: cannot write README.md/INDEX.md: " in captured.err


def test_rows_linking_elsewhere_are_not_model_rows(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = row("Web", "https://example.com/auth.md") + row("Readme", "../README.md")
    write_index(repo, GOOD + other)
    assert run([], capsys) == (0, "")


# --------------------------------------------------------------------------- the due date

START = "<!-- threat-model-index:start -->"
END = "<!-- threat-model-index:end -->"
MANAGED = (
    "| Feature | Owner | Last updated | Review cadence | Review due |\n"
    "| --- | --- | --- | --- | --- |\n"
)


def managed(*rows: str, header: str = MANAGED) -> str:
    return f"# Index\n\n{START}\n{header}{''.join(rows)}{END}\n"


AUTH_ROW = "| [Auth](threat-models/auth.md) | @team | 2026-10-01 | Quarterly | {due} |\n"
PAY_ROW = "| [Payments](threat-models/payments.md) | @pay | 2026-01-02 | Quarterly | 2026-04-02 |\n"


@pytest.mark.parametrize(
    ("due", "finding"),
    [
        pytest.param("2026-12-30", None, id="as-fix-writes-it"),
        pytest.param("30 December 2026", None, id="the-same-day-written-otherwise"),
        pytest.param(
            "2027-01-01",
            "TM309 review due '2027-01-01' (line 6) differs from 2026-12-30 (2026-10-01 + the"
            " 90-day staleness budget, which comes before the cadence 'Quarterly') of",
            id="by-the-cadence-alone",
        ),
        pytest.param("soon", "TM309 review due 'soon' (line 6) differs from 2026-12-30", id="text"),
        pytest.param("-", "TM309 review due '-' (line 6) differs from", id="dash"),
    ],
)
def test_the_managed_tables_due_date_matches_the_model(
    repo: Path, capsys: pytest.CaptureFixture[str], due: str, finding: str | None
) -> None:
    write_index(repo, managed(AUTH_ROW.format(due=due), PAY_ROW))
    code, out = run([], capsys)
    if finding is None:
        assert (code, out) == (0, "")
        return
    assert code == 1
    column = AUTH_ROW.index("{due}") + 1
    assert f"{INDEX}:6:{column}: {finding}" in out
    assert "hint: correct the row, or rewrite the managed table: pre-commit run" in out
    fixed = fix_settles(repo, capsys, managed(AUTH_ROW.format(due=due), PAY_ROW))
    assert AUTH_ROW.format(due="2026-12-30") in fixed


def test_a_model_without_a_date_has_no_due_date(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / MODELS / "auth.md").write_text(model("Auth", updated="soon"), "utf-8")
    row = "| [Auth](threat-models/auth.md) | @team | soon | Quarterly | {due} |\n"
    write_index(repo, managed(row.format(due="-"), PAY_ROW))
    assert run([], capsys) == (0, "")
    write_index(repo, managed(row.format(due="2026-12-30"), PAY_ROW))
    code, out = run([], capsys)
    assert code == 1
    assert "TM309 review due '2026-12-30' (line 6), but" in out
    assert "has no valid last-updated date" in out
    assert row.format(due="-") in fix_settles(repo, capsys, managed(PAY_ROW))


def test_a_hand_written_tables_due_dates_are_the_teams_own(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_index(
        repo,
        "# Index\n\n| Feature | Owner | Last updated | Next review |\n| --- | --- | --- | --- |\n"
        "| [Auth](threat-models/auth.md) | @team | 2026-10-01 | after the launch |\n"
        "| [Payments](threat-models/payments.md) | @pay | 2026-01-02 | 2026-03-01 |\n",
    )
    assert run([], capsys) == (0, "")


def test_an_old_status_column_is_a_warning_the_fix_removes(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = managed(
        "| [Auth](threat-models/auth.md) | @team | 2026-10-01 | Quarterly |"
        " current (review due 2026-12-30) |\n",
        "| [Payments](threat-models/payments.md) | @pay | 2026-01-02 | Quarterly |"
        " stale (review was due 2026-04-02) |\n",
        header=MANAGED.replace("Review due", "Status"),
    )
    write_index(repo, old)
    code, out = run([], capsys)
    assert code == 0  # an upgrade fails no commit
    column = MANAGED.index("Review due") + 1
    assert f"{INDEX}:4:{column}: TM310 [warning] the managed table has a 'Status' column" in out
    assert out.count("TM310") == 1
    fixed = fix_settles(repo, capsys, old)
    assert fixed == managed(AUTH_ROW.format(due="2026-12-30"), PAY_ROW)


def test_a_status_column_outside_the_managed_table_is_not_the_hooks(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_index(
        repo,
        "# Index\n\n| Feature | Owner | Last updated | Status |\n| --- | --- | --- | --- |\n"
        "| [Auth](threat-models/auth.md) | @team | 2026-10-01 | in review |\n"
        "| [Payments](threat-models/payments.md) | @pay | 2026-01-02 | done |\n",
    )
    assert run([], capsys) == (0, "")


STALE_INDEX = HEADER + row("Auth", "threat-models/auth.md", updated="2026-01-01")


@pytest.mark.parametrize(
    ("staged", "env", "checked"),
    [
        pytest.param(["src/app.py"], {}, False, id="source-only"),
        pytest.param(["src/app.py", "notes.txt"], {}, False, id="non-markdown-only"),
        pytest.param([f"{MODELS}/auth.md"], {}, True, id="model"),
        pytest.param([f"{MODELS}/diagram.png"], {}, True, id="file-under-models-dir"),
        pytest.param([INDEX], {}, True, id="index"),
        pytest.param([f"{MODELS}/template.md"], {}, True, id="template"),
        pytest.param([".threat-model.yaml"], {}, True, id="configuration"),
        pytest.param(["README.md"], {}, True, id="other-markdown"),
        pytest.param([], {}, True, id="nothing-staged"),
        pytest.param(
            ["src/app.py"],
            {"PRE_COMMIT_FROM_REF": "HEAD", "PRE_COMMIT_TO_REF": "HEAD"},
            True,
            id="range",
        ),
    ],
)
def test_a_commit_that_cannot_change_the_verdict_reads_no_model(
    repo: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    staged: list[str],
    env: dict[str, str],
    checked: bool,
) -> None:
    write_index(repo, STALE_INDEX)  # payments missing, auth's date wrong
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "i"],
        cwd=repo,
        check=True,
    )
    for relpath in staged:
        path = repo / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        text = b"mode: advisory\n" if relpath.endswith(".yaml") else b"changed\n"
        path.write_bytes(path.read_bytes() + b"\n" if path.exists() else text)
        subprocess.run(["git", "add", "--", relpath], cwd=repo, check=True)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code, out = run([], capsys)
    assert (code, bool(out)) == ((1, True) if checked else (0, False))


@pytest.mark.parametrize(
    ("names", "checked"),
    [
        pytest.param(["src/app.py"], False, id="source"),
        pytest.param([f"{MODELS}/auth.md"], True, id="model"),
        pytest.param(["../elsewhere.md"], True, id="outside-the-repository"),
    ],
)
def test_file_names_given_decide_as_staged_files_do(
    repo: Path, capsys: pytest.CaptureFixture[str], names: list[str], checked: bool
) -> None:
    write_index(repo, STALE_INDEX)
    (repo / "src").mkdir()
    (repo / "src/app.py").write_text("x = 1\n", encoding="utf-8")
    code, out = run(names, capsys)
    assert (code, bool(out)) == ((1, True) if checked else (0, False))


def test_fix_reads_the_models_whatever_is_staged(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_index(repo, STALE_INDEX)
    (repo / "src").mkdir()
    (repo / "src/app.py").write_text("x = 1\n", encoding="utf-8")
    subprocess.run(["git", "add", "src/app.py"], cwd=repo, check=True)
    code, _ = run(["--fix"], capsys)
    assert code == 1
    assert "payments.md" in (repo / INDEX).read_text("utf-8")


def test_outside_git_the_index_is_checked_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / MODELS).mkdir(parents=True)
    (tmp_path / MODELS / "auth.md").write_text(model("Auth"), encoding="utf-8")
    write_index(tmp_path, HEADER)  # auth is not linked
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    code, out = run([], capsys)
    assert code == 1
    assert "TM302" in out
