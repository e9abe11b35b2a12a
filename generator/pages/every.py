"""Every page of a run, from the project, today and what the warnings found."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass, field
from pathlib import Path

from generator import paths
from generator.analyse.alerts import Alert, alerts
from generator.analyse.review import Review, reviews
from generator.audience import PUBLIC, TEAM
from generator.history import first_commit_dates, last_change_dates
from generator.models.project import Project
from generator.pages.calls import CallPages
from generator.pages.insights import insight_pages
from generator.pages.public import public_pages
from generator.pages.site import Site
from generator.read.handbook import handbook_pages

InsightPages = Callable[[Set[str]], Mapping[str, str]]
"""The insights overview and the warnings page, but those in the set given (KEEP)."""


@dataclass(frozen=True)
class Findings:
    """The git history of the plans (None without one) and the warnings drawn from it: the
    warnings page's key and text both need them."""

    history: Mapping[str, dt.date] | None
    alerts: list[Alert]
    reviews: list[Review] = field(default_factory=list)
    """Hand-written pages and exemplary calls that need a review (from git and content/)."""


def findings(project: Project, today: dt.date, root: Path | None) -> Findings:
    """The plans' history (when `root` is given and under git), the warnings, and the pages
    and exemplary calls due for review."""
    if root is None:
        return Findings(None, alerts(project, today, None))
    history = first_commit_dates(root)
    return Findings(history, alerts(project, today, history), due_for_review(project, today, root))


def due_for_review(project: Project, today: dt.date, root: Path) -> list[Review]:
    """The hand-written pages under root/content and the exemplary calls past their review
    interval, by the last change git knows of (only their files are asked about)."""
    exemplars = {c.id: paths.call(c.account, c.slug) for c in project.calls if c.brief.exemplary}
    changed = last_change_dates(root, "content", *(c.path for c in project.calls
                                                   if c.brief.exemplary))
    return reviews(handbook_pages(root / "content"), project.calls, changed, today,
                   reps={r.id: r for r in project.team.reps}, call_page=exemplars)


def render_all(project: Project, today: dt.date, found: Findings, keep: Set[str] = frozenset(),
               *, calls: CallPages | None = None,
               split: Callable[[InsightPages], InsightPages] | None = None,
               audience: str = TEAM) -> dict[str, str]:
    """Every generated page, path under content/ to text; pages in `keep` come back as KEEP.

    `calls` renders the call pages (in this process by default); `split`, given how the
    insights are made, says how to make them instead (worked out aside, say). A `public`
    audience gets the pages of public.py only: no call, account, rep or warning.
    """
    site = Site(project, today, found.alerts)
    if audience == PUBLIC:
        return public_pages(site, found.history, found.alerts, keep)

    def insights(kept: Set[str]) -> Mapping[str, str]:
        return insight_pages(site, found.history, kept, found.alerts, found.reviews)

    return site.pages(keep, also=split(insights) if split else insights, calls=calls)
