"""check-threat-model-coverage: every touched feature area has a current threat model.

What changed comes from --base/--head (or --from-ref/--to-ref), else PRE_COMMIT_FROM_REF/
PRE_COMMIT_TO_REF (compared from the merge base), else the staged files, else a full audit
of every area.
Advisory by default (exit 0); --enforce or ``mode: enforce`` exits 1 on stale or missing models.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from hooks import __version__
from hooks.core import runner
from hooks.core.coverage import FORMATS, run_coverage


def main(argv: Sequence[str] | None = None) -> int:
    parser = runner.Parser(prog="check-threat-model-coverage", description=__doc__)
    parser.add_argument("filenames", nargs="*", help=argparse.SUPPRESS)
    runner.add_range(parser)
    parser.add_argument("--all", action="store_true", help="audit every area")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format")
    parser.add_argument(
        "--enforce", action="store_true", help="exit 1 when a touched area is stale or missing"
    )
    parser.add_argument("--config", metavar="PATH", help="configuration file")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    args = runner.parse_files(parser, argv)
    config = runner.load(args)
    if config is None:
        return runner.EXIT_USAGE
    from_ref, to_ref = runner.range_of(args)
    return run_coverage(config, from_ref, to_ref, args.all, args.format, args.enforce)


if __name__ == "__main__":
    raise SystemExit(main())
