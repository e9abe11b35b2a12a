"""The week: which calls it lists, and pages that follow every edit of them (see
insights_fixture for the team: calls on 2026-03-19 debriefed, 03-24 not, 04-01 and 04-15 ahead)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import write
from insights_fixture import TEAM, call_yaml, make_team

from generator import paths
from generator.analyse.week import week
from generator.commands.generate import generate
from generator.fast import tuning
from generator.pages import week as week_pages
from generator.read.project import read_project

THURSDAY = dt.date(2026, 3, 26)


def ids(calls: tuple) -> list[str]:  # type: ignore[type-arg]
    return [c.id for c in calls]


def test_the_week_is_seven_days_from_today_and_the_seven_before_without_a_debrief(
        tmp_path: Path) -> None:
    project = read_project(make_team(tmp_path))
    shown = week(project.calls, THURSDAY)
    assert (shown.start, shown.end) == (THURSDAY, dt.date(2026, 4, 1))
    assert ids(shown.coming) == ["cedar/2026-04-01-proposal"]  # the sixth day after: in
    assert ids(shown.waiting) == ["birch/2026-03-24-closing"]  # 03-19 has its debrief
    assert ids(week(project.calls, dt.date(2026, 3, 25)).coming) == []  # 04-01 is a week on
    assert ids(week(project.calls, dt.date(2026, 3, 31)).waiting) == [
        "birch/2026-03-24-closing"]  # seven days before
    assert ids(week(project.calls, dt.date(2026, 4, 1)).waiting) == []  # eight: no longer
    assert ids(shown.lessons)[:2] == ["cedar/2026-03-19-demo", "birch/2026-03-17-negotiation"]


def test_a_rep_page_opens_with_that_reps_week(tmp_path: Path) -> None:
    make_team(tmp_path)
    generate(tmp_path, THURSDAY)
    lee = (tmp_path / "content" / paths.rep("lee-m")).read_text()
    head = lee.split("## Calls")[0]
    assert "[Closing call with Birch](../calls/birch/2026-03-24-closing.md)" in head
    assert "debrief due" in head and "cedar" not in head
    week_page = (tmp_path / "content" / paths.WEEK).read_text()
    assert week_page.index("## [Dana Kowalski]") < week_page.index("## [Lee Morgan]")


@pytest.mark.parametrize("shortcuts", [True, False])
def test_the_week_follows_an_edit_of_a_plan_it_lists(tmp_path: Path, shortcuts: bool,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # A warm run must give the page a cold run gives: the gaps come from the whole plan file.
    if not shortcuts:
        monkeypatch.setenv(tuning.SWITCH, "1")
    # An edit that fills one field and empties another moves no figure: only the file's own
    # digest tells the pages apart.
    make_team(tmp_path)
    plan = "plans/cedar/2026-04-01-proposal.yaml"
    lesson = "plans/cedar/2026-03-19-demo.yaml"
    proposal = call_yaml("2026-04-01", "dana-k", "proposal", buyer=True)
    demo = call_yaml("2026-03-19", "dana-k", "demo", outcome="advance", met="yes")
    write(tmp_path, plan, proposal + "  agenda:\n    - Walk through the pilot numbers.\n")
    write(tmp_path, lesson, demo + "  next_time:\n    - Bring the pilot numbers.\n")
    page = tmp_path / "content" / paths.WEEK
    snippet = tmp_path / "content" / paths.WEEK_SNIPPET
    generate(tmp_path, THURSDAY)
    assert "no advance, minimum action, research, strategy, questions" in page.read_text()
    assert "Bring the pilot numbers." in snippet.read_text()
    write(tmp_path, plan, proposal + "  questions:\n    - Who signs?\n")
    write(tmp_path, lesson, demo + "  next_time:\n    - Bring the signed pilot report.\n")
    generate(tmp_path, THURSDAY)
    assert "no advance, minimum action, research, strategy, agenda, objections" in \
        page.read_text()
    assert "Bring the signed pilot report." in snippet.read_text()


def test_the_home_snippet_shows_the_newest_lessons_as_text(tmp_path: Path) -> None:
    make_team(tmp_path)
    write(tmp_path, "plans/cedar/2026-03-19-demo.yaml",
          call_yaml("2026-03-19", "dana-k", "demo", outcome="advance", met="yes")
          + "  next_time:\n    - 'Ask for the <b>budget</b> [early](javascript:x)'\n")
    generate(tmp_path, THURSDAY)
    snippet = (tmp_path / "content" / paths.WEEK_SNIPPET).read_text()
    assert "(team/calls/cedar/2026-03-19-demo.md), Cedar, 2026-03-19: Ask for the " in snippet
    assert "<b>" not in snippet and "](javascript" not in snippet
    assert "**1 call** from 2026-03-26 to 2026-04-01" in snippet
    assert "[the week by rep](team/week.md)" in snippet


def test_a_sample_date_sets_today_when_no_date_is_given(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    make_team(tmp_path)
    write(tmp_path, "plans/team.yaml", TEAM + "sample_date: 2026-03-26\n")
    result = run(tmp_path, "generate")
    assert result.exit_code == 0, result.output
    assert "the sample is set on 2026-03-26 (sample_date in plans/team.yaml)" in result.stderr
    week_page = (tmp_path / "content" / paths.WEEK).read_text()
    assert "calls from 2026-03-26 to 2026-04-01" in week_page
    assert "This sample is set on 2026-03-26" in week_page
    # --today wins, and then nothing says the build is set on the sample's day
    result = run(tmp_path, "--today", "2026-03-30", "generate")
    assert "sample is set" not in result.stderr
    week_page = (tmp_path / "content" / paths.WEEK).read_text()
    assert "calls from 2026-03-30 to 2026-04-05" in week_page
    assert "A sample team" not in week_page


def test_the_home_lists_the_soonest_calls_and_counts_them_all(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A team of 200 reps has some 1,800 calls a week: the home page lists the soonest few and
    # sends the reader to the week by rep for the rest; the count is of them all.
    make_team(tmp_path)
    monkeypatch.setattr(week_pages, "SHOWN_COMING", 1)
    generate(tmp_path, dt.date(2026, 3, 18))  # the calls of 03-19 and 03-24 ahead
    snippet = (tmp_path / "content" / paths.WEEK_SNIPPET).read_text()
    assert "**2 calls** from 2026-03-18 to 2026-03-24" in snippet
    assert "(team/calls/cedar/2026-03-19-demo.md)" in snippet
    assert "2026-03-24-closing" not in snippet
    assert "The 1 soonest of 2 calls. [Every call of the week, by rep](team/week.md)." in snippet
    week_page = (tmp_path / "content" / paths.WEEK).read_text()
    assert "2026-03-24-closing" in week_page and "2026-03-19-demo" in week_page
    monkeypatch.setattr(week_pages, "SHOWN_COMING", 2)  # (the code, in the pages' keys)
    make_team(other := tmp_path / "other")
    generate(other, dt.date(2026, 3, 18))
    snippet = (other / "content" / paths.WEEK_SNIPPET).read_text()
    assert "2026-03-24-closing" in snippet and "soonest" not in snippet


def test_a_big_week_is_a_table_of_reps_most_overdue_first(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A team of 200 reps has some 2,800 calls in its week: the page counts each rep's week in a
    # row and sends the reader to the rep's page, where the week is listed in full.
    make_team(tmp_path)
    monkeypatch.setattr(week_pages, "LISTED_CALLS", 1)  # (the code, in the pages' keys)
    generate(tmp_path, dt.date(2026, 3, 30))
    page = (tmp_path / "content" / paths.WEEK).read_text()
    assert "2 calls in all, too many for one page" in page
    rows = [line for line in page.splitlines() if line.startswith("| [")]
    assert rows == [  # Lee's debrief of 03-24 is overdue: Lee first, though second in the team
        "| [Lee Morgan](reps/lee-m.md#this-week) | 0 | 1 | 1 | none coming |",
        "| [Dana Kowalski](reps/dana-k.md#this-week) | 1 | 0 | 0 | [Proposal call with Cedar]"
        "(calls/cedar/2026-04-01-proposal.md): 5/100 |"]
    assert "## [" not in page and "Each call shows" not in page
    lee = (tmp_path / "content" / paths.rep("lee-m")).read_text()
    assert "## This week" in lee and "2026-03-24-closing" in lee.split("## Calls")[0]
    monkeypatch.setattr(week_pages, "SHOWN_COMING", 1)
    make_team(other := tmp_path / "other")
    generate(other, dt.date(2026, 3, 18))  # the calls of 03-19 and 03-24 ahead
    snippet = (other / "content" / paths.WEEK_SNIPPET).read_text()
    assert ("The 1 soonest of 2 calls. [The week by rep](team/week.md), and each rep's page "
            "for their calls.") in snippet
