"""The objection library's sections as the team's edition shows them: every count, and the
newest few calls behind each figure, so the page stays the same size as the calls grow."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from generator.analyse import ObjectionGroup
from generator.models.project import CallEntry
from generator.pages.calls import CallRow

SHOWN_AT = 3
"""Calls named beside each response used and each planned response: the newest."""
SHOWN_CALLS = 12
"""Calls listed under each objection: the newest; the count says how many there are."""
SHOWN_PLANNED = 8
"""Planned responses shown per objection: those the most calls planned, then the newest."""


def newest(calls: Iterable[CallEntry], shown: int) -> list[CallEntry]:
    """The `shown` newest of `calls` (oldest first, perhaps repeated), newest first."""
    unique = list(dict.fromkeys(calls))
    return unique[::-1][:shown]


def library_views(groups: Iterable[ObjectionGroup],
                  row: Callable[[CallEntry], CallRow]) -> list[dict[str, Any]]:
    """Each objection group: every response's record with its newest calls, the planned
    responses most calls gave with theirs, and the newest calls of all; each with the count
    of what it leaves out."""
    views: list[dict[str, Any]] = []
    for g in groups:
        responses = []
        for r in g.responses:
            at = len(dict.fromkeys(r.calls))
            responses.append({"response": r.response, "tried": r.tried, "worked": r.worked,
                              "partly": r.partly, "failed": r.failed,
                              "calls": [row(c) for c in newest(r.calls, SHOWN_AT)],
                              "more": max(0, at - SHOWN_AT)})
        # planned by the most calls first; among equals, the most recently planned first
        ranked = sorted(g.planned_responses.items(), reverse=True,
                        key=lambda p: (len(dict.fromkeys(p[1])), p[1][-1].brief.date,
                                       p[1][-1].id))
        planned = []
        for text, calls in ranked[:SHOWN_PLANNED]:
            count = len(dict.fromkeys(calls))
            planned.append({"response": text, "count": count,
                            "calls": [row(c) for c in newest(calls, SHOWN_AT)],
                            "more": max(0, count - SHOWN_AT)})
        views.append({
            "label": g.label, "covers": g.covers, "anchor": g.anchor, "raised": g.raised,
            "planned": g.planned, "responses": responses, "planned_responses": planned,
            "planned_count": len(ranked), "best": g.best,
            "calls": [row(c) for c in newest(g.calls, SHOWN_CALLS)], "call_count": len(g.calls),
        })
    return views
