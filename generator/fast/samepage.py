"""A kept page taken from the site the build replaces, when the file there is proven the page:
linked into the staged site rather than written afresh.

Writing ten thousand pages, and then removing the ten thousand the previous site held, is most
of a kept build's time on a busy disk; a second name for a file is neither, and the previous
site's removal then frees no page's data. The file is trusted only once proven: a plain file
(a link at its place is not followed) of the page's size whose bytes have the SHA-256 the store
vouches for, with no other name than its place in the previous site (so nothing outside the
sites can change it after this build). A folder of site/ that is a link leads nowhere else: a
file found through one is taken only when it is the page byte for byte, and the build lock
keeps every other build out of site/ while it is read.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path


def link_previous(previous: Path, target: Path, digest: str, size: int) -> bool:
    """Put the file at `previous` at `target` (a new name) if it is the page of `size` bytes
    whose SHA-256 is `digest`; False (nothing made) when it is not, or is not there."""
    try:
        fd = os.open(previous, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1 or info.st_size != size:
            return False
        with open(fd, "rb", closefd=False) as handle:
            data = handle.read(size + 1)
        if len(data) != size or hashlib.sha256(data).hexdigest() != digest:
            return False
        try:  # the very file read, by its descriptor: never another put at its place since
            _link_open(fd, target)
        except OSError:
            if target.exists() or target.is_symlink():
                raise
            with target.open("xb") as out:  # no /proc, or another file system: its bytes
                out.write(data)
        return True
    finally:
        os.close(fd)


def _link_open(fd: int, target: Path) -> None:
    """A new name for the open file `fd` (Linux: linkat through /proc, following the link
    there; os.link takes that path only with a folder descriptor given)."""
    folder = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.link(str(fd), target, src_dir_fd=folder, follow_symlinks=True)
    finally:
        os.close(folder)
