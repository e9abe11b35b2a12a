"""One build at a time in a project: two at once would write content/team/ and swap site/
under each other. A run holds an advisory lock on the project folder itself (the system lets
go of it when the run ends, however it ends, and no lock file is left in the project); a
second run is told which process holds it, where the system says (Linux's /proc/locks)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

if sys.platform != "win32":
    import fcntl

_held: dict[str, int] = {}  # project to how deep this process is in it: a build within a build
_open: dict[str, int] = {}  # project to the descriptor this process holds the lock with


def _let_go_in_a_fork() -> None:
    """A forked process (generate's crew) shares the parent's lock, and would keep it after
    the parent is killed: it closes its copy, which leaves the parent's lock as it is."""
    for fd in _open.values():
        with contextlib.suppress(OSError):
            os.close(fd)
    _open.clear()
    _held.clear()


if sys.platform != "win32":
    os.register_at_fork(after_in_child=_let_go_in_a_fork)


class Busy(Exception):
    """Another run holds the project's build lock."""


def _holder(fd: int) -> str:
    """' (pid N)' of the process holding a lock on the folder open as fd, if the system says."""
    inode = os.fstat(fd).st_ino
    with (contextlib.suppress(OSError, ValueError, IndexError),
          open("/proc/locks", encoding="ascii") as locks):  # noqa: PTH123
        for line in locks:
            fields = line.split()
            if fields[1] == "FLOCK" and int(fields[5].rsplit(":", 1)[1]) == inode:
                return f" (pid {int(fields[4])})"
    return ""


@contextlib.contextmanager
def exclusive(root: Path) -> Iterator[None]:
    """Hold the project's build lock for the block; raise Busy at once if another run has it."""
    path = str(root)
    if sys.platform == "win32":  # no lock on a folder there; each run still stages apart
        yield
        return
    if path in _held:
        _held[path] += 1
        try:
            yield
        finally:
            _held[path] -= 1
        return
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise Busy(f"could not open the project folder: {exc.strerror or exc}") from None
    _open[path] = fd
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            locked = True
        except BlockingIOError:
            raise Busy("another playbook run (build, generate or serve) is using this "
                       f"project{_holder(fd)}; wait for it to finish (or stop it) and run "
                       "again") from None
        except OSError:  # no lock on a folder on this file system (NFS emulates flock with
            locked = False  # locks that need a file open for writing): runs still stage apart
        if locked:
            _held[path] = 1
        try:
            yield
        finally:
            _held.pop(path, None)
    finally:
        if _open.pop(path, None) == fd:  # (a forked copy of this run closed it already)
            os.close(fd)  # and with it the lock
