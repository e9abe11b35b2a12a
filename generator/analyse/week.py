"""The team's week: the calls of the next seven days, the past week's calls still without a
debrief, and the newest debriefs to learn from. Pure: `today` comes in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from generator.models.project import CallEntry

DAYS = 7
LESSONS = 5
"""Newest debriefed calls whose "next time" the home page may show."""


@dataclass(frozen=True)
class Week:
    """`coming`: calls from today to six days on; `waiting`: calls of the seven days before
    today with no debrief yet; `lessons`: the newest debriefed past calls, newest first."""

    start: dt.date
    end: dt.date
    coming: tuple[CallEntry, ...]
    waiting: tuple[CallEntry, ...]
    lessons: tuple[CallEntry, ...]

    @property
    def calls(self) -> tuple[CallEntry, ...]:
        """Every call the week lists, the waiting first: what its pages are made from."""
        return self.waiting + self.coming

    def of_rep(self, rep: str) -> Week:
        """The same week, only `rep`'s calls (and no lessons)."""
        return Week(self.start, self.end, tuple(c for c in self.coming if c.brief.rep == rep),
                    tuple(c for c in self.waiting if c.brief.rep == rep), ())


def week(calls: Sequence[CallEntry], today: dt.date) -> Week:
    """The week from `today`, of calls sorted by date then id (as a Project holds them)."""
    end = today + dt.timedelta(days=DAYS - 1)
    since = today - dt.timedelta(days=DAYS)
    coming = tuple(c for c in calls if today <= c.brief.date <= end)
    waiting = tuple(c for c in calls
                    if since <= c.brief.date < today and not c.brief.debriefed)
    debriefed = [c for c in calls if c.brief.date < today and c.brief.debriefed]
    return Week(today, end, coming, waiting, tuple(reversed(debriefed[-LESSONS:])))
