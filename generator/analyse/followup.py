"""Next steps followed up: the open ones past their due date. Pure: no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from generator.models.project import CallEntry


class AgreedStep(NamedTuple):
    """A next step as its call's brief holds it: what, who, by when, and when it was done."""

    action: str
    owner: str
    due: dt.date | None
    done: dt.date | None


def agreed(entry: CallEntry) -> list[AgreedStep]:
    """The next steps of the call's debrief, from its brief (no whole call loaded)."""
    brief = entry.brief
    return [AgreedStep(action, owner, due, done)
            for action, (owner, due, done) in zip(brief.actions, brief.steps, strict=True)]


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


def with_overdue(calls: Iterable[CallEntry], today: dt.date) -> list[CallEntry]:
    """The calls with a next step overdue."""
    return [c for c in calls if any(late(due, done, today) for _, due, done in c.brief.steps)]


def overdue_steps(calls: Iterable[CallEntry], today: dt.date) -> list[OverdueStep]:
    """Every next step not done and due before `today`, most overdue first (then by call and
    the order written). From the briefs alone."""
    found = [OverdueStep(s, c, (today - s.due).days)
             for c in with_overdue(calls, today)
             for s in agreed(c) if late(s.due, s.done, today) and s.due is not None]
    return sorted(found, key=lambda o: (-o.days, o.entry.brief.date, o.entry.id))


def follow_through(calls: Iterable[CallEntry], today: dt.date) -> dict[str, tuple[int, int]]:
    """By owner: (steps done by their due date, steps whose due date has passed), over the
    next steps with a due date before `today`. From the briefs alone."""
    found: dict[str, tuple[int, int]] = {}
    for c in calls:
        for owner, due, done in c.brief.steps:
            if due is not None and due < today:
                kept, owed = found.get(owner, (0, 0))
                found[owner] = (kept + (done is not None and done <= due), owed + 1)
    return found
