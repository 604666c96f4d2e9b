"""The checks of ``check-threat-model-template``: names, place, title, order, placeholders,
and the template itself."""

from __future__ import annotations

import itertools
import os
import re
import shlex
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from hooks import __version__
from hooks.core.config import Config, is_under
from hooks.core.context import ModelContext
from hooks.core.files import NOT_READ_HINT, File, as_cwd_path, leaves, read
from hooks.core.findings import Reporter, shorten
from hooks.core.markdown import Document, parse_text, read_document
from hooks.core.metadata import read_metadata, title_pattern
from hooks.core.placeholders import find_placeholders, text_lines, written_at
from hooks.core.sections import find_section
from hooks.core.source import Problem

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_THREAT_MODEL_NAME = re.compile(r"threat[-_ ]?model(?:l?ing|s)?", re.IGNORECASE)
# indexes, templates, and the reports of the CI examples (threat-model-coverage.md,
# threat-model-status.md) are pages about threat models, not models
_NOT_A_MODEL = re.compile(r"(?:^|[-_ .])(?:index|template|coverage|status)$")
_MODEL_TITLE = re.compile(r"threat[- ]?model(?![\w-])", re.IGNORECASE)
_LEADING_WORDS = frozenset(["", "for", "of", "the", "a", "an", "with", "on", "in", "to"])
_GENERIC = frozenset(["doc", "docs", "documentation", "security", "design", "designs"])


def slugify(text: str) -> str:
    """A kebab-case slug: ``Auth Service_v2`` -> ``auth-service-v2``, ``Ünïcode`` ->
    ``unicode`` (accents dropped after NFKD decomposition)."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", text)
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def git_mv(source: str, target: str) -> str:
    """The shell command that moves ``source`` to ``target``, quoted for a POSIX shell."""
    separator = " -- " if source.startswith("-") else " "
    return f"git mv{separator}{shlex.quote(source)} {shlex.quote(target)}"


BUNDLED_TEMPLATE_URL = (
    f"https://github.com/threat-model-hooks/threat-model-hooks/blob/v{__version__}"
    "/hooks/data/template.md"
)


@dataclass
class Template:
    """The template as the checks need it: its required sections, in order, and the problems
    of reading it. ``bundled`` says that the repository has none and the checks use the
    template bundled with the package."""

    path: str
    doc: Document | None
    order: list[str] = field(default_factory=list)  # names of required sections, in order
    problems: list[Problem] = field(default_factory=list)
    bundled: bool = False


def bundled_template() -> str:
    """The template bundled with the package (``hooks/data/template.md``), which
    ``threat-model init`` writes."""
    from importlib import resources

    return resources.files("hooks").joinpath("data/template.md").read_text(encoding="utf-8")


def load_template(config: Config) -> Template:
    """The template, read as models are: a symbolic link out of the repository is not read
    (TM001), nor more than ``max_file_bytes`` of it (TM005). With nothing at the template's
    path, the bundled template."""
    path = config.root / config.template
    if not os.path.lexists(path):
        doc = parse_text(bundled_template(), config.template)
        return Template(config.template, doc, _order(config, doc), bundled=True)
    if not path.is_file():
        return Template(config.template, None)
    why = leaves(config, config.template)
    if why is not None:
        problem = Problem(1, 1, "TM001", f"{config.template} {why}", NOT_READ_HINT)
        return Template(config.template, None, problems=[problem])
    result = read_document(path, config.template, config.max_file_bytes)
    if isinstance(result, Problem):
        return Template(config.template, None, problems=[result])
    return Template(config.template, result, _order(config, result), list(result.problems))


def _order(config: Config, doc: Document) -> list[str]:
    """The names of the required sections the template has, in its order."""
    positions = []
    for spec in config.sections:
        section = find_section(doc, spec)
        if section is not None:
            positions.append((section.line, spec.name))
    return [name for _, name in sorted(positions)]


def check_template_file(config: Config, template: Template, reporter: Reporter) -> None:
    """The template exists (else the bundled one is used: TM208), is a file that can be read
    and has every required section."""
    shown = as_cwd_path(config, config.template)
    if template.bundled:
        reporter.add(
            "TM208",
            path=shown,
            line=1,
            column=1,
            message=f"{config.template} does not exist; the template bundled with"
            " threat-model-hooks is used",
            hint=f"write it to make it the team's own: threat-model init, or copy"
            f" {BUNDLED_TEMPLATE_URL}",
        )
        return
    path = config.root / config.template
    if not path.is_file():
        what = "a symbolic link to no file" if path.is_symlink() else "not a regular file"
        reporter.add(
            "TM206",
            path=shown,
            line=1,
            column=1,
            message=f"template {config.template} is {what}",
            hint="make it a regular file, or set 'template' in .threat-model.yaml",
        )
        return
    for problem in template.problems:
        reporter.add_problem(shown, problem)
    doc = template.doc
    if doc is None:
        return
    metadata = read_metadata(doc, config)
    anchor = doc.title.line if doc.title else 1
    for spec in config.sections:
        if find_section(doc, spec) is not None:
            continue
        if spec.metadata and (metadata or not config.metadata):
            continue
        reporter.add(
            "TM207",
            path=shown,
            line=anchor,
            column=1,
            message=f"template lacks the required section '{spec.name}'",
            hint=f"add a '## {spec.name}' heading to the template",
        )


def check_model_place(model: ModelContext, reporter: Reporter) -> None:
    """A model under ``models_dir`` has a kebab-case ``.md`` name directly in that folder."""
    config, relpath = model.config, model.relpath
    path = PurePosixPath(relpath)
    if len(path.relative_to(config.models_dir or ".").parts) > 1:
        reason = "models live directly in the models folder"
    elif not SLUG.match(path.stem):
        reason = "file name is not a kebab-case slug"
    elif path.suffix != ".md":
        reason = "models use the .md suffix"
    else:
        return
    target = (PurePosixPath(config.models_dir) / f"{slugify(path.stem) or 'feature'}.md").as_posix()
    reporter.add(
        "TM201",
        path=model.path,
        line=1,
        column=1,
        message=f"{reason}: rename to {target}",
        hint=git_mv(relpath, target),
    )


def _is_model_title(text: str) -> bool:
    """``Threat Model: Auth`` or ``Threat model for the uploader``, but not ``Threat Models``,
    ``Threat modeling guide`` or ``Threat modelling``: pages about threat models."""
    return _MODEL_TITLE.match(text.strip()) is not None


def looks_like_model(doc: Document | None, relpath: str) -> bool:
    """Whether a file outside ``models_dir`` is a threat model, by its name or its H1.

    Indexes, templates and reports (``THREAT_MODEL_INDEX.md``, ``threat-model-template.md``,
    ``threat-model-coverage.md``) are not.
    """
    if _NOT_A_MODEL.search(PurePosixPath(relpath).stem.lower()):
        return False
    if _THREAT_MODEL_NAME.search(PurePosixPath(relpath).name):
        return True
    title = doc.title if doc is not None else None
    return title is not None and _is_model_title(title.text)


def _features(doc: Document | None, relpath: str, config: Config) -> list[str]:
    """Feature names for a misplaced model, best first: from its title, its file name, then
    the folder it is in (the nearest one that is not a generic one such as ``docs``)."""
    names: list[str] = []
    title = doc.title if doc is not None else None
    if title is not None and _is_model_title(title.text):
        values = title_pattern(config).match(title.text)
        if values:
            names.append(values[-1])
        words = _THREAT_MODEL_NAME.sub(" ", title.text).replace(":", " ").split()
        while words and words[0].strip("-\u2013\u2014").lower() in _LEADING_WORDS:
            words.pop(0)
        names.append(" ".join(words))
    path = PurePosixPath(relpath)
    names.append(_THREAT_MODEL_NAME.sub(" ", path.stem))
    folders = [name for name in reversed(path.parent.parts) if name.lower() not in _GENERIC]
    names.append(folders[0] if folders else "")
    slugs = [slugify(name) for name in names]
    return list(dict.fromkeys(slug for slug in slugs if slug))


def check_page(config: Config, file: File, reporter: Reporter, taken: set[str]) -> None:
    """A Markdown page that is not at a model's path: when it is a threat model outside
    ``models_dir``, it is reported with the path it should move to, one that is not an
    existing file and not in ``taken`` (the paths suggested so far in this run, to which it is
    added). A page whose name is not a model's is read quietly, to see whether it is one.
    Pages in hidden folders (``.github/``, ``.claude/commands/``) are tools' files, such as
    the review prompt ``review-threat-model.md``, not misplaced models."""
    relpath = file.relpath
    if relpath == config.index or is_under(relpath, config.models_dir):
        return
    if any(part.startswith(".") for part in PurePosixPath(relpath).parent.parts):
        return
    quiet = not looks_like_model(None, relpath)
    doc = read(config, file.shown, None if quiet else reporter)
    if not looks_like_model(doc, relpath):
        return
    folder = PurePosixPath(config.models_dir)
    features = _features(doc, relpath, config) or ["feature"]
    numbered = (f"{features[0]}-{n}" for n in itertools.count(2))
    paths = ((folder / f"{name}.md").as_posix() for name in itertools.chain(features, numbered))
    target = next(path for path in paths if path not in taken and not (config.root / path).exists())
    taken.add(target)
    title = doc.title if doc is not None else None
    reporter.add(
        "TM202",
        path=file.shown,
        line=title.line if title is not None else 1,
        column=1,
        message=f"threat model outside {config.models_dir}/: move it to {target}",
        hint=git_mv(relpath, target),
    )


class TemplateChecks:
    """The template checks of one run, with the template read once: each model's name, place,
    title, section order and placeholders, other pages that may be misplaced models, and the
    template file itself."""

    def __init__(self, config: Config, metadata_placeholders: bool = True) -> None:
        self.config = config
        self.template = load_template(config)
        self.metadata_placeholders = metadata_placeholders
        self.taken: set[str] = set()  # paths suggested for misplaced models, none twice

    def model(self, model: ModelContext, reporter: Reporter) -> None:
        check_model_place(model, reporter)
        check_model(model, self.template, reporter, self.metadata_placeholders)

    def page(self, file: File, reporter: Reporter) -> None:
        check_page(self.config, file, reporter, self.taken)

    def template_file(self, reporter: Reporter) -> None:
        check_template_file(self.config, self.template, reporter)


def check_model(
    model: ModelContext,
    template: Template,
    reporter: Reporter,
    metadata_placeholders: bool = True,
) -> None:
    """Title pattern, section order and leftover placeholders of one model."""
    _check_title(model.doc, model.config, reporter)
    _check_order(model, template, reporter)
    _check_placeholders(model, reporter, metadata_placeholders)


def _front_matter_title(doc: Document) -> tuple[str, int, int] | None:
    """The ``title:`` of a model's front matter (a site generator shows it as the page's H1),
    with its line and column, or ``None``."""
    value = (doc.front_matter or {}).get("title")
    if not isinstance(value, str) or not value.strip():
        return None
    line = doc.front_matter_lines.get("title", 1)
    source = doc.source_line(line)
    column = source.find(":") + 1 if ":" in source else 0
    column += len(source[column:]) - len(source[column:].lstrip())
    return value, line, column + 1


def _check_title(doc: Document, config: Config, reporter: Reporter) -> None:
    title = doc.title
    expected = f"# {config.title}"
    front = _front_matter_title(doc) if title is None else None
    if front is not None:
        text, line, column = front
        if title_pattern(config).match(text) is None:
            reporter.add(
                "TM203",
                path=doc.path,
                line=line,
                column=column,
                message=f"front matter title '{shorten(text)}' does not follow '{config.title}'",
                hint=f"rename the title to '{config.title}'",
            )
    elif title is None:
        reporter.add(
            "TM203",
            path=doc.path,
            line=1,
            column=1,
            message=f"no H1 title; expected '{expected}'",
            hint=f"start the model with '{expected}'",
        )
    elif title_pattern(config).match(title.text) is None:
        reporter.add(
            "TM203",
            path=doc.path,
            line=title.line,
            column=title.column,
            message=f"title '{shorten(title.text)}' does not follow '{expected}'",
            hint=f"rename the title to '{expected}'",
        )


def _check_order(model: ModelContext, template: Template, reporter: Reporter) -> None:
    doc, config = model.doc, model.config
    if len(template.order) < 2:
        return
    rank = {name: position for position, name in enumerate(template.order)}
    specs = {spec.name: spec for spec in config.sections}
    seen: list[tuple[int, str, int]] = []  # (rank, name, line)
    for name in template.order:
        section = model.section(specs[name])
        if section is not None:
            seen.append((section.line, name, section.heading.column))
    seen.sort()
    # (rank, name, line) of the latest section so far: one heading naming two sections
    # ("Threats and mitigations") puts neither after the other
    highest: tuple[int, str, int] | None = None
    for line, name, column in seen:
        if highest is not None and rank[name] < highest[0] and line > highest[2]:
            reporter.add(
                "TM204",
                path=doc.path,
                line=line,
                column=column,
                message=f"section '{name}' comes after '{highest[1]}'; the template puts it before",
                hint="order the sections as the template does: " + ", ".join(template.order),
            )
            continue
        if highest is None or rank[name] > highest[0]:
            highest = (rank[name], name, line)


def _check_placeholders(
    model: ModelContext, reporter: Reporter, metadata_placeholders: bool
) -> None:
    doc = model.doc
    metadata_lines = set()
    if not metadata_placeholders:
        metadata_lines = {entry.line for entry in model.metadata.values()}
    lines = [(h.line, h.text) for h in doc.headings]
    lines += text_lines(doc.preamble)
    for section in doc.sections:
        lines += text_lines(section.blocks)
    searched: dict[int, int] = {}  # line -> where the next placeholder is looked for
    for line, text in sorted(lines):
        if line in metadata_lines:
            continue
        source = doc.lines[line - 1] if 0 < line <= len(doc.lines) else text
        for _, found in find_placeholders(text):
            position = written_at(source, found, searched.get(line, 0))
            if position < 0:
                continue  # written escaped (\\<url\\>) or as entities: text, no placeholder
            searched[line] = position + len(found)
            reporter.add(
                "TM205",
                path=doc.path,
                line=line,
                column=position + 1,
                message=f"template placeholder {found} left in the model",
                hint="replace it with the real content",
            )
    if metadata_placeholders:
        for spec_name, entry in sorted(model.metadata.items()):
            if re.match(r"^(?:todo|tbd|fixme)\b", entry.value.strip("*_` "), re.IGNORECASE):
                reporter.add(
                    "TM205",
                    path=doc.path,
                    line=entry.line,
                    column=entry.column,
                    message=f"metadata field '{spec_name}' is still {shorten(entry.value)!r}",
                    hint="fill in the real value",
                )
