"""The search step of a build after one plan edit: every part (the handbook's and each month's)
indexed again, against the parts whose pages did not change put back from the store
(generator/fast/searchparts.py).

    python bench/searchparts.py 10000 OUT

makes a synthetic team of that many calls in OUT (bench/synth.py), builds it (`playbook build`,
its own empty cache folder), gives one plan a new title and builds again, timing both builds;
then, on copies of the two sites without their index, times indexing the edited site with
every part indexed again and with the store filled by indexing the site before the edit. It
prints one JSON object of seconds.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent)]

from run import TODAY, touch_one_plan  # noqa: E402
from synth import make_team  # noqa: E402

from generator.fast.searchparts import StoredParts  # noqa: E402
from generator.output.search import BUNDLE, index_site  # noqa: E402


def _build(root: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "--today", TODAY,
                    "build"], check=True, capture_output=True)
    return time.perf_counter() - start


def _unindexed(site: Path, to: Path) -> Path:
    shutil.copytree(site, to, ignore=lambda folder, _names: [BUNDLE] if Path(folder) == site
                    else [])
    return to


def _index(site: Path, run: StoredParts | None) -> float:
    start = time.perf_counter()
    if run is None:
        index_site(site)
    else:
        index_site(site, run=run)
    return time.perf_counter() - start


def measure(calls: int, out: Path) -> dict[str, float]:
    root = out / "team"
    make_team(root, calls)
    os.environ["PLAYBOOK_CACHE_DIR"] = str(out / "cache")
    found = {"build": _build(root)}
    before = _unindexed(root / "site", out / "before")
    touch_one_plan(root, 1)
    found["build after one plan edit"] = _build(root)
    after = _unindexed(root / "site", out / "after")
    store = StoredParts(out / "store")
    found["index, empty store"] = _index(before, store)
    found["index, every part again"] = _index(_unindexed(after, out / "plain"), None)
    edited = StoredParts(out / "store")
    found["index after the edit, from the store"] = _index(after, edited)
    found["parts reused"] = len(edited.reused)
    found["parts indexed"] = len(edited.indexed)
    return found


if __name__ == "__main__":
    print(json.dumps(measure(int(sys.argv[1]), Path(sys.argv[2])), indent=1))
