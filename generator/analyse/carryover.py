"""What an account's earlier calls carry over to the plan of its next one: the people met, the
next steps still open, the objections it raised with the team's best-record answers, and the
last debrief's "next time". Pure: `today` comes in.

The rules are the prep brief's and the objection library's own (`still_open`, `late`,
`ObjectionGroup.best` under `enough`), so a pre-filled plan says what the site says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from generator.analyse.followup import AgreedStep, Closed, agreed, closings, late, still_open
from generator.analyse.objections import (
    ObjectionGroup,
    ResponseRecord,
    objection_groups,
    topic_key,
)
from generator.models.project import CallEntry


@dataclass(frozen=True)
class Met:
    """Someone from the customer's side met at an earlier call, as last recorded."""

    name: str
    title: str | None
    role: str | None
    last_met: dt.date


@dataclass(frozen=True)
class OpenStep:
    """A next step of an earlier call not done by today, and the call it was agreed at."""

    step: AgreedStep
    entry: CallEntry
    overdue: bool


@dataclass(frozen=True)
class Foreseen:
    """An objection the account raised before, and what the team's record says of it."""

    topic: str | None
    objection: str
    """As the account put it the last time."""
    best: ResponseRecord | None
    """The team's best-record response, only when the small-sample rule allows naming one."""
    so_far: ResponseRecord | None
    """Without a best: the response that did best so far, tried too few times to tell."""


@dataclass(frozen=True)
class Carryover:
    """`held`: the account's calls before the new one that have taken place, oldest first."""

    held: tuple[CallEntry, ...]
    attendees: tuple[Met, ...]
    steps: tuple[OpenStep, ...]
    objections: tuple[Foreseen, ...]
    lessons_from: CallEntry | None
    """The last held call with a debrief: where `lessons` come from."""
    lessons: tuple[str, ...]

    @property
    def empty(self) -> bool:
        """Nothing happened at the account yet: its first call gets the plain scaffold."""
        return not self.held


def _attendees(held: Sequence[CallEntry]) -> tuple[Met, ...]:
    """Everyone met, in the order first met; one person per name however it was spaced or
    cased, with the title and role written last (a title or role left out keeps the earlier)."""
    people: dict[str, Met] = {}
    for entry in held:
        for person in entry.call.attendees:
            key = " ".join(person.name.casefold().split())
            before = people.get(key)
            people[key] = Met(person.name, person.title or (before.title if before else None),
                              person.role or (before.role if before else None), entry.brief.date)
    return tuple(people.values())


def _steps(held: Sequence[CallEntry], today: dt.date, closed: Closed) -> tuple[OpenStep, ...]:
    """Open next steps in the order agreed, from the briefs: done neither on the step nor in a
    later debrief of the account (`closed`) by today."""
    return tuple(OpenStep(step, entry, late(step.due, step.done, today))
                 for entry in held for step in agreed(entry, closed)
                 if still_open(step.done, today))


def _foreseen(held: Sequence[CallEntry], groups: dict[str, ObjectionGroup]) -> tuple[Foreseen, ...]:
    """One per objection group the account raised, in the order first raised, worded as last."""
    last: dict[str, tuple[str | None, str]] = {}
    for entry in held:
        for topic, objection, _, _ in entry.brief.raised:
            last[topic_key(topic, objection)] = (topic, objection)
    found = []
    for key, (topic, objection) in last.items():
        group = groups.get(key)
        best = group.best if group else None
        so_far = None if best or group is None else next(
            (r for r in group.responses if r.worked or r.partly), None)
        found.append(Foreseen(topic, objection, best, so_far))
    return tuple(found)


def carryover(calls: Sequence[CallEntry], account: str, date: dt.date,
              today: dt.date) -> Carryover:
    """What the calls of `account` before `date` that took place by `today` carry over to a
    plan for `date`, with the team's record of every objection taken from all `calls`.

    Reads only the briefs of the other accounts' calls; loads this account's calls whole."""
    cutoff = min(date, today)
    held = tuple(c for c in calls if c.account == account and c.brief.date < cutoff)
    if not held:
        return Carryover((), (), (), (), None, ())
    groups = {g.key: g for g in objection_groups(calls)}
    debriefed = [c for c in held if c.brief.debriefed]
    lessons_from = debriefed[-1] if debriefed else None
    debrief = lessons_from.call.debrief if lessons_from else None
    return Carryover(held, _attendees(held), _steps(held, today, closings(calls)),
                     _foreseen(held, groups), lessons_from,
                     tuple(debrief.next_time) if debrief else ())
