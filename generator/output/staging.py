"""The folder one build works in, beside site/, and the swap of its result into site/.

Each run makes its own folder (a fresh, unique name: never an existing path, never a link)
holding a marker, the site MkDocs builds, the parts of a split build and, during the swap,
the previous site. Whatever a run stopped by a kill leaves is one such folder; the next run
removes it, and only folders that carry the marker, so nothing a user put there is touched.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from generator.output.linksafe import is_link, remove_folder

MARKER = ".playbook-staging"
_CONFIG_MARK = b"# a playbook build's; any playbook build removes it once it is left over\n"
MARKER_TEXT = b"a playbook build works here; any playbook build removes it once it is left over\n"


def _prefix(site: Path) -> str:
    return f".{site.name}.building-"


class Staging:
    """A run's folder beside site: `site` is where MkDocs builds, `part(i)` the other parts of
    a split build, `old` where the previous site/ goes while the new one moves in."""

    def __init__(self, site: Path) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix=_prefix(site), dir=site.parent))
        (self.folder / MARKER).write_bytes(MARKER_TEXT)
        self.site = self.folder / "site"
        self.old = self.folder / "old"
        self.config = self.folder.with_name(f"{self.folder.name}.yml")

    def write_config(self, text: str) -> None:
        """A config for an engine that takes its site folder only from one (Zensical), beside
        the project's mkdocs.yml since it reads paths from where its config is; made new,
        never through anything standing there."""
        fd = os.open(self.config, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(_CONFIG_MARK + text.encode())

    def part(self, index: int) -> Path:
        return self.site if index == 0 else self.folder / f"part-{index}"

    def remove(self, remove: Callable[[Path], None] = remove_folder) -> None:
        """Remove the run's folder; each folder in it by `remove` (remove_folder's twin)."""
        self.config.unlink(missing_ok=True)  # a link there is removed, never followed
        _remove(self.folder, remove)


def _remove(folder: Path, remove: Callable[[Path], None] = remove_folder) -> None:
    """Remove a run's folder, its marker last: a run stopped while removing it (a second
    Ctrl-C) leaves a folder the next run still knows for its own."""
    for entry in sorted(folder.iterdir()):
        if entry.name != MARKER:
            if entry.is_dir() and not entry.is_symlink():
                remove(entry)
            else:
                entry.unlink()
    (folder / MARKER).unlink(missing_ok=True)
    folder.rmdir()


def _ours(folder: Path) -> bool:
    """A folder a build made: a real folder (no link) holding our marker as a real file."""
    marker = folder / MARKER
    return (not is_link(folder) and folder.is_dir() and not is_link(marker)
            and marker.is_file() and marker.read_bytes() == MARKER_TEXT)


def _our_config(path: Path) -> bool:
    if is_link(path) or not path.is_file():
        return False
    with path.open("rb") as handle:
        return handle.read(len(_CONFIG_MARK)) == _CONFIG_MARK


def clear_leftovers(site: Path) -> None:
    """Remove the folders of builds that were killed (call with the build lock held, so none
    of them is at work). One killed between the two renames of a swap holds the only copy of
    the site: that goes back first."""
    for folder in sorted(site.parent.glob(f"{_prefix(site)}*")):
        if folder.suffix == ".yml" and _our_config(folder):
            folder.unlink()
        if not _ours(folder):
            if folder.is_dir() and not is_link(folder):
                with contextlib.suppress(OSError):
                    folder.rmdir()  # only when empty: a run stopped before it wrote its marker
            continue  # not ours, or a link: left alone
        old = folder / "old"
        if not site.exists() and not is_link(site) and old.is_dir() and not is_link(old):
            old.rename(site)
        _remove(folder)


def _exchange() -> Callable[..., int] | None:
    """Linux's renameat2, which swaps two paths in one step; None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        function = libc.renameat2
        function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                             ctypes.c_uint]
        function.restype = ctypes.c_int
        return function
    return None


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def swap_in(staging: Staging, site: Path) -> None:
    """Make the built site site/. Where the system can, the new and the previous site trade
    places in one step, so site/ is never missing, even for a moment; else the previous one
    moves aside first (a kill between the two renames is undone by clear_leftovers)."""
    if not site.exists():
        staging.site.rename(site)
        return
    exchange = _exchange()
    if exchange is not None:
        done = exchange(_AT_FDCWD, os.fsencode(staging.site), _AT_FDCWD, os.fsencode(site),
                        _RENAME_EXCHANGE)
        if done == 0:
            return  # staging.site now holds the previous site, removed with the folder
    site.rename(staging.old)
    staging.site.rename(site)
