"""Render the page of each call: in this process, or shared by account folder across a crew,
each member rendering the calls whose whole models it holds.

A call page reads its call, its account, the team and the checklists, and nothing of any other
call, so a member needs no more than the folders it read.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import NamedTuple

from generator import crew, paths
from generator import folders as folders_module
from generator.analyse import completeness
from generator.atomic import write_files
from generator.models import Account, Call, Checklists, Team
from generator.models.call import PlannedObjection, RaisedObjection
from generator.models.checklists import PRE_SALES
from generator.models.team import Rep
from generator.progress import track
from generator.project import CallEntry, Project
from generator.readfiles import Source
from generator.render import render
from generator.write import ELSEWHERE, compare

PARALLEL_FROM = 400  # call pages to render before a crew of processes pays for its start-up
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
    phases = [(p, [(i, i.id in ticked) for i in p.items])
              for p in setting.checklists.phases if p.id in PRE_SALES]
    items = [i for _, pairs in phases for i, _ in pairs]
    results = {g.metric: g for g in call.debrief.goals} if call.debrief else {}
    return render(
        "call.md.j2", paths.call(entry.account, entry.slug), paths=paths, entry=entry,
        call=call, account=account, rep=setting.reps[call.rep],
        title=call_title(entry, account.name),
        completeness=completeness(entry.brief, setting.ids), past=call.date < setting.today,
        checklist=items, phases=phases, done=sum(1 for i in items if i.id in ticked),
        goals=[(g, results.get(g.metric)) for g in call.plan.goals],
        topics=_topics(call),
    )


Job = tuple[str, str, str]
"""(account slug, call slug, display path) of a call page to render."""


HELD = "pages"  # crew.held: the call pages a member rendered, by path under the subtree


def _render_share(share: tuple[dt.date, list[Job]]) -> int:
    """Render a member's call pages, from the models it holds (or its cache, for unchanged
    files), and hold them for writing."""
    today, jobs = share
    read: folders_module.Setting = crew.held[folders_module.SETTING]
    held: Mapping[str, Source] = crew.held.get(folders_module.SOURCES, {})
    assert read.team is not None and read.checklists is not None  # the read succeeded
    setting = Setting.of(read.team, read.checklists, today)
    pages = {}
    for account, slug, display in track(jobs, "Rendering call pages", len(jobs)):
        source = held.get(display) or read.cached[display]
        account_file = read.found.accounts[account][1]
        owner = held.get(account_file) or read.cached[account_file]
        text = call_page(CallEntry(account, slug, display, source.value), owner.value, setting)
        pages[paths.call(account, slug).removeprefix(f"{paths.ROOT}/")] = text.encode()
    crew.held[HELD] = pages
    return len(pages)


def _compare_share(share: tuple[str, set[str]]) -> tuple[list[str], list[str]]:
    root, owned = share
    changed, taken = compare(root, crew.held.get(HELD, {}), owned)
    crew.held[HELD] = changed  # the others need no writing
    return list(changed), taken


def _write_share(root: str) -> None:
    write_files(root, crew.held.pop(HELD, {}))


class HeldPages:
    """The call pages a crew rendered, each held by the member that rendered it, which
    compares it with the page on disk and writes it there (write.Others)."""

    def __init__(self, members: crew.Crew) -> None:
        self.crew = members
        self.root = ""

    def compare(self, root: str, owned: set[str]) -> tuple[list[str], list[str]]:
        self.root = root
        found = self.crew.each(_compare_share, [(root, owned)] * self.crew.count)
        return (sorted(rel for changed, _ in found for rel in changed),
                sorted(rel for _, taken in found for rel in taken))

    def write(self, meanwhile: Callable[[], None]) -> None:
        self.crew.each(_write_share, [self.root] * self.crew.count, meanwhile)


def render_calls(project: Project, today: dt.date, todo: list[CallEntry],
                 helpers: crew.Helpers | None,
                 meanwhile: Callable[[], None] = lambda: None) -> dict[str, str]:
    """The pages of these calls, by page path: held by the crew that read them, if there is
    one, or by a new one when there are many (given as ELSEWHERE: HeldPages writes them), or
    rendered in this process; `meanwhile` runs in this process while the crew renders."""
    if helpers is not None and helpers.crew is None and len(todo) >= PARALLEL_FROM \
            and crew.can_fork() and folders_module.SETTING in crew.held:
        by_account: dict[str, int] = defaultdict(int)
        for entry in todo:
            by_account[entry.account] += 1
        # Forked now, the members see the models this process loaded.
        helpers.start(crew.split(sorted(by_account.items()), crew.size(), first=0.8))
    if helpers is None or helpers.crew is None:
        meanwhile()
        setting = Setting.of(project.team, project.checklists, today)
        return {paths.call(e.account, e.slug): call_page(
            e, project.accounts[e.account].account, setting)
            for e in track(todo, "Rendering call pages", len(todo))}
    member = {slug: i for i, share in enumerate(helpers.shares) for slug in share}
    shares: list[list[Job]] = [[] for _ in helpers.shares]
    for entry in todo:
        shares[member.get(entry.account, 0)].append((entry.account, entry.slug, entry.path))
    helpers.crew.each(_render_share, [(today, jobs) for jobs in shares], meanwhile)
    return dict.fromkeys((paths.call(e.account, e.slug) for e in todo), ELSEWHERE)
