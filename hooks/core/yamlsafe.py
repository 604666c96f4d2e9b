"""YAML from the checked repository, read safely: ``SafeLoader`` only, no aliases (an alias
bomb expands without bound), no nesting deeper than 64 levels (deep nesting makes PyYAML slow
and recursive) and no duplicate keys (only one of the values would count). Aliases and deep
nesting are refused while the document is composed, so it is parsed once."""

from __future__ import annotations

from typing import Any

import yaml

MAX_DEPTH = 64


class RefusedYaml(ValueError):
    """YAML that is refused before it is loaded; ``line`` is 1-based within the text."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


class SafeLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses aliases and deep nesting as the nodes are composed."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, yaml.AliasEvent):
            raise RefusedYaml("YAML aliases (*name) are not supported", line)
        if not isinstance(event, yaml.CollectionStartEvent):
            return super().compose_node(parent, index)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise RefusedYaml(f"nested deeper than {MAX_DEPTH} levels", line)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load(text: str, loader: type[SafeLoader] = SafeLoader) -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the data of a YAML document, parsed once.

    Raises :class:`RefusedYaml`, or ``yaml.YAMLError`` for YAML that is not well formed.
    """
    reader = loader(text)
    try:
        node = reader.get_single_node()
        data = reader.construct_document(node) if node is not None else None
    finally:
        reader.dispose()
    return node, data


class KeyLines:
    """The 1-based lines of a node tree's mapping keys (and sequence items), by key path, and
    the first duplicate key found: ``(dotted key, its line, the line of the first one)``."""

    def __init__(self, node: yaml.Node | None) -> None:
        self.lines: dict[tuple[str, ...], int] = {}
        self.duplicate: tuple[str, int, int] | None = None
        if node is not None:
            self._walk(node, ())

    def _walk(self, node: yaml.Node, prefix: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = (*prefix, str(key.value))
                line = key.start_mark.line + 1
                if name in self.lines and self.duplicate is None:
                    self.duplicate = (".".join(name), line, self.lines[name])
                self.lines[name] = line
                self._walk(value, name)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                name = (*prefix, str(index))
                self.lines[name] = item.start_mark.line + 1
                self._walk(item, name)

    def get(self, *keys: str | int) -> int | None:
        """The line of a key path, or of its nearest parent that has one."""
        wanted = tuple(str(key) for key in keys)
        while wanted:
            if wanted in self.lines:
                return self.lines[wanted]
            wanted = wanted[:-1]
        return None
