"""When a file's stat can stand for its content, and where this machine keeps what it has seen.

Reading stages, the writer and the caches all ask the same two questions of a stat: which of
its fields move when a file's bytes do (`stat_key`), and whether the file changed clearly
before it was read (`stat_settled`). The answers are the machine's, never the project's: whatever
relies on them is kept in `cache_root()`, outside the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

RACY_NS = 2_000_000_000
"""How much older than the moment a file was read its change time must be for its stat to
vouch for its content (git's rule for racy timestamps). A file changed again within the same
tick of a coarse clock (one second on some filesystems, two on FAT) keeps its stat: until the
clock has clearly moved on past the read, only the file's bytes tell."""



def stat_key(stat: os.stat_result) -> tuple[int, int, int, int]:
    """What a stat says of a file's content: modification time and size, which a user can
    restore (`touch -d`, `os.utime`, `tar -x`), and the inode and change time, which a user
    cannot: swapping two files, or an edit with the old mtime put back, moves one of them."""
    return stat.st_mtime_ns, stat.st_size, stat.st_ino, stat.st_ctime_ns



def stat_settled(ctime_ns: int, read_at_ns: int) -> bool:
    """The file's last change is clearly older than the moment it was read (see RACY_NS)."""
    return 0 <= ctime_ns < read_at_ns - RACY_NS



def cache_root() -> Path:
    """PLAYBOOK_CACHE_DIR, else the platform's per-user cache folder."""
    if folder := os.environ.get("PLAYBOOK_CACHE_DIR"):
        return Path(folder)
    # XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows.
    import platformdirs  # noqa: PLC0415 - only runs without PLAYBOOK_CACHE_DIR

    return Path(platformdirs.user_cache_dir("sales-playbook", appauthor=False))


Stat = tuple[int, int, str, int, int]
"""(mtime_ns, size, content digest, inode, ctime_ns) of a file as it was last read."""

SMUDGED = -1
"""The change time recorded for a racy file: no stat has it, so the file is digested again."""


def vouches(known: Stat | None, stat: os.stat_result) -> bool:
    """A recorded stat is the file's stat now: its recorded digest is its content's."""
    return known is not None and (known[0], known[1], known[3], known[4]) == stat_key(stat)


def recorded(key: tuple[int, int, int, int], content_digest: str, read_at_ns: int) -> Stat:
    """What to record of a file with this `stat_key`, read at read_at_ns: its change time
    smudged while the stat is racy."""
    mtime_ns, size, inode, ctime_ns = key
    return (mtime_ns, size, content_digest, inode,
            ctime_ns if stat_settled(ctime_ns, read_at_ns) else SMUDGED)
