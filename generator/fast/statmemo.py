"""What the keeper learnt from a file, remembered by the file's stat: a file whose stat has not
moved since is not read again.

A memo lives in the page store's folder, which the store has checked and holds (a real folder,
this build's lock), framed, read and written as memofile.py says: a memo damaged, cut short, a
link, a file of two names, made by other code or for another folder (its scope) is ignored
whole. It is trusted as far as the store beside it is: whatever could write one could write the
store's entries.

A record vouches for a file only while the file's lstat is the one recorded: device, inode,
size, modification and change time (an edit that puts the old mtime back, as a checkout or an
editor may, still moves the change time, which no user can set), of a plain file, and only when
the file last changed clearly before it was read (read/stats.py, git's rule for racy
timestamps): a file changed within a tick of the moment it was read is read again next time.

On disk (before memofile.py compresses it) a memo is its records by column: their lstats
packed, 40 bytes each, then their names, then their values as compact JSON, one a line. A
record's value is decoded only when it is looked up, and one looked up is saved as the bytes it
was read as, never encoded again; a memo that would be written as it was read is not written.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import struct
import time
from pathlib import Path
from typing import Any

from generator.fast.memofile import load_memo, pack_names, save_memo, unpack_names
from generator.read.stats import stat_settled

_MAGIC = b"playbook stat memo 2"
_LARGEST = 1 << 30
"""Bytes of a memo at most: a forged one is not read whole."""
_COUNTS = struct.Struct("<II")  # records, bytes of their names
_IDENTITY = struct.Struct("<QQQqq")  # device, inode, size, mtime_ns, ctime_ns

StatIdentity = tuple[int, int, int, int, int]
_NO_FILE = _IDENTITY.pack(0, 0, 0, 0, 0)
"""The stat of a record remember() made: no plain file has inode 0."""


def identity(info: os.stat_result) -> StatIdentity | None:
    """What a record holds of a plain file's lstat; None for anything else."""
    if not stat.S_ISREG(info.st_mode):
        return None
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


def now_ns() -> int:
    """The moment a file is about to be read, on the clock files are stamped by."""
    return time.time_ns()


class StatMemo:
    """Records by name (a JSON list each), kept in `folder`/`name` for `scope`."""

    def __init__(self, folder: Path, name: str, scope: str) -> None:
        self.folder = folder
        self.name = name
        self.scope = scope
        self._index: dict[str, int] = {}
        self._stats = b""
        self._values: list[bytes] = []
        """The records read, by column: each name's number, the lstats, the values (JSON)."""
        self._new: dict[str, tuple[bytes, bytes]] = {}
        self._changed = False

    def load(self) -> None:
        """Read the memo, if there is a whole one for this scope."""
        found = load_memo(self.folder, self.name, _MAGIC, self.scope, _LARGEST)
        if found is None:
            return
        body = found[0]
        with contextlib.suppress(ValueError, struct.error):
            count, size = _COUNTS.unpack_from(body)
            at = _COUNTS.size + count * _IDENTITY.size
            if len(body) < at + size:
                return
            names = unpack_names(body[at:at + size], count)
            values = body[at + size:].split(b"\n")
            if len(values) != count + 1 or values.pop():
                return
            self._stats, self._values = body[_COUNTS.size:at], values
            self._index = {name: number for number, name in enumerate(names)}

    def look(self, name: str, info: os.stat_result) -> list[Any] | None:
        """What was recorded of the file `name` if its lstat `info` is the one recorded."""
        record = self._read(name)
        known = identity(info)
        if (record is None or known is None or record[0] == _NO_FILE
                or record[0] != _IDENTITY.pack(*known)):
            return None
        return self._value(name, record)

    def recall(self, name: str) -> list[Any] | None:
        """What was recorded of the file `name`, its stat not looked at: for a caller that
        proves what it uses by other means (the record is kept, as read, for the next build,
        which looks at the stat again)."""
        record = self._read(name)
        return self._value(name, record) if record is not None else None

    def _value(self, name: str, record: tuple[bytes, bytes]) -> list[Any] | None:
        """A record's value, the record kept for saving; None when it is not a list."""
        try:
            value = json.loads(record[1])
        except ValueError:
            return None
        if not isinstance(value, list):
            return None
        self._new[name] = record
        return value

    def note(self, name: str, info: os.stat_result, read_at_ns: int, value: list[Any]) -> None:
        """Record what the file `name` gave, read at read_at_ns with the lstat `info` taken
        before; nothing when that stat cannot vouch for it."""
        known = identity(info)
        if known is not None and stat_settled(info.st_ctime_ns, read_at_ns) and "\0" not in name:
            record = (_IDENTITY.pack(*known), json.dumps(value, separators=(",", ":")).encode())
            self._changed = self._changed or record != self._read(name)
            self._new[name] = record
        else:
            self._new.pop(name, None)

    def remember(self, name: str, value: list[Any]) -> None:
        """Record what this build wrote into the file `name`, for recall() alone: the record's
        stat is one no file has (inode 0), so look() never vouches for it, and a build that
        looks at the file reads it and notes it anew."""
        if "\0" not in name:
            record = (_NO_FILE, json.dumps(value, separators=(",", ":")).encode())
            self._changed = self._changed or record != self._read(name)
            self._new[name] = record

    def _read(self, name: str) -> tuple[bytes, bytes] | None:
        """The record of `name` as read by load()."""
        number = self._index.get(name)
        if number is None:
            return None
        at = number * _IDENTITY.size
        return self._stats[at:at + _IDENTITY.size], self._values[number]

    def save(self) -> None:
        """Keep the records looked up or noted since load(), and only those; a full disk
        keeps none. Nothing is written when that is just what was read."""
        if not self._changed and len(self._new) == len(self._index):
            return  # every record kept is one read, as it was read: all of them
        names = sorted(self._new)
        packed = pack_names(names)
        body = b"".join([_COUNTS.pack(len(names), len(packed)),
                         *(self._new[name][0] for name in names), packed,
                         *(self._new[name][1] + b"\n" for name in names)])
        with contextlib.suppress(OSError):
            save_memo(self.folder, self.name, _MAGIC, self.scope, body)
