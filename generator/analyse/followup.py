"""Next steps followed up: done (on the step, or in a later debrief of the same account), and
the open ones past their due date. Pure: no I/O, from the calls' briefs alone."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from generator.models.call import step_words
from generator.models.project import CallEntry


class AgreedStep(NamedTuple):
    """A next step as its call's brief holds it: what, who, by when, and when it was done."""

    action: str
    owner: str
    due: dt.date | None
    done: dt.date | None


class Closing(NamedTuple):
    """A later debrief of the same account that names a step as done: its call and date."""

    date: dt.date
    entry: CallEntry


Closed = Mapping[tuple[str, int], Closing]
"""(call id, the step's place in its debrief) -> the earliest later debrief that closed it."""


def closings(calls: Iterable[CallEntry]) -> dict[tuple[str, int], Closing]:
    """Every next step left open on the step itself that a later debrief of the same account
    names in its steps_done, with the first such debrief (by date, then id). A name closes
    every step of an earlier call with those words still open by then."""
    by_account: dict[str, list[CallEntry]] = defaultdict(list)
    for c in calls:
        by_account[c.account].append(c)
    found: dict[tuple[str, int], Closing] = {}
    for entries in by_account.values():
        if not any(c.brief.closes for c in entries):
            continue
        open_steps: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for c in sorted(entries, key=lambda e: (e.brief.date, e.id)):
            for words in dict.fromkeys(map(step_words, c.brief.closes)):
                for step in open_steps.pop(words, []):
                    found[step] = Closing(c.brief.date, c)
            for i, (action, (_, _, done)) in enumerate(zip(c.brief.actions, c.brief.steps,
                                                            strict=True)):
                if done is None:
                    open_steps[step_words(action)].append((c.id, i))
    return found


def agreed(entry: CallEntry, closed: Closed | None = None) -> list[AgreedStep]:
    """The next steps of the call's debrief, from its brief (no whole call loaded); a step a
    later debrief `closed` is done on that debrief's call date."""
    brief = entry.brief
    steps = [AgreedStep(action, owner, due, done)
             for action, (owner, due, done) in zip(brief.actions, brief.steps, strict=True)]
    if closed:
        steps = [s._replace(done=found.date) if s.done is None and
                 (found := closed.get((entry.id, i))) is not None else s
                 for i, s in enumerate(steps)]
    return steps


@dataclass(frozen=True)
class OverdueStep:
    """A next step still open after its due date, the call it was agreed at, and by how many
    days it is late."""

    step: AgreedStep
    entry: CallEntry
    days: int


def late(due: dt.date | None, done: dt.date | None, today: dt.date) -> bool:
    """A step is overdue when it is not done and its due date is before today."""
    return done is None and due is not None and due < today


def still_open(done: dt.date | None, today: dt.date) -> bool:
    """A step is open until the day it was done: one done today or later is still open today."""
    return done is None or done >= today


def _steps(entry: CallEntry, closed: Closed) -> Iterable[tuple[str, dt.date | None,
                                                               dt.date | None]]:
    """(owner, due, done) of each next step of the call, done as a later debrief says too."""
    if not closed:
        return entry.brief.steps
    return [(s.owner, s.due, s.done) for s in agreed(entry, closed)]


def with_overdue(calls: Iterable[CallEntry], today: dt.date,
                 closed: Closed | None = None) -> list[CallEntry]:
    """The calls with a next step overdue (`closed`: see closings)."""
    return [c for c in calls
            if any(late(due, done, today) for _, due, done in _steps(c, closed or {}))]


def overdue_steps(calls: Iterable[CallEntry], today: dt.date,
                  closed: Closed | None = None) -> list[OverdueStep]:
    """Every next step not done and due before `today`, most overdue first (then by call and
    the order written); a step a later debrief `closed` is done."""
    found = [OverdueStep(s, c, (today - s.due).days)
             for c in with_overdue(calls, today, closed)
             for s in agreed(c, closed) if late(s.due, s.done, today) and s.due is not None]
    return sorted(found, key=lambda o: (-o.days, o.entry.brief.date, o.entry.id))


def follow_through(calls: Iterable[CallEntry], today: dt.date,
                   closed: Closed | None = None) -> dict[str, tuple[int, int]]:
    """By owner: (steps done by their due date, steps whose due date has passed), over the
    next steps with a due date before `today`; a step a later debrief `closed` is done on
    that call's date."""
    found: dict[str, tuple[int, int]] = {}
    for c in calls:
        for owner, due, done in _steps(c, closed or {}):
            if due is not None and due < today:
                kept, owed = found.get(owner, (0, 0))
                found[owner] = (kept + (done is not None and done <= due), owed + 1)
    return found


def follower(owner: str, entry: CallEntry, reps: Container[str]) -> str:
    """The rep who sees an open step through: its owner when a rep, else (a customer's step)
    the rep of the call it was agreed at."""
    return owner if owner in reps else entry.brief.rep
