"""Pages a crew member holds until the run may write them, kept in an unlinked temporary file
rather than in its memory: at 100,000 calls the call pages are about 600 MB of text, which a
member would otherwise hold until every member reported no problem.

Each page is written once and read back once or twice (compared, written), by its position in
the file; the file has no name, so it goes when the process ends, however it ends. Where no
temporary file can be written (a full disk), pages are held in memory as before.
"""

from __future__ import annotations

import os
import tempfile
import weakref
from collections.abc import Iterable, Iterator, Mapping
from typing import IO


class Spill(Mapping[str, bytes]):
    """Bytes by name, in a temporary file of this process (made when the first is put)."""

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None
        self._pid = 0
        self._end = 0
        self._at: dict[str, tuple[int, int]] = {}
        """(offset, length) in the file of each name."""
        self._held: dict[str, bytes] = {}
        """What could not be written to the file."""

    def put(self, name: str, data: bytes) -> None:
        if self._file is not None and self._pid != os.getpid():
            # A forked process sharing the file would write over the other's pages.
            raise RuntimeError("a spill is used by the process that made its file only")
        try:
            if self._file is None:
                self._file, self._pid = tempfile.TemporaryFile(), os.getpid()  # noqa: SIM115
                weakref.finalize(self, self._file.close)  # closed when the spill goes
            written = os.pwrite(self._file.fileno(), data, self._end)
            if written != len(data):
                raise OSError("short write")
        except OSError:
            self._at.pop(name, None)
            self._held[name] = data
            return
        self._held.pop(name, None)
        self._at[name] = (self._end, len(data))
        self._end += len(data)

    def update(self, pages: Mapping[str, bytes]) -> None:
        for name, data in pages.items():
            self.put(name, data)

    def __getitem__(self, name: str) -> bytes:
        if name in self._held:
            return self._held[name]
        offset, length = self._at[name]
        assert self._file is not None
        return os.pread(self._file.fileno(), length, offset)  # threads may read at once

    def __iter__(self) -> Iterator[str]:
        yield from self._at
        yield from self._held

    def __len__(self) -> int:
        return len(self._at) + len(self._held)

    def __contains__(self, name: object) -> bool:
        return name in self._at or name in self._held

    def keep_only(self, names: Iterable[str]) -> None:
        """Forget every name but these (their bytes stay in the file until clear())."""
        keep = set(names)
        self._at = {name: at for name, at in self._at.items() if name in keep}
        self._held = {name: data for name, data in self._held.items() if name in keep}

    def clear(self) -> None:
        """Forget everything, and give the file back."""
        if self._file is not None:
            self._file.close()  # in a forked process, its copy of the file only
        self._file, self._end, self._at, self._held = None, 0, {}, {}
