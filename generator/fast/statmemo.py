"""What the keeper learnt from a file, remembered by the file's stat: a file whose stat has not
moved since is not read again.

A memo lives in the page store's folder, which the store has checked and holds (a real folder,
this build's lock): it is opened without following a link and must be a plain file, and it is
written to a fresh name and renamed into place. It carries a digest of itself and its scope (the
generator's code, what its names are relative to): a memo damaged, cut short, made by other code
or for another folder is ignored whole. It is trusted as far as the store beside it is: whatever
could write one could write the store's entries.

A record vouches for a file only while the file's lstat is the one recorded: device, inode,
size, modification and change time (an edit that puts the old mtime back, as a checkout or an
editor may, still moves the change time, which no user can set), of a plain file, and only when
the file last changed clearly before it was read (read/stats.py, git's rule for racy
timestamps): a file changed within a tick of the moment it was read is read again next time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import stat
import time
from pathlib import Path
from typing import Any

from generator.read.stats import stat_settled

_MAGIC = "playbook stat memo 1"
_LARGEST = 1 << 30
"""Bytes of a memo at most: a forged one is not read whole."""

StatIdentity = tuple[int, int, int, int, int]


def identity(info: os.stat_result) -> StatIdentity | None:
    """What a record holds of a plain file's lstat; None for anything else."""
    if not stat.S_ISREG(info.st_mode):
        return None
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


def now_ns() -> int:
    """The moment a file is about to be read, on the clock files are stamped by."""
    return time.time_ns()


class StatMemo:
    """Records by name (a JSON value each), kept in `folder`/`name` for `scope`."""

    def __init__(self, folder: Path, name: str, scope: str) -> None:
        self.folder = folder
        self.name = name
        self.scope = scope
        self._old: dict[str, list[Any]] = {}
        self._new: dict[str, list[Any]] = {}

    def load(self) -> None:
        """Read the memo, if there is a whole one for this scope."""
        with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
            data = self._read()
            head, _, body = data.partition(b"\n")
            if data and json.loads(head) == [_MAGIC, self.scope,
                                              hashlib.sha256(body).hexdigest()]:
                records = json.loads(body)
                if isinstance(records, dict):
                    self._old = records

    def _read(self) -> bytes:
        fd = os.open(self.folder / self.name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > _LARGEST:
                return b""
            return handle.read(_LARGEST + 1)

    def look(self, name: str, info: os.stat_result) -> list[Any] | None:
        """What was recorded of the file `name` if its lstat `info` is the one recorded."""
        record = self._old.get(name)
        if (not isinstance(record, list) or len(record) != 2 or not isinstance(record[1], list)
                or record[0] != list(identity(info) or ())):
            return None
        self._new[name] = record
        return record[1]

    def note(self, name: str, info: os.stat_result, read_at_ns: int, value: list[Any]) -> None:
        """Record what the file `name` gave, read at read_at_ns with the lstat `info` taken
        before; nothing when that stat cannot vouch for it."""
        known = identity(info)
        if known is not None and stat_settled(info.st_ctime_ns, read_at_ns):
            self._new[name] = [list(known), value]
        else:
            self._new.pop(name, None)

    def save(self) -> None:
        """Keep the records looked up or noted since load(), and only those; a full disk
        keeps none."""
        body = json.dumps(self._new, separators=(",", ":")).encode()
        head = json.dumps([_MAGIC, self.scope, hashlib.sha256(body).hexdigest()]).encode()
        with contextlib.suppress(OSError):
            _replace(self.folder, self.name, b"%s\n%s" % (head, body))


def _replace(folder: Path, name: str, data: bytes) -> None:
    """Write `name` in `folder` as a fresh file renamed into place (a link there is replaced,
    never followed)."""
    dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    temporary = f".{name}.{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600,
                     dir_fd=dir_fd)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temporary, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=dir_fd)
            raise
    finally:
        os.close(dir_fd)
