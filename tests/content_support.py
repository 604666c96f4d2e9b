"""Helpers for the content-check tests: build models and run the checks on them."""

from __future__ import annotations

from pathlib import Path

from hooks.core.config import Config, parse_config
from hooks.core.content.checks import check_content
from hooks.core.context import ModelContext
from hooks.core.findings import Finding, Reporter
from hooks.core.markdown import parse_text
from tests.conftest import shared_dir

REPO_ROOT = Path(__file__).resolve().parent.parent

FULL_THREATS = """\
- **Spoofing:** An attacker replays a stolen session token to act as another user.
- **Tampering:** An attacker edits the upload in transit to plant a script.
- **Repudiation:** A user denies deleting a record because deletions are not logged.
- **Information disclosure:** Error pages leak stack traces with database hostnames.
- **Denial of service:** A client floods the upload endpoint and exhausts the disk.
- **Elevation of privilege:** A member edits the role field to become an administrator.
- **Supply chain & delivery:** A compromised dependency runs code at install time.
- **Abuse & misuse:** A user scripts the invite flow to send spam to strangers.
- **Data safeguards:** Uploaded files keep location metadata that reveals home addresses.
"""


def model(
    threats: str = FULL_THREATS,
    mitigations: str = "- Session tokens are bound to the device.\n",
    boundaries: str = "",
    extra: str = "",
) -> str:
    """A complete model whose Threats, Mitigations and Trust boundaries bodies are given."""
    parts = [
        "# Threat Model: Uploads\n",
        "## Threats\n",
        threats,
        "## Mitigations\n",
        mitigations,
    ]
    if boundaries:
        parts += ["## Trust boundaries\n", boundaries]
    if extra:
        parts.append(extra)
    return "\n".join(parts)


def findings(
    text: str,
    config_text: str = "",
    root: Path | None = None,
    relpath: str = "docs/security/threat-models/uploads.md",
) -> list[Finding]:
    base = root or REPO_ROOT
    config = (
        parse_config(config_text, ".threat-model.yaml", base) if config_text else Config(root=base)
    )
    reporter = Reporter(config.severity)
    check_content(ModelContext(parse_text(text, relpath), relpath, config), reporter)
    return reporter.findings


def codes(text: str, config_text: str = "", root: Path | None = None) -> list[tuple[int, str]]:
    return [(f.line, f.code) for f in findings(text, config_text, root)]


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line of ``text`` containing ``needle``."""
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


MARK = "\u27e6"  # where a finding's column points, in a test's model text


def marked(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` without its marks, and the 1-based line and column of each mark in it."""
    places: list[tuple[int, int]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        column = 1
        for piece in line.split(MARK)[:-1]:
            column += len(piece)
            places.append((number, column))
    return text.replace(MARK, ""), places


def corpus_dir() -> Path | None:
    """The real-threat-model corpus beside the checkout, if it is there."""
    shared = shared_dir()
    return shared / "corpus" / "real-threat-models" if shared else None
