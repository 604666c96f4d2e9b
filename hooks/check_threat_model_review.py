"""check-threat-model-review: what in the change matters to which threat model, and why.

The change is --base/--head (or --from-ref/--to-ref), else PRE_COMMIT_FROM_REF/PRE_COMMIT_TO_REF
(compared from the merge base, as pre-push runs it), else the staged change. Advisory by
default (exit 0); --enforce or ``mode: enforce`` exits 1 when a model needs an update the
change does not make.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from hooks import __version__
from hooks.core import runner

FORMATS = ("text", "markdown", "json", "github", "sarif")  # hooks.core.review.render


def main(argv: Sequence[str] | None = None) -> int:
    parser = runner.Parser(prog="check-threat-model-review", description=__doc__)
    parser.add_argument("filenames", nargs="*", help=argparse.SUPPRESS)
    runner.add_range(parser)
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format")
    parser.add_argument(
        "--enforce",
        action="store_true",
        help="exit 1 when a model needs an update that the change does not make",
    )
    parser.add_argument("--config", metavar="PATH", help="configuration file")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    args = runner.parse_files(parser, argv)
    config = runner.load(args)
    if config is None:
        return runner.EXIT_USAGE
    from hooks.core.review.run import run_review

    from_ref, to_ref = runner.range_of(args)
    return run_review(config, from_ref, to_ref, args.format, args.enforce)


if __name__ == "__main__":
    raise SystemExit(main())
