"""One step of a command run in a forked child of its own, so the memory it used goes back to
the system when it ends.

A build's generation at 100,000 calls leaves about a gigabyte behind in this process (freed
objects that Python's and C's allocators keep), and the MkDocs and Pagefind processes that come
after would run beside it. In a child, that memory is gone when the child exits. The plain twin
runs the step in this process: the step writes files and returns nothing, so the result is the
same either way; only the peak memory of what follows differs.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import traceback
from collections.abc import Callable

import click

from generator.fast import tuning

INTERRUPTED = 130
"""The child's exit code when it was interrupted (Ctrl-C, or SIGTERM taken as one)."""


def _real_streams() -> bool:
    """Whether stdout and stderr are files a child can write to: not under click's test runner,
    whose in-memory streams a child's writes would never reach."""
    try:
        sys.stdout.fileno()
        sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        return False
    return True


def run_apart(step: Callable[[], None], meanwhile: Callable[[], None] | None = None) -> None:
    """Run `step` in a forked child and wait for it; its errors surface here as they would have
    in this process: a ClickException is shown by the child and ends this command with the same
    exit code; an interrupt is re-raised as KeyboardInterrupt. In this process when shortcuts
    are off, where there is no fork, or where the streams are not real files. `meanwhile` runs
    here while the child works (after `step`, when there is no child): work of this process's
    own that `step` neither reads nor changes."""
    if not (tuning.shortcuts() and hasattr(os, "fork") and _real_streams()):
        step()
        if meanwhile is not None:
            meanwhile()
        return
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: run the step, say what went wrong, and never return
        os._exit(_child(step))
    try:
        if meanwhile is not None:
            meanwhile()
        _, status = os.waitpid(pid, 0)
    except BaseException:  # meanwhile failed, or interrupted: the child stops too, first
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        raise
    code = os.waitstatus_to_exitcode(status)
    if code in {INTERRUPTED, -signal.SIGINT, -signal.SIGTERM}:
        raise KeyboardInterrupt
    if code != 0:
        raise click.exceptions.Exit(code)  # the child said why already


def _child(step: Callable[[], None]) -> int:
    """The child's whole life: its exit code. Nothing of the parent's is unwound here (the
    build lock, staging folders): os._exit leaves those to the parent."""
    code = 1
    try:
        step()
        code = 0
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except KeyboardInterrupt:
        code = INTERRUPTED
    except BaseException:  # a bug: shown as this process would have shown it
        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
    return code
