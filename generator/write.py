"""Write generated pages into the one subtree of content/ the generator owns, and nothing else.

Gather everything first, then write: a page is replaced atomically and only when its bytes
change; a page whose source is gone is removed only if our manifest says we wrote it; any other
file found in the subtree is left alone and reported. While a run is under way the subtree holds
an INCOMPLETE marker, so an interrupted run is never mistaken for a finished one.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".manifest.json"
INCOMPLETE = ".incomplete"
CACHE = ".cache"  # the validated-file cache (generator/cache.py)
_OWN = {MANIFEST, INCOMPLETE}


@dataclass
class WriteReport:
    """What a write changed: paths relative to content/."""

    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)


class WriteError(Exception):
    """The output could not be written; the previous output is intact or marked incomplete."""


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise


def _inside(rel: str) -> bool:
    """A relative path that stays inside the subtree: no absolute path, '', '.' or '..' part."""
    return all(part not in {"", ".", ".."} for part in rel.split("/")) and "\\" not in rel


def _read_manifest(root: Path) -> set[str]:
    try:
        data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
        files = {str(p) for p in data["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    # A damaged or edited manifest must never make us delete a file outside our subtree.
    return {p for p in files if _inside(p)}


def _manifest(files: set[str]) -> bytes:
    return (json.dumps({"files": sorted(files)}, indent=0) + "\n").encode()


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except FileNotFoundError:
        return False


def is_incomplete(content: Path, subtree: str) -> bool:
    """True when the last write into the subtree did not finish."""
    return (content / subtree / INCOMPLETE).exists()


def write_pages(content: Path, subtree: str, pages: Mapping[str, str]) -> WriteReport:
    """Make content/<subtree> hold exactly `pages` (paths relative to content/)."""
    root = content / subtree
    prefix = f"{subtree}/"
    if any(not p.startswith(prefix) or not _inside(p[len(prefix):]) for p in pages):
        raise ValueError("a generated page lies outside the generator's subtree")
    report = WriteReport()
    owned_before = _read_manifest(root)
    wanted = {p[len(prefix):]: text.encode("utf-8") for p, text in pages.items()}
    manifest = _manifest(set(wanted))
    try:
        changed = {rel: data for rel, data in sorted(wanted.items())
                   if not _same(root / rel, data)}
        stale = sorted(owned_before - set(wanted))
        report.unchanged = len(wanted) - len(changed)
        # Nothing to do touches nothing, not even the manifest: a second run over the same
        # input leaves every byte and modification time alone (and gives watchers no event).
        unfinished = is_incomplete(content, subtree) or not _same(root / MANIFEST, manifest)
        if changed or stale or unfinished:
            root.mkdir(parents=True, exist_ok=True)
            _atomic_write(root / INCOMPLETE, b"generation in progress or interrupted\n")
            # Claim every file this run may create before creating it, so an interrupted run
            # never leaves a file of ours that the next run would take for someone else's.
            claim = _manifest(owned_before | set(wanted))
            if not _same(root / MANIFEST, claim):
                _atomic_write(root / MANIFEST, claim)
            for rel, data in changed.items():
                _atomic_write(root / rel, data)
                report.written.append(prefix + rel)
            for rel in stale:
                with contextlib.suppress(FileNotFoundError):
                    (root / rel).unlink()
                    report.removed.append(prefix + rel)
            if claim != manifest:
                _atomic_write(root / MANIFEST, manifest)
            _prune_empty(root)
            (root / INCOMPLETE).unlink()
        report.foreign = _foreign(root, prefix, set(wanted))
    except OSError as exc:
        raise WriteError(f"could not write {root}: {exc.strerror or exc}; the previous pages "
                         "are kept where they were not replaced, and the folder is marked "
                         "incomplete until a run finishes") from exc
    return report


def _foreign(root: Path, prefix: str, ours: set[str]) -> list[str]:
    found = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if (path.is_file() and rel not in ours and rel not in _OWN
                and not rel.startswith(CACHE + "/")):
            found.append(prefix + rel)
    return found


def _prune_empty(root: Path) -> None:
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only succeeds when empty
