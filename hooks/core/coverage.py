"""Coverage of feature areas by current threat models: change detection, statuses, reports.

JSON report schema version 1 (see ``docs/coverage.md``).
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
import posixpath
import re
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from hooks.core import files
from hooks.core.areas import Area, AreaMatcher
from hooks.core.config import CONFIG_NAME, Config
from hooks.core.dates import today
from hooks.core.findings import Reporter
from hooks.core.git import (
    GitError,
    GitMissing,
    changed_between,
    missing_ref,
    staged_files,
    work_tree_prefix,
)
from hooks.core.models import Model, Unread, Version, budget, read_models
from hooks.core.output import (
    code_span,
    error,
    escape_data,
    escape_property,
    lines,
    markdown_cell,
    markdown_text,
    printable,
    write,
)

SCHEMA_VERSION = 1
MARKER = "<!-- threat-model-coverage -->"
PATHS_SHOWN = 10
FORMATS = ("text", "markdown", "json", "github", "sarif", "gitlab")
FINDING_FORMATS = ("sarif", "gitlab")  # the report as findings (TM401, TM402) in these
GIT_PROBLEM = "TM403"


class State(enum.Enum):
    """Whether an area's model is present and current, stale, or missing."""

    PRESENT = "present"
    STALE = "stale"
    MISSING = "missing"


CODES = {State.STALE: "TM401", State.MISSING: "TM402"}


class CoverageError(Exception):
    """A git problem that stops change detection; the message says what to do."""


class Changes(NamedTuple):
    """What changed and how it was found: ``range``, ``staged`` or ``audit``."""

    source: str
    paths: tuple[str, ...]
    description: str
    version: Version = Version()  # which version of the models to read


class AreaStatus(NamedTuple):
    area: Area
    status: State
    why: str
    owner: str = ""
    last_updated: str = ""
    due: str = ""
    touched: tuple[str, ...] = ()  # the paths of the change in it
    hint: str = ""
    model: Model | None = None  # the model, when it could be read
    absent: bool = False  # no model file at all


def detect_changes(
    root: Path, from_ref: str | None, to_ref: str | None, audit: bool = False
) -> Changes:
    """The changed paths: an explicit range, the pre-commit range, staged files, or a full audit."""
    try:
        return _detect_changes(root, from_ref, to_ref, audit)
    except GitMissing as exc:
        raise CoverageError(f"{exc}; install git to detect what changed") from None


def _detect_changes(root: Path, from_ref: str | None, to_ref: str | None, audit: bool) -> Changes:
    # a root with its own .git is the top of its work tree, so git need not be asked where it
    # lies; an audit asks git nothing else, so it asks here whether this is a work tree at all
    top = not audit and os.path.lexists(root / ".git")
    folder = "" if top else work_tree_prefix(root)
    if folder is None:
        raise CoverageError(f"{root} is not a git repository; run inside a git work tree")
    if audit:
        return Changes("audit", (), "full audit of every area (--all)")
    refs = resolve_range(root, from_ref, to_ref)
    if refs is not None:
        base, head = refs
        try:
            paths = changed_between(root, base, head, folder)
        except GitError as exc:
            raise CoverageError(
                f"cannot compare {base}...{head}: {exc} (no merge base in a shallow clone? "
                "use fetch-depth: 0)"
            ) from None
        description = f"changes in {base}...{head} (from the merge base)"
        return Changes("range", tuple(paths), description, Version(ref=head))
    try:
        staged, elsewhere = staged_files(root, folder)
    except GitError as exc:
        raise CoverageError(f"cannot read the staged files: {exc}") from None
    if staged or elsewhere:
        outside = f"; {elsewhere} outside this project's folder" if elsewhere else ""
        return Changes("staged", tuple(staged), f"staged changes{outside}", Version(staged=True))
    return Changes("audit", (), "full audit of every area (nothing staged)")


def resolve_range(root: Path, from_ref: str | None, to_ref: str | None) -> tuple[str, str] | None:
    """The range a check compares, ``(base, head)``: the given refs, else the pre-commit range
    (``PRE_COMMIT_FROM_REF``/``PRE_COMMIT_TO_REF``), a missing end being ``HEAD``; ``None``
    when neither is given (the staged change). Each ref must name a commit."""
    if not from_ref and not to_ref:
        from_ref = os.environ.get("PRE_COMMIT_FROM_REF") or None
        to_ref = os.environ.get("PRE_COMMIT_TO_REF") or None
    if not from_ref and not to_ref:
        return None
    base, head = from_ref or "HEAD", to_ref or "HEAD"
    ref = missing_ref(root, (base, head))
    if ref is not None:
        raise CoverageError(
            f"git ref {ref!r} is not available (a shallow clone?); fetch it, e.g. "
            "actions/checkout with fetch-depth: 0 or `git fetch --unshallow`"
        )
    return base, head


def evaluate(
    config: Config,
    changes: Changes,
    now: dt.date | None = None,
    known: Mapping[str, Model] | None = None,
) -> list[AreaStatus]:
    """A status for each touched area (each area in a full audit), in configuration order.
    Models are read as of the change: at the head of a range, staged, or in the working tree
    (where ``known`` holds the models read already)."""
    now = now or today()
    if changes.source == "audit":
        groups: dict[str, list[str]] = {area.name: [] for area in config.areas}
    else:
        groups = AreaMatcher(config.areas).group(changes.paths)
    changed = set(changes.paths)
    touched_areas = [area for area in config.areas if area.name in groups]
    models = read_models(config, sorted({a.model for a in touched_areas}), changes.version, known)
    result: list[AreaStatus] = []
    for area in touched_areas:
        status = _status(config, area, models[area.model], area.model in changed, now)
        result.append(status._replace(touched=tuple(printable(p) for p in groups[area.name])))
    return result


def _status(
    config: Config, area: Area, read: Model | Unread, changed: bool, now: dt.date
) -> AreaStatus:
    if isinstance(read, Unread):
        hint = _named_elsewhere(config, area) if read.absent else None
        return AreaStatus(
            area, State.MISSING, read.message, hint=hint or read.hint, absent=read.absent
        )
    model = read
    written = model.date.isoformat() if model.date else model.updated
    if model.date is None:
        if written:
            why = f"Last updated {written!r} is not a valid past date"
            hint = "write Last updated as a real date, not in the future (YYYY-MM-DD)"
        else:
            why = "the model has no Last updated date"
            hint = "add '- **Last updated:** YYYY-MM-DD' to the model's metadata"
        return AreaStatus(area, State.MISSING, why, model.owner, written, hint=hint, model=model)
    days = budget(config, area)
    due = model.date + dt.timedelta(days=days)
    age = (now - model.date).days
    if age > days:
        why = f"last updated {age} days ago; budget {days} days; was due {due}"
        hint = "review the model, update it and set Last updated to today's date"
        state = State.STALE
    elif changed:
        why, hint, state = "updated in this change", "", State.PRESENT
    else:
        why, hint, state = f"current ({age} of {days} days); due {due}", "", State.PRESENT
    return AreaStatus(
        area, state, why, model.owner, written, due.isoformat(), hint=hint, model=model
    )


def _named_elsewhere(config: Config, area: Area) -> str | None:
    """When an area's model is not at ``<area>.md`` (the path it gets when the configuration
    names none) but a model of a like name exists (``authentication.md`` for ``auth``), a hint
    to name that one with ``model:`` rather than write a second model."""
    folder = posixpath.dirname(area.model)
    if area.model != posixpath.join(config.models_dir, f"{area.name}.md"):
        return None  # the configuration names the model: it is missing where it says
    stem = _slug(area.name)
    found = sorted(
        relpath
        for relpath in files.files_under(config, folder)
        if config.is_model_path(relpath)
        and posixpath.dirname(relpath) == folder
        and _alike(stem, _slug(posixpath.basename(relpath).rsplit(".", 1)[0]))
    )
    if not found:
        return None
    return (
        f"if {found[0]} is the model of area '{area.name}', name it under the area in "
        f"{CONFIG_NAME}: 'model: {found[0]}'; else write the model at {area.model} from the "
        "template"
    )


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def _alike(area: str, model: str) -> bool:
    """Whether a model's name may be an area's: one starts with the other (``auth`` and
    ``authentication``, ``payments`` and ``payments-api``)."""
    return bool(area and model) and (model.startswith(area) or area.startswith(model))


def failing(statuses: list[AreaStatus]) -> bool:
    return any(s.status is not State.PRESENT for s in statuses)


class Report(NamedTuple):
    """What the coverage report says: the statuses of the areas a change touches (every area
    in a full audit), how the change was found, the mode, and how many areas are configured."""

    statuses: list[AreaStatus]
    changes: Changes
    enforce: bool
    configured: int

    @property
    def mode(self) -> str:
        return "enforce" if self.enforce else "advisory"

    @property
    def verdict(self) -> str:
        if not self.configured:
            return (
                "No feature area is configured: map code paths to models under 'areas:' in "
                f"{CONFIG_NAME} (docs/coverage.md)."
            )
        statuses = self.statuses
        areas = "area(s)" if self.changes.source == "audit" else "touched area(s)"
        if not statuses:
            return "No feature area is touched."
        bad = [s for s in statuses if s.status is not State.PRESENT]
        if not bad:
            return f"All {len(statuses)} {areas} have a current threat model."
        return f"{len(bad)} of {len(statuses)} {areas} need threat model work."


def render(report: Report, fmt: str) -> str:
    if fmt == "json":
        return render_json(report)
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "github":
        return render_github(report)
    return render_text(report)


def render_text(report: Report) -> str:
    shown = [f"threat-model coverage ({report.mode}): {report.changes.description}"]
    for s in report.statuses:
        code = f" ({CODES[s.status]})" if s.status in CODES else ""
        shown.append(f"{s.area.name}: {s.status.value}: {s.area.model}: {s.why}{code}")
    shown.append(report.verdict)
    return lines(shown)


_ICON = {
    State.PRESENT: "\u2705 present",
    State.STALE: "\u26a0\ufe0f stale",
    State.MISSING: "\u274c missing",
}


def render_markdown(report: Report) -> str:
    statuses = report.statuses
    shown = [
        MARKER,
        "## Threat model coverage",
        "",
        f"**{markdown_text(report.verdict)}** "
        f"({report.mode} mode; {markdown_text(report.changes.description)})",
        "",
    ]
    if statuses:
        shown += [
            "| Area | Model | Owner | Last updated | Status | Why |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for s in statuses:
            model = code_span(s.area.model)
            shown.append(
                f"| {markdown_cell(s.area.name)} | {model} | {markdown_cell(s.owner)} | "
                f"{markdown_cell(s.last_updated)} | {_ICON[s.status]} | {markdown_cell(s.why)} |"
            )
        for s in statuses:
            if not s.touched:
                continue
            shown += [
                "",
                f"<details><summary>{markdown_text(s.area.name)}: "
                f"{len(s.touched)} changed path(s)</summary>",
                "",
            ]
            shown += [f"- {code_span(p, cell=False)}" for p in s.touched[:PATHS_SHOWN]]
            if len(s.touched) > PATHS_SHOWN:
                shown.append(f"- \u2026 and {len(s.touched) - PATHS_SHOWN} more")
            shown += ["", "</details>"]
    return lines(shown)


def render_json(report: Report) -> str:
    statuses, changes = report.statuses, report.changes
    data = {
        "schema_version": SCHEMA_VERSION,
        "mode": report.mode,
        "source": changes.source,
        "description": printable(changes.description),
        "verdict": printable(report.verdict),
        "passed": not failing(statuses),
        "areas": [
            {
                "name": printable(s.area.name),
                "model": printable(s.area.model),
                "owner": printable(s.owner) or None,
                "last_updated": printable(s.last_updated) or None,
                "due": s.due or None,
                "status": s.status.value,
                "why": printable(s.why),
                "touched": s.touched,
            }
            for s in statuses
        ],
    }
    # ASCII: every control character, and every other character, is a JSON escape
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def render_github(report: Report) -> str:
    """Workflow commands, escaped as the Actions toolkit escapes them (what is left of control
    characters, :func:`lines` escapes)."""
    level = "error" if report.enforce else "warning"
    description = "threat-model coverage: " + report.changes.description
    shown = [f"::notice::{escape_data(description)}"]
    for s in report.statuses:
        if s.status is not State.PRESENT:
            message = escape_data(f"{s.area.name}: {s.status.value}: {s.why}")
            properties = ",".join(
                [
                    f"file={escape_property(s.area.model)}",
                    f"title={escape_property(f'{CODES[s.status]} threat model {s.status.value}')}",
                ]
            )
            shown.append(f"::{level} {properties}::{message}")
    shown.append(f"::notice::{escape_data(report.verdict)}")
    return lines(shown)


def run_coverage(
    config: Config,
    from_ref: str | None,
    to_ref: str | None,
    audit: bool,
    fmt: str,
    enforce: bool,
) -> int:
    """Detect changes, print the report; the exit status of the hook and the subcommand."""
    enforce = enforce or config.mode == "enforce"
    try:
        changes = detect_changes(config.root, from_ref, to_ref, audit)
        statuses = evaluate(config, changes)
    except (CoverageError, GitError) as exc:
        problem = exc if isinstance(exc, CoverageError) else f"cannot read the models: {exc}"
        level = "error" if enforce else "warning"
        error(f"threat-model coverage: {level}: {GIT_PROBLEM} {problem}")
        return 2 if enforce else 0
    if fmt in FINDING_FORMATS:
        from hooks.core.output import render as render_findings

        reporter = Reporter(config.severity)
        report_statuses(config, statuses, reporter, enforce)
        write(render_findings(reporter.findings, fmt, files.top_level(config.root)))
    else:
        write(render(Report(statuses, changes, enforce, len(config.areas)), fmt))
    return 1 if enforce and failing(statuses) else 0


def report_audit(
    config: Config, reporter: Reporter, known: Mapping[str, Model] | None = None
) -> None:
    """A full audit as findings, for ``threat-model check`` (see :func:`report_statuses`).
    ``known`` holds the models of the working tree read already."""
    statuses = evaluate(config, Changes("audit", (), "full audit"), known=known)
    report_statuses(config, statuses, reporter, config.mode == "enforce")


def report_statuses(
    config: Config, statuses: list[AreaStatus], reporter: Reporter, enforce: bool
) -> None:
    """Each area whose model is stale (TM401) or missing (TM402) as a finding, at the model's
    Last updated line (at the area's definition in the configuration when there is no model
    file). Enforcing (``--enforce``, ``mode: enforce``) makes them errors."""
    if enforce:
        for code in CODES.values():
            reporter.raise_default(code, "error")
    for status in statuses:
        if status.status is State.PRESENT:
            continue
        model = status.model
        if status.absent:
            path, line, column = _definition(config, status.area)
        elif model is not None and model.updated:
            path = files.as_cwd_path(config, status.area.model)
            line, column = model.updated_line, model.updated_column
        else:
            path, line, column = files.as_cwd_path(config, status.area.model), 1, 1
        reporter.add(
            CODES[status.status],
            path=path,
            line=line,
            column=column,
            message=f"area '{status.area.name}': {status.status.value}: {status.why}",
            hint=status.hint,
        )


_YAML_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")  # where YAML counts a new line


def _definition(config: Config, area: Area) -> tuple[str, int, int]:
    """Where the configuration file defines an area: its shown path, line and column."""
    source = config.source or CONFIG_NAME
    if source == CONFIG_NAME:
        path, shown = config.root / CONFIG_NAME, files.as_cwd_path(config, CONFIG_NAME)
    else:
        path, shown = Path(source), files.shown(source)
    try:
        rows = _YAML_BREAK.split(path.read_text(encoding="utf-8-sig", errors="replace"))
    except OSError:
        rows = []
    text = rows[area.line - 1] if 0 < area.line <= len(rows) else ""
    column = text.find(area.name) + 1 or len(text) - len(text.lstrip()) + 1
    return shown, max(area.line, 1), column
