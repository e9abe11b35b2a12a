"""Reuse the parts of the search index whose pages did not change: each part's Pagefind output
kept in a store in the per-user cache, keyed by what Pagefind reads to make it.

A part's key is a digest of the path and bytes (by their SHA-256) of every HTML file its glob
matches, the glob, the folder it is written to, Pagefind's version and the generator's code
(which holds the options Pagefind is run with). A page's SHA-256 comes from the part's memo
when the page is the very file digested in an earlier build (searchmemo.py), else it is read.
A part found in the store is written into the staged site; any other is indexed by the plain
runner (search.run_part) and then stored. The plain twin, with shortcuts off, is the plain
runner itself: every part indexed again.

The store is only trusted as far as it checks out: an entry is a folder holding one pack of the
part's files under one digest (partpack.py), written to a temporary folder and renamed into
place whole, so a build killed while storing leaves no entry; one that holds anything else, a
pack that does not match its digest, or a link, is not used (the part is indexed as if it were
not there). Storing never fails a build: a full disk or an unwritable cache only skips it.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from generator.fast.codeprint import site_fingerprint
from generator.fast.inplace import Identity, SiteRecord
from generator.fast.moves import Moves
from generator.fast.partfiles import Listings, matched_files
from generator.fast.partpack import pack_part, put_files, unpack_part
from generator.fast.partstay import PartsInPlace, Proof, made_files, recorded_parts
from generator.fast.partview import PartView
from generator.fast.searchmemo import StagedDigests, memo_path
from generator.output.search import Part, PartRunner, run_part
from generator.read.stats import cache_root

KEPT_PARTS = 24
"""Entries the store keeps, the last used, besides every part the build at work uses (indexed,
put back or left in site/): a few earlier builds' worth of parts."""
_PACK = "part.pack"
_TEMPORARY = ".tmp-"
_STALE_TEMPORARY = 3600.0
"""Seconds after which a temporary folder is taken for one a killed build left."""


_KEY = re.compile(r"[0-9a-f]{64}")
"""A part's key as part_key() makes it (SHA-256, hexadecimal), and so its entry's name."""


PARTS_PLACE = "PLAYBOOK_SEARCH_STORE"
"""Names the folder of the store instead (CI keeps it between runs, beside the page store)."""


def parts_folder() -> Path:
    """Where the parts are kept: PLAYBOOK_SEARCH_STORE, else in the per-user cache, shared by
    every project (the key says everything an entry holds depends on)."""
    if place := os.environ.get(PARTS_PLACE):
        return Path(place)
    return cache_root() / "search-parts"


def _pagefind_version() -> str:
    versions = []
    for name in ("pagefind", "pagefind_bin"):
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} none")
    return ", ".join(versions)


def part_stamp() -> str:
    """What every key and memo holds besides the pages: Pagefind's version and our code a
    build runs (codeprint.site_fingerprint)."""
    return f"{_pagefind_version()}; {site_fingerprint()}"


def _read_digest(path: str) -> bytes:
    return hashlib.sha256(_read_plain(path)).digest()


def part_key(site: Path, part: Part, seen: Listings | None = None,
             digest_of: Callable[[str], bytes] = _read_digest,
             stamp: str | None = None) -> str | None:
    """The digest of what a part's index is made from; None when it cannot be told.
    `digest_of` gives a page's SHA-256 by its path (read, by default)."""
    files = matched_files(site, part.glob, seen)
    if files is None:
        return None
    digest = hashlib.sha256()
    for text in (part_stamp() if stamp is None else stamp, part.bundle, part.glob):
        digest.update(f"{len(text)}:{text}".encode())
    for name in files:
        digest.update(f"{len(name)}:{name}".encode())
        digest.update(digest_of(os.path.join(site, name)))  # noqa: PTH118 - many files
    return digest.hexdigest()


def _read_plain(path: str) -> bytes:
    """A regular file's bytes, never through a link."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(f"{path}: not a plain file")
        return handle.read()


def _plain_folder(path: Path) -> bool:
    with contextlib.suppress(OSError):
        return stat.S_ISDIR(os.lstat(path).st_mode)
    return False


def load_part(entry: Path) -> tuple[dict[str, bytes], str] | None:
    """The files of a stored part by path in its bundle, and what Pagefind warned; None when
    the entry is missing, or is not a plain folder of just a pack that checks out."""
    try:
        if not _plain_folder(entry) or [p.name for p in entry.iterdir()] != [_PACK]:
            return None
        return unpack_part(_read_plain(str(entry / _PACK)))
    except OSError:
        return None


def _files_under(folder: Path) -> set[str]:
    """The files under `folder` (a link to a file counted, a link to a folder not followed),
    by their paths from it: read from the listings, with no stat per file, since the handbook's
    part is told before and after it is made and its folder holds every month's files."""
    found: set[str] = set()
    todo = [(str(folder), "")] if folder.is_dir() else []
    while todo:
        where, prefix = todo.pop()
        with os.scandir(where) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    todo.append((entry.path, f"{prefix}{entry.name}/"))
                elif entry.is_file():
                    found.add(prefix + entry.name)
    return found


def save_part(store: Path, key: str, files: dict[str, bytes], said: str) -> None:
    """Keep a part's files under `key`: written aside and renamed into place whole. Raises
    OSError (the caller goes on without storing)."""
    if not _plain_folder(store):
        store.mkdir(parents=True, exist_ok=True)
        if not _plain_folder(store):
            raise OSError(f"{store}: not a plain folder")
    temporary = Path(tempfile.mkdtemp(dir=store, prefix=_TEMPORARY))
    try:
        (temporary / _PACK).write_bytes(pack_part(files, said))
        temporary.rename(store / key)  # fails if another build stored it meanwhile: as good
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def prune_parts(store: Path, keep: int = KEPT_PARTS, since: float | None = None) -> None:
    """Remove all but the `keep` entries used last, and temporary folders of killed builds;
    an entry used from `since` on (by the build at work) is kept besides, however many parts
    the index has. An entry is first renamed away, so no build finds one half removed under
    its key."""
    with contextlib.suppress(OSError):
        if not _plain_folder(store):
            return
        now = time.time()
        entries = []
        for child in store.iterdir():
            info = child.lstat()
            if child.name.startswith(_TEMPORARY):
                if now - info.st_mtime > _STALE_TEMPORARY:  # a folder, or a memo's file
                    shutil.rmtree(child, ignore_errors=True) if stat.S_ISDIR(info.st_mode) \
                        else child.unlink()
            elif stat.S_ISDIR(info.st_mode):
                entries.append((info.st_mtime, child.name))
        older = [(when, name) for when, name in entries if since is None or when < since]
        for _, name in sorted(older, reverse=True)[keep:]:
            with contextlib.suppress(OSError):
                discard_entry(store, name)


def _mark_used(entry: Path) -> None:
    """Date an entry now, by the clock StoredParts.since is read from: prune_parts() keeps what
    the build at work used. (Left to the file system, the date is of its coarser clock, which
    can lag that moment by some milliseconds.) A link is dated itself, never followed."""
    now = time.time_ns()
    os.utime(entry, ns=(now, now), follow_symlinks=False)


def discard_entry(store: Path, name: str) -> None:
    """Remove an entry, or whatever stands under its name (a link itself, never followed):
    renamed away first, so no build finds it half removed."""
    entry = store / name
    if not os.path.lexists(entry):
        return
    if not _plain_folder(entry):
        entry.unlink()
        return
    gone = Path(tempfile.mkdtemp(dir=store, prefix=_TEMPORARY)) / "gone"
    entry.rename(gone)
    shutil.rmtree(gone.parent, ignore_errors=True)


class StoredParts:
    """A PartRunner (search.py) that puts back parts from the store and indexes, then stores,
    the others with `plain`. `reused` and `indexed` list the bundles it did each way."""

    def __init__(self, store: Path | None = None, plain: PartRunner = run_part) -> None:
        self.store = store if store is not None else parts_folder()
        self.plain = plain
        self.reused: list[str] = []
        self.indexed: list[str] = []
        self.listed: Listings = {}
        self.stamp = part_stamp()
        self.since = time.time()
        """When this build began: the entries it used since are never pruned by it."""
        self.in_place: PartsInPlace | None = None
        """The parts an in-place update of site/ may leave where they are (partstay.py)."""
        self.proof: Proof = {}
        """Each part made or left, with its files: for the site record."""

    def __call__(self, site: Path, part: Part) -> str:
        # Nothing is read from, or written to, a store that is a link or not a folder.
        usable = _plain_folder(self.store) or not os.path.lexists(self.store)
        memo = StagedDigests(memo_path(self.store, part.bundle), self.stamp) if usable else None
        try:
            key = part_key(site, part, self.listed, memo.digest if memo else _read_digest,
                           self.stamp)
        except OSError:
            key = None
        usable = usable and key is not None
        place = self.in_place
        if place is not None:
            if key is not None and (stays := place.stays(part.bundle, key)) is not None:
                self.proof[part.bundle] = (key, *stays)
                return stays[0]
            place.take(part.bundle)  # made again: what the record says it holds goes first
        found = load_part(self.store / str(key)) if usable else None
        bundle = site / part.bundle
        if found is not None:
            files, said = found
            put_files(bundle, files)
            with contextlib.suppress(OSError):
                _mark_used(self.store / str(key))
            self.reused.append(part.bundle)
        else:
            before = _files_under(bundle)
            said = self.plain(site, part)
            self.indexed.append(part.bundle)
            if usable:
                with contextlib.suppress(OSError):
                    discard_entry(self.store, str(key))  # what stood there did not check out
                    made = {name: (bundle / name).read_bytes()
                            for name in sorted(_files_under(bundle) - before)}
                    save_part(self.store, str(key), made, said)
                    _mark_used(self.store / str(key))
        if usable and memo is not None:
            with contextlib.suppress(OSError):
                memo.save()
        self.proof.pop(part.bundle, None)
        if key is not None:
            with contextlib.suppress(OSError):  # no proof: the record names no part
                self.proof[part.bundle] = (key, said, made_files(site, part.bundle))
        return said

    def finish(self) -> None:
        """After the whole index: prune the store (prune_parts). Not before: a build prunes
        none of the parts it uses, and until every part is made it cannot tell them all, so
        pruning as each part was stored removed entries of parts still to come (at 100,000
        calls, 64 parts against the 24 others kept), which were then indexed again."""
        prune_parts(self.store, since=self.since)  # which leaves a store not a folder alone

    def stay(self, record: SiteRecord) -> Callable[[Moves, set[str]], PartsInPlace]:
        """For an in-place update of the site `record` proved: the parts it may leave."""
        def staying(moves: Moves, staged: set[str]) -> PartsInPlace:
            self.in_place = PartsInPlace(record.site, record.parts, record.files, moves, staged)
            self._used(key for key, _ in self.in_place.parts.values())
            return self.in_place
        return staying

    def _used(self, keys: Iterable[str]) -> None:
        """Mark the store's entries of `keys` used by this build, so prune_parts() keeps them:
        a part left in site/ is not put back from the store, yet its entry is what a build
        without that site/ (a clean checkout, a removed folder) needs. Marked as the update
        begins, for finish() to keep."""
        if not _plain_folder(self.store):
            return
        for key in keys:
            if _KEY.fullmatch(key):  # the record's word: a digest, never a path
                with contextlib.suppress(OSError):
                    _mark_used(self.store / key)

    def recorded(self, walked: dict[str, Identity]) -> dict[str, list[str]]:
        """The parts the site record keeps, told from its walk (partstay.recorded_parts)."""
        return recorded_parts(self.proof, walked)


def part_runner(store: Path | None = None) -> StoredParts:
    """The runner a build with shortcuts indexes its search with: each part not in the store
    made from a folder of its pages alone (partview.py), the site's folders listed once."""
    parts = StoredParts(store)
    parts.plain = PartView(parts.listed)
    return parts
