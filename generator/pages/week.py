"""The week's pages: the team's week by rep, the home page's opening snippet, and each rep's
week (the head of their page). Each call shows its plan's completeness and what it lacks."""

from __future__ import annotations

from collections.abc import Set
from typing import TYPE_CHECKING, NamedTuple

from generator import paths
from generator.analyse.week import Week, week
from generator.models.project import CallEntry
from generator.output.write import KEEP
from generator.pages.calls import CallRow
from generator.pages.render import render

if TYPE_CHECKING:
    from generator.pages.site import Site

FIELD_NAMES = {"minimum_action": "minimum action", "roi": "expected return"}
SHOWN_LESSONS = 3
SHOWN_COMING = 30
"""Calls of the coming week the home page lists at most, soonest first; the week page lists
them all, by rep. A team of a few reps sees its whole week on the home page; one of 200 reps
(1,770 calls a week at 100,000 calls) would get a home page of 300 KB of Markdown."""
LISTED_CALLS = 300
"""Calls the week page lists one by one at most. A bigger week is a table of reps, those with
the most debriefs overdue first, each rep's page listing their week in full: at 100,000 calls
the list was 2,800 calls, 1.3 MB of Markdown and 1.9 MB of HTML that no manager reads through
and every build rendered again."""


class WeekCall(NamedTuple):
    """One call of the week: its row, its plan's completeness and what the plan lacks."""

    row: CallRow
    score: int
    missing: str


def missing(entry: CallEntry, ids: Set[str]) -> str:
    """The plan fields left empty and the pre-sales checklist items not ticked, in words."""
    gaps = [FIELD_NAMES.get(name, name) for name in entry.brief.gaps]
    undone = len(ids - set(entry.brief.checklist))
    parts = [f"no {', '.join(gaps)}"] if gaps else []
    if undone:
        parts.append(f"{undone} of {len(ids)} checklist items open")
    return "; ".join(parts) or "nothing: a complete plan"


class RepWeek(NamedTuple):
    rep: object
    coming: list[WeekCall]
    waiting: list[WeekCall]


class RepSummary(NamedTuple):
    """One rep's week in a row: how many calls, and the weakest plan still to come."""

    rep: object
    coming: int
    waiting: int
    overdue: int
    weakest: WeekCall | None


def summary(reps: list[RepWeek]) -> list[RepSummary]:
    """Each rep's week counted, most debriefs overdue first, then most debriefs to write (the
    team's order among equals)."""
    rows = [RepSummary(r.rep, len(r.coming), len(r.waiting),
                       sum(1 for c in r.waiting if c.row.standing.kind == "overdue"),
                       min(r.coming, key=lambda c: c.score, default=None)) for r in reps]
    return sorted(rows, key=lambda s: (-s.overdue, -s.waiting))


class WeekViews:
    """The week of one Site, worked out once."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.week: Week = week(site.project.calls, site.today)
        team = site.project.team
        self.sample = team.sample_date is not None and team.sample_date == site.today

    def view(self, entry: CallEntry) -> WeekCall:
        return WeekCall(self.site.row(entry), self.site.score(entry),
                        missing(entry, self.site.ids))

    def of_rep(self, rep_id: str) -> RepWeek:
        mine = self.week.of_rep(rep_id)
        return RepWeek(self.site.reps[rep_id], [self.view(c) for c in mine.coming],
                       [self.view(c) for c in mine.waiting])

    def lessons(self) -> list[tuple[CallRow, list[str]]]:
        """The newest debriefs' "what changes next time", those that wrote one."""
        found = []
        for entry in self.week.lessons:
            if entry.brief.next_time:
                found.append((self.site.row(entry), list(entry.brief.next_time)))
        return found[:SHOWN_LESSONS]

    def pages(self, keep: Set[str]) -> dict[str, str]:
        """The week page and the home page's snippet."""
        out: dict[str, str] = {}
        overdue = sum(1 for c in self.site.project.calls if self.site.row(c).standing.kind
                      == "overdue")
        reps = [self.of_rep(r.id) for r in self.site.project.team.reps]
        common = {"paths": paths, "week": self.week, "today": self.site.today,
                  "sample": self.sample, "overdue": overdue}
        busy = [r for r in reps if r.coming or r.waiting]
        listed = len(self.week.calls) <= LISTED_CALLS
        common["listed"] = listed
        out[paths.WEEK] = KEEP if paths.WEEK in keep else render(
            "week.md.j2", paths.WEEK, reps=busy if listed else [],
            summary=[] if listed else summary(busy),
            idle=[r.rep for r in reps if not (r.coming or r.waiting)], **common)
        # Included in content/index.md: its links are written from there.
        out[paths.WEEK_SNIPPET] = KEEP if paths.WEEK_SNIPPET in keep else render(
            "week-home.md.j2", "index.md",
            coming=[self.view(c) for c in self.week.coming[:SHOWN_COMING]],
            calls=len(self.week.coming), waiting=len(self.week.waiting),
            lessons=self.lessons(), **common)
        return out
