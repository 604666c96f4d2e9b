"""check-threat-model-content: the substance of every threat model.

Each Markdown file under ``models_dir`` (the template and files elsewhere are skipped) must
address every threat category and lens, map threats to mitigations, document its trust
boundaries, keep its risk summary and abuse cases consistent, and link only to files that exist.
When the configuration file is among the files, every model of the repository is checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from hooks.core import runner

if TYPE_CHECKING:
    from hooks.core.pipeline import ModelCheck


def main(argv: Sequence[str] | None = None) -> int:
    return runner.run_model_hook("check-threat-model-content", __doc__ or "", _checks, argv)


def _checks() -> list[ModelCheck]:
    from hooks.core.content.checks import (
        check_content,
    )  # imports the reader: for a model only

    return [check_content]


if __name__ == "__main__":
    raise SystemExit(main())
