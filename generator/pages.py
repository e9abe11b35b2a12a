"""Decide every generated page and render it: page path under content/ to Markdown text."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass
from functools import cached_property

from generator import crew, paths
from generator.analyse import ObjectionGroup, completeness, objection_groups, rates
from generator.callpages import CallRow, Setting, account_page, call_page, call_row
from generator.crewpages import render_calls
from generator.project import CallEntry, Project
from generator.reference import field_sections
from generator.render import OUTCOME_LABELS, render
from generator.vocabulary import OUTCOMES
from generator.write import ELSEWHERE, KEEP


@dataclass(frozen=True)
class RepStats:
    calls: int
    debriefed: int
    outcomes: dict[str, int]
    win_rate: float | None
    median_effort: float | None
    mean_completeness: float | None


class Site:
    """All pages of one project; build once, then ask for pages()."""

    def __init__(self, project: Project, today: dt.date) -> None:
        self.project = project
        self.today = today
        self.ids = project.checklists.pre_sales_ids()
        self.scores = {c.id: completeness(c.brief, self.ids) for c in project.calls}
        self.reps = {r.id: r for r in project.team.reps}
        self.rows = {c.id: self._row(c) for c in project.calls}

    def _row(self, entry: CallEntry) -> CallRow:
        return call_row(entry, self.project.accounts[entry.account].account.name, self.reps)

    def newest_first(self, entries: list[CallEntry]) -> list[CallRow]:
        return [self.rows[e.id] for e in reversed(entries)]

    def pages(self, keep: Set[str] = frozenset(),
              also: Callable[[], Mapping[str, str]] | None = None,
              helpers: crew.Helpers | None = None) -> dict[str, str]:
        """Every page, and those `also` makes; call, account, rep, month and outcome pages named
        in `keep` are not rendered but given as KEEP (the indexes and their figures always are).
        With `helpers`, a crew may render the call pages.
        """
        out: dict[str, str] = {}
        todo = []
        for entry in self.project.calls:
            page = paths.call(entry.account, entry.slug)
            if page in keep:
                out[page] = KEEP
            else:
                todo.append(entry)

        def the_rest() -> None:  # while a crew's other members render call pages
            out.update(self.account_pages(keep, helpers.rendered if helpers else frozenset()))
            out.update(self.rep_pages(keep))
            out.update(self.archive_pages(keep))
            out[paths.OBJECTIONS] = render("objections.md.j2", paths.OBJECTIONS, paths=paths,
                                           groups=self.objection_views())
            exemplars = [e for e in self.project.calls if e.brief.exemplary]
            out[paths.EXEMPLARS] = render("exemplars.md.j2", paths.EXEMPLARS, paths=paths,
                                          rows=self.newest_first(exemplars))
            for phase in self.project.checklists.phases:
                page = paths.checklist_snippet(phase.id)
                out[page] = render("checklist.md.j2", page, phase=phase)
            out[paths.FIELDS] = render("fields.md.j2", paths.FIELDS, sections=field_sections())
            if also is not None:
                out.update(also())

        out.update(render_calls(self.project, self.today, todo, helpers, meanwhile=the_rest))
        return out

    def call_page(self, entry: CallEntry, page: str) -> str:
        """One call's page (`page` is its path, as paths.call gives it)."""
        assert page == paths.call(entry.account, entry.slug)
        return call_page(entry, self.project.accounts[entry.account].account,
                         Setting.of(self.project.team, self.project.checklists, self.today))

    def _by(self, key: str) -> dict[str, list[CallEntry]]:
        groups: dict[str, list[CallEntry]] = defaultdict(list)
        for entry in self.project.calls:
            groups[entry.account if key == "account" else entry.brief.rep].append(entry)
        return groups

    def account_pages(self, keep: Set[str] = frozenset(),
                      held: Set[str] = frozenset()) -> dict[str, str]:
        """Every account's page, but those in `keep` (KEEP) and those a crew member rendered
        and holds (`held`: ELSEWHERE); and the index of accounts."""
        out: dict[str, str] = {}
        by_account = self._by("account")
        index = []
        for slug, item in self.project.accounts.items():
            calls = by_account.get(slug, [])
            account = item.account
            owner = self.reps.get(account.owner) if account.owner else None
            page = paths.account(slug)
            if page in keep or page in held:
                out[page] = KEEP if page in keep else ELSEWHERE
            else:
                out[page] = account_page(slug, account, calls, self.newest_first(calls),
                                         self.reps)
            last = calls[-1].brief if calls else None
            index.append({
                "name": account.name, "page": page, "industry": account.industry,
                "segment": account.segment, "stage": account.stage,
                "owner_name": owner.name if owner else None, "calls": len(calls),
                "debriefed": sum(1 for c in calls if c.brief.debriefed),
                "last_date": last.date if last else None,
                "last_outcome": last.outcome if last else None,
            })
        self.account_index = sorted(index, key=lambda a: str(a["name"]).lower())
        out[paths.ACCOUNTS] = render("accounts.md.j2", paths.ACCOUNTS, paths=paths,
                                     accounts=self.account_index)
        return out

    def rep_stats(self, calls: list[CallEntry]) -> RepStats:
        r = rates(c.brief for c in calls)
        efforts = [c.brief.effort for c in calls if c.brief.effort is not None]
        scores = [self.scores[c.id] for c in calls]
        return RepStats(r.calls, r.debriefed, r.outcomes, r.win_rate,
                        statistics.median(efforts) if efforts else None,
                        sum(scores) / len(scores) if scores else None)

    def rep_pages(self, keep: Set[str] = frozenset()) -> dict[str, str]:
        out = {}
        by_rep = self._by("rep")
        self.rep_index = []
        for rep in self.project.team.reps:
            calls = by_rep.get(rep.id, [])
            stats = self.rep_stats(calls)
            page = paths.rep(rep.id)
            out[page] = KEEP if page in keep else render(
                "rep.md.j2", page, paths=paths, rep=rep, stats=stats,
                rows=self.newest_first(calls))
            self.rep_index.append({"rep": rep, "stats": stats})
        out[paths.REPS] = render("reps.md.j2", paths.REPS, paths=paths, reps=self.rep_index,
                                 team=self.project.team)
        return out

    def archive_pages(self, keep: Set[str] = frozenset()) -> dict[str, str]:
        out = {}
        debriefed = [e for e in self.project.calls if e.brief.debriefed]
        months: dict[str, list[CallEntry]] = defaultdict(list)
        outcomes: dict[str, list[CallEntry]] = {o: [] for o in OUTCOMES}
        for entry in debriefed:
            months[entry.brief.date.isoformat()[:7]].append(entry)
            outcomes[entry.brief.outcome].append(entry)  # type: ignore[index]
        month_views = []
        for key in sorted(months, reverse=True):
            label = dt.date.fromisoformat(f"{key}-01").strftime("%B %Y")
            rows = self.newest_first(months[key])
            page = paths.month(key)
            out[page] = KEEP if page in keep else render(
                "archive-list.md.j2", page, paths=paths, heading=f"Debriefs of {label}",
                rows=rows)
            month_views.append({"key": key, "label": label, "rows": rows,
                                "outcomes": rates(e.brief for e in months[key]).outcomes})
        outcome_views = []
        for key, entries in outcomes.items():
            rows = self.newest_first(entries)
            page = paths.outcome(key)
            out[page] = KEEP if page in keep else render(
                "archive-list.md.j2", page, paths=paths,
                heading=f"Outcome: {OUTCOME_LABELS[key]}", rows=rows)
            outcome_views.append({"key": key, "label": OUTCOME_LABELS[key], "rows": rows})
        out[paths.ARCHIVE] = render(
            "archive.md.j2", paths.ARCHIVE, paths=paths, debriefed=len(debriefed),
            total=len(self.project.calls), months=month_views, outcomes=outcome_views,
            accounts=self.account_index, reps=self.rep_index,
        )
        return out

    @cached_property
    def objections(self) -> list[ObjectionGroup]:
        """Objections across every call, worked out once: the library and the insights show them."""
        return objection_groups(self.project.calls)

    def objection_views(self) -> list[dict[str, object]]:
        views = []
        for g in self.objections:
            best = g.best
            views.append({
                "label": g.label, "raised": g.raised, "planned": g.planned,
                "responses": g.responses, "planned_responses": g.planned_responses,
                "best": {"response": best.response, "worked": best.worked,
                         "tried": best.tried} if best else None,
                "calls": [self.rows[c.id] for c in g.calls],
            })
        return views
