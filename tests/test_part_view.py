"""A search part indexed from a folder of its pages alone (fast/partview.py) is the part the
plain run over the whole site makes (search.run_part): over random sites, and where the view
cannot be made (a link among the pages, no hard links), when Pagefind fails and when the
build is stopped, and in every case nothing is left beside the site."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_search_reuse import bundle, make_site

from generator.fast import partview
from generator.fast.partview import PartView
from generator.output import search
from generator.output.search import SearchError, index_site, month_parts
from generator.output.staging import Staging, clear_leftovers


def _beside(site: Path) -> list[str]:
    """What stands beside the site besides the site itself."""
    return sorted(p.name for p in site.parent.iterdir() if p.name != site.name)


def _copies(tmp_path: Path) -> tuple[Path, Path]:
    plain = make_site(tmp_path / "plain")
    viewed = make_site(tmp_path / "viewed")
    index_site(plain, most=5)
    return plain, viewed


def test_each_part_is_made_from_its_view_and_equals_the_plain_run(tmp_path: Path) -> None:
    plain, viewed = _copies(tmp_path)
    run = PartView(least=0)
    index_site(viewed, most=5, run=run, at_once=2)
    assert sorted(run.viewed) == ["pagefind", "pagefind/month-2026-05", "pagefind/month-2026-06"]
    assert bundle(viewed) == bundle(plain)
    assert _beside(viewed) == []


def test_a_site_of_fewer_call_pages_than_the_least_is_indexed_plainly(tmp_path: Path) -> None:
    plain, viewed = _copies(tmp_path)
    run = PartView(least=7)  # the site has 6
    index_site(viewed, most=5, run=run)
    assert run.viewed == []
    assert bundle(viewed) == bundle(plain)
    run = PartView(least=6)
    index_site(viewed, most=5, run=run)
    assert len(run.viewed) == 3
    assert bundle(viewed) == bundle(plain)


def test_a_link_among_the_pages_is_indexed_by_the_plain_run(tmp_path: Path) -> None:
    plain, viewed = _copies(tmp_path)
    for site in (plain, viewed):  # the same link in both: Pagefind follows it in each
        (site / "team/calls/a/2026-06-03-linked").symlink_to(site / "team/calls/a/2026-06-02-two")
    index_site(plain, most=5)
    run = PartView(least=0)
    index_site(viewed, most=5, run=run)
    assert "pagefind/month-2026-06" not in run.viewed
    assert "pagefind/month-2026-05" in run.viewed
    assert bundle(viewed) == bundle(plain)
    assert _beside(viewed) == []


def test_pages_that_cannot_be_linked_are_indexed_by_the_plain_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain, viewed = _copies(tmp_path)

    def no_hard_links(*_args: object, **_kwargs: object) -> None:
        raise OSError(18, "Invalid cross-device link")
    monkeypatch.setattr(partview.os, "link", no_hard_links)
    run = PartView(least=0)
    index_site(viewed, most=5, run=run)
    assert run.viewed == []
    assert bundle(viewed) == bundle(plain)
    assert _beside(viewed) == []


def test_no_view_folder_beside_the_site_and_the_plain_run_indexes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain, viewed = _copies(tmp_path)

    def unwritable(_site: Path) -> None:
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(partview, "Staging", unwritable)
    run = PartView(least=0)
    index_site(viewed, most=5, run=run)
    assert run.viewed == []
    assert bundle(viewed) == bundle(plain)


def test_a_view_not_removed_is_left_marked_for_the_next_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain, viewed = _copies(tmp_path)

    def stuck(_view: Staging) -> None:
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(Staging, "remove", stuck)
    index_site(viewed, most=5, run=PartView(least=0))
    assert bundle(viewed) == bundle(plain)
    assert len(_beside(viewed)) == 3  # one a part
    monkeypatch.undo()
    clear_leftovers(viewed)  # as the next build begins
    assert _beside(viewed) == []


@pytest.mark.parametrize("stop", [SearchError("Pagefind stopped"), KeyboardInterrupt()],
                         ids=["Pagefind fails", "Ctrl-C"])
def test_a_run_that_stops_raises_and_leaves_no_view(tmp_path: Path, stop: BaseException,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    viewed = make_site(tmp_path / "viewed")

    def stops(*_args: object, **_kwargs: object) -> str:
        raise stop
    monkeypatch.setattr(search, "pagefind", stops)
    with pytest.raises(type(stop)):
        index_site(viewed, most=5, run=PartView(least=0))
    assert _beside(viewed) == []


def test_the_view_holds_the_parts_pages_alone_as_links_to_the_same_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(tmp_path / "viewed")
    seen: dict[str, list[str]] = {}

    def look(at: Path, glob: str, bundle: str, pages: Path) -> str:
        files = sorted(p.relative_to(pages).as_posix() for p in pages.rglob("*") if p.is_file())
        assert all(os.path.samefile(pages / name, at / name) for name in files)
        seen[bundle] = files
        return ""
    monkeypatch.setattr(search, "pagefind", look)
    month = month_parts(site, 5)[0].parts[0]
    PartView(least=0)(site, month)
    assert seen == {"pagefind/month-2026-06": [f"team/calls/{account}/2026-06-02-two/index.html"
                                               for account in ("a", "b", "d")]}


# Random sites: calls on random days of three months, a month of more than MOST in parts of
# whole days; each indexed from views and plainly. Pagefind runs take about a second each.
MOST = 4
CALLS = st.lists(st.tuples(st.sampled_from("abc"), st.integers(4, 6), st.integers(1, 28),
                           st.sampled_from(["pilot", "fleet", "budget", "renewal"]),
                           # a page in a folder of the call's: as named in any site
                           st.sampled_from(["", "sub/", ".hidden/", "Zeit Ä/", "a/b/"])),
                 min_size=1, max_size=12, unique_by=lambda c: c[:3])


@pytest.mark.slow
@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(calls=CALLS)
def test_views_give_the_index_the_plain_run_gives(tmp_path_factory: pytest.TempPathFactory,
                                                  calls: list[tuple[str, int, int, str, str]],
                                                  ) -> None:
    work = tmp_path_factory.mktemp("view")
    site = work / "plain" / "site"
    (site / "model").mkdir(parents=True)
    (site / "model/index.html").write_text(
        "<html lang='en'><body><article><h1>Handbook</h1><p>pilot</p></article></body></html>",
        encoding="utf-8")
    for account, month, day, word, within in calls:
        folder = site / f"team/calls/{account}/2026-{month:02}-{day:02}-call/{within}"
        folder.mkdir(parents=True)
        (folder / "index.html").write_text(
            f"<html lang='en'><body><article><h1>{account} {month} {day}</h1><p>{word}</p>"
            f"<span data-pagefind-filter='account'>{account}</span></article></body></html>",
            encoding="utf-8")
    viewed = work / "viewed" / "site"
    shutil.copytree(site, viewed)
    index_site(site, most=MOST)
    run = PartView(least=0)
    index_site(viewed, most=MOST, run=run, at_once=2)
    assert bundle(viewed) == bundle(site)
    assert len(run.viewed) == len({p.bundle for m in month_parts(viewed, MOST)
                                   for p in m.parts}) + 1
    assert _beside(viewed) == []
