"""The debrief archive by outcome: an index of months per outcome, a page per outcome and month."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

from generator import paths
from generator.analyse import month_of
from generator.pages.site import Site
from generator.read.project import read_project
from generator.vocabulary import OUTCOMES

REPO = Path(__file__).resolve().parent.parent
ROW = re.compile(r"^\| \[[A-Z][a-z]+ \d{4}\]\((?P<link>[a-z-]+/(?P<month>\d{4}-\d{2})\.md)\)"
                 r" \| (?P<calls>\d+) of (?P<debriefed>\d+) \| (?P<share>\d+)% \|$", re.M)
"""A month's row on an outcome's page: its link, its calls of the outcome of its debriefs."""


@pytest.fixture(scope="module")
def sample() -> tuple[Site, dict[str, str]]:
    site = Site(read_project(REPO), dt.date(2026, 12, 7))
    return site, site.archive_pages()


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_an_outcome_page_counts_each_month_of_it_newest_first(
    sample: tuple[Site, dict[str, str]], outcome: str
) -> None:
    site, pages = sample
    debriefed = [c for c in site.project.calls if c.brief.outcome is not None]
    per_month = Counter(month_of(c) for c in debriefed)
    ours = Counter(month_of(c) for c in debriefed if c.brief.outcome == outcome)
    rows = list(ROW.finditer(pages[paths.outcome(outcome)]))
    months = [r["month"] for r in rows]
    assert months == sorted(ours, reverse=True)  # every month with one, newest first
    for r in rows:
        assert (int(r["calls"]), int(r["debriefed"])) == (ours[r["month"]], per_month[r["month"]])
        assert int(r["share"]) == round(100 * ours[r["month"]] / per_month[r["month"]])
        assert r["link"] == f"{outcome}/{r['month']}.md"
        assert paths.outcome_month(outcome, r["month"]) in pages
    assert f"{sum(ours.values())} of {len(debriefed)} debriefed calls" in pages[
        paths.outcome(outcome)]


def test_an_outcome_month_page_lists_its_calls_alone_newest_first(
    sample: tuple[Site, dict[str, str]]
) -> None:
    site, pages = sample
    made = {p for p in pages if re.fullmatch(r"team/archive/outcomes/[a-z-]+/.+\.md", p)}
    wanted = {paths.outcome_month(str(c.brief.outcome), month_of(c)) for c in site.project.calls
              if c.brief.outcome is not None}
    assert made == wanted  # a month with no call of an outcome has no page of it
    page = pages[paths.outcome_month("advance", "2026-10")]
    assert "\n# Advance, October 2026\n" in page
    calls = [c for c in reversed(site.project.calls)
             if c.brief.outcome == "advance" and month_of(c) == "2026-10"]
    assert f"[Advance, every month](../advance.md) · {len(calls)} debriefed calls" in page
    listed = re.findall(r"^\| (\d{4}-\d{2}-\d{2}) \| \[", page, re.M)
    assert listed == [c.brief.date.isoformat() for c in calls]
    assert len(calls) >= 2
