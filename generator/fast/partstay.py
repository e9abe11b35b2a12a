"""Leave each search part an in-place update (inplace.py) did not change where it is in
site/pagefind/, and tell the site record which part each bundle folder holds.

A part stays when the record of the last build says its folder holds the part of the key it has
now (searchparts.py) and, as the update began, the record's walk found every entry of site/ as
recorded: so not one file of it was written, moved or removed since. The record names a part's
key only when, as it was written, everything under pagefind/ (but months.json) was a file some
part of that build made, with the identity (device, inode, size, mtime) it had just after it
was made, or a folder holding such files (recorded_parts): a file edited, planted or replaced
after the part was made leaves the record with no parts, and the next update takes all of
pagefind/ away as the plain way does. A hand edit after the record was written fails its walk:
the swap.

A part that did not stay, or that the new index no longer has, is taken away (into the run's
gone/ folder, through Moves, so a failed update puts it back), only as the record lists it,
before the part is made again; months.json stays until the index replaces it in one rename, so
the Search page of a served site keeps working while the changed parts are made. The plain
twin: no record, or shortcuts off, and every part is made again into a pagefind/ of its own.
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Collection, Mapping
from pathlib import Path

from generator.fast.inplace import Identity, lstat_identity
from generator.fast.moves import Moves, parents
from generator.output.search import BUNDLE, MONTHS

_MONTHS = f"{BUNDLE}/{MONTHS}"
_NESTED = "month-"
"""The folders of the months' parts, inside the handbook's (search.py month_parts)."""

Proof = dict[str, tuple[str, str, dict[str, Identity]]]
"""Each part a build made or left: its key, what Pagefind said, and each of its files by path
under site/ with its identity as it was made."""


def owner(rel: str, bundles: Collection[str]) -> str | None:
    """The bundle of `bundles` whose part holds `rel` (a path under site/): the innermost it
    is in. None for months.json, or a path in no bundle."""
    if rel == _MONTHS:
        return None
    steps = rel.split("/")
    for end in range(len(steps), 0, -1):
        if (prefix := "/".join(steps[:end])) in bundles:
            return prefix
    return None


def _in_month(rel: str) -> bool:
    steps = rel.split("/")
    return len(steps) > 1 and steps[0] == BUNDLE and steps[1].startswith(_NESTED)


def made_files(site: Path, bundle: str) -> dict[str, Identity]:
    """The files of the part just made in site/`bundle`, by path under site/, with their
    identities: every file under it but the months' folders inside the handbook's (and its
    months.json). Raises OSError at a link or anything but a file or folder."""
    found: dict[str, Identity] = {}
    todo = [bundle]
    while todo:
        rel = todo.pop()
        with os.scandir(site / rel) as entries:
            for entry in entries:
                path = f"{rel}/{entry.name}"
                if path == _MONTHS or (bundle == BUNDLE and _in_month(path)):
                    continue
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISDIR(info.st_mode):
                    todo.append(path)
                elif stat.S_ISREG(info.st_mode):
                    found[path] = lstat_identity(Path(entry.path))
                else:
                    raise OSError(f"{path}: not a file a part makes")
    return found


def recorded_parts(proof: Proof, walked: Mapping[str, Identity]) -> dict[str, list[str]]:
    """What the site record keeps of the parts: bundle -> [key, what Pagefind said], when
    `walked` (the record's walk of site/) holds under pagefind/ exactly the files `proof`
    says were made, unchanged, and their folders; else none at all."""
    if BUNDLE not in proof:
        return {}
    expected: set[str] = set(proof)
    for _, _, files in proof.values():
        expected.update(files)
        expected.update(p for rel in files for p in parents(rel))
    found = {rel for rel in walked
             if (rel == BUNDLE or rel.startswith(f"{BUNDLE}/")) and rel != _MONTHS}
    if found != expected:
        return {}
    for _, _, files in proof.values():
        if any(walked[rel] != made for rel, made in files.items()):  # its change time too
            return {}
    return {bundle: [key, said] for bundle, (key, said, _) in sorted(proof.items())}


def _valid(parts: object) -> dict[str, tuple[str, str]]:
    if not isinstance(parts, dict):
        return {}
    found = {}
    for bundle, entry in parts.items():
        if not (isinstance(bundle, str) and isinstance(entry, list) and len(entry) == 2
                and all(isinstance(e, str) for e in entry)):
            return {}
        found[bundle] = (entry[0], entry[1])
    return found


class PartsInPlace:
    """One in-place update's search parts: which stay, and taking away those that do not.

    `parts`: the record's (bundle -> [key, said]); `files`: the recorded entries of site/,
    as its walk proved them at the start of the update; `staged`: the paths the update moves
    in (a staged pagefind/, which only a page of that name makes, turns this off)."""

    def __init__(self, site: Path, parts: object, files: Mapping[str, Identity],
                 moves: Moves, staged: Collection[str] = ()) -> None:
        self.site, self.moves = site, moves
        self.parts = _valid(parts)
        self.owned: dict[str, dict[str, Identity]] = {bundle: {} for bundle in self.parts}
        self.lock = threading.Lock()
        self.seen: set[str] = set()
        self.left: list[str] = []
        """The bundles left where they were."""
        here = {rel: identity for rel, identity in files.items()
                if rel == BUNDLE or rel.startswith(f"{BUNDLE}/")}
        usable = BUNDLE in self.parts and not any(
            rel == BUNDLE or rel.startswith(f"{BUNDLE}/") for rel in staged)
        for rel, identity in here.items():
            if rel == _MONTHS:
                usable = usable and stat.S_ISREG(identity[5])  # replaced whole: a file
                continue
            bundle = owner(rel, self.parts)
            if bundle is None or (bundle == BUNDLE and _in_month(rel)):
                usable = False  # not a file of the handbook's part made (made_files)
                break
            self.owned[bundle][rel] = identity
        if not usable:
            self.parts, self.owned = {}, {}
        self.entries = set(here) if self.parts else set()

    def leave(self) -> set[str]:
        """The recorded entries the update leaves for the index to keep or take away."""
        return set(self.entries)

    def begin(self) -> None:
        """months.json stays until the index replaces it whole (search.py): a second name of
        it in gone/ puts it back if the update is undone."""
        if _MONTHS in self.entries:
            self.moves.link_aside(_MONTHS)

    def stays(self, bundle: str, key: str) -> tuple[str, dict[str, Identity]] | None:
        """What Pagefind said and the files of the part in `bundle` when it holds the part of
        `key` and is left as it is; None when it is to be made again (the caller takes it
        away first, with take())."""
        with self.lock:
            self.seen.add(bundle)
            if self.parts.get(bundle, (None, ""))[0] != key:
                return None
            self.left.append(bundle)
            files = {rel: identity for rel, identity in self.owned[bundle].items()
                     if not stat.S_ISDIR(identity[5])}
            return self.parts[bundle][1], files

    def take(self, bundle: str) -> None:
        """Take away what the record says the part in `bundle` holds: its folder in one move,
        or, for the handbook's, which holds the months', each entry of its own in it."""
        with self.lock:
            self.seen.add(bundle)
            owned = self.owned.pop(bundle, None)
            self.parts.pop(bundle, None)
            if not owned:
                return
            tops = [bundle] if bundle != BUNDLE else sorted(
                rel for rel in owned if rel.rpartition("/")[0] == bundle)
            for rel in tops:
                self.moves.take(rel)

    def done(self) -> None:
        """After the index: the parts it no longer has go."""
        for bundle in sorted(set(self.parts) - self.seen):
            self.take(bundle)
