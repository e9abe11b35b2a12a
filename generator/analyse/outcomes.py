"""Outcome figures: plan completeness, outcome rates by group, bands, and their plain reading."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

from generator.models.brief import PLAN_FIELDS, Brief
from generator.models.project import CallEntry, Project
from generator.vocabulary import OUTCOMES

COMPLETENESS_BANDS = (("thin", 0, 39), ("partial", 40, 69), ("thorough", 70, 100))
EFFORT_BANDS = (("under 30 min", 0, 29), ("30–59 min", 30, 59), ("60–119 min", 60, 119),
                ("120 min and more", 120, None))
NOT_RECORDED = "not recorded"
MIN_CALLS = 5  # below this a rate is shown with its count but read as "too few calls to say"


def enough(calls: int) -> bool:
    """The one small-sample rule: a rate, or a response called best, rests on at least
    MIN_CALLS calls; below that a page shows the count and says it is too few to say."""
    return calls >= MIN_CALLS


def completeness(call: Brief, pre_sales_ids: Collection[str]) -> int:
    """0-100: half from the pre-sales checklist ticked, half from the plan fields filled in.
    Pass the ids as a set (or frozenset) when scoring many calls: it is made once then."""
    ids = pre_sales_ids if isinstance(pre_sales_ids, set | frozenset) else set(pre_sales_ids)
    ticked = len(ids.intersection(call.checklist))
    checklist_part = ticked / len(pre_sales_ids) if pre_sales_ids else 0.0
    return round(50 * checklist_part + 50 * call.filled / len(PLAN_FIELDS))


def share(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide by."""
    return part / whole if whole else None


@dataclass(frozen=True)
class Rates:
    """Outcome counts of a set of calls and the rates derived from them."""

    calls: int
    debriefed: int
    outcomes: dict[str, int]
    objective_met: dict[str, int]

    @property
    def wins(self) -> int:
        """Debriefed calls that ended in an order or an advance."""
        return self.outcomes["order"] + self.outcomes["advance"]

    @property
    def win_rate(self) -> float | None:
        """Share of debriefed calls that ended in an order or an advance."""
        return share(self.wins, self.debriefed)

    @property
    def judged(self) -> int:
        """Debriefs that say whether the objective was met."""
        return sum(self.objective_met.values())

    @property
    def met_rate(self) -> float | None:
        """Share of calls with an objective-met judgement where it was fully met."""
        return share(self.objective_met["yes"], self.judged)

    def rate(self, outcome: str) -> float | None:
        return share(self.outcomes[outcome], self.debriefed)

    @property
    def enough(self) -> bool:
        return enough(self.debriefed)

    @property
    def met_enough(self) -> bool:
        return enough(self.judged)


def rates(calls: Iterable[Brief]) -> Rates:
    """Outcome and objective-met counts over calls."""
    outcomes: dict[str, int] = dict.fromkeys(OUTCOMES, 0)
    met = {"yes": 0, "partly": 0, "no": 0}
    total = debriefed = 0
    for call in calls:
        total += 1
        if call.outcome is not None:
            debriefed += 1
            outcomes[call.outcome] += 1
            if call.objective_met:
                met[call.objective_met] += 1
    return Rates(total, debriefed, outcomes, met)


def month_of(entry: CallEntry) -> str:
    """The month of a call as YYYY-MM, for grouping."""
    return entry.brief.date.isoformat()[:7]


def week_of(entry: CallEntry) -> str:
    """The first day (YYYY-MM-DD) of a call's week, Monday to Sunday, clipped to its month:
    a month's first days before its first Monday are a week of their own."""
    day = entry.brief.date
    return max(day - dt.timedelta(days=day.weekday()), day.replace(day=1)).isoformat()


def rates_by(calls: Iterable[CallEntry], key: Callable[[CallEntry], str],
             order: Sequence[str] = ()) -> dict[str, Rates]:
    """Rates per group: groups named in `order` first, in that order, then the rest sorted."""
    groups: dict[str, list[Brief]] = defaultdict(list)
    for entry in calls:
        groups[key(entry)].append(entry.brief)
    rank = {name: i for i, name in enumerate(order)}
    keys = sorted(groups, key=lambda k: (rank.get(k, len(rank)), k))
    return {k: rates(groups[k]) for k in keys}


@dataclass(frozen=True)
class Band:
    """Order-or-advance rate of the debriefed calls in one band of completeness or effort."""

    label: str
    low: int | None  # None for the calls whose effort was not recorded
    high: int | None  # None when the band has no upper end
    rates: Rates


def _band(value: int, bands: Sequence[tuple[str, int, int | None]]) -> str:
    for label, low, high in bands:
        if value >= low and (high is None or value <= high):
            return label
    return bands[-1][0]


def _bands(groups: dict[str, list[Brief]],
           bands: Sequence[tuple[str, int, int | None]]) -> list[Band]:
    found = [Band(label, low, high, rates(groups[label])) for label, low, high in bands]
    if groups.get(NOT_RECORDED):
        found.append(Band(NOT_RECORDED, None, None, rates(groups[NOT_RECORDED])))
    return found


def by_completeness(project: Project, scores: dict[str, int]) -> dict[str, list[Brief]]:
    """Debriefed calls grouped by the label of their plan's completeness band."""
    groups: dict[str, list[Brief]] = defaultdict(list)
    for entry in project.calls:
        if entry.brief.debriefed:
            groups[_band(scores[entry.id], COMPLETENESS_BANDS)].append(entry.brief)
    return groups


def by_effort(project: Project) -> dict[str, list[Brief]]:
    """Debriefed calls grouped by the label of their effort band, or NOT_RECORDED."""
    groups: dict[str, list[Brief]] = defaultdict(list)
    for entry in project.calls:
        call = entry.brief
        if call.debriefed:
            minutes = call.effort
            groups[NOT_RECORDED if minutes is None else _band(minutes, EFFORT_BANDS)].append(call)
    return groups


def completeness_bands(project: Project, scores: dict[str, int]) -> list[Band]:
    """Debriefed calls by the completeness band of their plan."""
    return _bands(by_completeness(project, scores), COMPLETENESS_BANDS)


def effort_bands(project: Project) -> list[Band]:
    """Debriefed calls by planning effort; calls without effort_minutes last, if any."""
    return _bands(by_effort(project), EFFORT_BANDS)


def percent(value: float) -> str:
    return f"{round(value * 100)}%"


def _count(n: int, noun: str = "debriefed call") -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def reading(bands: Sequence[Band], describe: Callable[[str], str]) -> str:
    """What the bands say in plain words: how many calls, whether that is enough, correlation.

    `describe` turns a band label into a phrase such as "thorough plans".
    """
    total = sum(b.rates.debriefed for b in bands)
    if total == 0:
        return "No call has a debrief yet, so there is no outcome to compare."
    solid = [b for b in bands if b.low is not None and b.rates.enough]
    if len(solid) < 2:
        which = (f"only {describe(solid[0].label)} reach that" if solid
                 else "no band reaches that yet")
        return (f"This rests on {_count(total)}: too few to say anything yet. A comparison "
                f"needs at least two bands with {MIN_CALLS} or more debriefed calls each; "
                f"{which}.")
    best = max(solid, key=lambda b: b.rates.wins / b.rates.debriefed)
    worst = min(solid, key=lambda b: b.rates.wins / b.rates.debriefed)

    def record(b: Band) -> str:
        return f"{b.rates.wins} of {b.rates.debriefed} ({percent(b.rates.win_rate or 0.0)})"

    if best.rates.win_rate == worst.rates.win_rate:
        text = (f"The bands with enough calls end in an order or an advance equally often: "
                f"{record(best)}.")
    else:
        text = (f"{describe(best.label)[:1].upper()}{describe(best.label)[1:]} ended in an order "
                f"or an advance {record(best)}; {describe(worst.label)} {record(worst)}.")
    small = total - sum(b.rates.debriefed for b in solid)
    rest = f", {small} of them in bands too small to read" if small else ""
    return (f"{text} This rests on {_count(total)}{rest}. It is a correlation, not proof that "
            f"planning caused the outcome.")
