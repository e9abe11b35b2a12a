"""Every page of a run, from the project, today and what the warnings found."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass
from pathlib import Path

from generator.analyse.alerts import Alert, alerts
from generator.audience import PUBLIC, TEAM
from generator.history import first_commit_dates
from generator.models.project import Project
from generator.pages.calls import CallPages
from generator.pages.insights import insight_pages
from generator.pages.public import public_pages
from generator.pages.site import Site

InsightPages = Callable[[Set[str]], Mapping[str, str]]
"""The insights overview and the warnings page, but those in the set given (KEEP)."""


@dataclass(frozen=True)
class Findings:
    """The git history of the plans (None without one) and the warnings drawn from it: the
    warnings page's key and text both need them."""

    history: Mapping[str, dt.date] | None
    alerts: list[Alert]


def findings(project: Project, today: dt.date, root: Path | None) -> Findings:
    """The plans' history (when `root` is given and under git) and the warnings."""
    history = first_commit_dates(root) if root else None
    return Findings(history, alerts(project, today, history))


def render_all(project: Project, today: dt.date, found: Findings, keep: Set[str] = frozenset(),
               *, calls: CallPages | None = None,
               split: Callable[[InsightPages], InsightPages] | None = None,
               audience: str = TEAM) -> dict[str, str]:
    """Every generated page, path under content/ to text; pages in `keep` come back as KEEP.

    `calls` renders the call pages (in this process by default); `split`, given how the
    insights are made, says how to make them instead (worked out aside, say). A `public`
    audience gets the pages of public.py only: no call, account, rep or warning.
    """
    site = Site(project, today)
    if audience == PUBLIC:
        return public_pages(site, found.history, found.alerts, keep)

    def insights(kept: Set[str]) -> Mapping[str, str]:
        return insight_pages(site, found.history, kept, found.alerts)

    return site.pages(keep, also=split(insights) if split else insights, calls=calls)
