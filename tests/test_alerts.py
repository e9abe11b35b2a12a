"""Warnings: each rule names exactly the calls that fit it, on a team where the answer is known."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from conftest import write
from insights_fixture import EXPECTED, TODAY, call_yaml, make_history, make_team

from generator.analyse.alerts import STALL_RUN, alerts, economic_buyer_known
from generator.history import first_commit_dates
from generator.pages.insights import insight_pages
from generator.pages.site import Site
from generator.read.project import read_project

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def found(root: Path, today: dt.date = TODAY, history: bool = False) -> dict[str, list[str]]:
    project = read_project(root)
    commits = first_commit_dates(root) if history else None
    return {a.rule: [c.id for c in a.calls] for a in alerts(project, today, commits)}


def test_each_rule_names_exactly_the_calls_that_fit_it(tmp_path: Path) -> None:
    result = found(make_team(tmp_path))
    assert result == {rule: ids for rule, ids in EXPECTED.items() if rule != "late-plan"}


@needs_git
def test_late_plans_come_from_the_first_commit_of_each_file(tmp_path: Path) -> None:
    result = found(make_history(tmp_path), history=True)
    assert result == EXPECTED


@needs_git
def test_late_plans_carry_the_date_they_were_first_committed(tmp_path: Path) -> None:
    root = make_history(tmp_path)
    late = alerts(read_project(root), TODAY, first_commit_dates(root))[-1]
    assert late.rule == "late-plan"
    assert dict(late.notes) == {
        "cedar/2026-03-05-discovery": "first committed 2026-03-20",
        "birch/2026-03-10-demo": "first committed 2026-03-12",
        "cedar/2026-03-12-follow-up": "first committed 2026-03-20",
        "cedar/2026-03-19-demo": "first committed 2026-03-20",
    }


def test_without_git_history_the_late_plan_rule_is_left_out(tmp_path: Path) -> None:
    assert "late-plan" not in found(make_team(tmp_path))
    assert first_commit_dates(tmp_path) is None


def test_a_missing_debrief_is_overdue_only_after_the_grace_period(tmp_path: Path) -> None:
    make_team(tmp_path)  # the default grace: 2 days
    assert found(tmp_path, dt.date(2026, 3, 24))["no-debrief"] == []  # the day of the call
    assert found(tmp_path, dt.date(2026, 3, 26))["no-debrief"] == []  # two days after: due
    assert found(tmp_path, dt.date(2026, 3, 27))["no-debrief"] == ["birch/2026-03-24-closing"]
    late = next(a for a in alerts(read_project(tmp_path), dt.date(2026, 4, 4))
                if a.rule == "no-debrief")
    assert [c.id for c in late.calls] == ["birch/2026-03-24-closing", "cedar/2026-04-01-proposal"]
    assert dict(late.notes) == {"birch/2026-03-24-closing": "overdue by 9 days",
                                "cedar/2026-04-01-proposal": "overdue by 1 day"}


def test_stalling_needs_the_last_debriefed_calls_all_continuations(tmp_path: Path) -> None:
    make_team(tmp_path)
    # a fourth debriefed call that advances ends birch's run
    write(tmp_path, "plans/birch/2026-03-24-closing.yaml",
          call_yaml("2026-03-24", "lee-m", "closing", outcome="advance", buyer=True))
    assert found(tmp_path)["stalled"] == []
    # and a fourth continuation moves the run to the last three
    write(tmp_path, "plans/birch/2026-03-24-closing.yaml",
          call_yaml("2026-03-24", "lee-m", "closing", outcome="continuation", buyer=True))
    assert found(tmp_path)["stalled"] == [
        "birch/2026-03-10-demo", "birch/2026-03-17-negotiation", "birch/2026-03-24-closing"]
    assert STALL_RUN == 3


def test_an_economic_buyer_counts_from_attendees_or_account_contacts(tmp_path: Path) -> None:
    project = read_project(make_team(tmp_path))
    known = {c.id: economic_buyer_known(project, c) for c in project.calls}
    assert known["acme/2026-03-09-proposal"] is True  # account contact
    assert known["cedar/2026-04-01-proposal"] is True  # attendee
    assert known["cedar/2026-04-15-closing"] is False


def test_an_empty_team_has_every_rule_and_no_calls(tmp_path: Path) -> None:
    write(tmp_path, "plans/team.yaml", "reps:\n  - id: solo\n    name: Solo\n")
    project = read_project(tmp_path)
    result = alerts(project, TODAY, {})
    assert [(a.rule, a.calls) for a in result] == [
        ("no-debrief", ()), ("no-goals", ()), ("no-economic-buyer", ()), ("stalled", ()),
        ("late-plan", ())]


@needs_git
def test_the_warnings_page_links_every_call_under_its_rule(tmp_path: Path) -> None:
    root = make_history(tmp_path)
    site = Site(read_project(root), TODAY)
    page = insight_pages(site, first_commit_dates(root))["team/insights/warnings.md"]
    sections = page.split("\n## ")[1:]
    assert [s.splitlines()[0] for s in sections] == [
        "Debriefs overdue (1) { #no-debrief }",
        "Plans with no measurable goal (1) { #no-goals }",
        "Late-stage calls with no economic buyer known (3) { #no-economic-buyer }",
        "Accounts stalling: 3 continuations in a row (3) { #stalled }",
        "Plans committed after the call (4) { #late-plan }",
        "Next steps overdue (0) { #next-steps-overdue }",  # see test_followup.py
        "By rep { #by-rep }",
        "Needs review (0) { #needs-review }",  # no hand-written page here: see test_review.py
    ]
    for section, ids in zip(sections[:-3], EXPECTED.values(), strict=True):
        links = re.findall(r'<a href="\.\./\.\./calls/([^"]+)/">', section)
        assert links == list(reversed(ids))  # newest first on the page
    assert "<td>first committed 2026-03-12</td>" in sections[4]
    assert "git history" not in page


def test_without_history_the_warnings_page_says_so(tmp_path: Path) -> None:
    site = Site(read_project(make_team(tmp_path)), TODAY)
    page = insight_pages(site, None)["team/insights/warnings.md"]
    assert "{ #late-plan }" not in page
    assert "This rule needs the plans' git history" in page
    assert "## Plans with no measurable goal (1) { #no-goals }" in page
