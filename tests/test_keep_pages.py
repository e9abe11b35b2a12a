"""A build that keeps pages (fast/keeper.py) makes the site a full build makes, byte for byte:
every page, the search index and the sitemap (site_url set, so it lists every page).

Over random sequences of edits (test_warm_cold's: a field of any file, a call added, deleted or
renamed, a hand edit of a generated page; and here a debrief's outcome, mkdocs.yml and a
hand-written page too), the warm side builds with its store, and the cold side builds from
nothing, with an empty cache folder or with no shortcut at all.
"""

from __future__ import annotations

import errno
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from conftest import require
from hypothesis import given, settings
from hypothesis import strategies as st
from test_warm_cold import (
    COLD,
    KINDS,
    PROFILE,
    Project,
    Step,
    apply,
    make_project,
    playbook,
    warm_equals_cold,
)

from generator.fast import inplace, keeper, pagestore, partstay, tuning

pytestmark = pytest.mark.usefixtures("site_url")

BUILD_KINDS = [*KINDS, "outcome", "prep", "config", "hand-written"]
CONFIG_EDITS = [("site_name: Sales Playbook", "site_name: Sales Handbook"),
                ("    - navigation.top\n", ""),
                ("  - search\n", "  - search:\n      separator: '[\\s\\-]+'\n")]


def apply_build(project: Project, step: Step) -> str:
    """One edit: test_warm_cold's, or one only a build sees."""
    kind, a, b = step
    if kind == "outcome":
        calls = [c for c in project.calls() if b"\n  outcome: " in (project.plans / c).read_bytes()]
        if not calls:
            return "no debrief"
        rel = calls[a % len(calls)]
        text = (project.plans / rel).read_text(encoding="utf-8")
        now = re.search(r"\n  outcome: (\S+)", text)
        assert now is not None
        outcomes = ["order", "advance", "continuation", "no-sale"]
        outcome = next(o for o in outcomes[b % 4:] + outcomes if o != now.group(1))
        project.write(rel, text.replace(now.group(0), f"\n  outcome: {outcome}").encode())
        return f"{rel}: outcome {outcome}"
    if kind == "prep":  # what an upcoming call's prep shows: its page includes it
        rel = "zeta/2026-09-21-demo.yaml"
        if not (project.plans / rel).exists():
            return "no call to edit"
        text = (project.plans / rel).read_text(encoding="utf-8")
        title = f"Demo {a}"
        project.write(rel, re.sub(r"(?m)^title: .*$", f"title: {title}", text).encode())
        return f"{rel}: title {title} (the previous call of an upcoming one)"
    if kind == "config":
        config = project.root / "mkdocs.yml"
        old, new = CONFIG_EDITS[a % len(CONFIG_EDITS)]
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace(old, new) if old in text else text.replace(new, old)
                          if new else text, encoding="utf-8")
        return f"mkdocs.yml: {old.strip()!r} <-> {new.strip()!r}"
    if kind == "hand-written":
        pages = sorted((project.root / "content" / "onboarding").glob("*.md"))
        page = pages[a % len(pages)]
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("# ", f"# Edited {b} ", 1), encoding="utf-8")
        return f"hand-written {page.name}: new title"
    return apply(project, step)


class Counted:
    """How many pages each build kept, and how many builds updated site/ in place."""

    def __init__(self) -> None:
        self.kept: list[int] = []
        self.in_place = 0
        self.parts_left = 0
        """Search parts the in-place updates left where they were (fast/partstay.py)."""

    def __enter__(self) -> Counted:
        real = keeper.Keeper.finish
        real_update = inplace.update

        def finish(this: keeper.Keeper, site: Path, previous: Path) -> bool:
            self.kept.append(len(this.kept))
            return real(this, site, previous)

        def update(*args: Any, **kwargs: Any) -> str | None:
            done = real_update(*args, **kwargs)
            self.in_place += done is not None
            return done

        real_stays = partstay.PartsInPlace.stays

        def stays(this: partstay.PartsInPlace, bundle: str, key: str) -> Any:
            found = real_stays(this, bundle, key)
            self.parts_left += found is not None
            return found

        self.patches = [mock.patch.object(keeper.Keeper, "finish", finish),
                        mock.patch.object(inplace, "update", update),
                        mock.patch.object(partstay.PartsInPlace, "stays", stays)]
        for patch in self.patches:
            patch.start()
        return self

    def __exit__(self, *_: Any) -> None:
        for patch in self.patches:
            patch.stop()


def steps_keep_the_full_site(steps: list[Step], cold_way: Callable[[int], str],
                             uncommitted: frozenset[str]) -> Counted:
    """A fresh project built, then each step applied and built again: after each, the site
    equals the one a cold build makes (`cold_way` of the number of steps done so far, the
    fresh project counted); a step of a kind in `uncommitted` is not committed. What the
    builds kept and updated in place, counted."""
    with tempfile.TemporaryDirectory() as folder, Counted() as counted:
        scratch = Path(folder) / "scratch"
        scratch.mkdir()
        project = make_project(Path(folder) / "project", settled=False, site=True)
        done = ["a fresh project"]
        assert playbook(project.root, scratch / "warm-cache", "build")[0] == 0
        for step in steps:
            done.append(apply_build(project, step))
            warm_equals_cold(project, scratch, "build", "site", done, cold_way(len(done)))
            if step[0] not in uncommitted:
                project.commit()
    return counted


@pytest.mark.slow
@settings(settings.get_profile(PROFILE), max_examples=3)
@given(steps=st.lists(st.tuples(st.sampled_from(BUILD_KINDS), st.integers(0, 999),
                                st.integers(0, 999)), min_size=1, max_size=3),
       threads=st.integers(1, 3))
@pytest.mark.parametrize("cold_way", COLD)
def test_a_build_that_keeps_pages_makes_the_site_a_full_build_makes(
        steps: list[Step], threads: int, cold_way: str) -> None:
    with mock.patch.object(tuning, "STORE_THREADS", threads):  # storing's serial twin, or not
        counted = steps_keep_the_full_site(steps, lambda _: cold_way,
                                           frozenset({"page", "config", "hand-written"}))
    assert counted.kept[0] == 0  # the first build found an empty store
    assert counted.in_place >= 1  # the builds after it updated site/ in place


@pytest.mark.slow
def test_one_plan_edited_builds_that_page_and_keeps_the_other_calls() -> None:
    with tempfile.TemporaryDirectory() as folder, Counted() as counted:
        scratch = Path(folder) / "scratch"
        scratch.mkdir()
        project = make_project(Path(folder) / "project", settled=False, site=True)
        cache = scratch / "warm-cache"
        assert playbook(project.root, cache, "build")[0] == 0
        calls = len(project.calls())
        rel = "zeta/2026-09-21-demo.yaml"
        project.write(rel, (project.plans / rel).read_bytes().replace(b"Demo day", b"Demo two"))
        assert playbook(project.root, cache, "build")[0] == 0

        page = project.root / "site" / "team" / "calls" / "zeta" / "2026-09-21-demo" / "index.html"
        assert b"Demo two" in page.read_bytes()
        # Every call page but the edited one, and the pages that do not list its title.
        assert counted.kept[0] == 0
        assert counted.kept[1] >= calls - 1
        assert counted.in_place == 1
        assert counted.parts_left >= 2  # the months not edited: March and April
        warm_equals_cold(project, scratch, "build", "site", ["a title edited"], "no-shortcuts")


@pytest.mark.slow
def test_each_kind_of_edit_once_keeps_the_site_a_full_build_makes() -> None:
    """Every kind of edit, one after the other (random sequences would take many examples to
    reach each); the cold side takes turns (COLD)."""
    steps: list[Step] = [("outcome", 3, 1), ("add", 1, 3), ("prep", 1, 0), ("field", 0, 0),
                         ("delete", 2, 0),
                         ("rename", 1, 0), ("config", 0, 0), ("config", 1, 0),
                         ("config", 2, 0), ("hand-written", 1, 7), ("page", 5, 0),
                         ("checkout", 0, 0)]
    counted = steps_keep_the_full_site(steps, lambda done: COLD[done % 2],
                                       frozenset({"page", "config", "hand-written", "checkout"}))
    assert any(counted.kept[1:]), "no build kept a page"
    assert counted.in_place >= len(steps) // 2, "site/ was mostly swapped, not updated"
    assert counted.parts_left, "no search part was left where it was"


# --- the store's faults, in a build ----------------------------------------------------------

FORGED = b'<script>alert("forged")</script>'


@pytest.fixture
def built(tmp_path: Path) -> tuple[Project, Path]:
    """A project built once with shortcuts: its store holds every page it can keep."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    project = make_project(tmp_path / "project", settled=False, site=True)
    assert playbook(project.root, scratch / "warm-cache", "build")[0] == 0
    return project, scratch


def entries(scratch: Path) -> list[Path]:
    return sorted(p for p in (scratch / "warm-cache").glob("projects/*/site/??/*")
                  if not p.name.startswith("."))


def forge(entry: Path) -> None:
    """The entry with its page's HTML replaced and its digest made to match."""
    head, _, rest = entry.read_bytes().partition(b"\n")
    key, _, rest = rest.partition(b"\n")
    _, _, body = rest.partition(b"\n")
    fields = json.loads(body.partition(b"\n")[0])
    fields["html"], fields["size"] = hashlib.sha256(FORGED).hexdigest(), len(FORGED)
    body = json.dumps(fields).encode() + b"\n" + zlib.compress(FORGED)
    digest = hashlib.sha256(body).hexdigest().encode()
    entry.write_bytes(b"\n".join([head, key, digest, body]))


@pytest.mark.slow
def test_damaged_and_moved_entries_are_built_again(built: tuple[Project, Path]) -> None:
    project, scratch = built
    stored = entries(scratch)
    assert len(stored) > 10
    for entry in stored[::3]:  # a bit flipped
        data = bytearray(entry.read_bytes())
        data[len(data) // 2] ^= 1
        entry.write_bytes(bytes(data))
    for entry in stored[1::3]:  # cut short, as a disk that filled up might leave it
        entry.write_bytes(entry.read_bytes()[:100])
    stored[2].write_bytes(stored[5].read_bytes())  # another page's entry under this key
    # site/ not the last build's: every entry is looked at (a page site/ is proven to hold
    # is kept without, test_in_place_entries.py).
    (project.root / "site" / "404.html").write_bytes(b"by hand")
    with Counted() as counted:
        warm_equals_cold(project, scratch, "build", "site", ["entries damaged"], "no-shortcuts")
    assert 0 < counted.kept[0] <= len(stored) - len(stored[::3]) - len(stored[1::3]) - 1


@pytest.mark.slow
def test_an_entry_damaged_during_the_build_makes_it_build_everything(
        built: tuple[Project, Path]) -> None:
    project, scratch = built
    real = keeper.Keeper.begin

    def begin(this: keeper.Keeper, *args: Any) -> dict[str, str]:
        env = real(this, *args)
        for entry in entries(scratch):  # after the check, before the pages are put back
            entry.write_bytes(entry.read_bytes()[:-1] + b"?")
        for page in (project.root / "site").rglob("*.html"):  # nor can site/ stand in
            page.write_bytes(page.read_bytes() + b" ")
        return env

    with Counted() as counted, mock.patch.object(keeper.Keeper, "begin", begin):
        warm_equals_cold(project, scratch, "build", "site", ["damaged mid-build"], "fresh-cache")
    assert counted.kept[0] > 10  # it meant to keep them, then built them all


@pytest.mark.slow
def test_kept_pages_are_the_previous_sites_files_when_they_are_the_stored_pages(
        built: tuple[Project, Path]) -> None:
    """Linked, not written again; a page of site/ changed by hand is not taken, but written
    from the store."""
    project, scratch = built
    calls = project.root / "site" / "team" / "calls"
    kept, changed = sorted(calls.glob("*/*/index.html"))[:2]
    before = kept.stat().st_ino
    changed.write_bytes(changed.read_bytes().replace(b"<", b"[", 1))  # its size stays
    rel = "zeta/2026-09-21-demo.yaml"
    project.write(rel, (project.plans / rel).read_bytes().replace(b"Demo day", b"Demo 4"))
    with Counted() as counted:
        warm_equals_cold(project, scratch, "build", "site", ["site/ changed"], "no-shortcuts")
    assert counted.kept[0] > 10
    assert kept.stat().st_ino == before
    assert kept.stat().st_nlink == 1  # the previous site's name is gone with it


@pytest.mark.slow
def test_a_store_inside_the_project_is_not_used(built: tuple[Project, Path]) -> None:
    """Entries a pull request could commit, their digests right, are never trusted."""
    project, scratch = built
    store = next((scratch / "warm-cache").glob("projects/*/site"))
    inside = project.root / "kept-pages"
    shutil.copytree(store, inside)
    for entry in (p for p in inside.glob("??/*")):
        forge(entry)
    with mock.patch.dict(os.environ, {"PLAYBOOK_SITE_STORE": str(inside)}), Counted() as counted:
        warm_equals_cold(project, scratch, "build", "site", ["a store in the project"],
                         "no-shortcuts")
    assert not any(counted.kept)
    assert FORGED not in b"".join(p.read_bytes() for p in (project.root / "site").rglob("*.html"))


@pytest.mark.slow
def test_a_store_held_by_another_build_is_left_alone(built: tuple[Project, Path]) -> None:
    project, scratch = built
    before = {p: p.read_bytes() for p in entries(scratch)}
    lock = next((scratch / "warm-cache").glob("projects/*/site/.lock"))
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR); "
         "fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); sys.stdin.read()",
         str(lock)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        rel = "zeta/2026-09-21-demo.yaml"
        project.write(rel, (project.plans / rel).read_bytes().replace(b"Demo day", b"Demo 2"))
        with Counted() as counted:
            warm_equals_cold(project, scratch, "build", "site", ["store busy"], "no-shortcuts")
    finally:
        holder.communicate("")
    assert not any(counted.kept)  # the store was busy: nothing kept
    assert {p: p.read_bytes() for p in entries(scratch)} == before


@pytest.mark.slow
def test_a_store_that_is_a_link_is_not_written_through(built: tuple[Project, Path],
                                                       tmp_path: Path) -> None:
    project, scratch = built
    store = next((scratch / "warm-cache").glob("projects/*/site"))
    shutil.rmtree(store)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    store.symlink_to(elsewhere)
    warm_equals_cold(project, scratch, "build", "site", ["store is a link"], "no-shortcuts")
    assert list(elsewhere.iterdir()) == []


@pytest.mark.slow
def test_a_full_disk_while_storing_still_builds_the_site(built: tuple[Project, Path]) -> None:
    project, scratch = built
    shutil.rmtree(next((scratch / "warm-cache").glob("projects/*/site")))
    written: list[str] = []
    lock = threading.Lock()  # pages are stored from several threads

    def full(self: pagestore.PageStore, key: str, kept: pagestore.Kept, html: bytes) -> None:
        with lock:
            if len(written) >= 3:
                raise OSError(errno.ENOSPC, "No space left on device")
            written.append(key)
        real(self, key, kept, html)

    real = pagestore.PageStore.write
    with mock.patch.object(pagestore.PageStore, "write", full):
        warm_equals_cold(project, scratch, "build", "site", ["disk full"], "no-shortcuts")
    assert len(entries(scratch)) == 3


@pytest.mark.slow
def test_a_broken_link_still_fails_a_build_that_keeps_pages(built: tuple[Project, Path]) -> None:
    """The hook leaves MkDocs' INFO notes on links unmade; its warnings still fail --strict."""
    project, scratch = built
    page = project.root / "content" / "onboarding" / "broken.md"
    page.write_text("# Broken\n\nSee [the plan](no-such-page.md).\n", encoding="utf-8")
    code, said = playbook(project.root, scratch / "warm-cache", "build")
    assert code != 0
    assert "no-such-page.md" in said


@pytest.mark.slow
def test_pages_stored_from_several_threads_are_the_entries_one_thread_stores(
        tmp_path: Path) -> None:
    """Storing is a parallel path: its serial twin, one thread, stores the same entries."""
    project = make_project(tmp_path / "project", settled=False, site=True)
    stored: list[dict[str, bytes]] = []
    for threads in (1, 3):
        cache = tmp_path / f"cache-{threads}"
        shutil.rmtree(project.root / "site", ignore_errors=True)
        with mock.patch.object(tuning, "STORE_THREADS", threads):
            assert playbook(project.root, cache, "build")[0] == 0
        found = sorted(p for p in cache.glob("projects/*/site/??/*") if not p.name.startswith("."))
        stored.append({p.name: p.read_bytes() for p in found})
    assert len(stored[0]) > 20
    assert stored[1] == stored[0]


@pytest.mark.slow
def test_properdocs_keeps_pages_as_mkdocs_does(tmp_path: Path) -> None:
    """The hook runs in ProperDocs too (its own InclusionLevel): a kept build equals its full
    build."""
    require(importlib.util.find_spec("properdocs") is not None, "ProperDocs is not installed")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    project = make_project(tmp_path / "project", settled=False, site=True)
    with Counted() as counted:
        assert playbook(project.root, scratch / "warm-cache", "build", "--engine",
                        "properdocs")[0] == 0
        rel = "zeta/2026-09-21-demo.yaml"
        project.write(rel, (project.plans / rel).read_bytes().replace(b"Demo day", b"Demo 3"))
        with mock.patch.dict(os.environ, {"PLAYBOOK_ENGINE": "properdocs"}):
            warm_equals_cold(project, scratch, "build", "site", ["properdocs"], "no-shortcuts")
    assert counted.kept[1] > 10
