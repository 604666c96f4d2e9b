"""Temporary git repositories with feature areas for the coverage tests."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import git, init_repo

TODAY = "2026-03-01"

CONFIG = """\
staleness_days: 90
areas:
  auth:
    paths: [src/auth/, "!src/auth/README.md"]
  billing:
    paths: [src/billing/**]
    staleness_days: 30
  search:
    paths: [src/search/]
"""


def model(feature: str, updated: str, owner: str = "team-sec") -> str:
    return (
        f"# Threat Model: {feature}\n\n## Feature metadata\n\n"
        f"- **Feature name:** {feature}\n- **Owner:** {owner}\n"
        f"- **Last updated:** {updated}\n- **Review cadence:** quarterly\n"
    )


def write(root: Path, relpath: str, text: str) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def make_repo(root: Path) -> Path:
    """A repository on ``main`` with three areas: auth current, billing stale, search missing."""
    init_repo(root)
    write(root, ".threat-model.yaml", CONFIG)
    write(root, "docs/security/threat-models/auth.md", model("auth", "2026-02-01"))
    write(root, "docs/security/threat-models/billing.md", model("billing", "2025-12-06"))
    for name in ("src/auth/login.py", "src/billing/pay.py", "src/search/q.py", "other.txt"):
        write(root, name, "x = 1\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "initial")
    return root
