"""Warnings a manager acts on, each naming the calls concerned. Pure: no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from generator.analyse.standing import standing
from generator.models.project import CallEntry, Project
from generator.vocabulary import LATE_STAGE

STALL_RUN = 3  # continuations in a row at the end of an account's record


@dataclass(frozen=True)
class Alert:
    """One rule and the calls it fits, oldest first; `notes` adds a word per call id."""

    rule: str
    title: str
    advice: str
    calls: tuple[CallEntry, ...]
    notes: Mapping[str, str] = field(default_factory=dict)


def economic_buyer_known(project: Project, entry: CallEntry,
                         known: dict[str, bool] | None = None) -> bool:
    """Someone with the economic-buyer role attends the call or is a contact of its account.
    `known` remembers, by account, whether one is among its contacts."""
    if "economic-buyer" in entry.brief.roles:
        return True
    if known is not None and (answer := known.get(entry.account)) is not None:
        return answer
    account = project.accounts.get(entry.account)
    answer = bool(account and any(p.role == "economic-buyer" for p in account.account.contacts))
    if known is not None:
        known[entry.account] = answer
    return answer


def stalled(project: Project) -> list[CallEntry]:
    """The last STALL_RUN debriefed calls of every account where all of them were continuations."""
    by_account: dict[str, list[CallEntry]] = {}
    for entry in project.calls:
        if entry.brief.debriefed:
            by_account.setdefault(entry.account, []).append(entry)
    found: list[CallEntry] = []
    for debriefed in by_account.values():
        tail = debriefed[-STALL_RUN:]
        if len(tail) == STALL_RUN and all(e.brief.outcome == "continuation" for e in tail):
            found.extend(tail)
    return sorted(found, key=lambda e: (e.brief.date, e.id))


def alerts(project: Project, today: dt.date,
           first_commits: Mapping[str, dt.date] | None = None) -> list[Alert]:
    """Every rule, in a fixed order, with the calls that fit it (possibly none).

    The late-plan rule is there only when `first_commits` (path to first-commit date) is given.
    """
    calls = project.calls
    known: dict[str, bool] = {}
    grace = project.team.debrief_grace_days
    late = {c.id: (c, where) for c in calls if (where := standing(
        c.brief.date, c.brief.debriefed, today, grace)).kind == "overdue"}
    found = [
        Alert("no-debrief", "Debriefs overdue",
              f"Calls held more than {grace} day{'' if grace == 1 else 's'} ago with no debrief "
              "yet. Write it while the call is fresh: outcome, goals, what changes next time.",
              tuple(c for c, _ in late.values()),
              {i: f"overdue by {w.days} day{'' if w.days == 1 else 's'}"
               for i, (_, w) in late.items()}),
        Alert("no-goals", "Plans with no measurable goal",
              "Add at least one goal with a target and a unit, so the debrief can say whether "
              "the call worked.",
              tuple(c for c in calls if not c.brief.goals)),
        Alert("no-economic-buyer", "Late-stage calls with no economic buyer known",
              "Proposal, negotiation and closing calls need the person who signs off the money; "
              "find out who it is and get them in the room.",
              tuple(c for c in calls
                    if c.brief.type in LATE_STAGE
                    and not economic_buyer_known(project, c, known))),
        Alert("stalled", f"Accounts stalling: {STALL_RUN} continuations in a row",
              "The talks go on but the customer commits to nothing. Plan the next call around "
              "a concrete advance, or qualify the account out.",
              tuple(stalled(project))),
    ]
    if first_commits is not None:
        after = tuple(c for c in calls
                      if c.path in first_commits and first_commits[c.path] > c.brief.date)
        found.append(Alert(
            "late-plan", "Plans committed after the call",
            "A plan written after the call is a report, not a plan. Commit the plan before "
            "the call, then add the debrief.",
            after, {c.id: f"first committed {first_commits[c.path].isoformat()}" for c in after},
        ))
    return found


def listed(found: Iterable[Alert]) -> list[CallEntry]:
    """Every call some warning names, once each, in the order the warnings name them."""
    return list({c.id: c for alert in found for c in alert.calls}.values())
