"""Say what a YAML syntax error means in a rep's words, and how to fix it.

The parser names what it met ("mapping values are not allowed here"); a rep needs to know what
they typed wrong. Each slip below is recognised from the parser's complaint and the line it
points at; anything not recognised keeps the parser's own words.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import yaml

# `key: value` at the start of a line, the value not yet quoted.
_KEY_VALUE = re.compile(r"^(?P<indent>\s*)(?P<dash>-\s+)?(?P<key>[\w-]+):\s+(?P<value>\S.*?)\s*$")
# `key:value`: a colon with no space after it, which YAML reads as one word.
_NO_SPACE = re.compile(r"^\s*(?:-\s+)?(?P<key>[\w-]+):(?P<value>[^\s#/].*?)\s*$")


@dataclass(frozen=True)
class Hint:
    """Where the slip is (1-based) and what to say about it."""

    line: int
    column: int
    message: str


def _quoted(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar, with any quote inside escaped.
    return json.dumps(value, ensure_ascii=False)


def _example(key: str, value: str) -> str:
    """`key: "value"`, the value cut short when long: the message shows how, not the whole text."""
    if len(value) > 60:
        return f"{key}: {_quoted(value[:50])[:-1]} ...\" (the whole text inside the quotes)"
    return f"{key}: {_quoted(value)}"


def _spaces(count: int) -> str:
    return f"{count} space{'' if count == 1 else 's'}"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _previous(lines: list[str], index: int) -> int | None:
    """The nearest line before `index` that holds something other than a comment."""
    for i in range(index - 1, -1, -1):
        if lines[i].strip() and not lines[i].lstrip().startswith("#"):
            return i
    return None


def _tab(lines: list[str], row: int, col: int) -> Hint | None:
    line = lines[row] if row < len(lines) else ""
    if "\t" not in line[: col + 1]:
        return None
    return Hint(row + 1, line.index("\t") + 1,
                "YAML syntax error: a tab is used to indent this line; YAML allows only spaces "
                "for indentation: replace the tab with spaces (most editors can be set to "
                "insert spaces when Tab is pressed)")


def _odd_start(lines: list[str], row: int, col: int) -> Hint | None:
    line = lines[row] if row < len(lines) else ""
    char = line[col] if col < len(line) else ""
    if char not in "@`%":
        return None
    match = _KEY_VALUE.match(line)
    example = (_example(match["key"], match["value"]) if match
               else _quoted(line.strip().lstrip("- ")[:60]))
    return Hint(row + 1, col + 1,
                f"YAML syntax error: a value cannot start with '{char}'; put the text in "
                f"quotes: {example}")


def _colon(lines: list[str], row: int, col: int) -> Hint | None:
    """'mapping values are not allowed': a colon inside prose, a missing space after a colon
    on the line before, or a line indented deeper than its neighbours."""
    line = lines[row] if row < len(lines) else ""
    before = _previous(lines, row)
    if before is not None and (slip := _NO_SPACE.match(lines[before])):
        key, value = slip["key"], slip["value"]
        return Hint(before + 1, lines[before].index(f"{key}:") + len(key) + 2,
                    f"YAML syntax error: '{key}:{value}' has no space after the colon, so YAML "
                    f"reads it as one word; write '{key}: {value}'")
    match = _KEY_VALUE.match(line)
    if match and col > match.start("value"):
        return Hint(row + 1, col + 1,
                    f"YAML syntax error: the text of '{match['key']}' holds a colon followed by a "
                    "space, which YAML reads as the start of a new key; put the text in quotes: "
                    f"{_example(match['key'], match['value'])}")
    if before is not None and _indent(line) > _indent(lines[before]):
        return Hint(row + 1, _indent(line) + 1,
                    "YAML syntax error: this line is indented deeper than the line before it, so "
                    "YAML reads it as part of that line's value; line it up with the keys it "
                    f"belongs with ({_spaces(_indent(lines[before]))})")
    return None


def _unclosed(lines: list[str], exc: yaml.MarkedYAMLError) -> Hint | None:
    start = exc.context_mark
    if start is None or exc.context != "while scanning a quoted scalar":
        return None
    line = lines[start.line] if start.line < len(lines) else ""
    quote = line[start.column] if start.column < len(line) else '"'
    return Hint(start.line + 1, start.column + 1,
                f"YAML syntax error: the quote ({quote}) opened here is never closed; add the "
                f"closing {quote} at the end of the text (a {quote} inside the text must be "
                f"{'doubled' if quote == chr(39) else 'written as ' + chr(92) + quote})")


def _expected_key(lines: list[str], row: int, col: int) -> Hint | None:
    """'did not find expected key' or '-' indicator: a list item or line out of place."""
    line = lines[row] if row < len(lines) else ""
    stripped = line.lstrip(" ")
    head = line[:col].rstrip()
    if head and head[-1] in "\"'" and _KEY_VALUE.match(line):
        key = line.split(":", 1)[0].strip()
        value = line.split(":", 1)[1].strip()
        return Hint(row + 1, col + 1,
                    "YAML syntax error: text follows the closing quote; quote the whole text "
                    f"instead: {_example(key, value)}")
    before = _previous(lines, row)
    if stripped.startswith("- ") or stripped == "-":
        items = [lines[i] for i in range(row) if lines[i].lstrip(" ").startswith("- ")]
        if items and _indent(items[-1]) != _indent(line):
            return Hint(row + 1, _indent(line) + 1,
                        "YAML syntax error: this list item is not lined up with the items above "
                        f"it; start each '- ' of a list at the same column "
                        f"({_spaces(_indent(items[-1]))})")
        return Hint(row + 1, _indent(line) + 1,
                    "YAML syntax error: a list item ('- ') where a key was expected; a list "
                    "starts on the line after its key (such as 'agenda:'), indented under it")
    if before is not None and lines[before].lstrip(" ").startswith("- ") \
            and _indent(line) == _indent(lines[before]):
        return Hint(row + 1, _indent(line) + 1,
                    "YAML syntax error: this line is in a list but does not start with '- '; "
                    f"write '- {stripped.strip()}'")
    if before is not None:
        return Hint(row + 1, _indent(line) + 1,
                    f"YAML syntax error: this line's indentation ({_spaces(_indent(line))}) "
                    "matches no level above it; line it up with the keys it belongs with")
    return None


def _no_colon(lines: list[str], exc: yaml.MarkedYAMLError) -> Hint | None:
    """'could not find expected ':'': a line with neither 'key: ' nor '- '."""
    start = exc.context_mark
    if start is None:
        return None
    row = start.line
    line = lines[row] if row < len(lines) else ""
    before = _previous(lines, row)
    text = line.strip()
    if before is not None and lines[before].lstrip(" ").startswith("- ") \
            and _indent(line) == _indent(lines[before]):
        return Hint(row + 1, _indent(line) + 1,
                    f"YAML syntax error: this line is in a list but does not start with '- '; "
                    f"write '- {text}'")
    return Hint(row + 1, _indent(line) + 1,
                f"YAML syntax error: '{text}' is neither 'key: value' nor a list item '- ...'; "
                "add the key and a colon, or '- ' for a list item")


def explain(exc: yaml.MarkedYAMLError, text: str) -> Hint | None:
    """The rep's version of a syntax error, or None to keep the parser's words."""
    mark = exc.problem_mark
    if mark is None:
        return None
    lines = text.splitlines()
    problem = exc.problem or ""
    if problem.startswith("found character that cannot start any token"):
        return _tab(lines, mark.line, mark.column) or _odd_start(lines, mark.line, mark.column)
    if problem.startswith("found character '\\t'"):
        return _tab(lines, mark.line, mark.column)
    if problem.startswith("mapping values are not allowed"):
        return _colon(lines, mark.line, mark.column)
    if problem == "found unexpected end of stream":
        return _unclosed(lines, exc)
    if problem in ("did not find expected key", "did not find expected '-' indicator"):
        return _expected_key(lines, mark.line, mark.column)
    if problem == "could not find expected ':'":
        return _no_colon(lines, exc)
    return None
