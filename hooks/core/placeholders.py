"""Template placeholders: ``<Feature name>``-style slots and ``YYYY-MM-DD``.

A slot is written bare (``<Feature name>``) or as a code span that holds only the slot
(`` `<Feature name>` ``), the form the template uses: a rendered page (mkdocs, GitHub) shows
a code span as text, where it takes a bare slot for an HTML tag and hides it. Any other code
span is code, not a placeholder (`` `Map<String>` ``, `` `kubectl -n <namespace>` ``)."""

from __future__ import annotations

import re
from bisect import bisect_right

from hooks.core.markdown import Block, BlockKind

# Elements that legitimately appear in Markdown as raw HTML; anything else in <...> is a slot.
HTML_TAGS = frozenset(
    [
        "a",
        "abbr",
        "address",
        "area",
        "article",
        "aside",
        "audio",
        "b",
        "bdi",
        "bdo",
        "blockquote",
        "body",
        "br",
        "button",
        "caption",
        "center",
        "cite",
        "code",
        "col",
        "colgroup",
        "data",
        "dd",
        "del",
        "details",
        "dfn",
        "dialog",
        "div",
        "dl",
        "dt",
        "em",
        "embed",
        "fieldset",
        "figcaption",
        "figure",
        "font",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "i",
        "iframe",
        "img",
        "input",
        "ins",
        "kbd",
        "label",
        "legend",
        "li",
        "link",
        "main",
        "map",
        "mark",
        "meta",
        "meter",
        "nav",
        "noscript",
        "object",
        "ol",
        "optgroup",
        "option",
        "output",
        "p",
        "param",
        "picture",
        "pre",
        "progress",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "script",
        "section",
        "select",
        "small",
        "source",
        "span",
        "strike",
        "strong",
        "style",
        "sub",
        "summary",
        "sup",
        "svg",
        "table",
        "tbody",
        "td",
        "template",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "time",
        "title",
        "tr",
        "track",
        "tt",
        "u",
        "ul",
        "var",
        "video",
        "wbr",
    ]
)

_BACKTICKS = re.compile(r"`+")
# A slot starts with a letter and is not glued to a word: <Feature name>, <team or person>,
# <YYYY-MM-DD>, <What the feature protects: data, credentials.>, but not Map<String, Object>,
# Vec<u8>, x <= y >= z, a < b > c, autolinks (<https://x.org>) or e-mail addresses.
_ANGLE = re.compile(r"(?<!\w)<(?![a-z][a-z0-9+.-]*:[^\s<>]*>)([^\W\d_][^<>\n@]{0,79})>", re.I)
_DATE_SLOT = re.compile(r"\b(?:YYYY-MM-DD|DD/MM/YYYY|MM/DD/YYYY)\b")
# a code span of single backticks that holds only a slot: `<Feature name>`
_CODE_SLOT = re.compile(r"(?<!`)`(<[^<>`\n]{1,80}>)`(?!`)")


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each ``(start, end)`` span replaced by spaces (newlines kept)."""
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts.append(text[last:start])
        parts.append("".join("\n" if char == "\n" else " " for char in text[start:end]))
        last = end
    parts.append(text[last:])
    return "".join(parts)


def blank_comments(text: str) -> str:
    """``text`` with HTML comments blanked out, keeping its lines and columns. A comment that
    is never closed runs to the end of the text."""
    spans: list[tuple[int, int]] = []
    start = text.find("<!--")
    while start >= 0:
        end = text.find("-->", start + 4)
        end = len(text) if end < 0 else end + 3
        spans.append((start, end))
        start = text.find("<!--", end)
    return blank(text, spans)


def blank_code_spans(text: str) -> str:
    """``text`` with code spans blanked out: a run of backticks up to the next run of the same
    length (in linear time; a regular expression backtracks on unmatched runs)."""
    runs = [(match.start(), match.end()) for match in _BACKTICKS.finditer(text)]
    later: dict[int, list[int]] = {}  # run length -> indexes of the runs of that length
    for index, (start, end) in enumerate(runs):
        later.setdefault(end - start, []).append(index)
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        same = later[end - start]
        position = bisect_right(same, index)
        if position == len(same):
            index += 1
            continue
        closer = same[position]
        spans.append((start, runs[closer][1]))
        index = closer + 1
    return blank(text, spans)


def written_at(source: str, placeholder: str, start: int = 0) -> int:
    """Where a placeholder found in a line's text is written in its source line, from
    ``start``: an occurrence not escaped with a backslash (``\\<url\\>`` is the text ``<url>``,
    no placeholder), or -1 when it is written only escaped or otherwise (``&lt;url&gt;``)."""
    position = source.find(placeholder, start)
    while position > 0 and source[position - 1] == "\\":
        position = source.find(placeholder, position + 1)
    return position


def find_placeholders(text: str) -> list[tuple[int, str]]:
    """Placeholders in a piece of Markdown text, outside HTML comments and code spans (but a
    code span holding only a slot), with their offsets in ``text``, in order."""
    if "<" not in text and "YYYY" not in text:  # every slot has one or the other
        return []
    uncommented = blank_comments(text)
    cleaned = blank_code_spans(uncommented)
    found: list[tuple[int, str]] = []
    for match in _CODE_SLOT.finditer(uncommented):
        slot = _ANGLE.fullmatch(match.group(1))
        if slot is not None and slot.group(1).split()[0].rstrip("/").lower() not in HTML_TAGS:
            found.append((match.start(), match.group(0)))
    for match in _ANGLE.finditer(cleaned):
        if match.group(1).split()[0].rstrip("/").lower() in HTML_TAGS:
            continue
        found.append((match.start(), match.group(0)))
    found.extend((match.start(), match.group(0)) for match in _DATE_SLOT.finditer(cleaned))
    found.sort()
    kept: list[tuple[int, str]] = []
    for start, placeholder in found:  # YYYY-MM-DD inside <YYYY-MM-DD> is the same placeholder
        if not kept or start >= kept[-1][0] + len(kept[-1][1]):
            kept.append((start, placeholder))
    return kept


_NOTHING = " \t\n.-*_:!|,;/()[]"  # what is left of a text of placeholders alone


def only_placeholders(text: str) -> bool:
    """Whether a text holds template placeholders and nothing else (punctuation and white
    space aside): ``<T1>``, ``<from> -> <to>``, ``YYYY-MM-DD``. Such a text says nothing."""
    found = find_placeholders(text)
    if not found:
        return False
    spans = [(start, start + len(placeholder)) for start, placeholder in found]
    return not blank(blank_comments(text), spans).strip(_NOTHING + "<>")


def text_lines(blocks: list[Block]) -> list[tuple[int, str]]:
    """The lines of text of ``blocks`` where placeholders are looked for (TM205), with their
    line numbers: paragraphs, list items, table rows, quotes and HTML (comments blanked);
    not code."""
    lines: list[tuple[int, str]] = []
    for block in blocks:
        if block.kind is BlockKind.PARAGRAPH:
            lines.extend((text.line, text.text) for text in block.lines)
        elif block.kind is BlockKind.LIST:
            for item in block.items:
                lines.extend(text_lines(item.children))
        elif block.kind is BlockKind.TABLE and block.table is not None:
            for row in (block.table.header, *block.table.rows):
                lines.append((row.line, " | ".join(row.cells)))
        elif block.kind is BlockKind.QUOTE:
            lines.extend(text_lines(block.children))
        elif block.kind is BlockKind.HTML:
            raw = blank_comments(block.raw)  # before splitting: a comment may span lines
            lines.extend((block.line + n, text) for n, text in enumerate(raw.split("\n")))
    return lines


def holds_placeholder(blocks: list[Block]) -> bool:
    """Whether ``blocks`` hold a placeholder that the template check reports (TM205)."""
    return any(find_placeholders(text) for _, text in text_lines(blocks))
