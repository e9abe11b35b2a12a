"""A build that keeps pages updates site/ in place when site/ is provably the one the last
build left (fast/inplace.py), and swaps a whole new site in otherwise: either way the site is
the one a full build makes, byte for byte, and nothing outside site/ is touched.

Each fallback: a page of site/ edited by hand (its size and time put back), a link planted in
site/, a build stopped in the middle of an update, a record damaged or of other code."""

from __future__ import annotations

import os
import re
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from in_place_watch import Updates, failed_index_leaves_site
from test_warm_cold import Project, make_project, playbook, warm_equals_cold

from generator.commands import build as build_command
from generator.fast import inplace, keeper, memofile
from generator.output import mkdocs
from generator.output.search import SearchError

pytestmark = pytest.mark.usefixtures("site_url")

CALL = "zeta/2026-09-21-demo.yaml"
PAGE = "team/calls/zeta/2026-09-21-demo/index.html"


@pytest.fixture
def built(tmp_path: Path) -> tuple[Project, Path]:
    """A project built once with shortcuts: site/ and its record in the store."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    project = make_project(tmp_path / "project", settled=False, site=True)
    assert playbook(project.root, scratch / "warm-cache", "build")[0] == 0
    return project, scratch


def edit(project: Project, title: str) -> None:
    text = (project.plans / CALL).read_text(encoding="utf-8")
    project.write(CALL, re.sub(r"(?m)^title: .*$", f"title: {title}", text).encode())


def outside(project: Project, scratch: Path) -> dict[str, tuple[int, bytes]]:
    """Every file of the project and the scratch folder but site/ and the outputs a build
    rewrites, with its inode and bytes."""
    found: dict[str, tuple[int, bytes]] = {}
    for top in (project.root, scratch):
        for path in sorted(top.rglob("*")):
            rel = path.relative_to(top).as_posix()
            if rel.startswith(("site/", "content/team", ".git/", "warm-cache", "cold-cache",
                               "saved")) or not path.is_file() or path.is_symlink():
                continue
            found[f"{top.name}/{rel}"] = (path.stat().st_ino, path.read_bytes())
    return found


def records(scratch: Path) -> list[Path]:
    return sorted((scratch / "warm-cache").glob("projects/*/site/in-place/*.record"))


@pytest.mark.slow
def test_a_build_after_one_edit_moves_in_the_pages_it_made_and_leaves_the_rest(
        built: tuple[Project, Path]) -> None:
    project, scratch = built
    site = project.root / "site"
    pages = sorted(p for p in (site / "team" / "calls").glob("*/*/index.html")
                   if p.relative_to(site).as_posix() != PAGE)
    before = {p: (p.stat().st_ino, p.read_bytes()) for p in pages}
    top = site.stat().st_ino
    edit(project, "Demo moved")
    with Updates() as updates:
        warm_equals_cold(project, scratch, "build", "site", ["a title edited"], "no-shortcuts")
    assert updates.done == ["in place"]
    assert site.stat().st_ino == top  # the same folder, updated, not swapped
    # The pages kept (all but the edited one and the next call's, whose prep names it) never
    # moved: the same files, one name each.
    same = [p for p in pages if p.read_bytes() == before[p][1]]
    assert len(same) >= len(pages) - 1 > 5
    assert all(p.stat().st_ino == before[p][0] and p.stat().st_nlink == 1 for p in same)
    assert b"Demo moved" in (site / PAGE).read_bytes()
    assert not list(project.root.glob(".site.building*"))
    # A call removed: its page and folder go, in place.
    (project.plans / "zeta/2026-09-21-demo.yaml").unlink()
    with Updates() as updates:
        warm_equals_cold(project, scratch, "build", "site", ["a call removed"], "no-shortcuts")
    assert updates.done == ["in place"]
    assert not (site / PAGE).parent.exists()


def _hand_edit(site: Path) -> None:
    page = site / PAGE.replace("zeta/2026-09-21-demo", "acme/2026-03-10-discovery")
    if not page.exists():
        page = sorted((site / "team" / "calls").glob("*/*/index.html"))[0]
    info = page.stat()
    page.write_bytes(page.read_bytes().replace(b"<", b"[", 1))  # its size stays
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns))  # and its time is put back


def _link(site: Path) -> None:
    (site / "team" / "planted").symlink_to(site.parent / "plans")


def _record_damaged(scratch: Path) -> None:
    for record in records(scratch):
        data = bytearray(record.read_bytes())
        data[-10] ^= 1
        record.write_bytes(bytes(data))


def _record_of_other_code(scratch: Path) -> None:
    """Forged whole: its digest right, but made by other code."""
    for record in records(scratch):
        magic, _, rest = record.read_bytes().partition(b"\n")
        _digest, _, rest = rest.partition(b"\n")
        scope, _, body = rest.partition(b"\n")
        _code, _, site = scope.decode().partition(" ")
        record.write_bytes(memofile.frame(magic, f"{'0' * 16} {site}", body))


FAULTS: dict[str, Callable[[Path, Path], None]] = {
    "a page edited by hand": lambda site, _: _hand_edit(site),
    "a link planted": lambda site, _: _link(site),
    "a record damaged": lambda _, scratch: _record_damaged(scratch),
    "a record of other code": lambda _, scratch: _record_of_other_code(scratch),
}


@pytest.mark.slow
@pytest.mark.parametrize("fault", FAULTS)
def test_a_site_not_proven_the_last_builds_is_swapped(built: tuple[Project, Path],
                                                     fault: str) -> None:
    project, scratch = built
    site = project.root / "site"
    assert records(scratch)
    FAULTS[fault](site, scratch)
    edit(project, "Demo faulted")
    untouched = outside(project, scratch)
    with Updates() as updates:
        warm_equals_cold(project, scratch, "build", "site", [fault], "no-shortcuts")
    assert updates.done == []  # finish() found site/ not as recorded: it swapped
    assert outside(project, scratch) == untouched
    assert not (site / "team" / "planted").is_symlink()
    with Updates() as updates:  # the swap recorded the site it made: in place again
        edit(project, "Demo after")
        warm_equals_cold(project, scratch, "build", "site", [fault, "after"], "no-shortcuts")
    assert updates.done == ["in place"]


@pytest.mark.slow
def test_a_link_planted_deep_in_site_is_never_followed(built: tuple[Project, Path],
                                                       tmp_path: Path) -> None:
    """A link below site/ where no check but the record's looks: the update does not go
    through it, and the swap takes it away as a link, leaving what it points to."""
    project, scratch = built
    site = project.root / "site"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("not the site's", encoding="utf-8")
    calls = site / "team" / "calls" / "zeta"
    (calls / "planted").symlink_to(elsewhere)
    edit(project, "Demo linked")
    untouched = outside(project, scratch)
    with Updates() as updates:
        warm_equals_cold(project, scratch, "build", "site", ["a link deep in site/"],
                         "no-shortcuts")
    assert updates.done == []
    assert (elsewhere / "index.html").read_text(encoding="utf-8") == "not the site's"
    assert not (calls / "planted").is_symlink()
    assert outside(project, scratch) == untouched


class Stopped(BaseException):
    """Stands for a kill: nothing after it runs (a SIGKILL runs no cleanup either)."""


@pytest.mark.slow
def test_a_build_stopped_mid_update_leaves_a_mark_and_the_next_one_swaps(
        built: tuple[Project, Path]) -> None:
    project, scratch = built
    site = project.root / "site"
    edit(project, "Demo stopped")
    real = os.rename
    renamed: list[str] = []

    def rename(src: Any, dst: Any, **kwargs: Any) -> None:
        if kwargs and len(renamed) == 3:  # the update's renames go by folder descriptors
            raise Stopped
        real(src, dst, **kwargs)
        renamed.append(str(dst))

    with mock.patch.object(inplace.os, "rename", rename), pytest.raises(Stopped):
        playbook(project.root, scratch / "warm-cache", "build")
    assert len(renamed) == 3  # site/ is part updated
    # The record's body (compressed, after its magic, digest and scope) is the mark alone.
    assert [zlib.decompress(r.read_bytes().split(b"\n", 3)[3])
            for r in records(scratch)] == [b"U"]
    untouched = outside(project, scratch)
    with Updates() as updates:
        warm_equals_cold(project, scratch, "build", "site", ["stopped mid-update"],
                         "no-shortcuts")
    assert updates.done == []  # the mark: no update in place, the swap
    assert outside(project, scratch) == untouched
    assert site.is_dir()
    with Updates() as updates:  # and the build after that is in place again
        edit(project, "Demo again")
        warm_equals_cold(project, scratch, "build", "site", ["once more"], "no-shortcuts")
    assert updates.done == ["in place"]


@pytest.mark.slow
def test_a_failed_index_in_place_puts_site_back_as_it_was(built: tuple[Project, Path]) -> None:
    """The index runs on site/ once the pages moved in: when it fails, every move is undone
    (what it wrote goes too), and the next build, seeing the mark, swaps."""
    project, scratch = built
    (project.plans / CALL).unlink()  # a page to take away, others to move in
    edit_other(project)

    def failing(staged: Path, **_: Any) -> str:
        assert not (staged / PAGE).exists()  # it was given the updated site/
        (staged / "pagefind").mkdir(exist_ok=True)  # the parts that did not change stay
        (staged / "pagefind" / "half.js").write_text("half", encoding="utf-8")
        raise SearchError("Pagefind exited with code 1")

    failed_index_leaves_site(project, scratch,
                             mock.patch.object(build_command, "index_site", failing))


def edit_other(project: Project) -> None:
    rel = "acme/2026-03-10-discovery.yaml"
    text = (project.plans / rel).read_text(encoding="utf-8")
    project.write(rel, re.sub(r"(?m)^title: .*$", "title: Other edited", text).encode())


@pytest.mark.slow
def test_a_kept_page_lost_after_finish_swaps_in_only_the_full_rebuild(
        built: tuple[Project, Path]) -> None:
    """finish() could not put a kept page back: that staged site is never swapped in nor
    updated into site/; everything is built again and only that site goes in."""
    project, scratch = built
    edit(project, "Demo lost")
    real = keeper.Keeper.finish
    swaps: list[Path] = []
    real_swap = mkdocs.swap_in

    def finish(this: keeper.Keeper, site: Path, previous: Path) -> bool:
        real(this, site, previous)
        return False

    def swap_in(staging: Any, site: Path) -> None:
        swaps.append(site)
        real_swap(staging, site)

    with Updates() as updates, mock.patch.object(keeper.Keeper, "finish", finish), \
            mock.patch.object(mkdocs, "swap_in", swap_in):
        warm_equals_cold(project, scratch, "build", "site", ["a kept page lost"], "fresh-cache")
    assert updates.done == []
    assert len(swaps) == 2  # the rebuild's, and the cold side's


def test_a_record_is_named_for_what_it_holds_and_the_old_name_goes(tmp_path: Path) -> None:
    """Its body is binary: `.record`, not `.json`; a record of the old name (an earlier
    version's) is removed when one is written, as are the temporaries a killed run left."""
    site = tmp_path / "site"
    (site / "team").mkdir(parents=True)
    (site / "index.html").write_bytes(b"home")
    record = inplace.SiteRecord(tmp_path / "store", site)
    record.folder.mkdir(parents=True)
    old = record.path.with_suffix(".json")
    left = record.folder / f".{old.name}.1.tmp"
    for path in (old, left):
        path.write_bytes(b"an earlier version's record")
        os.utime(path, (0, 0))
    record.save({})
    assert record.path.name.endswith(".record") and record.path.is_file()
    assert sorted(p.name for p in record.folder.iterdir()) == [record.path.name]
    assert inplace.SiteRecord(tmp_path / "store", site).load()

