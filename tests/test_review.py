"""Needs review: hand-written pages and exemplary calls past their interval since their last
change in git, with their owner and how late; pages with no owner too. On a repository with
dated commits, as the late-plan warning's tests are."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import CALL, CALL_PATH, Run, write
from insights_fixture import git

from generator.analyse.review import due_date
from generator.history import last_change_dates
from generator.models.handbook import Interval
from generator.pages.every import due_for_review
from generator.read.handbook import handbook_pages, interval, read_page
from generator.read.project import read_project

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
WARNINGS = "content/team/insights/warnings.md"


def page(owner: str | None, every: str | None, title: str) -> str:
    meta = "".join([f"owner: {owner}\n" if owner else "",
                    f"review_every: {every}\n" if every else ""])
    return (f"---\n{meta}---\n" if meta else "") + f"# {title}\n\nText.\n"


def test_intervals_read_as_days_weeks_months_or_years() -> None:
    assert interval("90 days") == Interval(90, "day")
    assert interval("1 Month") == Interval(1, "month")
    assert interval("2 weeks") == Interval(2, "week")
    assert interval(30) == Interval(30, "day")
    assert [interval(v) for v in ("soon", "0 days", "-3 months", True, None)] == [None] * 5
    assert str(Interval(1, "year")) == "1 year" and str(Interval(6, "month")) == "6 months"


def test_months_count_by_the_calendar() -> None:
    assert due_date(dt.date(2026, 1, 31), Interval(1, "month")) == dt.date(2026, 2, 28)
    assert due_date(dt.date(2026, 11, 15), Interval(3, "month")) == dt.date(2027, 2, 15)
    assert due_date(dt.date(2026, 1, 1), Interval(2, "week")) == dt.date(2026, 1, 15)
    assert due_date(dt.date(2024, 2, 29), Interval(1, "year")) == dt.date(2025, 2, 28)


def test_a_page_says_its_owner_interval_and_title_and_what_is_wrong() -> None:
    read = read_page("a.md", page("dana-k", "6 months", "Pricing <b>talk</b>"))
    assert (read.owner, read.every, read.title, read.problem) == (
        "dana-k", Interval(6, "month"), "Pricing <b>talk</b>", None)
    assert read_page("b.md", "---\nreview_every: often\n---\n# B\n").problem == (
        "review_every 'often' is not a number of days, weeks, months or years")
    assert read_page("c.md", "---\n[unclosed\n---\n# C\n").problem == (
        "its front matter is not valid YAML")
    assert read_page("d.md", "No heading\n").title == "d.md"


@pytest.fixture
def dated(project: Path) -> Path:
    """The project in git: pages committed on 2026-01-01, one changed again on 2026-02-20, an
    exemplary call committed on 2026-01-01."""
    write(project, CALL_PATH, CALL.replace("date: 2026-03-10\n",
                                           "date: 2026-03-10\nexemplary: true\n", 1))
    write(project, "content/stale.md", page("dana-k", "30 days", "Stale | <i>page</i>"))
    write(project, "content/fresh.md", page("lee-m", "6 months", "Fresh page"))
    write(project, "content/orphan.md", page(None, None, "Orphan page"))
    write(project, "content/ghost.md", page("ghost", "1 year", "Ghost page"))
    write(project, "content/edited.md", page("lee-m", "30 days", "Edited page"))
    write(project, ".gitignore", "content/team/\n")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "start", day="2026-01-01")
    write(project, "content/edited.md", page("lee-m", "30 days", "Edited page, again"))
    git(project, "commit", "-q", "-am", "edit", day="2026-02-20")
    return project


def review_rows(root: Path) -> list[str]:
    text = (root / WARNINGS).read_text(encoding="utf-8")
    section = text.split("## Needs review")[1]
    return [line for line in section.splitlines() if line.startswith("| [")]


@needs_git
def test_the_warnings_page_lists_what_needs_review(dated: Path, run: Run) -> None:
    result = run(dated, "--today", "2026-03-01", "generate")
    assert result.exit_code == 0, result.output
    assert review_rows(dated) == [
        "| [Stale &#124; &#60;i&#62;page&#60;/i&#62;](../../stale.md) | Dana Kowalski | 2026-01-01 "
        "| 30 days | 29 days overdue |",
        "| [Ghost page](../../ghost.md) | ghost | 2026-01-01 | 1 year "
        "| owner 'ghost' is not on the team |",
        "| [Orphan page](../../orphan.md) | nobody | 2026-01-01 | – | no owner |",
    ]  # fresh.md is inside its interval; edited.md changed on 2026-02-20


@needs_git
def test_an_exemplary_call_older_than_its_interval_is_listed(dated: Path, run: Run) -> None:
    assert run(dated, "--today", "2026-08-01", "generate").exit_code == 0
    rows = review_rows(dated)
    assert ("| [First meeting](../calls/acme/2026-03-10-discovery.md) | Dana Kowalski "
            "| 2026-01-01 | 6 months | 31 days overdue |") in rows
    report = run(dated, "--today", "2026-08-01", "report")
    assert "First meeting" in report.stdout and "31 days overdue" in report.stdout
    assert "Needs review (6)" in report.stdout and "no owner" in report.stdout


@needs_git
def test_an_edited_front_matter_shows_in_a_warm_run(dated: Path, run: Run,
                                                    both_ways: str) -> None:
    assert run(dated, "--today", "2026-03-01", "generate").exit_code == 0
    assert any("Orphan page" in row for row in review_rows(dated))
    write(dated, "content/orphan.md", page("lee-m", "1 year", "Orphan page"))  # not committed
    assert run(dated, "--today", "2026-03-01", "generate").exit_code == 0
    assert not any("Orphan page" in row for row in review_rows(dated)), both_ways


def test_without_git_nothing_is_overdue_and_the_page_says_why(project: Path, run: Run) -> None:
    write(project, "content/stale.md", page("dana-k", "1 day", "Stale page"))
    assert run(project, "--today", "2030-01-01", "generate").exit_code == 0
    assert review_rows(project) == []
    assert "history was not available" in (project / WARNINGS).read_text(encoding="utf-8")


REPO = Path(__file__).resolve().parent.parent


def test_every_sample_page_has_an_owner_on_the_team_and_an_interval() -> None:
    reps = {r.id for r in read_project(REPO).team.reps}
    pages = handbook_pages(REPO / "content")
    assert len(pages) >= 10
    assert [(p.path, p.owner in reps, p.every is not None, p.problem) for p in pages] == [
        (p.path, True, True, None) for p in pages]


@needs_git
@pytest.mark.parametrize("today", [dt.date(2026, 11, 26), dt.date.today()])
def test_the_sample_has_a_page_due_for_review(today: dt.date) -> None:
    if last_change_dates(REPO, "content") is None:
        pytest.skip("the repository's history is not here (a shallow clone or an archive)")
    due = [r for r in due_for_review(read_project(REPO), today, REPO) if r.overdue]
    assert "model/sales.md" in [r.page for r in due]
    sales = next(r for r in due if r.page == "model/sales.md")
    assert sales.owner_name == "Maya Okafor"
