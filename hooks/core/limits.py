"""Bounds on the numbers of the configuration, so that no date or read overflows: each number
is a positive whole number no larger than its maximum (``docs/configuration.md``)."""

from __future__ import annotations

from typing import Any

MAX_STALENESS_DAYS = 36500  # 100 years: a Last updated date plus this stays a real date
MAX_FILE_BYTES = 256 * 1024 * 1024  # 256 MiB: far above any Markdown file, within memory


def positive_int(value: Any, name: str, maximum: int, said: str) -> int:
    """``value`` when it is a whole number from 1 to ``maximum``; else a :class:`ValueError`
    that names it (``said`` is the maximum in other words: ``100 years``)."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{name} must be a positive whole number, not {value!r}")
    if value > maximum:
        raise ValueError(f"{name} must be at most {maximum} ({said}), not {value}")
    return value
