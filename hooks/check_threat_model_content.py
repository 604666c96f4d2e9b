"""check-threat-model-content: the substance of every threat model.

Each Markdown file under ``models_dir`` (the template and files elsewhere are skipped) must
address every threat category and lens, map threats to mitigations, document its trust
boundaries, keep its risk summary and abuse cases consistent, and link only to files that exist.
"""

from __future__ import annotations

from collections.abc import Sequence

from hooks.core import runner
from hooks.core.content import check_content
from hooks.core.findings import Reporter


def main(argv: Sequence[str] | None = None) -> int:
    parser = runner.make_parser("check-threat-model-content", __doc__ or "")
    args = parser.parse_args(argv)
    config = runner.load(args)
    if config is None:
        return runner.EXIT_USAGE
    reporter = Reporter(config.severity)
    for filename in args.filenames:
        relpath = runner.relative(config, filename)
        if relpath is None or not config.is_model_path(relpath):
            continue
        doc = runner.read(config, filename, reporter)
        if doc is not None:
            check_content(doc, relpath, config, reporter)
    return runner.finish(reporter, args.format)


if __name__ == "__main__":
    raise SystemExit(main())
