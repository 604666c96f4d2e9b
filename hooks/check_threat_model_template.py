"""check-threat-model-template: threat models follow the template.

Models live at ``<models_dir>/<feature>.md`` with a kebab-case name; a threat model elsewhere
is reported with the path it should move to. Each model's H1 follows the template's title
pattern, its required sections come in the template's order, and no template placeholder is
left. The template itself must exist and contain every required section.
"""

from __future__ import annotations

from collections.abc import Sequence

from hooks.core import runner
from hooks.core.config import is_markdown
from hooks.core.findings import Reporter
from hooks.core.template import (
    check_model,
    check_model_place,
    check_page,
    check_template_file,
    load_template,
)


def main(argv: Sequence[str] | None = None) -> int:
    args = runner.parse_files(
        runner.make_parser("check-threat-model-template", __doc__ or ""), argv
    )
    config = runner.load(args)
    if config is None:
        return runner.EXIT_USAGE
    reporter = Reporter(config.severity)
    template = load_template(config)
    template_seen = False
    suggested: set[str] = set()  # paths suggested for misplaced models, so none is given twice
    for filename in sorted(args.filenames):
        relpath = runner.relative(config, filename)
        if relpath is None or not is_markdown(relpath):
            continue
        if relpath == config.template:
            template_seen = True  # read and checked below
            continue
        if config.is_model_path(relpath):
            doc = runner.read(config, filename, reporter)
            if doc is not None:
                check_model_place(doc, relpath, config, reporter)
                check_model(doc, config, template, reporter)
        else:
            check_page(config, filename, relpath, reporter, suggested)
    if template_seen or template.doc is None:
        check_template_file(config, template, reporter)
    return runner.finish(reporter, args.format, config.root)


if __name__ == "__main__":
    raise SystemExit(main())
