"""check-threat-model-sections: every threat model has the required sections and metadata.

Each Markdown file under ``models_dir`` (the template and files elsewhere are skipped) must
have every required section, not empty, and the metadata fields, with a real ``Last updated``
date that is not in the future.
"""

from __future__ import annotations

from collections.abc import Sequence

from hooks.core import runner
from hooks.core.findings import Reporter
from hooks.core.sections import check_sections


def main(argv: Sequence[str] | None = None) -> int:
    parser = runner.make_parser("check-threat-model-sections", __doc__ or "")
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
            check_sections(doc, config, reporter)
    return runner.finish(reporter, args.format)


if __name__ == "__main__":
    raise SystemExit(main())
