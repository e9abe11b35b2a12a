"""The files of a built site a search part's glob matches (search.py's forms), listed once per
build however many parts list the same folders, never through a link."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

Listings = dict[tuple[str, int, int], list[tuple[str, bool, bool]]]
"""Folders' entries (name, is a link, is a folder) by path, inode and change time: a month's
glob lists every account's folder, so the parts of one build (one StoredParts) list each
once. The call folders do not change while a build indexes (Pagefind writes only into
pagefind/); the folder's time, which an added, removed or renamed entry changes, is a second
guard, as fine as the file system's clock."""


def _entries(folder: Path, seen: Listings) -> list[tuple[str, bool, bool]]:
    info = folder.stat()
    # A folder's time changes as an entry is added, removed or renamed in it.
    key = (str(folder), info.st_ino, info.st_mtime_ns)
    if key not in seen:
        with os.scandir(folder) as entries:
            seen[key] = [(e.name, e.is_symlink(), e.is_dir(follow_symlinks=False))
                         for e in entries]
    return seen[key]


def _folders(site: Path, steps: list[str], seen: Listings) -> list[Path] | None:
    """The folders of `site` a path of literal steps and steps with `*` matches; None when a
    step is of another form, or a link matches one (Pagefind may follow it, this does not)."""
    level = [site]
    for step in steps:
        if step in {"", ".", "..", "**"} or any(c in step for c in "?[]{}"):
            return None
        found = []
        for folder in level:
            for name, link, is_folder in _entries(folder, seen):
                if not fnmatch.fnmatchcase(name, step):
                    continue
                if link:
                    return None
                if is_folder:
                    found.append(folder / name)
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
            if not all(_html_under(str(top), found, len(str(site)) + 1) for top in folders):
                return None
        elif any(c in pattern for c in "*?[]{}") or (site / pattern).is_symlink():
            return None
        elif (site / pattern).is_file():
            found.add(pattern)
    return sorted(found)
