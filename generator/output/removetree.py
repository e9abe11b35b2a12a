"""Remove a folder the build made, even where its folders were made read-only since.

A read-only folder in an old site/ (`chmod -R a-w site`, or files copied in from a read-only
source) cannot be emptied by its owner until it is writable again; shutil.rmtree with errors
ignored then leaves part of it behind, and the next build trips over what is left. The owner may
make it writable, so we do that, folder by folder, never through a link, and try again; what
still fails (a folder of another user) raises, for the command line to report.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path


def remove_tree(path: Path) -> None:
    """Remove the folder `path` and everything in it; nothing to do when it does not exist."""
    if not path.exists() and not path.is_symlink():
        return
    try:
        shutil.rmtree(path)
    except PermissionError as denied:
        try:
            _make_writable(path)
            shutil.rmtree(path)
        except OSError:
            # What stopped us first is what the owner must fix; rmtree names the entry only
            # relative to its folder, so the whole folder is named instead.
            raise PermissionError(denied.errno, denied.strerror, str(path)) from None


def _make_writable(top: Path) -> None:
    """Give the owner read, write and search rights on every folder under top (links are left
    as they are: rmtree refuses them anyway)."""
    if top.is_symlink() or not top.is_dir():
        return
    _owner_rwx(str(top))
    for folder, names, _files in os.walk(top, followlinks=False):
        for name in names:
            child = os.path.join(folder, name)  # noqa: PTH118 - os.walk gives strings
            if not os.path.islink(child):  # noqa: PTH114
                _owner_rwx(child)


def _owner_rwx(folder: str) -> None:
    mode = os.lstat(folder).st_mode
    if mode & stat.S_IRWXU != stat.S_IRWXU:
        os.chmod(folder, stat.S_IMODE(mode) | stat.S_IRWXU)  # noqa: PTH101
