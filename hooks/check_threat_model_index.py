"""check-threat-model-index: the index links every model, with its owner and last-updated date.

pre-commit splits long file lists across several runs, so this hook reads the repository
itself (``pass_filenames: false``). On a commit that stages no Markdown file, nothing under
the models folder, neither the index, the template nor the configuration, nothing can change
its verdict: it reads no model. ``--fix`` rewrites the managed table of the index.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from hooks.core import runner
from hooks.core.files import may_change_index
from hooks.core.findings import Reporter


def main(argv: Sequence[str] | None = None) -> int:
    parser = runner.make_parser("check-threat-model-index", __doc__ or "", files=False)
    parser.add_argument("filenames", nargs="*", help=argparse.SUPPRESS)
    parser.add_argument(
        "--fix", action="store_true", help="rewrite the index's managed table (sorted by feature)"
    )
    args = runner.parse_files(parser, argv)
    config = runner.load(args)
    if config is None:
        return runner.EXIT_USAGE
    reporter = Reporter(config.severity)
    if not args.fix and not may_change_index(config, args.config, args.filenames):
        return runner.finish(reporter, args.format, config.root)  # no model is read
    from hooks.core.index import run  # the Markdown reader: only when the index is checked

    touched = run(config, args.fix, args.format, reporter)
    return max(runner.finish(reporter, args.format, config.root), int(touched))


if __name__ == "__main__":
    raise SystemExit(main())
