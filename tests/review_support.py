"""Review cases: the constructed ones (``tests/review_cases``) and the shared ones
(``../shared/review-cases``), built into temporary repositories and scored as (category,
file) pairs."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import ROOT, git, init_repo

CASES = ROOT / "tests" / "review_cases"
TEMPLATE = ROOT / "docs" / "security" / "threat-models" / "template.md"
SECTIONS = {
    "trust-boundary": ["Entry points", "Trust boundaries", "Threats"],
    "data-flow": ["Assets", "Trust boundaries", "Threats"],
    "external-integration": ["Assets", "Trust boundaries", "Threats"],
    "auth": ["Threats", "Mitigations"],
    "data-storage": ["Assets", "Threats", "Mitigations"],
    "infrastructure": ["Trust boundaries", "Threats", "Mitigations"],
    "supply-chain": ["Threats", "Mitigations"],
}
_DATE = "2026-01-15T12:00:00+00:00"


def constructed_cases() -> dict[str, dict[str, Any]]:
    """The constructed cases by id, with each expected item's ``line`` and ``sections``."""
    cases: dict[str, dict[str, Any]] = {}
    for path in sorted(CASES.glob("*.yaml")):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in case["expected"]:
            item.setdefault("sections", SECTIONS[item["category"]])
            text = case["head"][item["file"]]
            lines = [
                number for number, line in enumerate(text.splitlines(), 1) if item["at"] in line
            ]
            item["line"] = lines[0] if lines else 0
        cases[case["id"]] = case
    return cases


def _commit(root: Path, message: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": _DATE, "GIT_COMMITTER_DATE": _DATE}
    subprocess.run(
        ["git", "-C", str(root), "commit", "-q", "--allow-empty", "-m", message],
        check=True,
        env=env,
        capture_output=True,
    )


def _write(root: Path, relpath: str, text: str) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def build_case(case: Mapping[str, Any], root: Path) -> Path:
    """A repository with ``main`` (the base) and ``feature`` (the change) checked out, and the
    case's configuration and models in the working tree, untracked."""
    init_repo(root)
    for relpath, text in case["base"].items():
        _write(root, relpath, text)
    git(root, "add", "-A")
    _commit(root, "base")
    git(root, "switch", "-q", "-c", "feature")
    for old, new in (case.get("rename") or {}).items():
        (root / new).parent.mkdir(parents=True, exist_ok=True)
        git(root, "mv", old, new)
    for relpath, text in case["head"].items():
        if text is None:
            git(root, "rm", "-q", relpath)
        else:
            _write(root, relpath, text)
    git(root, "add", "-A")
    _commit(root, "head")
    add_setup(case, root)
    return root


def clone_shared(bundle: Path, root: Path) -> Path:
    """A shared case's repository: ``feature`` checked out, ``main`` beside it."""
    subprocess.run(
        ["git", "clone", "-q", "-b", "feature", str(bundle), str(root)],
        check=True,
        capture_output=True,
    )
    git(root, "branch", "-q", "main", "origin/main")
    return root


def add_setup(case: Mapping[str, Any], root: Path) -> None:
    """The case's ``.threat-model.yaml`` and its models from the template, untracked."""
    config = yaml.safe_dump({"areas": case["areas"]}, sort_keys=False)
    (root / ".threat-model.yaml").write_text(config, encoding="utf-8")
    template = TEMPLATE.read_text(encoding="utf-8")
    for name in case["models"] or []:
        _write(
            root,
            f"docs/security/threat-models/{name}.md",
            template.replace("`<Feature name>`", name),
        )


@dataclass
class Score:
    """Recall and precision over (category, file) pairs."""

    required: int = 0
    matched_required: int = 0
    matched_acceptable: int = 0
    predicted: int = 0
    missed: list[tuple[str, str, str]] = field(default_factory=list)
    extra: list[tuple[str, str, str]] = field(default_factory=list)
    categories: dict[str, list[int]] = field(
        default_factory=dict
    )  # required, found, predicted, good

    @property
    def recall(self) -> float:
        return self.matched_required / self.required if self.required else 1.0

    @property
    def precision(self) -> float:
        good = self.matched_required + self.matched_acceptable
        return good / self.predicted if self.predicted else 1.0

    def add(
        self, case_id: str, case: Mapping[str, Any], predicted: Iterable[tuple[str, str]]
    ) -> None:
        required = {(i["category"], i["file"]) for i in case["expected"] or []}
        acceptable = {(i["category"], i["file"]) for i in case["acceptable"] or []}
        pairs = set(predicted)
        self.required += len(required)
        self.predicted += len(pairs)
        self.matched_required += len(required & pairs)
        self.matched_acceptable += len((acceptable - required) & pairs)
        self.missed += sorted((case_id, *pair) for pair in required - pairs)
        self.extra += sorted((case_id, *pair) for pair in pairs - required - acceptable)
        for category, _ in required:
            self.categories.setdefault(category, [0, 0, 0, 0])[0] += 1
        for category, _ in required & pairs:
            self.categories[category][1] += 1
        for pair in pairs:
            row = self.categories.setdefault(pair[0], [0, 0, 0, 0])
            row[2] += 1
            row[3] += pair in required or pair in acceptable

    def table(self, title: str) -> str:
        lines = [
            f"{title}: recall {self.recall:.3f} ({self.matched_required}/{self.required}), "
            f"precision {self.precision:.3f} "
            f"({self.matched_required + self.matched_acceptable}/{self.predicted})",
            f"  {'category':22s} {'required':>8s} {'found':>6s} {'recall':>7s} "
            f"{'predicted':>9s} {'precision':>9s}",
        ]
        for category in SECTIONS:
            req, found, pred, good = self.categories.get(category, [0, 0, 0, 0])
            recall = f"{found / req:.3f}" if req else "n/a"
            precision = f"{good / pred:.3f}" if pred else "n/a"
            lines.append(
                f"  {category:22s} {req:8d} {found:6d} {recall:>7s} {pred:9d} {precision:>9s}"
            )
        lines += [f"  missed {c} {p} ({i})" for i, c, p in self.missed]
        lines += [f"  extra  {c} {p} ({i})" for i, c, p in self.extra]
        return "\n".join(lines)


def shared_cases(shared: Path) -> dict[str, tuple[dict[str, Any], Path]]:
    """The shared cases by id: the labels and the bundle."""
    folder = shared / "review-cases" / "cases"
    found: dict[str, tuple[dict[str, Any], Path]] = {}
    for case_file in sorted(folder.glob("*/case.yaml")):
        case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
        found[case["id"]] = (case, case_file.parent / case.get("bundle", "repo.bundle"))
    return found


def git_available() -> bool:
    return shutil.which("git") is not None
