"""Faults: an interrupted or failing `playbook generate` or `build` leaves the previous output
intact or clearly marked incomplete, never a half-mixed site; the next run finishes the job; and
nothing outside content/team/ and site/ is ever touched, nor a file playbook did not write.

The kill lands part-way on purpose: a synthetic team (bench/synth.py) is big enough that writing
its pages takes a while, and the generate process is killed once the subtree's .incomplete
marker has appeared and the first page has been replaced.
"""

from __future__ import annotations

import contextlib
import errno
import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CALL, CALL_PATH, Run, write

from generator.output.staging import Staging

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
TODAY = "2026-11-26"
MARKER = ".incomplete"
MANIFEST = ".manifest.json"


def make_team(out: Path, calls: int) -> Path:
    spec = importlib.util.spec_from_file_location("synth", REPO / "bench" / "synth.py")
    assert spec and spec.loader
    synth = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synth)
    return synth.make_team(out, calls)  # type: ignore[no-any-return]


def playbook(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "generator", "--root", str(root), "--today", TODAY, *args]


def generate(root: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(playbook(root, "generate"), capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    return result


def pages(root: Path) -> dict[str, bytes]:
    """The generated pages, and the list of files the manifest claims: every file under
    content/team/ but dot-files. (The rest of the manifest records the inputs' file stats,
    which differ from one copy of a project to another.)"""
    team = root / "content" / "team"
    out = {p.relative_to(team).as_posix(): p.read_bytes() for p in sorted(team.rglob("*"))
           if p.is_file() and not any(part.startswith(".") for part in p.relative_to(team).parts)}
    if (team / MANIFEST).is_file():
        claimed = json.loads((team / MANIFEST).read_text(encoding="utf-8"))["files"]
        out[MANIFEST] = "\n".join(sorted(claimed)).encode()
    return out


def outside(root: Path, *skip: str) -> dict[str, tuple[bytes | None, int]]:
    """Every path under root but the skipped folders: bytes (None for folders) and mtime."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if any(rel == s or rel.startswith(f"{s}/") for s in skip):
            continue
        stat = path.lstat()
        out[rel] = (path.read_bytes() if path.is_file() else None, stat.st_mtime_ns)
    return out


def rename_reps(root: Path) -> None:
    """An edit that changes most pages: every call page names its rep."""
    team = root / "plans" / "team.yaml"
    team.write_text(team.read_text(encoding="utf-8").replace("name: Rep ", "name: Agent "),
                    encoding="utf-8")


# --- killed part-way -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict, dict]]:
    """A generated synthetic team, its pages, and the pages a clean run after rename_reps gives."""
    base = tmp_path_factory.mktemp("faults")
    root = make_team(base / "team", 1200)
    generate(root)
    before = pages(root)
    clean = base / "clean"
    shutil.copytree(root, clean, symlinks=True)
    rename_reps(clean)
    generate(clean)
    yield root, before, pages(clean)


def _group_alive(group: int) -> bool:
    """Some process of the process group is still running (not merely waiting to be reaped)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group and fields[0] != "Z":
                return True
    return False


@pytest.mark.slow
def test_generate_killed_part_way_is_marked_and_the_next_run_completes(
    synthetic: tuple[Path, dict[str, bytes], dict[str, bytes]],
) -> None:
    root, old, new = synthetic
    rename_reps(root)
    untouched = outside(root, "content/team")
    team = root / "content" / "team"
    # The writer replaces changed pages in order of their paths: watch the first of them.
    first = team / min(p for p in new if p.endswith(".md") and new[p] != old.get(p))
    first_before = first.read_bytes()

    process = subprocess.Popen(playbook(root, "generate"), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    # Wait (no clock involved) for the write to be under way: the marker is there and the first
    # page has been replaced. Then kill without warning.
    while process.poll() is None and not (
        (team / MARKER).exists() and first.exists() and first.read_bytes() != first_before
    ):
        pass
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL, "generate finished before it could be killed"
    # The processes it forked to share the work end with it rather than wait for work for ever.
    # (A bound on waiting, not a speed target: they end within a moment or never.)
    deadline = time.monotonic() + 60
    while _group_alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _group_alive(process.pid), "a helper process outlived the killed generate"

    assert (team / MARKER).exists(), "an interrupted run must leave the subtree marked"
    now = pages(root)
    mixed = {p: ("old" if data == old.get(p) else "new" if data == new.get(p) else "neither")
             for p, data in now.items() if p != MANIFEST}
    assert [p for p, kind in mixed.items() if kind == "neither"] == []  # no page half-written
    assert "new" in mixed.values() and "old" in mixed.values()  # killed part-way indeed
    assert outside(root, "content/team") == untouched

    result = generate(root)
    assert not (team / MARKER).exists()
    assert pages(root) == new
    assert [p.name for p in team.rglob(".*")] == [MANIFEST]  # no temporary file left behind
    assert "warning" not in result.stderr
    assert outside(root, "content/team") == untouched
    assert "Traceback" not in result.stderr


# --- disk full and template errors -------------------------------------------------------------


def clean_pages(tmp_path: Path, project: Path, run: Run) -> dict[str, bytes]:
    copy = tmp_path / "clean"
    shutil.copytree(project / "plans", copy / "plans")
    assert run(copy, "--today", TODAY, "generate").exit_code == 0
    return pages(copy)


NEW_CALL = CALL.replace("title: First meeting", "title: First meeting, rescheduled")


def test_a_full_disk_while_writing_leaves_pages_whole_and_marked(
    tmp_path: Path, project: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(project, "--today", TODAY, "generate").exit_code == 0
    old = pages(project)
    write(project, CALL_PATH, NEW_CALL)
    new = clean_pages(tmp_path, project, run)
    untouched = outside(project, "content/team")

    real = tempfile.mkstemp
    made = []

    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        # Only the pages' disk fills up: the cache, in the user's cache folder, writes first.
        if str(kwargs.get("dir", "")).startswith(str(project)):
            made.append(1)
        if len(made) > 2:  # room for the marker and a page, then the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(*args, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    result = run(project, "--today", TODAY, "generate")
    monkeypatch.setattr(tempfile, "mkstemp", real)

    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    error = result.stderr.splitlines()
    assert len(error) == 1 and error[0].startswith("Error: could not write"), error
    assert "No space left on device" in error[0]
    assert (project / "content/team" / MARKER).exists()
    now = pages(project)
    assert all(data in {old.get(p), new.get(p)} for p, data in now.items() if p != MANIFEST)
    assert outside(project, "content/team") == untouched

    assert run(project, "--today", TODAY, "generate").exit_code == 0
    assert pages(project) == new
    assert not (project / "content/team" / MARKER).exists()


BROKEN_TEMPLATE = """
import jinja2, generator.pages.render as render
real = render.environment
class Env:
    def __getattr__(self, name): return getattr(real(), name)
    def __setattr__(self, name, value): setattr(real(), name, value)
    def get_template(self, name):
        template = real().get_template(name)
        if name != "account.md.j2":
            return template
        class Broken:
            def render(self, *args, **kwargs):
                raise jinja2.UndefinedError("'account' has no attribute 'nmae'")
        return Broken()
render.environment = lambda: Env()
from generator.cli import main
main()
"""


def test_a_template_error_leaves_the_previous_pages_untouched(project: Path, run: Run) -> None:
    assert run(project, "--today", TODAY, "generate").exit_code == 0
    write(project, CALL_PATH, NEW_CALL)
    untouched = outside(project)
    result = subprocess.run(
        [sys.executable, "-c", BROKEN_TEMPLATE, "--root", str(project), "--today", TODAY,
         "generate"],
        capture_output=True, text=True, check=False, env={**os.environ, "PLAYBOOK_DEBUG": ""},
    )
    assert result.returncode == 3, result.stderr
    assert result.stderr.splitlines() == [
        "playbook: internal error: UndefinedError: 'account' has no attribute 'nmae' (run with "
        "PLAYBOOK_DEBUG=1 for the details, and please report it)"]
    assert outside(project) == untouched  # every page, byte and mtime, and no marker


# --- MkDocs builds (slow) ---------------------------------------------------------------------

BROKEN_PAGE = "# Broken\n\n[gone](missing.md)\n"  # a warning, and --strict fails the build


@pytest.fixture
def site_project(project: Path) -> Path:
    shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "content", project / "content", ignore=lambda folder, _: (
        ["team"] if Path(folder) == REPO / "content" else []))
    result = subprocess.run(playbook(project, "build"), capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    return project


@pytest.mark.slow
def test_a_build_writes_nothing_but_site_and_the_generated_pages(site_project: Path) -> None:
    write(site_project, CALL_PATH, NEW_CALL)
    rest = outside(site_project, "site", "content/team")
    result = subprocess.run(playbook(site_project, "build"), capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert outside(site_project, "site", "content/team") == rest  # no staging left behind either
    built = site_project / "site/team/calls/acme/2026-03-10-discovery/index.html"
    assert "First meeting, rescheduled" in built.read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_failed_build_leaves_site_as_it_was(site_project: Path) -> None:
    write(site_project, "content/broken.md", BROKEN_PAGE)
    write(site_project, CALL_PATH, NEW_CALL)
    site = outside(site_project / "site")
    rest = outside(site_project, "site", "content/team")
    result = subprocess.run(playbook(site_project, "build"), capture_output=True, text=True,
                            check=False)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[-1] == "Error: the MkDocs build failed; site/ was left as it was"
    assert "Aborted with 1 warnings in strict mode!" in lines
    assert ("WARNING -  Doc file 'broken.md' contains a link 'missing.md', but the target is not "
            "found among documentation files.") in lines
    assert "Traceback" not in result.stderr
    assert outside(site_project / "site") == site
    assert outside(site_project, "site", "content/team") == rest
    assert not list(site_project.glob(".site.building*"))


@pytest.mark.slow
def test_a_crash_inside_mkdocs_is_reported_in_a_line_not_a_traceback(site_project: Path) -> None:
    write(site_project, "content/broken.md", '# Broken\n\n--8<-- "nowhere.md"\n')
    site = outside(site_project / "site")
    result = subprocess.run(playbook(site_project, "build"), capture_output=True, text=True,
                            check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert ("pymdownx.snippets.SnippetMissingError: Snippet at path 'nowhere.md' could not be "
            "found") in lines
    assert lines[-1] == "Error: the MkDocs build failed; site/ was left as it was"
    assert outside(site_project / "site") == site


@pytest.mark.slow
def test_a_build_killed_part_way_leaves_the_previous_site(site_project: Path) -> None:
    write(site_project, CALL_PATH, NEW_CALL)
    site = outside(site_project / "site")
    process = subprocess.Popen(playbook(site_project, "build"), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    building = ".site.building-*/site/index.html"
    while process.poll() is None and not list(site_project.glob(building)):
        pass  # MkDocs is writing the new site
    os.killpg(process.pid, signal.SIGKILL)  # the whole job, MkDocs with it, as a CI cancel does
    assert process.wait() == -signal.SIGKILL, "the build finished before it could be killed"
    assert outside(site_project / "site") == site

    result = subprocess.run(playbook(site_project, "build"), capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert not list(site_project.glob(".site.building*"))
    built = (site_project / "site/team/calls/acme/2026-03-10-discovery/index.html")
    assert "First meeting, rescheduled" in built.read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_build_stopped_between_its_two_renames_gets_its_site_back(site_project: Path) -> None:
    # build_site moves site/ aside, then moves the new site in: a kill between the two leaves
    # no site/ at all. The next build, even a failing one, must bring the previous one back.
    site = outside(site_project / "site")
    (site_project / "site").rename(Staging(site_project / "site").old)
    write(site_project, "content/broken.md", BROKEN_PAGE)
    result = subprocess.run(playbook(site_project, "build"), capture_output=True, text=True,
                            check=False)
    assert result.returncode == 1
    assert outside(site_project / "site") == site


# --- nothing lost ----------------------------------------------------------------------------


def test_a_hand_written_file_in_a_folder_whose_pages_all_go_is_kept(
    project: Path, run: Run
) -> None:
    assert run(project, "--today", TODAY, "generate").exit_code == 0
    notes = write(project, "content/team/calls/acme/notes.md", "Our own notes.\n")
    (project / CALL_PATH).unlink()  # the folder's only generated page goes
    result = run(project, "--today", TODAY, "generate")
    assert result.exit_code == 0
    assert notes.read_text(encoding="utf-8") == "Our own notes.\n"
    assert not (project / "content/team/calls/acme/2026-03-10-discovery.md").exists()
    assert ("warning: content/team/calls/acme/notes.md was not written by playbook; left alone"
            in result.stderr.splitlines())


def test_a_hand_written_file_where_a_new_page_goes_is_not_overwritten(
    project: Path, run: Run
) -> None:
    mine = write(project, "content/team/calls/acme/2026-03-10-discovery.md", "Mine.\n")
    run(project, "--today", TODAY, "generate")
    assert mine.read_text(encoding="utf-8") == "Mine.\n"


def test_a_link_inside_the_subtree_never_leads_a_write_outside(project: Path, run: Run) -> None:
    write(project, "elsewhere/keep.md", "precious\n")
    (project / "content/team/calls").mkdir(parents=True)
    (project / "content/team/calls/acme").symlink_to(project / "elsewhere")
    before = outside(project / "elsewhere")
    run(project, "--today", TODAY, "generate")
    assert outside(project / "elsewhere") == before


def test_a_killed_runs_temporary_file_is_cleaned_up(project: Path, run: Run) -> None:
    assert run(project, "--today", TODAY, "generate").exit_code == 0
    folder = project / "content/team/calls/acme"
    (folder / ".2026-03-10-discovery.md.k1ll3d0x.tmp").write_bytes(b"half a pa")
    (project / "content/team" / MARKER).write_bytes(b"")
    result = run(project, "--today", TODAY, "generate")
    assert result.exit_code == 0
    assert "warning" not in result.stderr
    assert not (folder / ".2026-03-10-discovery.md.k1ll3d0x.tmp").exists()


def test_a_foreign_file_name_cannot_forge_an_output_line(project: Path, run: Run) -> None:
    assert run(project, "--today", TODAY, "generate").exit_code == 0
    write(project, "content/team/x\n::error file=plans/team.yaml::forged.md", "x")
    result = run(project, "--today", TODAY, "generate")
    assert all(line.startswith(("generated ", "warning: ")) for line in result.stderr.splitlines())
