"""The warnings page and each rep's share of it: every rule's count, its most urgent calls on
the page, and the whole list of each rep's on the rep's own page (outside the nav)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from generator import paths
from generator.analyse.alerts import Alert
from generator.analyse.followup import OverdueStep, follower
from generator.models.team import Rep
from generator.pages.calls import CallRow

SHOWN_WARNINGS = 10
"""Calls (or next steps) each rule lists on the warnings page, the most urgent first; every
rep's page lists all of theirs, so the page stays the same size however many calls there are."""

SHORT_TITLES = {"no-debrief": "Debriefs overdue", "no-goals": "No goal",
                "no-economic-buyer": "No economic buyer", "stalled": "Stalling",
                "late-plan": "Plan late"}
"""Each rule's name in the warnings page's table by rep, where its whole title is too wide."""


def rule_view(alert: Alert, rows: Sequence[tuple[CallRow, str | None]],
              count: int) -> dict[str, Any]:
    """One rule as a page lists it: `rows`, its calls shown with their notes, of `count`."""
    return {"rule": alert.rule, "title": alert.title, "advice": alert.advice, "count": count,
            "short": SHORT_TITLES.get(alert.rule, alert.title),
            "rows": [r for r, _ in rows], "row_notes": [n for _, n in rows],
            # an overdue call's badge already says by how many days
            "notes": bool(alert.notes) and alert.rule != "no-debrief",
            "more": count - len(rows)}


def warning_views(row: Any, found: Sequence[Alert],
                  shown: int | None = SHOWN_WARNINGS) -> list[dict[str, Any]]:
    """Each warning with the rows (`row` of an entry) of its first `shown` calls, newest first
    (None: all of them)."""
    views = []
    for a in found:
        newest = list(reversed(a.calls))[:shown]
        views.append(rule_view(a, [(row(e), a.notes.get(e.id)) for e in newest], len(a.calls)))
    return views


def rep_warnings(row: Any, found: Sequence[Alert], rep: str) -> list[dict[str, Any]]:
    """The rules that list some of `rep`'s calls, each with all of them, newest first."""
    views = []
    for a in found:
        mine = [e for e in reversed(a.calls) if e.brief.rep == rep]
        if mine:
            views.append(rule_view(a, [(row(e), a.notes.get(e.id)) for e in mine], len(mine)))
    return views


def by_rep(reps: Mapping[str, Rep], found: Sequence[Alert],
           overdue: Sequence[OverdueStep]) -> list[dict[str, Any]]:
    """A line per rep with something to act on, in team order: how many of their calls each
    rule lists, and how many overdue next steps they see through (see followup.follower)."""
    counts = [Counter(e.brief.rep for e in a.calls) for a in found]
    steps = Counter(follower(o.step.owner, o.entry, reps) for o in overdue)
    lines = []
    for rep in reps.values():
        figures = [c[rep.id] for c in counts]
        if any(figures) or steps[rep.id]:
            lines.append({"name": rep.name, "page": paths.rep(rep.id), "counts": figures,
                          "steps": steps[rep.id]})
    return lines
