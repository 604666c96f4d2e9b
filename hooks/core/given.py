"""A model named on the command line (``threat-model diagram MODEL``): read and parsed, or a
clear error naming it. A path outside the repository, or one that leads out of it through a
symbolic link, is not read; nor is a file that is not a regular file, larger than
``max_file_bytes``, binary or not UTF-8."""

from __future__ import annotations

from dataclasses import dataclass

from hooks.core import files
from hooks.core.config import Config
from hooks.core.context import ModelContext
from hooks.core.markdown import parse_bytes
from hooks.core.output import error, printable
from hooks.core.source import Problem


@dataclass(frozen=True)
class Given:
    """The model: its root-relative path, how messages name it, its text and its reading."""

    relpath: str
    shown: str
    text: str
    model: ModelContext


def read_given(config: Config, given: str, prog: str) -> Given | None:
    """The model at the path ``given``, or ``None`` after saying (as ``prog``) why it cannot
    be read."""
    relpath = files.root_relative(config, given)
    why = "is outside the repository" if relpath is None else files.leaves(config, relpath)
    if why is None and relpath is not None and not (config.root / relpath).is_file():
        why = "is not a file" if (config.root / relpath).exists() else "does not exist"
    if why is not None or relpath is None:
        error(f"{prog}: {printable(given)} {why}")
        return None
    shown = files.as_cwd_path(config, relpath)
    try:
        with (config.root / relpath).open("rb") as handle:
            data = handle.read(config.max_file_bytes + 1)
    except OSError as exc:
        error(f"{prog}: {printable(shown)}: cannot read it: {exc.strerror or exc}")
        return None
    if len(data) > config.max_file_bytes:
        error(f"{prog}: {printable(shown)} is larger than max_file_bytes; it is not read")
        return None
    doc = parse_bytes(data, shown)
    if isinstance(doc, Problem):
        error(f"{prog}: {printable(shown)}:{doc.line}:{doc.column}: {doc.code} {doc.message}")
        return None
    return Given(relpath, shown, data.decode("utf-8"), ModelContext(doc, relpath, config))


__all__ = ["Given", "read_given"]
