"""The rule catalogue: each rule names the check that finds it, and its failing example in
docs/rules.md makes it fire.

Each failing example runs in a small git repository that otherwise passes every check; the
top of docs/rules.md says where an example's text goes (a whole file, a section, a metadata
field, the end of the model) and how it names the line of the finding. The rules that need
more than text are in ``SPECIAL``."""

from __future__ import annotations

import importlib
import inspect
import itertools
import re
import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from hooks.core.rules import RULES
from tests.conftest import git, init_repo

ROOT = Path(__file__).resolve().parent.parent
RULES_MD = (ROOT / "docs/rules.md").read_text(encoding="utf-8")
DEMO_MODELS = ROOT / "examples/demo/docs/security/threat-models"
TODAY = "2026-11-24"

MODELS = "docs/security/threat-models"
MODEL = f"{MODELS}/auth.md"
TEMPLATE = f"{MODELS}/template.md"
INDEX = "docs/security/THREAT_MODEL_INDEX.md"
CONFIG = ".threat-model.yaml"

BASELINE = {
    CONFIG: "# The defaults.\n",
    TEMPLATE: (DEMO_MODELS / "template.md").read_text(encoding="utf-8"),
    MODEL: (DEMO_MODELS / "authentication.md").read_text(encoding="utf-8"),
    INDEX: (
        "# Threat model index\n\n"
        "| Feature | Owner | Last updated |\n"
        "| --- | --- | --- |\n"
        "| [Authentication](threat-models/auth.md) | @identity-team | 2026-11-02 |\n"
    ),
}


def write_baseline(root: Path) -> None:
    """The baseline, committed: an example's files are the change a review example reviews."""
    init_repo(root)
    for relpath, text in BASELINE.items():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        (root / relpath).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "baseline")


@dataclass(frozen=True)
class Special:
    """An example that needs what a block cannot hold: the words it must say (so that the
    docs stay the source), and what the harness does for them."""

    says: str
    encoding: str = "utf-8"  # of every file the example writes
    remove: str | None = None  # a file of the baseline
    folder: bool = False  # a folder takes the removed file's place


SPECIAL = {
    "TM001": Special("saved as Latin-1", encoding="latin-1"),
    "TM206": Special(f"a folder `{TEMPLATE}/`", remove=TEMPLATE, folder=True),
    "TM208": Special(f"a repository with models and no `{TEMPLATE}`", remove=TEMPLATE),
    "TM301": Special(f"no `{INDEX}`", remove=INDEX),
}

MODES = ("section", "field", "append")  # an info string's word that puts a block in the model


@dataclass(frozen=True)
class Block:
    """A fenced block of a failing example and the prose just before it."""

    language: str
    words: tuple[str, ...]  # the info string after the language
    text: str
    intro: str

    @property
    def mode(self) -> str | None:
        return next((word for word in self.words if word in MODES), None)

    @property
    def line(self) -> int | None:
        found = [int(word[5:]) for word in self.words if re.fullmatch(r"line=\d+", word)]
        return found[0] if found else None

    @property
    def path(self) -> str | None:
        """The file a block is: ``(`path`):`` at the end of its intro."""
        found = re.search(r"\(`([^`]+)`[^()]*\):$", self.intro)
        return found[1] if found else None


def failing_example(code: str) -> str:
    """The "Failing example" paragraph of a rule's entry in docs/rules.md, up to "Fix"."""
    entry = re.search(
        rf'<a id="{code.lower()}"></a>\n(.*?)(?=\n<a id=|\n# TM|\Z)', RULES_MD, re.DOTALL
    )
    assert entry is not None, f"{code} has no entry in docs/rules.md"
    example = re.search(r"^Failing example.*?(?=^Fix)", entry[1], re.DOTALL | re.MULTILINE)
    assert example is not None, f"{code} has no 'Failing example' in docs/rules.md"
    return example[0]


_FENCE = re.compile(r"^(`{3,}|~{3,})(.*)$")


def blocks_of(example: str) -> list[Block]:
    found: list[Block] = []
    prose: list[str] = []
    lines = iter(example.split("\n"))
    for line in lines:
        opening = _FENCE.match(line)
        if opening is None:
            prose.append(line)
            continue
        fence, info = opening[1], opening[2].split()
        body: list[str] = []
        for inner in lines:
            if re.fullmatch(rf"{re.escape(fence[0])}{{{len(fence)},}}\s*", inner):
                break
            body.append(inner)
        text = "".join(f"{row}\n" for row in body)
        intro = " ".join(" ".join(prose).split())
        found.append(Block(info[0] if info else "", tuple(info[1:]), text, intro))
        prose = []
    return found


_HEADING = re.compile(r"^(#{1,6})[ \t]")
_FIELD = re.compile(r"^\s*[-*+][ \t]+\*\*([^*:]+):?\*\*")


def _level(line: str) -> int | None:
    heading = _HEADING.match(line)
    return len(heading[1]) if heading else None


def put_sections(model: list[str], rows: list[str]) -> dict[int, int]:
    """Each section of ``rows`` replaces the model's section with the same heading, or is
    added at the end; the model line (0-based) of each row."""
    level = _level(rows[0]) if rows else None
    assert level is not None, "a 'section' block starts with a heading"
    starts = [i for i, row in enumerate(rows) if (_level(row) or 7) <= level] + [len(rows)]
    for start, end in itertools.pairwise(starts):
        chunk = rows[start:end]
        while chunk and not chunk[-1].strip():
            chunk.pop()
        if chunk[0] not in model:
            model += ["", *chunk]
            continue
        first = model.index(chunk[0])
        last = next(
            (i for i in range(first + 1, len(model)) if (_level(model[i]) or 7) <= level),
            len(model),
        )
        model[first:last] = chunk + ([""] if last < len(model) else [])
    lines: dict[int, int] = {}
    for start in starts[:-1]:
        at = model.index(rows[start])
        for offset in range(next(s for s in starts if s > start) - start):
            lines[start + offset] = at + offset
    return lines


def put_fields(model: list[str], rows: list[str]) -> dict[int, int]:
    lines: dict[int, int] = {}
    for number, row in enumerate(rows):
        label = _FIELD.match(row)
        assert label is not None, f"a 'field' block has '- **Field:** value' lines: {row!r}"
        same = [i for i, line in enumerate(model) if (m := _FIELD.match(line)) and m[1] == label[1]]
        assert same, f"the baseline model has no field {label[1]!r}"
        model[same[0]] = row
        lines[number] = same[0]
    return lines


def put_at_end(model: list[str], rows: list[str]) -> dict[int, int]:
    while model and not model[-1].strip():
        model.pop()
    model.append("")
    lines = {number: len(model) + number for number in range(len(rows))}
    model += rows
    return lines


PUT = {"section": put_sections, "field": put_fields, "append": put_at_end}


def apply(root: Path, block: Block, encoding: str) -> tuple[str, int | None]:
    """Write ``block`` into the repository; the file and line its finding is expected at."""
    mode = block.mode
    if mode is None:
        relpath = block.path
        assert relpath is not None, f"say which file the block is: (`path`): {block.intro!r}"
        target = root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(block.text.encode(encoding))
        return relpath, block.line
    model = (root / MODEL).read_text(encoding="utf-8").split("\n")
    lines = PUT[mode](model, block.text.split("\n")[:-1])
    (root / MODEL).write_bytes(("\n".join(model).rstrip("\n") + "\n").encode(encoding))
    line = block.line
    assert line is None or line - 1 in lines, f"line={line} is not a line of the block"
    return MODEL, None if line is None else lines[line - 1] + 1


def _programs() -> dict[str, Callable[[Sequence[str]], int]]:
    """The console scripts of pyproject.toml, by name."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    scripts = pyproject.split("[project.scripts]\n", 1)[1].split("\n\n", 1)[0]
    found = {}
    for name, module, function in re.findall(r'^([\w-]+) = "([\w.]+):(\w+)"$', scripts, re.M):
        found[name] = getattr(importlib.import_module(module), function)
    return found


_FINDING = re.compile(r"^(?P<path>.+?):(?P<line>\d+):\d+: (?P<code>TM\d{3})\b", re.MULTILINE)


def run_example(
    code: str, root: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[str, tuple[str, int] | None]:
    """Build the repository of a rule's example, run it; the output and where it says the
    finding is."""
    example = failing_example(code)
    special = SPECIAL.get(code, Special(""))
    assert special.says in " ".join(example.split()), f"{code}: the example no longer says so"
    blocks = blocks_of(example)
    assert blocks or code in SPECIAL, f"{code}: the failing example has no block to run"
    write_baseline(root)
    if special.remove:
        (root / special.remove).unlink()
        if special.folder:
            (root / special.remove).mkdir()
    command = ["threat-model", "check", "--jobs", "1"]
    expected = None
    for block in blocks:
        if block.language == "sh":
            command = shlex.split(block.text)
            continue
        path, line = apply(root, block, special.encoding)
        if line is not None:
            expected = (path, line)
    git(root, "add", "-A")  # a review example reviews what it writes as the staged change
    programs = _programs()
    assert command[0] in programs, f"{code}: {command[0]} is not a console script"
    programs[command[0]](command[1:])
    captured = capsys.readouterr()
    return captured.out + captured.err, expected


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("THREAT_MODEL_TODAY", TODAY)
    for name in ("PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_the_baseline_passes_every_check(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_baseline(repo)
    assert _programs()["threat-model"](["check", "--jobs", "1"]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("code", sorted(RULES))
def test_the_failing_example_fires_its_rule(
    code: str, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output, expected = run_example(code, repo, capsys)
    assert "Traceback" not in output
    found = [(m["path"], int(m["line"])) for m in _FINDING.finditer(output) if m["code"] == code]
    if expected is not None:
        assert expected in found, f"{code} not at {expected[0]}:{expected[1]}:\n{output}"
    else:
        assert found or re.search(rf"\b{code}\b", output), f"{code} did not fire:\n{output}"


@pytest.mark.parametrize("code", sorted(RULES))
def test_each_rule_names_the_check_that_finds_it(code: str) -> None:
    module_name, _, name = RULES[code].check.rpartition(".")
    module = importlib.import_module(module_name)
    assert inspect.isfunction(getattr(module, name, None)), f"{RULES[code].check} is no function"
    assert f'"{code}"' in inspect.getsource(module), f"{module_name} does not mention {code}"
