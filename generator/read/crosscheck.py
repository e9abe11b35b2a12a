"""Checks that need more than one file: reps, accounts, checklist ids, dates and goal names."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from generator.models import Account, Call, Checklists, Team, Topics
from generator.problems import Problem, field_path, suggest
from generator.read.reps import suggest_rep
from generator.read.yamlbuild import Loc


class Located(Protocol):
    """A file that can say where a field stands in it."""

    path: str

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]: ...


def _at(doc: Located, loc: Loc, message: str) -> Problem:
    line, column = doc.where(loc)
    return Problem(doc.path, line, column, field_path(loc), message)


def check_account(doc: Located, account: Account, team: Team | None) -> Iterator[Problem]:
    """An account's owner must be a known rep."""
    known = [r.id for r in team.reps] if team else []
    if team and account.owner and account.owner not in known:
        yield _at(doc, ("owner",), f"unknown rep '{account.owner}'"
                                    f"{suggest_rep(account.owner, team)} "
                                    "(reps are listed in plans/team.yaml)")


_last_ids: tuple[Checklists, list[str]] | None = None


def _pre_sales_ids(checklists: Checklists) -> list[str]:
    """The checklists' ids, worked out once for the 10,000s of calls checked against them."""
    global _last_ids  # noqa: PLW0603 - a one-entry memo
    if _last_ids is None or _last_ids[0] is not checklists:
        _last_ids = (checklists, checklists.pre_sales_ids())
    return _last_ids[1]


def check_call(
    doc: Located,
    call: Call,
    *,
    file_date: str,
    account: Account | None,
    account_missing: bool,
    account_slug: str,
    team: Team | None,
    checklists: Checklists | None,
    topics: Topics | None = None,
) -> Iterator[Problem]:
    """Everything about one call that depends on its file name, account, team or checklists."""
    if account_missing:
        yield Problem(doc.path, 1, 1, "", f"unknown account: the folder '{account_slug}' has no "
                                          f"account.yaml (create it with `playbook new account "
                                          f"{account_slug} --name ...`)")
    if call.date.isoformat() != file_date:
        yield _at(doc, ("date",), f"{call.date.isoformat()} does not match the date in the file "
                                  f"name ({file_date})")
    reps = [r.id for r in team.reps] if team else []
    if team and call.rep not in reps:
        yield _at(doc, ("rep",), f"unknown rep '{call.rep}'{suggest_rep(call.rep, team)} "
                                 "(reps are listed in plans/team.yaml)")
    if checklists:
        ids = _pre_sales_ids(checklists)
        for i, item in enumerate(call.plan.checklist):
            if item not in ids:
                yield _at(doc, ("plan", "checklist", i),
                          f"unknown pre-sales checklist item '{item}'{suggest(item, ids)}")
    if topics:
        yield from _check_topics(doc, call, topics.ids())
    debrief = call.debrief
    if debrief is None:
        return
    if debrief.date and debrief.date < call.date:
        yield _at(doc, ("debrief", "date"), f"the debrief ({debrief.date}) is dated before the "
                                            f"call ({call.date})")
    planned = [g.metric for g in call.plan.goals]
    for i, result in enumerate(debrief.goals):
        if result.metric not in planned:
            yield _at(doc, ("debrief", "goals", i, "metric"), f"'{result.metric}' is not a goal "
                      f"of the plan{suggest(result.metric, planned)}")
    if not (team and account):
        return  # an owner may be a rep or a contact; unknown without both files, so no guessing
    for i, step in enumerate(debrief.next_steps):
        # Most owners are reps: look no further for them (this runs for 10,000s of calls).
        if step.owner in reps or any(step.owner == p.name
                                     for p in (*call.attendees, *account.contacts)):
            continue
        people = set(reps) | {p.name for p in call.attendees} | {p.name for p in account.contacts}
        yield _at(doc, ("debrief", "next_steps", i, "owner"),
                  f"'{step.owner}' is neither a rep id nor an attendee or contact"
                  f"{suggest(step.owner, people)}")


def _check_topics(doc: Located, call: Call, known: list[str]) -> Iterator[Problem]:
    """Each objection's topic is one of the team's (plans/topics.yaml): a topic outside the
    list would quietly start a section of its own in the objection library."""
    raised = call.debrief.objections if call.debrief else []
    topics = (("plan", [o.topic for o in call.plan.objections]),
              ("debrief", [o.topic for o in raised]))
    for where, written in topics:
        for i, topic in enumerate(written):
            if topic is not None and topic not in known:
                yield _at(doc, (where, "objections", i, "topic"),
                          f"unknown objection topic '{topic}'{suggest(topic, known)} "
                          "(topics are listed in plans/topics.yaml)")
