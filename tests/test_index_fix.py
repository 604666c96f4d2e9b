"""``--fix`` of the index: it writes only inside the repository, settles in one run (or says why
it cannot, and writes nothing), and leaves nothing behind."""

from __future__ import annotations

import contextlib
import io
import os
import re
import stat
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hooks import check_threat_model_index, cli
from tests.conftest import init_repo

INDEX = "docs/security/THREAT_MODEL_INDEX.md"
MODELS = "docs/security/threat-models"
START = "<!-- threat-model-index:start -->"
END = "<!-- threat-model-index:end -->"
OUT = "leaves the repository through a symbolic link"
LEADS_OUT = "it leads out of the repository through a symbolic link"
TEMP = re.compile(r"^\.THREAT_MODEL_INDEX\.md\.threat-model-fix\.[a-z0-9_]{8}\.tmp$")


def model(feature: str, owner: str = "@team", updated: str = "2026-10-01") -> str:
    return (
        f"# Threat Model: {feature}\n\n## Feature metadata\n\n- **Feature name:** {feature}\n"
        f"- **Owner:** {owner}\n- **Last updated:** {updated}\n- **Review cadence:** Quarterly\n"
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = init_repo(tmp_path / "repo")
    (root / MODELS).mkdir(parents=True)
    (root / MODELS / "auth.md").write_text(model("Auth"), encoding="utf-8")
    monkeypatch.chdir(root)
    monkeypatch.setenv("THREAT_MODEL_TODAY", "2026-11-24")
    return root


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = check_threat_model_index.main(args)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


def tree(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


# --------------------------------------------------------------------------- where it writes


def test_fix_writes_nothing_through_a_folder_linked_out(
    repo: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "docs/security").rename(outside / "security")
    (repo / "docs/security").symlink_to(outside / "security")
    before = tree(outside)
    code, out, err = run(["--fix"], capsys)
    assert code == 1
    assert "Fixing" not in out + err
    assert f"threat-model index: cannot write {INDEX}: {LEADS_OUT}" in err
    assert tree(outside) == before


def test_fix_creates_no_folder_out_of_the_repository(
    repo: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / ".threat-model.yaml").write_text("index: out/a/b/INDEX.md\n", encoding="utf-8")
    (repo / "out").symlink_to(outside)
    code, _, err = run(["--fix"], capsys)
    assert code == 1
    assert (
        "threat-model index: cannot write out/a/b/INDEX.md: it leads out of the repository" in err
    )
    assert tree(outside) == []


def test_fix_creates_no_folder(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".threat-model.yaml").write_text("index: docs/new/INDEX.md\n", encoding="utf-8")
    code, out, err = run(["--fix"], capsys)
    assert code == 1
    assert "Fixing" not in out
    assert (
        "threat-model index: cannot write docs/new/INDEX.md: its folder docs/new does not exist"
        in err
    )
    assert not (repo / "docs/new").exists()


def test_fix_refuses_a_loop_of_links(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / INDEX).symlink_to("THREAT_MODEL_INDEX.md")
    code, out, err = run(["--fix"], capsys)
    assert code == 1
    assert f"threat-model index: cannot write {INDEX}: it is a loop of symbolic links" in err
    assert f"{INDEX}:1:1: TM001 {INDEX} is a loop of symbolic links" in out


def test_fix_writes_no_index_larger_than_max_file_bytes(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / ".threat-model.yaml").write_text("max_file_bytes: 300\n", encoding="utf-8")
    (repo / MODELS / "auth.md").write_text("- **Owner:** @team\n", encoding="utf-8")
    for name in ("b", "c", "d"):
        (repo / MODELS / f"{name}.md").write_text("- **Owner:** @team\n", encoding="utf-8")
    code, _, err = run(["--fix"], capsys)
    assert code == 1
    assert f"cannot fix {INDEX}: it would be larger than max_file_bytes (300 bytes)" in err
    assert not (repo / INDEX).exists()


def test_fix_writes_through_a_link_inside_the_repository(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "docs/INDEX.md").write_text("# Index\n", encoding="utf-8")
    (repo / INDEX).symlink_to("../INDEX.md")
    code, out, _ = run(["--fix"], capsys)
    assert (code, out) == (1, f"Fixing {INDEX}\n")
    assert (repo / INDEX).is_symlink()
    assert "| [Auth](threat-models/auth.md) |" in (repo / "docs/INDEX.md").read_text("utf-8")
    assert run(["--fix"], capsys)[:2] == (0, "")


@pytest.mark.parametrize(
    ("umask", "existing", "mode"),
    [
        pytest.param(0o022, None, 0o644, id="new-index-umask-022"),
        pytest.param(0o002, None, 0o664, id="new-index-umask-002"),
        pytest.param(0o077, None, 0o600, id="new-index-umask-077"),
        pytest.param(0o022, 0o640, 0o640, id="existing-index-keeps-its-mode"),
        pytest.param(0o077, 0o664, 0o664, id="existing-index-keeps-a-wider-mode"),
    ],
)
def test_fix_writes_the_index_with_the_mode_open_would_give(
    repo: Path, capsys: pytest.CaptureFixture[str], umask: int, existing: int | None, mode: int
) -> None:
    path = repo / INDEX
    if existing is not None:
        path.write_text("# Index\n", encoding="utf-8")
        path.chmod(existing)
    before = os.umask(umask)
    try:
        assert run(["--fix"], capsys)[:2] == (1, f"Fixing {INDEX}\n")
        assert os.umask(umask) == umask  # the umask is set back
    finally:
        os.umask(before)
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_fix_refuses_a_read_only_index(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / INDEX
    path.write_text("# Index\n", encoding="utf-8")
    path.chmod(0o444)
    code, out, err = run(["--fix"], capsys)
    assert code == 1
    assert "Fixing" not in out
    assert f"threat-model index: cannot write {INDEX}: it is read-only" in err
    assert path.read_text(encoding="utf-8") == "# Index\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


@pytest.mark.parametrize("later", ["2026-12-31", "2027-11-24", "2036-01-01"])
def test_the_index_says_the_same_as_time_passes(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, later: str
) -> None:
    """The managed table depends on the models alone: a model falling due does not change
    it, so neither the check nor --fix fails a commit that changes no model."""
    assert run(["--fix"], capsys)[0] == 1
    written = (repo / INDEX).read_bytes()
    assert "| Quarterly | 2026-12-30 |" in written.decode()
    monkeypatch.setenv("THREAT_MODEL_TODAY", later)
    assert run([], capsys) == (0, "", "")
    assert run(["--fix"], capsys) == (0, "", "")
    assert (repo / INDEX).read_bytes() == written


def test_a_failed_write_exits_1(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(["--fix"], capsys)[0] == 1
    (repo / MODELS / "auth.md").write_text(model("Auth", owner="@other"), encoding="utf-8")
    assert run([], capsys)[0] == 1

    def refuse(*_: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    code, out, err = run(["--fix"], capsys)
    assert code == 1
    assert "Fixing" not in out
    assert f"threat-model index: cannot write {INDEX}: Permission denied" in err
    assert [name for name in os.listdir(repo / "docs/security") if name.endswith(".tmp")] == []


# --------------------------------------------------------------------------- temporary files


def test_a_killed_fix_leaves_a_file_the_next_fix_removes(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    killed = (  # killed as it renames the index into place (the cache renames its own files)
        "import os, sys\n"
        "real = os.replace\n"
        "os.replace = lambda a, b: os._exit(9) if str(b).endswith('INDEX.md') else real(a, b)\n"
        "from hooks.check_threat_model_index import main\n"
        "main(['--fix'])\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-c", killed], env=env, check=False)
    assert done.returncode == 9
    folder = repo / "docs/security"
    left = [name for name in os.listdir(folder) if name.endswith(".tmp")]
    assert len(left) == 1
    assert TEMP.match(left[0])
    others = [".THREAT_MODEL_INDEX.md.notes.tmp", ".README.md.threat-model-fix.abcdefgh.tmp"]
    for name in others:
        (folder / name).write_text("mine\n", encoding="utf-8")
    (folder / ".THREAT_MODEL_INDEX.md.threat-model-fix.zzzzzzzz.tmp").mkdir()
    assert run(["--fix"], capsys)[:2] == (1, f"Fixing {INDEX}\n")
    assert sorted(name for name in os.listdir(folder) if name.endswith(".tmp")) == sorted(
        [*others, ".THREAT_MODEL_INDEX.md.threat-model-fix.zzzzzzzz.tmp"]
    )
    (folder / left[0]).write_text("left over\n", encoding="utf-8")
    assert run(["--fix"], capsys)[:2] == (0, "")  # nothing to write: still cleaned
    assert not (folder / left[0]).exists()


def test_the_data_reaches_the_disk_before_the_rename(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    fsync, replace = os.fsync, os.replace

    def synced(fd: int) -> None:
        calls.append("fsync")
        fsync(fd)

    def renamed(source: str, target: str) -> None:
        if str(target).endswith(INDEX):  # not the cache's own files
            calls.append("replace")
        replace(source, target)

    monkeypatch.setattr(os, "fsync", synced)
    monkeypatch.setattr(os, "replace", renamed)
    assert check_threat_model_index.main(["--fix"]) == 1
    assert calls[:2] == ["fsync", "replace"]


# --------------------------------------------------------------------------- settling


def settles(root: Path, capsys: pytest.CaptureFixture[str], before: str) -> str:
    (root / INDEX).write_text(before, encoding="utf-8")
    assert run(["--fix"], capsys)[0] in (0, 1)
    after = (root / INDEX).read_text(encoding="utf-8")
    assert run(["--fix"], capsys)[:2] == (0, "")
    assert (root / INDEX).read_text(encoding="utf-8") == after
    return after


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("pending  review", id="two-spaces"),
        pytest.param("pending\u00a0review", id="no-break-space"),
        pytest.param("a*b*c", id="emphasis-stars"),
        pytest.param("x &amp; y", id="entity"),
        pytest.param("a\\*b", id="escaped-star"),
        pytest.param("a\\*b\\*c", id="escaped-emphasis"),
        pytest.param("x \\&amp; y", id="escaped-entity"),
        pytest.param("`a  b`", id="code-span"),
        pytest.param("~~gone~~ now", id="strike"),
        pytest.param("<br> tag", id="html"),
        pytest.param("see https://example.com/x", id="bare-url"),
    ],
)
@pytest.mark.parametrize("field", ["Owner", "Last updated"])
def test_fix_writes_what_the_check_reads_back(
    repo: Path, capsys: pytest.CaptureFixture[str], field: str, value: str
) -> None:
    text = model("Auth").replace(f"- **{field}:** ", f"- **{field}:** {value} #", 1)
    text = re.sub(rf"(- \*\*{field}:\*\* {re.escape(value)}) #.*", r"\1", text)
    (repo / MODELS / "auth.md").write_text(text, encoding="utf-8")
    settles(repo, capsys, "# Index\n")
    assert cli.main(["index"]) == 0


def test_an_index_ending_in_an_open_fence_is_not_fixed(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = "# Index\n\n```\nopen\n"
    (repo / INDEX).write_text(before, encoding="utf-8")
    for _ in range(2):
        code, out, err = run(["--fix"], capsys)
        assert code == 1
        assert "Fixing" not in out
        assert (
            f"threat-model index: cannot fix {INDEX}: the managed table would be inside the code"
            " fence opened on line 3, which is never closed" in err
        )
        assert (repo / INDEX).read_text(encoding="utf-8") == before


def test_a_table_the_fences_take_for_code_is_not_fixed(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A fence in a list item ends with the item for the Markdown reader, not for the marker
    scan: the managed table written below it would never be found again."""
    before = (
        "# Index\n\n- item\n  ```\n\n| Feature | Owner |\n| --- | --- |\n"
        "| [Auth](threat-models/auth.md) | @x |\n\n```\n"
    )
    (repo / INDEX).write_text(before, encoding="utf-8")
    code, _, err = run(["--fix"], capsys)
    assert code == 1
    assert (
        f"cannot fix {INDEX}: the managed table would be inside the code fence opened on line 4;"
        in err
    )
    assert (repo / INDEX).read_text(encoding="utf-8") == before


def test_a_text_that_a_second_run_changes_is_unsettled(repo: Path) -> None:
    from hooks.core.config import load_config
    from hooks.core.findings import Reporter
    from hooks.core.index import models_of, read_back_index, unsettled

    config = load_config()
    row = "| [Auth](threat-models/auth.md) | @x |\n"
    stale = f"{START}\n| Feature | Owner |\n| --- | --- |\n{row}{END}\n"
    doc = read_back_index(stale, config, INDEX)
    assert not isinstance(doc, str)
    why = unsettled(stale, doc, models_of(config, Reporter()), config)
    assert why == ("a second run would change it again", [])


def test_markers_inside_an_html_block_are_not_fixed(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = f"# Index\n\n<details>\n<summary>Models</summary>\n{START}\nold\n{END}\n</details>\n"
    (repo / INDEX).write_text(before, encoding="utf-8")
    code, out, err = run(["--fix"], capsys)
    assert code == 1
    assert "Fixing" not in out
    assert (
        f"threat-model index: cannot fix {INDEX}: the managed table (line 5) would not read as a"
        " table: it is inside the HTML block that starts on line 3" in err
    )
    assert (repo / INDEX).read_text(encoding="utf-8") == before
    after = settles(repo, capsys, before.replace(f"</summary>\n{START}", f"</summary>\n\n{START}"))
    assert "| [Auth](threat-models/auth.md) |" in after


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        pytest.param("| [Auth](threat-models/auth.md) | @team | 2026-10-01 |\n", "TM307", id="dup"),
        pytest.param("| [Gone](threat-models/gone.md) | @x | 2026-10-01 |\n", "TM303", id="gone"),
    ],
)
def test_rows_the_fix_does_not_own_stop_it(
    repo: Path, capsys: pytest.CaptureFixture[str], extra: str, code: str
) -> None:
    before = (
        f"# Index\n\n{START}\n{END}\n\n## Other\n\n| Feature | Owner | Last updated |\n"
        f"| --- | --- | --- |\n{extra}"
    )
    (repo / INDEX).write_text(before, encoding="utf-8")
    status, out, err = run(["--fix"], capsys)
    assert status == 1
    assert "Fixing" not in out
    assert f"threat-model index: cannot fix {INDEX}: " in err
    assert code in err
    assert extra.strip() in err
    assert (repo / INDEX).read_text(encoding="utf-8") == before


# --------------------------------------------------------------------------- links out


def test_index_links_through_a_folder_linked_out_leave_the_repository(
    repo: Path, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (outside / "there.md").write_text(model("There"), encoding="utf-8")
    (repo / MODELS / "ext").symlink_to(outside)
    rows = "".join(
        f"| [{name}](threat-models/ext/{name}.md) | @team | 2026-10-01 |\n"
        for name in ("there", "absent")
    )
    header = "| Feature | Owner | Last updated |\n| --- | --- | --- |\n"
    auth = "| [Auth](threat-models/auth.md) | @team | 2026-10-01 |\n"
    (repo / INDEX).write_text(header + auth + rows, encoding="utf-8")
    _, out, _ = run([], capsys)
    found = re.findall(rf"^{INDEX}:(\d+):\d+: (TM30\d) (.*)$", out, re.MULTILINE)
    assert found == [
        ("4", "TM304", f"link 'threat-models/ext/there.md' {OUT}"),
        ("5", "TM304", f"link 'threat-models/ext/absent.md' {OUT}"),
    ]


# --------------------------------------------------------------------------- property

_NAMES = ["auth", "pay", "a b", "c#d", "x|y"]
_OWNERS = ["@team", "@pay  ops", "a\\*b\\*c", "<x>", "`t`"]
_DATES = ["2026-10-01", "1 October 2026", "pending  review", "2099-01-01", "TBD"]
_HEADER = "| Feature | Owner | Last updated |\n| --- | --- | --- |\n"
# pieces an index is made of; those in _TAME (prose, one managed table or one table of models)
# leave --fix nothing it cannot repair, the others may make it refuse
_TAME = [
    "# Index\n",
    "\n",
    "Some prose.\n",
    f"`{START}` in a sentence.\n",
    "| a | b |\n|---|---|\n",
]
_WILD = [
    f"{START}\n",
    f"{END}\n",
    "```\n",
    "~~~\n",
    "<details>\n",
    "</details>\n",
    _HEADER,
    "| [Gone](threat-models/gone.md) | @x | 2026-10-01 |\n",
    "| [Out](../../../out.md) | @x | 2026-10-01 |\n",
    "\ufeff",
    "\r\n",
    "    indented\n",
]


@st.composite
def indexes(draw: st.DrawFn, names: list[str]) -> tuple[str | None, bool]:
    """An index text (or none) and whether it is tame."""
    if draw(st.booleans()) and draw(st.booleans()):
        return None, True
    tame = draw(st.booleans())
    pieces = draw(st.lists(st.sampled_from(_TAME if tame else _TAME + _WILD), max_size=8))
    if tame and names and draw(st.booleans()):
        rows = "".join(
            f"| [{name}](threat-models/{quote(name)}.md) | {draw(st.sampled_from(_OWNERS))} |"
            f" {draw(st.sampled_from(_DATES))} |\n"
            for name in draw(st.lists(st.sampled_from(names), unique=True))
        )
        table = _HEADER + rows
        if draw(st.booleans()):
            inside = draw(st.sampled_from(["", "old\n", table]))
            table = f"{START}\n{inside}{END}\n"
        pieces.insert(draw(st.integers(0, len(pieces))), "\n" + table + "\n")
    text = "".join(pieces)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text, tame


@settings(
    max_examples=40,
    deadline=3000,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_fix_settles_in_one_run_or_says_why_not(repo: Path, data: st.DataObject) -> None:
    for path in (repo / MODELS).iterdir():
        path.unlink()
    (repo / INDEX).unlink(missing_ok=True)
    names = data.draw(st.lists(st.sampled_from(_NAMES), unique=True, max_size=4))
    for name in names:
        owner, date = data.draw(st.sampled_from(_OWNERS)), data.draw(st.sampled_from(_DATES))
        (repo / MODELS / f"{name}.md").write_text(model(name, owner, date), encoding="utf-8")
    text, tame = data.draw(indexes(names))
    if text is not None:
        (repo / INDEX).write_bytes(text.encode("utf-8"))
    before = (repo / INDEX).read_bytes() if text is not None else None
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        first = check_threat_model_index.main(["--fix"])
    if "cannot fix" in stderr.getvalue():
        assert not tame, stderr.getvalue()
        assert first == 1
        assert "Fixing" not in stdout.getvalue()
        assert ((repo / INDEX).read_bytes() if before is not None else None) == before
        return
    assert "cannot" not in stderr.getvalue()
    if not names and text is None:  # day zero: no index is needed before the first model
        assert (first, (repo / INDEX).exists()) == (0, False)
        return
    after = (repo / INDEX).read_bytes()
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        second = check_threat_model_index.main(["--fix"])
        cli.main(["check"])
    assert second == 0, stdout.getvalue()
    assert "Fixing" not in stdout.getvalue()
    assert (repo / INDEX).read_bytes() == after
    assert not re.findall(r": TM30\d ", stdout.getvalue())
