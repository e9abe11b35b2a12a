"""The pipeline: read and check plans/, analyse, render every page, write the changed ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Set
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator import paths
from generator.fast.gc import paused_gc, settled
from generator.fast.modelcache import code_fingerprint, template_cache
from generator.fast.uptodate import last_result, scan
from generator.output.existing import Existing
from generator.output.write import WriteReport, foreign_files, reusable, write_pages

if TYPE_CHECKING:
    from generator.analyse.alerts import Alert
    from generator.fast.crew import Helpers
    from generator.read.project import Project

# The stages are imported where they are used: a run that finds nothing changed should not pay
# for loading the models, Jinja and the analysis.
# ruff: noqa: PLC0415


@dataclass(frozen=True)
class Generated:
    """A finished generate run: how many calls it covered and what it wrote."""

    calls: int
    report: WriteReport


def render_all(project: Project, today: dt.date, root: Path | None,
               keep: Set[str] = frozenset(), helpers: Helpers | None = None, *,
               found: Found | None = None) -> dict[str, str]:
    """Every generated page, path under content/ to text; pure apart from reading git history.

    Pages in `keep` come back as KEEP instead of text. With `helpers`, a crew may render the
    call pages (the one that read the project, if it did). `found` is what `warned` found, if
    the run worked it out already.
    """
    from generator.fast.crew import Aside
    from generator.pages.insights import insight_pages
    from generator.pages.site import Site

    found = found or warned(project, today, root)
    site = Site(project, today)

    def insights(kept: Set[str]) -> Mapping[str, str]:
        return insight_pages(site, found.history, kept, found.alerts)

    if not _insights_aside(project, keep, helpers):
        return site.pages(keep, also=insights, helpers=helpers)
    # The overview there, the warnings (a list, no figures) here with the other pages.
    aside = Aside(lambda: insights(keep | {paths.WARNINGS}))

    def both(kept: Set[str]) -> Mapping[str, str]:
        return {**insights(kept | {paths.INSIGHTS}),
                paths.INSIGHTS: aside.result()[paths.INSIGHTS]}

    try:
        return site.pages(keep, also=both, helpers=helpers)
    except BaseException:
        aside.cancel()
        raise


ASIDE_FROM = 2000
"""Calls from which the insights, when they must be rendered again, are worked out in a forked
process while this one renders the other pages: their figures read every call."""


def _insights_aside(project: Project, keep: Set[str], helpers: Helpers | None) -> bool:
    """Whether to work out the insights aside: a big team, their overview to render, no crew
    at work or about to start (one renders the call pages when there are many)."""
    from generator.fast.crewpages import PARALLEL_FROM

    if len(project.calls) < ASIDE_FROM or paths.INSIGHTS in keep \
            or (helpers is not None and helpers.crew is not None):
        return False
    todo = sum(1 for c in project.calls if paths.call(c.account, c.slug) not in keep)
    return todo < PARALLEL_FROM


@dataclass(frozen=True)
class Found:
    """The git history of the plans (None without one) and the warnings drawn from it."""

    history: Mapping[str, dt.date] | None
    alerts: list[Alert]


def warned(project: Project, today: dt.date, root: Path | None) -> Found:
    """The plans' history and the warnings: the warnings page's key and text both need them."""
    from generator.analyse.alerts import alerts
    from generator.history import first_commit_dates

    history = first_commit_dates(root) if root else None
    return Found(history, alerts(project, today, history))


def page_keys(project: Project, today: dt.date, found: Found | None = None) -> dict[str, str]:
    """Input keys of every page that can be kept: all of them but the checklist snippets and
    the field reference, which cost nothing to render."""
    from generator.analyse.alerts import listed
    from generator.fast.keys import page_keys as keys

    found = found or warned(project, today, None)
    return keys(project, today, code_fingerprint(), found.history, listed(found.alerts))


def call_page_keys(project: Project, today: dt.date) -> dict[str, str]:
    """What each call page is made from: its call, its account, the team, the checklists, the
    generator's code, and whether the call is past. Equal keys mean an identical page."""
    return {page: key for page, key in page_keys(project, today).items()
            if page.startswith(f"{paths.ROOT}/calls/")}


def generate(root: Path, today: dt.date, *, content: Path | None = None,
             accounts: Set[str] | None = None, held: list[object] | None = None) -> Generated:
    """Validate plans/ (raising ProblemError on any problem), then write content/team/.

    When nothing it reads changed since the last complete run, nothing is done. Otherwise pages
    whose inputs are unchanged are kept without rendering them.

    `content` is where pages go (root/content by default); `accounts`, when given, limits the
    calls read and rendered to those accounts' (every account file, the team and the checklists
    are still read), and every page then covers only those calls: a preview of some accounts.

    `held`, for a caller that ends the process right after, gets the run's big objects (the
    project, the pages, the keys): freeing them one by one as the run returns would cost it
    more than the pages it wrote when one plan changed.
    """
    content = content or root / "content"
    with paused_gc():  # stats, names and modules: many objects, no cycles among them
        inputs = scan(root, today, accounts)
        existing = Existing(content / paths.ROOT)
        if (last := last_result(content, inputs, existing)) is not None:
            calls, pages_kept = last
            return Generated(calls, WriteReport(unchanged=pages_kept,
                                                foreign=foreign_files(content, paths.ROOT)))
        from generator.fast.crew import helpers
        from generator.fast.crewpages import EarlyPages, HeldPages
        from generator.pages.render import use_bytecode_cache
        from generator.read.project import read_project

    use_bytecode_cache(template_cache())
    with helpers() as crew:
        project = read_project(root, accounts=accounts, helpers=crew,
                               early=EarlyPages(existing, today), stats=inputs.stats())
        with settled():
            run: dict[str, object] = dict(inputs.signatures(project.digests))
            found = warned(project, today, root)
            keys = page_keys(project, today, found)
            keep = reusable(content, paths.ROOT, keys, existing)
            pages = render_all(project, today, root, keep, crew, found=found)
            run.update(calls=len(project.calls), pages=len(pages))
            others = HeldPages(crew.crew) if crew.crew is not None else None
            report = write_pages(content, paths.ROOT, pages, keys, run, others=others,
                                 existing=existing)
    if held is not None:
        held += [project, pages, keys, existing, inputs]
    return Generated(len(project.calls), report)
