"""Editing YAML files as text: ``.threat-model.yaml`` gets an area, ``.pre-commit-config.yaml``
a repository entry, and every other byte (comments, order, quoting, line endings) stays.

A YAML dumper would drop the comments, so lines are inserted where the block they belong
to ends, at the indentation of its entries; the result is parsed again and must mean exactly
the old data plus the addition. A form that cannot be edited that way (flow style
``areas: {...}``, anchors and aliases, several documents) is refused with the lines to add
by hand.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Sequence
from typing import Any

import yaml

from hooks.core import yamlsafe
from hooks.core.scaffold.files import newline_of

# YAML's line breaks (PyYAML counts lines at each of them)
_LINE = re.compile(
    r"[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029])|[^\r\n\x85\u2028\u2029]+\Z"
)
_PLAIN = re.compile(r"[A-Za-z0-9_./][A-Za-z0-9_./:@+-]*")
AREAS_MARKER = "# areas:"  # the commented-out key that init writes above its proposals


class Refused(Exception):
    """The file has a form that is not edited as text; ``lines`` are what to add by hand."""

    def __init__(self, reason: str, lines: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.lines = lines


def scalar(value: str) -> str:
    """A string as a YAML scalar that reads back as that string, in a block or a flow
    collection: plain when that is unambiguous, else double-quoted."""
    if _PLAIN.fullmatch(value) and _data(value) == value and _data(f"[{value}]") == [value]:
        return value
    return json.dumps(value, ensure_ascii=False)


def _data(text: str) -> Any:
    """What YAML text means, read as the configuration is read (:mod:`hooks.core.yamlsafe`);
    ``None`` when it cannot be read."""
    try:
        return yamlsafe.load(text)[1]
    except (yaml.YAMLError, yamlsafe.RefusedYaml, RecursionError):
        return None


def _split(text: str) -> tuple[str, list[str]]:
    """The byte order mark (PyYAML counts it as a column) and the lines, with their ends."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    return bom, _LINE.findall(text[len(bom) :])


def _parse(lines: list[str], addition: str) -> tuple[yaml.Node | None, Any]:
    """The node tree and the data of the text; :class:`Refused` for what is not edited."""
    body = "".join(lines)
    try:
        events = list(yaml.parse(body, Loader=yaml.SafeLoader))
        documents = sum(isinstance(event, yaml.DocumentStartEvent) for event in events)
        if documents > 1:
            raise Refused("holds more than one YAML document", addition)
        if any(isinstance(event, yaml.NodeEvent) and event.anchor for event in events):
            raise Refused("uses YAML anchors or aliases", addition)
        return yamlsafe.load(body)
    except yamlsafe.RefusedYaml as exc:
        raise Refused(f"is refused ({exc})", addition) from None
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise Refused(f"is not valid YAML ({problem})", addition) from None


def _entry(node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def _last_line(node: yaml.Node) -> int:
    """The (0-based) line of a node's last character."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style:
        last = node.value[-1]  # a block collection has an entry
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    end = node.end_mark
    if end.column == 0 and end.line > node.start_mark.line:
        return int(end.line) - 1
    return int(end.line)


def _after(lines: list[str], line: int, indent: int) -> int:
    """Where lines go after the block ending on ``line``: past the comments below it that
    are indented deeper than the new lines (they belong to the block's last entry)."""
    position = line + 1
    while position < len(lines):
        text = lines[position]
        stripped = text.lstrip(" ")
        if not stripped.startswith("#") or len(text) - len(stripped) <= indent:
            break
        position += 1
    return position


def _insert(lines: list[str], position: int, new: list[str], newline: str) -> list[str]:
    before = lines[:position]
    if before and not before[-1].endswith(("\n", "\r", "\x85", "\u2028", "\u2029")):
        before[-1] += newline
    return [*before, *(line + newline for line in new), *lines[position:]]


def _indented(new: list[str], indent: int) -> list[str]:
    return [" " * indent + line for line in new]


def _check(bom: str, lines: list[str], expected: Any, keys: str, addition: str) -> str:
    """The edited text, once it reads back as ``expected`` (with ``expected[keys]`` in the
    same order); :class:`Refused` otherwise."""
    text = "".join(lines)
    data = _data(text)
    same = (
        isinstance(data, dict)
        and data == expected
        and list(data.get(keys) or []) == list(expected.get(keys) or [])
    )
    if not same:
        raise Refused("has a layout that the lines cannot be added to safely", addition)
    return bom + text


def _drop_proposal(lines: list[str], start: int, name: str) -> None:
    """Remove init's commented proposal of the area ``name`` (its two lines), if the
    comments below the marker still hold it: uncommented, it would name the area twice."""
    position = start
    while position + 1 < len(lines) and lines[position].startswith("#   "):
        if lines[position].rstrip() == f"#   {scalar(name)}:" and lines[position + 1].startswith(
            "#     paths:"
        ):
            del lines[position : position + 2]
            return
        position += 1


def add_area(text: str, name: str, paths: Sequence[str]) -> str:
    """``text`` of a ``.threat-model.yaml`` with the area ``name`` added as the last of
    ``areas`` (which is created when absent)."""
    entry = [f"{scalar(name)}:", f"  paths: [{', '.join(scalar(path) for path in paths)}]"]
    addition = "\n".join(["areas:", *_indented(entry, 2)])
    bom, lines = _split(text)
    newline = newline_of(text)
    node, data = _parse(lines, addition)
    expected = copy.deepcopy(data) if isinstance(data, dict) else {}
    areas = dict(expected.get("areas") or {})
    areas[name] = {"paths": list(paths)}
    expected["areas"] = areas
    if node is not None and (not isinstance(node, yaml.MappingNode) or node.flow_style):
        raise Refused("is not a mapping of keys in block style", addition)
    found = _entry(node, "areas") if node is not None else None
    if found is None:
        marker = next(
            (number for number, line in enumerate(lines) if line.rstrip() == AREAS_MARKER), None
        )
        if marker is not None:  # init's proposals: the area goes where they are
            edited = _insert(lines, marker, ["areas:", *_indented(entry, 2)], newline)
            del edited[marker + len(entry) + 1]
            _drop_proposal(edited, marker + len(entry) + 1, name)
        else:
            edited = _insert(lines, len(lines), ["areas:", *_indented(entry, 2)], newline)
        return _check(bom, edited, expected, "areas", addition)
    value = found[1]
    if not isinstance(value, yaml.MappingNode) or value.flow_style or not value.value:
        raise Refused("'areas' is not a mapping in block style", "\n".join(_indented(entry, 2)))
    indent = int(value.value[0][0].start_mark.column)
    position = _after(lines, _last_line(value), indent)
    edited = _insert(lines, position, _indented(entry, indent), newline)
    return _check(bom, edited, expected, "areas", "\n".join(_indented(entry, indent)))


def _plain_url(url: object) -> str:
    return str(url).strip().rstrip("/").removesuffix(".git").lower()


def has_hooks(data: Any, url: str) -> bool:
    """Whether a pre-commit configuration names the hooks' repository, or any of its hooks
    (a ``local`` copy, a fork)."""
    repos = data.get("repos") if isinstance(data, dict) else None
    for repo in repos if isinstance(repos, list) else []:
        if not isinstance(repo, dict):
            continue
        if _plain_url(repo.get("repo", "")) == _plain_url(url):
            return True
        hooks = repo.get("hooks")
        for hook in hooks if isinstance(hooks, list) else []:
            if isinstance(hook, dict) and str(hook.get("id", "")).startswith("check-threat-model-"):
                return True
    return False


def repo_lines(url: str, rev: str, hook_ids: Sequence[str]) -> list[str]:
    """A ``repos`` item naming the hooks, indented as the item of a sequence at column 0."""
    lines = [f"- repo: {scalar(url)}", f"  rev: {scalar(rev)}", "  hooks:"]
    return [*lines, *(f"    - id: {scalar(hook)}" for hook in hook_ids)]


def add_repo(text: str, url: str, rev: str, hook_ids: Sequence[str], hook_types: str) -> str | None:
    """``text`` of a ``.pre-commit-config.yaml`` with a ``repos`` item for the hooks (and the
    ``default_install_hook_types: hook_types`` line when it has none), or ``None`` when it
    names the hooks already."""
    item = repo_lines(url, rev, hook_ids)
    types_line = f"default_install_hook_types: {hook_types}"
    addition = "\n".join(["repos:", *_indented(item, 2)])
    bom, lines = _split(text)
    newline = newline_of(text)
    node, data = _parse(lines, addition)
    if has_hooks(data, url):
        return None
    expected = copy.deepcopy(data) if isinstance(data, dict) else {}
    if "default_install_hook_types" not in expected:
        expected["default_install_hook_types"] = _data(hook_types)
    expected["repos"] = [
        *(expected.get("repos") or []),
        {"repo": url, "rev": rev, "hooks": [{"id": hook} for hook in hook_ids]},
    ]
    if node is None:
        edited = _insert(lines, len(lines), [types_line, "repos:", *_indented(item, 2)], newline)
        return _check(bom, edited, expected, "repos", addition)
    if not isinstance(node, yaml.MappingNode) or node.flow_style:
        raise Refused("is not a mapping of keys in block style", addition)
    found = _entry(node, "repos")
    if found is None:
        edited = _insert(lines, len(lines), ["repos:", *_indented(item, 2)], newline)
    else:
        key, value = found
        if isinstance(value, yaml.SequenceNode) and not value.flow_style and value.value:
            dash = int(value.start_mark.column)
            content = int(value.value[0].start_mark.column)
            new = [" " * dash + item[0], *(" " * content + line[2:] for line in item[1:])]
            position = _after(lines, _last_line(value), dash)
            addition = "\n".join(new)
        elif isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null"):
            dash = int(key.start_mark.column) + 2
            new = _indented(item, dash)
            position = int(key.start_mark.line) + 1
        else:
            raise Refused("'repos' is not a list in block style", "\n".join(item))
        edited = _insert(lines, position, new, newline)
    if _entry(node, "default_install_hook_types") is None:
        first = node.value[0][0].start_mark if node.value else None
        position = int(first.line) if first is not None else 0
        column = int(first.column) if first is not None else 0
        edited = _insert(edited, position, [" " * column + types_line], newline)
    return _check(bom, edited, expected, "repos", addition)
