"""A build's generation runs in a forked child (fast/apart.py): what it used is given back, its
errors and interrupts reach the command as they would in-process, and no child outlives it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")

_PRELUDE = """
import os, signal, sys, time
from pathlib import Path
import click
from generator.fast.apart import run_apart

def rss_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) // 1024
    return 0
"""


def _run(body: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "script.py"
    script.write_text(_PRELUDE + textwrap.dedent(body), encoding="utf-8")
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          cwd=tmp_path, env={**os.environ, **env}, timeout=120, check=False)


def test_the_step_runs_in_a_child_and_its_files_and_words_reach_the_parent(tmp_path: Path) -> None:
    result = _run("""
        parent = os.getpid()
        def step():
            Path("made.txt").write_text(str(os.getpid()))
            click.echo("generated 3 calls", err=True)
        run_apart(step)
        print("child" if int(Path("made.txt").read_text()) != parent else "same")
    """, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "child"
    assert result.stderr.count("generated 3 calls") == 1


def test_memory_the_step_used_is_not_kept_by_the_parent(tmp_path: Path) -> None:
    # What a step leaves behind (a module's cache, as generation's are): in-process it stays.
    body = """
        before = rss_mb()
        kept = []
        def step():
            kept.append([str(i) * 20 for i in range(2_000_000)])
        run_apart(step)
        print(rss_mb() - before)
    """
    apart = _run(body, tmp_path)
    assert apart.returncode == 0, apart.stderr
    inside = _run(body, tmp_path, PLAYBOOK_NO_SHORTCUTS="1")
    assert inside.returncode == 0, inside.stderr
    assert int(apart.stdout) < 20
    assert int(inside.stdout) > 100  # the plain twin, in this process, keeps it: the test can fail


def test_a_click_error_is_shown_once_and_ends_the_command_with_its_code(tmp_path: Path) -> None:
    result = _run("""
        @click.command()
        def main():
            def step():
                raise click.ClickException("2 problem(s) in plans/; nothing was generated")
            run_apart(step)
            print("went on")
        main()
    """, tmp_path)
    assert result.returncode == 1
    assert result.stderr.count("2 problem(s) in plans/") == 1
    assert "went on" not in result.stdout


def test_a_bug_in_the_step_shows_its_traceback_and_fails(tmp_path: Path) -> None:
    result = _run("""
        def step():
            raise RuntimeError("a bug")
        try:
            run_apart(step)
        except click.exceptions.Exit as exc:
            print("exit", exc.exit_code)
    """, tmp_path)
    assert "RuntimeError: a bug" in result.stderr
    assert result.stdout.strip() == "exit 1"


def test_with_shortcuts_off_the_step_runs_in_this_process(tmp_path: Path) -> None:
    result = _run("""
        parent = os.getpid()
        run_apart(lambda: Path("made.txt").write_text(str(os.getpid())))
        print(int(Path("made.txt").read_text()) == parent)
    """, tmp_path, PLAYBOOK_NO_SHORTCUTS="1")
    assert result.stdout.strip() == "True", result.stderr


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers; it has exited all the same.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z")


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_sigterm_to_the_command_stops_the_child_and_raises_an_interrupt(tmp_path: Path) -> None:
    script = tmp_path / "script.py"
    script.write_text(_PRELUDE + textwrap.dedent("""
        def interrupt(_signum, _frame):
            raise KeyboardInterrupt
        signal.signal(signal.SIGTERM, interrupt)  # as playbook build does
        def step():
            Path("child.pid").write_text(str(os.getpid()))
            time.sleep(60)
        try:
            run_apart(step)
        except KeyboardInterrupt:
            Path("interrupted").write_text("yes")
            raise SystemExit(130)
    """), encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(script)], cwd=tmp_path)
    pid_file = tmp_path / "child.pid"
    for _ in range(2400):  # a loaded machine may take long to start the child's Python
        if pid_file.exists() and pid_file.read_text():
            break
        time.sleep(0.05)
    child = int(pid_file.read_text())
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 130
    assert (tmp_path / "interrupted").exists()
    assert not _alive(child)


def test_meanwhile_runs_in_the_parent_while_the_child_works(tmp_path: Path) -> None:
    # The child waits for a file only the parent's meanwhile writes: run one after the other,
    # the two would wait for each other until the child gives up.
    result = _run("""
        parent = os.getpid()
        def step():
            for _ in range(600):
                if Path("meanwhile.txt").exists():
                    Path("step.txt").write_text("saw it")
                    return
                time.sleep(0.05)
        def meanwhile():
            Path("meanwhile.txt").write_text(str(os.getpid()))
        run_apart(step, meanwhile)
        print(Path("step.txt").read_text(), int(Path("meanwhile.txt").read_text()) == parent)
    """, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "saw it True"


def test_without_a_child_meanwhile_runs_after_the_step(tmp_path: Path) -> None:
    result = _run("""
        done = []
        run_apart(lambda: done.append("step"), lambda: done.append("meanwhile"))
        print(done)
    """, tmp_path, PLAYBOOK_NO_SHORTCUTS="1")
    assert result.stdout.strip() == "['step', 'meanwhile']", result.stderr


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_a_failing_meanwhile_stops_the_child_and_fails(tmp_path: Path) -> None:
    result = _run("""
        def step():
            Path("child.pid").write_text(str(os.getpid()))
            time.sleep(60)
        def meanwhile():
            for _ in range(2400):
                if Path("child.pid").exists() and Path("child.pid").read_text():
                    break
                time.sleep(0.05)
            raise OSError("site/ cannot be read")
        try:
            run_apart(step, meanwhile)
        except OSError as exc:
            print("raised:", exc)
    """, tmp_path)
    assert result.stdout.strip() == "raised: site/ cannot be read", result.stderr
    assert not _alive(int((tmp_path / "child.pid").read_text()))
