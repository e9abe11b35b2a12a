"""Render the page of one call: its plan, its debrief beside it, its checklist and goals.

A call page reads its call, its account, the team and the checklists, and nothing of any other
call, so any process that holds those can render it.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from generator import paths
from generator.analyse import completeness
from generator.models import Account, Call, Checklists, Team
from generator.models.call import PlannedObjection, RaisedObjection
from generator.models.checklists import PRE_SALES
from generator.models.team import Rep
from generator.project import CallEntry
from generator.render import render

TYPE_LABELS = {"follow-up": "Follow-up"}


def call_title(entry: CallEntry, account_name: str) -> str:
    if entry.brief.title:
        return entry.brief.title
    kind = TYPE_LABELS.get(entry.brief.type, entry.brief.type.capitalize())
    return f"{kind} call with {account_name}"


def _topics(call: Call) -> list[str]:
    """The objections of a call in the customer's words, for the call's searchable summary."""
    raised = call.debrief.objections if call.debrief else []
    both: list[PlannedObjection | RaisedObjection] = [*call.plan.objections, *raised]
    return list(dict.fromkeys(o.objection for o in both))


class Setting(NamedTuple):
    """What every call page reads besides its call and its account."""

    reps: dict[str, Rep]
    checklists: Checklists
    ids: list[str]
    """The pre-sales checklist's item ids."""
    today: dt.date

    @classmethod
    def of(cls, team: Team, checklists: Checklists, today: dt.date) -> Setting:
        return cls({r.id: r for r in team.reps}, checklists, checklists.pre_sales_ids(), today)


def call_page(entry: CallEntry, account: Account, setting: Setting) -> str:
    """The Markdown of one call's page."""
    call = entry.call
    ticked = set(call.plan.checklist)
    results = {g.metric: g for g in call.debrief.goals} if call.debrief else {}
    return render(
        "call.md.j2", paths.call(entry.account, entry.slug), call=call, account=account,
        rep=setting.reps[call.rep], account_page=paths.account(entry.account),
        rep_page=paths.rep(call.rep),
        title=call_title(entry, account.name),
        completeness=completeness(entry.brief, setting.ids), past=call.date < setting.today,
        phases=[p for p in setting.checklists.phases if p.id in PRE_SALES], ticked=ticked,
        total=len(setting.ids), done=len(ticked.intersection(setting.ids)),
        goals=[(g, results.get(g.metric)) for g in call.plan.goals],
        topics=_topics(call),
    )
