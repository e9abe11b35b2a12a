"""The debrief archive's pages: its index, a page per month, and a page per outcome that lists
the months of that outcome, each month of it a page of its own.

No page here lists every call of an outcome: at 100,000 calls such a list was megabytes, and
any edit of a call with that outcome made MkDocs render it again. A month of one outcome holds
at most the month's debriefs, and an edit of a call renders only its own month of it again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Set
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator import paths
from generator.analyse import month_of, rates
from generator.models.project import CallEntry
from generator.output.write import KEEP
from generator.pages.render import OUTCOME_LABELS, render
from generator.vocabulary import OUTCOMES

if TYPE_CHECKING:
    from generator.pages.site import Site

_ENDED = {"order": "an order", "advance": "an advance", "continuation": "a continuation",
          "no-sale": "no sale"}
"""How a sentence says that a call ended in each outcome."""


def month_label(key: str) -> str:
    """A month's name for a heading, e.g. October 2026, from its key YYYY-MM."""
    return dt.date.fromisoformat(f"{key}-01").strftime("%B %Y")


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


def outcome_months(by_month: dict[str, list[CallEntry]], outcome: str) -> list[OutcomeMonth]:
    """The months with a call that ended in `outcome`, newest first."""
    views = []
    for key in sorted(by_month, reverse=True):
        count = sum(1 for e in by_month[key] if e.brief.outcome == outcome)
        if count:
            views.append(OutcomeMonth(key, month_label(key), count, len(by_month[key])))
    return views


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
        label = month_label(key)
        page = paths.month(key)
        out[page] = KEEP if page in keep else render(
            "archive-list.md.j2", page, paths=paths, heading=f"Debriefs of {label}", up=None,
            rows=site.newest_first(months[key]))
        month_views.append({"key": key, "label": label, "calls": len(months[key]),
                            "outcomes": rates(e.brief for e in months[key]).outcomes})
    outcome_views = []
    for outcome in OUTCOMES:
        label = OUTCOME_LABELS[outcome]
        views = outcome_months(months, outcome)
        total = sum(v.calls for v in views)
        page = paths.outcome(outcome)
        out[page] = KEEP if page in keep else render(
            "archive-outcome.md.j2", page, paths=paths, key=outcome, label=label,
            ended=_ENDED[outcome], calls=total, debriefed=debriefed, months=views)
        for view in views:
            page = paths.outcome_month(outcome, view.key)
            out[page] = KEEP if page in keep else render(
                "archive-list.md.j2", page, paths=paths, heading=f"{label}, {view.label}",
                up=(paths.outcome(outcome), label), rows=site.newest_first(
                    [e for e in months[view.key] if e.brief.outcome == outcome]))
        outcome_views.append({"key": outcome, "label": label, "calls": total})
    out[paths.ARCHIVE] = KEEP if paths.ARCHIVE in keep else render(
        "archive.md.j2", paths.ARCHIVE, paths=paths, debriefed=debriefed,
        total=len(site.past(site.project.calls)), months=month_views, outcomes=outcome_views,
        accounts=site.account_index, reps=site.rep_index,
    )
    return out
