"""A model's metadata as read: one entry a field, and whether its value is still a placeholder.

Apart from the metadata reader (hooks.core.metadata), so that metadata taken from the cache
(hooks.core.cache) is used without loading the Markdown reader."""

from __future__ import annotations

import re
from typing import NamedTuple

_PLACEHOLDER = re.compile(
    r"^(?:tbd|tba|todo|fixme|n/?a|none|unknown|\?+|-+|\u2014|\u2026|\.{3}|x{2,}|"
    r"yyyy-mm-dd|dd/mm/yyyy|mm/dd/yyyy)$|^<[^<>]*>$|^(?:todo|tbd|fixme)\b",
    re.IGNORECASE,
)


class MetaEntry(NamedTuple):
    key: str
    value: str
    line: int
    column: int
    source: str  # "section", "title", "front matter" or "heading"


def is_placeholder(value: str) -> bool:
    """Whether a metadata value is empty or still a template placeholder."""
    text = value.strip().strip("*_`").strip()
    return not text or bool(_PLACEHOLDER.search(text))
