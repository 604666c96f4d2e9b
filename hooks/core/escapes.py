"""Text as every output shows it: printable (file names that are not UTF-8), visible (no
character a terminal or a CI log acts on), inert in Markdown and escaped for GitHub workflow
commands."""

from __future__ import annotations

import re
from collections.abc import Iterable


def printable(text: str) -> str:
    """Text that any output can hold: bytes of a file name that are not UTF-8 (read by git's
    ``-z`` output or the file system as surrogate escapes) are written ``\\xff``."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


# What a terminal or a CI log acts on rather than shows: C0 and C1 control characters (new
# lines, ESC, CSI), DEL, the Unicode line and paragraph separators and the bidirectional
# embeddings, overrides and isolates, which reorder what is shown.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_control(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str) -> str:
    """Text as output shows it: :func:`printable`, with every character a terminal or a CI
    log would act on written as its escape (``\\n``, ``\\x1b``, ``\\u202e``), so that text
    from a model, a file name or the configuration can neither start a line of its own (a
    forged finding, a GitHub workflow command) nor drive the terminal."""
    return _CONTROL.sub(_escape_control, printable(text))


# What Markdown reads as markup that text from a model or a file name must not start: a link,
# a code span, HTML, the end of a table cell; and the backslash that escapes them.
_MARKDOWN = re.compile(r"([\\`\[\]<|])")


def markdown_text(text: str) -> str:
    """Text from a model, a file name or the configuration, inert in Markdown and on one line:
    white space runs are one space, and the characters that would start a link, a code span or
    HTML, or end a table cell, are escaped with a backslash, which Markdown reads back as the
    character itself (so the index reads back what ``--fix`` wrote)."""
    return _MARKDOWN.sub(r"\\\1", " ".join(printable(text).split()))


def markdown_cell(text: str, empty: str = "\u2014") -> str:
    """:func:`markdown_text` for a table cell; ``empty`` when there is no text."""
    return markdown_text(text) or empty


def code_span(text: str, limit: int = 0, cell: bool = True) -> str:
    """Text as an inline code span: a backtick is shown as ``'``, a control character as its
    escape (:func:`visible`: a new line as ``\\n``); cut to ``limit`` characters (``…``), if
    given. In a table ``cell`` a pipe is escaped (GFM ends a cell at a pipe even in code);
    elsewhere it is left as it is, since code shows a backslash as written."""
    shown = visible(text).replace("`", "'")
    if limit and len(shown) > limit:
        shown = shown[: limit - 1] + "\u2026"
    span = f"`{shown}`"
    return span.replace("|", "\\|") if cell else span


def lines(texts: Iterable[str]) -> str:
    """Lines of output, each :func:`visible` and ended by a new line: the one place where
    text-like formats (text, GitHub commands, Markdown) end a line."""
    return "".join(visible(text) + "\n" for text in texts)


def escape_data(value: str) -> str:
    """A workflow command's message, escaped as the Actions toolkit does."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A workflow command's property value, escaped as the Actions toolkit does."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")
