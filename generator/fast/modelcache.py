"""Remember validated files between runs, keyed on their content, so unchanged files are not
parsed again, and only for the generator's code that made them (codeprint.py): any change to
it starts afresh.

Models are kept in one file per folder of plans/ (a shard), so a run that changed one plan
rewrites one small file, not every model; a separate index holds every file's stat and digest,
which tells whether anything changed without loading a single model.

Caches live in the user's cache folder, never in the project: a pull request can add any file
to a repository, and a cache that is unpickled must not be something a contributor can plant.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import pickle
import posixpath
import time
from collections.abc import Callable, Set
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from generator.fast.cachefolders import project_folder
from generator.fast.codeprint import code_fingerprint
from generator.fast.lightstore import LightStore
from generator.output.atomic import atomic_write
from generator.read.stats import Stat, recorded, stat_key, vouches

_MODELS = "models"
_INDEX = "index.marshal"  # our own file, read every run: marshal reads it 3x faster than json
_LIGHT = "light"  # a folder of buckets (lightstore.py)
_OLD = ("validated.pickle", "index.json", "light.pickle")  # earlier versions: removed once saved


@dataclass(frozen=True)
class Entry:
    """One validated file: how it looked on disk, its content digest and its model."""

    stat: tuple[int, int, int, int]
    """`stat_key` of the file as it was before it was read."""
    digest: str
    value: Any

    @classmethod
    def of(cls, stat: os.stat_result, content_digest: str, value: Any) -> Entry:
        return cls(stat_key(stat), content_digest, value)


@dataclass(frozen=True)
class Hit:
    """A cached file found unchanged: its digest and its light value (a call's brief, or any
    other file's whole model); the whole model of a call comes from `ModelCache.model`."""

    digest: str
    light: Any


@cache
def shard_of(display: str) -> str:
    """The shard of a file: one per folder, named so that no folder name can reach elsewhere."""
    return _shard_name(posixpath.dirname(display))


@cache
def _shard_name(folder: str) -> str:
    return hashlib.sha256(folder.encode()).hexdigest()[:16]


_read: dict[Path, tuple[tuple[int, int], dict[str, Stat]]] = {}


def read_index(folder: Path | None) -> dict[str, Stat]:
    """Every cached file's stat and digest by display path; empty when stale or unreadable.

    A run asks twice (is anything new? what is cached?): the second time, an index file with
    the same stat is not parsed again.
    """
    if folder is None:
        return {}
    path = folder / _INDEX
    try:
        info = path.stat()
        if (seen := _read.get(path)) is not None and seen[0] == (info.st_mtime_ns, info.st_size):
            return dict(seen[1])
        stored = marshal.loads(path.read_bytes())  # noqa: S302 - our own file, as the shards
        if not isinstance(stored, dict) or stored.get("code") != code_fingerprint():
            return {}
        index: dict[str, Stat] = stored["files"]  # as this version wrote it (code above)
        if not isinstance(index, dict):
            return {}
    except (OSError, ValueError, TypeError, KeyError, AttributeError, EOFError):
        return {}
    _read.clear()
    _read[path] = ((info.st_mtime_ns, info.st_size), index)
    return dict(index)


class ModelCache:
    """Validated models by display path; a file is reused while its stat or its digest agree.

    Beside the shards of whole models, a light store (lightstore.py) holds every call's brief,
    every other file's model, and the context each call last passed its cross-file checks in: a
    run that changed one plan loads that file and one shard, not 10,000 models. Shards are
    loaded when a file of theirs is first asked for, so a run that reads some accounts only
    loads theirs.
    """

    def __init__(self, root: Path | None) -> None:
        # Every file of the run is read after this moment: what vouches for a stat (RACY_NS).
        self.started_ns = time.time_ns()
        self.folder = project_folder(root) if root is not None else None
        self.index = read_index(self.folder)
        self._on_disk = {shard_of(d) for d in self.index}
        self._shards: dict[str, dict[str, Entry]] = {}
        self._dirty: set[str] = set()
        self._light = LightStore(self.folder / _LIGHT if self.folder and self.index else None,
                                 code_fingerprint())

    @classmethod
    def models_of(cls, folder: Path, shards: Set[str]) -> ModelCache:
        """The whole models of these shards of `folder`, saved by another process of the run,
        and nothing else: no index is read, nothing is saved."""
        cache = cls(None)
        cache.folder, cache._on_disk = folder, set(shards)
        return cache

    @property
    def dirty(self) -> bool:
        return bool(self._dirty) or self._light.dirty

    @property
    def entries(self) -> dict[str, Entry]:
        """Every cached file, loading every shard."""
        return {d: e for d in list(self.index) if (e := self._entry(d)) is not None}

    def changed_shards(self) -> set[str]:
        """The shards that save() would write."""
        return set(self._dirty)

    def knows(self, display: str) -> bool:
        return display in self.index

    def _shard(self, name: str) -> dict[str, Entry]:
        if name not in self._shards:
            self._shards[name] = self._load(name) if name in self._on_disk else {}
        return self._shards[name]

    def _load(self, name: str) -> dict[str, Entry]:
        assert self.folder is not None
        # The cache is a local file this tool wrote itself in the user's cache folder; a stale
        # or foreign one is simply ignored.
        with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError,
                                 ImportError, ValueError, TypeError):
            with (self.folder / _MODELS / f"{name}.pickle").open("rb") as handle:
                stored = pickle.load(handle)  # noqa: S301 - our own cache file, see above
            if stored.get("code") == code_fingerprint():
                return dict(stored["entries"])
        return {}

    def _entry(self, display: str) -> Entry | None:
        entry = self._shard(shard_of(display)).get(display)
        known = self.index.get(display)
        # Index and shard are written one after the other: trust only what both say.
        if entry is None or known is None or known[2] != entry.digest:
            return None
        return entry

    def _hit(self, display: str, content_digest: str) -> Hit | None:
        found = self._light.get(shard_of(display), display)
        # Light file and index are written one after the other: trust only what both say.
        if found is not None and found[0] == content_digest:
            return Hit(*found)
        return None

    def lookup(self, display: str, stat: os.stat_result) -> Hit | None:
        """The cached file if its stat vouches for it (`vouches`); else by_digest must say."""
        known = self.index.get(display)
        if known is None or not vouches(known, stat):
            return None
        return self._hit(display, known[2])

    def likely_unchanged(self, display: str, stat: os.stat_result | None) -> bool:
        """Whether the file has the modification time and size the index recorded: lookup
        will most likely find it (by its stat, or by its digest while the stat is racy)."""
        known = self.index.get(display)
        return stat is not None and known is not None \
            and (known[0], known[1]) == (stat.st_mtime_ns, stat.st_size)

    def by_digest(self, display: str, stat: os.stat_result, content_digest: str) -> Hit | None:
        known = self.index.get(display)
        if known is None or known[2] != content_digest or (hit := self._hit(
                display, content_digest)) is None:
            return None
        # Same content, new stat (a checkout or a touch): remember it in the index (the shard's
        # copy of the stat vouches for nothing), but a run that found nothing else new does
        # not rewrite the cache for it, so it changes no file at all.
        self.index[display] = recorded(stat_key(stat), content_digest, self.started_ns)
        return hit

    def model(self, display: str, content_digest: str) -> Any:
        """The whole model of a file found by lookup or by_digest; None if the shard lost it."""
        entry = self._shard(shard_of(display)).get(display)
        return entry.value if entry is not None and entry.digest == content_digest else None

    def put(self, display: str, entry: Entry, light: Any) -> None:
        name = shard_of(display)
        self._shard(name)[display] = entry
        self.index[display] = recorded(entry.stat, entry.digest, self.started_ns)
        self._light.put(name, display, entry.digest, light)
        self._dirty.add(name)

    def note(self, display: str, entry: Entry, light: Any) -> None:
        """What put() records, but the model: another process parsed the file, and saves the
        shard it belongs to itself (entry.value is not used)."""
        self.index[display] = recorded(entry.stat, entry.digest, self.started_ns)
        self._light.put(shard_of(display), display, entry.digest, light)

    def checked(self, display: str) -> str | None:
        """The context (a digest of the files it depends on) a call last passed its
        cross-file checks in."""
        return self._light.checked(shard_of(display), display)

    def set_checked(self, contexts: dict[str, str]) -> None:
        """Remember the contexts every call of a run that found no problem was checked in."""
        by_shard: dict[str, dict[str, str]] = {}
        for display, context in contexts.items():
            by_shard.setdefault(shard_of(display), {})[display] = context
        for name, checked in by_shard.items():
            self._light.set_checked(name, checked)

    def release(self, shards: Set[str]) -> None:
        """Let go of the whole models of these shards, those saved (or unchanged): asked for
        again, a shard is loaded from its file. One with unsaved changes is kept, but by a
        cache with no folder (validate's), which never saves one: asked for again, such a
        model is None, and the file is parsed again (read.sources.Source.value)."""
        for name in shards if self.folder is None else shards - self._dirty:
            self._shards.pop(name, None)

    def keep_only(self, displays: set[str], within: Callable[[str], bool] | None = None) -> None:
        """Forget every file not in displays (of those `within` says this run looked at)."""
        for gone in [d for d in self.index if d not in displays and (within is None or within(d))]:
            name = shard_of(gone)
            self._shard(name).pop(gone, None)
            self._light.pop(name, gone)
            del self.index[gone]
            self._dirty.add(name)

    def save(self, shards: Set[str] | None = None, *, index: bool = True) -> None:
        """Write what changed: the shards among `shards` (all by default), then, with `index`,
        the light store and the index, which must come last: they are what vouches for the
        shards. Processes sharing a run each save their own folders' shards, then one the
        index."""
        if self.folder is None or not self.dirty:
            return
        names = self._dirty if shards is None else self._dirty & shards
        with contextlib.suppress(OSError):
            models = self.folder / _MODELS
            models.mkdir(parents=True, exist_ok=True)
            code = code_fingerprint()
            for name in sorted(names):
                path = models / f"{name}.pickle"
                if entries := self._shards.get(name):
                    atomic_write(path, pickle.dumps({"code": code, "entries": entries},
                                               protocol=pickle.HIGHEST_PROTOCOL))
                    self._on_disk.add(name)  # release() may let go of it now
                elif name in self._shards:
                    path.unlink(missing_ok=True)
                    self._on_disk.discard(name)
            if index:
                if self._light.path is None:  # a first run: there was no index to trust it by
                    self._light.path = self.folder / _LIGHT
                self._light.save()
                files = dict(sorted(self.index.items()))
                atomic_write(self.folder / _INDEX, marshal.dumps({"code": code, "files": files}))
                for old in _OLD:
                    (self.folder / old).unlink(missing_ok=True)
        self._dirty -= names
        if index:
            self._dirty.clear()
