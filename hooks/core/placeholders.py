"""Template placeholders: ``<Feature name>``-style slots and ``YYYY-MM-DD``."""

from __future__ import annotations

import re

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

_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ANGLE = re.compile(r"<(?![/\s])(?![a-z][a-z0-9+.-]*:)([^<>\n@]{1,80})>", re.IGNORECASE)
_DATE_SLOT = re.compile(r"\b(?:YYYY-MM-DD|DD/MM/YYYY|MM/DD/YYYY)\b")


def find_placeholders(text: str) -> list[str]:
    """Placeholders in a piece of Markdown text, outside code spans and HTML comments."""
    cleaned = _COMMENT.sub(lambda m: " " * len(m.group(0)), text)
    cleaned = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), cleaned)
    found: list[str] = []
    for match in _ANGLE.finditer(cleaned):
        name = (
            match.group(1).strip().split()[0].rstrip("/").lower() if match.group(1).strip() else ""
        )
        if name in HTML_TAGS:
            continue
        found.append(match.group(0))
    found.extend(match.group(0) for match in _DATE_SLOT.finditer(cleaned))
    return found
