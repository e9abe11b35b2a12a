"""Where a call stands on a given day: debriefed, still to come, its debrief due, or overdue."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple


class Standing(NamedTuple):
    """`kind` is debriefed, upcoming (today or later), due (past, within the team's grace
    period) or overdue; `days` is how many days past the grace period an overdue debrief is."""

    kind: str
    days: int = 0

    @property
    def label(self) -> str:
        if self.kind == "overdue":
            return f"debrief overdue by {self.days} day{'' if self.days == 1 else 's'}"
        return {"upcoming": "upcoming", "due": "debrief due"}.get(self.kind, "debriefed")


DEBRIEFED = Standing("debriefed")
UPCOMING = Standing("upcoming")


def standing(date: dt.date, debriefed: bool, today: dt.date, grace: int) -> Standing:
    """A call on `date` is past once `today` is later; its debrief is overdue once more than
    `grace` days have passed since the call."""
    if debriefed:
        return DEBRIEFED
    if date >= today:
        return UPCOMING
    late = (today - date).days - grace
    return Standing("overdue", late) if late > 0 else Standing("due")


def is_past(date: dt.date, today: dt.date) -> bool:
    """A call counts in figures of what happened once its day is over."""
    return date < today
