"""Turn a composed YAML node tree into plain data: a fast build that records no positions,
for the common file with nothing to report, and the careful one that places every problem.

YAML 1.2 core-schema scalars: `no`, `on` and `yes` stay text, and dates stay text for the
models to validate. Only plain keys and plain values are allowed; tags, merge keys and
documents that aliases blow up are reported.
"""

from __future__ import annotations

import re
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.problems import Problem, field_path

MAX_FILE_BYTES = 1_000_000
MAX_VALUES = 50_000  # values after alias expansion; bounds "billion laughs" documents
MAX_CHARS = 2 * MAX_FILE_BYTES  # text after alias expansion: one long anchored text aliased
# thousands of times is few values but gigabytes of pages
MAX_DEPTH = 40
MAX_DIGITS = 1000  # below Python's own limit on turning text into an int (4300 digits)
MAX_PROBLEMS = 50  # per file; past this the rest is noise

Loc = tuple[str | int, ...]

_PREFIX = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {f"{_PREFIX}{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")}


FORMS = {
    "bool": re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    "int": re.compile(r"^[-+]?[0-9]+$"),
    "float": re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+)$"),
    "null": re.compile(r"^(?:~|null|Null|NULL|)$"),
}
# YAML 1.2 core-schema scalars (`no`, `on` and `yes` stay text, dates stay text to validate):
# the forms a plain scalar may take, by its first character, in the order they are tried.
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _kind, _firsts in (("bool", "tTfF"), ("int", "-+0123456789"), ("float", "-+0123456789."),
                       ("null", ["~", "n", "N", ""])):
    for _first in _firsts:
        _IMPLICIT.setdefault(_first, []).append((f"{_PREFIX}{_kind}", FORMS[_kind]))
# What the forms give without a regex: the words, and text not starting with a digit or sign
# (but `$` also matches before a final newline: "true\n", quoted with a `!` tag, is a bool).
_WORDS: dict[str, Any] = {"": None, "~": None, "null": None, "Null": None, "NULL": None,
                          **dict.fromkeys(("true", "True", "TRUE"), True),
                          **dict.fromkeys(("false", "False", "FALSE"), False)}
_NUMERIC = frozenset("-+0123456789.")
_TEXT = object()


def _implicit_tag(value: str) -> str:
    for tag, form in _IMPLICIT.get(value[:1], ()):
        if form.match(value):
            return tag
    return f"{_PREFIX}str"


def _tag(node: Node) -> str:
    """A node's tag. An implicit one is resolved here, where a build reads it: the loader leaves
    the node's `tag` as the (plain, quoted) flags the parser gave (a flag for a collection)."""
    tag = node.tag
    if isinstance(tag, str):
        return tag
    if isinstance(node, ScalarNode):
        return _implicit_tag(node.value) if tag[0] else f"{_PREFIX}str"
    return f"{_PREFIX}{'seq' if isinstance(node, SequenceNode) else 'map'}"


class Again(Exception):
    """The fast build met something to report: Builder builds again, to find and word it."""


class Fast:
    """The plain data alone, for the common file with nothing to report: what Builder would
    report raises Again instead, and anything else gives the same data."""

    def __init__(self) -> None:
        self.values = 1  # counted by collection, as its items are reached
        self.chars = 0

    def build(self, node: Node, depth: int) -> Any:
        cls, tag, items = node.__class__, node.tag, node.value
        if cls is ScalarNode:  # the root: in a collection, scalars are built in its loop
            self.chars += len(items)
            if self.chars > MAX_CHARS:
                raise Again
            return fast_scalar(node)  # type: ignore[arg-type]
        self.values += len(items)
        if (isinstance(tag, str) and tag not in _ALLOWED_TAGS) or self.values > MAX_VALUES or (
                items and depth >= MAX_DEPTH):
            raise Again
        depth += 1
        chars = 0
        if cls is MappingNode:
            value: Any = {}
            for key_node, item in items:
                tag = key_node.tag
                if key_node.__class__ is not ScalarNode or (
                        tag.__class__ is not tuple and tag not in _ALLOWED_TAGS):
                    raise Again
                if item.__class__ is ScalarNode:
                    chars += len(item.value)
                    value[key_node.value] = fast_scalar(item)
                else:
                    value[key_node.value] = self.build(item, depth)
            if len(value) < len(items):  # a key came twice
                raise Again
        elif cls is SequenceNode:
            value = []
            for item in items:
                if item.__class__ is ScalarNode:
                    chars += len(item.value)
                    value.append(fast_scalar(item))
                else:
                    value.append(self.build(item, depth))
        else:
            raise Again
        self.chars += chars
        if self.chars > MAX_CHARS:
            raise Again
        return value


def fast_scalar(node: ScalarNode) -> Any:
    text: str = node.value
    tag: Any = node.tag
    if tag.__class__ is tuple:  # implicit, see _tag()
        if not tag[0] or text[:1] not in _IMPLICIT:  # quoted, or no form starts with it
            return text
        word = _WORDS.get(text, _TEXT)
        if word is not _TEXT:
            return word
        if text[0] not in _NUMERIC and text[-1] != "\n":
            return text
        if text.isdigit() and text.isascii() and len(text) <= MAX_DIGITS:
            return int(text)
        tag = _implicit_tag(text)
    elif tag not in _ALLOWED_TAGS:
        raise Again
    try:
        return scalar(text, tag)
    except ValueError:
        raise Again from None


class Builder:
    """Turns a composed node tree into dicts, lists and scalars, gathering problems on the way."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.positions: dict[Loc, tuple[int, int]] = {}
        self.key_positions: dict[Loc, tuple[int, int]] = {}
        self.values = 0
        self.chars = 0

    def problem(self, node: Node, loc: Loc, message: str) -> None:
        if len(self.problems) == MAX_PROBLEMS:
            raise TooBig(node, f"more than {MAX_PROBLEMS} problems; stopped reading the file")
        mark = node.start_mark
        self.problems.append(
            Problem(self.path, mark.line + 1, mark.column + 1, field_path(loc), message)
        )

    def build(self, node: Node, loc: Loc, depth: int) -> Any:
        self.values += 1
        if self.values > MAX_VALUES:
            raise TooBig(node, f"more than {MAX_VALUES} values once aliases are expanded; "
                                "aliases may not multiply a document's size")
        if depth > MAX_DEPTH:
            raise TooBig(node, f"nested more than {MAX_DEPTH} levels deep")
        self.positions[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        tag = _tag(node)
        if tag not in _ALLOWED_TAGS:
            tag = tag.replace(_PREFIX, "!!")
            self.problem(node, loc, f"YAML tag '{tag}' is not allowed; write plain values")
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, loc, depth)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        self.chars += len(node.value)
        if self.chars > MAX_CHARS:
            raise TooBig(node, f"more than {MAX_CHARS} characters of text once aliases are "
                                "expanded; aliases may not multiply a document's size")
        try:
            return scalar(node.value, tag)
        except ValueError as exc:
            self.problem(node, loc, str(exc))
            return None

    def _mapping(self, node: MappingNode, loc: Loc, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or _tag(key_node) not in _ALLOWED_TAGS:
                self.problem(key_node, loc, "a key must be plain text")
                continue
            key = str(key_node.value)
            if key in first_seen:
                self.problem(
                    key_node, (*loc, key),
                    f"duplicate key '{key}' (first at line {first_seen[key]}); "
                    "YAML would silently keep only the last one: delete one of the two, or "
                    "merge them",
                )
                continue
            line = first_seen[key] = key_node.start_mark.line + 1
            self.key_positions[(*loc, key)] = (line, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, (*loc, key), depth + 1)
        return result


class TooBig(Exception):
    def __init__(self, node: Node, message: str) -> None:
        self.node = node
        self.message = message


def scalar(value: str, tag: str) -> Any:
    """The value of a scalar; ValueError, worded for the user, when it cannot be one."""
    tag = tag[len(_PREFIX):]
    # An explicit tag (`!!int abc`) skips the implicit resolvers: check the form here.
    form = FORMS.get(tag)
    if form is not None and not form.match(value) and not (
        tag == "float" and FORMS["int"].match(value)
    ):
        shown = value if len(value) <= 40 else value[:40] + "..."
        raise ValueError(f"{shown!r} is not a valid !!{tag} value")
    if tag == "int" and len(value) > MAX_DIGITS:
        raise ValueError(f"a number of {len(value.lstrip('+-'))} digits is too long")
    if tag == "null":
        return None
    if tag == "bool":
        return value.lower() == "true"
    if tag == "int":
        return int(value)
    if tag == "float":
        return float(value)
    return value


