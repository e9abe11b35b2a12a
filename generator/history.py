"""What git knows of the plans and pages: when each file first entered it, when it last
changed, which files are not committed yet, and the commit checked out. The only place the
generator asks git anything.

A commit that adds more than IMPORT_SIZE call files at once is an import of existing records
(a team moving its archive in), not a rep committing a plan, so its files get no date.

Git's output is input like any other: a commit can carry any date (year 10000 included) and
history cannot be fixed without rewriting it, so a commit whose date is not a calendar day
Python knows gives its files no date either, and is named in a warning on the `playbook` logger.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import shutil
import subprocess
from pathlib import Path

IMPORT_SIZE = 5
log = logging.getLogger("playbook")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day(text: str) -> dt.date | None:
    """A commit's YYYY-MM-DD date, or None when git gave something else."""
    if not _DAY.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _log(root: Path, *args: str) -> str | None:
    """`git log` of root's repository, each commit as \\x01, its hash and day, then the files it
    names relative to root; None without git, outside a repository or in a shallow clone (whose
    oldest commit holds every file, so dates from it would be false)."""
    git = shutil.which("git")
    if git is None:
        return None
    try:  # outside a repository git fails here; root may be any folder inside one
        shallow = subprocess.run(
            [git, "-C", str(root), "rev-parse", "--is-shallow-repository"],
            capture_output=True, text=True, check=True, timeout=60,
        ).stdout.strip()
        if shallow == "true":
            return None
        return subprocess.run(
            [git, "-C", str(root), "log", "--format=%x01%H %as", "--name-only", "--relative",
             "--no-renames", *args],
            capture_output=True, encoding="utf-8", errors="replace", check=True, timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def first_commit_dates(root: Path, folder: str = "plans") -> dict[str, dt.date] | None:
    """Path (relative to root) to the date of the commit that added it; None without git history."""
    out = _log(root, "--diff-filter=A", "--reverse", "--", folder)
    if out is None:
        return None
    dates: dict[str, dt.date] = {}
    for commit in out.split("\x01")[1:]:
        lines = [line for line in commit.splitlines() if line]
        if not lines:
            continue
        sha, _, stamp = lines[0].partition(" ")
        day, files = _day(stamp), lines[1:]
        if day is None:
            log.warning("git history: commit %s is dated %r, which is not a calendar date from "
                        "year 1 to 9999; the files it added get no first-commit date",
                        sha[:12], stamp[:40])
            continue
        calls = [f for f in files if not f.endswith(("/account.yaml", "team.yaml",
                                                     "checklists.yaml"))]
        if len(calls) > IMPORT_SIZE:
            continue
        for name in calls:
            dates.setdefault(name, day)  # oldest first: the first add wins
    return dates


def last_change_dates(root: Path, *folders: str) -> dict[str, dt.date] | None:
    """Path (relative to root) to the date of the newest commit that changed it, for every file
    under `folders`; None without git history. A commit git dates outside years 1 to 9999
    counts as no change (it is named in a warning, as for first_commit_dates)."""
    out = _log(root, "--", *folders)
    if out is None:
        return None
    dates: dict[str, dt.date] = {}
    for commit in out.split("\x01")[1:]:  # newest first
        lines = [line for line in commit.splitlines() if line]
        if not lines:
            continue
        sha, _, stamp = lines[0].partition(" ")
        if (day := _day(stamp)) is None:
            log.warning("git history: commit %s is dated %r, which is not a calendar date from "
                        "year 1 to 9999; the files it changed get no date from it",
                        sha[:12], stamp[:40])
            continue
        for name in lines[1:]:
            dates.setdefault(name, day)  # newest first: the last change wins
    return dates


def git_head(root: Path) -> str:
    """The commit checked out in root, or '' without git: history-based warnings depend on it."""
    git = shutil.which("git")
    if git is None:
        return ""
    try:  # fails outside a repository and before its first commit
        return subprocess.run([git, "-C", str(root), "rev-parse", "--verify", "-q", "HEAD"],
                              capture_output=True, text=True, check=True, timeout=60,
                              ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def uncommitted(root: Path, folder: str = "plans") -> list[str]:
    """Files under folder (relative to root) that differ from the last commit or are new and
    not ignored; empty without git. Works when root is a folder inside a repository too."""
    git = shutil.which("git")
    if git is None:
        return []
    found: list[str] = []
    # Both list paths relative to root (the working folder), not to the repository's top.
    for command in (["diff", "--name-only", "--relative", "-z", "HEAD", "--", folder],
                    ["ls-files", "--others", "--exclude-standard", "-z", "--", folder]):
        try:
            result = subprocess.run([git, *command], cwd=root, capture_output=True, check=True,
                                    timeout=60)
        except (OSError, subprocess.SubprocessError):
            continue  # not a repository, or no commit yet
        found += [name for name in result.stdout.decode("utf-8", "replace").split("\0") if name]
    return found
