"""Debrief coverage of past calls and debrief latency."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

from generator.analyse.outcomes import share
from generator.models.project import CallEntry


@dataclass(frozen=True)
class Coverage:
    """Debrief coverage of calls whose date has passed, and how long debriefs took."""

    past: int
    debriefed: int
    latencies: tuple[int, ...]

    @property
    def missing(self) -> int:
        return self.past - self.debriefed

    @property
    def rate(self) -> float | None:
        return share(self.debriefed, self.past)

    @property
    def median_latency(self) -> float | None:
        return statistics.median(self.latencies) if self.latencies else None

    @property
    def max_latency(self) -> int | None:
        return max(self.latencies) if self.latencies else None

    @property
    def within_a_day(self) -> int:
        """Dated debriefs written on the day of the call or the day after."""
        return sum(1 for days in self.latencies if days <= 1)


def coverage(calls: Iterable[CallEntry], today: dt.date) -> Coverage:
    """Past calls (dated before today) with and without a debrief; days to each dated debrief."""
    past = debriefed = 0
    latencies = []
    for entry in calls:
        call = entry.brief
        if call.date < today:
            past += 1
            if call.debriefed:
                debriefed += 1
        if call.debrief_date:
            latencies.append((call.debrief_date - call.date).days)
    return Coverage(past, debriefed, tuple(sorted(latencies)))
