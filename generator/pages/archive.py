"""The debrief archive's pages: its index, a page per month that lists its weeks, each week a
page of its own, and a page per outcome that lists the months of that outcome, each month of it
a page of its own.

No page here lists every call of an outcome or of a month: at 100,000 calls such a list was
megabytes, and any edit of a call on it made MkDocs render it again. A month of one outcome
holds at most the month's debriefs, a week at most a week's, and an edit of a call renders only
its own week and its own month of its outcome again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Set
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator import paths
from generator.analyse import month_of, rates, week_of
from generator.models.project import CallEntry
from generator.output.write import KEEP
from generator.pages.render import OUTCOME_LABELS, render
from generator.vocabulary import OUTCOMES

if TYPE_CHECKING:
    from generator.pages.site import Site

LISTED_ACCOUNTS = 100
"""Accounts the archive's index lists by name at most. A larger team finds its accounts on the
Accounts page, which holds each with its calls: at 100,000 calls the list was 6,666 lines, most
of the index's 445 KB, rendered again on every build."""
_ENDED = {"order": "an order", "advance": "an advance", "continuation": "a continuation",
          "no-sale": "no sale"}
"""How a sentence says that a call ended in each outcome."""


def month_label(key: str) -> str:
    """A month's name for a heading, e.g. October 2026, from its key YYYY-MM."""
    return dt.date.fromisoformat(f"{key}-01").strftime("%B %Y")


def week_label(key: str) -> str:
    """A week of a month for a table, e.g. "5\u201311 October" (or "1 November", a week of one day),
    from its first day in the month, YYYY-MM-DD; it ends on a Sunday or the month's last day."""
    first = dt.date.fromisoformat(key)
    next_month = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    last = min(first + dt.timedelta(days=6 - first.weekday()), next_month - dt.timedelta(days=1))
    days = f"{first.day}" if last == first else f"{first.day}\u2013{last.day}"
    return f"{days} {first:%B}"


@dataclass(frozen=True)
class PeriodCount:
    """A row of a table of months or weeks: its debriefed calls, and how many of each outcome."""

    key: str
    label: str
    calls: int
    outcomes: dict[str, int]


def counted(key: str, label: str, entries: list[CallEntry]) -> PeriodCount:
    return PeriodCount(key, label, len(entries), rates(e.brief for e in entries).outcomes)


def month_pages(site: Site, key: str, entries: list[CallEntry],
                keep: Set[str] = frozenset()) -> dict[str, str]:
    """A month's page, a table of its weeks, and a page of each week's calls (those with any).

    A month of a team of 100,000 calls held some 7,000 debriefs, one page of 1.7 MB that any
    call's new title rendered again; a week's page holds a quarter of that at most (420 KB),
    and the month's page shows counts alone, so a new title renders only its week's page again
    of the month's pages."""
    out: dict[str, str] = {}
    label = month_label(key)
    weeks: dict[str, list[CallEntry]] = defaultdict(list)
    for entry in entries:
        weeks[week_of(entry)].append(entry)
    week_views = []
    for week in sorted(weeks, reverse=True):
        name = week_label(week)
        page = paths.month_week(week)
        out[page] = KEEP if page in keep else render(
            "archive-list.md.j2", page, paths=paths, heading=f"Debriefs of {name} {key[:4]}",
            up=(paths.month(key), f"{label}, every week"), rows=site.newest_first(weeks[week]))
        week_views.append(counted(week, name, weeks[week]))
    page = paths.month(key)
    out[page] = KEEP if page in keep else render(
        "archive-month.md.j2", page, paths=paths, label=label, calls=len(entries),
        weeks=week_views)
    return out


@dataclass(frozen=True)
class OutcomeMonth:
    """A month on an outcome's page: how many of its debriefed calls ended so."""

    key: str
    label: str
    calls: int
    debriefed: int

    @property
    def share(self) -> float:
        return self.calls / self.debriefed


def outcome_months(months: list[PeriodCount], outcome: str) -> list[OutcomeMonth]:
    """The `months` (each with its counts, in their order) with a call that ended in
    `outcome`."""
    return [OutcomeMonth(m.key, m.label, m.outcomes[outcome], m.calls)
            for m in months if m.outcomes[outcome]]


def archive_pages_of(site: Site, keep: Set[str] = frozenset()) -> dict[str, str]:
    """Every page of the archive, but those in `keep` (given as KEEP)."""
    out: dict[str, str] = {}
    months: dict[str, list[CallEntry]] = defaultdict(list)
    for entry in site.project.calls:
        if entry.brief.outcome is not None:
            months[month_of(entry)].append(entry)
    debriefed = sum(len(calls) for calls in months.values())
    month_views = []
    for key in sorted(months, reverse=True):
        out.update(month_pages(site, key, months[key], keep))
        month_views.append(counted(key, month_label(key), months[key]))
    outcome_views = []
    for outcome in OUTCOMES:
        label = OUTCOME_LABELS[outcome]
        views = outcome_months(month_views, outcome)
        total = sum(v.calls for v in views)
        page = paths.outcome(outcome)
        out[page] = KEEP if page in keep else render(
            "archive-outcome.md.j2", page, paths=paths, key=outcome, label=label,
            ended=_ENDED[outcome], calls=total, debriefed=debriefed, months=views)
        for view in views:
            page = paths.outcome_month(outcome, view.key)
            out[page] = KEEP if page in keep else render(
                "archive-list.md.j2", page, paths=paths, heading=f"{label}, {view.label}",
                up=(paths.outcome(outcome), f"{label}, every month"), rows=site.newest_first(
                    [e for e in months[view.key] if e.brief.outcome == outcome]))
        outcome_views.append({"key": outcome, "label": label, "calls": total})
    out[paths.ARCHIVE] = KEEP if paths.ARCHIVE in keep else render(
        "archive.md.j2", paths.ARCHIVE, paths=paths, debriefed=debriefed,
        total=len(site.past(site.project.calls)), months=month_views, outcomes=outcome_views,
        accounts=site.account_index if len(site.account_index) <= LISTED_ACCOUNTS else [],
        account_count=len(site.account_index), reps=site.rep_index,
    )
    return out
