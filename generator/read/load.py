"""Read one YAML file safely into plain data, and say where any key or value stood in it."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import Node

from generator.problems import Problem
from generator.read.yamlbuild import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    Again,
    Builder,
    Fast,
    Loc,
    TooBig,
)
from generator.read.yamlhints import explain

_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)  # no newline translation on Windows

# libyaml parses and composes in C; yamlbuild resolves tags and builds the data in Python.
try:
    from yaml._yaml import CParser as _Parser

    _Composer: tuple[type, ...] = ()
    WITH_LIBYAML = True
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser as _Parser  # type: ignore[assignment]

    _Composer = (yaml.composer.Composer, yaml.reader.Reader, yaml.scanner.Scanner)
    WITH_LIBYAML = False

class _Loader(_Parser, *_Composer):  # type: ignore[misc]
    def __init__(self, stream: str) -> None:
        if WITH_LIBYAML:
            _Parser.__init__(self, stream)
        else:  # pragma: no cover
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            _Parser.__init__(self)  # type: ignore[call-arg]
            yaml.composer.Composer.__init__(self)

    # The composer calls these for every node, and PyYAML's resolver took a third of its time:
    # there are no path resolvers, and _tag() resolves a tag only where a build reads it.
    def descend_resolver(self, parent: Node | None, index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type[Node], value: str | None, implicit: Any) -> Any:
        return implicit


def _compose(text: str) -> Node | None:
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


@dataclass(frozen=True)
class Document:
    """A loaded file: its plain data, and the 1-based (line, column) of each value and key."""

    path: str
    data: Any
    text: str = field(repr=False)

    @cached_property
    def _located(self) -> Builder:
        # Only a problem needs positions: they are found by composing the text again, when one
        # is asked for, which a file without problems never pays for.
        builder, node = Builder(self.path), _compose(self.text)
        assert node is not None  # the text composed to a document before
        builder.build(node, (), 0)
        return builder

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Position of the value at loc (or of its key), falling back to the nearest parent."""
        positions, key_positions = self._located.positions, self._located.key_positions
        if key and loc in key_positions:
            return key_positions[loc]
        while loc:
            if loc in positions:
                return positions[loc]
            if loc in key_positions:
                return key_positions[loc]
            loc = loc[:-1]
        return positions.get((), (1, 1))


def _decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    if not raw or raw.isspace():  # as `not raw.strip()`, without copying the file
        return None, [Problem(path, 1, 1, "", "the file is empty")]
    if raw.find(b"\x00", 0, 8192) != -1:
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


class _PyEvents(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's own parser in Python, events only: it sets no nesting limit of its own."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)

    def dispose(self) -> None:
        pass


def _deepest(parser: Any) -> yaml.Mark | None:
    """Where the parser's events first nest past MAX_DEPTH, or None."""
    depth = 0
    try:
        while (event := parser.get_event()) is not None:
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark  # type: ignore[return-value]
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        parser.dispose()
    return None


def _too_deep(text: str) -> yaml.Mark | None:
    """Where nesting passes MAX_DEPTH, found by streaming events: libyaml's composer recurses in C
    and would overflow the stack on a deep enough document. Each level needs one of the indicator
    characters counted here, so an ordinary file skips the scan."""
    if len(text) <= 5000 or sum(text.count(c) for c in "[{-:?") <= 5000:
        return None
    try:
        return _deepest(_Loader(text))
    except yaml.YAMLError:
        pass
    # Newer libyaml builds stop deep input themselves (at a depth of their own, with a message of
    # their own) and may do so while reading ahead, before the events reach our depth. Whether
    # the file is too deep by our rule must not depend on that: ask the pure-Python parser, which
    # sets no limit. Only a file libyaml refused pays for this.
    try:
        return _deepest(_PyEvents(text))
    except yaml.YAMLError:
        return None  # composing reports the syntax error before reaching this depth


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
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        hint = explain(exc, text)
        if hint is not None:
            return None, [Problem(path, hint.line, hint.column, "", hint.message)]
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Problem(path, line, column, "", f"YAML syntax error: {_syntax(exc)}")]
    except yaml.YAMLError as exc:
        return None, [Problem(path, 1, 1, "", f"YAML syntax error: {exc}")]
    if node is None:
        return None, [Problem(path, 1, 1, "", "the file holds no data")]
    try:
        return Document(path, Fast().build(node, 0), text), []
    except (Again, RecursionError):
        pass
    builder = Builder(path)
    try:
        data = builder.build(node, (), 0)
    except TooBig as exc:
        mark = exc.node.start_mark
        return None, [*builder.problems,
                      Problem(path, mark.line + 1, mark.column + 1, "", exc.message)]
    except RecursionError:
        return None, [Problem(path, 1, 1, "", f"nested more than {MAX_DEPTH} levels deep")]
    if builder.problems:
        return None, builder.problems
    return Document(path, data, text), []


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
        # Plain reads of the size stat gave, to the end: a buffered file object cost a third as
        # much again as the read itself.
        fd = os.open(file, _READ_FLAGS)
        try:
            parts = [os.read(fd, size + 1)]
            while parts[-1]:  # the file may have grown since: read on as open().read() would
                parts.append(os.read(fd, 1 << 16))
        finally:
            os.close(fd)
        return parts[0] if len(parts) == 2 else b"".join(parts), []
    except OSError as exc:
        return None, [Problem(display, 1, 1, "", f"cannot be read: {exc.strerror or exc}")]


def load_bytes(raw: bytes, display: str) -> tuple[Document | None, list[Problem]]:
    """Decode and parse a file's bytes, shown in problems as `display`."""
    text, problems = _decode(raw, display)
    if text is None:
        return None, problems
    return load_text(text, display)
