"""Goals: what the plans aimed for against what the debriefs report."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.analyse.objections import normal
from generator.analyse.outcomes import share
from generator.models.project import CallEntry


@dataclass(frozen=True)
class GoalRecord:
    """One goal metric and unit, planned in debriefed calls, against what was achieved."""

    metric: str
    unit: str
    planned: int  # goals planned in debriefed calls
    reported: int  # of those, how many the debrief gave an actual for
    hit: int  # actual reached the target
    target_total: float  # over reported goals
    actual_total: float

    @property
    def hit_rate(self) -> float | None:
        return share(self.hit, self.reported)


def _judged(calls: Iterable[CallEntry]) -> Iterator[tuple[str, str, float, float | None]]:
    """(metric, unit, target, actual or None) of every goal planned in a debriefed call."""
    for entry in calls:
        call = entry.brief
        if not call.debriefed:
            continue
        actual = dict(call.results)
        for metric, unit, target in call.goals:
            yield metric, unit, target, actual.get(metric)


def goal_records(calls: Iterable[CallEntry]) -> list[GoalRecord]:
    """Planned against actual per metric and unit; most planned first."""
    rows: dict[tuple[str, str], list[tuple[float, float | None]]] = defaultdict(list)
    names: dict[tuple[str, str], tuple[str, str]] = {}
    for metric, unit, target, actual in _judged(calls):
        key = (normal(metric), normal(unit))
        names.setdefault(key, (metric, unit))
        rows[key].append((target, actual))
    records = []
    for key, pairs in rows.items():
        done = [(t, a) for t, a in pairs if a is not None]
        records.append(GoalRecord(
            *names[key], planned=len(pairs), reported=len(done),
            hit=sum(1 for t, a in done if a >= t),
            target_total=sum(t for t, _ in done), actual_total=sum(a for _, a in done),
        ))
    return sorted(records, key=lambda r: (-r.planned, normal(r.metric), normal(r.unit)))


@dataclass(frozen=True)
class GoalTally:
    """All goals of a set of debriefed calls: planned, given an actual, and met."""

    planned: int
    reported: int
    hit: int


def calls_tally(calls: Iterable[CallEntry]) -> GoalTally:
    """goal_tally(goal_records(calls)), counted straight from the calls: the insights need it
    for every rep."""
    planned = reported = hit = 0
    for _, _, target, actual in _judged(calls):
        planned += 1
        if actual is not None:
            reported += 1
            hit += actual >= target
    return GoalTally(planned, reported, hit)


def goal_tally(records: Iterable[GoalRecord]) -> GoalTally:
    rows = list(records)
    return GoalTally(sum(r.planned for r in rows), sum(r.reported for r in rows),
                     sum(r.hit for r in rows))
