"""Run a Python module as a child that ends when its parent does, even a parent killed outright.

`python -m generator.output.tether PARENT_PID MODULE ARGS...` runs `python -m MODULE ARGS...`
in this same process once it is tied to PARENT_PID. On Linux the kernel ends it the moment its
parent dies (PR_SET_PDEATHSIG); elsewhere a thread notices within a second that it has another
parent (macOS and the BSDs hand an orphan to another process; Windows does not, and is not
covered). Tying is done by the child itself, after it started, rather than by a preexec_fn
between fork and exec: that runs Python in a forked copy of a process whose other threads (the
progress display) may hold locks, which is not safe. A parent that died before the tie is seen
too: this process then has another parent already, and stops before it starts.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import runpy
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1


def command(module: str, *args: str) -> list[str]:
    """The command that runs `python -m module args` tied to this process."""
    return [sys.executable, "-m", "generator.output.tether", str(os.getpid()), module, *args]


def _tie_with_the_kernel() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0)
    return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)  # at once, from this thread: nobody waits for the rest of the run


def _main() -> None:
    parent, module, args = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    if not _tie_with_the_kernel():
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:
        sys.exit(1)  # the parent died before the tie held: nobody is waiting for this run
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    _main()
