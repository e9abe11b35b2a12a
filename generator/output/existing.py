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
import time
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path

from generator.output.atomic import atomic_write
from generator.read.digests import digest
from generator.read.stats import cache_root, stat_key, stat_settled

MANIFEST = ".manifest.json"
INCOMPLETE = ".incomplete"

Record = dict[str, tuple[tuple[int, int, int, int] | None, str]]
"""Each page this machine wrote: the stat that vouches for its bytes (None: read them to
know), and their digest."""


_OUTSIDE = re.compile(r"(?:^|/)\.{0,2}(?:/|$)|\\")


def inside(rel: str) -> bool:
    """A relative path that stays inside the subtree: no absolute path, '', '.' or '..' part."""
    return _OUTSIDE.search(rel) is None


class Existing:
    """The subtree at `root` as it was when first asked about."""

    def __init__(self, root: Path, *, recorded: bool = True) -> None:
        self.root = root
        self.recorded = recorded
        """Whether this machine's record of the pages vouches for any and is kept up to date
        (off for a run with every shortcut off: it reads and writes no cache folder)."""
        self.started_ns = time.time_ns()  # before any page is read (read/stats.py)

    @cached_property
    def raw_manifest(self) -> bytes | None:
        try:
            return (self.root / MANIFEST).read_bytes()
        except OSError:
            return None

    @cached_property
    def manifest(self) -> dict[str, object]:
        try:
            data = json.loads(self.raw_manifest or b"")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    @cached_property
    def owned(self) -> set[str]:
        """The files the manifest says playbook wrote (only those inside the subtree: a damaged
        or edited manifest must never make us touch a file outside it)."""
        files = self.manifest.get("files")
        if not isinstance(files, list):
            return set()
        return {p for p in map(str, files) if inside(p)}

    @cached_property
    def listing(self) -> tuple[list[str], list[str], set[str]]:
        """Every file (as os.walk sees files: a link to a folder is neither), every real folder,
        and the regular files among the files, relative to root; one pass of plain strings
        for the 10,000s of pages."""
        files: list[str] = []
        folders: list[str] = []
        regular: set[str] = set()
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
        stored = self.manifest.get("keys")
        if not isinstance(stored, dict):
            return {}
        intact = self.intact
        return {rel: str(v) for k, v in stored.items() if (rel := str(k)) in intact}

    @cached_property
    def digests(self) -> dict[str, str]:
        """The digest of each page's bytes as the last run wrote or found them."""
        stored = self.manifest.get("digests")
        return {str(k): str(v) for k, v in stored.items()} if isinstance(stored, dict) else {}

    @cached_property
    def intact(self) -> set[str]:
        """The pages the manifest lists whose bytes are those this machine last wrote or
        found there, as the manifest says too: by their stat where the record vouches for it,
        else by reading them. (A manifest alone vouches for nothing: it may come with the
        project, page digests and all.)"""
        record = self.record
        kept: Record = {}
        intact = set()
        for rel in sorted(self.owned & self.listing[2]):
            known, written = record.get(rel, (None, None))
            if written is None or self.digests.get(rel) != written:
                continue
            path = f"{self.root}/{rel}"
            try:
                key = stat_key(info := os.lstat(path))
                if not stat_module.S_ISREG(info.st_mode):
                    continue
                if known != key:
                    with open(path, "rb") as handle:  # noqa: PTH123 - plain strings: many files
                        if digest(handle.read()) != written:
                            continue
            except OSError:
                continue
            intact.add(rel)
            kept[rel] = (key if stat_settled(key[3], self.started_ns) else None, written)
        self.remember(kept)
        return intact

    @cached_property
    def record(self) -> Record:
        """What this machine wrote into the subtree: each page's digest, and the stat it was
        last found intact with once that stat could vouch for it (read/stats.py)."""
        if not self.recorded:
            return {}
        try:
            stored = marshal.loads(_record_path(self.root).read_bytes())  # noqa: S302 - ours
        except (OSError, ValueError, TypeError, EOFError):
            return {}
        return stored if isinstance(stored, dict) else {}

    def remember(self, pages: Mapping[str, tuple[tuple[int, int, int, int] | None, str]]
                 ) -> None:
        """Make the record hold these pages (rel: (stat or None, digest)) and no others."""
        if pages != self.record and self.recorded:
            with contextlib.suppress(OSError):  # without it, pages are rendered again
                path = _record_path(self.root)
                path.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(path, marshal.dumps(dict(pages)))
            self.record = dict(pages)

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
