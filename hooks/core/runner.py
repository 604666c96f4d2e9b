"""What every hook shares: its command line, configuration loading, file reading and exit."""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath
from typing import Any, NoReturn, TextIO

from hooks import __version__
from hooks.core import output, paths
from hooks.core.config import (
    CONFIG_NAME,
    Config,
    ConfigError,
    is_markdown,
    load_config,
)
from hooks.core.context import ModelContext
from hooks.core.findings import Reporter, exit_code
from hooks.core.markdown import Document, read_document
from hooks.core.output import FORMATS, render

EXIT_USAGE = 2


class Parser(argparse.ArgumentParser):
    """The parser of every hook and of the ``threat-model`` command: no abbreviation of a long
    option (``--conf`` is not ``--config``), and errors that quote arguments visible (see
    :func:`hooks.core.output.visible`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_abbrev"] = False
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        super().error(output.visible(message))


def make_parser(prog: str, description: str, files: bool = True) -> Parser:
    parser = Parser(prog=prog, description=description)
    if files:
        parser.add_argument("filenames", nargs="*", help="files to check (pre-commit passes them)")
    add_common(parser)
    return parser


def parse_files(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """A hook's arguments, as pre-commit passes them: the hook's own options (``args`` in
    ``.pre-commit-config.yaml``), then the file names, with no ``--``. See :func:`split`.
    An argument among the file names that looks like an option and names no file is a usage
    error (exit 2): an option out of place, or misspelt."""
    options, files = split(parser, list(sys.argv[1:] if argv is None else argv))
    unknown = [arg for arg in files if arg[:1] == "-" and arg != "-" and not os.path.lexists(arg)]
    if unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    args = parser.parse_args(options)
    args.filenames = files
    return args


def split(parser: argparse.ArgumentParser, given: list[str]) -> tuple[list[str], list[str]]:
    """The hook's options and the file names. The options come first and each is one the
    parser knows, written whole (no abbreviation), with its value; the file names start at
    the first argument that is not such an option, or that names an existing path, or after
    ``--``. So a committed file named ``--config=evil.md`` is a file name, and the hook's own
    ``args: [--config, x.yaml]`` still configure it. Options come back as ``--name=value``,
    so that a value starting with ``-`` stays a value."""
    known = parser._option_string_actions
    options: list[str] = []
    index = 0
    while index < len(given):
        arg = given[index]
        if arg == "--":
            return options, given[index + 1 :]
        if arg[:1] != "-" or os.path.lexists(arg):
            break
        name, equals, _ = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        action = known.get(name)
        if action is None:
            break
        if action.nargs == 0 or equals:
            options.append(arg)
        elif index + 1 < len(given):
            index += 1
            value = given[index]
            options.append(f"{name}={value}" if name.startswith("--") else name + value)
        else:
            options.append(arg)  # the parser says that the value is missing
        index += 1
    return options, given[index:]


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="configuration file (default: .threat-model.yaml at the repository root)",
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")


def load(args: argparse.Namespace) -> Config | None:
    """The configuration, or ``None`` after printing why it is invalid, or why the date
    ``THREAT_MODEL_TODAY`` pins is."""
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        output.error(str(exc))
        return None
    if os.environ.get("THREAT_MODEL_TODAY", "").strip():
        from hooks.core.dates import TODAY_ENV, TodayError, today  # dates imports calendar

        try:
            today()
        except TodayError as exc:
            output.error(f"{TODAY_ENV}: configuration error: {exc}")
            return None
    return config


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


def read(
    config: Config,
    filename: str,
    reporter: Reporter | None,
    keep: Callable[[str], bool] | None = None,
) -> Document | None:
    """Read and parse a Markdown file of the repository, reporting input problems (TM0xx) as
    findings (none without a ``reporter``); with ``keep``, only its head (see
    :func:`hooks.core.markdown.read_document`). A file that leads out of the repository is
    not read."""
    name = shown(filename)
    relpath = root_relative(config, filename)
    why = _OUTSIDE if relpath is None else leaves(config, relpath)
    if why is not None:
        if reporter is not None:
            reporter.add(name, 1, 1, "TM001", f"{relpath or name} {why}", NOT_READ_HINT)
        return None
    result = read_document(Path(filename), name, config.max_file_bytes, keep)
    if reporter is None:
        return result if isinstance(result, Document) else None
    if not isinstance(result, Document):
        reporter.add_problem(name, result)
        return None
    for problem in result.problems:
        reporter.add_problem(name, problem)
    return result


def finish(reporter: Reporter, fmt: str, root: Path, stream: TextIO | None = None) -> int:
    """Print the findings; the exit code. GitHub commands and SARIF name files relative to
    ``root``, the repository's."""
    findings = reporter.findings
    text = render(findings, fmt, root if fmt in ("github", "sarif") else None)
    if text:
        output.write(text, stream)
    return exit_code(findings)


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


def run_model_hook(
    prog: str,
    description: str,
    check: Callable[[ModelContext, Reporter], object],
    argv: Sequence[str] | None,
) -> int:
    """A hook over the models pre-commit passes: ``check(model, reporter)`` runs on each file
    under ``models_dir`` (the template and other files are skipped)."""
    args = parse_files(make_parser(prog, description), argv)
    config = load(args)
    if config is None:
        return EXIT_USAGE
    reporter = Reporter(config.severity)
    for filename in args.filenames:
        relpath = relative(config, filename)
        if relpath is None or not config.is_model_path(relpath):
            continue
        doc = read(config, filename, reporter)
        if doc is not None:
            check(ModelContext(doc, relpath, config), reporter)
    return finish(reporter, args.format, config.root)
