"""A crew of forked processes, each owning a share of the work for a whole run.

This process is member 0 and does its own share; the others are forked from it, so they see
everything it had loaded at that moment. Work is a module-level function run on each member's
share, and what a member keeps between two pieces of work stays in its own memory (member.py):
the models it read, the pages it rendered. Only small results cross between processes.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from typing import TypeVar, cast

from generator import progress
from generator.fast import member
from generator.fast.aside import R, attempt, given, pickled

S = TypeVar("S")

_members: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []


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
        conn.send_bytes(pickled(attempt(fn, share)))  # recv() unpickles it


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

        results = [attempt(own)]
        for process, conn in _members:
            try:
                results.append(conn.recv())
            except (EOFError, OSError):
                results.append((False, RuntimeError(
                    f"a helper process ended unexpectedly (exit code {process.exitcode})")))
        return [cast("R", given(outcome)) for outcome in results]  # the first error raised

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
