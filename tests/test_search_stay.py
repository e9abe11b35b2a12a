"""An in-place update leaves each search part whose key did not change where it is in
site/pagefind/ (fast/partstay.py): not one of its files written, moved or removed. A changed,
new or removed part, months.json and nothing else change; the site stays the one a full build
makes. A file of pagefind/ edited, planted or linked since leads to a full site all the same, a
failed index puts every change back, and a month no longer there loses its part."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from in_place_watch import Updates, failed_index_leaves_site
from test_in_place import CALL, PAGE, built, edit, records  # noqa: F401 - a fixture
from test_warm_cold import Project, playbook, tree, warm_equals_cold

from generator.fast import partstay
from generator.fast.inplace import walk
from generator.fast.moves import Moves
from generator.output import search
from generator.output.search import SearchError

Files = dict[str, tuple[int, int, int]]


def bundle_files(site: Path) -> Files:
    """Every file under site/pagefind/ with its inode, mtime and change time."""
    found: Files = {}
    for path in sorted((site / "pagefind").rglob("*")):
        if path.is_file():
            info = path.lstat()
            found[path.relative_to(site).as_posix()] = (info.st_ino, info.st_mtime_ns,
                                                        info.st_ctime_ns)
    return found


def of_month(files: Files, month: str) -> Files:
    return {rel: v for rel, v in files.items() if rel.startswith(f"pagefind/month-{month}")}


class Left:
    """The bundles the in-place updates left where they were."""

    def __init__(self) -> None:
        self.left: list[str] = []

    def __enter__(self) -> Left:
        real = partstay.PartsInPlace.stays

        def stays(this: partstay.PartsInPlace, bundle: str, key: str) -> Any:
            found = real(this, bundle, key)
            if found is not None:
                self.left.append(bundle)
            return found

        self.patch = mock.patch.object(partstay.PartsInPlace, "stays", stays)
        self.patch.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self.patch.stop()


@pytest.mark.slow
def test_the_parts_of_months_not_edited_stay_where_they_are(
        built: tuple[Project, Path]) -> None:  # noqa: F811
    project, scratch = built
    site = project.root / "site"
    before = bundle_files(site)
    assert of_month(before, "2026-03") and of_month(before, "2026-09")
    edit(project, "Demo moved")  # a call of September
    with Updates() as updates, Left() as left:
        warm_equals_cold(project, scratch, "build", "site", ["a title edited"], "no-shortcuts")
    assert updates.done == ["in place"]
    assert {"pagefind/month-2026-03", "pagefind/month-2026-04"} <= set(left.left)
    assert "pagefind/month-2026-09" not in left.left
    after = bundle_files(site)
    for month in ("2026-03", "2026-04"):  # the same files: never written, moved or removed
        assert of_month(after, month) == of_month(before, month)
    september = of_month(after, "2026-09")
    assert september and not set(september.items()) & set(of_month(before, "2026-09").items())
    assert after["pagefind/months.json"] != before["pagefind/months.json"]
    # The next build leaves September's new part too: the record names it.
    with Updates() as updates, Left() as left:
        assert playbook(project.root, scratch / "warm-cache", "build")[0] == 0
    assert updates.done == ["in place"]
    assert "pagefind/month-2026-09" in left.left
    assert of_month(bundle_files(site), "2026-09") == september


@pytest.mark.slow
def test_a_month_no_longer_there_loses_its_part(built: tuple[Project, Path]) -> None:  # noqa: F811
    project, scratch = built
    site = project.root / "site"
    before = bundle_files(site)
    (project.plans / CALL).unlink()  # September's only call
    with Updates() as updates, Left() as left:
        warm_equals_cold(project, scratch, "build", "site", ["a month removed"], "no-shortcuts")
    assert updates.done == ["in place"]
    assert "pagefind/month-2026-03" in left.left
    after = bundle_files(site)
    assert not of_month(after, "2026-09")
    assert not (site / "pagefind" / "month-2026-09").exists()
    assert of_month(after, "2026-03") == of_month(before, "2026-03")


def _hand_edit(site: Path) -> None:
    """A file of a part that would stay, edited with its size and time put back."""
    path = sorted((site / "pagefind" / "month-2026-03").rglob("*.pf_fragment"))[0]
    info = path.stat()
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def _plant(site: Path) -> None:
    (site / "pagefind" / "month-2026-03" / "fragment" / "planted.pf_fragment").write_bytes(b"x")


def _link(site: Path) -> None:
    outside = site.parent / "outside.js"
    outside.write_text("outside", encoding="utf-8")
    (site / "pagefind" / "month-2026-04" / "pagefind.js").unlink()
    (site / "pagefind" / "month-2026-04" / "pagefind.js").symlink_to(outside)


@pytest.mark.slow
@pytest.mark.parametrize("fault", [_hand_edit, _plant, _link])
def test_a_file_of_pagefind_changed_by_hand_leads_to_the_full_site(
        built: tuple[Project, Path], fault: Any) -> None:  # noqa: F811
    project, scratch = built
    site = project.root / "site"
    fault(site)
    edit(project, "Demo moved")
    with Updates() as updates, Left() as left:
        warm_equals_cold(project, scratch, "build", "site", ["pagefind/ changed by hand"],
                         "no-shortcuts")
    assert updates.done == []  # finish() found site/ not as recorded: it swapped
    assert left.left == []
    if fault is _link:
        assert (site.parent / "outside.js").read_text(encoding="utf-8") == "outside"
    with Updates() as updates, Left() as left:  # and the build after that stays again
        edit(project, "Demo again")
        warm_equals_cold(project, scratch, "build", "site", ["once more"], "no-shortcuts")
    assert updates.done == ["in place"]
    assert "pagefind/month-2026-03" in left.left


@pytest.mark.slow
def test_a_file_changed_after_its_part_was_made_is_not_recorded_as_the_part(
        built: tuple[Project, Path]) -> None:  # noqa: F811
    """Between the index and the record: the record names no part, the next update makes
    every part again (the plain way), and the site is a full build's."""
    project, scratch = built
    real = search.trim_header_index

    def trim(staged: Path) -> None:  # the last step of the index
        real(staged)
        _hand_edit(staged)

    edit(project, "Demo moved")
    with mock.patch.object(search, "trim_header_index", trim):
        assert playbook(project.root, scratch / "warm-cache", "build")[0] == 0
    edit(project, "Demo again")
    with Updates() as updates, Left() as left:
        warm_equals_cold(project, scratch, "build", "site", ["a part forged"], "no-shortcuts")
    assert updates.done == ["in place"]
    assert left.left == []


@pytest.mark.slow
def test_a_failed_index_puts_back_every_part_it_took_away(
        built: tuple[Project, Path]) -> None:  # noqa: F811
    """September's part is taken away to be made again, and Pagefind fails while writing it:
    the update is undone, every file of site/ as it was."""
    project, scratch = built
    site = project.root / "site"
    files = bundle_files(site)
    edit(project, "Demo failed")

    def failing(staged: Path, glob: str, bundle: str = search.BUNDLE,
                pages: Path | None = None) -> str:  # `pages`: the part's view (partview.py)
        assert not (staged / bundle).exists()  # taken away before it is made again
        assert (staged / "pagefind" / "months.json").is_file()  # the Search page still works
        (staged / bundle / "fragment").mkdir(parents=True)
        (staged / bundle / "fragment" / "half.pf_fragment").write_bytes(b"half")
        raise SearchError("Pagefind exited with code 1")

    def put_back() -> None:  # the very files, not copies
        back = {rel: (inode, mtime) for rel, (inode, mtime, _) in bundle_files(site).items()}
        assert back == {rel: (inode, mtime) for rel, (inode, mtime, _) in files.items()}

    failed_index_leaves_site(project, scratch, mock.patch.object(search, "pagefind", failing),
                             put_back)


# --- without a build -------------------------------------------------------------------------

def _made(site: Path) -> partstay.Proof:
    (site / "pagefind" / "month-2026-01" / "index").mkdir(parents=True)
    (site / "pagefind" / "pagefind.js").write_bytes(b"library")
    (site / "pagefind" / "months.json").write_bytes(b"{}")
    (site / "pagefind" / "month-2026-01" / "index" / "a.pf_index").write_bytes(b"a")
    return {bundle: ("key-" + bundle, "", partstay.made_files(site, bundle))
            for bundle in ("pagefind", "pagefind/month-2026-01")}


def test_the_record_names_the_parts_only_as_they_were_made(tmp_path: Path) -> None:
    site = tmp_path / "site"
    proof = _made(site)
    assert set(proof["pagefind"][2]) == {"pagefind/pagefind.js"}
    assert partstay.recorded_parts(proof, walk(site) or {}) == {
        "pagefind": ["key-pagefind", ""],
        "pagefind/month-2026-01": ["key-pagefind/month-2026-01", ""]}
    (site / "pagefind" / "month-2026-01" / "index" / "b.pf_index").write_bytes(b"b")
    assert partstay.recorded_parts(proof, walk(site) or {}) == {}  # a file no part made
    (site / "pagefind" / "month-2026-01" / "index" / "b.pf_index").unlink()
    (site / "pagefind" / "month-2026-01" / "index" / "a.pf_index").write_bytes(b"A")
    assert partstay.recorded_parts(proof, walk(site) or {}) == {}  # rewritten since
    proof = _made(tmp_path / "other")
    (tmp_path / "other" / "pagefind" / "month-2026-02").mkdir()
    assert partstay.recorded_parts(proof, walk(tmp_path / "other") or {}) == {}


def test_an_entry_no_recorded_part_holds_turns_staying_off(tmp_path: Path) -> None:
    site = tmp_path / "site"
    proof = _made(site)
    files = walk(site) or {}
    parts = partstay.recorded_parts(proof, files)
    gone = tmp_path / "gone"
    gone.mkdir()
    place = partstay.PartsInPlace(site, parts, files, Moves(site, gone))
    assert place.leave() == set(files)
    assert place.stays("pagefind/month-2026-01", "key-pagefind/month-2026-01") is not None
    only_top = {"pagefind": parts["pagefind"]}
    assert partstay.PartsInPlace(site, only_top, files, Moves(site, gone)).leave() == set()
    staged = {"pagefind", "pagefind/index.html"}  # a page of that name
    assert partstay.PartsInPlace(site, parts, files, Moves(site, gone), staged).leave() == set()
    assert partstay.PartsInPlace(site, {"pagefind": "x"}, files, Moves(site, gone)).leave() \
        == set()
    (site / "pagefind" / "months.json").unlink()
    (site / "pagefind" / "months.json").mkdir()  # what the index cannot replace whole
    folder = walk(site) or {}
    assert partstay.PartsInPlace(site, parts, folder, Moves(site, gone)).leave() == set()


def test_taking_the_handbooks_part_leaves_the_months_inside_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    files = walk(site) if _made(site) else {}
    proof = {b: (k, s, f) for b, (k, s, f) in _made(tmp_path / "again").items()}
    parts = {bundle: [key, said] for bundle, (key, said, _) in proof.items()}
    gone = tmp_path / "gone"
    gone.mkdir()
    moves = Moves(site, gone)
    place = partstay.PartsInPlace(site, parts, files or {}, moves)
    place.take("pagefind")
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == [
        "pagefind", "pagefind/month-2026-01", "pagefind/month-2026-01/index",
        "pagefind/month-2026-01/index/a.pf_index", "pagefind/months.json"]
    (site / "pagefind" / "pagefind.js").write_bytes(b"new library")
    moves.undo(set(files or {}), set(files or {}))
    assert (site / "pagefind" / "pagefind.js").read_bytes() == b"library"


@pytest.mark.slow
def test_an_index_failing_after_months_json_was_replaced_puts_the_old_one_back(
        built: tuple[Project, Path]) -> None:  # noqa: F811
    project, scratch = built
    site = project.root / "site"
    before = tree(site)
    months = (site / "pagefind" / "months.json").stat().st_ino
    (project.plans / CALL).unlink()  # months.json changes: September goes

    def failing(staged: Path) -> None:  # after months.json was written
        assert b"2026-09" not in (staged / "pagefind" / "months.json").read_bytes()
        raise SearchError("trimming failed")

    with Updates() as updates, mock.patch.object(search, "trim_header_index", failing):
        code, _ = playbook(project.root, scratch / "warm-cache", "build")
    assert code == 1
    assert updates.done == ["in place"]
    assert tree(site) == before
    assert (site / "pagefind" / "months.json").stat().st_ino == months
