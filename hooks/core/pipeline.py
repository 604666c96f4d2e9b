"""One pipeline for every hook and for ``threat-model check``: files, then models, then checks.

Each model is read and parsed once into a :class:`~hooks.core.context.ModelContext` that every
check of the run shares. What the run keeps of a model afterwards is its metadata summary
(:class:`~hooks.core.models.Model`): the index and the coverage audit of a whole-repository
run take those instead of reading the models again, and a run over thousands of models holds
no parsed document longer than its checks need it.

On Linux, a run of many models (``threat-model check`` of a repository) checks them in worker
processes, one per core; pre-commit already runs a file hook's batches of files side by side,
so the hooks check theirs in one process.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from hooks.core.config import Config
from hooks.core.files import File, read
from hooks.core.findings import Finding, Reporter

if TYPE_CHECKING:
    from hooks.core.context import ModelContext
    from hooks.core.models import Model

ModelCheck = Callable[["ModelContext", Reporter], object]
PageCheck = Callable[[File, Reporter], object]

PARALLEL_FROM = 32  # models: below this, starting workers costs more than it saves
CHUNKS_PER_JOB = 4  # so that a slow chunk does not leave the other workers idle


def read_model(config: Config, file: File, reporter: Reporter | None) -> ModelContext | None:
    """A model of the working tree, parsed, or ``None`` when it cannot be read (the reporter
    says why: ``TM0xx``)."""
    from hooks.core.context import ModelContext  # the reader: imported for a model to read

    doc = read(config, file.shown, reporter)
    return None if doc is None else ModelContext(doc, file.relpath, config)


def check_model(
    config: Config, file: File, reporter: Reporter, checks: Sequence[ModelCheck]
) -> Model | None:
    """Run ``checks`` on one model; its metadata summary, or ``None`` when it cannot be read."""
    from hooks.core.models import model_from  # the summary: imported once a model is read

    model = read_model(config, file, reporter)
    if model is None:
        return None
    for check in checks:
        check(model, reporter)
    return model_from(model.metadata, model.relpath, config)


def check_files(
    config: Config,
    files: Sequence[File],
    reporter: Reporter,
    model_checks: Sequence[ModelCheck],
    page_check: PageCheck | None = None,
    jobs: int = 1,
) -> dict[str, Model | None]:
    """Run ``model_checks`` on each model among ``files`` (the files under ``models_dir``,
    the template aside) and ``page_check`` on each other file, with up to ``jobs`` worker
    processes; the models' metadata summaries by path (``None`` for one that could not be
    read)."""
    models = model_files(config, files)
    if jobs > 1 and len(models) >= PARALLEL_FROM and sys.platform.startswith("linux"):
        found = _in_processes(config, models, reporter, model_checks, jobs)
    else:
        found = {file.relpath: check_model(config, file, reporter, model_checks) for file in models}
    if page_check is not None:
        checked = set(found)
        for file in files:
            if file.relpath != config.template and file.relpath not in checked:
                page_check(file, reporter)
    return found


def model_files(config: Config, files: Sequence[File]) -> list[File]:
    """The models among ``files``: those under ``models_dir``, the template aside."""
    return [f for f in files if f.relpath != config.template and config.is_model_path(f.relpath)]


def available_jobs() -> int:
    """How many processes can run at once here: the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# What the workers of a run check: set before they are forked, so that they inherit it and
# only the numbers of their chunks and their findings cross between the processes.
_JOB: tuple[Config, Sequence[File], Sequence[ModelCheck], Reporter] | None = None


def _in_processes(
    config: Config,
    models: Sequence[File],
    reporter: Reporter,
    checks: Sequence[ModelCheck],
    jobs: int,
) -> dict[str, Model | None]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _JOB  # noqa: PLW0603
    count = min(len(models), jobs * CHUNKS_PER_JOB)
    _JOB = (config, models, checks, reporter)
    found: dict[str, Model | None] = {}
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            for findings, summaries in pool.map(_work, [(n, count) for n in range(count)]):
                reporter.extend(findings)
                found.update(summaries)
    finally:
        _JOB = None
    return found


def _work(chunk: tuple[int, int]) -> tuple[list[Finding], dict[str, Model | None]]:
    """Check chunk ``number`` of ``count`` of the run's models, in a worker process."""
    assert _JOB is not None  # inherited from the parent
    config, models, checks, parent = _JOB
    number, count = chunk
    reporter = parent.fresh()
    found = {
        file.relpath: check_model(config, file, reporter, checks) for file in models[number::count]
    }
    return reporter.findings, found


__all__ = [
    "ModelCheck",
    "PageCheck",
    "available_jobs",
    "check_files",
    "check_model",
    "model_files",
    "read_model",
]
