"""Write generated pages into the one subtree of content/ the generator owns, and nothing else.

Gather everything first, then write: a page is replaced atomically and only when its bytes
change; a page whose source is gone is removed only if our manifest says we wrote it; any other
file found in the subtree is left alone and reported. While a run is under way the subtree holds
an INCOMPLETE marker, so an interrupted run is never mistaken for a finished one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".manifest.json"
INCOMPLETE = ".incomplete"
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
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _read_manifest(root: Path) -> set[str]:
    try:
        data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
        return {str(p) for p in data["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def _write_manifest(root: Path, files: set[str]) -> None:
    text = json.dumps({"files": sorted(files)}, indent=0) + "\n"
    _atomic_write(root / MANIFEST, text.encode())


def is_incomplete(content: Path, subtree: str) -> bool:
    """True when the last write into the subtree did not finish."""
    return (content / subtree / INCOMPLETE).exists()


def write_pages(content: Path, subtree: str, pages: Mapping[str, str]) -> WriteReport:
    """Make content/<subtree> hold exactly `pages` (paths relative to content/)."""
    root = content / subtree
    prefix = f"{subtree}/"
    if any(not p.startswith(prefix) or ".." in p.split("/") for p in pages):
        raise ValueError("a generated page lies outside the generator's subtree")
    report = WriteReport()
    owned_before = _read_manifest(root)
    wanted = {p[len(prefix):]: text.encode("utf-8") for p, text in pages.items()}
    try:
        root.mkdir(parents=True, exist_ok=True)
        _atomic_write(root / INCOMPLETE, b"generation in progress or interrupted\n")
        # Claim every file this run may create before creating it, so an interrupted run
        # never leaves a file of ours that the next run would take for someone else's.
        _write_manifest(root, owned_before | set(wanted))
        for rel, data in sorted(wanted.items()):
            target = root / rel
            try:
                if target.read_bytes() == data:
                    report.unchanged += 1
                    continue
            except FileNotFoundError:
                pass
            _atomic_write(target, data)
            report.written.append(prefix + rel)
        for rel in sorted(owned_before - set(wanted)):
            with contextlib.suppress(FileNotFoundError):
                (root / rel).unlink()
                report.removed.append(prefix + rel)
        _write_manifest(root, set(wanted))
        report.foreign = _foreign(root, prefix, set(wanted))
        _prune_empty(root)
        (root / INCOMPLETE).unlink()
    except OSError as exc:
        raise WriteError(f"could not write {root}: {exc.strerror or exc}; the previous pages "
                         "are kept where they were not replaced, and the folder is marked "
                         "incomplete until a run finishes") from exc
    return report


def _foreign(root: Path, prefix: str, ours: set[str]) -> list[str]:
    found = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel not in ours and rel not in _OWN:
            found.append(prefix + rel)
    return found


def _prune_empty(root: Path) -> None:
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only succeeds when empty
