"""File permissions as the kernel checks them for a user who is not root.

The tests run as root here and in CI, and root reads, writes and removes anything whatever its
mode: `chmod 000` denies it nothing. Inside `unprivileged()`, the os functions the generator and
shutil use check the owner's bits of a file's mode (read to open or list it, write and search on
a folder to add, remove or rename an entry in it) and raise PermissionError as the kernel would
for the file's owner. The owner may still chmod; `foreign()` takes that away too, as for files
of another user.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import io
import os
import stat
from collections.abc import Callable, Iterator
from typing import Any

import pytest


def _mode(path: Any, dir_fd: int | None = None) -> int | None:
    try:
        if isinstance(path, int):
            return os.fstat(path).st_mode
        return os.stat(path, dir_fd=dir_fd, follow_symlinks=False).st_mode
    except OSError:
        return None


def _denied(path: Any) -> PermissionError:
    return PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fsdecode(path)
                           if not isinstance(path, int) else None)


def _parent_mode(path: Any, dir_fd: int | None) -> int | None:
    name = os.fsdecode(path)
    parent = os.path.dirname(name)
    if dir_fd is not None and not os.path.isabs(name):
        return _mode(dir_fd) if not parent else _mode(parent, dir_fd)
    return _mode(parent or ".")


def _need(mode: int | None, bits: int, path: Any) -> None:
    if mode is not None and mode & bits != bits:
        raise _denied(path)


def _reachable(path: Any, dir_fd: int | None = None) -> None:
    """A path is looked up through its folders, each of which needs the search right."""
    if isinstance(path, int) or (dir_fd is not None and not os.path.isabs(os.fsdecode(path))):
        return
    folder = os.path.dirname(os.path.abspath(os.fsdecode(path)))
    while True:
        _need(_mode(folder), stat.S_IXUSR, path)
        parent = os.path.dirname(folder)
        if parent == folder:
            return
        folder = parent


class _Checks:
    def __init__(self, real: dict[str, Callable[..., Any]]) -> None:
        self.real = real

    def scandir(self, path: Any = ".") -> Any:
        _reachable(path)
        _need(_mode(path), stat.S_IRUSR | stat.S_IXUSR, path)
        return self.real["scandir"](path)

    def listdir(self, path: Any = ".") -> Any:
        _reachable(path)
        _need(_mode(path), stat.S_IRUSR | stat.S_IXUSR, path)
        return self.real["listdir"](path)

    def open(self, path: Any, flags: int, mode: int = 0o777, *, dir_fd: int | None = None) -> int:
        self._check_open(path, flags, dir_fd)
        return int(self.real["open"](path, flags, mode, dir_fd=dir_fd))

    def _check_open(self, path: Any, flags: int, dir_fd: int | None) -> None:
        _reachable(path, dir_fd)
        existing = _mode(path, dir_fd)
        if existing is None:
            if flags & os.O_CREAT:
                _need(_parent_mode(path, dir_fd), stat.S_IWUSR | stat.S_IXUSR, path)
            return
        wanted = 0
        access = flags & os.O_ACCMODE
        if access in (os.O_RDONLY, os.O_RDWR):
            wanted |= stat.S_IXUSR | stat.S_IRUSR if stat.S_ISDIR(existing) else stat.S_IRUSR
        if access in (os.O_WRONLY, os.O_RDWR):
            wanted |= stat.S_IWUSR
        _need(existing, wanted, path)

    def builtin_open(self, file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if not isinstance(file, int):
            flags = os.O_RDONLY
            if any(c in mode for c in "wax"):
                flags = os.O_WRONLY | os.O_CREAT
            if "+" in mode:
                flags = os.O_RDWR | (os.O_CREAT if any(c in mode for c in "wax") else 0)
            self._check_open(file, flags, None)
        return self.real["builtin_open"](file, mode, *args, **kwargs)

    def _entry_change(self, path: Any, dir_fd: int | None) -> None:
        _reachable(path, dir_fd)
        _need(_parent_mode(path, dir_fd), stat.S_IWUSR | stat.S_IXUSR, path)

    def unlink(self, path: Any, *, dir_fd: int | None = None) -> None:
        self._entry_change(path, dir_fd)
        self.real["unlink"](path, dir_fd=dir_fd)

    def rmdir(self, path: Any, *, dir_fd: int | None = None) -> None:
        self._entry_change(path, dir_fd)
        self.real["rmdir"](path, dir_fd=dir_fd)

    def mkdir(self, path: Any, mode: int = 0o777, *, dir_fd: int | None = None) -> None:
        self._entry_change(path, dir_fd)
        self.real["mkdir"](path, mode, dir_fd=dir_fd)

    def rename(self, src: Any, dst: Any, **kwargs: Any) -> None:
        self._entry_change(src, kwargs.get("src_dir_fd"))
        self._entry_change(dst, kwargs.get("dst_dir_fd"))
        self.real["rename"](src, dst, **kwargs)

    def replace(self, src: Any, dst: Any, **kwargs: Any) -> None:
        self._entry_change(src, kwargs.get("src_dir_fd"))
        self._entry_change(dst, kwargs.get("dst_dir_fd"))
        self.real["replace"](src, dst, **kwargs)


NAMES = ("scandir", "listdir", "open", "unlink", "rmdir", "mkdir", "rename", "replace")


@contextlib.contextmanager
def unprivileged(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Within: permission checks as for the files' owner who is not root."""
    real: dict[str, Callable[..., Any]] = {name: getattr(os, name) for name in NAMES}
    real["builtin_open"] = builtins.open
    checks = _Checks(real)
    with monkeypatch.context() as patch:
        for name in NAMES:
            patch.setattr(os, name, getattr(checks, name))
        patch.setattr(os, "remove", checks.unlink)
        patch.setattr(builtins, "open", checks.builtin_open)
        patch.setattr(io, "open", checks.builtin_open)
        yield


def foreign(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files of another user: chmod is refused as well."""

    def chmod(path: Any, *_args: Any, **_kwargs: Any) -> None:
        raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), os.fsdecode(path))

    monkeypatch.setattr(os, "chmod", chmod)
