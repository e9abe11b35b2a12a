"""Nothing outside the project is touched by a build, whatever links the project holds, and two
builds, a killed build or a stopped one leave a whole site and nothing running.

Each project sits in a folder of its own beside `outside/`, which holds a canary file: a link
in the project leads there, and after the build `outside/` must be exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, Run, write

from generator.staging import MARKER, MARKER_TEXT

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
    # (The writer refused these before; checked here through `build` all the same.)
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
    refused(playbook(root, "build"), f"{root}/{where} is a symbolic link;")
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
