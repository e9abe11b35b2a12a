"""`playbook new call` pre-filled from the account's history: the project read once, what
carries over from its earlier calls (analyse/carryover.py) written as the scaffold's YAML lines,
and one line per kind telling the rep what was filled in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from generator.analyse import MIN_CALLS, ResponseRecord
from generator.analyse.carryover import Carryover, Foreseen, OpenStep, carryover
from generator.commands.yamltext import comment_lines, one_line, quoted
from generator.fast.plan import read_whole
from generator.models import Team
from generator.models.common import BuyingRole
from generator.models.project import CallEntry
from generator.problems import Problem, ProblemError

_ROLES = frozenset(get_args(BuyingRole))


@dataclass(frozen=True)
class Prefill:
    """The scaffold's pre-filled parts, as lines of YAML, and what to tell the rep of them."""

    header: list[str]
    """Comment lines under the file's first comment: where it came from, the lessons."""
    attendees: list[str]
    agenda: list[str]
    objections: list[str]
    told: list[str]


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def _record(r: ResponseRecord) -> str:
    return (f"worked {r.worked} of {_plural(r.tried, 'time')}"
            + (f", {r.partly} partly" if r.partly else ""))


def _call(entry: CallEntry) -> str:
    return f"the {entry.brief.date.isoformat()} {entry.brief.type} call"


def _owner(owner: str, team: Team) -> str:
    rep = team.rep(owner)  # a rep by name; anyone else as written in the debrief
    return rep.name if rep else owner


def _attendees(found: Carryover) -> list[str]:
    lines = ["  # met at earlier calls here: delete those who will not attend this one"]
    for person in found.attendees:
        lines.append(f"  - name: {quoted(person.name)}  # last met {person.last_met.isoformat()}")
        if person.title:
            lines.append(f"    title: {quoted(person.title)}")
        if person.role:  # one of four words, none of which YAML reads as anything else
            role = person.role if person.role in _ROLES else quoted(person.role)
            lines.append(f"    role: {role}")
    return lines


def _agenda(steps: tuple[OpenStep, ...], team: Team) -> list[str]:
    lines: list[str] = []
    for s in steps:
        due = ""
        if s.step.due:
            due = f", due {s.step.due.isoformat()}" + (" (overdue)" if s.overdue else "")
        lines += comment_lines(f"open next step from {_call(s.entry)}: "
                               f"{_owner(s.step.owner, team)}{due}", "    ", "")
        lines.append(f"    - {quoted(s.step.action)}")
    return lines


def _why(f: Foreseen) -> str:
    if f.best is not None:
        return f"the team's best record: {_record(f.best)}"
    if f.so_far is not None:
        return (f"yours to write: too few calls to say; the best so far {_record(f.so_far)}, "
                f"and the team names a best answer once it was tried {MIN_CALLS} times")
    return "yours to write: no response to it has worked yet"


def _objections(found: Carryover) -> list[str]:
    lines: list[str] = []
    for f in found.objections:
        first = "-"
        if f.topic:
            lines.append(f"    - topic: {quoted(f.topic)}")
            first = " "
        lines.append(f"    {first} objection: {quoted(f.objection)}")
        lines += comment_lines(_why(f), "      ", "")
        lines.append(f"      response: {quoted(f.best.response if f.best else '')}")
    return lines


def _header(found: Carryover, name: str, team: Team) -> list[str]:
    lines = ["#", *comment_lines(
        f"Pre-filled from the {_plural(len(found.held), 'earlier call')} at {name}: the people "
        "met, the next steps still open and the objections raised there. Keep what applies to "
        "this call.", "", "")]
    if found.lessons_from is not None:
        rep = _owner(found.lessons_from.brief.rep, team)
        lines += ["#", f'# "Next time", from the debrief of {_call(found.lessons_from)} '
                       f"({one_line(rep)}):"]
        for lesson in found.lessons:
            lines += comment_lines(lesson)
    return lines


def _told(found: Carryover, account: str) -> list[str]:
    overdue = sum(s.overdue for s in found.steps)
    answered = sum(f.best is not None for f in found.objections)
    open_to_you = len(found.objections) - answered
    lessons = (f"{_plural(len(found.lessons), 'lesson')} from the debrief of "
               f"{_call(found.lessons_from)}, as comments" if found.lessons_from
               else "none: no earlier call here has a debrief")
    return [
        f"pre-filled from {_plural(len(found.held), 'earlier call')} at {account}; keep what "
        "applies to this call:",
        f"  attendees: {_plural(len(found.attendees), 'person', 'people')} met at earlier calls",
        f"  agenda: {_plural(len(found.steps), 'open next step')}"
        + (f" ({overdue} overdue)" if overdue else ""),
        f"  objections: {len(found.objections)} raised here before, {answered} with the "
        f"team's best-record response, {open_to_you} for you to answer",
        f"  next time: {lessons}",
    ]


def prefill(found: Carryover, account: str, name: str, team: Team) -> Prefill | None:
    """The scaffold's pre-filled parts from what carries over; None for an account's first
    call, which gets the plain scaffold."""
    if found.empty:
        return None
    return Prefill(_header(found, one_line(name), team), _attendees(found) if found.attendees
                   else [], _agenda(found.steps, team), _objections(found),
                   _told(found, account))


def read_prefill(root: Path, account: str, date: dt.date,
                 today: dt.date) -> tuple[Prefill | None, list[str]]:
    """The pre-filled parts for a plan of `account` on `date`, reading the project once, and
    any warning for the rep. A file with problems (another plan just scaffolded, say) is left
    out of the history, and the rep is told."""
    problems: list[Problem] = []
    try:
        project = read_whole(root, tolerate=problems)
    except ProblemError as exc:  # no valid team or checklists: nothing to look back on
        return None, [f"not pre-filled from the account's history: "
                      f"{_plural(len(exc.problems), 'problem')} in plans/ (`playbook "
                      "validate` lists them); this is the plain scaffold"]
    entry = project.accounts.get(account)
    name = entry.account.name if entry else account
    found = carryover(project.calls, account, date, today)
    files = len({p.path for p in problems})
    left_out = [f"plans/ has problems in {_plural(files, 'file')} (`playbook validate` lists "
                "them); the history leaves out any file that could not be read"] if files else []
    return prefill(found, account, name, project.team), left_out
