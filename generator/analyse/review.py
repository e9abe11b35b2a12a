"""Knowledge that stays true: hand-written pages and exemplary calls past their review interval,
counted from the last change git knows of. Pure: no I/O."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.models.handbook import HandbookPage, Interval
from generator.models.project import CallEntry
from generator.models.team import Rep

EXEMPLAR_EVERY = Interval(6, "month")
"""How often an exemplary call is re-confirmed as still the way to do it."""


@dataclass(frozen=True)
class Review:
    """One page or exemplary call that needs a look: `page` is its path under content/."""

    page: str
    title: str
    owner: str | None
    owner_name: str | None  # None when the owner is not on the team
    changed: dt.date | None
    every: Interval | None
    overdue: int | None  # days past the interval; None when listed for another reason
    note: str


def due_date(changed: dt.date, every: Interval) -> dt.date:
    """The day a page changed on `changed` is due again: calendar months and years, the day of
    the month kept where the month has it (31 January + 1 month is 28 or 29 February)."""
    if every.unit in ("day", "week"):
        return changed + dt.timedelta(days=every.count * (7 if every.unit == "week" else 1))
    months = every.count * (12 if every.unit == "year" else 1)
    year, month = divmod(changed.month - 1 + months, 12)
    year += changed.year
    day = min(changed.day, calendar.monthrange(year, month + 1)[1])
    return dt.date(year, month + 1, day)


def _check(subject: HandbookPage, changed: dt.date | None, today: dt.date,
           reps: Mapping[str, Rep]) -> Review | None:
    owner, every, problem = subject.owner, subject.every, subject.problem
    name = reps[owner].name if owner is not None and owner in reps else None
    note = ""
    overdue = None
    if problem:
        note = problem
    elif owner is None:
        note = "no owner"
    elif name is None:
        note = f"owner {owner!r} is not on the team"
    elif every is None:
        note = "no review interval"
    elif changed is not None and (late := (today - due_date(changed, every)).days) > 0:
        overdue, note = late, f"{late} day{'' if late == 1 else 's'} overdue"
    else:
        return None
    return Review(subject.path, subject.title, owner, name, changed, every, overdue, note)


def reviews(pages: Iterable[HandbookPage], calls: Iterable[CallEntry],
            changed: Mapping[str, dt.date] | None, today: dt.date, *, reps: Mapping[str, Rep],
            call_page: Mapping[str, str]) -> list[Review]:
    """Hand-written pages (by their path under content/) and exemplary calls that need a
    review on `today`: past their interval since the last change git knows (`changed`, by
    path from the project's root; None without history: nothing is overdue then), or with
    no owner, an owner who is not on the team, or no interval. Overdue first, most first."""
    found = []
    history = changed or {}
    for p in pages:
        review = _check(p, history.get(f"content/{p.path}"), today, reps)
        if review is not None:
            found.append(review)
    for c in calls:
        if c.brief.exemplary:
            exemplar = HandbookPage(call_page[c.id], c.brief.title or c.slug, c.brief.rep,
                                    EXEMPLAR_EVERY)
            review = _check(exemplar, history.get(c.path), today, reps)
            if review is not None:
                found.append(review)
    return sorted(found, key=lambda r: (r.overdue is None, -(r.overdue or 0), r.page))
