"""The pipeline: read and check plans/, analyse, render every page, write the changed ones."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Set
from dataclasses import dataclass
from pathlib import Path

from generator import paths
from generator.cache import code_fingerprint, template_cache
from generator.history import first_commit_dates, git_head
from generator.insights import insight_pages
from generator.pages import Site
from generator.project import Project, read_project
from generator.render import use_bytecode_cache
from generator.write import WriteReport, foreign_files, last_run, reusable, write_pages


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

    Call pages whose inputs are unchanged since the last run are kept without rendering them.
    """
    content = root / "content"
    signature = input_signature(root, today)
    last = last_run(content, paths.ROOT)
    if last and last.get("signature") == signature and isinstance(last.get("calls"), int):
        # Nothing under plans/, in the code, in git or in the date moved since a run that
        # finished and whose pages are all there: its output is this run's output.
        pages = int(last.get("pages", 0))  # type: ignore[call-overload]
        report = WriteReport(unchanged=pages, foreign=foreign_files(content, paths.ROOT))
        return Generated(int(last["calls"]), report)  # type: ignore[call-overload]
    project = read_project(root)
    use_bytecode_cache(template_cache())
    keys = call_page_keys(project, today)
    keep = reusable(content, paths.ROOT, keys)
    pages = render_all(project, today, root, keep)
    run = {"signature": signature, "calls": len(project.calls), "pages": len(pages)}
    report = write_pages(content, paths.ROOT, pages, keys, run)
    return Generated(len(project.calls), report)


def input_signature(root: Path, today: dt.date) -> str:
    """A digest of everything a run reads: every name and file's content under plans/, the
    generator's code, today's date and the git commit checked out. Content, not modification
    times: a checkout or a touch that changes nothing must not cost a full run."""
    digest = hashlib.sha256(f"{code_fingerprint()}|{today}|{git_head(root)}".encode())
    plans = root / "plans"
    for folder, dirs, files in os.walk(plans):
        dirs.sort()
        for name in sorted(files + dirs):
            path = Path(folder) / name
            try:
                kind = path.lstat().st_mode
                data = path.read_bytes() if path.is_file() and not path.is_symlink() else b""
            except OSError:
                continue
            digest.update(f"{path.relative_to(plans)}|{kind}|{len(data)}|".encode())
            digest.update(data)
    return digest.hexdigest()
