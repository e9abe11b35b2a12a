"""Pure figures over a validated project: completeness, outcome rates, bands, coverage, objections.

No I/O here: `today` and the plan files' first-commit dates come in as arguments.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from generator.models import Call, Plan
from generator.models.call import OUTCOMES
from generator.project import CallEntry, Project

PLAN_FIELDS = ("advance", "minimum_action", "goals", "research", "strategy", "agenda",
               "questions", "objections", "materials", "practice", "roi")
COMPLETENESS_BANDS = (("thin", 0, 39), ("partial", 40, 69), ("thorough", 70, 100))
EFFORT_BANDS = (("under 30 min", 0, 29), ("30–59 min", 30, 59), ("60–119 min", 60, 119),
                ("120 min and more", 120, None))
MIN_CALLS = 5  # below this a rate is shown with its count but read as "too few calls to say"


def completeness(plan: Plan, pre_sales_ids: Sequence[str]) -> int:
    """0-100: half from the pre-sales checklist ticked, half from the plan fields filled in."""
    ticked = len(set(plan.checklist) & set(pre_sales_ids))
    filled = sum(1 for name in PLAN_FIELDS if getattr(plan, name))
    checklist_part = ticked / len(pre_sales_ids) if pre_sales_ids else 0.0
    return round(50 * checklist_part + 50 * filled / len(PLAN_FIELDS))


@dataclass(frozen=True)
class Rates:
    """Outcome counts of a set of calls and the rates derived from them."""

    calls: int
    debriefed: int
    outcomes: dict[str, int]
    objective_met: dict[str, int]

    @property
    def win_rate(self) -> float | None:
        """Share of debriefed calls that ended in an order or an advance."""
        wins = self.outcomes["order"] + self.outcomes["advance"]
        return wins / self.debriefed if self.debriefed else None

    @property
    def met_rate(self) -> float | None:
        """Share of calls with an objective-met judgement where it was fully met."""
        judged = sum(self.objective_met.values())
        return self.objective_met["yes"] / judged if judged else None

    def rate(self, outcome: str) -> float | None:
        return self.outcomes[outcome] / self.debriefed if self.debriefed else None

    @property
    def enough(self) -> bool:
        return self.debriefed >= MIN_CALLS


def rates(calls: Iterable[Call]) -> Rates:
    """Outcome and objective-met counts over calls."""
    outcomes = dict.fromkeys(OUTCOMES, 0)
    met = {"yes": 0, "partly": 0, "no": 0}
    total = debriefed = 0
    for call in calls:
        total += 1
        if call.debrief:
            debriefed += 1
            outcomes[call.debrief.outcome] += 1
            if call.debrief.objective_met:
                met[call.debrief.objective_met] += 1
    return Rates(total, debriefed, outcomes, met)


def rates_by(calls: Iterable[CallEntry], key: Callable[[CallEntry], str]) -> dict[str, Rates]:
    """Rates per group, groups sorted by key."""
    groups: dict[str, list[Call]] = defaultdict(list)
    for entry in calls:
        groups[key(entry)].append(entry.call)
    return {k: rates(v) for k, v in sorted(groups.items())}


@dataclass(frozen=True)
class Band:
    """Order-or-advance rate of the debriefed calls in one band of completeness or effort."""

    label: str
    rates: Rates


def _band(value: int, bands: Sequence[tuple[str, int, int | None]]) -> str:
    for label, low, high in bands:
        if value >= low and (high is None or value <= high):
            return label
    return bands[-1][0]


def completeness_bands(project: Project, scores: dict[str, int]) -> list[Band]:
    groups: dict[str, list[Call]] = {label: [] for label, _, _ in COMPLETENESS_BANDS}
    for entry in project.calls:
        if entry.call.debrief:
            groups[_band(scores[entry.id], COMPLETENESS_BANDS)].append(entry.call)
    return [Band(label, rates(calls)) for label, calls in groups.items()]


def effort_bands(project: Project) -> list[Band]:
    groups: dict[str, list[Call]] = {label: [] for label, _, _ in EFFORT_BANDS}
    groups["not recorded"] = []
    for entry in project.calls:
        call = entry.call
        if call.debrief:
            minutes = call.plan.effort_minutes
            label = "not recorded" if minutes is None else _band(minutes, EFFORT_BANDS)
            groups[label].append(call)
    return [Band(label, rates(calls)) for label, calls in groups.items()
            if label != "not recorded" or calls]


@dataclass(frozen=True)
class Coverage:
    """Debrief coverage of calls whose date has passed, and how long debriefs took."""

    past: int
    debriefed: int
    latencies: tuple[int, ...]

    @property
    def rate(self) -> float | None:
        return self.debriefed / self.past if self.past else None

    @property
    def median_latency(self) -> float | None:
        return statistics.median(self.latencies) if self.latencies else None

    @property
    def max_latency(self) -> int | None:
        return max(self.latencies) if self.latencies else None


def coverage(calls: Iterable[CallEntry], today: dt.date) -> Coverage:
    past = debriefed = 0
    latencies = []
    for entry in calls:
        call = entry.call
        if call.date < today:
            past += 1
            if call.debrief:
                debriefed += 1
        if call.debrief and call.debrief.date:
            latencies.append((call.debrief.date - call.date).days)
    return Coverage(past, debriefed, tuple(latencies))


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@dataclass
class ResponseRecord:
    """How one response to an objection fared each time it was used."""

    response: str
    tried: int = 0
    worked: int = 0
    partly: int = 0
    failed: int = 0

    @property
    def score(self) -> float:
        return (self.worked + 0.5 * self.partly) / self.tried if self.tried else 0.0


@dataclass
class ObjectionGroup:
    """One objection topic across every call that planned for it or met it."""

    key: str
    label: str
    raised: int = 0
    planned: int = 0
    responses: list[ResponseRecord] = field(default_factory=list)
    planned_responses: list[str] = field(default_factory=list)
    calls: list[CallEntry] = field(default_factory=list)

    @property
    def best(self) -> ResponseRecord | None:
        judged = [r for r in self.responses if r.tried and (r.worked or r.partly)]
        return max(judged, key=lambda r: (r.score, r.tried), default=None)

    @property
    def mentions(self) -> int:
        return self.raised + self.planned


def objection_groups(calls: Iterable[CallEntry]) -> list[ObjectionGroup]:
    """Objections grouped by topic (or by their words when no topic is given), most common first."""
    groups: dict[str, ObjectionGroup] = {}
    responses: dict[tuple[str, str], ResponseRecord] = {}

    def group(topic: str | None, text: str) -> ObjectionGroup:
        key = topic or _key(text)
        if key not in groups:
            groups[key] = ObjectionGroup(key, topic.replace("-", " ").capitalize() if topic else text)
        return groups[key]

    for entry in calls:
        seen: set[str] = set()
        for planned in entry.call.plan.objections:
            g = group(planned.topic, planned.objection)
            g.planned += 1
            if planned.response not in g.planned_responses:
                g.planned_responses.append(planned.response)
            if g.key not in seen:
                g.calls.append(entry)
                seen.add(g.key)
        if entry.call.debrief:
            for raised in entry.call.debrief.objections:
                g = group(raised.topic, raised.objection)
                g.raised += 1
                if g.key not in seen:
                    g.calls.append(entry)
                    seen.add(g.key)
                if raised.response:
                    rkey = (g.key, _key(raised.response))
                    if rkey not in responses:
                        responses[rkey] = ResponseRecord(raised.response)
                        g.responses.append(responses[rkey])
                    record = responses[rkey]
                    record.tried += 1
                    if raised.worked == "yes":
                        record.worked += 1
                    elif raised.worked == "partly":
                        record.partly += 1
                    elif raised.worked == "no":
                        record.failed += 1
    for g in groups.values():
        g.responses.sort(key=lambda r: (-r.score, -r.tried, r.response))
    return sorted(groups.values(), key=lambda g: (-g.mentions, g.key))


@dataclass(frozen=True)
class GoalRecord:
    """Planned goals of one metric across calls, against what was achieved."""

    metric: str
    unit: str
    reported: int
    hit: int
    attainment: float | None  # mean of actual / target over reported goals with target > 0


def goal_records(calls: Iterable[CallEntry]) -> list[GoalRecord]:
    data: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    names: dict[str, str] = {}
    for entry in calls:
        call = entry.call
        if not call.debrief:
            continue
        actual = {g.metric: g.actual for g in call.debrief.goals}
        for goal in call.plan.goals:
            if goal.metric in actual:
                key = _key(goal.metric)
                names.setdefault(key, goal.metric)
                data[key].append((goal.unit, goal.target, actual[goal.metric]))
    records = []
    for key, rows in sorted(data.items()):
        ratios = [a / t for _, t, a in rows if t > 0]
        records.append(GoalRecord(
            names[key], Counter(u for u, _, _ in rows).most_common(1)[0][0], len(rows),
            sum(1 for _, t, a in rows if a >= t),
            sum(ratios) / len(ratios) if ratios else None,
        ))
    return sorted(records, key=lambda r: (-r.reported, r.metric))
