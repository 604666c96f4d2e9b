"""``threat-model new FEATURE``: a model from the template, with the feature name, the owner,
today's date and the review cadence filled in; its area added to ``.threat-model.yaml`` (as
text, comments kept) and its row to the index (by the index's own ``--fix``).

Everything is prepared before anything is written: a configuration that cannot be edited
safely, or a model that exists already, leaves the repository as it was.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hooks.core import patterns
from hooks.core.config import CONFIG_NAME, Config, ConfigError, FieldSpec, parse_config
from hooks.core.git import GitError, git, repository_files
from hooks.core.output import markdown_text
from hooks.core.scaffold import codeowners, yamledit
from hooks.core.scaffold.files import (
    EXIT_USAGE,
    CannotWrite,
    Session,
    bundled,
)
from hooks.core.template import slugify

DEFAULT_CADENCE = "Quarterly"
FEATURE_PLACEHOLDER = "<Feature name>"
# the placeholder as the template writes it, a code span (so that a rendered page shows it)
FEATURE_SPAN = f"`{FEATURE_PLACEHOLDER}`"
_OWNER_NAMES = frozenset(["owner", "owners", "owning team", "team", "maintainer", "dri"])
_CADENCE_NAMES = frozenset(["review cadence", "cadence", "review frequency", "review interval"])


@dataclass(frozen=True)
class NewOptions:
    feature: str
    owner: str | None = None
    paths: tuple[str, ...] = ()
    cadence: str | None = None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def git_user(root: Path) -> str | None:
    try:
        name = git(root, "config", "--get", "user.name").decode("utf-8", "replace")
    except GitError:
        return None
    return _one_line(name) or None


def resolve_owner(root: Path, given: str | None, paths: Sequence[str]) -> tuple[str | None, str]:
    """The owner and where it came from: ``--owner``, else CODEOWNERS for the paths, else
    git's ``user.name``; ``(None, "")`` when none says."""
    if given and _one_line(given):
        return _one_line(given), "--owner"
    if paths:
        found = codeowners.read_rules(root)
        if found is not None:
            relpath, rules = found
            owner = codeowners.owners_for(rules, paths, repository_files(root) or [])
            if owner:
                return owner, relpath
    user = git_user(root)
    if user:
        return user, "git config user.name"
    return None, ""


def _spec(config: Config, names: frozenset[str]) -> FieldSpec | None:
    return next(
        (spec for spec in config.metadata if {n.casefold() for n in spec.names} & names), None
    )


def fill(
    template: str, config: Config, feature: str, owner: str | None, today: str, cadence: str | None
) -> str:
    """The template with the feature name (everywhere it says `` `<Feature name>` `` or
    ``<Feature name>``), the date
    and, where the template holds a placeholder or the value was asked for, the owner and the
    review cadence."""
    from hooks.core.fields import is_placeholder
    from hooks.core.markdown import parse_text
    from hooks.core.metadata import read_metadata
    from hooks.core.writer import split_lines

    bom = "\ufeff" if template.startswith("\ufeff") else ""
    text = template[len(bom) :].replace(FEATURE_SPAN, feature).replace(FEATURE_PLACEHOLDER, feature)
    entries = read_metadata(parse_text(text, config.template), config)
    lines = split_lines(text)
    wanted: list[tuple[FieldSpec | None, str | None, bool]] = [
        (config.date_field, today, True),
        (_spec(config, _OWNER_NAMES), owner, False),
        (_spec(config, _CADENCE_NAMES), cadence or DEFAULT_CADENCE, cadence is not None),
    ]
    for spec, value, always in wanted:
        entry = entries.get(spec.name) if spec is not None else None
        if entry is None or value is None or not (always or is_placeholder(entry.value)):
            continue
        number = entry.line - 1
        source = lines[number]
        table = source.lstrip().startswith("|")
        written = value
        if entry.source == "front matter":
            written = yamledit.scalar(value)
        elif table:
            written = markdown_text(value)
        if not entry.value:  # a key with nothing after it: the value goes at the line's end
            if table:
                continue
            body = source.rstrip("\r\n")
            lines[number] = body.rstrip() + " " + written + source[len(body) :]
            continue
        start = source.find(entry.value, max(entry.column - 1, 0))
        if start >= 0:
            lines[number] = source[:start] + written + source[start + len(entry.value) :]
    return bom + "".join(lines)


def _usage(message: str) -> int:
    print(f"threat-model new: {message}", file=sys.stderr)
    return EXIT_USAGE


def _area_paths(paths: Sequence[str]) -> list[str] | str:
    """The ``--paths`` as area patterns (``./`` dropped), or why one is not a pattern."""
    result: list[str] = []
    for written in paths:
        text = written.strip()
        while text.startswith("./"):
            text = text[2:]
        if not text:
            return f"--paths {written!r}: an empty path"
        why = patterns.problem(text)
        if why is not None:
            return f"--paths {written!r}: {why}"
        if text not in result:
            result.append(text)
    return result


def _template(session: Session, config: Config) -> str | None:
    try:
        text = session.read(config.template)
    except CannotWrite as exc:
        session.error(config.template, str(exc))
        return None
    if text is None:
        session.note(
            f"{config.template} does not exist; the bundled template is used"
            " (threat-model init writes it)"
        )
        return bundled("template.md")
    return text


def run_new(session: Session, config: Config, options: NewOptions) -> int:
    """Write the model, add its area and its index row; the exit status."""
    from hooks.core.dates import today

    feature = _one_line(options.feature)
    slug = slugify(feature)
    if not slug:
        return _usage(f"feature name {options.feature!r} has no letters or digits")
    paths = _area_paths(options.paths)
    if isinstance(paths, str):
        return _usage(paths)
    area = next((area for area in config.areas if area.name == slug), None)
    model = area.model if area is not None else f"{config.models_dir}/{slug}.md".lstrip("/")
    if session.exists(model):
        session.error(model, "exists; edit it, or name another feature")
        return session.finish()
    template = _template(session, config)
    if template is None:
        return session.finish()
    owner, source = resolve_owner(session.root, options.owner, paths)
    text = fill(template, config, feature, owner, today().isoformat(), options.cadence)

    edited_config: str | None = None
    written_config: Config = config
    if area is not None and paths:
        session.note(f"area '{slug}' is in {CONFIG_NAME} already; its paths are kept")
    elif area is None and not paths:
        session.note(f"no --paths, so no area in {CONFIG_NAME}: coverage will not ask for it")
    elif paths:
        try:
            old = session.read(CONFIG_NAME)
            edited_config = yamledit.add_area(old or "", slug, paths)
            written_config = parse_config(edited_config, CONFIG_NAME, session.root)
        except CannotWrite as exc:
            session.error(CONFIG_NAME, str(exc))
            return session.finish()
        except yamledit.Refused as exc:
            session.error(CONFIG_NAME, f"{exc.reason}; nothing is written. Add these lines:")
            session.say(exc.lines)
            return session.finish()
        except ConfigError as exc:
            session.error(CONFIG_NAME, f"the area would not be valid: {exc.message}")
            return session.finish()
    try:
        index_old = session.read(config.index)
    except CannotWrite as exc:
        session.error(config.index, str(exc))
        return session.finish()

    if not session.create(model, text):
        session.failed = True
        return session.finish()
    if edited_config is not None:
        if session.exists(CONFIG_NAME):
            session.replace(CONFIG_NAME, edited_config, "update")
        else:
            session.create(CONFIG_NAME, edited_config)
    _index(session, written_config, index_old)
    if owner is None:
        session.note("no owner found (--owner, CODEOWNERS, git config user.name): fill it in")
    else:
        session.note(f"owner {owner} (from {source})")
    return session.finish()


def _index(session: Session, config: Config, old: str | None) -> None:
    """The index with the new model's row, rewritten as ``threat-model index --fix`` does."""
    relpath = config.index
    if session.dry_run:
        session.say(f"would {'update' if old is not None else 'create'} {relpath}")
        return
    from hooks.core import index
    from hooks.core.findings import Reporter

    new = index.fixed_text(old, index.models_of(config, Reporter(config.severity)), config)
    if old is None:
        session.create(relpath, new)
    elif new != old:
        session.replace(relpath, new, "update")
