"""The debrief archive by month and by outcome: a month's page indexes its weeks, a page per
week; an outcome's page indexes its months, a page per outcome and month."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

from generator import paths
from generator.analyse import month_of, week_of
from generator.models.project import CallEntry
from generator.pages import archive
from generator.pages.archive import week_label
from generator.pages.site import Site
from generator.read.project import read_project
from generator.vocabulary import OUTCOMES

REPO = Path(__file__).resolve().parent.parent
ROW = re.compile(r"^\| \[[A-Z][a-z]+ \d{4}\]\((?P<link>[a-z-]+/(?P<month>\d{4}-\d{2})\.md)\)"
                 r" \| (?P<calls>\d+) of (?P<debriefed>\d+) \| (?P<share>\d+)% \|$", re.M)
"""A month's row on an outcome's page: its link, its calls of the outcome of its debriefs."""
WEEK = re.compile(r"^\| \[(?P<label>\d+(\u2013\d+)? [A-Z][a-z]+)\]\((?P<month>\d{4}-\d{2})/"
                  r"(?P<week>\d{4}-\d{2}-\d{2})\.md\) \| (?P<calls>\d+) \| (?P<order>\d+)"
                  r" \| (?P<advance>\d+) \| (?P<continuation>\d+) \| (?P<nosale>\d+) \|$", re.M)
"""A week's row on a month's page: its link, its debriefed calls and each outcome's count."""


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
    listed = re.findall(r"<tr>\n<td>(\d{4}-\d{2}-\d{2})</td>", page)
    assert listed == [c.brief.date.isoformat() for c in calls]
    assert len(calls) >= 2


@pytest.mark.parametrize(("day", "first", "label"), [
    ("2026-10-01", "2026-10-01", "1\u20134 October"),  # a Thursday: the month's first week is short
    ("2026-10-04", "2026-10-01", "1\u20134 October"),
    ("2026-10-05", "2026-10-05", "5\u201311 October"),
    ("2026-10-31", "2026-10-26", "26\u201331 October"),  # the week runs on into November
    ("2026-11-01", "2026-11-01", "1 November"),  # a Sunday: a week of one day
    ("2026-11-02", "2026-11-02", "2\u20138 November"),
    ("2028-02-29", "2028-02-28", "28\u201329 February"),
])
def test_a_week_runs_monday_to_sunday_within_its_month(day: str, first: str, label: str) -> None:
    entry = read_project(REPO).calls[0]
    brief = entry.brief._replace(date=dt.date.fromisoformat(day))
    moved = CallEntry(entry.account, entry.slug, entry.path, brief=brief, load=lambda: entry.call)
    assert week_of(moved) == first
    assert week_label(first) == label
    assert paths.month_week(first) == f"team/archive/months/{first[:7]}/{first}.md"


def test_a_month_page_counts_each_week_of_it_newest_first(
    sample: tuple[Site, dict[str, str]]
) -> None:
    site, pages = sample
    debriefed = [c for c in site.project.calls if c.brief.outcome is not None]
    months = sorted({month_of(c) for c in debriefed})
    for month in months:
        page = pages[paths.month(month)]
        ours = [c for c in debriefed if month_of(c) == month]
        rows = list(WEEK.finditer(page))
        weeks = [r["week"] for r in rows]
        assert weeks == sorted({week_of(c) for c in ours}, reverse=True)
        for r in rows:
            listed = [c for c in ours if week_of(c) == r["week"]]
            assert r["month"] == month
            assert r["label"] == week_label(r["week"])
            assert int(r["calls"]) == len(listed)
            counts = Counter(c.brief.outcome for c in listed)
            assert [int(r[o]) for o in ("order", "advance", "continuation", "nosale")] == [
                counts[o] for o in OUTCOMES]
        call = "call" if len(ours) == 1 else "calls"
        assert f"[Back to the archive](../index.md) · {len(ours)} debriefed {call} in " \
               f"{dt.date.fromisoformat(month + '-01'):%B %Y}." in page
        assert "search:\n  exclude: true\n" in page
        assert "| Date |" not in page  # no call is listed on a month's page


def test_a_week_page_lists_its_calls_alone_newest_first(
    sample: tuple[Site, dict[str, str]]
) -> None:
    site, pages = sample
    debriefed = [c for c in site.project.calls if c.brief.outcome is not None]
    made = {p for p in pages if re.fullmatch(r"team/archive/months/[0-9-]+/.+\.md", p)}
    assert made == {paths.month_week(week_of(c)) for c in debriefed}
    assert not any(p.endswith("/index.md") for p in made)  # none is MkDocs' page of its folder
    page = pages[paths.month_week("2026-10-05")]
    assert "\n# Debriefs of 5\u201311 October 2026\n" in page
    calls = [c for c in reversed(debriefed) if week_of(c) == "2026-10-05"]
    assert "[Back to the archive](../../index.md) · [October 2026, every week](../2026-10.md) · " \
           f"{len(calls)} debriefed calls, newest first." in page
    listed = re.findall(r"<tr>\n<td>(\d{4}-\d{2}-\d{2})</td>", page)
    assert listed == [c.brief.date.isoformat() for c in calls]
    assert len(calls) >= 2
    one = pages[paths.month_week("2026-10-01")]
    assert "· 1 debriefed call, newest first." in one
    assert "search:\n  exclude: true\n" in one


def test_the_index_lists_accounts_by_name_only_while_they_are_few(
        sample: tuple[Site, dict[str, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    site, pages = sample
    accounts = len(site.project.accounts)
    index = pages[paths.ARCHIVE]
    by_account = index.split("## By account")[1].split("## By rep")[0]
    assert by_account.count("\n- [") == accounts and "too many" not in by_account
    monkeypatch.setattr(archive, "LISTED_ACCOUNTS", accounts - 1)
    index = site.archive_pages()[paths.ARCHIVE]
    by_account = index.split("## By account")[1].split("## By rep")[0]
    assert "\n- [" not in by_account
    assert (f"{accounts} accounts, too many to list here: [Accounts](../accounts/index.md) "
            "lists them all") in by_account
    assert index.split("## By rep")[1].count("\n- [") == len(site.project.team.reps)
