"""Upcoming apart from overdue: the grace period, and figures that count past calls only,
on a small team built by hand (see insights_fixture: today is 2026-04-01)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import write
from insights_fixture import TEAM, make_team

from generator import paths
from generator.analyse.standing import Standing, standing
from generator.commands.generate import generate
from generator.pages.site import Site
from generator.read.project import read_project

MONDAY = dt.date(2026, 3, 23)


def test_a_missing_debrief_is_due_through_the_grace_period_then_overdue() -> None:
    def on(day: int, grace: int = 2) -> Standing:
        return standing(MONDAY, False, MONDAY + dt.timedelta(days=day), grace)

    assert on(-3) == on(0) == Standing("upcoming")  # a call today is still to come
    assert on(1) == on(2) == Standing("due")
    assert on(3) == Standing("overdue", 1)
    assert on(3).label == "debrief overdue by 1 day"
    assert on(10).label == "debrief overdue by 8 days"
    assert on(1, grace=0) == Standing("overdue", 1)
    assert standing(MONDAY, True, MONDAY + dt.timedelta(days=30), 2).kind == "debriefed"


def test_the_team_sets_the_grace_period(tmp_path: Path) -> None:
    make_team(tmp_path)  # birch's closing call on 2026-03-24 has no debrief
    page = paths.call("birch", "2026-03-24-closing")
    generate(tmp_path, dt.date(2026, 3, 27))
    text = (tmp_path / "content" / page).read_text()
    assert "debrief overdue by 1 day" in text
    write(tmp_path, "plans/team.yaml", TEAM + "debrief_grace_days: 5\n")
    generate(tmp_path, dt.date(2026, 3, 27))
    text = (tmp_path / "content" / page).read_text()
    assert '<span class="pb-badge pb-pending">debrief due</span>' in text
    assert "overdue" not in text


def test_a_call_page_changes_as_its_debrief_grows_more_overdue(tmp_path: Path) -> None:
    # The page's key must follow the days overdue, or a warm run would keep yesterday's page.
    make_team(tmp_path)
    page = tmp_path / "content" / paths.call("birch", "2026-03-24-closing")
    generate(tmp_path, dt.date(2026, 3, 28))
    assert "overdue by 2 days" in page.read_text()
    generate(tmp_path, dt.date(2026, 3, 29))
    assert "overdue by 3 days" in page.read_text()


def test_outcome_counts_and_last_calls_leave_out_calls_still_to_come(tmp_path: Path) -> None:
    # cedar: three debriefed calls, then a call on 2026-04-01 (today) and one ahead
    site = Site(read_project(make_team(tmp_path)), dt.date(2026, 4, 1))
    cedar = next(a for a in site.account_index if a["name"] == "Cedar")
    assert cedar["calls"] == 5 and cedar["past"] == 3
    assert cedar["last_date"] == dt.date(2026, 3, 19)
    assert cedar["next_date"] == dt.date(2026, 4, 1)
    dana = next(r["stats"] for r in site.rep_index if r["rep"].id == "dana-k")
    assert (dana.calls, dana.upcoming, dana.debriefed) == (11, 2, 11)
    archive = site.archive_pages()[paths.ARCHIVE]
    assert "14 debriefed calls out of 15 past calls." in archive
