"""Remember validated files between runs, keyed on their content, so unchanged files are not
parsed again; and fingerprint the generator's own code, so any change to it starts afresh.

Caches live in the user's cache folder, never in the project: a pull request can add any file
to a repository, and a cache that is unpickled must not be something a contributor can plant.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

_FILE = "validated.pickle"


def cache_root() -> Path:
    """PLAYBOOK_CACHE_DIR, else the platform's per-user cache folder."""
    if folder := os.environ.get("PLAYBOOK_CACHE_DIR"):
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sales-playbook"


def template_cache() -> Path:
    """Where compiled templates of this version of the generator are kept."""
    return cache_root() / "templates" / code_fingerprint()


@cache
def code_fingerprint() -> str:
    """A digest of the generator's code and templates: cached results are only as good as them."""
    return fingerprint(Path(__file__).parent)


def fingerprint(package: Path) -> str:
    """A digest of every source, template and default file under package."""
    digest = hashlib.sha256(metadata.version("pydantic").encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".j2", ".yaml"} and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:24]


@dataclass(frozen=True)
class Entry:
    """One validated file: how it looked on disk, its content digest and its model."""

    mtime_ns: int
    size: int
    digest: str
    value: Any


class ModelCache:
    """Validated models by display path; a file is reused while its stat or its digest agree."""

    def __init__(self, root: Path | None) -> None:
        self.path = None
        if root is not None:
            project = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
            self.path = cache_root() / "projects" / project / _FILE
        self.entries: dict[str, Entry] = {}
        self.dirty = False
        if self.path is None:
            return
        # The cache is a local, git-ignored file this tool wrote itself; a stale or foreign one
        # is simply ignored.
        with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError,
                                 ImportError, ValueError, TypeError):
            with self.path.open("rb") as handle:
                stored = pickle.load(handle)  # noqa: S301 - our own cache file, see above
            if stored.get("code") == code_fingerprint():
                self.entries = stored["entries"]

    def lookup(self, display: str, stat: os.stat_result) -> Entry | None:
        entry = self.entries.get(display)
        if entry and entry.mtime_ns == stat.st_mtime_ns and entry.size == stat.st_size:
            return entry
        return None

    def by_digest(self, display: str, stat: os.stat_result, content_digest: str) -> Entry | None:
        entry = self.entries.get(display)
        if entry and entry.digest == content_digest:
            # Same content, new stat (a checkout or a touch): remember it, but a run that found
            # nothing else new does not rewrite the cache for it, so it changes no file at all.
            self.entries[display] = Entry(stat.st_mtime_ns, stat.st_size, content_digest,
                                          entry.value)
            return entry
        return None

    def put(self, display: str, entry: Entry) -> None:
        self.entries[display] = entry
        self.dirty = True

    def keep_only(self, displays: set[str]) -> None:
        for gone in set(self.entries) - displays:
            del self.entries[gone]
            self.dirty = True

    def save(self) -> None:
        if self.path is None or not self.dirty:
            return
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump({"code": code_fingerprint(), "entries": self.entries}, handle,
                            protocol=pickle.HIGHEST_PROTOCOL)
            Path(tmp).replace(self.path)
