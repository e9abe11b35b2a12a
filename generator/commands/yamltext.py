"""Text from anywhere written into a YAML file as exactly one value or as comments only.

A scaffold copies names, lessons and answers from the team's files into a new one. Whatever
they hold (line breaks of any kind, '#', quotes, ': ', tags, anchors), they must come back as
the same text and never as keys of their own.
"""

from __future__ import annotations

import json
import re
import textwrap

# What YAML would not keep as it is inside a double-quoted scalar or a comment: the characters it
# refuses in a stream, the ones it reads as line breaks (NEL, U+2028, U+2029) and the byte order
# mark. JSON leaves them raw; they are written as \uXXXX escapes, which both languages read.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff"
                     "\ud800-\udfff]")
COMMENT_WIDTH = 100
"""Comment lines are wrapped to this many characters, indent included (where words allow)."""


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar (a JSON string, with the characters YAML reads
    otherwise escaped): safe on any line, after any key."""
    return _UNSAFE.sub(_escaped, json.dumps(text, ensure_ascii=False))


def one_line(text: str) -> str:
    """`text` for the end of a comment: its lines joined by spaces, nothing YAML reads as a
    line break or refuses."""
    return _UNSAFE.sub(_escaped, " ".join(" ".join(text.splitlines()).split()))


def comment_lines(text: str, indent: str = "", lead: str = "- ") -> list[str]:
    """`text` as whole comment lines: each of its lines wrapped to COMMENT_WIDTH, the first led by
    `lead`, the rest lined up under it."""
    width = max(COMMENT_WIDTH - len(indent) - 2 - len(lead), 20)
    parts = [part for line in text.splitlines() or [""]
             for part in textwrap.wrap(one_line(line), width, break_on_hyphens=False,
                                       break_long_words=False) or [""]]
    return [f"{indent}# {lead if i == 0 else ' ' * len(lead)}{part}".rstrip()
            for i, part in enumerate(parts)]
