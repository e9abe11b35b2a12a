"""The memo of the search parts' page digests (fast/searchmemo.py): a page that is the very file
digested in an earlier build is not read again; a page changed since is always read, even one
changed within the same tick keeping its size and time; and a memo that is forged or damaged
changes nothing but the time it takes (every fault of every memo: tests/test_memo_files.py)."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import pytest
from test_search_reuse import CALLS, PARTS, _page, bundle, make_site

from generator.fast import searchmemo
from generator.fast.searchmemo import StagedDigests, memo_path
from generator.fast.searchparts import StoredParts, part_stamp
from generator.output.search import BUNDLE, index_site

EDITED = f"team/calls/d/{CALLS[1]}/index.html"


def aged(site: Path, seconds: int = 600) -> Path:
    """The site's pages as a build finds the pages it kept: written well before it indexes."""
    when = time.time_ns() - seconds * 10**9
    for page in site.rglob("*.html"):
        os.utime(page, ns=(when, when))
    return site


def linked(site: Path, to: Path) -> Path:
    """The next build's staged site: the same page files, by a second name, as the keeper
    links them, without the index."""
    shutil.copytree(site, to, copy_function=os.link,
                    ignore=lambda folder, _names: [BUNDLE] if Path(folder) == site else [])
    return to


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages read to be digested."""
    seen: list[str] = []
    plain = searchmemo._plain_bytes

    def counted(path: str | Path) -> tuple[bytes, os.stat_result]:
        if str(path).endswith(".html"):
            seen.append(Path(path).as_posix())
        return plain(path)

    monkeypatch.setattr(searchmemo, "_plain_bytes", counted)
    return seen


def run(site: Path, store: Path) -> StoredParts:
    runner = StoredParts(store)
    index_site(site, most=5, run=runner)
    return runner


def plain_index(site: Path, to: Path) -> dict[str, bytes]:
    index_site(copy := linked(site, to), most=5)
    return bundle(copy)


def test_a_page_kept_since_the_last_build_is_read_once(tmp_path: Path, reads: list[str]) -> None:
    store = tmp_path / "store"
    first = aged(make_site(tmp_path / "one"))
    run(first, store)
    assert len(reads) == 7  # every page, once
    reads.clear()
    again = run(linked(first, tmp_path / "two"), store)
    assert (reads, again.reused) == ([], PARTS)
    # An edit is a write: the page gets a new time, so it is read (and its month indexed).
    third = linked(first, tmp_path / "three")
    (third / EDITED).write_text((third / EDITED).read_text().replace("two", "owt"))
    edited = run(third, store)
    assert (len(reads), edited.indexed) == (1, ["pagefind/month-2026-06"])
    assert bundle(third) == plain_index(third, tmp_path / "plain")


def test_a_page_changed_in_the_same_tick_keeping_its_size_is_read(
        tmp_path: Path, reads: list[str]) -> None:
    # Written just before the index, as MkDocs writes a page it builds: within RACY of the
    # read, so not remembered; then changed in place with the same size and time, as a write
    # within one tick of a coarse clock leaves it.
    store = tmp_path / "store"
    site = make_site(tmp_path / "one")
    run(site, store)
    page = site / EDITED
    before = page.stat()
    page.write_text(page.read_text().replace("two", "owt"))
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = page.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (
        before.st_ino, before.st_size, before.st_mtime_ns)
    reads.clear()
    again = run(linked(site, tmp_path / "two"), store)
    assert any(name.endswith(f"/two/{EDITED}") for name in reads)
    assert again.indexed == ["pagefind/month-2026-06"]
    assert bundle(tmp_path / "two") == plain_index(site, tmp_path / "plain")


def _forge_the_edited_page_as_before(memo: Path, site: Path, old: bytes) -> None:
    # Our own writer's format and digest, claiming the edited page still has its old bytes.
    forged = StagedDigests(memo, part_stamp())
    info = (site / EDITED).stat()
    forged.seen[(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)] = old
    forged.began = time.time_ns() + 10**12  # made in the future, it says
    forged.made = -1
    forged.save()
    os.utime(memo, ns=(info.st_mtime_ns, info.st_mtime_ns))  # no older than the page


def _damage(memo: Path, _site: Path, _old: bytes) -> None:
    data = memo.read_bytes()
    memo.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))


@pytest.mark.parametrize("fault", [_forge_the_edited_page_as_before, _damage])
def test_a_memo_that_does_not_check_out_changes_nothing(
        tmp_path: Path, reads: list[str], fault: object) -> None:
    store = tmp_path / "store"
    first = aged(make_site(tmp_path / "one"))
    run(first, store)
    old = hashlib.sha256((first / EDITED).read_bytes()).digest()
    site = linked(first, tmp_path / "two")
    (site / EDITED).unlink()  # written anew, as MkDocs writes a page it builds
    _page(site, f"team/calls/d/{CALLS[1]}", "words changed")
    fault(memo_path(store, "pagefind/month-2026-06"), site, old)  # type: ignore[operator]
    reads.clear()
    edited = run(site, store)
    assert any(name.endswith(f"/two/{EDITED}") for name in reads)
    assert edited.indexed == ["pagefind/month-2026-06"]
    assert bundle(site) == plain_index(site, tmp_path / "plain")
    if fault is not _forge_the_edited_page_as_before:  # not believed at all: every page read
        assert sum(f"/{CALLS[1]}/" in name for name in reads) == 3
