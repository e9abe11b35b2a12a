"""Update site/ in place when it is provably the site the last build left: move in what this
build made, remove what the new site no longer has, leave every kept page where it is.

The plain twin is the swap (output/staging.py): a whole new site beside site/, swapped in, the
previous one removed; at 100,000 calls that is some 116,000 folders and links made and as many
removed. In place, only the pages that changed move.

What proves site/ is the last build's: a record in the store (never in the project), written
after every build that used the store: each path of site/ with its lstat identity (device,
inode, size, mtime_ns, type, links) and, for a page, the SHA-256 of the HTML it holds. Before
an update, one lstat walk of site/ must give exactly the recorded paths and identities: a link
anywhere, an extra, missing or changed file, a record of other code or of another site, or a
damaged one, and the build swaps instead. The record is replaced by a "being updated" mark
before the first change and rewritten once the update is done, so a build killed in between
leaves a mark the next build sees, and that build swaps. Every file moves in by one rename over
its place (a page is never seen half written), through folder descriptors opened without
following a link, and only what the record lists (what a build made) is taken away.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import struct
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

from generator.fast.codeprint import site_fingerprint
from generator.fast.memofile import (
    load_memo,
    pack_names,
    prune_temporaries,
    save_memo,
    unpack_names,
)
from generator.fast.moves import Moves, parents

Identity = tuple[int, int, int, int, int, int, int]
"""(device, inode, size, mtime_ns, ctime_ns, type bits, links) of an entry, as lstat gives
them; a folder's size and times are left at 0 (moving a page in changes them). The change
time is the system's own: an edit that puts back a file's size and mtime still changes it."""
_SAME_BYTES = 4
"""The fields of an Identity that stay as they are while a file is renamed or linked: the same
four, the same bytes (its change time does move)."""
_KIND, _LINKS = 5, 6

_MAGIC = b"playbook site record 2"
_FOLDER = "in-place"
_SUFFIX, _OLD_SUFFIX = ".record", ".json"
"""A record's name ends in _SUFFIX; one of the name records had while their body was JSON
is removed when a record is written, so the store keeps no stale one."""
_SETTLED, _UPDATING = "settled", "updating"
_STATES = {_SETTLED: b"S", _UPDATING: b"U"}
_COUNTS = struct.Struct("<IIII")
"""Entries, bytes of their names, pages with a digest, bytes of the search parts."""
_ENTRY = struct.Struct("<QQQqqII")  # an Identity
_DIGEST = struct.Struct("<I32s")  # an entry's number, its page's SHA-256
_SHA256 = re.compile(r"[0-9a-f]{64}")
_LARGEST = 1 << 32
"""Bytes of a record at most: a forged one is not read whole."""


def _identity(info: os.stat_result) -> Identity:
    kind = stat.S_IFMT(info.st_mode)
    if kind == stat.S_IFDIR:
        return (info.st_dev, info.st_ino, 0, 0, 0, kind, 0)
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns, kind,
            info.st_nlink)


def file_identity(fd: int) -> Identity:
    """The identity of an open file, as the walk will find it at its place."""
    return _identity(os.fstat(fd))


def lstat_identity(path: Path) -> Identity:
    return _identity(os.lstat(path))


class _Foreign(Exception):
    """Something a build never makes stands in the walked folder: a link, a socket."""


def _entries(top: Path) -> Iterator[tuple[str, Identity]]:
    """Every entry under the folder `top` by its path (folders and plain files); _Foreign when
    a link or anything else stands anywhere, or top is not a real folder."""
    try:
        if not stat.S_ISDIR(os.lstat(top).st_mode):
            raise _Foreign
    except OSError:
        raise _Foreign from None
    todo = [(str(top), "")]
    while todo:
        folder, prefix = todo.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                info = entry.stat(follow_symlinks=False)
                rel = prefix + entry.name
                if stat.S_ISDIR(info.st_mode):
                    todo.append((entry.path, rel + "/"))
                elif not stat.S_ISREG(info.st_mode):
                    raise _Foreign  # a link, a socket: not what a build makes
                yield rel, _identity(info)


def walk(top: Path) -> dict[str, Identity] | None:
    """Every entry under `top` by its path (folders and plain files); None when a link or
    anything else stands anywhere, or top is not a real folder."""
    try:
        return dict(_entries(top))
    except _Foreign:
        return None


def walks_as(top: Path, files: dict[str, Identity]) -> bool:
    """walk(top) == files, with no copy of the walk held: each entry is compared as found."""
    found = 0
    try:
        for rel, identity in _entries(top):
            if files.get(rel) != identity:
                return False
            found += 1
    except _Foreign:
        return False
    return found == len(files)


class SiteRecord:
    """What the last build left in site/, kept in the store (`folder`, the page store's own,
    which the keeper holds locked for the build)."""

    def __init__(self, folder: Path, site: Path) -> None:
        self.site = site.absolute()
        name = hashlib.sha256(os.fsencode(self.site)).hexdigest()[:32]
        self.folder = folder / _FOLDER
        self.path = self.folder / f"{name}{_SUFFIX}"
        self._old = self.folder / f"{name}{_OLD_SUFFIX}"
        self.top: Identity | None = None
        self.files: dict[str, Identity] = {}
        self.digests: dict[str, str] = {}
        """The SHA-256 of the HTML a recorded page holds, by path."""
        self.parts: object = {}
        """The search part each bundle folder holds, as partstay.recorded_parts() said."""
        self.seal: str | None = None
        """The SHA-256 of the record as load() read it: the same seal, the same record."""

    def load(self) -> bool:
        """Read the record: False when there is none, or it is damaged, a mark, of other code
        or of another site (then nothing in site/ is taken for proven)."""
        found = load_memo(self.folder, self.path.name, _MAGIC, self._scope(), _LARGEST)
        if found is None or not found[0].startswith(_STATES[_SETTLED]):
            return False
        body = found[0]
        try:  # by column: the counts, site/'s own identity, every entry's, names, digests,
            # then the search parts (JSON)
            count, size, pages, search = _COUNTS.unpack_from(body, 1)
            at = 1 + _COUNTS.size + _ENTRY.size * (count + 1)
            if len(body) != at + size + _DIGEST.size * pages + search:
                return False
            entries = _ENTRY.iter_unpack(body[1 + _COUNTS.size:at])
            self.top = next(entries)
            names = unpack_names(body[at:at + size], count)
            self.files = dict(zip(names, entries, strict=True))
            end = at + size + _DIGEST.size * pages
            self.digests = {names[number]: digest.hex()
                            for number, digest in _DIGEST.iter_unpack(body[at + size:end])}
            self.parts = json.loads(body[end:])
        except (ValueError, IndexError, struct.error):
            self.top, self.files, self.digests, self.parts = None, {}, {}, {}
            return False
        self.seal = hashlib.sha256(body).hexdigest()
        return True

    def _scope(self) -> str:
        return f"{site_fingerprint()} {self.site}"

    def holds(self, dest: str, digest: str) -> bool:
        """The recorded site/ holds the page of `digest` at `dest`, a file of one name."""
        entry = self.files.get(dest)
        return self.digests.get(dest) == digest and entry is not None and entry[_LINKS] == 1

    def matches(self) -> bool:
        """site/ is exactly as recorded: one lstat walk."""
        try:
            top = _identity(os.lstat(self.site))
        except OSError:
            return False
        return self.top is not None and top == self.top and walks_as(self.site, self.files)

    def mark(self) -> None:
        """The update begins: the record becomes a mark no build trusts, on disk before any
        change to site/."""
        self._write({"state": _UPDATING, "code": site_fingerprint(), "site": str(self.site)})

    def save(self, proven: dict[str, tuple[Identity, str]],
             parts: Callable[[dict[str, Identity]], dict[str, list[str]]] | None = None,
             ) -> None:
        """Record site/ as it is now; `proven`: the digest of a page's HTML, by path, with the
        identity of the file it was taken from (a page since changed is recorded without);
        `parts`: the search parts of the site, told from its walk (partstay.py)."""
        files = walk(self.site)
        if files is None:
            self.forget()
            return
        top = _identity(os.lstat(self.site))
        entries: dict[str, tuple[Identity, str | None]] = {}
        for rel, identity in files.items():
            known = proven.get(rel)
            same = known is not None and known[0][:_SAME_BYTES] == identity[:_SAME_BYTES]
            entries[rel] = (identity, known[1] if same and known is not None else None)
        self._write({"state": _SETTLED, "top": top, "files": entries,
                     "parts": parts(files) if parts is not None else {}})

    def forget(self) -> None:
        for path in (self.path, self._old):
            with contextlib.suppress(OSError):
                path.unlink()  # a link is removed, never followed

    def _write(self, data: dict[str, Any]) -> None:
        """Written beside its place and renamed into it, synced (memofile.py): a kill or a
        crash leaves the old record or the new one, whole. `data`: its state and, settled,
        the `top` folder's identity, the `files`, each with its page's digest or None, and
        the search `parts` (partstay.py)."""
        body = [_STATES[data["state"]]]
        if data["state"] == _SETTLED:
            files: dict[str, tuple[Identity, str | None]] = data["files"]
            names = list(files)
            packed = pack_names(names)
            digests = [_DIGEST.pack(number, bytes.fromhex(digest))
                       for number, (_, digest) in enumerate(files.values())
                       if digest is not None and _SHA256.fullmatch(digest)]
            search = json.dumps(data["parts"], separators=(",", ":")).encode()
            body += [_COUNTS.pack(len(names), len(packed), len(digests), len(search)),
                     _ENTRY.pack(*data["top"]),
                     *(_ENTRY.pack(*identity) for identity, _ in files.values()), packed,
                     *digests, search]
        self.folder.mkdir(exist_ok=True)
        save_memo(self.folder, self.path.name, _MAGIC, self._scope(), b"".join(body), sync=True)
        with contextlib.suppress(OSError):
            self._old.unlink()  # a link is removed, never followed
        prune_temporaries(self.folder, self._old.name)


class Staying(Protocol):
    """What of site/ an index in place may keep (partstay.py: the search parts)."""

    def leave(self) -> set[str]:
        """Recorded entries the update leaves where they are, for the index to keep or take
        away (through the update's Moves)."""
        ...

    def begin(self) -> None:
        """Before any other change: keep, in gone/, what the index may replace whole."""
        ...

    def done(self) -> None:
        """The index is done: take away what it left and the new site does not have."""
        ...


def update(record: SiteRecord, staged: Path, gone: Path, left: set[str],
           index: Callable[[Path], str] | None, *,
           staying: Callable[[Moves, set[str]], Staying] | None = None) -> str | None:
    """Make site/ the new site: `staged` holds every file of it but the pages `left` where
    they are. None, with nothing changed, when site/ is not provably as recorded; else what
    `index` (run on the updated site/) warned. What the new site no longer has, and each file
    replaced, moves into `gone` (a new folder of the run's own, removed with it): when the
    update or `index` fails, every change is undone and the mark stays. `staying`, given the
    update's Moves and the staged paths, says what else stays for `index` to decide."""
    if not (record.matches() and all(record.holds(d, record.digests.get(d, "")) for d in left)):
        return None
    if record.top is None or os.lstat(staged).st_dev != record.top[0]:
        return None  # another file system: no rename from one to the other
    new = walk(staged)
    if new is None:
        return None
    try:
        record.mark()
    except OSError:
        return None  # the store cannot take the mark: no update it could not tell of
    gone.mkdir()
    moves = Moves(record.site, gone)
    stays = staying(moves, set(new)) if staying is not None and index is not None else None
    wanted = set(new) | left | {p for d in left for p in parents(d)}
    wanted |= stays.leave() if stays is not None else set()
    try:
        if stays is not None:
            stays.begin()
        folders = {rel for rel, identity in new.items() if stat.S_ISDIR(identity[_KIND])}
        moves.take_away(sorted(record.files), wanted, set(new), folders)
        moves.move_in(staged)
        said = index(record.site) if index is not None else ""
        if stays is not None:
            stays.done()
        return said
    except Exception:
        moves.undo(wanted, set(record.files))
        raise
