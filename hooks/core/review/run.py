"""``threat-model review``: read the change, find its changes, map them to models, decide."""

from __future__ import annotations

from hooks.core import coverage, files, git, output, patterns
from hooks.core.config import CONFIG_NAME, Config
from hooks.core.models import Version
from hooks.core.review.detectors import Detector, Fast, Hit, Scanner, builtin_detectors
from hooks.core.review.diff import Diff, read_diff
from hooks.core.review.render import render
from hooks.core.review.report import Review, changes_of, verdicts
from hooks.core.review.settings import DEFAULTS, DetectorSpec, ReviewSettings

EXIT_USAGE = 2


class ReviewError(Exception):
    """The change cannot be read (not a repository, a ref missing, no merge base)."""


def settings_of(config: Config) -> ReviewSettings:
    return config.review or DEFAULTS


def detectors(config: Config) -> list[Detector]:
    """The built-in detectors (unless the configuration turns them off) and the team's."""
    settings = settings_of(config)
    found = builtin_detectors() if settings.builtin_detectors else []
    found.extend(_team(spec) for spec in settings.detectors)
    return found


def _team(spec: DetectorSpec) -> Detector:
    joined = "|".join(f"(?:{line})" for line in spec.lines)
    unless = "|".join(f"(?:{line})" for line in spec.unless)
    return Detector(
        name=spec.name,
        category=spec.category,
        why=spec.why,
        paths=patterns.matcher(*spec.paths),
        pattern=Fast(joined) if joined else None,
        unless=Fast(unless) if unless else None,
        added=True,
        removed=spec.removed,
    )


def read_change(config: Config, from_ref: str | None, to_ref: str | None) -> Review:
    """The change to review: a range (given, or pre-commit's), else the staged change."""
    root = config.root
    try:
        inside = git.is_repository(root)
    except git.GitError as exc:  # git cannot be run at all
        raise ReviewError(str(exc)) from None
    if not inside:
        raise ReviewError(f"{root} is not a git repository; run inside a git work tree")
    try:
        refs = coverage.resolve_range(root, from_ref, to_ref)
    except coverage.CoverageError as exc:
        raise ReviewError(str(exc)) from None
    before: Version | None
    try:
        if refs is not None:
            base_ref, head_ref = refs
            head = git.commit_id(root, head_ref)
            merge_base = git.merge_base(root, base_ref, head)
            diff = read_diff(root, merge_base, head)
            description = f"changes in {base_ref}...{head_ref} (from the merge base)"
            review = Review(merge_base, head, "range", description)
            version, before = Version(ref=head), Version(ref=merge_base)
        else:
            parent = git.commit_id(root, "HEAD") if git.ref_exists(root, "HEAD") else None
            diff = read_diff(root, parent, None)
            description = "staged changes" if diff.files else "nothing staged"
            review = Review(parent, None, "staged", description)
            version = Version(staged=True)
            before = Version(ref=parent) if parent else None
    except git.GitError as exc:
        raise ReviewError(f"cannot read the change: {exc}") from None
    _evaluate(config, review, diff, version, before)
    return review


def _evaluate(
    config: Config, review: Review, diff: Diff, version: Version, before: Version | None
) -> None:
    settings = settings_of(config)
    excluded = patterns.matcher(*settings.exclude) if settings.exclude else None
    kept = [
        item
        for item in diff.files
        if not files.skipped(config, item.path) and not (excluded and excluded(item.path))
    ]
    scanner = Scanner(detectors(config), config.models_dir)
    hits: list[Hit] = scanner.scan(Diff(kept, diff.truncated))
    review.changes = changes_of(config, hits)
    review.truncated = diff.truncated
    paths = diff.paths
    review.configuration_changed = CONFIG_NAME in paths
    if paths:
        review.coverage_changes = coverage.Changes(
            review.source, tuple(paths), review.description, version
        )
        try:
            review.statuses = coverage.evaluate(config, review.coverage_changes)
        except git.GitError as exc:
            raise ReviewError(f"cannot read the models: {exc}") from None
    try:
        review.models = verdicts(config, review.changes, review.statuses, set(paths), before)
    except git.GitError as exc:
        raise ReviewError(f"cannot read the models: {exc}") from None


def run_review(
    config: Config,
    from_ref: str | None,
    to_ref: str | None,
    fmt: str,
    enforce: bool,
    with_coverage: bool = False,
) -> int:
    """Review the change and print it; the exit status of the hook and the subcommand."""
    enforce = enforce or config.mode == "enforce"
    try:
        review = read_change(config, from_ref, to_ref)
    except ReviewError as exc:
        output.error(f"threat-model review: error: {exc}")
        return EXIT_USAGE
    output.write(render(config, review, fmt, enforce, with_coverage))
    return 1 if enforce and review.failing else 0
