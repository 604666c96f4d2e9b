"""check-threat-model-sections: every threat model has the required sections and metadata.

Each Markdown file under ``models_dir`` (the template and files elsewhere are skipped) must
have every required section, not empty, and the metadata fields, with a real ``Last updated``
date that is not in the future. When the configuration file is among the files, every model
of the repository is checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from hooks.core import runner

if TYPE_CHECKING:
    from hooks.core.pipeline import ModelCheck


def main(argv: Sequence[str] | None = None) -> int:
    return runner.run_model_hook("check-threat-model-sections", __doc__ or "", _checks, argv)


def _checks() -> list[ModelCheck]:
    from hooks.core.sections import (
        check_sections,
    )  # imports the reader: for a model only

    return [check_sections]


if __name__ == "__main__":
    raise SystemExit(main())
