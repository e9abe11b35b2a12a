"""The Insights section's pages: figures from the analysis, rendered with their numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from generator import paths
from generator.alerts import alerts
from generator.pages import Site
from generator.render import render


def insight_pages(site: Site, first_commits: Mapping[str, dt.date] | None) -> dict[str, str]:
    """The insights overview and the warnings page."""
    found = alerts(site.project, site.today, first_commits)
    views = [{"title": a.title, "advice": a.advice, "rule": a.rule,
              "rows": site.newest_first(list(a.calls))} for a in found]
    return {
        paths.INSIGHTS: render("insights.md.j2", paths.INSIGHTS, paths=paths, site=site,
                               alerts=views),
        paths.WARNINGS: render("warnings.md.j2", paths.WARNINGS, paths=paths, alerts=views,
                               today=site.today, history=first_commits is not None),
    }
