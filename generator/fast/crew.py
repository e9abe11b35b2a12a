"""A crew of forked processes, each owning a share of the work for a whole run.

This process is member 0 and does its own share; the others are forked from it, so they see
everything it had loaded at that moment. Work is a module-level function run on each member's
share, and what a member keeps between two pieces of work stays in its own memory (member.py):
the models it read, the pages it rendered. Only small results cross between processes.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar, cast

from generator import progress
from generator.fast import member, tuning

S = TypeVar("S")
R = TypeVar("R")

_members: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []


Attempt = tuple[bool, Any]
"""(True, what a piece of work returned) or (False, the error it raised)."""


def _attempt(fn: Callable[..., Any], *args: Any) -> Attempt:
    try:
        return True, fn(*args)
    except BaseException as exc:  # sent back, and raised where the result is asked for
        return False, exc


def _pickled(outcome: Attempt) -> bytes:
    """An outcome as the bytes to send back; one that cannot be pickled says what it was."""
    try:
        return pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        value = outcome[1]
        return pickle.dumps((False, RuntimeError(f"{type(value).__name__}: {value}")))


def _given(outcome: Attempt) -> Any:
    """What the work returned, or its error raised."""
    ok, value = outcome
    if not ok:
        raise cast("BaseException", value)
    return value


def _serve(conn: Connection, ours: Connection) -> None:
    """A member's loop: run each piece of work it is sent, send back its result or error."""
    # The fork gave this member copies of the first member's ends of every pipe so far, its own
    # included. Held open here, they keep a pipe alive after the first member dies, even when it
    # is killed outright: this member would wait for work for ever. Closed, it reads the end.
    ours.close()
    for _, other in _members:
        other.close()
    progress.enable(False)  # the first member alone draws on the terminal
    while True:
        try:
            work = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if work is None:
            return
        fn, share = work
        conn.send_bytes(_pickled(_attempt(fn, share)))  # recv() unpickles it


def can_fork() -> bool:
    """Forking is only safe with no other thread (a thread holding a lock would never let go
    of it in the child) and pays only with more than one core."""
    return (os.cpu_count() or 1) > 1 and threading.active_count() == 1


def size() -> int:
    """How many members a crew has: one per core, at most tuning.CREW_MAX."""
    return min(os.cpu_count() or 1, tuning.CREW_MAX)


class Crew:
    """Members 1.. as forked processes; member 0 is this process."""

    def __init__(self, count: int) -> None:
        self.count = count
        context = multiprocessing.get_context("fork")
        for _ in range(count - 1):
            ours, theirs = context.Pipe()
            process = context.Process(target=_serve, args=(theirs, ours), daemon=True)
            process.start()
            theirs.close()
            _members.append((process, ours))

    def each(self, fn: Callable[[S], R], shares: Sequence[S],
             meanwhile: Callable[[], None] = lambda: None) -> list[R]:
        """fn(shares[i]) on member i, all at once, `meanwhile` in this process before its own
        share; the results in member order. An error in any member is raised here, once every
        member is done."""
        assert len(shares) == self.count
        for (_, conn), share in zip(_members, shares[1:], strict=True):
            conn.send((fn, share))

        def own() -> R:
            meanwhile()
            return fn(shares[0])

        results = [_attempt(own)]
        for process, conn in _members:
            try:
                results.append(conn.recv())
            except (EOFError, OSError):
                results.append((False, RuntimeError(
                    f"a helper process ended unexpectedly (exit code {process.exitcode})")))
        return [cast("R", _given(outcome)) for outcome in results]  # the first error raised

    def close(self) -> None:
        for _, conn in _members:
            with contextlib.suppress(OSError):
                conn.send(None)
            conn.close()
        for process, _ in _members:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
                process.join()
        _members.clear()

    def stop(self) -> None:
        """End every member at once (an interrupt or an error in this process)."""
        for process, conn in _members:
            process.kill()
            process.join()
            conn.close()
        _members.clear()


class Helpers:
    """The crew of a run, started by the first stage with enough work for one (and the cores
    to share it), or never; every later stage uses the same members."""

    def __init__(self) -> None:
        self.crew: Crew | None = None
        self.shares: list[list[str]] = []
        """The names (account folders) each member owns, the first member's first."""
        self.rendered: set[str] = set()
        """Pages the members rendered while reading, and hold."""

    def start(self, shares: list[list[str]]) -> Crew:
        """Fork a member for each share but the first, which is this process's."""
        if self.crew is not None or _members:
            raise RuntimeError("a crew is already at work in this process")
        self.crew, self.shares = Crew(len(shares)), shares
        return self.crew

    def spare(self, count: int) -> None:
        """Fork `count - 1` members now, before this process loads what they would not need,
        with no share yet: `assign` gives them theirs (and what to work on) later."""
        if self.crew is not None or _members:
            raise RuntimeError("a crew is already at work in this process")
        self.crew = Crew(count)

    @property
    def idle(self) -> bool:
        """A spare crew is waiting for its shares."""
        return self.crew is not None and not self.shares

    def assign(self, shares: list[list[str]]) -> Crew:
        """The shares of a spare crew, the first this process's."""
        assert self.crew is not None and self.idle and len(shares) == self.crew.count
        self.shares = shares
        return self.crew

    def dismiss(self) -> None:
        """End a spare crew that has nothing to do."""
        assert self.idle and self.crew is not None
        self.crew.close()
        self.crew = None


@contextlib.contextmanager
def helpers() -> Iterator[Helpers]:
    """Helpers for the block; whatever happens, their members have ended when it does."""
    team = Helpers()
    try:
        yield team
    except BaseException:
        if team.crew is not None:
            team.crew.stop()
        raise
    finally:
        if team.crew is not None:
            team.crew.close()
        member.release()


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
            data = _pickled(_attempt(fn))
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
        return cast("R", _given(pickle.loads(data)))  # noqa: S301 - from our own child process

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


def divide(weights: Sequence[tuple[str, int]], count: int, first: float = 1.0) -> list[list[str]]:
    """Names into `count` shares of about equal total weight, keeping each name whole and the
    names of a share in their given order; the first share gets `first` times a fair part."""
    total = sum(w for _, w in weights)
    fair = total / (count - 1 + first) if count > 1 else total
    targets = [fair * first] + [fair] * (count - 1)
    shares: list[list[str]] = [[] for _ in range(count)]
    member, filled = 0, 0.0
    for name, weight in weights:
        if member < count - 1 and filled >= targets[member]:
            member, filled = member + 1, 0.0
        shares[member].append(name)
        filled += weight
    return shares
