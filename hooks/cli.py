"""threat-model: whole-repository runs of the threat model checks.

threat-model check [PATH ...]   run every check over every model (or over the given files
                                and folders; the index and a full coverage audit run on
                                whole-repository runs)
threat-model index [--fix]      check the index, or rewrite its managed table
threat-model coverage           say whether each touched feature area has a current model
threat-model status             every model and area as of today: age, due date, state
threat-model init               write what a repository needs before its first model
threat-model new FEATURE        write a model from the template, its area and index row
threat-model review             say what in the change matters to which threat model
threat-model diagram MODEL      draw the model's trust boundaries (Mermaid); --fix keeps
                                the diagram in the model
threat-model heatmap MODEL      the model's risks on a likelihood x impact grid
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from hooks import __version__
from hooks.core import output, runner
from hooks.core.config import Config
from hooks.core.findings import Reporter


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line; with ``command`` (the subcommand the arguments name), the options of
    the others that need a module of their own to be described (status) are left out."""
    parser = runner.Parser(
        prog="threat-model",
        description="Keep Markdown threat models present, complete, indexed and current.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    check = commands.add_parser(
        "check", help="run every check over the repository's threat models (or the given paths)"
    )
    check.add_argument("paths", nargs="*", help="files or folders (default: the whole repository)")
    check.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="check models in N processes (default: one per core; 1 checks them in this one)",
    )
    runner.add_common(check)
    index = commands.add_parser(
        "index", help="check the threat model index (or rewrite its managed table with --fix)"
    )
    index.add_argument("--fix", action="store_true", help="rewrite the managed table")
    runner.add_common(index)
    _add_coverage(commands)
    _add_status(commands, command in (None, "status"))
    _add_init(commands)
    _add_new(commands)
    _add_review(commands)
    _add_diagram(commands)
    _add_heatmap(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    given = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(next((arg for arg in given if not arg.startswith("-")), None))
    args = parser.parse_args(given)
    if args.command == "init":
        return _run_init(args)
    if args.command == "new":
        return _run_new(args)
    config = runner.load(args)
    if config is None:
        return runner.EXIT_USAGE
    if args.command == "index":
        from hooks.core import index as index_check

        reporter = Reporter(config.severity)
        touched = index_check.run(config, args.fix, args.format, reporter)
        return max(runner.finish(reporter, args.format, config.root), int(touched))
    if args.command == "coverage":
        return _run_coverage(config, args)
    if args.command == "review":
        return _run_review(config, args)
    if args.command == "status":
        from hooks.core.status import run_status

        if args.due_within < 0:
            parser.error(f"--due-within must be 0 or more, not {args.due_within}")
        return run_status(config, args.due_within, args.format)
    if args.command == "diagram":
        return _run_diagram(config, args)
    if args.command == "heatmap":
        return _run_heatmap(config, args)
    from hooks.core.pipeline import available_jobs

    jobs = available_jobs() if args.jobs is None else args.jobs
    if jobs < 1:
        parser.error(f"--jobs must be 1 or more, not {jobs}")
    return run_check(config, args.paths, args.format, jobs)


def run_check(config: Config, paths: Sequence[str], fmt: str, jobs: int = 1) -> int:
    from hooks.core import index as index_check
    from hooks.core.content.checks import check_content
    from hooks.core.files import NotChecked, repository_files
    from hooks.core.pipeline import check_files
    from hooks.core.sections import check_sections
    from hooks.core.template import TemplateChecks

    try:
        files = repository_files(config, paths)
    except NotChecked as exc:
        output.error(f"threat-model: {exc}")
        return runner.EXIT_USAGE
    reporter = Reporter(config.severity)
    template = TemplateChecks(config, metadata_placeholders=False)
    template.template_file(reporter)
    checks = [check_sections, template.model, check_content]
    models = check_files(config, files, reporter, checks, template.page, jobs)
    if not paths:
        known = index_check.models_of(config, reporter, models)
        index_check.check_repository(config, reporter, known)
        if config.areas:
            from hooks.core.coverage import report_audit

            report_audit(config, reporter, known)
    return runner.finish(reporter, fmt, config.root)


def _add_coverage(commands: argparse._SubParsersAction[runner.Parser]) -> None:
    from hooks.core.coverage import FORMATS

    cover = commands.add_parser(
        "coverage", help="say whether each touched feature area has a current threat model"
    )
    runner.add_range(cover)
    cover.add_argument("--all", action="store_true", help="audit every area")
    cover.add_argument("--enforce", action="store_true", help="exit 1 on stale or missing models")
    cover.add_argument("--config", metavar="PATH", help="configuration file")
    cover.add_argument("--format", choices=FORMATS, default="text", help="output format")


def _run_coverage(config: Config, args: argparse.Namespace) -> int:
    from hooks.core.coverage import run_coverage

    from_ref, to_ref = runner.range_of(args)
    return run_coverage(config, from_ref, to_ref, args.all, args.format, args.enforce)


def _add_status(commands: argparse._SubParsersAction[runner.Parser], options: bool) -> None:
    status = commands.add_parser(
        "status",
        help="every model and feature area as of today: owner, age, due date, state (exit 0)",
    )
    if not options:  # another command is run: hooks.core.status (and the reader) is not loaded
        return
    from hooks.core.status import DUE_WITHIN, FORMATS

    status.add_argument(
        "--due-within",
        type=int,
        default=DUE_WITHIN,
        metavar="DAYS",
        help=f"call a review due when it falls within DAYS days (default: {DUE_WITHIN})",
    )
    status.add_argument("--config", metavar="PATH", help="configuration file")
    status.add_argument("--format", choices=FORMATS, default="text", help="output format")


def _add_init(commands: argparse._SubParsersAction[runner.Parser]) -> None:
    init = commands.add_parser(
        "init",
        help="write what the repository needs before its first threat model (never overwrites)",
    )
    init.add_argument("--dry-run", action="store_true", help="say what would be written")
    init.add_argument(
        "--forge",
        choices=("auto", "github", "gitlab", "none"),
        default="auto",
        help="the CI and pull request template to write (default: detected)",
    )


def _run_init(args: argparse.Namespace) -> int:
    from hooks.core.scaffold.files import start
    from hooks.core.scaffold.init import run_init

    started = start("threat-model init", args.dry_run)
    if isinstance(started, int):
        return started
    return run_init(*started, forge=args.forge)


def _add_new(commands: argparse._SubParsersAction[runner.Parser]) -> None:
    new = commands.add_parser(
        "new", help="write a threat model from the template, with its area and index row"
    )
    new.add_argument("feature", help="the feature's name; the model is <models_dir>/<slug>.md")
    new.add_argument("--owner", help="the owning team or person (default: CODEOWNERS, git)")
    new.add_argument(
        "--paths", nargs="+", default=[], metavar="PATH", help="the feature's code (its area)"
    )
    new.add_argument("--cadence", help="the review cadence (default: Quarterly)")
    new.add_argument("--dry-run", action="store_true", help="say what would be written")


def _run_new(args: argparse.Namespace) -> int:
    from hooks.core.scaffold.files import start
    from hooks.core.scaffold.new import NewOptions, run_new

    started = start("threat-model new", args.dry_run)
    if isinstance(started, int):
        return started
    options = NewOptions(args.feature, args.owner, tuple(args.paths), args.cadence)
    return run_new(*started, options)


REVIEW_FORMATS = ("text", "markdown", "json", "github", "sarif")  # hooks.core.review.render


def _add_review(commands: argparse._SubParsersAction[runner.Parser]) -> None:
    review = commands.add_parser(
        "review", help="say what in the change matters to which threat model, and why"
    )
    runner.add_range(review)
    review.add_argument(
        "--enforce",
        action="store_true",
        help="exit 1 when a model needs an update the change lacks",
    )
    review.add_argument(
        "--with-coverage",
        action="store_true",
        help="markdown: the coverage report and the review in one comment (coverage's marker)",
    )
    review.add_argument("--config", metavar="PATH", help="configuration file")
    review.add_argument("--format", choices=REVIEW_FORMATS, default="text", help="output format")


def _run_review(config: Config, args: argparse.Namespace) -> int:
    from hooks.core.review.run import run_review

    from_ref, to_ref = runner.range_of(args)
    return run_review(config, from_ref, to_ref, args.format, args.enforce, args.with_coverage)


DIAGRAM_FORMATS = ("mermaid", "markdown", "json")  # hooks.core.diagram.FORMATS


def _add_diagram(commands: argparse._SubParsersAction[runner.Parser]) -> None:
    diagram = commands.add_parser(
        "diagram",
        help="draw a model's trust boundaries as a Mermaid flowchart (--fix keeps it in the model)",
    )
    diagram.add_argument("model", metavar="MODEL", help="the threat model (a Markdown file)")
    diagram.add_argument(
        "--fix",
        action="store_true",
        help="write or refresh the diagram in the model, between its markers",
    )
    diagram.add_argument("--config", metavar="PATH", help="configuration file")
    diagram.add_argument(
        "--format", choices=DIAGRAM_FORMATS, default="mermaid", help="output format"
    )


def _run_diagram(config: Config, args: argparse.Namespace) -> int:
    from hooks.core.diagram import run_diagram

    return run_diagram(config, args.model, args.fix, args.format)


HEATMAP_FORMATS = ("text", "markdown", "json")  # hooks.core.heatmap.FORMATS


def _add_heatmap(commands: argparse._SubParsersAction[runner.Parser]) -> None:
    heatmap = commands.add_parser(
        "heatmap", help="place a model's risks on a likelihood x impact grid"
    )
    heatmap.add_argument("model", metavar="MODEL", help="the threat model (a Markdown file)")
    heatmap.add_argument("--config", metavar="PATH", help="configuration file")
    heatmap.add_argument("--format", choices=HEATMAP_FORMATS, default="text", help="output format")


def _run_heatmap(config: Config, args: argparse.Namespace) -> int:
    from hooks.core.heatmap import run_heatmap

    return run_heatmap(config, args.model, args.format)


__all__ = ["build_parser", "main", "run_check"]


if __name__ == "__main__":
    raise SystemExit(main())
