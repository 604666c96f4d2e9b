"""One pipeline for every hook and for ``threat-model check``: files, then models, then checks.

Each model is read and parsed once into a :class:`~hooks.core.context.ModelContext` that every
check of the run shares; the contexts are returned, so that the index and the coverage audit
of a whole-repository run read the models already parsed instead of reading them again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from hooks.core.config import Config
from hooks.core.context import ModelContext
from hooks.core.files import File, read
from hooks.core.findings import Reporter

ModelCheck = Callable[[ModelContext, Reporter], object]
PageCheck = Callable[[File, Reporter], object]


def read_model(config: Config, file: File, reporter: Reporter | None) -> ModelContext | None:
    """A model of the working tree, parsed, or ``None`` when it cannot be read (the reporter
    says why: ``TM0xx``)."""
    doc = read(config, file.shown, reporter)
    return None if doc is None else ModelContext(doc, file.relpath, config)


def check_files(
    config: Config,
    files: Sequence[File],
    reporter: Reporter,
    model_checks: Sequence[ModelCheck],
    page_check: PageCheck | None = None,
) -> dict[str, ModelContext | None]:
    """Run ``model_checks`` on each model among ``files`` (the files under ``models_dir``,
    the template aside) and ``page_check`` on each other file; the models read, by path
    (``None`` for one that could not be read)."""
    models: dict[str, ModelContext | None] = {}
    for file in files:
        if file.relpath == config.template:
            continue
        if config.is_model_path(file.relpath):
            model = models[file.relpath] = read_model(config, file, reporter)
            if model is not None:
                for check in model_checks:
                    check(model, reporter)
        elif page_check is not None:
            page_check(file, reporter)
    return models


__all__ = ["ModelCheck", "PageCheck", "check_files", "read_model"]
