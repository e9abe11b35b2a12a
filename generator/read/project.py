"""Read a whole plans/ tree into one validated, cross-checked Project, or every problem in it.

How the files are read is a Reader's business: the serial one here parses every file in this
process and checks every folder; the one in fast/ takes unchanged files from a cache and may
share the folders among processes. Both are given the same Files and return the same sources.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Mapping, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from generator.models import Account, Call, Checklists, Team, Topics
from generator.models.project import AccountEntry, CallEntry, Project
from generator.problems import Problem, ProblemError
from generator.read.discover import ACCOUNT, Found, discover, display_base
from generator.read.folders import FolderCheck, Shared, check_folder
from generator.read.sources import Job, Source, parse

DEFAULT_CHECKLISTS = Path(__file__).parent.parent / "defaults" / "checklists.yaml"
SHARED_MODELS = (Team, Checklists, Topics)
"""The models of the files every folder's checks read, parsed before any folder."""


@dataclass(frozen=True)
class Files:
    """What a reader is asked to read: the files found, as jobs, the team and the checklists
    first, then folder by folder."""

    found: Found
    base: str
    """How plans/ itself is shown in display paths."""
    jobs: list[Job]
    slugs: list[str]
    """The account folders, sorted."""
    shared_files: tuple[str, str, str]
    """Display paths of the team ('' when missing), the checklists and the topics ('' when
    missing): every folder reads them."""

    @classmethod
    def of(cls, found: Found, base: str) -> Files:
        checklists = found.checklists or (str(DEFAULT_CHECKLISTS), "(default checklists)")
        jobs: list[Job] = [(*found.team, Team)] if found.team else []
        jobs.append((*checklists, Checklists))
        if found.topics:
            jobs.append((*found.topics, Topics))
        folders: dict[str, list[Job]] = defaultdict(list)
        for slug, (path, display) in found.accounts.items():
            folders[slug].append((path, display, Account))
        for slug, files in found.calls.items():
            folders[slug] += [(path, display, Call) for path, display in files]
        slugs = sorted(folders)
        jobs += [job for slug in slugs for job in folders[slug]]
        return cls(found, base, jobs, slugs, (found.team[1] if found.team else "", checklists[1],
                                              found.topics[1] if found.topics else ""))

    def folder_of(self, display: str) -> str:
        """The account folder of a file's display path."""
        prefix = f"{self.base}/" if self.base else ""
        return display[len(prefix):].split("/", 1)[0]

    def account_of(self, display: str) -> str | None:
        """The account folder a call file's display path lies in; None for any other file."""
        prefix = f"{self.base}/" if self.base else ""
        if not display.startswith(prefix):
            return None
        parts = display[len(prefix):].split("/")
        return parts[0] if len(parts) == 2 and parts[1] != ACCOUNT else None

    def team_and_checklists(self, sources: Mapping[str, Source]) -> tuple[Team | None,
                                                                       Checklists | None]:
        team, checklists, _ = (sources.get(d) for d in self.shared_files)
        return (team.value if team else None), (checklists.value if checklists else None)

    def topics(self, sources: Mapping[str, Source]) -> Topics | None:
        """The team's objection topics; None when plans/ has no topics.yaml (topics are free)."""
        source = sources.get(self.shared_files[2])
        return source.value if source else None

    def shared_of(self, sources: Mapping[str, Source]) -> Shared:
        """What every folder is checked against, from the sources of the shared files."""
        return Shared(*self.team_and_checklists(sources), self.shared(sources),
                      self.topics(sources))

    def shared(self, sources: Mapping[str, Source]) -> str:
        """The team's, the checklists' and the topics' digests: part of every call's checked
        context."""
        return "|".join(sources[d].digest if d in sources else "-" for d in self.shared_files)


class Reader(Protocol):
    """Reads and checks every file of `files`: their sources, by display path, for those that
    validated; every problem appended to `problems`."""

    def read(self, files: Files, problems: list[Problem]) -> dict[str, Source]: ...


class SerialReader:
    """Every file parsed in this process, every folder checked: the plain way."""

    def read(self, files: Files, problems: list[Problem]) -> dict[str, Source]:
        first = sum(1 for _, _, model in files.jobs if model in SHARED_MODELS)
        # The team, the checklists and the topics first: every folder's checks read them.
        sources = parse(files.jobs[:first], problems, None)
        sources.update(parse(files.jobs[first:], problems))
        shared = files.shared_of(sources)
        check = FolderCheck(problems)
        for slug in files.slugs:
            check_folder(slug, files.found, sources, shared, check)
        return sources


def call_entry(account: str, slug: str, source: Source) -> CallEntry:
    """The entry of a call file read into `source`: its brief now, its model when asked."""
    return CallEntry(account, slug, source.path, source.loaded, brief=source.light,
                     load=lambda: source.value)


def read_project(root: Path, plans: Path | None = None, *, accounts: Set[str] | None = None,
                 reader: Reader | None = None,
                 tolerate: list[Problem] | None = None) -> Project:
    """Load and check every file; raise ProblemError with all problems if any file is wrong.

    With `accounts`, only the call files of those accounts are read (and checked); the team,
    the checklists and every account file still are. `reader` reads the files (serially in
    this process by default). With `tolerate`, the problems go there instead, and the project
    holds the files that were read as valid (for a command that only looks things up, such as
    the pre-fill of `playbook new call`); it still raises without a valid team and checklists.
    """
    plans = plans or root / "plans"
    found = discover(plans, root, accounts)
    problems = list(found.problems)
    if found.team is None:
        problems.append(Problem(f"{plans.name}/team.yaml", 1, 1, "",
                                "the team file is missing: list the reps in plans/team.yaml"))
    files = Files.of(found, display_base(plans, root))
    sources = (reader or SerialReader()).read(files, problems)
    team, checklists = files.team_and_checklists(sources)
    if tolerate is not None and team is not None and checklists is not None:
        tolerate += problems
    elif problems or team is None or checklists is None:
        raise ProblemError(problems)

    found_accounts = {slug: AccountEntry(slug, display, sources[display].value)
                      for slug, (_, display) in sorted(found.accounts.items())
                      if display in sources}
    calls = [call_entry(slug, os.path.basename(path).removesuffix(".yaml"),  # noqa: PTH119
                        source)
             for slug, files_ in sorted(found.calls.items()) for path, display in files_
             if (source := sources.get(display)) is not None]
    calls.sort(key=lambda c: (c.brief.date, c.id))
    return Project(team, checklists, found_accounts, tuple(calls),
                   {display: source.digest for display, source in sources.items()},
                   files.topics(sources))
