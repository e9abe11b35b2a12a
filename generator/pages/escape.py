"""Turn untrusted YAML text into inert Markdown: it shows as text and cannot change structure."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import quote

from markupsafe import Markup

# Every character that Markdown, the site's extensions (tables, attr_list, abbr, footnotes,
# snippets) or HTML give a meaning to anywhere in a line becomes a numeric entity, which shows as
# itself. Quotes, tildes and carets mean nothing to the enabled extensions and stay as they are.
_SPECIAL = "&<>\\`*_{}[]|#"
_TABLE = str.maketrans({c: f"&#{ord(c)};" for c in _SPECIAL})
_NEEDS_WORK = re.compile(
    r"[&<>\\`*_{}\[\]|#\t\n\r\f\v\x85\u2028\u2029]|\s\s|^\s|\s$|^[-+:?%.>=!~]|^\d+[.)]"
)
# What _NEEDS_WORK finds, found faster: the pattern tries its six alternatives at every
# character, and searching with it was most of what a page cost when its texts were new. In a
# text without markup characters and without whitespace but the plain space (isprintable() is
# false for every other whitespace character), the rest of the pattern is a few comparisons;
# the rare other texts are searched with the pattern itself.
_MARKUP = re.compile(f"[{re.escape(_SPECIAL)}]")
_MARKERS = "-+:?%.>=!~"
_NUMBERED = re.compile(r"\d+[.)]")
# Markers that only mean something at the start of a line (lists, quotes, admonitions, fences,
# definition lists, setext underlines) are neutralised there.
_LINE_START = re.compile(r"^([-+:?%.>=!~]|\d+(?=[.)]))")
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


def _needs_work(text: str) -> bool:
    """Whether _NEEDS_WORK matches text."""
    if _MARKUP.search(text):
        return True
    if not text.isprintable():  # other whitespace, or a character the models let through: rare
        return _NEEDS_WORK.search(text) is not None
    return text != "" and (text[0] in _MARKERS or text[0] == " " or text[-1] == " "
                           or "  " in text or _NUMBERED.match(text) is not None)


@lru_cache(maxsize=65536)
def _inline(text: str) -> str:
    if not _needs_work(text):
        return text  # plain words: the common case, and the cheap one
    return _start(" ".join(text.split()).translate(_TABLE))


def inline(value: object) -> Markup:
    """Text for a heading, a table cell, a list item or a link label: one line, no markup."""
    return Markup(_inline(str(value)))  # noqa: S704 - escaped by _inline


# inline() as a plain string, for Python that builds a page's text itself. The cached function
# itself, not a function calling it: a page's lists escape hundreds of values, and a call that
# the cache answers runs no Python code at all.
inline_text: Callable[[str], str] = _inline


def paragraphs(value: object) -> Markup:
    """Longer text: paragraphs kept, line breaks kept as <br>, no markup from the text itself."""
    text = str(value).strip()
    if text.isprintable():  # one line (every line break is unprintable): the common case
        return Markup(_inline(text))  # noqa: S704 - escaped by _inline()
    blocks = []
    for block in _BLANK_LINES.split(text):
        # _inline, not inline(): a Markup per line costs more than the escaping itself.
        lines = [_inline(line) for line in block.splitlines() if line.strip()]
        if lines:
            blocks.append("<br>".join(lines))
    return Markup("\n\n".join(blocks))  # noqa: S704 - each line escaped by _inline()


def url(value: str) -> Markup:
    """An http(s) URL (already validated) made safe inside a Markdown link destination."""
    return Markup(quote(value, safe=":/?#@!$&*+,;=%-._~"))  # noqa: S704


def finalize(value: object) -> object:
    """Jinja's finalize hook: every {{ value }} is escaped unless a filter marked it safe."""
    if type(value) is str:  # most values are; Markup, a subclass of str, is not this
        return _inline(value)
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | dt.date):
        return str(value)  # digits and hyphens only
    # Escaped as inline() does; Jinja turns what comes back into text, so no Markup is needed.
    return _inline(str(value))


def text(value: object) -> str:
    """What {{ value }} shows, as a plain string, for Python that builds a page's text itself;
    inline_text() does the same, faster, for a value that is always a str."""
    return _inline(value) if type(value) is str else str(finalize(value))
