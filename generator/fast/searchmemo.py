"""The digests of a search part's staged pages, remembered by each file's lstat identity, so
that keying a part reads only the pages that are new since the last build.

A page is known by (device, inode, size, mtime_ns), not by its change time: the keeper links
kept pages from the previous site, which changes that, not the file. A page MkDocs wrote is a
new inode; a kept one is the same inode as in the last build, with the same bytes.

When a digest is not to be believed:
- A file changed in place within one tick of the file system's clock keeps its identity. So,
  as git does with racy index entries, a digest is remembered only for a file whose mtime is
  more than RACY_NS (read/stats.py: two seconds, FAT's tick) older than the moment the part's
  keying began, before it was read: any later write gives it a later mtime, hence another
  identity (unless someone sets its time back by hand, which is as much as forging the store;
  see below).
- A memo is believed for a file only when that file is older than the memo itself (its own
  mtime, and the time it says it was made, whichever is earlier, less RACY_NS): every page this
  build wrote, or an inode reused since, is read whatever a memo says of it.
- A memo made by other code or another Pagefind, damaged (its digest), a link, a file with a
  second name or not a plain file is not read at all: every page is read, as with no memo.

A memo lying about a file older than itself is as much as an entry of the store holding
another index under the right key: both need someone who can write the store, which the
store cannot tell from this build. One memo per part (its bundle's name), written beside the
store's entries, framed, read and written as memofile.py says (its scope: the stamp).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import struct
import time
from pathlib import Path

from generator.fast.memofile import load_memo, save_memo
from generator.read.stats import stat_settled

_MAGIC = b"playbook-search-memo 2"
_MADE = struct.Struct("<q")  # when the build that wrote it began keying, before any read
_RECORD = struct.Struct("<QQQq32s")  # device, inode, size, mtime_ns, SHA-256
_PREFIX = "memo-"
_LARGEST = 1 << 30
"""Bytes of a memo at most: a forged one is not read whole."""

_Identity = tuple[int, int, int, int]


def _plain_bytes(path: str | Path) -> tuple[bytes, os.stat_result]:
    """A plain file's bytes and its stat, never through a link."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"{path}: not a plain file")
        return handle.read(), info


def memo_path(store: Path, bundle: str) -> Path:
    return store / (_PREFIX + bundle.replace("/", "-"))


class StagedDigests:
    """What one part's pages digest to, from its memo where it is believed, else read; save()
    keeps what was learnt for the next build."""

    def __init__(self, path: Path, stamp: str) -> None:
        self.path = path
        self.stamp = stamp
        self.known: dict[_Identity, bytes] = {}
        self.made = 0  # no file is older: nothing believed
        self.seen: dict[_Identity, bytes] = {}
        self.began = time.time_ns()
        with contextlib.suppress(struct.error):
            self._load()

    def _load(self) -> None:
        found = load_memo(self.path.parent, self.path.name, _MAGIC, self.stamp, _LARGEST)
        if found is None:
            return
        body, info = found
        if (len(body) - _MADE.size) % _RECORD.size:
            return
        self.known = {(dev, ino, size, mtime): digest
                      for dev, ino, size, mtime, digest in _RECORD.iter_unpack(body[_MADE.size:])}
        self.made = min(_MADE.unpack_from(body)[0], info.st_mtime_ns)

    def digest(self, path: str) -> bytes:
        """The SHA-256 of the plain file at `path`; OSError when it is not one."""
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"{path}: not a plain file")
        known = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
        if stat_settled(known[3], self.made) and (found := self.known.get(known)) is not None:
            self.seen[known] = found
            return found
        data, read = _plain_bytes(path)
        found = hashlib.sha256(data).digest()
        identity = (read.st_dev, read.st_ino, len(data), read.st_mtime_ns)
        # Read after `began`: a file older than that, less RACY_NS, shows any later write.
        if identity == known and stat_settled(known[3], self.began):
            self.seen[known] = found
        return found

    def save(self) -> None:
        """Keep the digests believed or learnt this time (raises OSError), unless the memo
        already holds just those."""
        if self.seen.keys() == self.known.keys() and self.made > 0:
            return
        body = _MADE.pack(self.began) + b"".join(
            _RECORD.pack(*identity, digest) for identity, digest in sorted(self.seen.items()))
        save_memo(self.path.parent, self.path.name, _MAGIC, self.stamp, body)
