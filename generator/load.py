"""Read one YAML file safely into plain data, remembering where every key and value stood."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

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

# libyaml parses and composes in C; only tag resolution below is Python.
try:
    from yaml._yaml import CParser as _Parser

    _Composer: tuple[type, ...] = ()
    WITH_LIBYAML = True
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser as _Parser  # type: ignore[assignment]

    _Composer = (yaml.composer.Composer, yaml.reader.Reader, yaml.scanner.Scanner)
    WITH_LIBYAML = False


class _Resolver(BaseResolver):
    """YAML 1.2 core-schema scalars: `no`, `on` and `yes` stay text, dates stay text to validate."""


_FORMS = {
    "bool": re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    "int": re.compile(r"^[-+]?[0-9]+$"),
    "float": re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+)$"),
    "null": re.compile(r"^(?:~|null|Null|NULL|)$"),
}
_Resolver.add_implicit_resolver(f"{_PREFIX}bool", _FORMS["bool"], list("tTfF"))
_Resolver.add_implicit_resolver(f"{_PREFIX}int", _FORMS["int"], list("-+0123456789"))
_Resolver.add_implicit_resolver(f"{_PREFIX}float", _FORMS["float"], list("-+0123456789."))
_Resolver.add_implicit_resolver(f"{_PREFIX}null", _FORMS["null"], ["~", "n", "N", ""])


class _Loader(_Parser, *_Composer, _Resolver):  # type: ignore[misc]
    def __init__(self, stream: str) -> None:
        if WITH_LIBYAML:
            _Parser.__init__(self, stream)
        else:  # pragma: no cover
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            _Parser.__init__(self)  # type: ignore[call-arg]
            yaml.composer.Composer.__init__(self)
        _Resolver.__init__(self)


@dataclass(frozen=True)
class Document:
    """A loaded file: its plain data and the 1-based (line, column) of each value and key."""

    path: str
    data: Any
    positions: dict[Loc, tuple[int, int]] = field(repr=False)
    key_positions: dict[Loc, tuple[int, int]] = field(repr=False)

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Position of the value at loc (or of its key), falling back to the nearest parent."""
        if key and loc in self.key_positions:
            return self.key_positions[loc]
        while loc:
            if loc in self.positions:
                return self.positions[loc]
            if loc in self.key_positions:
                return self.key_positions[loc]
            loc = loc[:-1]
        return self.positions.get((), (1, 1))


class _Builder:
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
            raise _TooBig(node, f"more than {MAX_PROBLEMS} problems; stopped reading the file")
        mark = node.start_mark
        self.problems.append(
            Problem(self.path, mark.line + 1, mark.column + 1, field_path(loc), message)
        )

    def build(self, node: Node, loc: Loc, depth: int) -> Any:
        self.values += 1
        if self.values > MAX_VALUES:
            raise _TooBig(node, f"more than {MAX_VALUES} values once aliases are expanded; "
                                "aliases may not multiply a document's size")
        if depth > MAX_DEPTH:
            raise _TooBig(node, f"nested more than {MAX_DEPTH} levels deep")
        self.positions[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag not in _ALLOWED_TAGS:
            tag = node.tag.replace(_PREFIX, "!!")
            self.problem(node, loc, f"YAML tag '{tag}' is not allowed; write plain values")
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, loc, depth)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*loc, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        self.chars += len(node.value)
        if self.chars > MAX_CHARS:
            raise _TooBig(node, f"more than {MAX_CHARS} characters of text once aliases are "
                                "expanded; aliases may not multiply a document's size")
        try:
            return _scalar(node)
        except ValueError as exc:
            self.problem(node, loc, str(exc))
            return None

    def _mapping(self, node: MappingNode, loc: Loc, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _ALLOWED_TAGS:
                self.problem(key_node, loc, "a key must be plain text")
                continue
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in first_seen:
                self.problem(
                    key_node, (*loc, key),
                    f"duplicate key '{key}' (first at line {first_seen[key]}); "
                    "YAML would silently keep only the last one",
                )
                continue
            first_seen[key] = line
            self.key_positions[(*loc, key)] = (line, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, (*loc, key), depth + 1)
        return result


class _TooBig(Exception):
    def __init__(self, node: Node, message: str) -> None:
        self.node = node
        self.message = message


def _scalar(node: ScalarNode) -> Any:
    """The value of a plain scalar; ValueError, worded for the user, when it cannot be one."""
    value: str = node.value
    tag = node.tag[len(_PREFIX):]
    # An explicit tag (`!!int abc`) skips the implicit resolvers: check the form here.
    form = _FORMS.get(tag)
    if form is not None and not form.match(value) and not (
        tag == "float" and _FORMS["int"].match(value)
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


def _decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    if not raw.strip():
        return None, [Problem(path, 1, 1, "", "the file is empty")]
    if b"\x00" in raw[:8192]:
        return None, [Problem(path, 1, 1, "", "this looks like a binary file, not YAML text")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        byte = raw[exc.start]
        return None, [Problem(path, line, column, "",
                              f"not valid UTF-8 (byte 0x{byte:02x}); save the file as UTF-8")]


def _too_deep(text: str) -> yaml.Mark | None:
    """Where nesting passes MAX_DEPTH, found by streaming events: libyaml's composer recurses in C
    and would overflow the stack on a deep enough document. Each level needs one of the indicator
    characters counted here, so an ordinary file skips the scan."""
    if sum(text.count(c) for c in "[{-:?") <= 5000:
        return None
    parser = _Loader(text)
    depth = 0
    try:
        while (event := parser.get_event()) is not None:
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark  # type: ignore[return-value]
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # composing reports the syntax error before reaching this depth
    finally:
        parser.dispose()
    return None


def _syntax(exc: yaml.MarkedYAMLError) -> str:
    """The parser's complaint, with where the construct it was reading began when that is
    elsewhere: an unclosed bracket or quote is only noticed lines later."""
    problem, context, start = exc.problem, exc.context, exc.context_mark
    if not problem:
        return context or "cannot be parsed"
    if context and problem.startswith("but "):
        return f"{context}, {problem}"
    if context and start and exc.problem_mark and start.line != exc.problem_mark.line:
        return f"{problem} ({context} that starts at line {start.line + 1})"
    return problem


def load_text(text: str, path: str) -> tuple[Document | None, list[Problem]]:
    """Parse YAML text; return the document, or None and the problems that stopped it."""
    deep = _too_deep(text)
    if deep is not None:
        return None, [Problem(path, deep.line + 1, deep.column + 1, "",
                              f"nested more than {MAX_DEPTH} levels deep")]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Problem(path, line, column, "", f"YAML syntax error: {_syntax(exc)}")]
    except yaml.YAMLError as exc:
        return None, [Problem(path, 1, 1, "", f"YAML syntax error: {exc}")]
    finally:
        loader.dispose()
    if node is None:
        return None, [Problem(path, 1, 1, "", "the file holds no data")]
    builder = _Builder(path)
    try:
        data = builder.build(node, (), 0)
    except _TooBig as exc:
        mark = exc.node.start_mark
        return None, [*builder.problems,
                      Problem(path, mark.line + 1, mark.column + 1, "", exc.message)]
    except RecursionError:
        return None, [Problem(path, 1, 1, "", f"nested more than {MAX_DEPTH} levels deep")]
    if builder.problems:
        return None, builder.problems
    return Document(path, data, builder.positions, builder.key_positions), []


def load_file(file: str | Path, display: str) -> tuple[Document | None, list[Problem]]:
    """Read and parse one file, shown in problems as `display`; never raises for bad content."""
    raw, problems = read_file(file, display)
    return load_bytes(raw, display) if raw is not None else (None, problems)


def read_file(file: str | Path, display: str) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes, or the problem that stops it being read (not a regular file, too big)."""
    try:
        info = os.stat(file)  # noqa: PTH116 - plain strings: 10,000s of files
        if not stat.S_ISREG(info.st_mode):
            # A FIFO or device would block the read or never end.
            return None, [Problem(display, 1, 1, "", "is not a regular file")]
        size = info.st_size
        if size > MAX_FILE_BYTES:
            return None, [Problem(display, 1, 1, "",
                                  f"the file is {size / 1_000_000:.1f} MB; a playbook file may be "
                                  f"at most {MAX_FILE_BYTES // 1_000_000} MB")]
        with open(file, "rb") as handle:  # noqa: PTH123 - plain strings: 10,000s of files
            return handle.read(), []
    except OSError as exc:
        return None, [Problem(display, 1, 1, "", f"cannot be read: {exc.strerror or exc}")]


def load_bytes(raw: bytes, display: str) -> tuple[Document | None, list[Problem]]:
    """Decode and parse a file's bytes, shown in problems as `display`."""
    text, problems = _decode(raw, display)
    if text is None:
        return None, problems
    return load_text(text, display)
