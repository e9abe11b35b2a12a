"""The changes an in-place update (inplace.py) makes to site/, each one rename or one new
folder, through folder descriptors opened without following a link; kept in order, so that a
failed update is undone in reverse.

What leaves site/ (an entry the new site does not have, a file replaced) goes into the run's own
`gone` folder, under a number, and is removed with the run's folder once the build is over.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

_NOFOLLOW = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_TAKEN, _REPLACED, _ADDED, _MADE = "taken", "replaced", "added", "made"


def parents(rel: str) -> list[str]:
    """The folders a path under site/ is in, outermost first."""
    parts = rel.split("/")[:-1]
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


@contextlib.contextmanager
def folder_fd(top: Path, rel: str) -> Iterator[int]:
    """A descriptor of the folder `rel` under `top`, each step opened without following a
    link (a link planted since the walk stops the update, never leads it elsewhere)."""
    fd = os.open(top, _NOFOLLOW)
    try:
        for step in rel.split("/") if rel else []:
            inner = os.open(step, _NOFOLLOW, dir_fd=fd)
            os.close(fd)
            fd = inner
        yield fd
    finally:
        os.close(fd)


class Moves:
    """The changes made to `site`, in order; `gone` holds what left it."""

    def __init__(self, site: Path, gone: Path) -> None:
        self.site, self.gone = site, gone
        self.done: list[tuple[str, str, str]] = []
        """(what, path under site/, its name in gone/) for each change, in order."""
        self.names = 0

    def _name(self) -> str:
        self.names += 1
        return str(self.names)

    def _aside(self, rel: str) -> str:
        """Move the entry at `rel` into gone/ (a folder with all it holds); its name there."""
        name = self._name()
        folder, entry = os.path.split(rel)
        with folder_fd(self.site, folder) as src, folder_fd(self.gone, "") as dst:
            os.rename(entry, name, src_dir_fd=src, dst_dir_fd=dst)
        return name

    def take_away(self, recorded: list[str], wanted: set[str], staged: set[str],
                  folders: set[str]) -> None:
        """Each recorded entry the new site does not have, or has as the other kind (a file
        where a folder was), moves into gone/: a whole folder in one rename. `recorded`
        sorted, so a folder comes before what it holds; `staged`: the staged entries,
        `folders` those that are folders."""
        taken: set[str] = set()
        for rel in recorded:
            if any(parent in taken for parent in parents(rel)):
                continue  # went with its folder
            if rel in wanted and (rel not in staged or self._is_folder(rel) == (rel in folders)):
                continue
            self.done.append((_TAKEN, rel, self._aside(rel)))
            taken.add(rel)

    def take(self, rel: str) -> None:
        """Move one entry of site/ (a folder with all it holds) into gone/, to be put back if
        the update is undone."""
        self.done.append((_TAKEN, rel, self._aside(rel)))

    def link_aside(self, rel: str) -> None:
        """A second name in gone/ for the file at `rel`, which the update may replace whole:
        undone, that file is put back."""
        name = self._name()
        folder, entry = os.path.split(rel)
        with folder_fd(self.site, folder) as src, folder_fd(self.gone, "") as dst:
            os.link(entry, name, src_dir_fd=src, dst_dir_fd=dst, follow_symlinks=False)
        self.done.append((_REPLACED, rel, name))

    def _is_folder(self, rel: str) -> bool:
        folder, entry = os.path.split(rel)
        with folder_fd(self.site, folder) as fd:
            return stat.S_ISDIR(os.stat(entry, dir_fd=fd, follow_symlinks=False).st_mode)

    def move_in(self, staged: Path) -> None:
        """Each staged file renamed over its place in site/ (the file it replaces linked into
        gone/ first), folders made as needed, top down."""
        todo = [""]
        while todo:
            rel = todo.pop()
            with folder_fd(staged, rel) as src, folder_fd(self.site, rel) as dst, \
                    folder_fd(self.gone, "") as gone:
                with os.scandir(src) as entries:
                    names = sorted((e.name, e.is_dir(follow_symlinks=False)) for e in entries)
                for name, is_folder in names:
                    path = f"{rel}/{name}" if rel else name
                    if is_folder:
                        try:
                            os.mkdir(name, dir_fd=dst)
                            self.done.append((_MADE, path, ""))
                        except FileExistsError:
                            pass
                        todo.append(path)
                        continue
                    aside = self._name()
                    try:
                        os.link(name, aside, src_dir_fd=dst, dst_dir_fd=gone,
                                follow_symlinks=False)
                        self.done.append((_REPLACED, path, aside))
                    except FileNotFoundError:
                        self.done.append((_ADDED, path, ""))
                    os.rename(name, name, src_dir_fd=src, dst_dir_fd=dst)

    def undo(self, wanted: set[str], recorded: set[str]) -> None:
        """Put site/ back as it was, `recorded` its entries: whatever else is there now and
        the new site does not have either (an index's output) goes into gone/, then each
        change is undone, the last first."""
        taken = {rel for what, rel, _ in self.done if what == _TAKEN}
        for rel in _entries(self.site):
            before = rel in recorded and not any(p in taken for p in [*parents(rel), rel])
            if not before and rel not in wanted and all(p in wanted for p in parents(rel)):
                self._aside(rel)  # not to be put back
        for what, rel, name in reversed(self.done):
            folder, entry = os.path.split(rel)
            with folder_fd(self.site, folder) as fd, folder_fd(self.gone, "") as gone:
                if what == _TAKEN and _stands(entry, fd):
                    self._aside(rel)  # made again after it was taken: not to be put back
                if what in {_TAKEN, _REPLACED}:
                    os.rename(name, entry, src_dir_fd=gone, dst_dir_fd=fd)
                elif what == _ADDED:
                    os.unlink(entry, dir_fd=fd)
                else:
                    os.rmdir(entry, dir_fd=fd)
        self.done.clear()


def _stands(entry: str, folder: int) -> bool:
    try:
        os.stat(entry, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return True


def _entries(top: Path) -> list[str]:
    """Every path under `top`, sorted (links not followed)."""
    found: list[str] = []
    for folder, names, files in os.walk(top):
        rel = os.path.relpath(folder, top)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        found += [prefix + name for name in names + files]
    return sorted(found)
