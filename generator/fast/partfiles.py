"""The files of a built site a search part's glob matches (search.py's forms), listed once per
build however many parts list the same folders, never through a link."""

from __future__ import annotations

import bisect
import fnmatch
import itertools
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

Listings = dict[tuple[str, int, int], list[tuple[str, bool, bool]]]
"""Folders' entries (name, is a link, is a folder) by path, inode and change time: a month's
glob lists every account's folder, so the parts of one build (one StoredParts) list each
once. The call folders do not change while a build indexes (Pagefind writes only into
pagefind/); the folder's time, which an added, removed or renamed entry changes, is a second
guard, as fine as the file system's clock."""


def _entries(folder: str, seen: Listings) -> list[tuple[str, bool, bool]]:
    info = os.stat(folder)  # noqa: PTH116 - thousands of folders
    # A folder's time changes as an entry is added, removed or renamed in it.
    key = (folder, info.st_ino, info.st_mtime_ns)
    if key not in seen:
        with os.scandir(folder) as entries:  # what each is, from the listing: no stat
            seen[key] = sorted((e.name, e.is_symlink(), e.is_dir(follow_symlinks=False))
                               for e in entries)
    return seen[key]


OneStep = tuple[str, list[tuple[str, Callable[[str], object] | None]]]
"""One step of a path: names with `*` (or none), any of which may match, each with the
literal prefix of the names it matches and how a name is matched past that prefix (None: any
name with the prefix matches), and the prefix common to all of them."""


def _step(names: list[str]) -> OneStep:
    tried: list[tuple[str, Callable[[str], object] | None]] = []
    for name in names:
        prefix = name.split("*", 1)[0]
        # `prefix*` (a day of a month, or `*`) matches every name that begins with its prefix:
        # told by the prefix alone, with no pattern run on each of thousands of folders.
        tried.append((prefix, None if name == f"{prefix}*"
                      else re.compile(fnmatch.translate(name)).match))
    common = os.path.commonprefix([prefix for prefix, _ in tried])  # noqa: RUF071 - of names
    return common, tried


def _named(entries: list[tuple[str, bool, bool]], step: OneStep,
           ) -> Iterator[tuple[str, bool, bool]]:
    """The entries (sorted by name) that match any name of a step: only those that begin with
    the names' common prefix are tried, so a month's steps do not try every call of an
    account, nor the same entries once a day."""
    common, tried = step
    # Entries are sorted by name, and no two share one: (common,) sorts just before the first
    # entry whose name is or follows `common`.
    for entry in itertools.islice(entries, bisect.bisect_left(entries, (common,)), None):
        name = entry[0]
        if not name.startswith(common):
            return
        if any(name.startswith(prefix) and (match is None or match(name))
               for prefix, match in tried):
            yield entry


def _folders(site: Path, steps: list[list[str]], seen: Listings) -> list[str] | None:
    """The folders of `site` a path of steps matches, each step a literal name or a name with
    `*`, or several such, any of which may match; None when a step is of another form, or a
    link matches one (Pagefind may follow it, this does not)."""
    level = [str(site)]
    for step in steps:
        if any(s in {"", ".", "..", "**"} or any(c in s for c in "?[]{}") for s in step):
            return None
        found, tried = [], _step(step)
        for folder in level:
            for name, link, is_folder in _named(_entries(folder, seen), tried):
                if link:
                    return None
                if is_folder:
                    found.append(f"{folder}/{name}")
        level = found
    return level


def _html_under(top: str, found: set[str], cut: int) -> bool:
    """Add the HTML files under `top` to `found`, each as its path from the `cut`th character;
    False at a link, which Pagefind may follow and this walk does not (not reused)."""
    folders = [top]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.is_symlink():
                    return False
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif entry.name.endswith(".html"):
                    found.add(entry.path[cut:])
    return True


def matched_files(site: Path, glob: str, seen: Listings | None = None) -> list[str] | None:
    """The files of `site` a glob of search.py's forms matches (`{a.html,folder/**/*.html,
    calls/*/2026-06-*/**/*.html}`), sorted; None for any other form, or a link among them:
    such a part is not reused."""
    if not (glob.startswith("{") and glob.endswith("}")):
        return None
    found: set[str] = set()
    # A part's glob names each day of its month (calls/*/2026-06-03-*/**/*.html, ...): the
    # patterns that differ only in their last step are followed together, so every account's
    # folder is looked at once for all of a part's days, not once a day.
    together: dict[tuple[str, ...], list[str]] = {}
    for pattern in glob[1:-1].split(","):
        if pattern.endswith("/**/*.html"):
            *parents, last = pattern.removesuffix("/**/*.html").split("/")
            together.setdefault(tuple(parents), []).append(last)
        elif any(c in pattern for c in "*?[]{}") or (site / pattern).is_symlink():
            return None
        elif (site / pattern).is_file():
            found.add(pattern)
    listed: Listings = {} if seen is None else seen
    for path, lasts in together.items():
        folders = _folders(site, [*([step] for step in path), lasts], listed)
        if folders is None:
            return None
        if not all(_html_under(top, found, len(str(site)) + 1) for top in folders):
            return None
    return sorted(found)
