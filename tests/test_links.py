"""Nothing outside the project is touched by a build, whatever links the project holds, and two
builds, a killed build or a stopped one leave a whole site and nothing running.

Each project sits in a folder of its own beside `outside/`, which holds a canary file: a link
in the project leads there, and after the build `outside/` must be exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, Run, write

from generator.output.buildlock import exclusive
from generator.output.staging import MARKER, MARKER_TEXT, Staging, clear_leftovers

TODAY = "2026-11-26"
CANARY = "canary.txt"


def tree(folder: Path) -> dict[str, bytes | str | None]:
    """Every path under folder, links not followed: bytes, link target, or None (folder)."""
    out: dict[str, bytes | str | None] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            out[rel] = f"-> {os.readlink(path)}"
        else:
            out[rel] = path.read_bytes() if path.is_file() else None
    return out


@pytest.fixture
def home(project: Path) -> tuple[Path, Path]:
    """(project, outside): the fixture project with the site's config and hand-written pages,
    moved into home/project, beside home/outside holding a canary."""
    root = project / "home" / "project"
    root.mkdir(parents=True)
    for name in ("plans",):
        (project / name).rename(root / name)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "content", root / "content", ignore=lambda folder, _: (
        ["team"] if Path(folder) == REPO / "content" else []))
    write(project / "home", f"outside/{CANARY}", "do not delete me\n")
    write(project / "home", "outside/folder/inner.txt", "nor me\n")
    return root, project / "home" / "outside"


def playbook(root: Path, *args: str, env: dict[str, str] | None = None
             ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "--today", TODAY, *args],
        capture_output=True, text=True, check=False, env=env)


def refused(result: subprocess.CompletedProcess[str], shown: str) -> str:
    """The run ended with one clear error line naming `shown`, and no traceback."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    last = result.stderr.splitlines()[-1]
    assert last.startswith(f"Error: {shown} "), last
    return last


# --- 1: a link where the build writes or removes its output ------------------------------------


@pytest.mark.parametrize("where", ["site", "content", "content/team"])
def test_a_link_where_the_output_goes_is_refused(home: tuple[Path, Path], where: str) -> None:
    root, outside = home
    if (root / where).is_dir():
        shutil.rmtree(root / where)
    (root / where).symlink_to(os.path.relpath(outside, (root / where).parent))
    before = tree(outside.parent)
    message = refused(playbook(root, "build"), where)
    assert "is a symbolic link where playbook puts its output" in message
    assert tree(outside.parent) == before


@pytest.mark.parametrize("where", ["content/team/calls/acme",
                                   "content/team/calls/acme/2026-03-10-discovery.md"])
def test_a_link_inside_the_generated_pages_is_refused(home: tuple[Path, Path], where: str,
                                                      run: Run) -> None:
    # (The writer refused these before, and still does in `playbook generate`.)
    root, outside = home
    assert run(root, "--today", TODAY, "generate").exit_code == 0
    path = root / where
    if path.is_dir():
        shutil.rmtree(path)
        path.symlink_to(outside)
    else:
        path.unlink()
        path.symlink_to(outside / CANARY)
    before = tree(outside.parent)
    assert "is a link to somewhere outside" in refused(playbook(root, "build"), where)
    assert tree(outside.parent) == before


def test_a_cache_folder_inside_the_project_may_not_be_a_link(
        home: tuple[Path, Path]) -> None:
    root, outside = home
    (root / ".cache").symlink_to("../outside")
    before = tree(outside.parent)
    env = {**os.environ, "PLAYBOOK_CACHE_DIR": str(root / ".cache")}
    message = refused(playbook(root, "build", env=env), ".cache")
    assert "is a symbolic link where playbook puts its output" in message
    assert tree(outside.parent) == before


@pytest.mark.slow
@pytest.mark.parametrize(("name", "target"), [
    (".site.building", ".."),  # the report's own case: the folder above the project
    (".site.building", "../outside"),
    (".site.old", "../outside"),
    (".site.building-1", "../outside"),  # a part of a split build, in earlier versions
    (".site.building-x", "../outside"),  # our own staging prefix, marker and all (new)
])
def test_a_link_at_a_staging_name_is_left_alone(home: tuple[Path, Path], name: str,
                                                target: str) -> None:
    # A build stages in a folder it makes under a fresh name; what stands at any other name,
    # or a link dressed up as one of its folders, is not the build's to touch.
    root, outside = home
    second_account(root)
    if name == ".site.old":  # where the previous site goes: there must be one
        assert playbook(root, "build").returncode == 0
    write(outside, MARKER, MARKER_TEXT)
    (root / name).symlink_to(target)
    home_before = {k: v for k, v in tree(root.parent).items() if not k.startswith("project")}
    result = playbook(root, "build", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert {k: v for k, v in tree(root.parent).items()
            if not k.startswith("project")} == home_before
    assert os.readlink(root / name) == target
    assert (root / "site/team/calls/beta/2026-03-10-discovery/index.html").is_file()


def second_account(root: Path) -> None:
    """A second account with a call: enough for a split build of two parts."""
    shutil.copytree(root / "plans/acme", root / "plans/beta")


# --- 10: a link under content/ that leads out of the project -----------------------------------


@pytest.mark.parametrize(("where", "target", "shown"), [
    ("content/secret.md", f"../../outside/{CANARY}", "content/secret.md"),
    ("content/more", "../../outside", "content/more"),
    # through a folder linked from inside the project, as MkDocs follows it
    ("content/shared", "../shared", "content/shared/secret.md"),
])
def test_a_link_out_of_the_project_under_content_is_refused(
        home: tuple[Path, Path], where: str, target: str, shown: str) -> None:
    root, outside = home
    write(root, "shared/page.md", "# Shared\n")
    (root / "shared/secret.md").symlink_to(f"../../outside/{CANARY}")
    (root / where).symlink_to(target)
    before = tree(outside.parent)
    message = refused(playbook(root, "build"), shown)
    assert "is a link to somewhere outside the project" in message
    assert tree(outside.parent) == before  # nothing generated or built either


@pytest.mark.slow
def test_a_link_to_a_page_inside_the_project_is_built(home: tuple[Path, Path]) -> None:
    root, _ = home
    write(root, "notes/team-notes.md", "# Team notes\n\nKept beside the plans.\n")
    (root / "content/team-notes.md").symlink_to("../notes/team-notes.md")
    result = playbook(root, "build")
    assert result.returncode == 0, result.stderr
    page = root / "site/team-notes/index.html"
    assert "Kept beside the plans." in page.read_text(encoding="utf-8")


# --- 4 and 11: builds at once, killed and stopped -----------------------------------------------

HOOK = """\
import os
import pathlib
import time


def on_post_build(config):
    # A test holds the build here, MkDocs at work, until it says go.
    if folder := os.environ.get("PLAYBOOK_TEST_HOLD"):
        hold = pathlib.Path(folder)
        (hold / "waiting").write_text(str(os.getpid()))
        while not (hold / "go").exists():
            time.sleep(0.05)
"""


def held_build(root: Path, hold: Path) -> subprocess.Popen[str]:
    """`playbook build` started with its MkDocs held at the end of its build; returns once
    MkDocs is held."""
    write(root, "hold_hook.py", HOOK)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - hold_hook.py\n",
                      encoding="utf-8")
    hold.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(root), "--today", TODAY, "build"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PLAYBOOK_TEST_HOLD": str(hold)})
    deadline = time.monotonic() + 120  # a guard against a hang, not a measurement
    while not (hold / "waiting").exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return process


def children(pid: int) -> list[int]:
    """Processes whose parent is pid, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                found.append(int(entry.name))
    return found


def ended(pid: int) -> bool:
    """The process is gone, or dead and waiting to be reaped."""
    try:
        return (Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]) == "Z"
    except (OSError, IndexError):
        return True


def wait_until_ended(pids: list[int]) -> None:
    deadline = time.monotonic() + 60  # a guard against a process that runs on, not a measurement
    while not all(ended(pid) for pid in pids):
        assert time.monotonic() < deadline, f"still running: {pids}"
        time.sleep(0.05)


def whole_site(root: Path) -> None:
    assert (root / "site/index.html").is_file()
    call = root / "site/team/calls/acme/2026-03-10-discovery/index.html"
    assert "First meeting" in call.read_text(encoding="utf-8")
    assert not list(root.glob(".site.building*"))


@pytest.mark.slow
def test_a_second_build_while_one_runs_is_refused_and_the_site_stays_whole(
        home: tuple[Path, Path], tmp_path: Path) -> None:
    root, _ = home
    hold = tmp_path / "hold"
    first = held_build(root, hold)
    try:
        second = playbook(root, "build")
    finally:
        (hold / "go").touch()
        _, errors = first.communicate(timeout=120)
    assert second.returncode == 1, second.stderr
    assert second.stderr.splitlines() == [
        "Error: another playbook run (build, generate or serve) is using this project "
        f"(pid {first.pid}); wait for it to finish (or stop it) and run again"]
    assert first.returncode == 0, errors
    whole_site(root)


@pytest.mark.slow
def test_a_killed_build_takes_mkdocs_with_it_and_the_next_run_clears_up(
        home: tuple[Path, Path], tmp_path: Path) -> None:
    root, _ = home
    hold = tmp_path / "hold"
    build = held_build(root, hold)
    mkdocs = children(build.pid)
    assert len(mkdocs) == 1
    build.kill()  # SIGKILL, to playbook alone: no handler, no finally
    build.communicate()
    try:
        wait_until_ended(mkdocs)
    finally:
        (hold / "go").touch()  # so that a MkDocs left running ends all the same
    assert len(list(root.glob(".site.building-*"))) == 1  # what the kill left

    result = playbook(root, "build")
    assert result.returncode == 0, result.stderr
    whole_site(root)


@pytest.mark.slow
def test_a_build_stopped_with_sigterm_leaves_nothing_behind(
        home: tuple[Path, Path], tmp_path: Path) -> None:
    root, _ = home
    hold = tmp_path / "hold"
    build = held_build(root, hold)
    mkdocs = children(build.pid)
    build.send_signal(signal.SIGTERM)
    try:
        _, errors = build.communicate(timeout=120)
        wait_until_ended(mkdocs)
    finally:
        (hold / "go").touch()
    assert build.returncode != 0
    assert "Traceback" not in errors
    assert not list(root.glob(".site.building*"))
    assert not (root / "site").exists()


# --- what earlier runs left -------------------------------------------------------------------


def test_only_what_a_build_left_is_cleared(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "site").mkdir(parents=True)
    ours = Staging(root / "site")
    write(ours.site, "index.html", "half a site")
    write(root, ".site.building-mine/notes.txt", "a user's folder, no marker")
    (root / ".site.building-early").mkdir()  # a run stopped before it wrote its marker
    write(tmp_path, f"outside/{MARKER}", MARKER_TEXT.decode())
    write(tmp_path, f"outside/{CANARY}", "do not delete me\n")
    (root / ".site.building-link").symlink_to("../outside")
    before = tree(tmp_path / "outside")

    clear_leftovers(root / "site")

    assert not ours.folder.exists()
    assert not (root / ".site.building-early").exists()
    assert (root / ".site.building-mine/notes.txt").is_file()
    assert (root / ".site.building-link").is_symlink()
    assert tree(tmp_path / "outside") == before


def test_a_site_moved_aside_by_a_killed_swap_comes_back(tmp_path: Path) -> None:
    write(tmp_path, "site/index.html", "the last good site")
    staging = Staging(tmp_path / "site")
    (tmp_path / "site").rename(staging.old)  # killed between the swap's two renames
    clear_leftovers(tmp_path / "site")
    assert (tmp_path / "site/index.html").read_text() == "the last good site"
    assert not staging.folder.exists()


def test_a_file_where_the_site_goes_is_refused(home: tuple[Path, Path]) -> None:
    root, _ = home
    write(root, "site", "not a folder\n")
    message = refused(playbook(root, "build"), "site")
    assert "is not a folder" in message
    assert (root / "site").read_text() == "not a folder\n"


def test_generate_refuses_a_link_at_a_cache_inside_the_project(
        home: tuple[Path, Path], run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    root, outside = home
    (root / ".cache").symlink_to("../outside")
    before = tree(outside.parent)
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(root / ".cache"))
    result = run(root, "--today", TODAY, "generate")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(
        "Error: .cache is a symbolic link where playbook puts its output")
    assert tree(outside.parent) == before
    assert not (root / "content/team").exists()


HOLD_THE_LOCK = ("import sys; from pathlib import Path; "
                 "from generator.output.buildlock import exclusive\n"
                 "with exclusive(Path(sys.argv[1])):\n"
                 "    print('held', flush=True); sys.stdin.read()\n")


def test_generate_is_refused_while_a_build_holds_the_lock(
        home: tuple[Path, Path], run: Run) -> None:
    root, _ = home
    with subprocess.Popen([sys.executable, "-c", HOLD_THE_LOCK, str(root)],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as build:
        assert build.stdout is not None and build.stdin is not None
        assert build.stdout.readline() == "held\n"
        result = run(root, "--today", TODAY, "generate")
        build.stdin.close()
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: another playbook run (build, generate or serve) is using this project "
        f"(pid {build.pid}); wait for it to finish (or stop it) and run again"]
    assert not (root / "content/team").exists()
    assert run(root, "--today", TODAY, "generate").exit_code == 0  # once it is let go


# --- the lock -----------------------------------------------------------------------------------


def test_the_build_lock_is_one_per_project_and_nests_within_a_process(tmp_path: Path) -> None:
    other = [sys.executable, "-c", "import sys; from pathlib import Path; "
             "from generator.output.buildlock import Busy, exclusive\n"
             "try:\n    with exclusive(Path(sys.argv[1])): pass\n"
             "except Busy as exc:\n    sys.exit(str(exc))\n", str(tmp_path)]
    with exclusive(tmp_path):
        with exclusive(tmp_path):  # build_site inside `playbook build`'s own hold
            pass
        refused = subprocess.run(other, capture_output=True, text=True, check=False)
    assert refused.returncode == 1
    assert refused.stderr == ("another playbook run (build, generate or serve) is using "
                              f"this project (pid {os.getpid()}); wait for it to finish "
                              "(or stop it) and run again\n")
    assert subprocess.run(other, capture_output=True, check=False).returncode == 0  # let go
    assert list(tmp_path.iterdir()) == []  # no lock file left in the project


def test_a_forked_process_does_not_keep_the_lock_after_its_parent(tmp_path: Path) -> None:
    # generate forks its crew under the lock: killed, the build must not leave the crew
    # holding it, or the next run is refused until the crew ends.
    other = [sys.executable, "-c", "import sys; from pathlib import Path; "
             "from generator.output.buildlock import Busy, exclusive\n"
             "try:\n    with exclusive(Path(sys.argv[1])): pass\n"
             "except Busy as exc:\n    sys.exit(str(exc))\n", str(tmp_path)]
    read, write_end = os.pipe()
    with exclusive(tmp_path):
        child = os.fork()
        if child == 0:  # a crew member: waits until told, then ends without unwinding
            os.close(write_end)
            os.read(read, 1)
            os._exit(0)
    os.close(read)
    try:
        free = subprocess.run(other, capture_output=True, text=True, check=False)
    finally:
        os.close(write_end)
        os.waitpid(child, 0)
    assert free.returncode == 0, free.stderr
