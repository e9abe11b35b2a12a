"""site/ walked early, while generation runs (fast/keeper.py: Ahead): begin() takes that walk
for its own only for the record it walked against, and a change to site/ after it still gives
the plain site, since the update walks site/ again before it changes anything."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from in_place_watch import Updates
from test_in_place import FAULTS, built, edit  # noqa: F401 - built is a fixture
from test_warm_cold import Project, warm_equals_cold

from generator.fast import aside, inplace, keeper
from generator.fast.pagestore import store_folder

pytestmark = pytest.mark.usefixtures("site_url")


def _begin(project: Project, stage: Path, ahead: keeper.Ahead) -> keeper.Keeper:
    taken = keeper.Keeper(project.root, "mkdocs", ahead=ahead)
    try:
        assert taken.begin(project.root, stage, None)
    finally:
        taken.end()
    return taken


@pytest.mark.slow
def test_begin_takes_the_early_walk_only_for_the_record_it_walked_against(
        built: tuple[Project, Path], monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        tmp_path: Path) -> None:
    project, scratch = built
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(scratch / "warm-cache"))
    site = project.root / "site"
    ahead = keeper.Ahead(project.root)
    ahead.walk()
    assert ahead.seal  # the last build's site, as recorded
    walks: list[Path] = []
    real_walk = inplace.walks_as

    def counted(top: Path, files: Any) -> bool:
        walks.append(top)
        return real_walk(top, files)

    monkeypatch.setattr(inplace, "walks_as", counted)
    assert _begin(project, tmp_path / "first", ahead).in_place
    assert walks == []  # proven by the early walk: not walked again
    # Another record takes its place (of site/ with one more file, which goes again): site/ is
    # as the walked record says, not as this one does.
    extra = site / "extra.txt"
    extra.write_text("one more", encoding="utf-8")
    inplace.SiteRecord(store_folder(project.root), site).save({})
    extra.unlink()
    assert not _begin(project, tmp_path / "second", ahead).in_place
    assert walks == []
    # Without an early walk, begin() walks site/ itself, and finds it not as recorded either.
    assert not _begin(project, tmp_path / "third", keeper.Ahead(project.root)).in_place
    assert walks == [site.absolute()]


@pytest.mark.slow
@pytest.mark.parametrize("fault", ["a page edited by hand", "a link planted"])
def test_site_changed_after_the_early_walk_still_gives_the_plain_site(
        built: tuple[Project, Path], monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        fault: str) -> None:
    project, scratch = built
    site = project.root / "site"
    real_walk = keeper.Ahead.walk

    def walk_then_fault(self: keeper.Ahead) -> None:
        real_walk(self)
        assert self.seal  # proven as recorded, just before the change
        FAULTS[fault](site, scratch)

    monkeypatch.setattr(keeper.Ahead, "walk", walk_then_fault)
    edit(project, "Demo changed under the walk")
    with Updates() as updates:
        warm_equals_cold(project, scratch, "build", "site", [fault], "no-shortcuts")
    assert updates.done == ["swap"]  # the update walked site/ again and found the change
    assert not (site / "team" / "planted").is_symlink()


@pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2,
                    reason="walks in this process where there is no fork")
def test_the_early_walk_is_made_in_a_process_of_its_own(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    # What the record and the walk take (about 240 MB at 100,000 calls) goes with that process,
    # not stays with the build's, beside generation's peak. (A build forks when no other thread
    # runs; a test before this one may have left one running in this process.)
    monkeypatch.setattr(aside, "can_fork", lambda: True)
    monkeypatch.setattr(keeper.Ahead, "_proven", lambda _self: str(os.getpid()))
    ahead = keeper.Ahead(tmp_path)
    ahead.walk()
    assert ahead.seal and ahead.seal != str(os.getpid())


def test_an_early_walk_that_fails_leaves_begin_to_walk(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    def lost(_self: keeper.Ahead) -> str:
        raise RuntimeError("a helper process ended unexpectedly")

    monkeypatch.setattr(keeper.Ahead, "_proven", lost)
    ahead = keeper.Ahead(tmp_path)
    ahead.walk()
    assert ahead.seal is None  # not walked: begin() walks site/ itself
