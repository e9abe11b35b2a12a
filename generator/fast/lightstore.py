"""The light half of the model cache: every call's brief, every other file's model, and the
context each call last passed its cross-file checks in.

It holds one part per folder of plans/, each pickled on its own, and the parts are kept in a
few bucket files by their shard's name: a run loads only the parts of the folders it looks at,
and one that changed a plan pickles that folder's part again and rewrites one bucket, writing
its other parts back as the bytes it read (at 10,000 calls all of it is 5 MB; a bucket is a
sixteenth of that).
"""

from __future__ import annotations

import contextlib
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.output.atomic import atomic_write

BUCKET = 1
"""Leading characters of a shard's name (hexadecimal) that name its bucket: 16 buckets."""


@dataclass
class _Part:
    light: dict[str, tuple[str, Any]] = field(default_factory=dict)
    """(content digest, light value) by display path."""
    checked: dict[str, str] = field(default_factory=dict)
    """The context each call last passed its cross-file checks in, by display path."""


class LightStore:
    """Light values by display path, grouped into parts by `shard_of(display)`; kept in the
    folder `path` (None: nothing is read, and nothing saved until a path is given)."""

    def __init__(self, path: Path | None, code: str) -> None:
        self.path = path
        self.code = code
        self._stored: dict[str, dict[str, bytes]] = {}
        """Each bucket read so far: its parts' pickled bytes by shard."""
        self._parts: dict[str, _Part] = {}
        self._dirty: set[str] = set()

    @property
    def dirty(self) -> bool:
        return bool(self._dirty)

    def _bucket(self, name: str) -> dict[str, bytes]:
        if (bucket := self._stored.get(name)) is None:
            bucket = self._stored[name] = {}
            # Like the shards, a local file this tool wrote itself in the user's cache folder;
            # a stale, damaged or foreign one is ignored.
            with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError,
                                     ImportError, ValueError, TypeError, KeyError):
                if self.path is not None:
                    stored = pickle.loads((self.path / f"{name}.pickle").read_bytes())  # noqa: S301
                    if stored["code"] == self.code:
                        bucket.update(stored["parts"])
        return bucket

    def _part(self, shard: str) -> _Part:
        if (part := self._parts.get(shard)) is None:
            part = _Part()
            with contextlib.suppress(pickle.UnpicklingError, EOFError, AttributeError,
                                     ImportError, ValueError, TypeError, KeyError):
                if (data := self._bucket(shard[:BUCKET]).get(shard)) is not None:
                    part = pickle.loads(data)  # noqa: S301 - see _bucket
            self._parts[shard] = part
        return part

    def get(self, shard: str, display: str) -> tuple[str, Any] | None:
        return self._part(shard).light.get(display)

    def put(self, shard: str, display: str, content_digest: str, value: Any) -> None:
        self._part(shard).light[display] = (content_digest, value)
        self._dirty.add(shard)

    def pop(self, shard: str, display: str) -> None:
        part = self._part(shard)
        part.light.pop(display, None)
        part.checked.pop(display, None)
        self._dirty.add(shard)

    def checked(self, shard: str, display: str) -> str | None:
        return self._part(shard).checked.get(display)

    def set_checked(self, shard: str, contexts: dict[str, str]) -> None:
        """Remember the contexts of these files of one part."""
        part = self._part(shard)
        if any(part.checked.get(display) != context for display, context in contexts.items()):
            part.checked.update(contexts)
            self._dirty.add(shard)

    def save(self) -> None:
        """Write back every bucket with a changed part, pickling only those; raises OSError."""
        if self.path is None or not self._dirty:
            return
        self.path.mkdir(parents=True, exist_ok=True)
        for name in sorted({shard[:BUCKET] for shard in self._dirty}):
            parts = dict(self._bucket(name))
            for shard in [s for s in self._dirty if s[:BUCKET] == name]:
                part = self._parts[shard]
                if part.light or part.checked:
                    parts[shard] = pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)
                else:
                    parts.pop(shard, None)
            data = {"code": self.code, "parts": dict(sorted(parts.items()))}
            atomic_write(self.path / f"{name}.pickle",
                         pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
            self._stored[name] = parts
        self._dirty.clear()
