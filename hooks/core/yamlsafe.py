"""YAML from the checked repository, read safely: ``SafeLoader`` only, no aliases (an alias
bomb expands without bound) and no nesting deeper than 64 levels (deep nesting makes PyYAML
slow and recursive). Both are refused after a cheap scan of the parser's events."""

from __future__ import annotations

from typing import Any

import yaml

MAX_DEPTH = 64


class RefusedYaml(ValueError):
    """YAML that is refused before it is loaded; ``line`` is 1-based within the text."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


def load(
    text: str, loader: type[yaml.SafeLoader] = yaml.SafeLoader
) -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the data of a YAML document, parsed once.

    Raises :class:`RefusedYaml`, or ``yaml.YAMLError`` for YAML that is not well formed.
    """
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, yaml.AliasEvent):
            raise RefusedYaml("YAML aliases (*name) are not supported", line)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise RefusedYaml(f"nested deeper than {MAX_DEPTH} levels", line)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    reader = loader(text)
    try:
        node = reader.get_single_node()
        data = reader.construct_document(node) if node is not None else None
    finally:
        reader.dispose()
    return node, data
