"""The models publish cleanly: the example catalog (examples/mkdocs.yml) and this repository's
docs build with ``mkdocs build --strict``, the template's placeholders show on the page, the
diagrams reach the page as Mermaid, and links to code written from the root pass a strict
build where relative links out of the docs folder do not."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPOSITORY_URL = re.compile(
    r"https://github\.com/threat-model-hooks/threat-model-hooks/(?:blob|tree)/main/([^)#\s]+)"
)


def build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("demo-site")
    done = build(ROOT / "examples/mkdocs.yml", site)
    assert done.returncode == 0, done.stderr
    return site


def test_the_example_catalog_builds_strictly(demo_site: Path) -> None:
    pages = {p.parent.name for p in (demo_site / "security/threat-models").glob("*/index.html")}
    assert pages == {"authentication", "payments", "Search_Service", "template"}
    assert (demo_site / "security/THREAT_MODEL_INDEX/index.html").is_file()


def test_this_repositorys_docs_build_strictly(tmp_path: Path) -> None:
    done = build(ROOT / "mkdocs.yml", tmp_path / "site")
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr


def test_the_template_shows_its_placeholders(demo_site: Path) -> None:
    page = (demo_site / "security/threat-models/template/index.html").read_text("utf-8")
    for placeholder in ("Feature name", "team or person", "from", "to", "control"):
        assert f"<code>&lt;{placeholder}&gt;</code>" in page
    assert "<feature name>" not in page.lower()


def test_a_bare_placeholder_is_lost_on_the_page(demo_site: Path) -> None:
    """Why the template writes code spans: the demo's broken model keeps a bare one."""
    page = (demo_site / "security/threat-models/Search_Service/index.html").read_text("utf-8")
    assert "<Feature name>" in page  # a tag to the browser, which shows nothing
    assert "&lt;Feature name&gt;" not in page


def test_the_diagrams_reach_the_page_as_mermaid(demo_site: Path) -> None:
    page = (demo_site / "security/threat-models/authentication/index.html").read_text("utf-8")
    assert '<div class="mermaid">flowchart LR' in page
    assert "mermaid.min.js" in page


@pytest.mark.parametrize(
    ("link", "passes"),
    [
        pytest.param("/src/app.py", True, id="from-the-root"),
        pytest.param("https://example.com/src/app.py", True, id="full-url"),
        pytest.param("../../src/app.py", False, id="relative-out-of-docs"),
    ],
)
def test_links_to_code_in_a_strict_build(tmp_path: Path, link: str, passes: bool) -> None:
    (tmp_path / "docs/models").mkdir(parents=True)
    (tmp_path / "src").mkdir()
    (tmp_path / "src/app.py").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "docs/models/auth.md").write_text(f"# Auth\n\n[code]({link})\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    done = build(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert (done.returncode == 0) is passes, done.stderr


@pytest.mark.parametrize(
    "page",
    [
        pytest.param(p, id=p.name)
        for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    ],
)
def test_links_to_the_repository_name_its_files(page: Path) -> None:
    """The docs link to files outside docs/ by their full URLs: each names a file here."""
    for target in REPOSITORY_URL.findall(page.read_text(encoding="utf-8")):
        assert (ROOT / target).exists(), f"{page.name}: {target}"
