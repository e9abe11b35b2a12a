"""The store of built pages a build keeps: one entry per page, named by the page's key.

It lives in the per-user cache (PLAYBOOK_SITE_STORE places it elsewhere, as CI does). It is
read and written only through its own folder: the folder and each of its sub-folders must be
a real folder (a link there and the store is not used), an entry is opened without following a
link, and written to a fresh name beside its place and renamed into it, so a kill or a full disk
leaves no part of one under an entry's name. An entry holds its key and a digest of the rest: one
that is damaged, cut short or put under another page's name is not kept. The page's fields
(with the digest of its HTML) come before its compressed HTML, so a build that finds the HTML
in the previous site never decompresses it. One build at a time
uses the store (a lock in it); another finds it busy and builds without it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import stat
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path

from generator.fast import statmemo
from generator.fast.cachefolders import project_folder
from generator.fast.codeprint import site_fingerprint
from generator.fast.statmemo import StatMemo
from generator.output.atomic import replace_in

PLACE = "PLAYBOOK_SITE_STORE"
"""The environment variable that places the store (CI keeps it between runs)."""

_MAGIC = b"playbook kept page 2\n"
_NAME = re.compile(r"^[0-9a-f]{64}$")
_LARGEST = 64 * 1024 * 1024
"""Bytes of one entry at most: no page is near, a forged one is not read whole."""


def store_folder(root: Path) -> Path:
    """Where the store of this project is."""
    if place := os.environ.get(PLACE):
        return Path(place)
    return project_folder(root) / "site"


@dataclass(frozen=True)
class Kept:
    """One page as a build made it, but for its HTML: what the keeper puts back for it."""

    src: str
    dest: str
    search: str
    """The page's search entries, as the index's JSON text holds them ("" for none)."""
    sitemap: str
    html: str
    """The SHA-256 of the page's HTML: a copy of it found elsewhere (the previous site) is
    proven the page by it, without the entry's HTML being read."""
    size: int


def pack(key: str, kept: Kept, html: bytes) -> bytes:
    """An entry: its key, the digest of the rest, the page's fields as one line of JSON, then
    its HTML compressed (apart, so the fields are read without the HTML)."""
    fields = json.dumps(asdict(kept), separators=(",", ":")).encode()  # one line: \n escaped
    body = b"%s\n%s" % (fields, zlib.compress(html, 1))
    return b"%s%s\n%s\n%s" % (_MAGIC, key.encode(), _sha(body).encode(), body)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def unpack(data: bytes, key: str, src: str) -> tuple[Kept, bytes] | None:
    """The entry's page and its compressed HTML, if the entry is whole, made under `key` and
    for `src`; else None."""
    if not is_whole(data, key):
        return None
    fields, _, packed = data[len(_MAGIC) + len(key) + 66:].partition(b"\n")
    try:
        read = json.loads(fields)
    except ValueError:
        return None
    kept = _kept(read, src)
    if kept is None:
        return None
    return kept, packed


def _kept(read: object, src: str) -> Kept | None:
    """The page of an entry's fields, if they are a page's, made for `src`."""
    try:
        kept = Kept(**read) if isinstance(read, dict) else None
    except TypeError:
        return None
    if kept is None or not all(isinstance(getattr(kept, name), str)
                               for name in ("src", "dest", "search", "sitemap", "html")):
        return None
    safe = not kept.dest.startswith("/") and ".." not in kept.dest.split("/")
    if kept.src != src or not safe or not isinstance(kept.size, int) or not _NAME.match(kept.html):
        return None
    return kept


_FIELDS = tuple(Kept.__dataclass_fields__)


def unpacked_html(kept: Kept, packed: bytes) -> bytes | None:
    """The page's HTML from its entry's compressed part, if it is the HTML `kept` names."""
    try:
        html = zlib.decompress(packed)
    except zlib.error:
        return None
    return html if len(html) == kept.size and _sha(html) == kept.html else None


def is_whole(data: bytes, key: str) -> bool:
    """The entry was stored under `key` and is as it was stored (its digest says so)."""
    head = b"%s%s\n" % (_MAGIC, key.encode())
    if not data.startswith(head) or len(data) < len(head) + 65:
        return False
    digest, body = data[len(head):len(head) + 64], data[len(head) + 65:]
    return digest.decode("ascii", "replace") == _sha(body)


def _real_folder(path: Path) -> bool:
    with contextlib.suppress(OSError):
        return stat.S_ISDIR(os.lstat(path).st_mode)
    return False


class PageStore:
    """Entries by key in `folder`; `open()` takes the store for this build, if it can."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock: int | None = None
        self._entries: StatMemo | None = None
        """What get() found in each entry, by the entry's stat (statmemo.py)."""
        self._folders: dict[str, bool] = {}

    def open(self) -> bool:
        """Take the store for this build: False when it is a link, cannot be made, or another
        build holds it (this build then neither reads nor writes it)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if not _real_folder(self.folder):
                return False
            fd = os.open(self.folder / ".lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._lock = fd
        self._entries = self.memo("entries.memo", "")
        if self._entries is not None:
            self._entries.load()
        return True

    def memo(self, name: str, scope: str) -> StatMemo | None:
        """A memo kept in the store, for this code and `scope`; None when the store is not
        this build's."""
        if self._lock is None:
            return None
        return StatMemo(self.folder, name, f"{site_fingerprint()} {scope}")

    def close(self) -> None:
        if self._entries is not None:
            self._entries.save()
            self._entries = None
        if self._lock is not None:
            os.close(self._lock)  # and with it the lock
            self._lock = None

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def _folder_real(self, key: str) -> bool:
        """The entry's folder is a real folder (looked at once a build: only this build, which
        holds the lock, makes or removes one)."""
        if (real := self._folders.get(key[:2])) is None:
            real = self._folders[key[:2]] = _real_folder(self.folder / key[:2])
        return real

    def read(self, key: str) -> bytes | None:
        """An entry's bytes as stored; None when there is none or it is not a plain file."""
        found = self._read(key)
        return found[0] if found is not None else None

    def _read(self, key: str) -> tuple[bytes, os.stat_result] | None:
        """An entry's bytes, with the stat of the file they were read from."""
        if self._lock is None or not self._folder_real(key):
            return None
        try:
            fd = os.open(f"{self.folder}/{key[:2]}/{key}", os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            return None
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > _LARGEST:
                return None
            return handle.read(_LARGEST + 1), info

    def whole(self, key: str) -> bool:
        """An entry is stored under `key`, whole."""
        data = self.read(key)
        return data is not None and is_whole(data, key)

    def get(self, key: str, src: str) -> Kept | None:
        """The page of the entry under `key`, whole and made for `src`; its HTML stays in the
        entry (html()). An entry whose stat is the one it had when a build last found it whole
        is not read again."""
        if self._entries is not None and self._folder_real(key):
            with contextlib.suppress(OSError):
                known = self._entries.look(key, os.lstat(f"{self.folder}/{key[:2]}/{key}"))
                if known is not None and len(known) == len(_FIELDS):
                    return _kept(dict(zip(_FIELDS, known, strict=True)), src)
        read_at = statmemo.now_ns()
        found = self._read(key)
        page = unpack(found[0], key, src) if found is not None else None
        if page is None:
            return None
        if self._entries is not None and found is not None:
            self._entries.note(key, found[1], read_at,
                               [getattr(page[0], name) for name in _FIELDS])
        return page[0]

    def recalled(self, key: str, src: str) -> Kept | None:
        """The page a build last found whole under `key`, made for `src`, without a look at
        the entry (not even its stat): only for a page whose HTML is proven elsewhere (a file
        the site record vouches for by its digest); get() before any other use."""
        known = self._entries.recall(key) if self._entries is not None else None
        if known is None or len(known) != len(_FIELDS):
            return None
        return _kept(dict(zip(_FIELDS, known, strict=True)), src)

    def html(self, key: str, kept: Kept) -> bytes | None:
        """The HTML of the page get() gave, if its entry is still whole and still that page's."""
        data = self.read(key)
        found = unpack(data, key, kept.src) if data is not None else None
        return unpacked_html(kept, found[1]) if found is not None and found[0] == kept else None

    def put(self, key: str, kept: Kept, html: bytes) -> None:
        """Store one entry; raises OSError (a full disk, a link where its folder goes)."""
        self.write(key, kept, html)
        self.written(key, kept)

    def write(self, key: str, kept: Kept, html: bytes) -> None:
        """put() but for written(): several threads may write at once, each its own entries
        (each entry is a file of its own, made beside its place and renamed into it)."""
        if self._lock is None:
            return
        folder = self.folder / key[:2]
        with contextlib.suppress(FileExistsError):
            folder.mkdir()
        if not _real_folder(folder):
            raise OSError(f"{folder} is not a folder of the store")
        replace_in(folder, key, pack(key, kept, html))

    def written(self, key: str, kept: Kept) -> None:
        """Note an entry write() stored, for recalled(): the next build may leave its page in
        site/. From one thread at a time."""
        if self._lock is not None and self._entries is not None:
            self._entries.remember(key, [getattr(kept, name) for name in _FIELDS])

    def prune(self, used: set[str]) -> None:
        """Remove every entry no page of this build uses, and what killed runs left."""
        if self._lock is None:
            return
        with contextlib.suppress(OSError):
            for folder in self.folder.iterdir():
                if not (len(folder.name) == 2 and _real_folder(folder)):
                    continue
                for entry in folder.iterdir():
                    if not (_NAME.match(entry.name) and entry.name in used):
                        with contextlib.suppress(OSError):
                            entry.unlink()  # a link is removed, never followed
