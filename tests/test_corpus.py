"""Real threat models from public projects (``../shared/corpus/real-threat-models``)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from hooks import check_threat_model_sections, check_threat_model_template, cli
from hooks.core.markdown import Document, parse_bytes
from tests.conftest import shared_dir

SHARED = shared_dir()
CORPUS = SHARED / "corpus/real-threat-models" if SHARED else None
FILES = sorted(p.name for p in CORPUS.glob("*.md") if p.name != "SOURCES.md") if CORPUS else []
NO_CORPUS = "../shared/corpus/real-threat-models is not beside this checkout"
needs_corpus = pytest.mark.skipif(CORPUS is None, reason=NO_CORPUS)
ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")


def test_the_corpus_is_found_or_the_tests_say_why() -> None:
    assert CORPUS is None or len(FILES) >= 10


@needs_corpus
@pytest.mark.parametrize("name", FILES)
def test_every_heading_line_holds_that_heading(name: str) -> None:
    assert CORPUS is not None
    doc = parse_bytes((CORPUS / name).read_bytes(), name)
    assert isinstance(doc, Document)
    assert doc.headings, name
    for heading in doc.headings:
        source = doc.lines[heading.line - 1]
        atx = ATX.match(source)
        if atx:
            assert len(atx.group(1)) == heading.level, (heading, source)
            words = re.findall(r"\w+", heading.text)
            assert all(word in source for word in words), (heading, source)
        else:  # setext: the text, then a line of = or -
            assert SETEXT.match(doc.lines[heading.line]), (heading, source)
            assert re.findall(r"\w+", heading.text)[0] in source, (heading, source)


@pytest.fixture(scope="module")
def corpus_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if CORPUS is None:
        pytest.skip(NO_CORPUS)
    root = tmp_path_factory.mktemp("corpus")
    models = root / "docs/security/threat-models"
    models.mkdir(parents=True)
    for number, name in enumerate(FILES):
        shutil.copy2(CORPUS / name, models / f"m{number:02d}.md")
        shutil.copy2(CORPUS / name, root / f"{number:02d}-{name}")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


@needs_corpus
@pytest.mark.parametrize(
    "main", [check_threat_model_sections.main, check_threat_model_template.main]
)
def test_every_file_goes_through_the_hooks(
    corpus_repo: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    main: object,
) -> None:
    monkeypatch.chdir(corpus_repo)
    files = sorted(str(p.relative_to(corpus_repo)) for p in corpus_repo.rglob("*.md"))
    assert callable(main)
    assert main(files) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    for line in captured.out.splitlines():
        if line.startswith("  hint:") or line.startswith("Found "):
            continue
        path, number = line.split(":")[:2]
        if not (corpus_repo / path).exists():  # the template the corpus lacks (TM208)
            continue
        assert 1 <= int(number) <= len((corpus_repo / path).read_bytes().splitlines()) + 1


@needs_corpus
def test_threat_model_check_over_the_corpus(
    corpus_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(corpus_repo)
    monkeypatch.setenv("THREAT_MODEL_TODAY", "2026-11-24")
    assert cli.main(["check"]) == 1
    out = capsys.readouterr().out
    index = {name: number for number, name in enumerate(FILES)}

    def model(name: str) -> str:
        return f"docs/security/threat-models/m{index[name]:02d}.md"

    kata = "kata-containers__kata-containers__docs__threat-model__threat-model.md"
    admission = (
        "kubernetes__sig-security__sig-security-docs__papers__admission-control__"
        "kubernetes-admission-control-threat-model.md"
    )
    otel = "open-telemetry__otel-arrow__docs__threat_model_assessment.md"
    expected = [
        # kata's model has no metadata at all
        f"{model(kata)}:1:1: TM103 metadata field 'Owner' is missing",
        # a code fence the document never closes
        f"{model(admission)}:447:1: TM004 [warning] code fence ``` is never closed",
        # a threat model outside the models folder, with the path it should move to
        f"{index[otel]:02d}-{otel}:1:1: TM202 threat model outside docs/security/threat-models/",
    ]
    for line in expected:
        assert line in out
    # misplaced models get distinct targets named after them (karmada's and nats's "Threat
    # Modeling with STRIDE" titles named no feature)
    targets = re.findall(r"^(\S+?):\d+:\d+: TM202 .* move it to (\S+)$", out, re.MULTILINE)
    assert len({target for _, target in targets}) == len(targets) >= 10
    for source, target in targets:
        if "karmada" in source or "nats" in source:
            assert ("karmada" if "karmada" in source else "nats") in target, (source, target)
