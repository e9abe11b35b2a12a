"""`playbook` with its crews at any size, for tests: run as `python crew_run.py ARGS...`.

The sample team is far below the sizes where a crew pays, so every threshold is lowered to
one, and three cores are claimed (this process and two members). The tests run it in a fresh
interpreter: generation forks only while it is the sole thread, and a test session may not be.
PB_SETTLED=1 makes every file's stat count as settled at once (read/stats.py RACY_NS)."""

from __future__ import annotations

import os

from generator.cli import cli
from generator.fast import tuning
from generator.read import stats

tuning.PARALLEL_READ_FROM = tuning.PARALLEL_RENDER_FROM = 1
os.cpu_count = lambda: 3
if os.environ.get("PB_SETTLED") == "1":
    stats.RACY_NS = 0

if __name__ == "__main__":
    cli(prog_name="playbook")
