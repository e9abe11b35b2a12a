"""What the generated subtree holds as a run starts, read once: its manifest, and every file
and folder in it. Whether the last run still stands, which pages can be kept and what a write
must replace are all answered from one reading, not one look at the disk per page.

A page is only ever kept when its bytes are those the generator wrote: the manifest records
each page's digest, and so does a record in this machine's cache folder (a manifest committed
with forged pages to match would vouch for them on a clone: `validate` refuses those, and the
record, which no contributor can plant, does not know them). A page edited by hand is rendered
again. Reading every page on every run would cost more than the rest of a run that changed
nothing, so the record keeps the stat each page was last found intact with, trusted by the same
rule as plans' stats (read/stats.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import re
import stat as stat_module
import struct
import time
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from generator.output.atomic import atomic_write
from generator.read.digests import digest
from generator.read.stats import cache_root, stat_key, stat_settled

MANIFEST = ".manifest.json"
INCOMPLETE = ".incomplete"

_STAT = struct.Struct("<4q")
Record = dict[str, tuple[bytes | None, str]]
"""Each page this machine wrote: the stat that vouches for its bytes, packed (None: read them
to know), and their digest."""


_OUTSIDE = re.compile(r"(?:^|/)\.{0,2}(?:/|$)|\\")


def inside(rel: str) -> bool:
    """A relative path that stays inside the subtree: no absolute path, '', '.' or '..' part."""
    return _OUTSIDE.search(rel) is None


def seal(manifest: bytes) -> bytes:
    """What tells one manifest's bytes from another's, without holding them."""
    return hashlib.sha256(manifest).digest()


class _Manifest(NamedTuple):
    """What a run uses of the manifest on disk: its seal (None: there is none), its run, the
    files it says playbook wrote (those inside the subtree), and their keys and digests. Each
    path is one string however often it is named (a big team's manifest names 100,000s)."""

    seal: bytes | None
    run: dict[str, object] | None
    paths: dict[str, str]
    keys: dict[str, str]
    digests: dict[str, str]


def _read_manifest(path: Path) -> _Manifest:
    try:
        raw = path.read_bytes()
    except OSError:
        return _Manifest(None, None, {}, {}, {})
    sealed = seal(raw)
    try:
        data = json.loads(raw)
    except ValueError:
        data = None
    del raw  # the parsed manifest is all a run needs
    if not isinstance(data, dict):
        return _Manifest(sealed, None, {}, {}, {})
    files, keys, digests, run = (data.pop(name, None) for name in ("files", "keys", "digests",
                                                                    "run"))
    paths = {p: p for p in map(str, files) if inside(p)} if isinstance(files, list) else {}
    # Only the files playbook wrote have a key or a digest that counts, under the one string
    # of their path.
    return _Manifest(sealed, run if isinstance(run, dict) else None, paths,
                     _of(paths, keys), _of(paths, digests))


def _of(paths: dict[str, str], stored: object) -> dict[str, str]:
    if not isinstance(stored, dict):
        return {}
    return {paths[rel]: str(value) for rel, value in stored.items() if rel in paths}


class Existing:
    """The subtree at `root` as it was when first asked about."""

    def __init__(self, root: Path, *, recorded: bool = True) -> None:
        self.root = root
        self.recorded = recorded
        """Whether this machine's record of the pages vouches for any and is kept up to date
        (off for a run with every shortcut off: it reads and writes no cache folder)."""
        self.started_ns = time.time_ns()  # before any page is read (read/stats.py)

    @cached_property
    def _manifest(self) -> _Manifest:
        return _read_manifest(self.root / MANIFEST)

    @property
    def seal(self) -> bytes | None:
        """The manifest's seal (seal()), None when there is none."""
        return self._manifest.seal

    @property
    def run(self) -> dict[str, object] | None:
        """What the manifest records of the run that wrote it."""
        return self._manifest.run

    @cached_property
    def owned(self) -> set[str]:
        """The files the manifest says playbook wrote (only those inside the subtree: a damaged
        or edited manifest must never make us touch a file outside it)."""
        return set(self._manifest.paths)

    @cached_property
    def listing(self) -> tuple[list[str], list[str], set[str]]:
        """Every file (as os.walk sees files: a link to a folder is neither), every real folder,
        and the regular files among the files, relative to root; one pass of plain strings
        for the 10,000s of pages."""
        files: list[str] = []
        folders: list[str] = []
        regular: set[str] = set()
        paths = self._manifest.paths  # a page's path, as one string
        todo = [("", str(self.root))]
        while todo:
            rel, folder = todo.pop()
            try:
                with os.scandir(folder) as found:
                    entries = list(found)
            except OSError:
                continue
            for entry in entries:
                name = f"{rel}{entry.name}"
                name = paths.get(name, name)
                try:
                    is_folder = entry.is_dir()
                    is_file = entry.is_file(follow_symlinks=False)
                except OSError:
                    is_folder = is_file = False
                if not is_folder:
                    files.append(name)
                    if is_file:
                        regular.add(name)
                elif not entry.is_symlink():
                    folders.append(name)
                    todo.append((f"{name}/", entry.path))
        return files, folders, regular

    @property
    def incomplete(self) -> bool:
        """The last write into the subtree did not finish."""
        return (self.root / INCOMPLETE).exists()

    @cached_property
    def stored_keys(self) -> dict[str, str]:
        """The key each page was last written from; none at all after an interrupted run,
        which may have left any page half-updated."""
        if self.incomplete:
            return {}
        intact = self.intact
        return {rel: key for rel, key in self._manifest.keys.items() if rel in intact}

    @property
    def digests(self) -> dict[str, str]:
        """The digest of each page's bytes as the last run wrote or found them."""
        return self._manifest.digests

    @cached_property
    def intact(self) -> set[str]:
        """The pages the manifest lists whose bytes are those this machine last wrote or
        found there, as the manifest says too: by their stat where the record vouches for it,
        else by reading them. (A manifest alone vouches for nothing: it may come with the
        project, page digests and all.)"""
        record = self.record
        digests = self.digests
        kept: Record = {}
        intact = set()
        for rel in sorted(self.owned & self.listing[2]):
            known, written = record.get(rel, (None, None))
            if written is None or (page := digests.get(rel)) != written:
                continue
            path = f"{self.root}/{rel}"
            try:
                info = os.lstat(path)
                if not stat_module.S_ISREG(info.st_mode):
                    continue
                key = stat_key(info)
                packed = _STAT.pack(*key)
                if known != packed:
                    with open(path, "rb") as handle:  # noqa: PTH123 - plain strings: many files
                        if digest(handle.read()) != written:
                            continue
            except OSError:
                continue
            intact.add(rel)
            kept[rel] = (packed if stat_settled(key[3], self.started_ns) else None, page)
        self.remember(kept)
        return intact

    @cached_property
    def record(self) -> Record:
        """What this machine wrote into the subtree: each page's digest, and the stat it was
        last found intact with once that stat could vouch for it (read/stats.py), packed
        (a record of tuples, from earlier code, vouches for no stat: the pages are read)."""
        if not self.recorded:
            return {}
        try:
            stored = marshal.loads(_record_path(self.root).read_bytes())  # noqa: S302 - ours
        except (OSError, ValueError, TypeError, EOFError):
            return {}
        return stored if isinstance(stored, dict) else {}

    def remember(self, pages: Mapping[str, tuple[bytes | None, str]]) -> None:
        """Make the record hold these pages (rel: (packed stat or None, digest)) and no
        others. What was read of it is let go either way: these strings are the run's own."""
        if pages != self.record and self.recorded:
            with contextlib.suppress(OSError):  # without it, pages are rendered again
                path = _record_path(self.root)
                path.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(path, marshal.dumps(dict(pages)))
        self.record = dict(pages) if self.recorded else {}

    def written(self, digests: Mapping[str, str]) -> None:
        """Record the digest of every page a write left in the subtree (rel: digest)."""
        record = self.record
        self.remember({rel: (known if (known := record.get(rel, (None, ""))[0]) is not None
                             and record[rel][1] == page else None, page)
                       for rel, page in digests.items()})

    def there(self, rel: str) -> bool:
        """A regular file stands at rel."""
        return rel in self.listing[2]

    def written_from(self, rel: str, key: str) -> bool:
        """The page at rel is there as the generator wrote it, from inputs with this key: it
        can stay as it is."""
        return self.stored_keys.get(rel) == key


def _record_path(root: Path) -> Path:
    """Where the record of the pages of the subtree at root is kept on this machine."""
    name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return cache_root() / "pages" / f"{name}.marshal"
