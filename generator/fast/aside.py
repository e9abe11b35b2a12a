"""One piece of work done in a forked process while this one goes on (Aside), and what a
crew's members (crew.py) share with it: whether to fork at all, and how an outcome crosses back.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar, cast

R = TypeVar("R")

Attempt = tuple[bool, Any]
"""(True, what a piece of work returned) or (False, the error it raised)."""


def attempt(fn: Callable[..., Any], *args: Any) -> Attempt:
    try:
        return True, fn(*args)
    except BaseException as exc:  # sent back, and raised where the result is asked for
        return False, exc


def pickled(outcome: Attempt) -> bytes:
    """An outcome as the bytes to send back; one that cannot be pickled says what it was."""
    try:
        return pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        value = outcome[1]
        return pickle.dumps((False, RuntimeError(f"{type(value).__name__}: {value}")))


def given(outcome: Attempt) -> Any:
    """What the work returned, or its error raised."""
    ok, value = outcome
    if not ok:
        raise cast("BaseException", value)
    return value


def can_fork() -> bool:
    """Forking is only safe with no other thread (a thread holding a lock would never let go
    of it in the child) and pays only with more than one core."""
    return (os.cpu_count() or 1) > 1 and threading.active_count() == 1


class Aside(Generic[R]):
    """fn() worked out in a forked process while this one goes on: one piece of work, not a
    crew. Without a fork (another thread is running, or one core), fn runs when its result is
    first asked for. Either way its result or its error comes from result(), once."""

    def __init__(self, fn: Callable[[], R]) -> None:
        self._fn: Callable[[], R] | None = fn
        self._pid = 0
        self._pipe = -1
        if not can_fork():
            return
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the forked process: work, send, and end without running anything else
            os.close(reader)
            data = pickled(attempt(fn))
            with contextlib.suppress(OSError), os.fdopen(writer, "wb") as pipe:
                pipe.write(data)
            os._exit(0)
        os.close(writer)
        self._fn, self._pid, self._pipe = None, pid, reader

    def result(self) -> R:
        if not self._pid and self._fn is None:
            raise RuntimeError("the result of work aside is given once")
        if self._fn is not None:
            fn, self._fn = self._fn, None
            return fn()
        pid, self._pid = self._pid, 0  # asked once: nothing is left for cancel() to stop
        with os.fdopen(self._pipe, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        if not data:
            raise RuntimeError(f"a helper process ended unexpectedly (status {status})")
        return cast("R", given(pickle.loads(data)))  # noqa: S301 - from our own child process

    def cancel(self) -> None:
        """Stop the forked process, if any, without waiting for its result."""
        if self._pid:
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
            with contextlib.suppress(OSError):
                os.close(self._pipe)
            self._pid = 0
        self._fn = None
