"""What the index and the coverage check need of a model: its metadata, read quickly, from
the working tree, the index (the staged version) or a commit.

The Markdown reader (mistune) and the metadata reader are imported when a model is read: a
hook that reads none does not load them."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from hooks.core import files
from hooks.core.areas import Area
from hooks.core.config import Config
from hooks.core.dates import check_not_future, parse_date
from hooks.core.fields import MetaEntry, is_placeholder
from hooks.core.files import NOT_READ_HINT, not_read
from hooks.core.findings import Reporter
from hooks.core.source import Problem

if TYPE_CHECKING:
    from hooks.core.markdown import Document

_HOPS = 8  # symbolic links followed, at most, from a model path in a commit or the index
_FILES = ("100644", "100755")  # the modes of regular files in git


class Model(NamedTuple):
    """What the index needs to know of one model."""

    relpath: str
    feature: str
    owner: str
    owner_line: int
    updated: str
    updated_line: int
    date: dt.date | None
    cadence: str
    updated_column: int = 1


def budget(config: Config, area: Area) -> int:
    """An area's staleness budget in days: its own, else the global one."""
    return area.staleness_days or config.staleness_days


def budgets(config: Config) -> dict[str, int]:
    """Model path -> the budget of the areas whose model it is (the strictest, when several
    areas share a model); models of no area have the global budget."""
    found: dict[str, int] = {}
    for area in config.areas:
        days = budget(config, area)
        found[area.model] = min(days, found.get(area.model, days))
    return found


def model_from(metadata: Mapping[str, MetaEntry], relpath: str, config: Config) -> Model:
    """The metadata of one model: feature, owner, last updated (``date`` when it is a real,
    past date) and review cadence."""
    names = [spec.name for spec in config.metadata]
    feature = metadata.get("Feature name") or (metadata.get(names[0]) if names else None)
    owner = metadata.get("Owner")
    date_field = config.date_field
    updated = metadata.get(date_field.name) if date_field else None
    cadence = metadata.get("Review cadence")
    date = None
    if updated is not None:
        reading = parse_date(updated.value)
        if reading.value is not None:
            date = check_not_future(reading.value, updated.value).value
    return Model(
        relpath=relpath,
        feature=(
            feature.value
            if feature and not is_placeholder(feature.value)
            else posixpath.basename(relpath)[:-3]
        ),
        owner=owner.value if owner else "",
        owner_line=owner.line if owner else 1,
        updated=updated.value if updated else "",
        updated_line=updated.line if updated else 1,
        date=date,
        cadence=cadence.value if cadence else "",
        updated_column=updated.column if updated else 1,
    )


class _Head:
    """Which headings a model's head may hold (those of the metadata sections), remembering
    whether it turned one away: a head that was never cut is the whole model."""

    def __init__(self, config: Config) -> None:
        from hooks.core.markdown import heading_matches

        names = tuple(spec.name for spec in config.sections if spec.metadata)
        for spec in config.sections:
            if spec.metadata:
                names += spec.aliases
        self.names = names
        self.cut = False
        self.matches = heading_matches

    def __call__(self, heading: str) -> bool:
        kept = self.matches(heading, self.names)
        self.cut = self.cut or not kept
        return kept


def _settled(config: Config, head: Document) -> bool:
    """Whether the rest of a model can change none of the metadata its head holds: every
    field was found in a metadata section of the head.

    A metadata section outranks every other place (see :mod:`hooks.core.metadata`), and the
    head parses as the start of the whole model (see :func:`hooks.core.markdown.read_document`),
    so the pairs read from the head's metadata sections come, in the whole model, before any
    pair of a later metadata section or of a later part of one of them: the first pair of each
    field, the one that counts, is the same. Metadata under the title or in front matter is
    not enough: a metadata section further down outranks it."""
    from hooks.core.metadata import read_metadata

    found = read_metadata(head, config)
    return len(found) == len(config.metadata) and all(
        entry.source == "section" for entry in found.values()
    )


def _parse_head(config: Config, data: bytes, shown: str) -> tuple[Document | None, list[Problem]]:
    """A model parsed up to where its metadata ends, when that reads as the whole model does
    (see :func:`_settled`), else the whole model; and the problems to report: those of the
    model when it was read whole, none when its head settled its metadata. The index and the
    coverage check read many models and need only their metadata."""
    from hooks.core.markdown import parse_bytes

    keep = _Head(config)
    head = parse_bytes(data, shown, keep)
    if isinstance(head, Problem):
        return None, [head]
    if not keep.cut:  # the whole model was read
        return head, list(head.problems)
    if _settled(config, head):
        return head, []
    whole = parse_bytes(data, shown)
    if isinstance(whole, Problem):
        return None, [whole]
    return whole, list(whole.problems)


MAX_KNOWN = 20_000  # models a cache record keeps, at most, beyond those of the last run


class Known:
    """The metadata of the models read before, by git's id of their bytes (:func:`blob_id`),
    kept between runs in the cache (:mod:`hooks.core.cache`) for the settings that reading
    metadata depends on (the title, the sections, the fields and the size limit): a model
    whose bytes were read before is not parsed again, and the Markdown reader is not loaded
    for it. Only a model read with no problem to report is kept, and a model's earlier
    versions go once a run reads another: the record holds about one entry a model."""

    def __init__(self, config: Config) -> None:
        self.root = config.root
        settings = (config.title, config.sections, config.metadata, config.max_file_bytes)
        self.settings = repr(settings)
        self._records: dict[str, Any] | None = None  # read when first asked
        self.used: set[str] = set()  # the blob ids of this run
        self.paths: set[str] = set()  # the models of this run, as absolute paths
        self.changed = False

    @property
    def records(self) -> dict[str, Any]:
        if self._records is None:
            from hooks.core import cache

            found = cache.load(self.root, "metadata", self.settings)
            self._records = found if isinstance(found, dict) else {}
        return self._records

    def get(self, digest: str, relpath: str) -> dict[str, MetaEntry] | None:
        """The metadata of the model ``relpath`` whose bytes have this blob id, if known."""
        self.paths.add(self._where(relpath))
        record = self.records.get(digest)
        if not (isinstance(record, dict) and isinstance(record.get("fields"), list)):
            return None
        found: dict[str, MetaEntry] = {}
        for item in record["fields"]:
            if not (isinstance(item, list) and len(item) == len(_RECORD)):
                return None
            if not all(type(value) is kind for value, kind in zip(item, _RECORD, strict=True)):
                return None
            name, key, value, line, column, source = item
            found[name] = MetaEntry(key, value, line, column, source)
        self.used.add(digest)
        return found

    def put(self, digest: str, relpath: str, metadata: Mapping[str, MetaEntry]) -> None:
        fields = [
            [name, e.key, e.value, e.line, e.column, e.source] for name, e in metadata.items()
        ]
        self.records[digest] = {"path": self._where(relpath), "fields": fields}
        self.used.add(digest)
        self.paths.add(self._where(relpath))
        self.changed = True

    def _where(self, relpath: str) -> str:
        """A model's path in this working tree: the same name in another repository, or in
        another work tree of this one, is another model."""
        return os.path.join(self.root, relpath)

    def save(self) -> None:
        """Keep what was read in this run, when any model was parsed, without the earlier
        versions of the models it read (and, past :data:`MAX_KNOWN` models, only these)."""
        if not self.changed:
            return
        from hooks.core import cache

        records = {
            digest: record
            for digest, record in self.records.items()
            if digest in self.used or not _of(record, self.paths)
        }
        if len(records) > MAX_KNOWN:
            records = {digest: records[digest] for digest in sorted(self.used)}
        cache.store(self.root, "metadata", self.settings, records)
        self.changed = False


def _of(record: Any, paths: set[str]) -> bool:
    """Whether a cache record is of one of ``paths`` (an earlier version of a model read)."""
    return isinstance(record, dict) and record.get("path") in paths


_RECORD = (str, str, str, int, int, str)  # field, key, value, line, column, source


def blob_id(data: bytes) -> str:
    """The id git gives a file of these bytes (in a repository of SHA-1 object names): the
    key of its metadata in the cache, so that a model read from git is looked up by the id
    git lists, without its contents being asked for."""
    import hashlib

    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _metadata_of_bytes(
    config: Config, relpath: str, data: bytes, shown: str, known: Known
) -> tuple[Mapping[str, MetaEntry] | None, list[Problem]]:
    """The metadata of a model's bytes (``None`` when they cannot be read) and the problems
    to report (see :func:`_parse_head`)."""
    digest = blob_id(data)
    found = known.get(digest, relpath)
    if found is not None:
        return found, []
    doc, problems = _parse_head(config, data, shown)
    if doc is None:
        return None, problems
    from hooks.core.metadata import read_metadata

    metadata = read_metadata(doc, config)
    if not problems:
        known.put(digest, relpath, metadata)
    return metadata, problems


def metadata_of_file(
    config: Config, relpath: str, reporter: Reporter, known: Known
) -> Mapping[str, MetaEntry] | None:
    """The metadata of a model of the working tree, or ``None`` when it cannot be read; its
    problems are reported."""
    filename = files.as_cwd_path(config, relpath)
    data = files.read_bytes(config, filename, reporter)
    if data is None:
        return None
    shown = files.shown(filename)
    metadata, problems = _metadata_of_bytes(config, relpath, data, shown, known)
    for problem in problems:
        reporter.add_problem(shown, problem)
    return metadata


class Version(NamedTuple):
    """Which version of the models a check reads: the working tree (the default), the index
    (``staged``, what the next commit holds) or the commit ``ref``."""

    ref: str | None = None
    staged: bool = False

    @property
    def where(self) -> str:
        """`` at REF``, `` as staged in git`` or nothing, to follow a path in a message."""
        if self.ref is not None:
            return f" at {self.ref}"
        return " as staged in git" if self.staged else ""


class Unread(NamedTuple):
    """Why a model could not be read; ``absent`` when there is no file at all."""

    message: str
    hint: str
    absent: bool = False


def _absent(relpath: str, version: Version) -> Unread:
    hint = f"write the model at {relpath} from the template"
    if version.staged:
        hint += " (git add it, if it is written)"
    return Unread(f"no model file at {relpath}{version.where}", hint, absent=True)


def _outside(relpath: str, version: Version) -> Unread:
    return Unread(
        f"{relpath}{version.where} is a symbolic link out of the repository; it is not read",
        NOT_READ_HINT,
    )


def read_models(
    config: Config,
    relpaths: Sequence[str],
    version: Version | None = None,
    known: Mapping[str, Model] | None = None,
) -> dict[str, Model | Unread]:
    """The models at ``relpaths`` as of ``version`` (the working tree by default), or why each
    cannot be read; the working tree's models in ``known`` were read already. Nothing outside
    the repository is read."""
    version = version or Version()
    read = Known(config)
    if version.ref is None and not version.staged:
        known = known or {}
        found = {
            relpath: known[relpath] if relpath in known else _read_file(config, relpath, read)
            for relpath in relpaths
        }
    else:
        found = _read_objects(config, relpaths, version, read)
    read.save()
    return found


def _read_file(config: Config, relpath: str, read: Known) -> Model | Unread:
    # a link out of the repository is refused before anything is asked of what it points to,
    # so that the report tells nothing of the files out there (whether one exists)
    why = not_read(config, relpath)
    if why is not None:
        return Unread(f"{relpath} {why}", NOT_READ_HINT)
    if not (config.root / relpath).exists():
        return _absent(relpath, Version())
    reporter = Reporter()
    metadata = metadata_of_file(config, relpath, reporter, read)
    if metadata is None:
        problem = reporter.findings[0]
        return Unread(f"{relpath} cannot be read: {problem.message}", problem.hint)
    return model_from(metadata, relpath, config)


def _read_objects(
    config: Config, relpaths: Sequence[str], version: Version, read: Known
) -> dict[str, Model | Unread]:
    """Models from git objects (the index or a commit): one ``ls-tree``/``ls-files`` per
    level of symbolic links and one ``cat-file --batch`` for all their contents."""
    from hooks.core import git  # subprocess: only to read from git

    root, ref = config.root, version.ref
    found: dict[str, Model | Unread] = {}
    where = {relpath: relpath for relpath in relpaths}  # model -> the path that holds it
    known: dict[str, tuple[str, str]] = {}
    for _ in range(_HOPS + 1):
        known.update(git.entries(root, sorted(set(where.values()) - set(known)), ref))
        links = {m: p for m, p in where.items() if known.get(p, ("",))[0] == git.SYMLINK}
        if not links:
            break
        targets = git.blobs(root, [known[p][1] for p in links.values()], 4096)
        for model, path in links.items():
            target = targets.get(known[path][1]) or b""
            joined = posixpath.join(posixpath.dirname(path), target.decode("utf-8", "replace"))
            normal = posixpath.normpath(joined)
            if target.startswith(b"/") or normal == ".." or normal.startswith("../"):
                found[model] = _outside(model, version)
                del where[model]
            else:
                where[model] = normal
    files = {m: known[p][1] for m, p in where.items() if known.get(p, ("",))[0] in _FILES}
    cached = {oid: meta for m, oid in files.items() if (meta := read.get(oid, m)) is not None}
    wanted = [oid for oid in files.values() if oid not in cached]  # read before: not asked
    contents = git.blobs(root, wanted, config.max_file_bytes) if wanted else {}
    for model, path in where.items():
        mode, oid = known.get(path, ("", ""))
        if not mode:
            found[model] = _absent(model, version)
        elif mode == git.SYMLINK:
            found[model] = Unread(
                f"{model}{version.where}: too many levels of symbolic links", NOT_READ_HINT
            )
        elif mode in _FILES and oid in cached:
            found[model] = model_from(cached[oid], model, config)
        elif mode not in _FILES or oid not in contents:
            found[model] = Unread(f"{model}{version.where} is not a file", NOT_READ_HINT)
        else:
            found[model] = _model_of_bytes(config, model, contents[oid], version, read)
    return found


def _model_of_bytes(
    config: Config, relpath: str, data: bytes | None, version: Version, read: Known
) -> Model | Unread:
    if data is None:
        return Unread(
            f"{relpath}{version.where} is larger than max_file_bytes ({config.max_file_bytes})",
            "split the model, or raise max_file_bytes",
        )
    shown = files.as_cwd_path(config, relpath)
    metadata, problems = _metadata_of_bytes(config, relpath, data, shown, read)
    if metadata is None:
        problem = problems[0]
        return Unread(f"{relpath}{version.where} cannot be read: {problem.message}", problem.hint)
    return model_from(metadata, relpath, config)
