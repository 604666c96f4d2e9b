"""The labelled precision suite: every finding on the real corpus, under the default
configuration and under each document's written one, is judged in tests/golden/.

A finding nobody judged fails (judge it: true or false, with the reason), and so does a
finding judged true that is no longer reported (a lost true finding). False findings may
disappear. ``python -m tests.corpus_support`` prints the rates per rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.corpus_support import (
    CONFIGS,
    CORPUS,
    DOCUMENTS,
    GOLDEN,
    NO_CORPUS,
    SETUPS,
    check,
    compare,
    fragment,
    load_golden,
)

GOLDEN_JUDGMENTS = load_golden()
RUNS = [(short, setup) for short in sorted(DOCUMENTS) for setup in SETUPS]


@pytest.mark.skipif(CORPUS is None, reason=NO_CORPUS)
def test_every_corpus_document_is_in_the_suite() -> None:
    assert CORPUS is not None
    files = {p.name for p in CORPUS.glob("*.md") if p.name != "SOURCES.md"}
    assert files == set(DOCUMENTS.values())


def test_every_document_has_a_written_configuration_and_judgments() -> None:
    assert sorted(p.stem for p in CONFIGS.glob("*.yaml")) == sorted(DOCUMENTS)
    assert sorted(GOLDEN_JUDGMENTS) == sorted(DOCUMENTS)
    for runs in GOLDEN_JUDGMENTS.values():
        assert sorted(runs) == sorted(SETUPS)


def test_judgments_are_unique_and_explained() -> None:
    for short, runs in GOLDEN_JUDGMENTS.items():
        for setup, judgments in runs.items():
            keys = [(j.line, j.code, j.says) for j in judgments]
            assert len(keys) == len(set(keys)), (short, setup)
            assert all(j.why.strip() and j.says for j in judgments), (short, setup)


@pytest.mark.skipif(CORPUS is None, reason=NO_CORPUS)
@pytest.mark.parametrize(("short", "setup"), RUNS, ids=[f"{s}-{c}" for s, c in RUNS])
def test_findings_match_their_judgments(short: str, setup: str, tmp_path: Path) -> None:
    result = compare(check(short, setup, tmp_path), GOLDEN_JUDGMENTS[short][setup])
    unjudged = [
        f"{s.line}|{s.code}|{fragment(s.code, s.message)}  ({s.message})" for s in result.unjudged
    ]
    lost = [f"{j.line} {j.code} {j.says}: {j.why}" for j in result.lost]
    assert not unjudged, f"judge these findings in {GOLDEN.name}:\n" + "\n".join(unjudged)
    assert not lost, "true findings no longer reported:\n" + "\n".join(lost)
