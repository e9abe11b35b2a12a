"""The pipeline: read and check plans/, analyse, render every page, write the changed ones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator import paths
from generator.history import first_commit_dates
from generator.insights import insight_pages
from generator.pages import Site
from generator.project import Project, read_project
from generator.write import WriteReport, write_pages


@dataclass(frozen=True)
class Generated:
    """A finished generate run: the project it read and what it wrote."""

    project: Project
    report: WriteReport


def render_all(project: Project, today: dt.date, root: Path | None) -> dict[str, str]:
    """Every generated page, path under content/ to text; pure apart from reading git history."""
    site = Site(project, today)
    pages = site.pages()
    pages.update(insight_pages(site, first_commit_dates(root) if root else None))
    return pages


def generate(root: Path, today: dt.date) -> Generated:
    """Validate plans/ (raising ProblemError on any problem), then write content/team/."""
    project = read_project(root)
    pages = render_all(project, today, root)
    report = write_pages(root / "content", paths.ROOT, pages)
    return Generated(project, report)
