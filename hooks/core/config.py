"""``.threat-model.yaml``: loading, validation and defaults.

The file is optional; without it the defaults describe the framework in ``docs/configuration.md``.
Every problem is a :class:`ConfigError` naming the key and, where known, its line.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from hooks.core import limits, paths, patterns
from hooks.core.areas import Area, AreaError, parse_areas
from hooks.core.content.settings import CONTENT_KEYS, DEFAULTS, ContentSettings, parse_content
from hooks.core.rules import RULES, SEVERITIES

if TYPE_CHECKING:
    import yaml

    from hooks.core.review.settings import ReviewSettings

CONFIG_NAME = ".threat-model.yaml"
MARKDOWN_SUFFIXES = (".md", ".markdown")
MAX_CONFIG_BYTES = 256 * 1024

FieldKind = Literal["text", "date"]


class ConfigError(Exception):
    """A configuration problem: the hooks exit with status 2."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: configuration error: {self.message}"


class SectionSpec(NamedTuple):
    """A required section: its canonical name and the other headings that count as it."""

    name: str
    aliases: tuple[str, ...] = ()
    metadata: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class FieldSpec(NamedTuple):
    """A required metadata field; ``kind: date`` fields must hold a real, past date."""

    name: str
    aliases: tuple[str, ...] = ()
    kind: FieldKind = "text"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


DEFAULT_SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(
        "Feature metadata",
        ("Metadata", "Feature information", "Document information", "Document control"),
        metadata=True,
    ),
    SectionSpec("Assets", ("Protected assets", "Critical assets", "Data assets", "Assets at risk")),
    SectionSpec("Entry points", ("Entrypoints", "Attack surface", "Interfaces")),
    SectionSpec("Trust boundaries", ("Trust boundary", "Trust zones", "Security boundaries")),
    SectionSpec(
        "Threats",
        (
            "Threat analysis",
            "Threat scenarios",
            "Threat enumeration",
            "Identified threats",
            "Threat catalog",
            "Threat catalogue",
            "STRIDE analysis",
            "Abuse cases",
            "Misuse cases",
        ),
    ),
    SectionSpec("Mitigations", ("Controls", "Security controls", "Countermeasures")),
    SectionSpec("Residual risk", ("Accepted risks", "Risk acceptance", "Open risks")),
)

DEFAULT_METADATA: tuple[FieldSpec, ...] = (
    FieldSpec("Feature name", ("Feature", "Feature title", "Component", "Title")),
    FieldSpec("Owner", ("Owners", "Owning team", "Team", "Maintainer", "Maintainers", "DRI")),
    FieldSpec(
        "Last updated",
        (
            "Last update",
            "Updated",
            "Updated date",
            "Last reviewed",
            "Last review",
            "Last modified",
            "Date",
        ),
        kind="date",
    ),
    FieldSpec("Review cadence", ("Review frequency", "Review interval", "Cadence")),
)


DEFAULT_MODELS_DIR = "docs/security/threat-models"


class Config(NamedTuple):
    """The effective configuration. Paths are POSIX paths relative to ``root``."""

    root: Path = Path()
    source: str | None = None
    models_dir: str = DEFAULT_MODELS_DIR
    template: str = "docs/security/threat-models/template.md"
    index: str = "docs/security/THREAT_MODEL_INDEX.md"  # type: ignore[assignment]  # not tuple's
    title: str = "Threat Model: <Feature name>"
    staleness_days: int = 90
    max_file_bytes: int = 2 * 1024 * 1024
    sections: tuple[SectionSpec, ...] = DEFAULT_SECTIONS
    metadata: tuple[FieldSpec, ...] = DEFAULT_METADATA
    exclude: tuple[str, ...] = ("README.md",)
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = MappingProxyType({})
    areas: tuple[Area, ...] = ()
    mode: Literal["advisory", "enforce"] = "advisory"
    content: ContentSettings = DEFAULTS  # the settings of the content checks
    review: ReviewSettings | None = None  # threat-model review; None means its defaults

    def is_ignored(self, relpath: str) -> bool:
        """Whether the ``ignore`` patterns take a repository-relative path out of every check."""
        return bool(self.ignore) and patterns.matcher(*self.ignore)(relpath)

    @property
    def date_field(self) -> FieldSpec | None:
        """The metadata field that says when the model was last updated."""
        return next((spec for spec in self.metadata if spec.kind == "date"), None)

    def is_model_path(self, relpath: str) -> bool:
        """Whether a repository-relative POSIX path is a threat model: a Markdown file under
        ``models_dir``, not excluded, and neither the template nor the index, wherever they
        are (``models_dir: docs/security`` holds the default index)."""
        path = PurePosixPath(relpath)
        if not is_markdown(relpath) or relpath in (self.template, self.index):
            return False
        if not is_under(relpath, self.models_dir):
            return False
        inner = path.relative_to(self.models_dir).as_posix()
        return inner not in self.exclude and path.name not in self.exclude


def is_markdown(path: str) -> bool:
    """Whether a file name has a Markdown suffix (``.md`` or ``.markdown``, in any case)."""
    return path.lower().endswith(MARKDOWN_SUFFIXES)


def is_under(relpath: str, folder: str) -> bool:
    return folder in ("", ".") or relpath.startswith(folder.rstrip("/") + "/")


def find_root(start: Path | None = None) -> Path:
    """The nearest folder holding ``.threat-model.yaml`` (a file or not: a folder of that name
    is a configuration error, not nothing) or ``.git``; else the start folder."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if os.path.lexists(folder / CONFIG_NAME) or (folder / ".git").exists():
            return folder
    return here


def load_config(path: str | None = None, root: Path | None = None) -> Config:
    """Load the configuration named by ``path``, or ``.threat-model.yaml`` at the root.

    The root is ``root``, else the repository of the current folder: ``path`` only names the
    file, wherever it is (the command line is the user's own choice). ``.threat-model.yaml``
    must be a regular file of the repository: a symbolic link out of it is not read. Either
    is read only up to :data:`MAX_CONFIG_BYTES`."""
    base = root or find_root()
    if path is not None:
        return parse_config(_read_config_text(Path(path), path), path, base)
    config_path = base / CONFIG_NAME
    if not os.path.lexists(config_path):
        return Config(root=base)
    why = paths.leaves(base, CONFIG_NAME)
    if why is not None:
        raise ConfigError(CONFIG_NAME, f"{CONFIG_NAME} {why} (make it a regular file)")
    try:
        paths.check_place(base, CONFIG_NAME)  # a link to .git/config: not read either
    except ValueError:
        raise ConfigError(
            CONFIG_NAME, f"{CONFIG_NAME} is a symbolic link into a git folder; it is not read"
        ) from None
    return parse_config(_read_config_text(config_path, CONFIG_NAME), CONFIG_NAME, base)


def _read_config_text(config_path: Path, shown: str) -> str:
    """The text of a configuration file: a regular file (a named pipe would block the read)
    of at most :data:`MAX_CONFIG_BYTES`, checked before it is read and read no further."""
    limit = f"file is larger than {MAX_CONFIG_BYTES // 1024} KiB"
    try:
        found = config_path.stat()
        if not stat.S_ISREG(found.st_mode):
            raise ConfigError(shown, "is not a regular file (a folder? a named pipe?)")
        if found.st_size > MAX_CONFIG_BYTES:
            raise ConfigError(shown, limit)
        with config_path.open("rb") as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)  # it may have grown since
    except FileNotFoundError:
        raise ConfigError(shown, "configuration file not found (no such file)") from None
    except OSError as exc:
        raise ConfigError(shown, f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(shown, limit)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(shown, f"not valid UTF-8 (byte {exc.start})") from None


def _yaml_error_line(exc: yaml.YAMLError) -> int | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else None


def parse_config(text: str, shown: str, root: Path) -> Config:
    """Validate the YAML text of a configuration file into a :class:`Config`."""
    lines, data = _read_yaml(text, shown, root)
    if data is None:
        return Config(root=root, source=shown)
    if not isinstance(data, dict):
        raise ConfigError(shown, "the top level must be a mapping of keys", 1)
    return _Builder(shown, _Lines(lines), root).build(data)


def _read_yaml(text: str, shown: str, root: Path) -> tuple[dict[tuple[str, ...], int], Any]:
    """The lines of the keys and the data of a configuration's YAML: from the cache, when this
    text was read before (no YAML is parsed, and PyYAML is not imported), else parsed."""
    from hooks.core import cache

    found = _from_record(cache.load(root, "config", text))
    if found is not None:
        return found
    import yaml

    from hooks.core import yamlsafe

    try:
        node, data = yamlsafe.load(text)
    except yamlsafe.RefusedYaml as exc:
        raise ConfigError(shown, str(exc), exc.line) from None
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(shown, f"invalid YAML: {problem}", _yaml_error_line(exc)) from None
    except (RecursionError, ValueError) as exc:
        raise ConfigError(shown, f"invalid YAML: {exc}") from None
    keys = yamlsafe.KeyLines(node)
    if keys.duplicate is not None:
        key, line, first = keys.duplicate
        raise ConfigError(shown, f"duplicate key {key!r} (first on line {first})", line)
    if cache.plain(data):  # YAML's dates, sets and bytes are not recorded: JSON would change them
        record = {"lines": [[list(k), line] for k, line in keys.lines.items()], "data": data}
        cache.store(root, "config", text, record)
    return keys.lines, data


def _from_record(record: Any) -> tuple[dict[tuple[str, ...], int], Any] | None:
    """The lines and data of a cache record (see :func:`_read_yaml`), or ``None``."""
    if not isinstance(record, dict) or not isinstance(record.get("lines"), list):
        return None
    lines: dict[tuple[str, ...], int] = {}
    for pair in record["lines"]:
        if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], list)):
            return None
        key, line = pair
        if type(line) is not int or not all(type(part) is str for part in key):
            return None
        lines[tuple(key)] = line
    return lines, record.get("data")


class _Lines:
    """The 1-based lines of a configuration's keys (and list items), by key path."""

    def __init__(self, lines: dict[tuple[str, ...], int]) -> None:
        self.lines = lines

    def get(self, *keys: str | int) -> int | None:
        """The line of a key path, or of its nearest parent that has one."""
        wanted = tuple(str(key) for key in keys)
        while wanted:
            if wanted in self.lines:
                return self.lines[wanted]
            wanted = wanted[:-1]
        return None


_KEYS = (
    "models_dir",
    "template",
    "index",
    "title",
    "staleness_days",
    "max_file_bytes",
    "sections",
    "metadata",
    "exclude",
    "ignore",
    "severity",
    "areas",
    "mode",
    "review",
    *CONTENT_KEYS,
)


class _Builder:
    def __init__(self, shown: str, lines: _Lines, root: Path) -> None:
        self.shown = shown
        self.lines = lines
        self.root = root

    def fail(self, message: str, *keys: str | int) -> ConfigError:
        return ConfigError(self.shown, message, self.lines.get(*keys))

    def build(self, data: dict[Any, Any]) -> Config:
        for key in data:
            if key not in _KEYS:
                allowed = ", ".join(_KEYS)
                raise self.fail(f"unknown key {key!r} (allowed: {allowed})", str(key))
        kwargs: dict[str, Any] = {"root": self.root, "source": self.shown}
        for key in ("models_dir", "template", "index"):
            if key in data:
                kwargs[key] = self.repo_path(data[key], key)
        if "title" in data:
            kwargs["title"] = self.string(data["title"], "title")
        if "staleness_days" in data:
            kwargs["staleness_days"] = self.positive_int(
                data["staleness_days"], "staleness_days", limits.MAX_STALENESS_DAYS, "100 years"
            )
        if "max_file_bytes" in data:
            kwargs["max_file_bytes"] = self.positive_int(
                data["max_file_bytes"], "max_file_bytes", limits.MAX_FILE_BYTES, "256 MiB"
            )
        if "sections" in data:
            kwargs["sections"] = self.sections(data["sections"])
        if "metadata" in data:
            kwargs["metadata"] = self.metadata(data["metadata"])
        if "exclude" in data:
            kwargs["exclude"] = tuple(self.string_list(data["exclude"], "exclude"))
        if "ignore" in data:
            kwargs["ignore"] = self.patterns(data["ignore"], "ignore")
        if "severity" in data:
            kwargs["severity"] = self.severity(data["severity"])
        if "areas" in data:
            if not isinstance(data["areas"], dict):
                raise self.fail("'areas' must be a mapping of area names", "areas")
            models_dir = kwargs.get("models_dir", DEFAULT_MODELS_DIR)
            try:
                kwargs["areas"] = parse_areas(
                    data["areas"], models_dir, lambda name: self.lines.get("areas", name)
                )
                places = paths.Places()
                for area in kwargs["areas"]:
                    try:
                        paths.check_place(self.root, area.model, places)
                    except ValueError as exc:
                        raise AreaError(area.name, f"model path {exc}") from None
            except AreaError as exc:
                raise self.fail(str(exc), "areas", exc.area) from None
        if "mode" in data:
            if data["mode"] not in ("advisory", "enforce"):
                raise self.fail(
                    f"mode must be 'advisory' or 'enforce', not {data['mode']!r}", "mode"
                )
            kwargs["mode"] = data["mode"]
        kwargs["content"] = parse_content(data, self)
        if "review" in data:
            from hooks.core.review.settings import parse_review

            kwargs["review"] = parse_review(data, self)
        return Config(**kwargs)

    def string(self, value: Any, *keys: str | int) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{_dotted(keys)} must be a non-empty string", *keys)
        return value.strip()

    def string_list(self, value: Any, *keys: str | int) -> list[str]:
        if not isinstance(value, list):
            raise self.fail(f"{_dotted(keys)} must be a list of strings", *keys)
        return [self.string(item, *keys, index) for index, item in enumerate(value)]

    def patterns(self, value: Any, *keys: str | int) -> tuple[str, ...]:
        """gitignore-style patterns, compiled once here so that a bad one is a config error."""
        written = tuple(self.string_list(value, *keys))
        for index, pattern in enumerate(written):
            why = patterns.problem(pattern)
            if why is not None:
                raise self.fail(f"invalid pattern {pattern!r}: {why}", *keys, index)
        return written

    def positive_int(self, value: Any, key: str, maximum: int, said: str) -> int:
        try:
            return limits.positive_int(value, key, maximum, said)
        except ValueError as exc:
            raise self.fail(str(exc), key) from None

    def repo_path(self, value: Any, *keys: str | int) -> str:
        """A path of the work tree: relative to the root and inside it, and out of every git
        folder, even through symbolic links (``index: .git/config`` would be overwritten by
        ``--fix``)."""
        try:
            relpath = paths.repository_path(self.string(value, *keys))
            paths.check_place(self.root, relpath)
        except ValueError as exc:
            raise self.fail(f"{_dotted(keys)} {exc}", *keys) from None
        return relpath

    def sections(self, value: Any) -> tuple[SectionSpec, ...]:
        """The required sections. Naming a built-in one keeps its aliases (and the metadata
        flag of Feature metadata) and adds the ones given; ``replace: true`` takes the entry
        as written."""
        if not isinstance(value, list) or not value:
            raise self.fail("'sections' must be a non-empty list", "sections")
        builtin = {spec.name.lower(): spec for spec in DEFAULT_SECTIONS}
        specs: list[SectionSpec] = []
        for index, item in enumerate(value):
            if isinstance(item, str):
                name = self.string(item, "sections", index)
                specs.append(builtin.get(name.lower(), SectionSpec(name)))
                continue
            if not isinstance(item, dict):
                raise self.fail("each section must be a name or a mapping", "sections", index)
            self.only(item, ("name", "aliases", "metadata", "replace"), "sections", index)
            if "name" not in item:
                raise self.fail("a section needs a 'name'", "sections", index)
            name = self.string(item["name"], "sections", index, "name")
            aliases = tuple(self.string_list(item.get("aliases", []), "sections", index, "aliases"))
            base = None if self.flag(item, "replace", index) else builtin.get(name.lower())
            metadata = item.get("metadata", base.metadata if base is not None else False)
            if not isinstance(metadata, bool):
                raise self.fail("'metadata' must be true or false", "sections", index, "metadata")
            if base is not None:
                aliases = _merged(base.aliases, aliases)
            specs.append(SectionSpec(name, aliases, metadata))
        return tuple(specs)

    def metadata(self, value: Any) -> tuple[FieldSpec, ...]:
        """The required metadata fields. Naming a built-in one keeps its aliases and kind and
        adds the ones given; ``replace: true`` takes the entry as written."""
        if not isinstance(value, list):
            raise self.fail("'metadata' must be a list of fields", "metadata")
        builtin = {spec.name.lower(): spec for spec in DEFAULT_METADATA}
        specs: list[FieldSpec] = []
        for index, item in enumerate(value):
            if isinstance(item, str):
                name = self.string(item, "metadata", index)
                specs.append(builtin.get(name.lower(), FieldSpec(name)))
                continue
            if not isinstance(item, dict):
                raise self.fail(
                    "each metadata field must be a name or a mapping", "metadata", index
                )
            self.only(item, ("name", "aliases", "kind", "replace"), "metadata", index)
            if "name" not in item:
                raise self.fail("a metadata field needs a 'name'", "metadata", index)
            name = self.string(item["name"], "metadata", index, "name")
            aliases = tuple(self.string_list(item.get("aliases", []), "metadata", index, "aliases"))
            base = (
                None if self.flag(item, "replace", index, "metadata") else builtin.get(name.lower())
            )
            kind = item.get("kind", base.kind if base is not None else "text")
            if kind not in ("text", "date"):
                raise self.fail(
                    f"metadata kind must be 'text' or 'date', not {kind!r}",
                    "metadata",
                    index,
                    "kind",
                )
            if base is not None:
                aliases = _merged(base.aliases, aliases)
            specs.append(FieldSpec(name, aliases, kind))
        return tuple(specs)

    def flag(self, item: dict[Any, Any], key: str, index: int, within: str = "sections") -> bool:
        value = item.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(f"'{key}' must be true or false", within, index, key)
        return value

    def level(self, value: Any, what: str, *keys: str | int) -> str:
        """A severity: ``error``, ``warning`` or ``off`` (which YAML 1.1 reads, bare, as false);
        ``what`` names the setting in the error."""
        level = "off" if value is False else value
        if level not in SEVERITIES:
            raise self.fail(f"{what} must be error, warning or off, not {level!r}", *keys)
        return str(level)

    def severity(self, value: Any) -> dict[str, str]:
        if not isinstance(value, dict):
            raise self.fail("'severity' must map rule codes to error, warning or off", "severity")
        result: dict[str, str] = {}
        for code, written in value.items():
            name = str(code).upper()
            if name not in RULES:
                raise self.fail(f"unknown rule code {code!r} in 'severity'", "severity", str(code))
            if name in result:
                raise self.fail(
                    f"rule code {name} is given twice in 'severity'", "severity", str(code)
                )
            result[name] = self.level(written, f"severity of {name}", "severity", str(code))
        return result

    def only(self, item: dict[Any, Any], allowed: tuple[str, ...], *keys: str | int) -> None:
        for key in item:
            if key not in allowed:
                raise self.fail(
                    f"unknown key {key!r} in {_dotted(keys)} (allowed: {', '.join(allowed)})",
                    *keys,
                    str(key),
                )


def _merged(builtin: tuple[str, ...], given: tuple[str, ...]) -> tuple[str, ...]:
    """The built-in aliases, then the given ones that are not among them."""
    seen = {alias.lower() for alias in builtin}
    return builtin + tuple(alias for alias in given if alias.lower() not in seen)


def _dotted(keys: tuple[str | int, ...]) -> str:
    parts: list[str] = []
    for key in keys:
        if isinstance(key, int):
            parts.append(f"[{key}]")
        else:
            parts.append(("." if parts else "") + key)
    return "'" + "".join(parts) + "'"
