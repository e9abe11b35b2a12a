"""One file of what a shortcut learnt of other files by their lstat (a memo): its framing, its
safe read, its write, and the temporaries a killed write leaves.

Three memos use it, each with its own meaning: the keeper's files and entries memos
(statmemo.py), a search part's page digests (searchmemo.py) and the record of site/
(inplace.py). Their identities differ on purpose, so each packs its own records; what they
share is here:

    <magic>\\n<SHA-256 of the rest, hex>\\n<scope>\\n<body, compressed>

The body is compressed (zlib, its fastest level): a memo's records repeat much (the same
folders, the same few link targets, fields of zeros), and compressing is cheaper than the
bytes it saves are to write, read and digest; decompressing stops at `largest` bytes.

A file is read only as a plain file of one name (a second name is someone else's hold on it),
never through a link (nor a link at its folder's place), of at most `largest` bytes; it is
ignored whole when its magic is another's, its digest does not check out (damaged, cut short)
or it was made for another scope (other code, another folder or site). It is written to a
fresh name beside its place and renamed into it (output/atomic.py), and temporaries of its
name older than an hour, which a killed run left, are removed when it is written again.

The racy-time rule every memo applies is read/stats.py's stat_settled: a stat vouches for a
file only when the file last changed clearly before the moment it was read.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import time
import zlib
from pathlib import Path

from generator.output.atomic import replace_in

STALE_TEMPORARY_S = 3600.0
"""Seconds after which a memo's temporary is taken for one a killed run left."""
_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def frame(magic: bytes, scope: str, body: bytes) -> bytes:
    """A memo's bytes: `body` under its magic, digest and scope (one line, no newline)."""
    rest = scope.encode() + b"\n" + zlib.compress(body, 1)
    return magic + b"\n" + hashlib.sha256(rest).hexdigest().encode() + b"\n" + rest


def unframe(data: bytes, magic: bytes, scope: str, largest: int = 1 << 30) -> bytes | None:
    """The body of a memo framed by frame() with `magic` for `scope`, of at most `largest`
    bytes; None for anything else."""
    head = magic + b"\n"
    if not data.startswith(head):
        return None
    check, _, rest = data[len(head):].partition(b"\n")
    if hashlib.sha256(rest).hexdigest().encode() != check:
        return None  # damaged or cut short
    found, _, packed = rest.partition(b"\n")
    if found != scope.encode():
        return None
    inflate = zlib.decompressobj()
    try:
        body = inflate.decompress(packed, largest)
    except zlib.error:
        return None
    return body if inflate.eof and not inflate.unconsumed_tail else None


def read_plain(folder: Path, name: str, largest: int) -> tuple[bytes, os.stat_result] | None:
    """The bytes of `name` in `folder` and its stat, when it is a plain file of one name and of
    at most `largest` bytes, reached without a link; else None."""
    try:
        dir_fd = os.open(folder, _FOLDER)
    except OSError:
        return None
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=dir_fd)
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if (not stat.S_ISREG(info.st_mode) or info.st_nlink != 1
                    or info.st_size > largest):
                return None
            data = handle.read(largest + 1)
            return (data, info) if len(data) <= largest else None
    except OSError:
        return None
    finally:
        os.close(dir_fd)


def load_memo(folder: Path, name: str, magic: bytes, scope: str,
              largest: int) -> tuple[bytes, os.stat_result] | None:
    """The body of the memo `name` in `folder`, and the memo's stat, if it is a whole one of
    `magic` for `scope`, read safely (read_plain); else None."""
    found = read_plain(folder, name, largest)
    if found is None:
        return None
    body = unframe(found[0], magic, scope, largest)
    return (body, found[1]) if body is not None else None


def save_memo(folder: Path, name: str, magic: bytes, scope: str, body: bytes, *,
              sync: bool = False) -> None:
    """Write the memo `name` in `folder` whole (raises OSError), then remove the temporaries
    of its name that killed runs left."""
    replace_in(folder, name, frame(magic, scope, body), sync=sync)
    prune_temporaries(folder, name)


def prune_temporaries(folder: Path, name: str, now: float | None = None) -> None:
    """Remove `.name.*.tmp` in `folder` (output/atomic.py's temporaries) older than
    STALE_TEMPORARY_S: a run writing one now is younger."""
    now = time.time() if now is None else now
    prefix = f".{name}."
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not (entry.name.startswith(prefix) and entry.name.endswith(".tmp")):
                continue
            with contextlib.suppress(OSError):
                if now - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMPORARY_S:
                    os.unlink(entry.path)  # noqa: PTH108 - a link is removed, not followed


def pack_names(names: list[str]) -> bytes:
    """Names as one run of bytes, each ended by NUL (which no path or key holds)."""
    return "".join(name + "\0" for name in names).encode()


def unpack_names(data: bytes, count: int) -> list[str]:
    """The `count` names pack_names() made of `data`; ValueError when they are not."""
    names = data.decode().split("\0")
    if len(names) != count + 1 or names.pop():
        raise ValueError("not the names of a memo")
    return names
