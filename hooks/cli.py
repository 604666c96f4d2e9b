"""threat-model: whole-repository runs of the threat model checks.

threat-model check [PATH ...]   run every check over every model (or over the given files
                                and folders; the index and a full coverage audit run on
                                whole-repository runs)
threat-model index [--fix]      check the index, or rewrite its managed table
threat-model coverage           say whether each touched feature area has a current model
threat-model review             say what in the change matters to which threat model
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from hooks import __version__
from hooks.core import index as index_check
from hooks.core import runner
from hooks.core.config import CONFIG_NAME, Config, is_markdown
from hooks.core.content import check_content
from hooks.core.findings import Reporter
from hooks.core.git import repository_files
from hooks.core.markdown import Document
from hooks.core.sections import check_sections
from hooks.core.template import (
    check_model,
    check_model_place,
    check_page,
    check_template_file,
    load_template,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    runner.add_common(check)
    index = commands.add_parser(
        "index", help="check the threat model index (or rewrite its managed table with --fix)"
    )
    index.add_argument("--fix", action="store_true", help="rewrite the managed table")
    runner.add_common(index)
    _add_coverage(commands)
    _add_review(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    config = runner.load(args)
    if config is None:
        return runner.EXIT_USAGE
    if args.command == "index":
        return index_check.run(config, args.fix, args.format)
    if args.command == "coverage":
        return _run_coverage(config, args)
    if args.command == "review":
        return _run_review(config, args)
    return run_check(config, args.paths, args.format)


def _candidates(config: Config, paths: Sequence[str]) -> list[str] | None:
    """Root-relative Markdown paths to check, or ``None`` when a given path cannot be."""
    if not paths:
        files = repository_files(config.root)
        if files is None:
            files = runner.files_under(config, "")
        return sorted(f for f in files if is_markdown(f) and not runner.skipped(config, f))
    found: set[str] = set()
    for path in paths:
        relpath = runner.root_relative(config, path)
        if relpath is None or not os.path.lexists(config.root / relpath):
            _refuse(path, "no such file or folder in the repository")
            return None
        if relpath != "." and (
            runner.skipped(config, relpath) or (config.root / relpath / CONFIG_NAME).is_file()
        ):
            _refuse(path, f"not checked here: 'ignore' matches it, or it has its own {CONFIG_NAME}")
            return None
        if (config.root / relpath).is_dir():
            folder = "" if relpath == "." else relpath
            found.update(
                f for f in runner.files_under(config, folder) if not runner.skipped(config, f)
            )
        elif is_markdown(relpath):
            found.add(relpath)
    return sorted(found)


def _refuse(path: str, why: str) -> None:
    print(f"threat-model: {path}: {why}", file=sys.stderr)


def run_check(config: Config, paths: Sequence[str], fmt: str) -> int:
    candidates = _candidates(config, paths)
    if candidates is None:
        return runner.EXIT_USAGE
    reporter = Reporter(config.severity)
    template = load_template(config)
    check_template_file(config, template, reporter)
    read: dict[str, Document | None] = {}
    suggested: set[str] = set()  # paths suggested for misplaced models, so none is given twice
    for relpath in candidates:
        shown = runner.as_cwd_path(config, relpath)
        if relpath == config.template:
            continue  # checked above
        if config.is_model_path(relpath):
            doc = read[relpath] = runner.read(config, shown, reporter)
            if doc is not None:
                check_sections(doc, config, reporter)
                check_model_place(doc, relpath, config, reporter)
                check_model(doc, config, template, reporter, metadata_placeholders=False)
                check_content(doc, relpath, config, reporter)
        else:
            check_page(config, shown, relpath, reporter, suggested)
    if not paths:
        index_check.check_repository(config, reporter, read=read)
        if config.areas:
            from hooks.core.coverage import report_audit

            report_audit(config, reporter)
    return runner.finish(reporter, fmt, config.root)


def _add_coverage(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from hooks.core.coverage import FORMATS

    cover = commands.add_parser(
        "coverage", help="say whether each touched feature area has a current threat model"
    )
    cover.add_argument("--base", dest="from_ref", metavar="REF", help="base of the range")
    cover.add_argument("--head", dest="to_ref", metavar="REF", help="head (default: HEAD)")
    cover.add_argument("--all", action="store_true", help="audit every area")
    cover.add_argument("--enforce", action="store_true", help="exit 1 on stale or missing models")
    cover.add_argument("--config", metavar="PATH", help="configuration file")
    cover.add_argument("--format", choices=FORMATS, default="text", help="output format")


def _run_coverage(config: Config, args: argparse.Namespace) -> int:
    from hooks.core.coverage import run_coverage

    to_ref = args.to_ref or ("HEAD" if args.from_ref else None)
    return run_coverage(config, args.from_ref, to_ref, args.all, args.format, args.enforce)


REVIEW_FORMATS = ("text", "markdown", "json", "github", "sarif")  # hooks.core.review.render


def _add_review(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    review = commands.add_parser(
        "review", help="say what in the change matters to which threat model, and why"
    )
    review.add_argument(
        "--base", "--from-ref", dest="from_ref", metavar="REF", help="base of the range"
    )
    review.add_argument(
        "--head", "--to-ref", dest="to_ref", metavar="REF", help="head of the range (default: HEAD)"
    )
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

    to_ref = args.to_ref or ("HEAD" if args.from_ref else None)
    return run_review(config, args.from_ref, to_ref, args.format, args.enforce, args.with_coverage)


__all__ = ["build_parser", "main", "run_check"]


if __name__ == "__main__":
    raise SystemExit(main())
