"""The pages of a public build: the objection library by topic and the team-level insights,
with nothing that names or quotes a customer, plus the checklists and the field reference.

Which field a public page may show, and why, is written down in content/insights/audiences.md;
this module is where that list is kept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Set
from typing import Any

from generator import analyse, paths
from generator.analyse.alerts import Alert
from generator.models.checklists import PRE_SALES
from generator.models.project import CallEntry, Project
from generator.output.write import KEEP
from generator.pages.insights import Insights, band_range, felt_scale, rate_cell, record_cell
from generator.pages.reference import field_sections, vocabulary
from generator.pages.render import OUTCOME_LABELS, render
from generator.pages.site import Site
from generator.vocabulary import OUTCOMES

NO_TOPIC = "Objections with no topic"
"""The one row for objections a rep gave no topic: their only name is the customer's words."""


def topics_named(calls: Iterable[CallEntry]) -> frozenset[str]:
    """Every objection topic the calls name (slugs a rep chose, never a customer's words)."""
    return frozenset(t for c in calls for t, *_ in (*c.brief.objections, *c.brief.raised) if t)


LEFT_OUT = "(a response naming a customer or a figure, left out of this edition)"
_FIGURE = re.compile(r"\d")


def customer_names(project: Project) -> re.Pattern[str] | None:
    """What names a customer: each account's name, and every contact's and attendee's name and
    the parts of it (a response may say "Asked Raj"). None when there is no name at all."""
    people = [p.name for a in project.accounts.values() for p in a.account.contacts]
    people += [p.name for c in project.calls for p in c.call.attendees]
    words = {a.account.name for a in project.accounts.values()} | set(people)
    words |= {part for name in people for part in re.findall(r"\w{3,}", name)}
    words = {w.strip() for w in words if w.strip()}
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def objection_views(site: Site) -> list[dict[str, Any]]:
    """The objection library by topic: counts and our responses, no call and no objection
    as the customer put it. Groups named by their words are counted together, unnamed; a
    response that names a customer or holds a figure (an amount, a date: written for one
    deal) is counted but its words are left out, and planned responses only counted."""
    named = topics_named(site.project.calls)
    names = customer_names(site.project)

    def said(response: str) -> str:
        if _FIGURE.search(response) or (names is not None and names.search(response)):
            return LEFT_OUT
        return response

    views: list[dict[str, Any]] = []
    raised = planned = 0  # of objections with no topic
    for g in site.objections:
        if g.key not in named:
            raised += g.raised
            planned += g.planned
            continue
        best = g.best
        views.append({
            "label": g.label, "covers": g.covers, "raised": g.raised,
            "planned": g.planned,
            "responses": [{"response": said(r.response), "tried": r.tried, "worked": r.worked,
                           "partly": r.partly, "failed": r.failed} for r in g.responses],
            "best": {"response": said(best.response), "worked": best.worked,
                     "tried": best.tried} if best else None,
        })
    if raised or planned:
        views.append({"label": NO_TOPIC, "covers": None, "raised": raised, "planned": planned,
                      "responses": [], "best": None})
    return views


def public_pages(site: Site, first_commits: Mapping[str, dt.date] | None,
                 found: list[Alert], keep: Set[str] = frozenset()) -> dict[str, str]:
    """Every generated page of a public build; those in `keep` are given as KEEP."""
    out: dict[str, str] = {}
    views: list[dict[str, Any]] = []
    if paths.OBJECTIONS in keep:
        out[paths.OBJECTIONS] = KEEP
    else:
        views = objection_views(site)
        out[paths.OBJECTIONS] = render("public-objections.md.j2", paths.OBJECTIONS, groups=views)
    if paths.INSIGHTS in keep:
        out[paths.INSIGHTS] = KEEP
    else:
        views = views if paths.OBJECTIONS not in keep else objection_views(site)
        data = Insights(site, first_commits, found)
        total = data.goal_total
        out[paths.INSIGHTS] = render(
            "public-insights.md.j2", paths.INSIGHTS, data=data, headline=data.headline(),
            charts=data.charts(), readings=data.readings(), rate_cell=rate_cell,
            record_cell=record_cell, band_range=band_range, goal_total=total,
            topics=views, outcomes=[(k, OUTCOME_LABELS[k]) for k in OUTCOMES],
            min_calls=analyse.MIN_CALLS, paths_objections=paths.OBJECTIONS,
            felt_scale=felt_scale())
    for phase in site.project.checklists.phases:
        page = paths.checklist_snippet(phase.id)
        out[page] = render("checklist.md.j2", page, phase=phase, tickable=phase.id in PRE_SALES)
    out[paths.FIELDS] = render("fields.md.j2", paths.FIELDS, sections=field_sections(),
                               **vocabulary(site.project))
    # the home page's snippet, without the week: content/index.md includes it, links from there
    out[paths.WEEK_SNIPPET] = render("week-public.md.j2", "index.md")
    return out
