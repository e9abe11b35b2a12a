"""The search index a build makes reusing parts from the store equals the one it makes indexing
every part again, over random edits of the call pages (edited, added, removed).

"Equal" is pagefind_files.comparable() of the two `pagefind/` folders: every file byte for byte
(the library, months.json, each part's word chunks and fragments, so every page's text, title,
filters and metadata and every word's hits), except the files Pagefind writes in an order of its
own from one run to the next (the filter files, the meta file and pagefind-entry.json), of which
the sorted unpacked sizes of each part's filter files are compared. A third site is indexed
again in place after each edit, as an in-place update does it (fast/partstay.py): the parts
whose key did not change left where they are, the others taken away and made again. The
parts the store does not hold are made as a big site's build makes them, each from a folder of
its pages alone (fast/partview.py). Pagefind runs take about a second each, so few examples.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_search_reuse import bundle

from generator.fast.inplace import walk
from generator.fast.moves import Moves
from generator.fast.partstay import PartsInPlace, recorded_parts
from generator.fast.partview import PartView
from generator.fast.searchparts import StoredParts
from generator.output.search import index_site

MOST = 6
"""Call pages a part holds at most: three months of a few calls each, a month of more than
six in parts of whole days."""
WORDS = ["pilot", "fleet", "budget", "depot", "renewal", "security", "overtime", "fuel"]
OUTCOMES = ["order", "advance", "no-sale"]

Edit = tuple[str, int, int, int]
"""(what: edit, add or remove; account; call; a number the new page's words are drawn by)."""


def _folder(site: Path, account: int, call: int) -> Path:
    """A call's page: its month by the call's number, its day by the account's."""
    return site / f"team/calls/account-{account}/2026-{1 + call % 3:02}-{1 + account:02}-c{call}"


def _write(site: Path, account: int, call: int, seed: int) -> None:
    words = " ".join(WORDS[(seed + i * i) % len(WORDS)] for i in range(1 + seed % 5))
    folder = _folder(site, account, call)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(
        f"<html lang='en'><body><article><h1>Call {account}-{call}</h1><p>{words}</p>"
        f"<span data-pagefind-filter='outcome'>{OUTCOMES[seed % 3]}</span>"
        f"<span data-pagefind-filter='account'>account-{account}</span></article></body></html>",
        encoding="utf-8")


def _start(site: Path) -> None:
    (site / "model").mkdir(parents=True)
    (site / "model/index.html").write_text(
        "<html lang='en'><body><article><h1>Handbook</h1><p>pilot words</p></article>"
        "</body></html>", encoding="utf-8")
    for account in range(6):
        for call in range(3):
            _write(site, account, call, account + call)


def _apply(site: Path, edit: Edit) -> None:
    what, account, call, seed = edit
    folder = _folder(site, account, call)
    if what == "remove":
        shutil.rmtree(folder, ignore_errors=True)
        if folder.parent.is_dir() and not any(folder.parent.iterdir()):
            folder.parent.rmdir()
    else:
        _write(site, account, call, seed)


EDITS = st.lists(st.tuples(st.sampled_from(["edit", "add", "remove"]), st.integers(0, 7),
                           st.integers(0, 4), st.integers(0, 99)), min_size=1, max_size=3)


@pytest.mark.slow
@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_reused_parts_give_the_index_a_full_run_gives(tmp_path_factory: pytest.TempPathFactory,
                                                      edits: list[Edit]) -> None:
    work = tmp_path_factory.mktemp("reuse")
    store = work / "store"
    site = work / "site"
    _start(site)
    shutil.copytree(site, work / "first")
    index_site(work / "first", most=MOST, run=StoredParts(store))  # the store, before the edits
    staying = work / "staying"  # indexed again in place after each edit, as an update does
    shutil.copytree(site, staying)
    parts = _index_in_place(staying, {}, work / "gone-first", store)
    for step, edit in enumerate(edits):
        _apply(site, edit)
        _apply(staying, edit)
        reused, plain = work / f"reused-{step}", work / f"plain-{step}"
        shutil.copytree(site, reused)
        shutil.copytree(site, plain)
        run = _runner(store)  # as a build runs it, parts not stored made from views
        index_site(reused, most=MOST, run=run, at_once=2)  # side by side
        index_site(plain, most=MOST)  # the plain twin: every part indexed, one after another
        assert bundle(reused) == bundle(plain), (edit, run.reused, run.indexed)
        parts, left = _index_in_place(staying, parts, work / f"gone-{step}", store), parts
        assert bundle(staying) == bundle(plain), (edit, left)
        assert "pagefind" in _LEFT[-1]  # the handbook's part, its pages never edited, stayed
        assert any(b.startswith("pagefind/month-") for b in _LEFT[-1])  # a month not edited


def _runner(store: Path) -> StoredParts:
    """The runner a build indexes with (searchparts.part_runner), views made at any size."""
    run = StoredParts(store)
    run.plain = PartView(run.listed, least=0)
    return run


_LEFT: list[list[str]] = []
"""The bundles each index in place left where they were."""


def _index_in_place(site: Path, parts: dict[str, list[str]], gone: Path,
                    store: Path) -> dict[str, list[str]]:
    """Index `site` again as an in-place update does (fast/inplace.py), its parts as `parts`
    (the site record's) say; what the record of the result says of its parts."""
    files = walk(site) or {}
    gone.mkdir()
    moves = Moves(site, gone)
    place = PartsInPlace(site, parts, files, moves)
    pages = {rel for rel in files if rel != "pagefind" and not rel.startswith("pagefind/")}
    place.begin()
    moves.take_away(sorted(files), pages | place.leave(), set(), set())  # none: all stays
    run = _runner(store)  # as a build runs it
    run.in_place = place
    index_site(site, most=MOST, run=run, at_once=2)
    place.done()
    _LEFT.append(place.left)
    return recorded_parts(run.proof, walk(site) or {})
