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

from generator.output.search import (
    HEADER_INDEX,
    call_groups,
    header_index_kept,
    index_site,
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


def test_a_big_site_is_indexed_in_parts_the_browser_merges(tmp_path: Path) -> None:
    # Three accounts of two calls, at most five calls a run: two runs, no account split, each
    # account in the group its name's digest gives.
    site = tmp_path / "site"
    _page(site, "model", "handbook words")
    for account in ("a", "b", "d"):
        for call in ("one", "two"):
            _page(site, f"team/calls/{account}/{call}", f"call words {account}{call}")
    assert call_groups(site, 5) == [["a", "b"], ["d"]]
    index_site(site, most=5)
    assert json.loads((site / "pagefind/parts.json").read_text(encoding="utf-8")) == ["part-1/"]
    first = sorted(f["url"] for f in fragments(site))
    second = sorted(f["url"] for f in fragments(site, "pagefind/part-1"))
    assert first == ["/model/", *(f"/team/calls/{a}/{c}/" for a in "ab" for c in ("one", "two"))]
    assert second == ["/team/calls/d/one/", "/team/calls/d/two/"]


def _calls(site: Path, counts: dict[str, int]) -> None:
    for account, calls in counts.items():
        for n in range(calls):
            (site / "team/calls" / account / f"c{n}").mkdir(parents=True, exist_ok=True)
            (site / "team/calls" / account / f"c{n}" / "index.html").write_text("x")


@pytest.mark.parametrize("seed", range(5))
def test_one_account_changed_moves_no_other_account_between_parts(tmp_path: Path,
                                                                  seed: int) -> None:
    # Accounts of 1 to 12 calls, at most 100 a run; then one account gains or loses a call,
    # or one is added or removed: while the number of runs stays, every other account stays
    # in the part it was in, and no part is over the limit.
    rng = random.Random(seed)
    counts = {f"account-{i:03}": rng.randint(1, 12) for i in range(60)}
    site = tmp_path / "site"
    _calls(site, counts)
    before = call_groups(site, 100)
    assert max(sum(counts[a] for a in g) for g in before) <= 100
    changed = rng.choice(sorted(counts))
    if seed % 2:
        shutil.rmtree(site / "team/calls" / changed)
    else:
        _calls(site, {changed: counts[changed] + 1, "account-new": 3})
    after = call_groups(site, 100)
    assert sorted(a for g in after for a in g) == sorted(
        d.name for d in (site / "team/calls").iterdir())
    assert max(sum(len(list((site / "team/calls" / a).iterdir())) for a in g)
               for g in after) <= 100
    if len(before) == len(after):
        part = {a: i for i, g in enumerate(before) for a in g}
        moved = {a for i, g in enumerate(after) for a in g if part.get(a, i) != i}
        assert moved == set()
        touched = {i for groups in (before, after) for i, g in enumerate(groups)
                   if {changed, "account-new"} & set(g)}
        assert [g for i, g in enumerate(after) if i not in touched] == \
            [g for i, g in enumerate(before) if i not in touched]
