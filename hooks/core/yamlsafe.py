"""YAML from the checked repository, read safely: ``SafeLoader`` only, no aliases (an alias
bomb expands without bound), no nesting deeper than 64 levels (deep nesting makes PyYAML slow
and recursive) and no duplicate keys (only one of the values would count).

With libyaml (``yaml.__with_libyaml__``, which PyYAML's wheels have), the text is parsed by its
C parser, about eight times faster than PyYAML's own: the bounds are checked on the event
stream first (libyaml's parser is iterative, and the check stops at the first event out of
bounds), then the C parser composes the nodes, which it does recursively, once nothing is
nested deeper than 64 levels. Without libyaml, aliases and deep nesting are refused while
PyYAML's composer builds the nodes, so the document is parsed once. Either way the data is
constructed by PyYAML's ``SafeConstructor`` and its resolver."""

from __future__ import annotations

import re
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
    """The node tree (for line numbers) and the data of a YAML document.

    ``loader`` is :class:`SafeLoader` or a subclass of it that changes only its implicit
    resolvers (``yaml_implicit_resolvers``); with libyaml, its C counterpart reads the text.
    Raises :class:`RefusedYaml`, or ``yaml.YAMLError`` for YAML that is not well formed.
    """
    fast = _c_loader(loader) if LIBYAML else None
    if fast is None:
        return _load(loader(text))
    try:
        check_events(text, fast)
        return _load(fast(text))
    except yaml.MarkedYAMLError as exc:
        # libyaml marks the end of a text without a final line break on the line after it:
        # on its last line, as PyYAML marks it, so that a problem has one line either way
        last = len(_BREAK.findall(text))
        exc.problem_mark = _within(exc.problem_mark, last)
        exc.context_mark = _within(exc.context_mark, last)
        raise


def _within(mark: Any, last: int) -> Any:
    """A mark of libyaml's (read-only) on line ``last`` at the latest."""
    if mark is None or mark.line <= last:
        return mark
    return yaml.Mark(mark.name, mark.index, last, mark.column, None, 0)


def _load(reader: Any) -> tuple[yaml.Node | None, Any]:
    try:
        node = reader.get_single_node()
        data = reader.construct_document(node) if node is not None else None
    finally:
        reader.dispose()
    return node, data


_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")  # where YAML counts a new line


LIBYAML = bool(getattr(yaml, "__with_libyaml__", False))

_NESTING = "exceeded maximum nesting depth"  # libyaml's own bound (1,000 levels)


_C_LOADERS: dict[type[SafeLoader], type[Any]] = {}


def _c_loader(loader: type[SafeLoader]) -> type[Any] | None:
    """The C loader that reads as ``loader`` does: ``yaml.CSafeLoader`` with its implicit
    resolvers; ``None`` without libyaml."""
    base = getattr(yaml, "CSafeLoader", None)
    if base is None:
        return None
    if loader not in _C_LOADERS:
        resolvers = {"yaml_implicit_resolvers": loader.yaml_implicit_resolvers}
        _C_LOADERS[loader] = type(f"C{loader.__name__}", (base,), resolvers)
    return _C_LOADERS[loader]


def check_events(text: str, loader: type[Any]) -> None:
    """Refuse an alias or nesting deeper than :data:`MAX_DEPTH` in the event stream of
    ``text`` (read by ``loader``'s parser) before any node is composed: the first event out
    of bounds stops the parser. Raises :class:`RefusedYaml`, or ``yaml.YAMLError``."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise RefusedYaml(f"nested deeper than {MAX_DEPTH} levels", _line(event))
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                raise RefusedYaml("YAML aliases (*name) are not supported", _line(event))
    except yaml.MarkedYAMLError as exc:
        if exc.problem == _NESTING:  # libyaml scans ahead: deeper than its bound, at once
            mark = exc.problem_mark
            raise RefusedYaml(
                f"nested deeper than {MAX_DEPTH} levels", mark.line + 1 if mark else None
            ) from None
        raise


def _line(event: yaml.Event) -> int | None:
    return event.start_mark.line + 1 if event.start_mark else None


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
