"""Render the pages one account folder makes: each call's page (its plan, its debrief beside
it, its checklist and goals) and the account's page listing its calls.

They read the folder's files, the team and the checklists, and nothing of any other folder,
so any process that holds those can render them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from typing import NamedTuple, Protocol

from generator import paths
from generator.analyse import completeness
from generator.analyse.compare import objection_pairs, topics
from generator.analyse.followup import closings
from generator.analyse.standing import Standing, standing
from generator.models import Account, Checklists, Team, Topics
from generator.models.checklists import PRE_SALES
from generator.models.project import CallEntry, Project
from generator.models.team import Rep
from generator.pages.findable import goal_sentences, search_marks
from generator.pages.render import render
from generator.progress import track

TYPE_LABELS = {"follow-up": "Follow-up"}


def call_title(entry: CallEntry, account_name: str) -> str:
    if entry.brief.title:
        return entry.brief.title
    kind = TYPE_LABELS.get(entry.brief.type, entry.brief.type.capitalize())
    return f"{kind} call with {account_name}"


class CallSetting(NamedTuple):
    """What every call page reads besides its call and its account."""

    reps: dict[str, Rep]
    checklists: Checklists
    ids: list[str]
    """The pre-sales checklist's item ids."""
    today: dt.date
    grace: int
    """The team's days of grace before a missing debrief is overdue."""
    labels: dict[str, str]
    """The objection topics' labels by id (plans/topics.yaml); empty when topics are free."""

    @classmethod
    def of(cls, team: Team, checklists: Checklists, today: dt.date,
           vocabulary: Topics | None = None) -> CallSetting:
        return cls({r.id: r for r in team.reps}, checklists, checklists.pre_sales_ids(), today,
                   team.debrief_grace_days, vocabulary.labels() if vocabulary else {})

    def standing(self, entry: CallEntry) -> Standing:
        return standing(entry.brief.date, entry.brief.debriefed, self.today, self.grace)


LaterDone = Mapping[int, tuple[dt.date, str]]
"""Of one call's next steps, those a later debrief named done: place -> (its date, its page)."""


def later_done(calls: Iterable[CallEntry]) -> dict[str, dict[int, tuple[dt.date, str]]]:
    """LaterDone of each call with a step a later debrief named done, by call id; `calls`: all
    of an account's calls at least (steps are done in debriefs of the same account)."""
    found: dict[str, dict[int, tuple[dt.date, str]]] = {}
    for (call_id, i), closing in sorted(closings(calls).items()):
        later = closing.entry
        found.setdefault(call_id, {})[i] = (closing.date, paths.call(later.account, later.slug))
    return found


def call_page(entry: CallEntry, account: Account, setting: CallSetting,
              done: LaterDone | None = None) -> str:
    """The Markdown of one call's page; `done`: its steps a later debrief named done."""
    call = entry.call
    ticked = set(call.plan.checklist)
    results = {g.metric: g for g in call.debrief.goals} if call.debrief else {}
    pairs = objection_pairs(call.plan.objections, call.debrief.objections if call.debrief else [],
                            setting.labels)
    return render(
        "call.md.j2", paths.call(entry.account, entry.slug), call=call, account=account,
        rep=setting.reps[call.rep], reps=setting.reps, account_page=paths.account(entry.account),
        rep_page=paths.rep(call.rep),
        title=call_title(entry, account.name),
        completeness=completeness(entry.brief, setting.ids), standing=setting.standing(entry),
        prep=paths.prep(entry.account, entry.slug),
        grace=setting.grace,
        phases=[p for p in setting.checklists.phases if p.id in PRE_SALES], ticked=ticked,
        total=len(setting.ids), done=len(ticked.intersection(setting.ids)),
        goals=[(g, results.get(g.metric)) for g in call.plan.goals],
        pairs=pairs, topics=topics(pairs), library=paths.OBJECTIONS, done_later=done or {},
        marks=search_marks(call, account.name, setting.reps[call.rep].name, topics(pairs)),
        goal_words=goal_sentences((g, results.get(g.metric)) for g in call.plan.goals),
    )


def call_pages(entries: Iterable[CallEntry], account: Callable[[str], Account],
               setting: CallSetting,
               done: Mapping[str, LaterDone] | None = None) -> dict[str, str]:
    """The pages of these calls by page path: the one way a call page is rendered, in whichever
    process; `account` gives an account's model by its slug, `done` each call's LaterDone by
    call id (see later_done)."""
    done = done or {}
    return {paths.call(e.account, e.slug): call_page(e, account(e.account), setting,
                                                     done.get(e.id))
            for e in entries}


class CallPages(Protocol):
    """Renders the call pages of a run: SerialCalls in this process, or a crew (fast/).
    `rendered` are pages rendered before (as files were read) and held elsewhere."""

    @property
    def rendered(self) -> Set[str]: ...

    def render(self, project: Project, today: dt.date, todo: list[CallEntry],
               meanwhile: Callable[[], None]) -> dict[str, str]:
        """The pages of the calls `todo`, by page path (a page's text, or ELSEWHERE when it is
        held by another process that writes it); `meanwhile` runs in this process."""
        ...


class SerialCalls:
    """Every call page rendered here, after `meanwhile`."""

    rendered: Set[str] = frozenset()

    def render(self, project: Project, today: dt.date, todo: list[CallEntry],
               meanwhile: Callable[[], None]) -> dict[str, str]:
        meanwhile()
        setting = CallSetting.of(project.team, project.checklists, today, project.topics)
        return call_pages(track(todo, "Rendering call pages", len(todo)),
                          lambda slug: project.accounts[slug].account, setting,
                          later_done(project.calls))


class CallRow(NamedTuple):
    """What a list of calls shows about one call (a tuple: 10,000s are made in every run)."""

    date: dt.date
    title: str
    page: str
    account_name: str
    account_page: str
    rep_name: str
    rep_page: str
    type: str
    outcome: str | None
    standing: Standing


def call_row(entry: CallEntry, account_name: str, reps: Mapping[str, Rep], today: dt.date,
             grace: int) -> CallRow:
    """The row of a call, where it stands on `today` given the team's `grace` days."""
    brief = entry.brief
    rep = reps[brief.rep]
    return CallRow(brief.date, call_title(entry, account_name),
                   paths.call(entry.account, entry.slug), account_name,
                   paths.account(entry.account), rep.name, paths.rep(rep.id),
                   brief.type, brief.outcome,
                   standing(brief.date, brief.debriefed, today, grace))


def account_page(slug: str, account: Account, calls: Sequence[CallEntry],
                 rows: Sequence[CallRow], reps: Mapping[str, Rep]) -> str:
    """The Markdown of one account's page; `calls` oldest first, `rows` theirs newest first."""
    page = paths.account(slug)
    known = any(p.role == "economic-buyer" for p in account.contacts) or any(
        "economic-buyer" in c.brief.roles for c in calls)
    owner = reps.get(account.owner) if account.owner else None
    return render("account.md.j2", page, paths=paths, account=account, owner=owner, rows=rows,
                  economic_buyer_known=known)
