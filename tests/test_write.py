"""The writer: only content/team/ is touched, only changed pages written, only ours removed."""

from __future__ import annotations

import errno
import json
import os
import signal
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import OLD, age, snapshot

from generator.output import atomic
from generator.output.write import INCOMPLETE, MANIFEST, WriteError, is_incomplete, write_pages

PAGES = {
    "team/index.md": "# Team\n",
    "team/calls/acme/2026-03-10-discovery.md": "# Discovery\n",
    "team/accounts/acme.md": "# Acme\n",
}


def manifest(content: Path) -> list[str]:
    return json.loads((content / "team" / MANIFEST).read_text(encoding="utf-8"))["files"]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A content/ folder with a hand-written page beside the generator's subtree."""
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "index.md").write_text("# Hand-written home\n", encoding="utf-8")
    return folder


def test_first_write_creates_every_page_and_a_manifest_of_them(content: Path) -> None:
    report = write_pages(content, "team", PAGES)

    for page, text in PAGES.items():
        assert (content / page).read_bytes() == text.encode()
    assert report.written == sorted(PAGES)
    assert (report.unchanged, report.removed, report.foreign) == (0, [], [])
    assert manifest(content) == sorted(p.removeprefix("team/") for p in PAGES)
    assert not (content / "team" / INCOMPLETE).exists()
    assert not is_incomplete(content, "team")


def test_unchanged_page_keeps_its_bytes_and_mtime_while_a_changed_one_is_replaced(
    content: Path,
) -> None:
    write_pages(content, "team", PAGES)
    age(content)
    before = snapshot(content)

    changed = {**PAGES, "team/accounts/acme.md": "# Acme Logistics\n"}
    report = write_pages(content, "team", changed)

    after = snapshot(content)
    assert report.written == ["team/accounts/acme.md"]
    assert report.unchanged == 2
    assert after["team/accounts/acme.md"][0] == b"# Acme Logistics\n"
    assert after["team/accounts/acme.md"][1] != OLD
    for page in ("team/index.md", "team/calls/acme/2026-03-10-discovery.md"):
        assert after[page] == before[page]  # same bytes, same mtime, same inode
    assert after["index.md"] == before["index.md"]


def test_writing_the_same_pages_again_touches_nothing_at_all(content: Path) -> None:
    write_pages(content, "team", PAGES)
    age(content)
    before = snapshot(content)

    report = write_pages(content, "team", PAGES)

    assert snapshot(content) == before  # pages, manifest and folders alike
    assert (report.written, report.removed, report.unchanged) == ([], [], len(PAGES))


def test_output_is_the_same_bytes_wherever_it_is_written(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    write_pages(first, "team", PAGES)
    write_pages(second, "team", dict(reversed(PAGES.items())))

    def files(folder: Path) -> dict[str, bytes]:
        return {k: v[0] for k, v in snapshot(folder).items() if v[0] is not None}

    assert files(first) == files(second)


def test_page_whose_source_is_gone_is_removed_with_its_empty_folders(content: Path) -> None:
    write_pages(content, "team", PAGES)
    remaining = {p: t for p, t in PAGES.items() if "/calls/" not in p}

    report = write_pages(content, "team", remaining)

    assert report.removed == ["team/calls/acme/2026-03-10-discovery.md"]
    assert not (content / "team" / "calls").exists()
    assert manifest(content) == sorted(p.removeprefix("team/") for p in remaining)
    assert (content / "team" / "accounts" / "acme.md").exists()


def test_file_not_in_the_manifest_is_left_alone_and_reported(content: Path) -> None:
    write_pages(content, "team", PAGES)
    foreign = {
        "team/notes.md": b"# Someone's notes\n",
        "team/calls/acme/hand-written.md": b"Not ours\n",
        "team/calls/old-account/2025-01-01-demo.md": b"A page from before the manifest\n",
    }
    for path, data in foreign.items():
        (content / path).parent.mkdir(parents=True, exist_ok=True)
        (content / path).write_bytes(data)

    # Even with every generated page gone, files we did not write stay.
    report = write_pages(content, "team", {"team/index.md": "# Team\n"})

    for path, data in foreign.items():
        assert (content / path).read_bytes() == data
    assert report.foreign == sorted(foreign)
    assert sorted(report.removed) == sorted(set(PAGES) - {"team/index.md"})
    assert set(manifest(content)).isdisjoint(p.removeprefix("team/") for p in foreign)


def test_foreign_file_with_the_name_of_a_new_page_stops_the_write(content: Path) -> None:
    # A file the generator did not write is left alone and reported, even where a page goes.
    (content / "team").mkdir()
    (content / "team" / "index.md").write_text("stale copy\n", encoding="utf-8")

    with pytest.raises(WriteError, match=r"did not write .* team/index\.md; move them out"):
        write_pages(content, "team", PAGES)

    assert (content / "team" / "index.md").read_text(encoding="utf-8") == "stale copy\n"
    assert sorted(p.name for p in (content / "team").iterdir()) == ["index.md"]


def test_a_file_already_holding_exactly_the_page_is_claimed(content: Path) -> None:
    (content / "team").mkdir()
    (content / "team" / "index.md").write_text("# Team\n", encoding="utf-8")

    report = write_pages(content, "team", PAGES)

    assert report.foreign == []
    assert "index.md" in manifest(content)


def test_nothing_is_written_outside_the_subtree(tmp_path: Path, content: Path) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "team.yaml").write_text("reps: []\n", encoding="utf-8")
    (content / "team-notes").mkdir()
    (content / "team-notes" / "page.md").write_text("beside, not inside\n", encoding="utf-8")
    age(tmp_path)
    outside = {
        k: v
        for k, v in snapshot(tmp_path).items()
        if k != "content" and not k.startswith("content/team/")
    }

    write_pages(content, "team", PAGES)
    write_pages(content, "team", {"team/index.md": "# Changed\n"})

    after = snapshot(tmp_path)
    # content/ itself gains the team/ folder; apart from that, nothing outside it moved.
    assert {k: v for k, v in after.items() if k in outside} == outside
    assert all(
        k in outside or k in {"content", "content/team"} or k.startswith("content/team/")
        for k in after
    )


@pytest.mark.parametrize(
    "page",
    [
        "index.md",
        "teams/index.md",
        "team",
        "team/../index.md",
        "team/calls/../../index.md",
        "team/./index.md",
        "team//index.md",
        "team/",
    ],
)
def test_a_page_outside_the_subtree_is_refused_before_anything_is_written(
    tmp_path: Path, content: Path, page: str
) -> None:
    before = snapshot(tmp_path)
    with pytest.raises(ValueError, match="outside the generator's subtree"):
        write_pages(content, "team", {**PAGES, page: "# Injected\n"})
    assert snapshot(tmp_path) == before


def test_an_absolute_path_after_the_prefix_is_refused(tmp_path: Path, content: Path) -> None:
    victim = tmp_path / "victim.md"
    with pytest.raises(ValueError, match="outside the generator's subtree"):
        write_pages(content, "team", {f"team/{victim.as_posix()}": "# Overwritten\n"})
    assert not victim.exists()
    assert not (content / "team").exists()


def test_a_manifest_naming_paths_outside_the_subtree_never_deletes_them(
    tmp_path: Path, content: Path
) -> None:
    write_pages(content, "team", PAGES)
    victim = tmp_path / "victim.md"
    victim.write_text("keep me\n", encoding="utf-8")
    (content / "team" / MANIFEST).write_text(
        json.dumps(
            {
                "files": [
                    *manifest(content),
                    "../index.md",
                    "calls/../../index.md",
                    victim.as_posix(),
                    f"/{victim.as_posix()}",
                    ".",
                ]
            }
        ),
        encoding="utf-8",
    )

    report = write_pages(content, "team", PAGES)

    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert (content / "index.md").read_text(encoding="utf-8") == "# Hand-written home\n"
    assert report.removed == []
    assert manifest(content) == sorted(p.removeprefix("team/") for p in PAGES)


@pytest.mark.parametrize("damage", ["", "{not json", '{"files": 3}', '["index.md"]'])
def test_an_unreadable_manifest_removes_nothing_and_is_rewritten(
    content: Path, damage: str
) -> None:
    write_pages(content, "team", PAGES)
    (content / "team" / MANIFEST).write_text(damage, encoding="utf-8")

    report = write_pages(content, "team", {"team/index.md": "# Team\n"})

    assert report.removed == []
    assert sorted(report.foreign) == sorted(set(PAGES) - {"team/index.md"})
    assert manifest(content) == ["index.md"]


def test_a_missing_manifest_is_rewritten_without_touching_the_pages(content: Path) -> None:
    write_pages(content, "team", PAGES)
    (content / "team" / MANIFEST).unlink()
    age(content)
    pages_before = {k: v for k, v in snapshot(content).items() if k.endswith(".md")}

    write_pages(content, "team", PAGES)

    assert manifest(content) == sorted(p.removeprefix("team/") for p in PAGES)
    assert {k: v for k, v in snapshot(content).items() if k.endswith(".md")} == pages_before


def test_the_incomplete_marker_is_gone_after_a_successful_run(content: Path) -> None:
    write_pages(content, "team", PAGES)
    assert not is_incomplete(content, "team")
    write_pages(content, "team", {"team/index.md": "# Changed\n"})
    assert not is_incomplete(content, "team")
    assert sorted(p.name for p in (content / "team").iterdir()) == [MANIFEST, "index.md"]


def test_an_interrupted_run_is_marked_incomplete_and_the_next_run_finishes_it(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_pages(content, "team", {"team/index.md": "# Team\n"})
    real = atomic.write_page

    def full_disk(path: str, data: bytes) -> None:
        if Path(path).name == "acme.md":
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data)

    monkeypatch.setattr(atomic, "write_page", full_disk)
    with pytest.raises(WriteError, match=r"No space left on device.*marked incomplete"):
        write_pages(content, "team", PAGES)

    assert is_incomplete(content, "team")
    assert not (content / "team" / "accounts" / "acme.md").exists()
    # Every page the failed run might have created is already claimed as ours.
    assert set(manifest(content)) >= {p.removeprefix("team/") for p in PAGES}

    monkeypatch.setattr(atomic, "write_page", real)
    report = write_pages(content, "team", PAGES)

    assert not is_incomplete(content, "team")
    assert report.written == ["team/accounts/acme.md", "team/calls/acme/2026-03-10-discovery.md"]
    assert report.foreign == []
    assert manifest(content) == sorted(p.removeprefix("team/") for p in PAGES)


def test_a_leftover_marker_is_cleared_even_when_no_page_changed(content: Path) -> None:
    write_pages(content, "team", PAGES)
    (content / "team" / INCOMPLETE).write_text("interrupted\n", encoding="utf-8")

    report = write_pages(content, "team", PAGES)

    assert not is_incomplete(content, "team")
    assert report.written == []
    assert report.foreign == []


# --- many pages, written from a few threads ----------------------------------------------------


def many(count: int) -> dict[str, str]:
    """Pages over a few new folders, two levels deep, and one at the top of the subtree."""
    pages = {f"team/calls/account-{i % 7}/{i:04d}.md": f"# Call {i}\n" * (i % 5 + 1)
             for i in range(count - 1)}
    return {**pages, "team/index.md": "# Team\n"}


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file()}


def test_the_pages_bytes_are_never_all_held_at_once(content: Path) -> None:
    """Each page's bytes are made while it is compared, digested and written, then let go: a
    big team's pages held as bytes beside their text cost as much memory again."""
    size, count = 100_000, 100  # 10 MB of pages, each with a character of two bytes
    pages = {f"team/calls/a/{n:03}.md": f"# {n} é\n" + "x" * size for n in range(count)}
    for first in (True, False):  # every page new, then every page changed
        if not first:
            pages = {name: text + "more\n" for name, text in pages.items()}
        tracemalloc.start()
        try:
            report = write_pages(content, "team", pages)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert len(report.written) == count
        assert peak < size * count / 4, peak
    assert (content / "team/calls/a/007.md").read_bytes() == pages["team/calls/a/007.md"].encode()


@pytest.mark.parametrize("count", [3, 500])
def test_many_pages_land_whole_from_threads_and_are_reported_in_path_order(
    content: Path, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    pages = many(count)
    real = atomic.write_page
    writers = set()

    def spy(path: str, data: bytes) -> None:
        writers.add(threading.current_thread() is threading.main_thread())
        real(path, data)

    monkeypatch.setattr(atomic, "write_page", spy)
    before = set(threading.enumerate())
    report = write_pages(content, "team", dict(reversed(pages.items())))

    # A pool only from many pages, and then no page is written by the calling thread.
    assert writers == {count < atomic._POOL_FROM}
    assert set(threading.enumerate()) == before
    assert report.written == sorted(pages)
    assert files(content / "team") == {
        **{p.removeprefix("team/"): t.encode() for p, t in pages.items()},
        MANIFEST: (content / "team" / MANIFEST).read_bytes()}  # nothing else: no temporary file
    assert manifest(content) == sorted(p.removeprefix("team/") for p in pages)
    assert not is_incomplete(content, "team")


def test_threads_making_one_new_folder_at_once_all_write_their_page(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "deeper"
    start = threading.Barrier(8)

    def page(i: int) -> None:
        start.wait()  # all at once into the folder none of them has made yet
        atomic.atomic_write(folder / f"{i}.md", f"page {i}\n".encode())

    threads = [threading.Thread(target=page, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert files(folder) == {f"{i}.md": f"page {i}\n".encode() for i in range(8)}


def test_a_disk_full_part_way_through_the_pool_stops_it_and_is_raised(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = many(500)
    real, lock = atomic.write_page, threading.Lock()
    replaced: list[str] = []

    def replace(path: str, data: bytes) -> None:
        with lock:
            replaced.append(path)
            count = len(replaced)
        if count == 40:
            raise OSError(errno.ENOSPC, "No space left on device")
        if count > 40:
            time.sleep(0.2)  # ample time for the pool to see the failure
        real(path, data)

    monkeypatch.setattr(atomic, "write_page", replace)
    before = set(threading.enumerate())
    with pytest.raises(WriteError, match=r"No space left on device.*marked incomplete"):
        write_pages(content, "team", pages)
    monkeypatch.undo()

    assert set(threading.enumerate()) == before  # no thread left writing
    # No page started after the failure, but those the other threads had under way.
    assert len(replaced) <= 40 + atomic._THREADS - 1
    assert is_incomplete(content, "team")
    on_disk = files(content / "team")
    assert all(on_disk[p.removeprefix("team/")] == t.encode() for p, t in pages.items()
               if p.removeprefix("team/") in on_disk)  # each page there is whole
    assert len(on_disk) - 2 == len(replaced) - 1  # the rest (and no temporary file) is not
    assert set(manifest(content)) == {p.removeprefix("team/") for p in pages}  # all claimed

    report = write_pages(content, "team", pages)
    assert not is_incomplete(content, "team")
    assert len(report.written) == len(pages) - len(replaced) + 1
    assert files(content / "team").keys() == {p.removeprefix("team/") for p in pages} | {MANIFEST}


def test_ctrl_c_while_the_pool_writes_starts_no_more_pages_and_propagates(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = many(500)
    interrupted = threading.Event()

    def on_ctrl_c(signum: int, frame: object) -> None:
        interrupted.set()
        raise KeyboardInterrupt

    real, lock = atomic.write_page, threading.Lock()
    written: list[str] = []
    writers: set[threading.Thread] = set()
    told: list[bool] = []

    def ctrl_c(path: str, data: bytes) -> None:
        with lock:
            written.append(str(path))
            writers.add(threading.current_thread())
            # Ctrl-C once 20 pages are started, each thread having started one of them.
            if len(written) >= 20 and len(writers) == atomic._THREADS and not told:
                told.append(True)
                signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
        if len(written) >= 20:  # hold the pages until the calling thread has been told
            interrupted.wait(10)
            time.sleep(0.2)  # and has had ample time to act on it
        return real(path, data)

    monkeypatch.setattr(atomic, "write_page", ctrl_c)
    previous = signal.signal(signal.SIGINT, on_ctrl_c)
    before = set(threading.enumerate())
    try:
        with pytest.raises(KeyboardInterrupt):
            write_pages(content, "team", pages)
    finally:
        signal.signal(signal.SIGINT, previous)

    assert set(threading.enumerate()) == before
    # The 19 written before, then at most the one each thread had under way: no more.
    assert len(written) <= 19 + atomic._THREADS
    assert is_incomplete(content, "team")
    on_disk = files(content / "team")
    assert all(on_disk[p.removeprefix("team/")] == t.encode() for p, t in pages.items()
               if p.removeprefix("team/") in on_disk)


# --- symbolic links ----------------------------------------------------------------------------


def link_the_subtree(team: Path, elsewhere: Path) -> None:
    team.rename(elsewhere)
    team.symlink_to(elsewhere, target_is_directory=True)


def link_a_folder(team: Path, elsewhere: Path) -> None:
    (team / "calls").rename(elsewhere)
    (team / "calls").symlink_to(elsewhere, target_is_directory=True)


def link_a_page(team: Path, elsewhere: Path) -> None:
    elsewhere.mkdir()
    (team / "accounts" / "acme.md").rename(elsewhere / "acme.md")
    (team / "accounts" / "acme.md").symlink_to(elsewhere / "acme.md")


def link_a_page_to_remove(team: Path, elsewhere: Path) -> None:
    elsewhere.mkdir()
    (team / "calls" / "acme" / "old.md").unlink()
    (team / "calls" / "acme" / "old.md").symlink_to(elsewhere / "precious.md")
    (elsewhere / "precious.md").write_text("precious\n", encoding="utf-8")


@pytest.mark.parametrize("link", [link_the_subtree, link_a_folder, link_a_page,
                                  link_a_page_to_remove])
def test_a_link_on_the_way_to_a_page_is_refused_before_anything_is_written(
    tmp_path: Path, content: Path, link: Callable[[Path, Path], None]
) -> None:
    old = "team/calls/acme/old.md"
    write_pages(content, "team", {**PAGES, old: "# Old\n"})
    elsewhere = tmp_path / "elsewhere"
    link(content / "team", elsewhere)
    before = snapshot(tmp_path)

    changed = {p: t.replace("#", "# Changed") for p, t in PAGES.items()}
    with pytest.raises(WriteError, match=r"is a symbolic link; .* nothing was written"):
        write_pages(content, "team", changed)

    assert snapshot(tmp_path) == before


def test_a_new_page_is_created_in_place_and_an_old_one_replaced_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renamed: list[str] = []
    real = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: renamed.append(str(b)) or real(a, b))
    page = tmp_path / "page.md"

    atomic.write_page(str(page), b"first\n")
    assert page.read_bytes() == b"first\n"
    assert renamed == []  # no temporary file for a page that was not there
    inode = page.stat().st_ino

    atomic.write_page(str(page), b"second\n")
    assert page.read_bytes() == b"second\n"
    assert renamed == [str(page)]  # a page that was there is replaced all at once
    assert page.stat().st_ino != inode
    assert page.stat().st_mode & 0o777 == atomic._MODE  # as open() makes a file, either way

    with pytest.raises(TypeError):
        atomic.write_page(str(tmp_path / "half.md"), "not bytes")  # type: ignore[arg-type]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.md"]  # nothing half-made left
