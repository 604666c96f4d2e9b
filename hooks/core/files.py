"""The files of a repository: where they are, which ones the checks see, and reading them.

Paths come in as the user or pre-commit gives them and are worked with as POSIX paths
relative to the repository root. A file that leads out of the repository (a symbolic link,
or a folder linked out), into its git folder, or nowhere, is never read. This module knows
nothing of the command line: the entry points parse arguments and print; this module reads.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, NamedTuple

from hooks.core import paths
from hooks.core.config import CONFIG_NAME, Config, is_markdown, is_under
from hooks.core.findings import Reporter
from hooks.core.source import Problem
from hooks.core.source import read_bytes as read_file_bytes

if TYPE_CHECKING:
    from hooks.core.markdown import Document


class File(NamedTuple):
    """A file to check: its root-relative POSIX path, and how findings name it."""

    relpath: str
    shown: str


def relative(config: Config, filename: str) -> str | None:
    """A file's POSIX path relative to the repository root, or ``None`` when it is outside
    the repository or out of this project's checks (see :func:`skipped`)."""
    relpath = root_relative(config, filename)
    return None if relpath is None or skipped(config, relpath) else relpath


def root_relative(config: Config, filename: str) -> str | None:
    """A file's POSIX path relative to the repository root, or ``None`` outside it."""
    path = Path(filename)
    absolute = path if path.is_absolute() else Path.cwd() / path
    try:
        inner = Path(os.path.normpath(absolute)).relative_to(config.root)
    except ValueError:
        return None
    return inner.as_posix()


def skipped(config: Config, relpath: str) -> bool:
    """Whether a file is out of this project's checks: matched by ``ignore`` or inside a
    nested project."""
    return config.is_ignored(relpath) or in_nested_project(config, relpath)


def in_nested_project(config: Config, relpath: str) -> bool:
    """Whether a folder between the root and the file has its own ``.threat-model.yaml``:
    such a folder is a project of its own (an example, a vendored repository) and is
    skipped, as git skips nested repositories."""
    parents = PurePosixPath(relpath).parents
    return any(_has_config(config.root / folder) for folder in list(parents)[:-1])


@functools.lru_cache(maxsize=1024)
def _has_config(folder: Path) -> bool:
    return (folder / CONFIG_NAME).is_file()


@functools.lru_cache(maxsize=16)
def top_level(root: Path) -> Path:
    """The top folder of the git repository that holds ``root``: the nearest folder, ``root``
    or above it, with a ``.git`` entry (a folder, or the file of a worktree or submodule);
    ``root`` itself outside any repository. A nested project (a folder with its own
    ``.threat-model.yaml``) has its root below the repository's top; GitHub and GitLab name
    files from the top."""
    for folder in (root, *root.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return root


def shown(filename: str) -> str:
    """How a path is printed in findings: as given, with forward slashes."""
    return filename.replace(os.sep, "/") if os.sep != "/" else filename


NOT_READ_HINT = "make it a regular file inside the repository"


def leaves(config: Config, relpath: str) -> str | None:
    """Why a path of the working tree is not read because it leads out of the repository (a
    symbolic link, or a folder linked out), into its ``.git`` folder or nowhere (a loop of
    links), or ``None`` (see :func:`hooks.core.paths.leaves`)."""
    return paths.leaves(config.root, relpath)


def not_read(config: Config, relpath: str) -> str | None:
    """Why an existing file of the working tree is not read (it leads out of the repository,
    or is not a regular file), or ``None``."""
    why = leaves(config, relpath)
    path = config.root / relpath
    if why is None and path.exists() and not path.is_file():
        return "is not a file"
    return why


_OUTSIDE = "is outside the repository; it is not read"


def read_bytes(config: Config, filename: str, reporter: Reporter | None) -> bytes | None:
    """The bytes of a file of the repository, at most ``max_file_bytes``; ``None`` when they
    cannot be read, and why is reported (TM0xx; nothing without a ``reporter``). A file that
    leads out of the repository is not read."""
    name = shown(filename)
    relpath = root_relative(config, filename)
    why = _OUTSIDE if relpath is None else leaves(config, relpath)
    if why is not None:
        if reporter is not None:
            reporter.add(
                "TM001",
                path=name,
                line=1,
                column=1,
                message=f"{relpath or name} {why}",
                hint=NOT_READ_HINT,
            )
        return None
    data = read_file_bytes(Path(filename), config.max_file_bytes)
    if isinstance(data, Problem):
        if reporter is not None:
            reporter.add_problem(name, data)
        return None
    return data


def read(
    config: Config,
    filename: str,
    reporter: Reporter | None,
    keep: Callable[[str], bool] | None = None,
) -> Document | None:
    """Read and parse a Markdown file of the repository, reporting input problems (TM0xx) as
    findings (none without a ``reporter``); with ``keep``, only its head (see
    :func:`hooks.core.markdown.read_document`). A file that leads out of the repository is
    not read. The Markdown reader (mistune) is imported here, when a file is read."""
    data = read_bytes(config, filename, reporter)
    if data is None:
        return None
    from hooks.core.markdown import parse_bytes

    name = shown(filename)
    result = parse_bytes(data, name, keep)
    if isinstance(result, Problem):
        if reporter is not None:
            reporter.add_problem(name, result)
        return None
    if reporter is not None:
        for problem in result.problems:
            reporter.add_problem(name, problem)
    return result


def files_under(config: Config, folder: str) -> list[str]:
    """Markdown files below a repository folder, sorted, as root-relative POSIX paths."""
    base = config.root / folder
    found: list[str] = []
    for current, dirs, names in os.walk(base):
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and not _has_config(Path(current) / d)
        )
        for name in names:
            if is_markdown(name):
                found.append((Path(current) / name).relative_to(config.root).as_posix())
    return sorted(found)


def as_cwd_path(config: Config, relpath: str) -> str:
    """A root-relative path as a path usable (and printed) from the current folder: relative
    to it, with ``..`` when the file is not below it (the root is found from the current
    folder, so both are on one drive)."""
    return Path(os.path.relpath(config.root / relpath)).as_posix()


def given_files(config: Config, filenames: Sequence[str]) -> list[File]:
    """The files among ``filenames`` (as pre-commit passes them) that the checks see: inside
    the repository, not ignored, not in a nested project; named as given."""
    found: list[File] = []
    for filename in filenames:
        relpath = relative(config, filename)
        if relpath is not None:
            found.append(File(relpath, shown(filename)))
    return found


class NotChecked(ValueError):
    """A path given on the command line that cannot be checked, and why."""


def repository_files(config: Config, given: Sequence[str] = ()) -> list[File]:
    """The Markdown files of the repository (those git knows, else those in the working
    tree), or of the ``given`` files and folders; sorted, named from the current folder. A
    given path outside the repository, missing, ignored or in a nested project raises
    :class:`NotChecked`."""
    if not given:
        from hooks.core import git  # subprocess: only to list the repository

        listed = git.repository_files(config.root)
        if listed is None:
            listed = files_under(config, "")
        relpaths = {f for f in listed if is_markdown(f) and not skipped(config, f)}
    else:
        relpaths = set()
        for path in given:
            relpath = root_relative(config, path)
            if relpath is None or not os.path.lexists(config.root / relpath):
                raise NotChecked(f"{path}: no such file or folder in the repository")
            if relpath != "." and (
                skipped(config, relpath) or (config.root / relpath / CONFIG_NAME).is_file()
            ):
                raise NotChecked(
                    f"{path}: not checked here: 'ignore' matches it, or it has its own "
                    f"{CONFIG_NAME}"
                )
            if (config.root / relpath).is_dir():
                folder = "" if relpath == "." else relpath
                relpaths.update(f for f in files_under(config, folder) if not skipped(config, f))
            elif is_markdown(relpath):
                relpaths.add(relpath)
    return [File(relpath, as_cwd_path(config, relpath)) for relpath in sorted(relpaths)]


def config_file(config: Config, given: str | None) -> str | None:
    """The root-relative path of the configuration file a run reads: ``given`` (``--config``),
    else ``.threat-model.yaml`` at the root when there is one; ``None`` for none (the
    defaults) or one outside the repository."""
    if given is not None:
        return root_relative(config, given)
    return CONFIG_NAME if config.source is not None else None


def hook_files(
    config: Config, filenames: Sequence[str], config_path: str | None, also: Sequence[str] = ()
) -> list[File]:
    """The files a file hook checks: those pre-commit passes (see :func:`given_files`), and
    every Markdown file of the repository (:func:`tracked_markdown`) when one of them can
    change the verdict on every model: the configuration file (``config_path`` is the
    ``--config`` the hook was given, if any), or one of ``also`` (root-relative paths: the
    template, for the template checks)."""
    given = given_files(config, filenames)
    wanted = {config_file(config, config_path), *also} - {None}
    if not any(root_relative(config, filename) in wanted for filename in filenames):
        return given
    named = {file.relpath for file in given}
    return given + [file for file in tracked_markdown(config) if file.relpath not in named]


def may_change_index(config: Config, config_path: str | None, filenames: Sequence[str]) -> bool:
    """Whether a commit can change the index check's verdict: it stages (or, when pre-commit
    passes file names, names) a Markdown file, a file under ``models_dir``, the index, the
    template or the configuration file. Nothing staged (a run by hand, or ``pre-commit run
    --all-files`` in CI), a range of commits (``PRE_COMMIT_FROM_REF``) and a folder outside git
    can change anything: the index is checked whole."""
    if os.environ.get("PRE_COMMIT_FROM_REF") or os.environ.get("PRE_COMMIT_TO_REF"):
        return True
    if filenames:
        relpaths = [relpath for name in filenames if (relpath := root_relative(config, name))]
        if len(relpaths) < len(filenames):
            return True
    else:
        from hooks.core import git

        # a root with its own .git is the top of its work tree: no need to ask git where it is
        top = "" if os.path.lexists(config.root / ".git") else None
        try:
            relpaths, outside = git.staged_files(config.root, top)
        except git.GitError:
            return True
        if not relpaths and not outside:
            return True
    wanted = {config.index, config.template, config_file(config, config_path) or CONFIG_NAME}
    return any(
        relpath in wanted or is_markdown(relpath) or is_under(relpath, config.models_dir)
        for relpath in relpaths
    )


def tracked_markdown(config: Config) -> list[File]:
    """The Markdown files git tracks (what pre-commit's ``--all-files`` passes; an untracked
    file, a CI report written into the checkout say, is no part of a commit), or those of the
    working tree outside git; sorted, named from the current folder."""
    from hooks.core import git  # subprocess: only to list the repository

    listed = git.tracked_files(config.root)
    if listed is None:
        listed = files_under(config, "")
    relpaths = sorted(f for f in listed if is_markdown(f) and not skipped(config, f))
    return [File(relpath, as_cwd_path(config, relpath)) for relpath in relpaths]
