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


def _named(entries: list[tuple[str, bool, bool]], prefix: str,
           match: Callable[[str], object]) -> Iterator[tuple[str, bool, bool]]:
    """The entries (sorted by name) that `match`: only those that begin with `prefix` are
    tried, so a month's step does not try every call of an account."""
    for entry in itertools.islice(entries, bisect.bisect_left(entries, prefix,
                                                              key=lambda e: e[0]), None):
        if not entry[0].startswith(prefix):
            return
        if match(entry[0]):
            yield entry


def _folders(site: Path, steps: list[str], seen: Listings) -> list[str] | None:
    """The folders of `site` a path of literal steps and steps with `*` matches; None when a
    step is of another form, or a link matches one (Pagefind may follow it, this does not)."""
    level = [str(site)]
    for step in steps:
        if step in {"", ".", "..", "**"} or any(c in step for c in "?[]{}"):
            return None
        prefix, match = step.split("*", 1)[0], re.compile(fnmatch.translate(step)).match
        found = []
        for folder in level:
            for name, link, is_folder in _named(_entries(folder, seen), prefix, match):
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
    for pattern in glob[1:-1].split(","):
        if pattern.endswith("/**/*.html"):
            steps = pattern.removesuffix("/**/*.html").split("/")
            folders = _folders(site, steps, {} if seen is None else seen)
            if folders is None:
                return None
            if not all(_html_under(top, found, len(str(site)) + 1) for top in folders):
                return None
        elif any(c in pattern for c in "*?[]{}") or (site / pattern).is_symlink():
            return None
        elif (site / pattern).is_file():
            found.add(pattern)
    return sorted(found)
