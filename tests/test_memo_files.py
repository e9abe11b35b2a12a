"""The three memos of the speed layer (fast/memofile.py): the keeper's stat memo, a search part's
page digests and the record of site/. Each is believed only whole, as its own code wrote it for
its own scope; a memo that is a link, has a second name, is damaged, cut short, or was made by
other code or for another scope is ignored whole. Temporaries a killed run left beside one are
removed when it is next written; a young one (a run writing now) is left."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.fast import inplace, memofile, statmemo
from generator.fast.inplace import SiteRecord, lstat_identity
from generator.fast.searchmemo import StagedDigests, memo_path
from generator.fast.statmemo import StatMemo

DIGEST = "ab" * 32
HOUR_AGO = time.time_ns() - 3600 * 10**9


@dataclass
class Memo:
    """One kind of memo in a folder of its own: write() keeps a record of `page`; believed()
    says whether a fresh load believes it (with `other` scope, or code, when asked)."""

    path: Path
    write: Callable[[], None]
    believed: Callable[[bool], bool]


def _stat_memo(folder: Path, page: Path, monkeypatch: pytest.MonkeyPatch) -> Memo:
    monkeypatch.setattr(statmemo, "now_ns", lambda: time.time_ns() + 10**10)

    def write() -> None:
        memo = StatMemo(folder, "files.memo", "code one")
        memo.note("page", os.lstat(page), statmemo.now_ns(), [DIGEST, "team/x.md", 3, None])
        memo.save()

    def believed(other: bool) -> bool:
        memo = StatMemo(folder, "files.memo", "code two" if other else "code one")
        memo.load()
        return memo.look("page", os.lstat(page)) == [DIGEST, "team/x.md", 3, None]

    return Memo(folder / "files.memo", write, believed)


def _search_memo(folder: Path, page: Path, _: pytest.MonkeyPatch) -> Memo:
    os.utime(page, ns=(HOUR_AGO, HOUR_AGO))  # kept from an earlier build: settled
    path = memo_path(folder, "pagefind/month-2026-06")
    info = os.lstat(page)
    known = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)

    def write() -> None:
        memo = StagedDigests(path, "stamp one")
        memo.digest(str(page))
        memo.save()

    def believed(other: bool) -> bool:
        memo = StagedDigests(path, "stamp two" if other else "stamp one")
        return memo.known.get(known) is not None and memo.made > info.st_mtime_ns

    return Memo(path, write, believed)


def _site_record(folder: Path, page: Path, monkeypatch: pytest.MonkeyPatch) -> Memo:
    site = page.parent
    record = SiteRecord(folder, site)

    def write() -> None:
        record.save({page.name: (lstat_identity(page), DIGEST)})

    def believed(other: bool) -> bool:
        if other:
            monkeypatch.setattr(inplace, "site_fingerprint", lambda: "0" * 16)
        fresh = SiteRecord(folder, site)
        return fresh.load() and fresh.matches() and fresh.digests == {page.name: DIGEST}

    return Memo(record.path, write, believed)


MEMOS = {"stat memo": _stat_memo, "search memo": _search_memo, "site record": _site_record}


@pytest.fixture(params=sorted(MEMOS))
def memo(request: pytest.FixtureRequest, tmp_path: Path,
         monkeypatch: pytest.MonkeyPatch) -> Memo:
    (tmp_path / "store").mkdir()
    (tmp_path / "site").mkdir()
    page = tmp_path / "site" / "index.html"
    page.write_bytes(b"<p>a page</p>\n")
    made = MEMOS[request.param](tmp_path / "store", page, monkeypatch)
    made.write()
    assert made.believed(False)  # as written: believed, so each fault below is what undoes it
    return made


def _a_link(path: Path) -> None:
    path.rename(path.with_name("elsewhere"))
    path.symlink_to(path.with_name("elsewhere"))


def _flip(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 1
    path.write_bytes(bytes(data))


def _other_magic(path: Path) -> None:
    head, _, rest = path.read_bytes().partition(b"\n")
    path.write_bytes(head[:-1] + b"9\n" + rest)  # another version of its format


FAULTS: dict[str, Callable[[Path], None]] = {
    "a link": _a_link,
    "a second name": lambda path: os.link(path, path.with_name("second name")),
    "damaged in its body": lambda path: _flip(path, -1),
    "damaged in its digest": lambda path: _flip(path, path.read_bytes().index(b"\n") + 3),
    "cut short": lambda path: path.write_bytes(path.read_bytes()[:-5]),
    "another format": _other_magic,
    "not a file": lambda path: (path.unlink(), path.mkdir()),  # type: ignore[func-returns-value]
}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_memo_that_does_not_check_out_is_ignored_whole(memo: Memo, fault: str) -> None:
    FAULTS[fault](memo.path)
    assert not memo.believed(False)


def test_a_memo_of_another_scope_or_code_is_ignored(memo: Memo) -> None:
    assert not memo.believed(True)


def test_a_memo_is_written_afresh_over_a_link_never_through_it(memo: Memo) -> None:
    _a_link(memo.path)
    kept = memo.path.with_name("elsewhere").read_bytes()
    memo.write()
    assert memo.path.with_name("elsewhere").read_bytes() == kept
    assert not memo.path.is_symlink()
    assert memo.believed(False)


def test_temporaries_a_killed_run_left_are_removed_when_a_memo_is_written(memo: Memo) -> None:
    killed = memo.path.with_name(f".{memo.path.name}.k1ll3d00.tmp")
    writing = memo.path.with_name(f".{memo.path.name}.n0wn0w00.tmp")
    for path in (killed, writing):
        path.write_bytes(b"half a mem")
    os.utime(killed, ns=(HOUR_AGO - 10**9, HOUR_AGO - 10**9))
    memo.path.unlink()  # so that the memo is written again, whatever it holds
    memo.write()
    assert not killed.exists()
    assert writing.read_bytes() == b"half a mem"  # another run's, at work now
    assert memo.believed(False)


def test_a_frame_holds_its_body_for_its_scope_only() -> None:
    data = memofile.frame(b"magic 1", "scope", b"body\nwith lines")
    assert memofile.unframe(data, b"magic 1", "scope") == b"body\nwith lines"
    assert memofile.unframe(data, b"magic 1", "scope two") is None
    assert memofile.unframe(data, b"magic 2", "scope") is None
    assert memofile.unframe(data[:-1], b"magic 1", "scope") is None
