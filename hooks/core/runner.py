"""What every entry point shares: its command line, loading the configuration, printing the
findings and the exit code. Reading files is :mod:`hooks.core.files`; running the checks over
them, :mod:`hooks.core.pipeline`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from hooks import __version__
from hooks.core import output
from hooks.core.config import (
    Config,
    ConfigError,
    load_config,
)
from hooks.core.files import hook_files, top_level
from hooks.core.findings import Reporter, exit_code
from hooks.core.output import FORMATS, ROOTED, render

if TYPE_CHECKING:
    from hooks.core.pipeline import ModelCheck

EXIT_USAGE = 2


class Formatter(argparse.HelpFormatter):
    """argparse's help, as wide as the terminal, found as ``shutil.get_terminal_size`` finds
    it, without importing shutil: argparse makes a formatter for every option it is given, and
    shutil (with the compression modules it loads) cost every hook a few milliseconds."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=terminal_width() - 2)


def terminal_width() -> int:
    """``$COLUMNS``, else the width of the terminal of standard output, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class Parser(argparse.ArgumentParser):
    """The parser of every hook and of the ``threat-model`` command: no abbreviation of a long
    option (``--conf`` is not ``--config``), and errors that quote arguments visible (see
    :func:`hooks.core.output.visible`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_abbrev"] = False
        kwargs.setdefault("formatter_class", Formatter)
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


def add_range(parser: argparse.ArgumentParser) -> None:
    """The range of commits a change spans: ``--base REF`` (``--from-ref``) and ``--head REF``
    (``--to-ref``; ``HEAD`` when only the base is given), named alike in every hook and
    command that reads a change."""
    parser.add_argument(
        "--base", "--from-ref", dest="from_ref", metavar="REF", help="base of the range"
    )
    parser.add_argument(
        "--head", "--to-ref", dest="to_ref", metavar="REF", help="head of the range (default: HEAD)"
    )


def range_of(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """The range ``add_range`` read: the head is ``HEAD`` when only the base is given."""
    return args.from_ref, args.to_ref or ("HEAD" if args.from_ref else None)


def load(args: argparse.Namespace) -> Config | None:
    """The configuration, or ``None`` after printing why it is invalid, or why the date
    ``THREAT_MODEL_TODAY`` pins is."""
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        output.error(str(exc))
        return None
    if os.environ.get("THREAT_MODEL_TODAY", "").strip():
        from hooks.core.dates import TODAY_ENV, TodayError, today  # only with a pinned date

        try:
            today()
        except TodayError as exc:
            output.error(f"{TODAY_ENV}: configuration error: {exc}")
            return None
    return config


def finish(reporter: Reporter, fmt: str, root: Path, stream: TextIO | None = None) -> int:
    """Print the findings; the exit code. GitHub commands, SARIF and GitLab Code Quality name
    files from the top folder of the git repository that holds ``root``, the project's (a
    nested project's files from the repository's top, as GitHub and GitLab read them)."""
    findings = reporter.findings
    text = render(findings, fmt, top_level(root) if fmt in ROOTED else None)
    if text:
        output.write(text, stream)
    return exit_code(findings)


def run_model_hook(
    prog: str,
    description: str,
    checks: Callable[[], Sequence[ModelCheck]],
    argv: Sequence[str] | None,
) -> int:
    """A hook over the models pre-commit passes: each of the checks ``checks()`` gives runs on
    each file under ``models_dir`` (the template and other files are skipped); on every model
    of the repository when the configuration file is among the files. ``checks`` is called
    (and the checks and the Markdown reader imported) only when there is a model to check."""
    args = parse_files(make_parser(prog, description), argv)
    config = load(args)
    if config is None:
        return EXIT_USAGE
    reporter = Reporter(config.severity)
    from hooks.core.pipeline import check_files, model_files  # the file hooks' own

    files = hook_files(config, args.filenames, args.config)
    if model_files(config, files):
        check_files(config, files, reporter, checks())
    return finish(reporter, args.format, config.root)
