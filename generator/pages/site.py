"""Decide every generated page and render it: page path under content/ to Markdown text."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from functools import cached_property

from generator import paths
from generator.analyse import (
    MIN_CALLS,
    ObjectionGroup,
    completeness,
    enough,
    objection_groups,
    rates,
)
from generator.analyse.alerts import Alert
from generator.analyse.followup import Closing, OverdueStep, closings, follower, overdue_steps
from generator.analyse.standing import is_past
from generator.models.checklists import PRE_SALES
from generator.models.project import CallEntry, Project
from generator.output.write import ELSEWHERE, KEEP
from generator.pages.accountindex import account_index_pages
from generator.pages.alertpage import rep_warnings
from generator.pages.archive import archive_pages_of
from generator.pages.calls import CallPages, CallRow, SerialCalls, account_page, call_row
from generator.pages.library import library_views
from generator.pages.prep import prep_pages
from generator.pages.reference import field_sections, vocabulary
from generator.pages.render import render
from generator.pages.week import WeekViews


@dataclass(frozen=True)
class RepStats:
    """A rep's figures: outcomes of past calls only, planning of every call."""

    calls: int
    """Past calls."""
    upcoming: int
    debriefed: int
    outcomes: dict[str, int]
    win_rate: float | None
    median_effort: float | None
    mean_completeness: float | None


class Site:
    """All pages of one project; build once, then ask for pages().

    What pages share (rows, scores, the account and rep indexes, the objection groups) is
    worked out when a page first needs it: a run that keeps the pages drawn from every call
    works out none of it for calls whose own pages it keeps.
    """

    def __init__(self, project: Project, today: dt.date, found: Sequence[Alert] = ()) -> None:
        self.project = project
        self.today = today
        self.found = found
        """The warnings: each rep's page lists the calls of theirs they name."""
        self.ids = frozenset(project.checklists.pre_sales_ids())  # unique: validated
        self.reps = {r.id: r for r in project.team.reps}
        self.grace = project.team.debrief_grace_days
        self._rows: dict[str, CallRow] = {}
        self._scores: dict[str, int] = {}

    def score(self, entry: CallEntry) -> int:
        """The call's plan completeness (worked out once)."""
        if (found := self._scores.get(entry.id)) is None:
            found = self._scores[entry.id] = completeness(entry.brief, self.ids)
        return found

    @cached_property
    def scores(self) -> dict[str, int]:
        """Each call's plan completeness, by call id."""
        return {c.id: self.score(c) for c in self.project.calls}

    def row(self, entry: CallEntry) -> CallRow:
        """The call's row in lists of calls (made once)."""
        if (found := self._rows.get(entry.id)) is None:
            found = self._rows[entry.id] = call_row(
                entry, self.project.accounts[entry.account].account.name, self.reps,
                self.today, self.grace)
        return found

    def past(self, entries: Iterable[CallEntry]) -> list[CallEntry]:
        """The calls whose day is over: only they count in figures of what happened."""
        return [e for e in entries if is_past(e.brief.date, self.today)]

    def newest_first(self, entries: list[CallEntry]) -> list[CallRow]:
        return [self.row(e) for e in reversed(entries)]

    def pages(self, keep: Set[str] = frozenset(),
              also: Callable[[Set[str]], Mapping[str, str]] | None = None,
              calls: CallPages | None = None) -> dict[str, str]:
        """Every page, and those `also` makes (given `keep`); pages named in `keep` are not
        rendered but given as KEEP. `calls` renders the call pages (here, by default).
        """
        calls = calls or SerialCalls()
        out: dict[str, str] = {}
        todo = []
        for entry in self.project.calls:
            page = paths.call(entry.account, entry.slug)
            if page in keep:
                out[page] = KEEP
            else:
                todo.append(entry)

        def the_rest() -> None:  # while a crew's other members render call pages
            out.update(self.account_pages(keep, calls.rendered))
            out.update(self.rep_pages(keep))
            out.update(self.archive_pages(keep))
            out[paths.OBJECTIONS] = KEEP if paths.OBJECTIONS in keep else render(
                "objections.md.j2", paths.OBJECTIONS, paths=paths,
                groups=library_views(self.objections, self.row), min_calls=MIN_CALLS,
                met={g.key for g in self.objections},
                vocabulary=self.project.topics.topics if self.project.topics else [])
            out[paths.EXEMPLARS] = KEEP if paths.EXEMPLARS in keep else render(
                "exemplars.md.j2", paths.EXEMPLARS, paths=paths, rows=self.newest_first(
                    [e for e in self.project.calls if e.brief.exemplary]))
            for phase in self.project.checklists.phases:
                page = paths.checklist_snippet(phase.id)
                # A plan lists the pre-sales items done by id: those pages show each id.
                out[page] = render("checklist.md.j2", page, phase=phase,
                                   tickable=phase.id in PRE_SALES)
            out[paths.FIELDS] = render("fields.md.j2", paths.FIELDS, sections=field_sections(),
                                       **vocabulary(self.project))
            out.update(self.week.pages(keep))
            out.update(prep_pages(self, keep))
            if also is not None:
                out.update(also(keep))

        out.update(calls.render(self.project, self.today, todo, meanwhile=the_rest))
        return out

    def _grouped(self, key: Callable[[CallEntry], str]) -> dict[str, list[CallEntry]]:
        """The calls by `key`, each group oldest first."""
        groups: dict[str, list[CallEntry]] = defaultdict(list)
        for entry in self.project.calls:
            groups[key(entry)].append(entry)
        return groups

    @cached_property
    def week(self) -> WeekViews:
        """The coming week and the past week's calls waiting for a debrief."""
        return WeekViews(self)

    @cached_property
    def by_account(self) -> dict[str, list[CallEntry]]:
        """Each account's calls, oldest first."""
        return self._grouped(lambda e: e.account)

    @cached_property
    def by_rep(self) -> dict[str, list[CallEntry]]:
        """Each rep's calls, oldest first."""
        return self._grouped(lambda e: e.brief.rep)

    @cached_property
    def account_index(self) -> list[dict[str, object]]:
        """A line of figures per account, by name: the accounts index and the archive's."""
        index: list[dict[str, object]] = []
        for slug, item in self.project.accounts.items():
            calls = self.by_account.get(slug, [])
            past = self.past(calls)
            account = item.account
            owner = self.reps.get(account.owner) if account.owner else None
            last = past[-1].brief if past else None
            coming = calls[len(past)] if len(past) < len(calls) else None
            index.append({
                "name": account.name, "page": paths.account(slug), "industry": account.industry,
                "segment": account.segment, "stage": account.stage,
                "owner": owner.id if owner else None, "owner_name": owner.name if owner else None,
                "owner_page": paths.rep(owner.id) if owner else None, "calls": len(calls),
                "past": len(past), "debriefed": sum(1 for c in past if c.brief.debriefed),
                "last_date": last.date if last else None, "last": self.row(past[-1]) if past
                else None, "next_date": coming.brief.date if coming else None,
            })
        return sorted(index, key=lambda a: str(a["name"]).lower())

    def account_pages(self, keep: Set[str] = frozenset(),
                      held: Set[str] = frozenset()) -> dict[str, str]:
        """Every account's page, but those in `keep` (KEEP) and those a crew member rendered
        and holds (`held`: ELSEWHERE); and the index of accounts."""
        out: dict[str, str] = {}
        for slug, item in self.project.accounts.items():
            page = paths.account(slug)
            if page in keep or page in held:
                out[page] = KEEP if page in keep else ELSEWHERE
            else:
                calls = self.by_account.get(slug, [])
                out[page] = account_page(slug, item.account, calls, self.newest_first(calls),
                                         self.reps)
        out.update(account_index_pages(self.account_index, self.reps, keep))
        return out

    def rep_stats(self, calls: list[CallEntry]) -> RepStats:
        past = self.past(calls)
        r = rates(c.brief for c in past)
        efforts = [c.brief.effort for c in calls if c.brief.effort is not None]
        scores = [self.score(c) for c in calls]
        return RepStats(r.calls, len(calls) - len(past), r.debriefed, r.outcomes, r.win_rate,
                        statistics.median(efforts) if efforts else None,
                        sum(scores) / len(scores) if scores else None)

    @cached_property
    def closed(self) -> dict[tuple[str, int], Closing]:
        """The next steps a later debrief of the same account names done."""
        return closings(self.project.calls)

    @cached_property
    def overdue_steps(self) -> list[OverdueStep]:
        """Open next steps past their due date, most overdue first."""
        return overdue_steps(self.project.calls, self.today, self.closed)

    @cached_property
    def rep_index(self) -> list[dict[str, object]]:
        """Each rep, in team order, with their figures: the reps index and the archive's."""
        return [{"rep": rep, "stats": self.rep_stats(self.by_rep.get(rep.id, []))}
                for rep in self.project.team.reps]

    def rep_pages(self, keep: Set[str] = frozenset()) -> dict[str, str]:
        out: dict[str, str] = {}
        for rep in self.project.team.reps:
            page = paths.rep(rep.id)
            if page in keep:
                out[page] = KEEP
                continue
            calls = self.by_rep.get(rep.id, [])
            out[page] = render("rep.md.j2", page, paths=paths, rep=rep,
                               stats=self.rep_stats(calls), rows=self.newest_first(calls),
                               week=self.week.of_rep(rep.id), reps=self.reps,
                               warnings=rep_warnings(self.row, self.found, rep.id),
                               overdue=[(o, self.row(o.entry)) for o in self.overdue_steps
                                        if follower(o.step.owner, o.entry, self.reps) == rep.id])
        out[paths.REPS] = KEEP if paths.REPS in keep else render(
            "reps.md.j2", paths.REPS, paths=paths, reps=self.rep_index, team=self.project.team,
            enough=enough)
        return out

    def archive_pages(self, keep: Set[str] = frozenset()) -> dict[str, str]:
        """The debrief archive: its index, and its pages by month and by outcome."""
        return archive_pages_of(self, keep)

    @cached_property
    def objections(self) -> list[ObjectionGroup]:
        """Objections across every call, worked out once: the library and the insights show them."""
        return objection_groups(self.project.calls, self.project.topics)
