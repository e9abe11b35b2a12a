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
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from generator.output.atomic import atomic_write, write_files
from generator.output.differ import Encoded, differing, read
from generator.output.existing import INCOMPLETE, MANIFEST, Existing, inside, seal
from generator.problems import printable
from generator.read.digests import digest

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


class _Keep(str):
    """Stands for a page whose inputs are unchanged: the file already written is kept as it is."""

    def __reduce__(self) -> str:
        return "KEEP"  # the one KEEP, also when it comes back from another process


KEEP = _Keep()


class _Elsewhere(str):
    """Stands for a page another process rendered and holds: `Others` compares and writes it."""

    def __reduce__(self) -> str:
        return "ELSEWHERE"


ELSEWHERE = _Elsewhere()


class Others(Protocol):
    """The pages given as ELSEWHERE, held by other processes that compare and write them."""

    def compare(self, root: str, owned: set[str]) -> tuple[list[str], list[str]]:
        """Which of their pages (paths under root) differ from what is on disk, and which of
        those stand where a file that is not `owned` is."""
        ...

    def write(self, meanwhile: Callable[[], None]) -> None:
        """Write every page that differs, each atomically; `meanwhile` runs in this process."""
        ...


def _manifest(files: set[str], keys: Mapping[str, str], run: Mapping[str, object],
              digests: Mapping[str, str] | None = None) -> bytes:
    data = {"files": sorted(files), "keys": dict(sorted(keys.items())), "run": dict(run),
            "digests": dict(sorted((digests or {}).items()))}
    # Compact: with an indent, json encodes in Python rather than C, which cost a run that
    # changed one plan more than the pages it wrote.
    return (json.dumps(data, separators=(",", ":")) + "\n").encode()


def last_run(content: Path, subtree: str,
             existing: Existing | None = None) -> dict[str, object] | None:
    """What the last complete write recorded about its run, if its pages are all still there."""
    existing = existing or Existing(content / subtree)
    if existing.incomplete:
        return None
    run = existing.run
    files = existing.owned
    if not isinstance(run, dict) or not files:
        return None
    if not files <= existing.intact:  # a page gone, or not as the generator wrote it
        return None
    return run


def reusable(content: Path, subtree: str, keys: Mapping[str, str],
             existing: Existing | None = None) -> set[str]:
    """Pages (paths under content/) written earlier from inputs with these same keys, still there.

    The caller passes KEEP for them instead of rendering them again.
    """
    existing = existing or Existing(content / subtree)
    prefix = f"{subtree}/"
    return {page for page, key in keys.items() if existing.written_from(page[len(prefix):], key)}


def is_incomplete(content: Path, subtree: str) -> bool:
    """True when the last write into the subtree did not finish."""
    return (content / subtree / INCOMPLETE).exists()


def write_pages(content: Path, subtree: str, pages: Mapping[str, str],
                keys: Mapping[str, str] | None = None,
                run: Mapping[str, object] | None = None, *,
                others: Others | None = None, existing: Existing | None = None) -> WriteReport:
    """Make content/<subtree> hold exactly `pages` (paths relative to content/).

    A page given as KEEP stays as it is on disk, one given as ELSEWHERE is written by `others`;
    `keys` (page to input key) are remembered in the manifest for `reusable` to compare next
    time, and `run` for `last_run`. `existing` is what the subtree held as the run started
    (read now if not given).
    """
    root = content / subtree
    prefix = f"{subtree}/"
    report = WriteReport()
    existing = existing or Existing(root)
    owned_before = existing.owned
    # Each page's bytes are made when asked for and let go after (compared, digested, written):
    # at 100,000 calls the pages held here as text are some 200 MB, and as bytes as many again.
    texts = _under(prefix, pages)
    wanted = Encoded({rel: text for rel, text in texts.items()
                      if text is not KEEP and text is not ELSEWHERE})
    theirs = {rel for rel, text in texts.items() if text is ELSEWHERE}
    if theirs and others is None:
        raise ValueError("pages are held elsewhere, but nothing holds them")
    stored_keys = {p[len(prefix):]: k for p, k in (keys or {}).items() if p in pages}
    stale = sorted(owned_before - texts.keys())
    try:
        _refuse_links(root, [*wanted, *sorted(theirs), *stale])
        found, folders, _ = existing.listing
        leftovers = _clean_temporary_files(root, found, owned_before | texts.keys() | _OWN)
        changed, taken = differing(str(root), wanted, owned_before)
        changed_elsewhere, taken_elsewhere = (others.compare(str(root), owned_before)
                                              if others and theirs else ([], []))
        taken = sorted(prefix + rel for rel in [*taken, *taken_elsewhere])
        if taken:
            raise WriteError(
                f"{len(taken)} file(s) that playbook did not write stand where it would put "
                f"pages, and were left alone: {', '.join(printable(t) for t in taken[:5])}"
                f"{' ...' if len(taken) > 5 else ''}; move them out of content/{subtree}/ "
                "(it is build output) and run again")
        report.unchanged = len(texts) - len(changed) - len(changed_elsewhere)
        # Every page's digest, for the next run to keep only pages as they were written; those
        # another process writes are read back once it has (below).
        manifest = _manifest(set(texts), stored_keys, run or {}, digests := _digests(
            str(root), texts, wanted, existing, theirs=theirs, later=bool(changed_elsewhere)))
        # Nothing to do touches nothing, not even the manifest: a second run over the same
        # input leaves every byte and modification time alone (and gives watchers no event).
        unfinished = existing.seal != (sealed := seal(manifest)) or existing.incomplete
        if changed or changed_elsewhere or stale or unfinished:
            root.mkdir(parents=True, exist_ok=True)
            atomic_write(root / INCOMPLETE, b"generation in progress or interrupted\n")
            claim = _claim(root, existing, set(texts))
            if changed_elsewhere:
                assert others is not None
                others.write(lambda: write_files(str(root), wanted.only(changed)))
            else:
                write_files(str(root), wanted.only(changed))
            report.written = [prefix + rel for rel in sorted([*changed, *changed_elsewhere])]
            for rel in stale:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(f"{root}/{rel}")  # noqa: PTH108
                    report.removed.append(prefix + rel)
            if changed_elsewhere:  # written now: read them back
                manifest = _manifest(set(texts), stored_keys, run or {},
                                     _read_back(digests, str(root), theirs))
                sealed = seal(manifest)
            if claim != sealed:
                atomic_write(root / MANIFEST, manifest)
            _prune_empty(root, folders)
            (root / INCOMPLETE).unlink()
        existing.written(digests)
        made = texts.keys() | set(stale) | leftovers | _OWN
        report.foreign = sorted(prefix + rel for rel in found if rel not in made)
    except OSError as exc:
        raise WriteError(f"could not write {root}: {exc.strerror or exc}; the previous pages "
                         "are kept where they were not replaced, and the folder is marked "
                         "incomplete until a run finishes") from exc
    return report


def _digests(root: str, texts: Mapping[str, str], wanted: Mapping[str, bytes],
             existing: Existing, *, theirs: set[str], later: bool) -> dict[str, str]:
    """The digest of each page: of its bytes if `wanted` has them, of a kept page as the
    manifest recorded it (kept pages are intact), and of each of `theirs` (pages another
    process holds) as on disk, unless they are to be written (`later`)."""
    digests = {rel: digest(data) for rel, data in wanted.items()}
    known = existing.digests
    kept = {rel for rel, text in texts.items() if text is KEEP}
    digests.update({rel: known[rel] for rel in kept if rel in known})
    digests.update(_read_digests(root, {rel for rel in kept if rel not in known}
                                 | (set() if later else theirs)))
    return digests


def _under(prefix: str, pages: Mapping[str, str]) -> dict[str, str]:
    """The pages by path under the subtree (`prefix` its path and a slash); a ValueError if
    any lies outside it."""
    if any(not p.startswith(prefix) or not inside(p[len(prefix):]) for p in pages):
        raise ValueError("a generated page lies outside the generator's subtree")
    return {p[len(prefix):]: text for p, text in pages.items()}


def _read_digests(root: str, rels: set[str]) -> dict[str, str]:
    return {rel: digest(data) for rel in rels if (data := read(f"{root}/{rel}")) is not None}


def _read_back(digests: dict[str, str], root: str, rels: set[str]) -> dict[str, str]:
    """digests, updated with those of these pages as they are on disk now."""
    digests.update(_read_digests(root, rels))
    return digests


def _claim(root: Path, existing: Existing, wanted: set[str]) -> bytes | None:
    """Claim every file this run may create before creating it, so an interrupted run never
    leaves a file of ours that the next run would take for someone else's (a run that
    creates none has nothing to claim). The seal of the manifest now on disk."""
    if existing.owned.issuperset(wanted):
        return existing.seal
    claim = _manifest(existing.owned | wanted, {}, {})
    if existing.seal != (sealed := seal(claim)):
        atomic_write(root / MANIFEST, claim)
    return sealed


def _refuse_links(root: Path, rels: list[str]) -> None:
    """Refuse to write or remove through a symbolic link inside the subtree (or the subtree
    itself being one): it could lead anywhere on the machine."""
    there: dict[str, bool] = {}  # a path that is no link: whether anything is there at all
    for rel in rels:
        path = str(root)
        for part in ["", *rel.split("/")]:  # the subtree itself first
            path = f"{path}/{part}" if part else path
            if path not in there:
                try:
                    if stat.S_ISLNK(os.lstat(path).st_mode):
                        raise WriteError(f"{path} is a symbolic link; playbook writes only real "
                                         f"folders and files inside {root}, so nothing was "
                                         "written")
                    there[path] = True
                except (FileNotFoundError, NotADirectoryError):
                    there[path] = False
            if not there[path]:
                break  # and below where nothing is, nothing is either: no link to look for


_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]+\.tmp$")


def _clean_temporary_files(root: Path, found: list[str], known: set[str]) -> set[str]:
    """Remove what an interrupted write left behind: our own temporary copies of known files."""
    removed = set()
    for rel in found:
        folder, _, name = rel.rpartition("/")
        match = _TEMPORARY.match(name)
        if match and (f"{folder}/{match['name']}" if folder else match["name"]) in known:
            with contextlib.suppress(OSError):
                os.unlink(f"{root}/{rel}")  # noqa: PTH108
                removed.add(rel)
    return removed


def foreign_files(content: Path, subtree: str) -> list[str]:
    """Files in the subtree that the manifest does not list: someone else's, left alone."""
    root = content / subtree
    existing = Existing(root)
    ours = existing.owned | _OWN
    return sorted(f"{subtree}/{rel}" for rel in existing.listing[0] if rel not in ours)


def _prune_empty(root: Path, folders: list[str]) -> None:
    for folder in sorted(folders, reverse=True):
        with contextlib.suppress(OSError):
            os.rmdir(f"{root}/{folder}")  # noqa: PTH106 - only succeeds when empty
