"""Write files atomically: one, or thousands from a few threads at once."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
import threading
from collections import Counter
from collections.abc import Collection, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# Creating a file can spend ~0.5 ms in the kernel, with the GIL released, while holding its
# folder's lock: threads writing pages of different folders at once overlap that. Fewer pages
# are not worth a pool; 8 threads measured no faster than 4 on a 2-core machine.
_POOL_FROM = 64
_THREADS = 4
_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once, at import, before any thread of ours
_MODE = 0o666 & ~_UMASK
"""The mode `open` gives a new file: mkstemp's own is private to the user (0600)."""


def atomic_write(path: Path | str, data: bytes) -> None:
    """Replace path with data all at once (its folder made if need be): a reader sees the old
    file or the new one, never part of one, and an error leaves no temporary file behind."""
    folder, name = os.path.split(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    except FileNotFoundError:  # a new folder: made here, not checked for every page
        # Threads writing two pages of one new folder may both get here: makedirs with
        # exist_ok lets the second find it made, and mkstemp then makes a fresh name as usual.
        os.makedirs(folder, exist_ok=True)  # noqa: PTH103 - plain strings: many files
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        os.fchmod(fd, _MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)  # noqa: PTH105
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)  # noqa: PTH108
        raise


def replace_in(folder: Path | str, name: str, data: bytes, *, sync: bool = False) -> None:
    """Replace `name` in `folder` all at once, for a store the user's own: the folder opened
    without following a link at its place, a fresh file private to the user written beside
    `name` (`.name.<random>.tmp`, never through a link) and renamed over it (a link at `name`
    is replaced, never followed), removed on failure. With `sync` the bytes are on disk
    before the rename, so a crash of the machine too leaves the old file or the new one."""
    dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        for _ in range(100):  # as mkstemp: another name when one is taken
            temporary = f".{name}.{secrets.token_hex(4)}.tmp"
            with contextlib.suppress(FileExistsError):
                fd = os.open(temporary, _FRESH, 0o600, dir_fd=dir_fd)
                break
        else:
            raise FileExistsError(f"no free temporary name beside {name}")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                if sync:
                    handle.flush()
                    os.fsync(handle.fileno())
            os.replace(temporary, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=dir_fd)
            raise
    finally:
        os.close(dir_fd)


_FRESH = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def write_page(path: str, data: bytes) -> None:
    """A page: created in place where nothing is (no reader has an old one to keep seeing,
    and a run cut short is marked incomplete, so its next run writes the page again), else
    replaced with atomic_write. Creating in place makes and renames no temporary file: a
    tenth of a cold run's time writing 10,000 pages."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, _MODE)
    except (FileExistsError, FileNotFoundError):  # replaced, or a new folder: the careful way
        atomic_write(path, data)
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)  # noqa: PTH108 - made just now, by this run
        raise


def write_files(root: str, changed: Mapping[str, bytes]) -> None:
    """write_page every page, from a few threads when there are many; on the first error or
    interrupt no further page is started, those under way finish, and the error is raised."""
    if len(changed) < _POOL_FROM:
        for rel, data in changed.items():
            write_page(f"{root}/{rel}", data)
        return
    todo, lock, stop = iter(_spread(changed)), threading.Lock(), threading.Event()
    failed: list[tuple[str, BaseException]] = []
    entered: list[threading.Thread] = []

    def work() -> None:
        entered.append(threading.current_thread())
        while not stop.is_set():
            with lock:
                rel = next(todo, "")  # no page is called ""
            if not rel:
                return
            try:
                write_page(f"{root}/{rel}", changed[rel])
            except BaseException as exc:  # raised below, in the calling thread
                failed.append((rel, exc))
                stop.set()

    pool = ThreadPoolExecutor(_THREADS, thread_name_prefix="playbook-write")
    try:
        for worker in [pool.submit(work) for _ in range(_THREADS)]:
            worker.result()
    except BaseException:  # Ctrl-C: start no more pages; those under way finish
        stop.set()
        raise
    finally:
        pool.shutdown()
        # Ctrl-C inside the pool's start of a thread hides that thread from it: wait for every
        # thread that took pages too (one that starts later finds `stop` set, and takes none).
        for thread in entered:
            thread.join()
    if failed:  # of several errors, the first page's, so a run says the same every time
        raise min(failed, key=lambda fault: fault[0])[1]


def _spread(rels: Collection[str]) -> list[str]:
    """Pages (in path order) reordered so that neighbours lie in different folders, each
    folder's pages spread evenly over the run: creating a file locks its folder, so threads
    writing one folder's pages would mostly wait for each other."""
    folders = [rel.rpartition("/")[0] for rel in rels]
    sizes, seen = Counter(folders), Counter[str]()
    keys = []
    for rel, folder in zip(rels, folders, strict=True):
        seen[folder] += 1
        keys.append(((seen[folder] - 0.5) / sizes[folder], rel))
    return [rel for _, rel in sorted(keys)]
