"""One precedence for a model's metadata, wherever it is read: the sections check, the index
(check and --fix) and the coverage check (working tree, staged, at a ref) read the same Owner
and Last updated. A metadata section outranks bullets under the title, which outrank front
matter, which outranks the H1."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hooks import check_threat_model_coverage, check_threat_model_index, cli
from hooks.core import files, models
from hooks.core.config import load_config
from hooks.core.context import ModelContext
from hooks.core.findings import Reporter
from hooks.core.metadata import read_metadata
from hooks.core.sections import check_sections
from tests.conftest import git, init_repo

MODEL = "docs/security/threat-models/auth.md"
INDEX = "docs/security/THREAT_MODEL_INDEX.md"
TODAY = "2026-11-24"


def bullets(owner: str, updated: str, feature: str = "Auth") -> str:
    return (
        f"- **Feature name:** {feature}\n- **Owner:** {owner}\n- **Last updated:** {updated}\n"
        "- **Review cadence:** Quarterly\n"
    )


TITLE = "# Threat Model: Auth\n\n"
UNDER_TITLE = TITLE + bullets("@title", "2026-11-20")
SECTION = "## Feature metadata\n\n" + bullets("@section", "2025-01-01")
ASSETS = "## Assets\n\nTokens.\n\n"
FRONT = "---\nowner: '@front'\nlast-updated: 2026-11-21\nfeature: Auth\nreview-cadence: Q\n---\n"

PLACEMENTS = [
    pytest.param(
        UNDER_TITLE + "\n" + ASSETS + SECTION,
        "@section",
        "2025-01-01",
        id="title-then-late-section",
    ),
    pytest.param(
        UNDER_TITLE + "\n" + SECTION + "\n" + ASSETS,
        "@section",
        "2025-01-01",
        id="title-then-first-section",
    ),
    pytest.param(TITLE + ASSETS + SECTION, "@section", "2025-01-01", id="late-section-alone"),
    pytest.param(
        FRONT + TITLE + ASSETS + SECTION,
        "@section",
        "2025-01-01",
        id="front-matter-then-late-section",
    ),
    pytest.param(FRONT + UNDER_TITLE, "@title", "2026-11-20", id="front-matter-and-title"),
    pytest.param(FRONT + TITLE + ASSETS, "@front", "2026-11-21", id="front-matter-alone"),
    pytest.param(
        UNDER_TITLE
        + "\n## Overview\n\nText.\n\n### Feature metadata\n\n"
        + bullets("@sub", "2025-02-02"),
        "@sub",
        "2025-02-02",
        id="title-then-nested-section",
    ),
    pytest.param(
        UNDER_TITLE + "\n" + ASSETS + "## Metadata\n\n- **Owner:** @alias\n\n" + SECTION,
        "@alias",
        "2025-01-01",
        id="two-late-sections-each-field-from-the-first-holding-it",
    ),
    pytest.param(
        TITLE + "- **Owner:** @title\n\n" + ASSETS + "## Feature metadata\n\n"
        "- **Feature name:** Auth\n- **Last updated:** 2025-03-03\n",
        "@title",
        "2025-03-03",
        id="section-without-owner-title-with-it",
    ),
    pytest.param(
        TITLE
        + SECTION.replace("@section", "[Sec][team]")
        + "\n"
        + ASSETS
        + "[team]: https://example.com/team\n",
        "Sec",
        "2025-01-01",
        id="reference-link-defined-at-the-end",
    ),
    pytest.param(
        TITLE + ASSETS + "## Review & Updates\n\n**Owner**: @review  \n"
        "**Last Updated**: 2026-10-10\n",
        "@review",
        "2026-10-10",
        id="document-control-section-alone",
    ),
    pytest.param(
        TITLE + "- **Owner:** @title\n\n" + ASSETS + "### Review schedule\n\n"
        "- **Owner**: @review\n- **Last Updated**: 2026-10-10\n",
        "@title",
        "2026-10-10",
        id="document-control-section-last",
    ),
    pytest.param(
        TITLE + ASSETS + "## Overview\n\nProject: Auth\nOwner(s):\n- Alice\n- Bob\n\n"
        "### Change log\n\n- Last updated: 2020-01-01\n\n## Maintenance\n\n"
        "Last updated: 2026-10-11\n",
        "Alice, Bob",
        "2026-10-11",
        id="document-control-own-lines-and-a-list-after-the-key",
    ),
    pytest.param(
        TITLE + "**Feature:** Auth **Owner:** @run-in\n**Team:** x **Last updated:**\n"
        "2026-10-12 **Review cadence:** Quarterly\n\n" + ASSETS,
        "@run-in",
        "2026-10-12",
        id="bold-keys-run-in-on-a-paragraph",
    ),
]


def _write(root: Path, relpath: str, text: str) -> None:
    path = root / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = init_repo(tmp_path / "repo")
    _write(root, ".threat-model.yaml", "areas:\n  auth:\n    paths: [src/auth/]\n")
    _write(root, "src/auth/login.py", "x = 1\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    monkeypatch.chdir(root)
    monkeypatch.setenv("THREAT_MODEL_TODAY", TODAY)
    monkeypatch.delenv("PRE_COMMIT_FROM_REF", raising=False)
    monkeypatch.delenv("PRE_COMMIT_TO_REF", raising=False)
    return root


def _coverage(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[str, str]:
    check_threat_model_coverage.main(["--format", "json", *argv])
    area = json.loads(capsys.readouterr().out)["areas"][0]
    return area["owner"], area["last_updated"]


def _index_row(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    assert check_threat_model_index.main(["--fix"]) == 1
    capsys.readouterr()
    text = (root / INDEX).read_text(encoding="utf-8")
    found = re.search(r"^\| \[Auth\]\(threat-models/auth\.md\) \| (.*?) \| (.*?) \|", text, re.M)
    assert found is not None, text
    return found.group(1), found.group(2)


@pytest.mark.parametrize(("text", "owner", "updated"), PLACEMENTS)
def test_every_reader_takes_the_same_metadata(
    repo: Path, capsys: pytest.CaptureFixture[str], text: str, owner: str, updated: str
) -> None:
    _write(repo, MODEL, text)
    config = load_config()
    doc = files.read(config, MODEL, Reporter())
    assert doc is not None
    model = ModelContext(doc, MODEL, config)
    check_sections(model, Reporter())
    sections = model.metadata
    assert (sections["Owner"].value, sections["Last updated"].value) == (owner, updated)
    assert _index_row(repo, capsys) == (owner, updated)
    assert cli.main(["check"]) in (0, 1)
    assert not re.findall(r" TM30\d ", capsys.readouterr().out)
    assert _coverage(capsys, "--all") == (owner, updated)  # the working tree
    _write(repo, "src/auth/login.py", "x = 2\n")
    git(repo, "add", "-A")
    assert _coverage(capsys) == (owner, updated)  # staged
    git(repo, "commit", "-q", "-m", "model")
    _write(repo, MODEL, "# Threat Model: Auth\n")  # the working tree differs from the commit
    assert _coverage(capsys, "--from-ref", "HEAD~1", "--to-ref", "HEAD") == (owner, updated)


# A model's head (parsed up to the end of its metadata) must read as the whole model does.

HEAD_CASES = [
    pytest.param(
        SECTION.replace("- **Owner:** @section\n", "- **Owner:**\n  ## Note\n  - @nested\n"),
        id="heading-indented-in-a-list-item",
    ),
    pytest.param(SECTION.replace("@section", "@a\x0c## Assets"), id="form-feed-before-a-heading"),
    pytest.param(
        SECTION.replace("@section", "@a\u2028## Assets"), id="line-separator-before-a-heading"
    ),
    pytest.param(
        SECTION.replace("@section", "[Sec][team]") + ASSETS + "[team]: https://x\n",
        id="reference-defined-after-the-head",
    ),
    pytest.param(
        SECTION.replace("@section", "[Sec][team]") + ASSETS + "[te\nam]: https://x\n",
        id="reference-label-on-two-lines",
    ),
    pytest.param(
        SECTION + "```\ncode\n```python\n## Assets\n```\n\n## Metadata\n\n- **Owner:** @late\n",
        id="fence-closed-with-an-info-string",
    ),
    pytest.param(
        "## Feature metadata\n\nOwner | Last updated\n--- | ---\n## x | 2025-01-01\n",
        id="table-row-that-looks-like-a-heading",
    ),
    pytest.param(
        FRONT.replace("review-cadence: Q\n", "## a comment\nreview-cadence: Q\n")
        + ASSETS
        + SECTION,
        id="comment-in-front-matter",
    ),
    pytest.param(
        "<div>\n\n" + SECTION + "## Assets\n</div>\n\n- **Owner:** @later\n", id="html-block"
    ),
    pytest.param(
        SECTION + "### Notes\n\n- **Owner:** @notes\n", id="subsection-of-the-metadata-section"
    ),
]


def _same_metadata(text: str) -> None:
    config = load_config()
    _write(config.root, MODEL, text)
    whole = files.read(config, MODEL, None)
    head, _ = models._parse_head(config, text.encode("utf-8"), MODEL)
    if whole is None:  # an empty model
        assert head is None
        return
    assert head is not None
    expected = models.model_from(read_metadata(whole, config), MODEL, config)
    assert models.model_from(read_metadata(head, config), MODEL, config) == expected
    for _ in range(2):  # read, then taken from the cache
        found = models.metadata_of_file(config, MODEL, Reporter(), models.Known(config))
        assert found is not None
        assert models.model_from(found, MODEL, config) == expected


@pytest.mark.parametrize("section", HEAD_CASES)
@pytest.mark.parametrize(
    "top", [pytest.param(TITLE, id="title"), pytest.param(UNDER_TITLE + "\n", id="title-bullets")]
)
def test_the_head_reads_as_the_whole_model(repo: Path, top: str, section: str) -> None:
    _same_metadata(top + section if not section.startswith("---") else section)


_PIECES = st.sampled_from(
    [
        TITLE,
        UNDER_TITLE,
        FRONT,
        SECTION,
        "## Metadata\n\n- **Owner:** @alias\n",
        "### Feature metadata\n\n- **Last updated:** 2025-05-05\n",
        ASSETS,
        "## Threats\n\n- Spoofing.\n",
        "### Notes\n\n- **Owner:** @notes\n",
        "- **Owner:** @loose\n",
        "  ## indented\n",
        "```\n## fenced\n```\n",
        "```\n",
        "<details>\n",
        "\n",
        "[team]: https://example.com\n",
        "- **Owner:** [Team][team]\n",
        "Owner | Last updated\n--- | ---\n",
        "| Owner | @table |\n| --- | --- |\n",
        "\x0c",
    ]
)


@settings(
    max_examples=150,
    deadline=3000,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(pieces=st.lists(_PIECES, max_size=10))
def test_the_head_reads_as_the_whole_model_whatever_the_layout(
    repo: Path, pieces: list[str]
) -> None:
    text = "".join(pieces) or "x\n"
    _same_metadata(text)
