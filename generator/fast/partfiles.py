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

FolderEntry = tuple[str, str, bool, bool]
"""A folder's entry: its name, the folder, whether it is a link, whether it is a folder."""

Listings = dict[tuple[str, tuple[tuple[str, ...], ...]], list[FolderEntry] | None]
"""Every entry of the folders a path of steps leads to from a site, of all of them at once,
sorted by name; None where a link matches a step on the way. Kept for one build (one
StoredParts), so each folder is listed once however many parts' globs walk it: every month's
glob walks every account's folder, and a part's days are then found by one search of all
calls' folders by name, not one per account. A build changes no folder but pagefind/ while it
indexes, and Pagefind reads the pages only after their part is keyed, so a folder's stat taken
again for each part (which cost 2.2 s of 8.4 at 100,000 calls) proved nothing one listing does
not."""


def _listing(site: str, path: tuple[tuple[str, ...], ...],
             seen: Listings) -> list[FolderEntry] | None:
    if (site, path) not in seen:
        if not path:
            folders: list[str] | None = [site]
        else:
            above = _listing(site, path[:-1], seen)
            folders = None if above is None else _matched(above, _step(list(path[-1])))
        seen[site, path] = None if folders is None else sorted(_entries(folders))
    return seen[site, path]


def _entries(folders: list[str]) -> Iterator[FolderEntry]:
    for folder in folders:
        with os.scandir(folder) as entries:  # what each is, from the listing: no stat
            for entry in entries:
                yield entry.name, folder, entry.is_symlink(), entry.is_dir(follow_symlinks=False)


def _matched(entries: list[FolderEntry], step: OneStep) -> list[str] | None:
    """The folders among `entries` a step matches; None when a link matches it (Pagefind may
    follow it, this does not)."""
    found = []
    for name, folder, link, is_folder in _named(entries, step):
        if link:
            return None
        if is_folder:
            found.append(f"{folder}/{name}")
    return found


OneStep = tuple[str, tuple[str, ...], list[tuple[str, Callable[[str], object]]]]
"""One step of a path: names with `*` (or none), any of which may match. The prefix common to
all of them; the literal prefixes of the names `prefix*` (a day of a month, or `*`), each
matching every name that begins with it; and for any other name, its prefix and how a name is
matched past it."""


def _step(names: list[str]) -> OneStep:
    alone: list[str] = []
    patterns: list[tuple[str, Callable[[str], object]]] = []
    for name in names:
        prefix = name.split("*", 1)[0]
        # A day's name is told by its prefix alone, with no pattern run on each of thousands
        # of folders, and a part's thirty days by one startswith.
        if name == f"{prefix}*":
            alone.append(prefix)
        else:
            patterns.append((prefix, re.compile(fnmatch.translate(name)).match))
    common = os.path.commonprefix([*alone, *(p for p, _ in patterns)])  # noqa: RUF071 - names
    return common, tuple(alone), patterns


def _named(entries: list[FolderEntry], step: OneStep) -> Iterator[FolderEntry]:
    """The entries (sorted by name) that match any name of a step: only those that begin with
    the names' common prefix are tried, so a month's steps do not try every call, nor the same
    entries once a day."""
    common, alone, patterns = step
    # Entries are sorted by name: (common,) sorts just before the first entry whose name is or
    # follows `common`.
    for entry in itertools.islice(entries, bisect.bisect_left(entries, (common,)), None):
        name = entry[0]
        if not name.startswith(common):
            return
        if name.startswith(alone) or any(name.startswith(prefix) and match(name)
                                         for prefix, match in patterns):
            yield entry


def _folders(site: Path, steps: list[list[str]], seen: Listings) -> list[str] | None:
    """The folders of `site` a path of steps matches, each step a literal name or a name with
    `*`, or several such, any of which may match; None when a step is of another form, or a
    link matches one (Pagefind may follow it, this does not)."""
    if any(s in {"", ".", "..", "**"} or any(c in s for c in "?[]{}")
           for step in steps for s in step):
        return None
    above = _listing(str(site), tuple(tuple(step) for step in steps[:-1]), seen)
    return None if above is None else _matched(above, _step(steps[-1]))


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
