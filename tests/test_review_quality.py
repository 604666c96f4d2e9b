"""Recall and precision of ``threat-model review`` on labelled changes: the constructed cases
(``tests/review_cases``) and, when ``../shared`` is beside the project, the shared real ones.

Each case is built (or cloned) into a temporary repository with its areas and models, reviewed
from ``main`` to ``feature``, and scored as (category, file) pairs: recall over the required
pairs, precision over the predicted ones (a pair labelled acceptable is no error). The figures
print with ``pytest -s``; BENCHMARKS.md records them.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from hooks.core.areas import AreaMatcher, parse_areas
from hooks.core.config import load_config
from hooks.core.review.render import render_json
from hooks.core.review.run import read_change
from tests.conftest import shared_dir
from tests.review_support import (
    SECTIONS,
    Score,
    add_setup,
    build_case,
    clone_shared,
    constructed_cases,
    shared_cases,
)

RECALL = 0.9
PRECISION = 0.75


def review(repo: Path) -> dict[str, Any]:
    config = load_config(root=repo)
    data: dict[str, Any] = json.loads(render_json(read_change(config, "main", "feature")))
    return data


@pytest.fixture(scope="module")
def constructed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("constructed")
    found: dict[str, dict[str, Any]] = {}
    for case_id, case in constructed_cases().items():
        found[case_id] = review(build_case(case, folder / case_id))
    return found


@pytest.fixture(scope="module")
def shared_predictions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    root = shared_dir()
    if root is None or not (root / "review-cases" / "cases").is_dir():
        pytest.skip("../shared/review-cases is not beside this checkout")
    folder = tmp_path_factory.mktemp("shared")
    found: dict[str, dict[str, Any]] = {}
    for case_id, (case, bundle) in shared_cases(root).items():
        repo = clone_shared(bundle, folder / case_id)
        add_setup(case, repo)
        found[case_id] = review(repo)
    return found


def _score(cases: dict[str, dict[str, Any]], predictions: dict[str, dict[str, Any]]) -> Score:
    score = Score()
    for case_id, case in cases.items():
        pairs = [(c["category"], c["file"]) for c in predictions[case_id]["changes"]]
        score.add(case_id, case, pairs)
    return score


def test_constructed_cases_meet_the_goal(constructed: dict[str, dict[str, Any]]) -> None:
    cases = constructed_cases()
    tuned = {k: v for k, v in cases.items() if v.get("set") != "held-out"}
    held_out = {k: v for k, v in cases.items() if v.get("set") == "held-out"}
    score = _score(cases, constructed)
    print()
    print(_score(tuned, constructed).table("constructed, tuned on"))
    print(_score(held_out, constructed).table("constructed, held out"))
    print(score.table("constructed, all"))
    assert score.recall >= RECALL, score.table("constructed")
    assert score.precision >= PRECISION, score.table("constructed")


def test_constructed_negatives_stay_silent(constructed: dict[str, dict[str, Any]]) -> None:
    negatives = [cid for cid, case in constructed_cases().items() if not case["expected"]]
    assert len(negatives) >= 4
    noisy = {cid: constructed[cid]["changes"] for cid in negatives if constructed[cid]["changes"]}
    # one held-out negative renames an auth helper's variables: a rewritten line is evidence
    assert set(noisy) <= {"c28-neg-python-auth-refactor"}, noisy


def test_constructed_labels_are_well_formed() -> None:
    cases = constructed_cases()
    assert len(cases) >= 15
    assert sum(1 for case in cases.values() if not case["expected"]) >= 4
    for case_id, case in cases.items():
        matcher = AreaMatcher(parse_areas(case["areas"], "docs/security/threat-models"))
        changed = set(case["head"]) | set((case.get("rename") or {}).values())
        deleted = {path for path, text in case["head"].items() if text is None}
        for group in ("expected", "acceptable"):
            for item in case[group] or []:
                where = (case_id, item["category"], item["file"])
                assert item["category"] in SECTIONS, where
                assert item["file"] in changed - deleted, where
                area = matcher.match(item["file"])
                assert item["model"] == (area.name if area else None), where
                assert item.get("why"), where
                if group == "expected":
                    assert item["line"] > 0, where
        if not case["expected"]:
            assert not case["acceptable"], case_id


def test_constructed_models_are_the_matchers(constructed: dict[str, dict[str, Any]]) -> None:
    """The labelled model of each found pair is the one the review names."""
    for case_id, case in constructed_cases().items():
        named = {(c["category"], c["file"]): c["model"] for c in constructed[case_id]["changes"]}
        for item in case["expected"]:
            pair = (item["category"], item["file"])
            if pair in named:
                assert named[pair] == item["model"], (case_id, pair)


def test_shared_cases_meet_the_goal(
    shared_predictions: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    root = shared_dir()
    assert root is not None
    cases = {case_id: case for case_id, (case, _) in shared_cases(root).items()}
    score = _score(cases, shared_predictions)
    print()
    print(score.table("shared"))
    assert score.recall >= RECALL, score.table("shared")
    assert score.precision >= PRECISION, score.table("shared")
    # the shared scorer agrees
    scorer = _shared_scorer(root / "review-cases" / "score.py")
    for case_id, data in shared_predictions.items():
        (tmp_path / f"{case_id}.json").write_text(json.dumps(data), encoding="utf-8")
    predictions = {
        case_id: scorer.load_prediction(str(tmp_path / f"{case_id}.json")) for case_id in cases
    }
    result = scorer.score(cases, predictions)["overall"]
    assert result["recall"] == round(score.recall, 4)
    assert result["precision"] == round(score.precision, 4)


def _shared_scorer(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location("review_case_scorer", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
