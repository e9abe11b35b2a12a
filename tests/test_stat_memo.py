"""The keeper's memo (fast/statmemo.py, pagefacts.py and the store's entries): a file whose stat
has not moved is not read again, and nothing a memo says can change a key. An edit that keeps a
file's size and puts its mtime back is caught (its change time moves); one within a tick of the
read is read again next time. (A memo damaged, linked, made by other code or for another folder
is ignored whole: tests/test_memo_files.py, for every memo of the speed layer.)
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.fast import pagekeys, statmemo
from generator.fast.pagefacts import ContentFacts, Facts
from generator.fast.pagestore import Kept, PageStore
from generator.fast.statmemo import StatMemo

REL = "team/calls/acme/2026-03-10-discovery.md"
LATER = 10_000_000_000
"""How far past a file's change the clock is put for a read to count as clearly after it."""


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are read well after they last changed, as in a build after an edit."""
    monkeypatch.setattr(statmemo, "now_ns", lambda: statmemo.time.time_ns() + LATER)


def after_tick(path: Path) -> None:
    """Wait until the file system's clock has moved past the file's last change (a few
    milliseconds): the tick the fake clock of `later` says has long passed."""
    probe = path.with_name(f"{path.name}.tick")
    while True:
        probe.write_bytes(b"")
        if probe.stat().st_ctime_ns > path.stat().st_ctime_ns:
            return


def facts_now(folder: Path) -> ContentFacts:
    """The facts of one build: its memo read from `folder`."""
    return ContentFacts(StatMemo(folder, "files.memo", "code"))


def fresh(rel: str, data: bytes) -> Facts:
    return Facts(pagekeys.digest_of(data), pagekeys.file_digest(rel, data),
                 frozenset(pagekeys.link_paths(rel, data)), b"--8<--" in data)


def build(memo: Path, page: Path) -> tuple[Facts, bool]:
    """One build's look at `page`: its facts, and whether it was read."""
    facts = facts_now(memo)
    found, data = facts.of(REL, str(page), links=True)
    facts.save()
    return found, data is not None


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.md"
    path.write_bytes(b"# Call\n\nSee [the account](../../accounts/acme.md).\n")
    return path


@pytest.mark.usefixtures("later")
def test_a_file_unchanged_since_the_last_build_is_not_read(tmp_path: Path, page: Path) -> None:
    first = build(tmp_path, page)
    assert first == (fresh(REL, page.read_bytes()), True)
    assert build(tmp_path, page) == (first[0], False)


@pytest.mark.usefixtures("later")
def test_an_edit_keeping_size_and_mtime_is_caught(tmp_path: Path, page: Path) -> None:
    build(tmp_path, page)
    after_tick(page)
    before = page.stat()
    page.write_bytes(page.read_bytes().replace(b"acme", b"beta"))  # same size
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))  # as a checkout may
    assert (page.stat().st_size, page.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    found, read = build(tmp_path, page)
    assert read
    assert found == fresh(REL, page.read_bytes())
    assert "team/accounts/beta.md" in (found.links or ())


def test_a_file_changed_within_a_tick_of_its_read_is_read_again(tmp_path: Path,
                                                                 page: Path) -> None:
    build(tmp_path, page)  # the real clock: the file changed just now
    assert build(tmp_path, page)[1]


@settings(max_examples=40, deadline=None)
@given(edits=st.lists(st.tuples(st.sampled_from([b"a", b"b", b"[x](y.md)", b""]),
                                st.booleans()), max_size=6))
def test_the_facts_are_always_the_files_own(tmp_path_factory: pytest.TempPathFactory,
                                            edits: list[tuple[bytes, bool]]) -> None:
    """Random edits, each one keeping or not its size and mtime, a build after each: what the
    memo gives is what reading the file gives."""
    folder = tmp_path_factory.mktemp("memo")
    page = folder / "page.md"
    page.write_bytes(b"# x\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(statmemo, "now_ns", lambda: statmemo.time.time_ns() + LATER)
        for text, keep_stat in edits:
            after_tick(page)
            before = page.stat()
            data = page.read_bytes()
            page.write_bytes(data[:-len(text)] + text if keep_stat and text else data + text)
            if keep_stat:
                os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
            assert build(folder, page)[0] == fresh(REL, page.read_bytes())


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "store"
    opened = PageStore(folder)
    assert opened.open()
    html = b"<html>call</html>"
    opened.put("ab" + "0" * 62, Kept(REL, "team/calls/x/index.html", "", "",
                                     hashlib.sha256(html).hexdigest(), len(html)), html)
    opened.close()
    yield folder


def get_counting_reads(folder: Path, key: str) -> tuple[Kept | None, int]:
    opened = PageStore(folder)
    assert opened.open()
    reads = 0
    read = opened._read

    def counted(key: str) -> object:
        nonlocal reads
        reads += 1
        return read(key)

    opened._read = counted  # type: ignore[method-assign]
    try:
        return opened.get(key, REL), reads
    finally:
        opened.close()


@pytest.mark.usefixtures("later")
def test_an_entry_found_whole_is_not_read_again_until_it_changes(store: Path) -> None:
    key = "ab" + "0" * 62
    page, reads = get_counting_reads(store, key)
    assert page is not None
    assert reads == 1
    assert get_counting_reads(store, key) == (page, 0)
    entry = store / key[:2] / key
    after_tick(entry)
    before = entry.stat()
    data = bytearray(entry.read_bytes())
    data[-5] ^= 0x40  # damaged in place: same size, its mtime put back
    entry.write_bytes(bytes(data))
    os.utime(entry, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert get_counting_reads(store, key) == (None, 1)
    assert get_counting_reads(store, key)[0] is None  # nor later


@pytest.mark.usefixtures("later")
def test_an_entry_memo_does_not_give_a_page_to_another_source(store: Path) -> None:
    key = "ab" + "0" * 62
    assert get_counting_reads(store, key)[0] is not None
    opened = PageStore(store)
    assert opened.open()
    try:
        assert opened.get(key, "team/calls/other.md") is None
    finally:
        opened.close()


@pytest.mark.usefixtures("later")
def test_a_memo_is_written_again_only_when_what_it_holds_changed(tmp_path: Path,
                                                                 page: Path) -> None:
    """A build that finds every record as it was, or notes one just as it was (a page with
    snippets is read every build), leaves the memo's file alone; any other change writes it."""
    info = os.lstat(page)

    def one_build(value: list[object] | None) -> int:
        memo = StatMemo(tmp_path, "files.memo", "code")
        memo.load()
        memo.look(REL, info)
        if value is not None:
            memo.note(REL, info, statmemo.now_ns(), value)
        memo.save()
        return (tmp_path / "files.memo").stat().st_ino

    first = one_build(["digest", True])
    assert one_build(None) == first
    assert one_build(["digest", True]) == first
    assert one_build(["digest", False]) != first


def test_what_a_build_wrote_is_recalled_but_never_vouched_for_by_a_stat(tmp_path: Path) -> None:
    written = tmp_path / "entry"
    written.write_bytes(b"page")
    memo = StatMemo(tmp_path, "memo", "scope")
    memo.remember("entry", ["dest", 4])
    memo.save()
    again = StatMemo(tmp_path, "memo", "scope")
    again.load()
    assert again.recall("entry") == ["dest", 4]
    assert again.look("entry", os.lstat(written)) is None  # read again, then noted
