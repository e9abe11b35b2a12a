"""Benchmark the playbook on synthetic teams: one command, ratios measured side by side.

    python bench/run.py                       # 500, 5,000 and 10,000 calls (about 6 minutes)
    python bench/run.py --sizes 200,2000      # a quick look
    python bench/run.py --against main~5      # the same figures for an earlier commit too
    python bench/run.py --against A --against B  # and for several, all taking turns
    python bench/run.py --sizes 10000 --large # also 100,000 calls (hours on a 2-core machine)

Prints a table and writes it to bench/results.md. Numbers are wall-clock seconds on this
machine; the ratios (against the YAML parse floor, and between sizes) are what to compare.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's package
sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import make_team

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-26"
CODE = HERE.parent  # the checkout whose generator is measured; --against adds another
LARGE = 100_000
"""The size --large adds: a team of 200 reps after a year or two."""
ONE_PROCESS_FROM = 10_000
"""Calls from which the build in one MkDocs process is measured too (and at the largest size
measured), but at LARGE only with --one-process-large."""
ONCE_FROM = 50_000
"""Calls from which each generate figure is one run, not the median of three."""


def _proc_kb(pid: int, name: str, field: str) -> int:
    """One field (kB) of /proc/PID/NAME; 0 where the process is gone or it is unreadable."""
    try:
        for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _role(pid: int) -> str:
    """What a process of a build is, for the peak's line: mkdocs, pagefind or playbook."""
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "gone"
    for word in (b"mkdocs", b"pagefind"):
        if any(word in w for w in words):
            return word.decode()
    return "playbook"


def _tree_memory_kb(pid: int) -> tuple[int, int, list[tuple[int, int]]]:
    """Memory of a process and all its descendants, from /proc: the sum of their resident sets
    (a page a forked process still shares with its parent counts once for each), and the sum of
    their proportional sets (PSS: a shared page split between the processes sharing it, so
    counted once in all), which is what the tree takes from the machine; and each process's
    resident set with its pid."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    rss = pss = 0
    each = []
    todo = [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        own = _proc_kb(current, "status", "VmRSS:")
        rss += own
        pss += _proc_kb(current, "smaps_rollup", "Pss:")
        each.append((own, current))
    return rss, pss, each


class Timing(NamedTuple):
    seconds: float
    """Wall-clock seconds."""
    peak_kb: int
    """Peak resident memory of the process tree, the sum of its processes' resident sets."""
    peak_pss_kb: int
    """Peak of the same tree's proportional sets: pages shared by forked processes once."""
    cpu: float
    """CPU seconds (user and system) of the process and the children it waited for: on a
    shared machine this moves far less than the wall clock, so compare it when others work."""


def run(root: Path, *args: str, code: Path = CODE) -> Timing:
    """Wall seconds and peak memory (KB) of one `playbook` run in its own process. The time is
    taken by waiting for the process to end; the memory is of the whole process tree at once
    (a build runs MkDocs processes side by side), sampled every 0.1 s beside it, and at least
    the largest single process's own peak. `code` is the checkout whose package runs: it is
    the working folder, which `python -m` puts first on the path."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root),
                             "--today", TODAY, *args], cwd=code,
                            env={**os.environ, "PYTHONPATH": str(code)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, done = [0, 0], threading.Event()
    moment: list[str] = []
    """When the RSS peak was sampled, and the processes then."""

    def sample() -> None:
        while not done.wait(0.1):
            rss, pss, each = _tree_memory_kb(proc.pid)
            if rss > peak[0]:
                moment[:] = [f"{time.perf_counter() - start:.0f} s"] + [
                    f"{_role(pid)} {kb // 1024}" for kb, pid in sorted(each, reverse=True)[:5]]
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"playbook {' '.join(args)} failed:\n{proc.stderr.read().decode()}")  # type: ignore[union-attr]
    if moment:  # where the peak is, to know what to make smaller
        print(f"  playbook {' '.join(args)}: {elapsed:.0f} s, peak {peak[0] // 1024} MB at "
              f"{moment[0]} ({', '.join(moment[1:])} MB)", file=sys.stderr, flush=True)
    return Timing(elapsed, max(peak[0], usage.ru_maxrss), peak[1], usage.ru_utime + usage.ru_stime)


def parse_floor(root: Path) -> float:
    """libyaml's C loader over every file: no validation, nothing written."""
    files = sorted((root / "plans").rglob("*.yaml"))
    start = time.perf_counter()
    for name in files:
        yaml.load(name.read_bytes(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def touch_one_plan(root: Path, n: int) -> Path:
    plan = sorted((root / "plans").glob("account-00001/2*.yaml"))[-1]
    text = plan.read_text(encoding="utf-8")
    lines = [f'title: "Edited {n}"' if line.startswith("title:") else line
             for line in text.splitlines()]
    plan.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return plan


def move_one_outcome(root: Path, n: int) -> Path:
    """Change the outcome of one debrief: unlike a new title, this moves the figures, so every
    page drawn from all calls (insights, archive, indexes, objections) is rendered again."""
    plans = sorted((root / "plans").glob("account-00002/2*.yaml"))
    plan = next(p for p in plans if "\n  outcome: " in p.read_text(encoding="utf-8"))
    text = plan.read_text(encoding="utf-8")
    lines = [f"  outcome: {('advance', 'no-sale')[n % 2]}" if line.startswith("  outcome: ")
             else line for line in text.splitlines()]
    plan.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return plan


def add_one_plan(root: Path, n: int) -> Path:
    """A new plan, as a rep writes one before a call: a call more in every count. `n` (0 to
    30) picks its day in December 2026, so each of several added plans has a name and date of
    its own."""
    if not 0 <= n <= 30:
        raise ValueError(f"add_one_plan: n is a day of December less one (0 to 30), not {n}")
    folder = root / "plans" / "account-00003"
    text = sorted(folder.glob("2*.yaml"))[0].read_text(encoding="utf-8").split("\ndebrief:")[0]
    day = f"2026-12-{n + 1:02d}"
    plan = folder / f"{day}-added.yaml"
    lines = [f"date: {day}" if line.startswith("date:") else line for line in text.splitlines()]
    plan.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return plan


def sizes(site: Path) -> dict[str, float]:
    pages = list((site / "team" / "calls").rglob("index.html"))
    total = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    return {
        "site_mb": total / 1e6,
        "index_mb": (site / "search" / "search_index.json").stat().st_size / 1e6,
        "call_kb_max": max(p.stat().st_size for p in pages) / 1e3,
        "call_kb_mean": sum(p.stat().st_size for p in pages) / len(pages) / 1e3,
    }


def _checkout(rev: str, where: Path) -> Path:
    """The repository as it was at rev, in a detached worktree at where."""
    subprocess.run(["git", "worktree", "add", "--detach", "--force", str(where), rev],
                   cwd=CODE, check=True, capture_output=True)
    return where


def preview_latency(root: Path, code: Path = CODE) -> tuple[float, float]:
    """Seconds for `playbook serve` to serve its first page, and from saving a plan to seeing
    it. From 1,000 calls serve previews only some accounts: the edited plan's account is not
    in the preview yet, so this is the slower case of an account joining it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    plan = sorted((root / "plans").glob("account-00001/2*.yaml"))[-1]
    home = f"http://127.0.0.1:{port}/"
    url = f"{home}team/calls/account-00001/{plan.stem}/"
    start = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(root), "--today", TODAY, "serve",
         "--dev-addr", f"127.0.0.1:{port}"], cwd=code, env={**os.environ, "PYTHONPATH": str(code)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for(home, lambda body: True, timeout=1800)
        started = time.perf_counter() - start
        time.sleep(2)
        start = time.perf_counter()
        touch_one_plan(root, 99)
        _wait_for(url, lambda body: "Edited 99" in body, timeout=600)
        return started, time.perf_counter() - start
    finally:
        server.send_signal(signal.SIGTERM)  # as a service manager would: serve stops MkDocs too
        server.wait(timeout=60)


def _wait_for(url: str, ok, timeout: float) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if ok(response.read().decode("utf-8", "replace")):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"timed out waiting for {url}")


def _repeats(root: Path) -> int:
    return 1 if sum(1 for _ in (root / "plans").glob("*/2*.yaml")) >= ONCE_FROM else 3


def after_edits(root: Path, edit: Callable[[Path, int], Path],
                code: Path) -> tuple[float, float, list[Path]]:
    """The median wall and CPU seconds of three generate runs (one from ONCE_FROM calls), each
    right after edit(root, i); the files edited."""
    timings, edited = [], []
    for i in range(_repeats(root)):
        edited.append(edit(root, i))
        timings.append(run(root, "generate", code=code))
    return (statistics.median(t.seconds for t in timings),
            statistics.median(t.cpu for t in timings), edited)


def measure_generation(n: int, out: Path, code: Path, label: str) -> dict[str, Any]:
    """Everything but the builds, for a team of n calls and the package in `code`. Nothing is
    deleted: on this disk, deleting many files makes creating files stall for seconds
    afterwards."""
    root = make_team(out / f"team-{n}-{label}", n)
    row: dict[str, Any] = {"code": label, "calls": n, "floor": parse_floor(root)}
    row["validate"] = run(root, "validate", code=code).seconds
    colds, memory, cpus = [], 0, []
    for i in range(_repeats(root)):  # each from nothing: an empty cache folder, no pages
        os.environ["PLAYBOOK_CACHE_DIR"] = str(out / f"cache-{n}-{label}-{i}")
        pages = root / "content" / "team"
        if pages.exists():
            pages.rename(out / f"pages-{n}-{label}-{i}")
        timing = run(root, "generate", code=code)
        colds.append(timing.seconds)
        cpus.append(timing.cpu)
        memory = max(memory, timing.peak_kb)
    row["cold"], row["cold_mem_mb"] = statistics.median(colds), memory / 1024
    row["cold_cpu"] = statistics.median(cpus)
    # Runs of a second or less vary most on a shared machine: the median of three.
    warm = [run(root, "generate", code=code) for _ in range(_repeats(root))]
    row["warm"] = statistics.median(t.seconds for t in warm)
    row["warm_cpu"] = statistics.median(t.cpu for t in warm)
    row["one_changed"], row["one_changed_cpu"], _ = after_edits(
        root, lambda r, i: touch_one_plan(r, i + 1), code)
    row["one_moved"], row["one_moved_cpu"], _ = after_edits(root, move_one_outcome, code)
    row["one_added"], row["one_added_cpu"], added = after_edits(root, add_one_plan, code)
    for plan in added:  # back to the team of n calls that the builds measure
        plan.unlink()
    run(root, "generate", code=code)
    return row


def measure_build(row: dict[str, Any], out: Path, preview: bool, single: bool,
                  code: Path) -> None:
    """The builds of the team measure_generation made, into its row: a full build (an empty
    store of kept pages), then a build after each of three edits, keeping what it can."""
    n, label = int(row["calls"]), row["code"]
    root = out / f"team-{n}-{label}"
    os.environ["PLAYBOOK_CACHE_DIR"] = str(out / f"cache-{n}-{label}-{_repeats(root) - 1}")
    os.environ["PLAYBOOK_SITE_STORE"] = str(out / f"store-{n}-{label}")
    timing = run(root, "build", code=code)
    row["build"], row["build_cpu"] = timing.seconds, timing.cpu
    peak, pss = timing.peak_kb, timing.peak_pss_kb
    row.update(sizes(root / "site"))
    if (kb := search_kb_per_query(root / "site")) is not None:
        row["search_kb"] = kb
    for name, edit in [("build_edit", touch_one_plan), ("build_moved", move_one_outcome),
                       ("build_added", add_one_plan)]:
        edit(root, 7)  # another edit than generation's
        timing = run(root, "build", code=code)
        row[name], row[f"{name}_cpu"] = timing.seconds, timing.cpu
        peak, pss = max(peak, timing.peak_kb), max(pss, timing.peak_pss_kb)
    row["build_mem_mb"] = peak / 1024  # the builds a team runs, not the ratio's below
    row["build_pss_mb"] = pss / 1024
    if single:  # the same build in one MkDocs process, for the ratio: a store of its own
        os.environ["PLAYBOOK_SITE_STORE"] = str(out / f"store-{n}-{label}-one")
        timing = run(root, "build", "--jobs", "1", code=code)
        row["build_one"], row["build_one_mem_mb"] = timing.seconds, timing.peak_kb / 1024
    if preview:
        row["preview_start"], row["preview"] = preview_latency(root)


def search_kb_per_query(site: Path) -> float | None:
    """Kilobytes a browser fetches for the largest of three typical queries, as the Pagefind
    search counts them (bench/querybytes.py, with that work); None where the site has no such
    index or the counter is not there."""
    if not (site / "pagefind").is_dir():
        return None
    try:
        from querybytes import TYPICAL, query_bytes  # type: ignore[import-not-found]  # noqa: PLC0415
    except ImportError:
        return None
    return max(found["total"] for found in query_bytes(site, TYPICAL)) / 1e3


TARGETS = {10_000: (45, 10, 1024, 500), LARGE: (600, 60, 2048, 1000)}
"""Issue 18's targets by size: full build s, build after one plan edit s (pages and search),
peak MB of all processes, search KB a query fetches."""


def targets(rows: list[dict[str, Any]]) -> list[str]:
    """Each target of a size measured, against what was measured: lines of a table."""
    checks = [("full build s", "build", 0), ("after one plan edit s", "build_edit", 1),
              ("peak MB, all processes (RSS summed)", "build_mem_mb", 2),
              ("peak MB, all processes (PSS summed)", "build_pss_mb", 2),
              ("search KB per query", "search_kb", 3)]
    lines = []
    for r in rows:
        limits = TARGETS.get(int(r["calls"]))
        for name, key, i in checks if limits else []:
            if key in r:
                met = "met" if r[key] <= limits[i] else "not met"
                lines.append(f"| {r['code']} | {r['calls']:,.0f} | {name} | "
                             f"at most {limits[i]:,} | {r[key]:,.1f} | {met} |")
    head = ["", "| code | calls | target | limit | measured | |", "|---|---|---|---|---|---|"]
    return head + lines if lines else []


def table(rows: list[dict[str, Any]]) -> str:
    cols = [("code", "code", "{}"), ("calls", "calls", "{:.0f}"),
            ("floor", "parse floor s", "{:.2f}"),
            ("validate", "validate s", "{:.2f}"), ("cold", "generate cold s", "{:.2f}"),
            ("cold_x", "cold / floor", "{:.2f}"), ("warm", "warm s", "{:.2f}"),
            ("one_changed", "one changed s", "{:.2f}"),
            ("one_moved", "one outcome changed s", "{:.2f}"),
            ("one_added", "one plan added s", "{:.2f}"),
            ("cold_cpu", "cold CPU s", "{:.2f}"), ("warm_cpu", "warm CPU s", "{:.2f}"),
            ("one_changed_cpu", "one changed CPU s", "{:.2f}"),
            ("one_moved_cpu", "one outcome changed CPU s", "{:.2f}"),
            ("one_added_cpu", "one plan added CPU s", "{:.2f}"),
            ("build", "build s", "{:.1f}"),
            ("build_edit", "build after one plan edit s", "{:.1f}"),
            ("build_moved", "build after one outcome changed s", "{:.1f}"),
            ("build_added", "build after one plan added s", "{:.1f}"),
            ("build_one", "build in 1 process s", "{:.1f}"),
            ("build_cpu", "build CPU s", "{:.1f}"),
            ("build_edit_cpu", "build after one plan edit CPU s", "{:.1f}"),
            ("build_moved_cpu", "build after one outcome changed CPU s", "{:.1f}"),
            ("build_added_cpu", "build after one plan added CPU s", "{:.1f}"),
            ("build_mem_mb", "build peak MB, all processes (RSS summed)", "{:.0f}"),
            ("build_pss_mb", "build peak MB, all processes (PSS summed)", "{:.0f}"),
            ("build_one_mem_mb", "1 process peak MB", "{:.0f}"),
            ("site_mb", "site MB", "{:.0f}"),
            ("index_mb", "search index MB", "{:.2f}"),
            ("search_kb", "search KB per query", "{:.0f}"),
            ("call_kb_max", "call page KB max", "{:.1f}"),
            ("preview_start", "serve start s", "{:.1f}"),
            ("preview", "preview of an edit s", "{:.1f}")]
    for r in rows:
        r["cold_x"] = r["cold"] / r["floor"]
    cols = [c for c in cols if any(c[0] in r for r in rows)]
    if len({r["code"] for r in rows}) < 2:
        cols = cols[1:]  # one checkout measured: no column to tell them apart
    lines = ["| " + " | ".join(c[1] for c in cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        lines.append("| " + " | ".join(c[2].format(r[c[0]]) if c[0] in r else "–"
                                         for c in cols) + " |")
    lines += targets(rows)
    built = [r for r in rows if "build" in r and r["code"] == rows[0]["code"]]
    if len(built) >= 2:
        small, large = built[0], built[-2] if len(built) > 2 else built[-1]
        lines.append("")
        lines.append(f"Growth: build at {large['calls']:.0f} calls / at {small['calls']:.0f} "
                     f"calls = {large['build'] / small['build']:.1f} (for "
                     f"{large['calls'] / small['calls']:.0f}x the calls).")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="500,5000,10000")
    parser.add_argument("--large", action="store_true",
                        help=f"also {LARGE:,} calls: generation once, not three times, and "
                             "every build (hours on a 2-core machine)")
    parser.add_argument("--no-build", action="store_true", help="skip the MkDocs builds")
    parser.add_argument("--one-process-large", action="store_true",
                        help=f"also build {LARGE:,} calls in one MkDocs process, for the ratio "
                             "(about 20 minutes and 3.5 GB more on a 2-core machine)")
    parser.add_argument("--preview", action="store_true",
                        help="also time serve's preview of an edit at the largest size")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--against", metavar="REV", action="append", default=[],
                        help="also measure the package as it was at this git revision, each "
                             "figure side by side with this checkout's, in the same run "
                             "(repeat for more revisions)")
    args = parser.parse_args()
    counts = [int(s) for s in args.sizes.split(",")] + ([LARGE] if args.large else [])
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    codes = {rev: _checkout(rev, args.out / f"against-{i}") for i, rev in enumerate(args.against)}
    codes["this"] = CODE
    for code in codes.values():
        # An installed package comes with its bytecode; a checkout (or PYTHONDONTWRITEBYTECODE)
        # may not, and compiling the modules afresh would be timed as part of every run.
        compileall.compile_dir(str(code / "generator"), quiet=1)
    try:
        rows = measure(counts, codes, args)
    finally:
        for rev in args.against:
            subprocess.run(["git", "worktree", "remove", "--force", str(codes[rev])],
                           cwd=CODE, check=False, capture_output=True)
    machine = (f"{platform.machine()}, {os.cpu_count()} cores, Python "
               f"{platform.python_version()}, {platform.system()}")
    text = f"Machine: {machine}.\n\n{table(rows)}\n"
    print(text)
    (HERE / "results.md").write_text(text, encoding="utf-8")
    shutil.rmtree(args.out, ignore_errors=True)


def measure(counts: list[int], codes: dict[str, Path],
            args: argparse.Namespace) -> list[dict[str, Any]]:
    """Every row: generation at each size for each checkout, then the builds."""
    rows: list[dict[str, Any]] = []
    # Generation at every size first, then the builds: a build deletes files (the parts it
    # merges), and what is timed right after that would include the disk catching up. With
    # --against, the checkouts take turns at each size, so drift in the machine's speed
    # falls on both.
    for n in counts:
        for label, code in codes.items():
            print(f"measuring generation of {n} calls ({label}) ...", file=sys.stderr,
                  flush=True)
            rows.append(measure_generation(n, args.out, code, label))
            print(table(rows), file=sys.stderr, flush=True)
    if not args.no_build:
        for row in rows:
            print(f"measuring the build of {row['calls']:.0f} calls ({row['code']}) ...",
                  file=sys.stderr, flush=True)
            largest = row["calls"] == max(counts)
            one = ONE_PROCESS_FROM <= row["calls"] < LARGE or args.one_process_large or (
                largest and row["calls"] < LARGE)
            measure_build(row, args.out, args.preview and largest, single=one,
                          code=codes[row["code"]])
            print(table(rows), file=sys.stderr, flush=True)
    elif args.preview:
        for row in (r for r in rows if r["calls"] == max(counts)):
            root = args.out / f"team-{row['calls']:.0f}-{row['code']}"
            row["preview_start"], row["preview"] = preview_latency(root, codes[row["code"]])
    return rows


if __name__ == "__main__":
    main()
