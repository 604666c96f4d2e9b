"""check-threat-model-template: threat models follow the template.

Models live at ``<models_dir>/<feature>.md`` with a kebab-case name; a threat model elsewhere
is reported with the path it should move to. Each model's H1 follows the template's title
pattern, its required sections come in the template's order, and no template placeholder is
left. The template itself must contain every required section; a repository without one is
checked against the template bundled with the package (a warning says so). When the
configuration file or the template is among the files, every model of the repository is checked.
"""

from __future__ import annotations

from collections.abc import Sequence

from hooks.core import runner
from hooks.core.config import is_markdown
from hooks.core.files import hook_files
from hooks.core.findings import Reporter
from hooks.core.pipeline import check_files
from hooks.core.template import TemplateChecks


def main(argv: Sequence[str] | None = None) -> int:
    args = runner.parse_files(
        runner.make_parser("check-threat-model-template", __doc__ or ""), argv
    )
    config = runner.load(args)
    if config is None:
        return runner.EXIT_USAGE
    reporter = Reporter(config.severity)
    given = hook_files(config, sorted(args.filenames), args.config, also=[config.template])
    files = [f for f in given if is_markdown(f.relpath)]
    checks = TemplateChecks(config)
    check_files(config, files, reporter, [checks.model], checks.page)
    template = checks.template
    if template.doc is None or template.bundled or any(f.relpath == config.template for f in files):
        checks.template_file(reporter)
    return runner.finish(reporter, args.format, config.root)


if __name__ == "__main__":
    raise SystemExit(main())
