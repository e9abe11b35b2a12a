"""Turn untrusted YAML text into inert Markdown: it shows as text and cannot change structure."""

from __future__ import annotations

import re
from urllib.parse import quote

from markupsafe import Markup

# Every character that Markdown, its extensions (tables, attr_list, abbr, footnotes, snippets,
# admonitions) or HTML give a meaning to becomes a numeric entity, which shows as itself.
_SPECIAL = "&<>\\`*_{}[]|!#~^=$\"'"
_TABLE = str.maketrans({c: f"&#{ord(c)};" for c in _SPECIAL})
# Markers that only mean something at the start of a line (lists, quotes, definition lists,
# setext underlines, indented code) are neutralised there.
_LINE_START = re.compile(r"^([-+:?%.>=]|\d+(?=[.)]))")
_BLANK_LINES = re.compile(r"\n\s*\n")


def _start(text: str) -> str:
    match = _LINE_START.match(text)
    if not match:
        return text
    first = match.group(1)
    if first[0].isdigit():  # "1986. A good year" must not become a list item
        end = match.end()
        return f"{first}&#{ord(text[end])};{text[end + 1:]}"
    return f"&#{ord(first)};{text[1:]}"


def inline(value: object) -> Markup:
    """Text for a heading, a table cell, a list item or a link label: one line, no markup."""
    text = " ".join(str(value).split())
    return Markup(_start(text.translate(_TABLE)))  # noqa: S704 - escaped above


def paragraphs(value: object) -> Markup:
    """Longer text: paragraphs kept, line breaks kept as <br>, no markup from the text itself."""
    blocks = []
    for block in _BLANK_LINES.split(str(value).strip()):
        lines = [inline(line) for line in block.splitlines() if line.strip()]
        if lines:
            blocks.append("<br>".join(lines))
    return Markup("\n\n".join(blocks))  # noqa: S704 - each line escaped by inline()


def url(value: str) -> Markup:
    """An http(s) URL (already validated) made safe inside a Markdown link destination."""
    return Markup(quote(value, safe=":/?#@!$&*+,;=%-._~"))  # noqa: S704


def finalize(value: object) -> object:
    """Jinja's finalize hook: every {{ value }} is escaped unless a filter marked it safe."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return inline(value)
