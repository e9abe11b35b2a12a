"""The site's search: what a call page gives Pagefind (filters and metadata that no decoding
turns into markup, table words as sentences), which pages are indexed, and the header index
kept to the handbook."""

from __future__ import annotations

import html
import json
import random
import re
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pagefind_files import fragments

from generator.fast import searchparts
from generator.output.search import (
    HEADER_INDEX,
    header_index_kept,
    index_parts,
    index_site,
    month_parts,
    pagefind,
    searched_glob,
    trim_header_index,
)
from generator.pages.findable import NO_DEBRIEF, lookalike, search_marks
from generator.pages.render import OUTCOME_LABELS
from generator.vocabulary import CALL_TYPES

REPO = Path(__file__).resolve().parents[1]
HOSTILE = [
    '<img src=x onerror="alert(1)">',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&amp;lt;b&amp;gt;twice&amp;lt;/b&amp;gt;",
    "&#60;svg onload=alert(1)&#62;",
    'Say "hello" & goodbye',
]


def _decoded_fully(text: str) -> str:
    """What a reader that decodes entities over and over ends with."""
    while (decoded := html.unescape(text)) != text:
        text = decoded
    return text


@pytest.mark.parametrize("value", HOSTILE)
def test_a_value_never_decodes_into_markup(value: str) -> None:
    shown = _decoded_fully(lookalike(value))
    assert not set('<>"') & set(shown)
    assert re.search(r"&[#0-9A-Za-z]", shown) is None


def test_plain_words_stay_as_they_are() -> None:
    assert lookalike("Brightwater Water District") == "Brightwater Water District"
    assert html.unescape(lookalike("Smith & Sons")) == "Smith & Sons"  # starts no entity


def _call(outcome: str | None) -> Any:
    import datetime as dt  # noqa: PLC0415

    debrief = SimpleNamespace(outcome=outcome) if outcome else None
    return SimpleNamespace(debrief=debrief, type="demo", date=dt.date(2026, 6, 3))


def test_a_hostile_account_in_pagefind_stays_text(tmp_path: Path) -> None:
    # Through Pagefind itself: every filter and metadata value of a page whose account, rep and
    # topic are hostile comes out of the index with no character that makes markup.
    topic = SimpleNamespace(label=HOSTILE[1])
    marks = search_marks(_call("no-sale"), HOSTILE[0], HOSTILE[2], [topic])
    site = tmp_path / "site"
    (site / "team/calls/a/b").mkdir(parents=True)
    (site / "team/calls/a/b/index.html").write_text(
        f"<html lang='en'><body><article><h1>Call</h1><p>Words.</p>{marks}</article></body>"
        "</html>", encoding="utf-8")
    pagefind(site, searched_glob(site))
    [page] = fragments(site)
    values = [v for vs in page["filters"].values() for v in vs] + list(page["meta"].values())
    assert len(values) > 8
    for value in values:
        assert not set('<>"') & set(_decoded_fully(value)), value
    assert page["filters"]["Outcome"] == ["No sale"]
    assert "Words" in page["content"] and "onerror" not in page["content"]


def test_the_search_page_offers_every_outcome_and_call_type() -> None:
    text = (REPO / "content/search.md").read_text(encoding="utf-8")
    offered = re.findall(r"<option>([^<]+)</option>", text)
    assert offered == [*OUTCOME_LABELS.values(), NO_DEBRIEF, *CALL_TYPES]


def test_only_handbook_pages_stay_in_the_header_index(tmp_path: Path) -> None:
    index = tmp_path / HEADER_INDEX
    index.parent.mkdir()
    docs = [{"location": loc, "title": "t", "text": "x"} for loc in (
        "", "model/planning/", "team/calls/a/b/", "team/accounts/a/", "team/insights/#rates",
        "team/reference/fields/#plan")]
    index.write_text(json.dumps({"config": {"lang": ["en"]}, "docs": docs}), encoding="utf-8")
    trim_header_index(tmp_path)
    kept = json.loads(index.read_text(encoding="utf-8"))
    assert [d["location"] for d in kept["docs"]] == [
        "", "model/planning/", "team/reference/fields/#plan"]
    assert kept["config"] == {"lang": ["en"]}
    assert header_index_kept("teamwork/")  # a hand-written folder that only starts alike


def test_the_glob_holds_handbook_calls_and_the_library_only(tmp_path: Path) -> None:
    for folder in ("model", "onboarding", "team/calls/a", "team/accounts", "team/objections",
                   "search", "pagefind", "assets"):
        (tmp_path / folder).mkdir(parents=True)
    assert searched_glob(tmp_path) == (
        "{index.html,model/**/*.html,onboarding/**/*.html,team/calls/**/*.html,"
        "team/objections/**/*.html}")


def _page(site: Path, where: str, words: str) -> None:
    (site / where).mkdir(parents=True)
    (site / where / "index.html").write_text(
        f"<html lang='en'><body><article><h1>{where}</h1><p>{words}</p></article></body></html>",
        encoding="utf-8")


def test_calls_are_indexed_by_month_newest_first_apart_from_the_handbook(
        tmp_path: Path) -> None:
    # May's six calls are over the limit of five a run: two runs of whole days; June fits in
    # one. The handbook and the library are a part of their own, and months.json lists the
    # months newest first with their pages and parts, for the Search page.
    site = tmp_path / "site"
    _page(site, "model", "handbook words")
    _page(site, "team/objections/price", "library words")
    for account in ("a", "b", "d"):
        for call in ("2026-05-01-one", "2026-05-02-two", "2026-06-03-three"):
            _page(site, f"team/calls/{account}/{call}", f"call words {account} {call}")
    index_site(site, most=5, batch=4)
    listed = json.loads((site / "pagefind/months.json").read_text(encoding="utf-8"))
    assert listed == {"batch": 4, "months": [
        {"month": "2026-06", "pages": 3, "parts": ["month-2026-06/"]},
        {"month": "2026-05", "pages": 6, "parts": ["month-2026-05-1/", "month-2026-05-2/"]}]}
    urls = {bundle: sorted(f["url"] for f in fragments(site, bundle)) for bundle in (
        "pagefind", "pagefind/month-2026-06", "pagefind/month-2026-05-1",
        "pagefind/month-2026-05-2")}
    assert urls == {
        "pagefind": ["/model/", "/team/objections/price/"],
        **{f"pagefind/month-2026-{m}": [f"/team/calls/{a}/2026-{m[:2]}-{c}/" for a in "abd"]
           for m, c in (("06", "03-three"), ("05-1", "01-one"), ("05-2", "02-two"))}}


def _calls(site: Path, days: dict[str, int]) -> None:
    """`days` call pages on each day (2026-05-01 -> 3), spread over accounts."""
    for day, calls in days.items():
        for n in range(calls):
            folder = site / "team/calls" / f"account-{n % 7}" / f"{day}-call-{n}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "index.html").write_text("x")


@pytest.mark.parametrize("seed", range(5))
def test_one_call_changed_changes_only_its_own_month_s_parts(tmp_path: Path, seed: int) -> None:
    # Months of a few to a few dozen calls, at most 20 a run; then one call is added or
    # removed: every other month keeps its parts, glob for glob, and no run is over the limit
    # unless a single day is.
    rng = random.Random(seed)
    days = {f"2026-{rng.randint(1, 6):02}-{rng.randint(1, 28):02}": rng.randint(1, 9)
            for _ in range(40)}
    site = tmp_path / "site"
    _calls(site, days)
    before = {m.month: m for m in month_parts(site, 20)}
    day = rng.choice(sorted(days))
    if seed % 2:
        shutil.rmtree(next((site / "team/calls").glob(f"*/{day}-call-0")))
    else:
        _calls(site, {day: days[day] + 1})
    after = {m.month: m for m in month_parts(site, 20)}
    assert [m for m in after if m != day[:7]] == [m for m in before if m != day[:7]]
    assert all(after[m] == before[m] for m in after if m != day[:7])
    assert list(after) == sorted(after, reverse=True)
    for month in after.values():
        assert month.pages == sum(n for d, n in days.items() if d.startswith(month.month)) + (
            0 if month.month != day[:7] else -1 if seed % 2 else 1)
        files = [searchparts.matched_files(site, part.glob) for part in month.parts]
        assert all(f is not None and 0 < len(f) <= 20 for f in files)
        assert sorted(n for f in files for n in f or []) == sorted(
            p.relative_to(site).as_posix()
            for p in site.glob(f"team/calls/*/{month.month}-*/index.html"))


def test_every_call_page_is_in_one_part(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _calls(site, {"2025-12-31": 4, "2026-01-01": 30, "2026-01-02": 2})
    parts = index_parts(site, 20)[1:]
    assert [p.bundle for p in parts] == [
        "pagefind/month-2026-01-1", "pagefind/month-2026-01-2", "pagefind/month-2025-12"]
    pages = [n for p in parts for n in searchparts.matched_files(site, p.glob) or []]
    assert sorted(pages) == sorted(
        p.relative_to(site).as_posix() for p in site.glob("team/calls/*/*/index.html"))


def test_the_library_s_links_to_calls_and_reps_are_not_indexed(tmp_path: Path) -> None:
    # The objection library names every call and rep an answer was tried at: the calls' own
    # pages hold those words, and the library's text (fetched whole as a result) stays its own.
    site = tmp_path / "site"
    (site / "team/objections").mkdir(parents=True)
    (site / "team/objections/index.html").write_text(
        "<html lang='en'><body><article><h1>Objection library</h1><p>Offered a paid pilot."
        "</p><p><a href='../calls/acme/2026-06-03-demo/'>2026-06-03 Acme zebrafish</a> (<a "
        "href='../reps/dana-k/'>Dana quokka</a>): Sent the security pack.</p></article></body>"
        "</html>", encoding="utf-8")
    _page(site, "team/calls/acme/2026-06-04-follow-up", "A follow-up.")
    page = site / "team/calls/acme/2026-06-04-follow-up/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "A follow-up.", "A follow-up of <a href='../2026-06-03-demo/'>the narwhal demo</a>."),
        encoding="utf-8")
    index_site(site)
    [library] = fragments(site)
    assert "Offered a paid pilot" in library["content"]
    assert "Sent the security pack" in library["content"]
    assert "zebrafish" not in library["content"] and "quokka" not in library["content"]
    [call] = fragments(site, "pagefind/month-2026-06")
    assert "narwhal demo" in call["content"]
