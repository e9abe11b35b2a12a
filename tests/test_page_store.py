"""The store of kept pages (fast/pagestore.py) against the faults of a cache folder: an entry
forged, damaged or cut short, a link at the store or inside it, a run killed while writing, two
builds at once, a full disk. Each fault costs at most the pages it touches a rebuild: no build
puts back a page it was not given, and nothing is written through a link.
"""

from __future__ import annotations

import errno
import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.fast import pagekeys, pagestore
from generator.fast.pagestore import Kept, PageStore

KEY = "ab" + "0" * 62
OTHER = "cd" + "1" * 62
SRC = "team/calls/acme/2026-03-10-discovery.md"
HTML = b"<html>call</html>"
PAGE = Kept(SRC, "team/calls/acme/2026-03-10-discovery/index.html",
            '{"location":"team/calls/acme/2026-03-10-discovery/","text":"","title":"x"}',
            "<url><loc>x</loc></url>\n", hashlib.sha256(HTML).hexdigest(), len(HTML))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[PageStore]:
    opened = PageStore(tmp_path / "store")
    assert opened.open()
    yield opened
    opened.close()


def test_an_entry_comes_back_as_stored(store: PageStore) -> None:
    store.put(KEY, PAGE, HTML)
    assert store.get(KEY, SRC) == PAGE
    assert store.html(KEY, PAGE) == HTML
    assert store.whole(KEY)


def test_a_damaged_entry_is_not_kept(store: PageStore) -> None:
    store.put(KEY, PAGE, HTML)
    path = store.folder / KEY[:2] / KEY
    data = bytearray(path.read_bytes())
    data[-5] ^= 0x40  # one bit of the page flipped
    path.write_bytes(bytes(data))
    assert store.get(KEY, SRC) is None
    assert store.html(KEY, PAGE) is None
    assert not store.whole(KEY)


def test_an_entry_cut_short_is_not_kept(store: PageStore) -> None:
    store.put(KEY, PAGE, HTML)
    path = store.folder / KEY[:2] / KEY
    path.write_bytes(path.read_bytes()[:-10])
    assert store.get(KEY, SRC) is None


def test_an_entry_moved_under_another_key_or_page_is_not_kept(store: PageStore) -> None:
    store.put(KEY, PAGE, HTML)
    (store.folder / OTHER[:2]).mkdir()
    os.replace(store.folder / KEY[:2] / KEY, store.folder / OTHER[:2] / OTHER)
    assert store.get(OTHER, SRC) is None  # its own key is inside it
    store.put(KEY, PAGE, HTML)
    assert store.get(KEY, "team/calls/acme/another.md") is None


def test_a_forged_entry_that_leads_out_of_the_site_is_not_kept(store: PageStore) -> None:
    forged = Kept(SRC, "../../outside/index.html", "", "", PAGE.html, PAGE.size)
    store.put(KEY, forged, HTML)  # whole, its digest right: still refused
    assert store.get(KEY, SRC) is None


def test_a_link_at_an_entry_is_not_followed(store: PageStore, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    store.put(OTHER, PAGE, HTML)
    secret.write_bytes((store.folder / OTHER[:2] / OTHER).read_bytes().replace(
        OTHER.encode(), KEY.encode()))
    (store.folder / KEY[:2]).mkdir()
    (store.folder / KEY[:2] / KEY).symlink_to(secret)
    assert store.get(KEY, SRC) is None


def test_a_link_at_a_folder_of_the_store_is_neither_read_nor_written(
        store: PageStore, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (store.folder / KEY[:2]).symlink_to(elsewhere)
    with pytest.raises(OSError, match="not a folder of the store"):
        store.put(KEY, PAGE, HTML)
    assert not any(elsewhere.iterdir())
    assert store.get(KEY, SRC) is None


def test_a_store_that_is_a_link_is_not_used(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "store").symlink_to(elsewhere)
    store = PageStore(tmp_path / "store")
    assert not store.open()
    store.put(KEY, PAGE, HTML)
    assert not any(elsewhere.iterdir())


def test_a_second_build_at_once_finds_the_store_busy(store: PageStore) -> None:
    second = PageStore(store.folder)
    assert not second.open()
    store.put(KEY, PAGE, HTML)
    assert second.get(KEY, SRC) is None  # it neither reads
    second.put(OTHER, PAGE, HTML)  # nor writes
    assert not (store.folder / OTHER[:2]).exists()
    store.close()
    assert second.open()
    second.close()


def test_a_lock_taken_by_another_process_is_respected(tmp_path: Path) -> None:
    (tmp_path / "store").mkdir()
    holder = subprocess.Popen(  # another build, in its own process, holds the store
        [sys.executable, "-c", "import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR "
         "| os.O_CREAT); fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); "
         "sys.stdin.read()", str(tmp_path / "store" / ".lock")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == "held\n"
        assert not PageStore(tmp_path / "store").open()
    finally:
        holder.communicate("")
    store = PageStore(tmp_path / "store")
    assert store.open()  # the holder ended, and its lock with it
    store.close()


def test_a_full_disk_leaves_no_part_of_an_entry(store: PageStore,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pagestore, "pack", lambda *_: full())
    with pytest.raises(OSError, match="No space"):
        store.put(KEY, PAGE, HTML)
    assert list((store.folder / KEY[:2]).iterdir()) == []


def test_what_a_killed_run_left_is_ignored_then_removed(store: PageStore) -> None:
    store.put(KEY, PAGE, HTML)
    leftover = store.folder / KEY[:2] / f".{OTHER}.dead.tmp"
    leftover.write_bytes(b"playbook kept page 2\n" + OTHER.encode())  # cut short by a kill
    assert store.get(OTHER, SRC) is None
    store.prune({KEY})
    assert not leftover.exists()
    assert store.get(KEY, SRC) == PAGE
    store.prune(set())
    assert store.get(KEY, SRC) is None


def test_the_environment_in_every_key_does_not_depend_on_how_the_playbook_is_run(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from a checkout (bench/run.py, `python -m generator` in it), the playbook's own
    distribution is found twice: the keys must be those of an installed run all the same."""
    once = pagekeys._environment()
    listed = list(pagekeys.importlib.metadata.distributions())
    monkeypatch.setattr(pagekeys.importlib.metadata, "distributions",
                        lambda: [*listed, *listed[:1]])
    assert pagekeys._environment() == once
