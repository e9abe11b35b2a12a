"""The pipeline: read and check plans/, analyse, render every page, write the changed ones."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Set
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator import paths
from generator.cache import code_fingerprint, template_cache
from generator.uptodate import last_result, signatures
from generator.write import WriteReport, foreign_files, reusable, write_pages

if TYPE_CHECKING:
    from generator.project import Project

# The stages are imported where they are used: a run that finds nothing changed should not pay
# for loading the models, Jinja and the analysis.
# ruff: noqa: PLC0415


@dataclass(frozen=True)
class Generated:
    """A finished generate run: how many calls it covered and what it wrote."""

    calls: int
    report: WriteReport


def render_all(project: Project, today: dt.date, root: Path | None,
               keep: Set[str] = frozenset()) -> dict[str, str]:
    """Every generated page, path under content/ to text; pure apart from reading git history.

    Call pages in `keep` come back as KEEP instead of text.
    """
    from generator.history import first_commit_dates
    from generator.insights import insight_pages
    from generator.pages import Site

    site = Site(project, today)
    pages = site.pages(keep)
    pages.update(insight_pages(site, first_commit_dates(root) if root else None))
    return pages


def call_page_keys(project: Project, today: dt.date) -> dict[str, str]:
    """What each call page is made from: its call, its account, the team, the checklists, the
    generator's code, and whether the call is past. Equal keys mean an identical page."""
    calls = {c.path for c in project.calls}
    accounts = {a.slug: a.path for a in project.accounts.values()}
    shared = "|".join([code_fingerprint(), *sorted(
        d for p, d in project.digests.items() if p not in calls and p not in accounts.values())])
    digests = project.digests
    return {
        paths.call(c.account, c.slug): hashlib.sha256(
            f"{shared}|{digests[accounts[c.account]]}|{digests[c.path]}|"
            f"{c.call.date < today}".encode()).hexdigest()[:24]
        for c in project.calls
    }


def generate(root: Path, today: dt.date) -> Generated:
    """Validate plans/ (raising ProblemError on any problem), then write content/team/.

    When nothing it reads changed since the last complete run, nothing is done. Otherwise call
    pages whose inputs are unchanged are kept without rendering them.
    """
    content = root / "content"
    if (last := last_result(root, today)) is not None:
        calls, pages_kept = last
        return Generated(calls, WriteReport(unchanged=pages_kept,
                                            foreign=foreign_files(content, paths.ROOT)))
    from generator.project import read_project
    from generator.render import use_bytecode_cache

    run: dict[str, object] = dict(signatures(root, today))
    project = read_project(root)
    use_bytecode_cache(template_cache())
    keys = call_page_keys(project, today)
    keep = reusable(content, paths.ROOT, keys)
    pages = render_all(project, today, root, keep)
    run.update(calls=len(project.calls), pages=len(pages))
    report = write_pages(content, paths.ROOT, pages, keys, run)
    return Generated(len(project.calls), report)
