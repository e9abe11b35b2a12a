"""Search parts reused from the store (fast/searchparts.py): a part whose pages did not change
is put back as it was indexed, any other is indexed again; and the store is only used as far as
it checks out: a damaged, forged or half-written entry, a link at or inside the store, two
builds at once and a full disk all leave the build with the index a full run makes."""

from __future__ import annotations

import errno
import functools
import hashlib
import json
import os
import shutil
import threading
from pathlib import Path

import pytest
from pagefind_files import comparable

from generator.commands import build
from generator.fast import partpack, searchparts
from generator.fast.inplace import SiteRecord, walk
from generator.fast.moves import Moves
from generator.fast.partstay import recorded_parts
from generator.fast.searchparts import StoredParts
from generator.output.search import index_site

ACCOUNTS = ("a", "b", "d")
CALLS = ("2026-05-01-one", "2026-06-02-two")
"""A call of each account in May and in June: three parts, the handbook's and two months'."""
PARTS = ["pagefind", "pagefind/month-2026-06", "pagefind/month-2026-05"]


def _page(site: Path, where: str, words: str) -> None:
    (site / where).mkdir(parents=True, exist_ok=True)
    (site / where / "index.html").write_text(
        f"<html lang='en'><body><article><h1>{where}</h1><p>{words}</p></article></body></html>",
        encoding="utf-8")


def make_site(folder: Path) -> Path:
    site = folder / "site"
    _page(site, "model", "handbook words")
    for account in ACCOUNTS:
        for call in CALLS:
            _page(site, f"team/calls/{account}/{call}", f"call words {account} {call}")
    return site


def index(site: Path, store: Path) -> StoredParts:
    run = StoredParts(store)
    index_site(site, most=5, run=run)
    run.finish()  # as a build does (commands/build.py)
    return run


def bundle(site: Path) -> dict[str, bytes]:
    """The index as a comparable whole (pagefind_files.comparable)."""
    files = {p.relative_to(site).as_posix(): p.read_bytes()
             for p in sorted((site / "pagefind").rglob("*")) if p.is_file()}
    return comparable(files)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "search-parts"


@pytest.fixture
def full(tmp_path: Path) -> dict[str, bytes]:
    """The index every part of the site indexed again makes."""
    site = make_site(tmp_path / "full")
    index_site(site, most=5)
    return bundle(site)


def entries(store: Path) -> list[Path]:
    return sorted(p for p in store.iterdir() if not p.name.startswith(".") and p.is_dir())


def test_unchanged_parts_are_put_back_and_a_changed_one_indexed(
        tmp_path: Path, store: Path, full: dict[str, bytes]) -> None:
    first = index(make_site(tmp_path / "one"), store)
    assert (first.indexed, first.reused) == (PARTS, [])
    site = make_site(tmp_path / "two")
    again = index(site, store)
    assert (again.indexed, again.reused) == ([], PARTS)
    assert bundle(site) == full
    _page(site := make_site(tmp_path / "three"), f"team/calls/d/{CALLS[1]}", "words changed")
    edited = index(site, store)
    assert (edited.indexed, edited.reused) == (["pagefind/month-2026-06"],
                                               ["pagefind", "pagefind/month-2026-05"])


def _stored(tmp_path: Path, store: Path) -> Path:
    """The store after one run, and the entry of the part with the handbook in it."""
    index(make_site(tmp_path / "one"), store)
    for entry in entries(store):
        found = searchparts.load_part(entry)
        assert found is not None
        if sum(name.startswith("fragment/") for name in found[0]) == 1:  # the handbook alone
            return entry
    raise AssertionError("no entry for the first part")


def _damage_a_file(entry: Path) -> None:
    pack = entry / "part.pack"
    data = pack.read_bytes()
    pack.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))


def _add_a_file(entry: Path) -> None:
    (entry / "planted.js").write_text("alert(1)")


def _drop_the_pack(entry: Path) -> None:  # as a build killed before the rename never does
    (entry / "part.pack").unlink()


def _link_the_pack(entry: Path) -> None:
    outside = entry.parent.parent / "outside"
    outside.write_bytes((entry / "part.pack").read_bytes())
    (entry / "part.pack").unlink()
    (entry / "part.pack").symlink_to(outside)


def _pack_a_folder(entry: Path) -> None:
    (entry / "part.pack").rename(entry / "kept")
    (entry / "part.pack").mkdir()


def _link_the_entry(entry: Path) -> None:
    outside = entry.parent.parent / "outside-entry"
    entry.rename(outside)
    entry.symlink_to(outside)


def _forge_the_pack(entry: Path) -> None:
    # A path out of the entry, under a digest that matches: a pack made by someone else.
    files, said = searchparts.load_part(entry) or ({}, "")
    files["../../escaped"] = b"planted"
    (entry / "part.pack").write_bytes(partpack.pack_part(files, said))


def _forge_the_sizes(entry: Path) -> None:
    # Sizes that do not add up to the bytes, under a digest that matches.
    head, body = (entry / "part.pack").read_bytes().split(b"\n", 2)[2].split(b"\n", 1)
    header = json.loads(head)
    header["files"][0][1] += 1
    rest = json.dumps(header).encode() + b"\n" + body
    (entry / "part.pack").write_bytes(b"playbook-search-part 1\n" + hashlib.sha256(
        rest).hexdigest().encode() + b"\n" + rest)


@pytest.mark.parametrize("fault", [_damage_a_file, _add_a_file, _drop_the_pack,
                                   _link_the_pack, _pack_a_folder, _link_the_entry,
                                   _forge_the_pack, _forge_the_sizes])
def test_an_entry_that_does_not_check_out_is_indexed_again_and_replaced(
        tmp_path: Path, store: Path, full: dict[str, bytes], fault: object) -> None:
    entry = _stored(tmp_path, store)
    fault(entry)  # type: ignore[operator]
    site = make_site(tmp_path / "two")
    again = index(site, store)
    assert again.indexed == ["pagefind"]
    assert bundle(site) == full
    assert not (tmp_path / "escaped").exists()
    third = index(make_site(tmp_path / "three"), store)
    assert third.reused == PARTS  # the entry was stored anew
    assert not entry.is_symlink()


def test_a_link_at_the_store_is_neither_read_nor_written_through(
        tmp_path: Path, store: Path, full: dict[str, bytes]) -> None:
    elsewhere = tmp_path / "elsewhere"
    index(make_site(tmp_path / "one"), elsewhere)  # a store the link points to, filled
    store.parent.mkdir(parents=True)
    store.symlink_to(elsewhere)
    before = sorted(p.name for p in elsewhere.iterdir())
    site = make_site(tmp_path / "two")
    run = index(site, store)
    assert (run.indexed, run.reused) == (PARTS, [])
    assert bundle(site) == full
    assert sorted(p.name for p in elsewhere.iterdir()) == before


def test_what_a_killed_build_left_is_not_used_and_cleared_later(
        tmp_path: Path, store: Path, full: dict[str, bytes]) -> None:
    entry = _stored(tmp_path, store)
    for other in entries(store):
        if other != entry:
            shutil.rmtree(other)
    half = store / ".tmp-killed"
    shutil.copytree(entry, half)
    shutil.rmtree(entry)
    (half / "part.pack").unlink()
    site = make_site(tmp_path / "two")
    assert index(site, store).reused == []
    assert bundle(site) == full
    os.utime(half, (0, 0))
    searchparts.prune_parts(store)
    assert not half.exists()


def test_a_full_disk_skips_storing_and_the_build_goes_on(
        tmp_path: Path, store: Path, full: dict[str, bytes],
        monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(*_args: object, **_kwargs: object) -> bytes:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(searchparts.Path, "write_bytes", full_disk)
    site = make_site(tmp_path / "one")
    run = StoredParts(store)
    monkeypatch.undo()  # the staged site is written by Pagefind, not through write_bytes
    monkeypatch.setattr(searchparts, "save_part", lambda *a: full_disk())
    index_site(site, most=5, run=run)
    assert run.indexed == PARTS
    assert bundle(site) == full
    assert not store.exists() or entries(store) == []


def test_two_builds_at_once_both_finish_with_the_full_index(
        tmp_path: Path, store: Path, full: dict[str, bytes]) -> None:
    sites = [make_site(tmp_path / name) for name in ("one", "two")]
    threads = [threading.Thread(target=index, args=(site, store)) for site in sites]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [bundle(site) for site in sites] == [full, full]
    assert len(entries(store)) == len(PARTS)
    site = make_site(tmp_path / "three")
    assert index(site, store).reused == PARTS


def test_without_shortcuts_every_part_is_indexed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_NO_SHORTCUTS", "1")
    assert build._indexer() is index_site
    monkeypatch.delenv("PLAYBOOK_NO_SHORTCUTS")
    assert build._indexer() is not index_site


def test_only_the_globs_search_writes_are_understood(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    assert searchparts.matched_files(site, "{model/**/*.html,index.html}") == [
        "model/index.html"]
    assert searchparts.matched_files(site, "{team/calls/*/2026-05-*/**/*.html}") == [
        f"team/calls/{a}/{CALLS[0]}/index.html" for a in ACCOUNTS]
    assert searchparts.matched_files(site, "{team/calls/*/one/*.html}") is None
    assert searchparts.matched_files(site, "{team/calls/?/2026-05-*/**/*.html}") is None
    assert searchparts.matched_files(site, "{team/**/2026-05-*/**/*.html}") is None
    assert searchparts.matched_files(site, "model/**/*.html") is None


def test_a_link_among_the_pages_means_the_part_is_indexed_again(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    (site / "team/calls/d/linked").symlink_to(tmp_path / "elsewhere")
    assert searchparts.matched_files(site, "{team/calls/d/**/*.html}") is None
    assert searchparts.matched_files(site, "{team/calls/a/**/*.html}") == [
        f"team/calls/a/{call}/index.html" for call in CALLS]
    # A link where a month's glob matches a call's folder, or an account's.
    (site / "team/calls/d/2026-05-09-linked").symlink_to(tmp_path / "elsewhere")
    assert searchparts.matched_files(site, "{team/calls/*/2026-05-*/**/*.html}") is None
    assert searchparts.matched_files(site, "{team/calls/*/2026-06-*/**/*.html}") is not None
    (site / "team/calls/e").symlink_to(site / "team/calls/a")
    assert searchparts.matched_files(site, "{team/calls/*/2026-06-*/**/*.html}") is None


def test_one_build_lists_each_folder_once_and_the_next_build_lists_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # One build's parts share the listings of the folders their globs walk: an account's
    # folder is listed once for every month's part. The build changes no folder but pagefind/
    # while it indexes; the next build (a new Listings) sees the site as it is then.
    site = make_site(tmp_path)
    listed: list[str] = []
    scandir = os.scandir
    monkeypatch.setattr(os, "scandir", lambda folder: listed.append(str(folder)) or scandir(folder))
    seen: searchparts.Listings = {}
    may = "{team/calls/*/2026-05-*/**/*.html}"
    assert len(searchparts.matched_files(site, may, seen) or []) == 3
    assert searchparts.matched_files(site, "{team/calls/*/2026-06-*/**/*.html}", seen)
    accounts = [f"{site}/team/calls/{a}" for a in ACCOUNTS]
    assert sorted(f for f in listed if f in accounts) == accounts  # once each, for two parts
    _page(site, "team/calls/b/2026-05-09-new", "words")
    assert len(searchparts.matched_files(site, may, {}) or []) == 4
    (site / "team/calls/e").symlink_to(site / "team/calls/a")
    assert searchparts.matched_files(site, may, {}) is None


def test_a_build_prunes_none_of_the_parts_it_used_however_many(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    for i in range(6):  # two left by an earlier build, four used by this one
        (store / f"entry-{i}").mkdir()
        os.utime(store / f"entry-{i}", (100 + i, 100 + i) if i < 2 else (1000 + i, 1000 + i))
    searchparts.prune_parts(store, keep=1, since=1000)
    assert sorted(p.name for p in store.iterdir()) == [f"entry-{i}" for i in range(1, 6)]


def test_parts_left_in_site_keep_their_entries_for_a_build_without_that_site(
        tmp_path: Path, store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Updates in place leave unchanged parts in site/, never putting them back from the store;
    # each part indexed again prunes the store. A build from a clean checkout (no site/) then
    # still finds every unchanged part in the store, however small the store is kept.
    monkeypatch.setattr(searchparts, "prune_parts",
                        functools.partial(searchparts.prune_parts, keep=0))
    site = make_site(tmp_path / "one")
    parts = _in_place(site, {}, tmp_path / "gone-0", store)
    for step in range(1, 3):
        for entry in entries(store):  # stored by builds long ago
            os.utime(entry, (1000, 1000))
        _page(site, f"team/calls/a/{CALLS[1]}", f"edited {step}")  # June's part changes
        run = StoredParts(store)
        parts = _in_place(site, parts, tmp_path / f"gone-{step}", store, run)
        assert run.indexed == ["pagefind/month-2026-06"]
    clean = tmp_path / "clean"
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("pagefind"))
    again = index(clean, store)
    assert (again.indexed, sorted(again.reused)) == ([], sorted(PARTS))
    plain = tmp_path / "plain"
    shutil.copytree(clean, plain, ignore=shutil.ignore_patterns("pagefind"))
    index_site(plain, most=5)
    assert bundle(clean) == bundle(plain)


def _in_place(site: Path, parts: dict[str, list[str]], gone: Path, store: Path,
              run: StoredParts | None = None) -> dict[str, list[str]]:
    """Index `site` again as an in-place update does, its parts as the site record's `parts`
    say; what the record of the result says of its parts."""
    files = walk(site) or {}
    gone.mkdir()
    moves = Moves(site, gone)
    run = run if run is not None else StoredParts(store)
    record = SiteRecord(gone.parent / f"{gone.name}-record", site)  # as if loaded
    record.parts, record.files = parts, files
    place = run.stay(record)(moves, set())
    place.begin()
    pages = {rel for rel in files if rel != "pagefind" and not rel.startswith("pagefind/")}
    moves.take_away(sorted(files), pages | place.leave(), set(), set())
    index_site(site, most=5, run=run)
    run.finish()
    place.done()
    return recorded_parts(run.proof, walk(site) or {})


def test_a_build_prunes_the_store_only_once_every_part_is_made(
        tmp_path: Path, store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A store with more entries than it keeps, the parts of this build among the oldest: a
    # part stored early in the build must not prune the entries of parts still to come (at
    # 100,000 calls 16 of 64 parts were indexed again so after a one-line edit).
    monkeypatch.setattr(searchparts, "prune_parts",
                        functools.partial(searchparts.prune_parts, keep=0))
    index(make_site(tmp_path / "one"), store)
    for n, entry in enumerate(entries(store)):
        os.utime(entry, (1000 + n, 1000 + n))  # stored long ago
    for n in range(3):
        (store / f"{n:064x}").mkdir()  # newer entries of other builds
    site = make_site(tmp_path / "two")
    _page(site, f"team/calls/a/{CALLS[1]}", "edited")  # June's part, made before May's
    run = index(site, store)
    assert (run.indexed, run.reused) == (["pagefind/month-2026-06"],
                                         ["pagefind", "pagefind/month-2026-05"])
    assert len(entries(store)) == 3  # then pruned: this build's parts are all it keeps


@pytest.mark.parametrize("seed", range(10))
def test_a_bundle_is_told_as_every_file_under_it(tmp_path: Path, seed: int) -> None:
    """What the store keeps of a part is what Pagefind added to its folder: the files under it,
    told before and after the run. Listed from the folders' listings, it is what a glob of
    every path under it finds, on random folders with links to files and to folders."""
    import random  # noqa: PLC0415 - this test's own
    rng = random.Random(seed)
    bundle = tmp_path / "pagefind"
    folders = [bundle]
    bundle.mkdir()
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "far.pf_fragment").write_bytes(b"x")
    for n in range(rng.randint(0, 40)):
        where = rng.choice(folders)
        name = rng.choice(["fragment", "index", "month-2026-06", "é x", ".hidden"]) + str(n)
        roll = rng.random()
        if roll < 0.25:
            (where / name).mkdir()
            folders.append(where / name)
        elif roll < 0.35:
            os.symlink(tmp_path / "outside", where / name)  # not followed
        elif roll < 0.45:
            os.symlink(tmp_path / "outside" / "far.pf_fragment", where / name)  # a file
        else:
            (where / name).write_bytes(b"made")
    expected = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    assert searchparts._files_under(bundle) == expected
    assert searchparts._files_under(tmp_path / "missing") == set()
