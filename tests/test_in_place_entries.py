"""A build that updates site/ in place never looks at the store entry of a page it leaves
where it is (fast/keeper.py): site/'s walk and the record's digest prove that page. An entry
removed, cut short or forged after the last build changes nothing in such a build, and when
site/ turns out changed after all, each such page's entry is looked up before its use: the
site is the plain build's, byte for byte, either way."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from test_keep_pages import FORGED, Counted, entries, forge
from test_warm_cold import Project, make_project, playbook, warm_equals_cold

from generator.fast import keeper, pagestore
from generator.read import stats

pytestmark = pytest.mark.usefixtures("site_url")

CALL = "zeta/2026-09-21-demo.yaml"


@pytest.fixture
def built(tmp_path: Path) -> Iterator[tuple[Project, Path]]:
    """A project built twice with shortcuts: the second build found every entry whole and
    remembered it (the entries memo), as a build does once the entries' stats have settled
    (read/stats.py: here at once, as seconds apart would)."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    with mock.patch.object(stats, "RACY_NS", 0):
        project = make_project(tmp_path / "project", settled=True, site=True)
        for _ in range(2):
            assert playbook(project.root, scratch / "warm-cache", "build")[0] == 0
        yield project, scratch


def edit(project: Project, title: str) -> None:
    text = (project.plans / CALL).read_text(encoding="utf-8")
    project.write(CALL, re.sub(r"(?m)^title: .*$", f"title: {title}", text).encode())


def _edit_leaves_entries_unlooked(project: Project, scratch: Path, title: str) -> None:
    """Edit a title and build in place: the result is the plain build's, and no entry of a
    page left in site/ is looked at (not even its lstat)."""
    before = {p.name for p in entries(scratch)}
    looked: list[str] = []
    real = os.lstat

    def lstat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        looked.append(os.path.basename(os.fspath(path)))
        return real(path, *args, **kwargs)

    edit(project, title)
    with Counted() as counted, mock.patch.object(pagestore.os, "lstat", lstat):
        warm_equals_cold(project, scratch, "build", "site", ["a title edited"], "no-shortcuts")
    stayed = before & {p.name for p in entries(scratch)}  # the keys of the pages kept
    assert counted.in_place == 1 and len(stayed) > 10
    assert stayed.isdisjoint(looked), "an entry of a page left in site/ was looked at"


@pytest.mark.slow
def test_an_in_place_build_takes_no_lstat_of_the_entries_of_pages_it_leaves(
        built: tuple[Project, Path]) -> None:
    _edit_leaves_entries_unlooked(*built, "Demo looked at")


@pytest.mark.slow
def test_the_edit_right_after_a_full_build_takes_no_lstat_of_entries_left(
        tmp_path: Path) -> None:
    # The full build wrote every entry and the entries memo remembers what it wrote, though
    # no stat of a file just written can vouch for it yet: the next build leaves those pages
    # in site/ without a look at their entries.
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    project = make_project(tmp_path / "project", settled=True, site=True)
    assert playbook(project.root, scratch / "warm-cache", "build")[0] == 0
    _edit_leaves_entries_unlooked(project, scratch, "Demo right after")


def _remove(entry: Path) -> None:
    entry.unlink()


def _cut(entry: Path) -> None:
    entry.write_bytes(entry.read_bytes()[:100])


FAULTS: dict[str, Callable[[Path], None]] = {"removed": _remove, "cut short": _cut,
                                              "forged": forge}


@pytest.mark.slow
@pytest.mark.parametrize("fault", FAULTS)
def test_entries_gone_bad_after_the_last_build_leave_the_pages_in_place(
        built: tuple[Project, Path], fault: str) -> None:
    project, scratch = built
    for entry in entries(scratch):
        FAULTS[fault](entry)
    edit(project, "Demo without entries")
    with Counted() as counted:
        warm_equals_cold(project, scratch, "build", "site", [f"entries {fault}"],
                         "no-shortcuts")
    assert counted.in_place == 1 and counted.kept[0] > 10  # kept, never read
    assert FORGED not in b"".join(p.read_bytes()
                                  for p in (project.root / "site").rglob("*.html"))


@pytest.mark.slow
def test_site_changed_during_the_build_looks_the_entries_up_before_using_them(
        built: tuple[Project, Path]) -> None:
    """site/ proven before the engine ran, changed by hand while it ran: the pages meant to
    stay go into the new site after all, and their entries, removed, cannot give them: the
    build starts again from nothing and gives the plain site."""
    project, scratch = built
    for entry in entries(scratch):
        entry.unlink()
    real = keeper.Keeper.begin
    site = project.root / "site"

    def begin(this: keeper.Keeper, *args: Any) -> dict[str, str]:
        env = real(this, *args)
        for page in sorted(site.rglob("*.html")):
            page.write_bytes(page.read_bytes() + b" ")
        return env

    edit(project, "Demo during the build")
    with Counted() as counted, mock.patch.object(keeper.Keeper, "begin", begin):
        warm_equals_cold(project, scratch, "build", "site", ["site/ changed mid-build"],
                         "no-shortcuts")
    assert counted.kept[0] > 10 and counted.in_place == 0
