"""``threat-model init``: what a repository needs before its first threat model, written
where missing and never over an existing file.

The configuration (with feature areas proposed from the source folders, commented out), the
template, the index, a decision record, the pull request template's checkpoint, the CI job
of the forge the repository is on, and the hooks in ``.pre-commit-config.yaml``. A second run
changes nothing.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from hooks import __version__
from hooks.core.config import CONFIG_NAME, Config
from hooks.core.git import GitError, git, split_z
from hooks.core.scaffold import yamledit
from hooks.core.scaffold.files import CannotWrite, Session, bundled, newline_of, why_outside
from hooks.core.template import slugify
from hooks.skills import INSTALLS

HOOKS_URL = "https://github.com/threat-model-hooks/threat-model-hooks"
HOOK_IDS = (
    "check-threat-model-sections",
    "check-threat-model-template",
    "check-threat-model-content",
    "check-threat-model-index",
    "fix-threat-model-index",
    "check-threat-model-coverage",
    "check-threat-model-review",
)
HOOK_TYPES = "[pre-commit, pre-push]"
PRE_COMMIT_CONFIG = ".pre-commit-config.yaml"
GITHUB, GITLAB = "github", "gitlab"
FORGES = (GITHUB, GITLAB)

# folders whose subfolders are proposed as feature areas
SOURCE_FOLDERS = (
    "src",
    "app",
    "apps",
    "services",
    "packages",
    "lib",
    "libs",
    "cmd",
    "internal",
    "pkg",
    "modules",
    "components",
    "crates",
)
_NOT_FEATURES = frozenset(
    ["__pycache__", "node_modules", "test", "tests", "testdata", "vendor", "dist", "build"]
)
MAX_PROPOSALS = 50

# where decision records live, the first that exists wins (adr-tools' .adr-dir first)
ADR_FOLDERS = (
    "docs/adr",
    "docs/adrs",
    "docs/decisions",
    "docs/architecture/decisions",
    "docs/architecture-decisions",
    "doc/adr",
    "doc/adrs",
    "doc/decisions",
    "doc/architecture/decisions",
    "adr",
    "adrs",
    "decisions",
    "architecture/decisions",
)
DEFAULT_ADR_FOLDER = "docs/adr"
# the record's name after its number; it names no "threat model", so that the template
# check does not take the record for a model outside the models folder
ADR_SLUG = "living-threat-analysis-per-feature"
_NUMBERED = re.compile(r"^(\d+)-(.+)\.md$")

GITHUB_PR_FOLDERS = (".github", "", "docs")  # where GitHub looks for pull_request_template.md
GITHUB_PR_TEMPLATE = ".github/pull_request_template.md"
GITLAB_MR_TEMPLATE = ".gitlab/merge_request_templates/Default.md"
GITHUB_WORKFLOW = ".github/workflows/threat-model.yml"
GITLAB_JOB = ".gitlab/ci/threat-model.gitlab-ci.yml"
CHECKPOINT = (
    "- [ ] Threat model reviewed: new trust boundaries, data flows or entry points are"
    " reflected in {models_dir}/"
)


# --------------------------------------------------------------------------- detection


def _host(url: str) -> str:
    match = re.match(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://)?(?:[^@/]*@)?([^:/]+)", url.strip())
    return match.group(1).lower() if match else ""


def remote_urls(root: Path) -> list[str]:
    """The URLs of the repository's remotes, sorted."""
    try:
        output = git(root, "config", "-z", "--get-regexp", r"^remote\..*\.url$")
    except GitError:  # no remote at all
        return []
    return sorted(entry.partition("\n")[2] for entry in split_z(output))


def detect_forges(root: Path) -> tuple[str, ...]:
    """GitHub for a ``.github`` folder or a github.com remote, GitLab for ``.gitlab-ci.yml``
    or a GitLab remote; both, or neither."""
    found: set[str] = set()
    if (root / ".github").is_dir():
        found.add(GITHUB)
    if (root / ".gitlab-ci.yml").exists():
        found.add(GITLAB)
    for url in remote_urls(root):
        host = _host(url)
        if host == "github.com" or host.endswith(".github.com"):
            found.add(GITHUB)
        elif "gitlab" in host:
            found.add(GITLAB)
    return tuple(forge for forge in FORGES if forge in found)


def propose_areas(root: Path) -> list[tuple[str, str]]:
    """Feature areas from the top-level source folders: ``(name, path)`` for each subfolder
    of ``src/``, ``services/``, ``packages/``... (the folder itself when it has none), in
    order, with unique kebab-case names."""
    proposals: list[tuple[str, str]] = []
    taken: set[str] = set()
    for top in SOURCE_FOLDERS:
        folder = root / top
        if folder.is_symlink() or not folder.is_dir():
            continue
        try:
            children = sorted(
                (
                    child.name
                    for child in folder.iterdir()
                    if child.is_dir()
                    and not child.is_symlink()
                    and not child.name.startswith((".", "_"))
                    and child.name not in _NOT_FEATURES
                    and not child.name.endswith(".egg-info")
                ),
                key=lambda name: (name.casefold(), name),
            )
        except OSError:
            continue
        candidates = [(name, f"{top}/{name}/") for name in children] or [(top, f"{top}/")]
        for name, path in candidates:
            for slug in (slugify(name), slugify(f"{top}-{name}")):
                if slug and slug not in taken:
                    taken.add(slug)
                    proposals.append((slug, path))
                    break
    return proposals[:MAX_PROPOSALS]


def adr_folder(root: Path) -> str:
    """The repository's folder of decision records: the one adr-tools' ``.adr-dir`` names,
    else the first of :data:`ADR_FOLDERS` that exists, else ``docs/adr``."""
    named = root / ".adr-dir"
    if named.is_file() and not named.is_symlink():
        try:
            first = named.read_text(encoding="utf-8").strip().splitlines()
        except (OSError, UnicodeDecodeError):
            first = []
        if first:
            folder = os.path.normpath(first[0].strip()).replace(os.sep, "/")
            if why_outside(root, folder) is None and folder != ".":
                return folder
    for folder in ADR_FOLDERS:
        if (root / folder).is_dir() and why_outside(root, folder) is None:
            return folder
    return DEFAULT_ADR_FOLDER


def adr_path(root: Path, folder: str) -> tuple[str, int, bool]:
    """Where the record goes, its number, and whether the folder holds it already (under
    any number)."""
    try:
        names = sorted(os.listdir(root / folder))
    except OSError:
        names = []
    numbers: list[str] = []
    for name in names:
        match = _NUMBERED.match(name)
        if match is not None:
            numbers.append(match.group(1))
        stem = match.group(2) if match is not None else name.removesuffix(".md")
        if stem == ADR_SLUG and name.endswith(".md"):
            return f"{folder}/{name}", int(match.group(1)) if match else 0, True
    number = max((int(text) for text in numbers), default=0) + 1
    width = max((len(text) for text in numbers), default=4)
    return f"{folder}/{number:0{width}d}-{ADR_SLUG}.md", number, False


# --------------------------------------------------------------------------- contents


def config_text(config: Config, proposals: list[tuple[str, str]]) -> str:
    lines = [
        "# threat-model-hooks: where the threat models live, and the code each one covers.",
        "# Every key is optional; these are the defaults. All keys:",
        "# https://github.com/threat-model-hooks/threat-model-hooks/blob/main/docs/configuration.md",
        f"models_dir: {yamledit.scalar(config.models_dir)}",
        f"template: {yamledit.scalar(config.template)}",
        f"index: {yamledit.scalar(config.index)}",
        f"staleness_days: {config.staleness_days}",
        "",
        "# Feature areas: a change to an area's paths asks for its model",
        f"# ({config.models_dir}/<area>.md) to be present and current.",
    ]
    if proposals:
        lines += [
            "# Proposed from the source folders: uncomment `areas:` and the areas that are",
            "# features, rename or merge them, or let `threat-model new NAME --paths PATH` add",
            "# each area with its model.",
        ]
    else:
        lines += [
            "# An example: uncomment it and name the code of a feature, or let",
            "# `threat-model new NAME --paths PATH` add each area with its model.",
        ]
        proposals = [("auth", "src/auth/")]
    lines.append(yamledit.AREAS_MARKER)
    for name, path in proposals:
        lines += [f"#   {yamledit.scalar(name)}:", f"#     paths: [{yamledit.scalar(path)}]"]
    return "\n".join(lines) + "\n"


def methodology(config: Config) -> tuple[str, str]:
    """The categories (with the built-in set they are, if one) and the lenses, as text."""
    from hooks.core.content.settings import BUILTIN_CATEGORIES, DEFAULTS

    settings = config.content or DEFAULTS
    names = ", ".join(category.name for category in settings.categories)
    built_in = {categories: key for key, categories in BUILTIN_CATEGORIES.items()}
    label = built_in.get(settings.categories)
    categories = f"{label.upper()} ({names})" if label else names
    lenses = ", ".join(lens.name for lens in settings.lenses) or "none"
    return categories, lenses


def adr_text(config: Config, number: int) -> str:
    from hooks.core.dates import today

    categories, lenses = methodology(config)
    return bundled("adr.md").format(
        number=number,
        date=today().isoformat(),
        models_dir=config.models_dir,
        template=config.template,
        index=config.index,
        categories=categories,
        lenses=lenses,
        staleness_days=config.staleness_days,
    )


def index_text(config: Config) -> str:
    """A new index whose managed table lists the repository's models (none, on day zero),
    as ``threat-model index --fix`` writes it."""
    from hooks.core import index
    from hooks.core.findings import Reporter

    return index.fixed_text(None, index.models_of(config, Reporter(config.severity)), config)


def pre_commit_text() -> str:
    item = yamledit.repo_lines(HOOKS_URL, f"v{__version__}", HOOK_IDS)
    item[-2] += "  # by hand: pre-commit run fix-threat-model-index --hook-stage manual"
    item[-1] += "  # advisory: says which touched areas lack a current model"
    return (
        "\n".join(
            [
                "# pre-commit hooks: https://pre-commit.com (install: pre-commit install)",
                f"default_install_hook_types: {HOOK_TYPES}",
                "repos:",
                *("  " + line for line in item),
                "# On pre-commit.ci, which has no git history, skip the coverage hook:",
                "# ci:",
                "#   skip: [check-threat-model-coverage]",
            ]
        )
        + "\n"
    )


# --------------------------------------------------------------------------- edits


def _append_checkpoint(session: Session, relpath: str, checkpoint: str) -> None:
    """The checkpoint at the end of an existing pull request template, once."""
    try:
        text = session.read(relpath) or ""
    except CannotWrite as exc:
        session.error(relpath, str(exc))
        return
    if "Threat model reviewed:" in text:
        session.say(f"skipped {relpath} (has the threat model checkpoint)")
        return
    newline = newline_of(text)
    body = text if not text or text.endswith(("\n", "\r")) else text + newline
    session.replace(
        relpath, body + (newline if body.strip() else "") + checkpoint + newline, "append to"
    )


def _github_template(root: Path) -> str | None:
    """The repository's pull request template, where GitHub looks for it (in any case)."""
    for folder in GITHUB_PR_FOLDERS:
        try:
            names = sorted(os.listdir(root / folder if folder else root))
        except OSError:
            continue
        for name in names:
            if name.lower() == "pull_request_template.md":
                return f"{folder}/{name}" if folder else name
    return None


def _pr_templates(session: Session, config: Config, forges: tuple[str, ...]) -> None:
    checkpoint = CHECKPOINT.format(models_dir=config.models_dir)
    new = bundled("pull_request_template.md").format(checkpoint=checkpoint)
    for forge in forges:
        if forge == GITHUB:
            existing = _github_template(session.root)
            relpath = existing or GITHUB_PR_TEMPLATE
        else:
            relpath = GITLAB_MR_TEMPLATE
            existing = relpath if session.exists(relpath) else None
        if existing is None:
            session.create(relpath, new)
        else:
            _append_checkpoint(session, existing, checkpoint)


def _ci(session: Session, forges: tuple[str, ...]) -> None:
    if not forges:
        session.say(
            "skipped CI and the pull request template (neither GitHub nor GitLab found;"
            " --forge chooses)"
        )
        return
    if GITHUB in forges:
        session.create(GITHUB_WORKFLOW, bundled("github-workflow.yml"))
    if GITLAB in forges:
        session.create(GITLAB_JOB, bundled("gitlab-ci.yml"))
        try:
            main = session.read(".gitlab-ci.yml") or ""
        except CannotWrite:
            main = ""
        if GITLAB_JOB not in main:
            session.note(f"add the job to .gitlab-ci.yml:  include: [{{local: {GITLAB_JOB}}}]")


def _pre_commit(session: Session) -> None:
    relpath = PRE_COMMIT_CONFIG
    try:
        text = session.read(relpath)
    except CannotWrite as exc:
        session.error(relpath, str(exc))
        return
    if text is None:
        session.create(relpath, pre_commit_text())
        return
    try:
        edited = yamledit.add_repo(text, HOOKS_URL, f"v{__version__}", HOOK_IDS, HOOK_TYPES)
    except yamledit.Refused as exc:
        session.error(relpath, f"{exc.reason}; it is not changed. Add these lines to it:")
        session.say(exc.lines)
        return
    if edited is None:
        session.say(f"skipped {relpath} (has the threat-model hooks)")
        return
    session.replace(relpath, edited, "update")


def run_init(session: Session, config: Config, forge: str = "auto") -> int:
    """Write what is missing; the exit status. ``forge``: ``auto`` (detected), ``github``,
    ``gitlab`` or ``none``."""
    root = session.root
    forges = detect_forges(root) if forge == "auto" else tuple(f for f in FORGES if f == forge)
    session.create(CONFIG_NAME, config_text(config, propose_areas(root)))
    session.create(config.template, bundled("template.md"))
    session.create(config.index, index_text(config))
    folder = adr_folder(root)
    relpath, number, present = adr_path(root, folder)
    if present:
        session.say(f"skipped {relpath} (exists)")
    else:
        session.create(relpath, adr_text(config, number))
    _pr_templates(session, config, forges)
    _ci(session, forges)
    _pre_commit(session)
    for path, text in INSTALLS.items():  # the review skill for coding agents
        session.create(path, text())
    return session.finish()
