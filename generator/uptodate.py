"""Whether the last generate run still stands: the cheap check that runs before anything else.

A run records two digests of what it read: one of every name, size and modification time under
plans/ (cheap: no file is opened), one of every file's content. Both also cover the generator's
code, today's date and the git commit checked out. The next run compares the cheap one first and
hashes content only when stats moved, so a checkout or a touch that changed nothing costs no
full run either.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat as stat_module
from pathlib import Path

from generator import paths
from generator.cache import code_fingerprint
from generator.history import git_head
from generator.write import last_run

Entry = tuple[str, str, os.stat_result]


def _entries(plans: Path) -> list[Entry]:
    found = []
    for folder, dirs, files in os.walk(plans):
        dirs.sort()
        for name in sorted(files + dirs):
            path = os.path.join(folder, name)  # noqa: PTH118 - plain strings: 10,000s of files
            try:
                found.append((os.path.relpath(path, plans), path, os.lstat(path)))
            except OSError:
                continue
    return found


def _base(root: Path, today: dt.date) -> str:
    return f"{code_fingerprint()}|{today}|{git_head(root)}"


def stat_signature(base: str, entries: list[Entry]) -> str:
    digest = hashlib.sha256(base.encode())
    for rel, _, stat in entries:
        digest.update(f"{rel}|{stat.st_mode}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def content_signature(base: str, entries: list[Entry]) -> str:
    digest = hashlib.sha256(base.encode())
    for rel, path, stat in entries:
        try:
            # lstat said what it is: a link is signed by its name, never followed.
            data = Path(path).read_bytes() if stat_module.S_ISREG(stat.st_mode) else b""
        except OSError:
            continue
        digest.update(f"{rel}|{stat.st_mode}|{len(data)}|".encode())
        digest.update(data)
    return digest.hexdigest()


def signatures(root: Path, today: dt.date) -> dict[str, str]:
    """Both digests of the inputs as they are now, for a run to record."""
    base, entries = _base(root, today), _entries(root / "plans")
    return {"stats": stat_signature(base, entries), "signature": content_signature(base, entries)}


def last_result(root: Path, today: dt.date) -> tuple[int, int] | None:
    """(calls, pages) of the last complete run if nothing it read has changed since, else None."""
    last = last_run(root / "content", paths.ROOT)
    if not last or not isinstance(last.get("calls"), int) or not isinstance(last.get("pages"), int):
        return None
    base, entries = _base(root, today), _entries(root / "plans")
    same = (last.get("stats") == stat_signature(base, entries)
            or last.get("signature") == content_signature(base, entries))
    return (int(last["calls"]), int(last["pages"])) if same else None  # type: ignore[call-overload]
