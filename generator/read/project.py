"""Read a whole plans/ tree into one validated, cross-checked Project, or every problem in it."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass, field
from pathlib import Path

from generator.fast import crew
from generator.fast.gc import paused_gc
from generator.fast.modelcache import ModelCache
from generator.models import Account, Call, Checklists, Team
from generator.models.brief import Brief
from generator.problems import Problem, ProblemError
from generator.read import folders as folders_module
from generator.read.discover import ACCOUNT, Found, discover, display_base
from generator.read.sources import Job, Source, lookup, parse

DEFAULT_CHECKLISTS = Path(__file__).parent.parent / "defaults" / "checklists.yaml"


@dataclass(frozen=True)
class AccountEntry:
    """An account and the folder it came from."""

    slug: str
    path: str
    account: Account


class CallEntry:
    """A call and where it came from: `plans/<account>/<slug>.yaml`.

    Its brief is always at hand; the whole call, which only its own page needs, is loaded
    when first asked for (from the cache, when the file is unchanged).
    """

    __slots__ = ("_call", "_load", "account", "brief", "id", "path", "slug")

    def __init__(self, account: str, slug: str, path: str, call: Call | None = None, *,
                 brief: Brief | None = None, load: Callable[[], Call] | None = None) -> None:
        if call is None and (brief is None or load is None):
            raise TypeError("a call entry needs its call, or its brief and a way to load it")
        self.account = account
        self.slug = slug
        self.id = f"{account}/{slug}"
        self.path = path
        self._call = call
        self._load = load
        self.brief: Brief = brief if brief is not None else Brief.of(call)  # type: ignore[arg-type]

    @property
    def call(self) -> Call:
        if self._call is None:
            assert self._load is not None
            self._call = self._load()
        return self._call

    def __repr__(self) -> str:
        return f"CallEntry({self.id!r})"

    @classmethod
    def of(cls, account: str, slug: str, source: Source) -> CallEntry:
        """The entry of a call file read into `source`: its brief now, its model when asked."""
        return cls(account, slug, source.path, source.loaded, brief=source.light,
                   load=lambda: source.value)


@dataclass(frozen=True)
class Project:
    """Everything under plans/, validated; accounts by slug, calls sorted by date then id."""

    team: Team
    checklists: Checklists
    accounts: dict[str, AccountEntry]
    calls: tuple[CallEntry, ...]
    digests: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Content digest of every source file by display path: what cached pages are keyed on."""


PARALLEL_FROM = 400  # files to parse before a crew of processes pays for its start-up


def read_project(root: Path, plans: Path | None = None, *, use_cache: bool = True,
                 accounts: Set[str] | None = None, helpers: crew.Helpers | None = None,
                 early: Callable[[str, Mapping[str, Source]], list[str]] | None = None,
                 stats: Mapping[str, os.stat_result] | None = None) -> Project:
    """Load and check every file; raise ProblemError with all problems if any file is wrong.

    Unchanged files come from the cache in the user's cache folder unless use_cache is False.
    With `accounts`, only the call files of those accounts are read (and checked); the team,
    the checklists and every account file still are. When many files need parsing, a crew of
    processes shares them by account folder: `helpers` keeps it for later stages (each
    member then holds the whole models of its folders, and the pages `early` renders from
    them as each folder is read); without it, the crew ends here. `stats` are the lstats of
    files under plans/ by display path, if the run took them already.
    """
    with paused_gc():
        if helpers is not None:
            return _read_project(root, plans or root / "plans", use_cache, accounts, helpers,
                                 early=early, stats=stats)
        with crew.helpers() as own:
            return _read_project(root, plans or root / "plans", use_cache, accounts, own,
                                 stats=stats)


def _read_project(root: Path, plans: Path, use_cache: bool, accounts: Set[str] | None,
                  helpers: crew.Helpers, *,
                  early: Callable[[str, Mapping[str, Source]], list[str]] | None = None,
                  stats: Mapping[str, os.stat_result] | None = None) -> Project:
    found = discover(plans, root, accounts)
    problems = list(found.problems)
    cache = ModelCache(root if use_cache else None)

    if found.team is None:
        problems.append(Problem(f"{plans.name}/team.yaml", 1, 1, "",
                                "the team file is missing: list the reps in plans/team.yaml"))
    checklist_file = found.checklists or (str(DEFAULT_CHECKLISTS), "(default checklists)")
    jobs, slugs = _jobs(found, checklist_file)
    sources, todo, taken = lookup(jobs, cache, stats)
    # A run limited to some accounts says nothing about the other accounts' call files.
    base = display_base(plans, root)
    cache.keep_only({display for _, display, _ in jobs}, None if accounts is None else (
        lambda display: _account_of(display, base) in accounts))
    # The team and the checklists first: every folder's checks read them.
    sources.update(parse([j for j in todo if j[2] in {Team, Checklists}], taken, cache,
                         problems, None))
    team_source = sources.get(found.team[1]) if found.team else None
    team: Team | None = team_source.value if team_source else None
    checklist_source = sources.get(checklist_file[1])
    checklists: Checklists | None = checklist_source.value if checklist_source else None

    waiting: dict[str, list[Job]] = defaultdict(list)
    for job in todo:
        if job[2] not in {Team, Checklists}:
            waiting[_folder_of(job[1], base)].append(job)
    shared_files = (found.team[1] if found.team else "", checklist_file[1])
    shared = "|".join(sources[d].digest if d in sources else "-" for d in shared_files)
    many = sum(map(len, waiting.values())) >= PARALLEL_FROM
    # Members see what this process holds when they are forked: a crew started earlier would
    # not know the setting below.
    count = crew.size() if many and helpers.crew is None and crew.can_fork() else 1
    # Shares by the files to parse, a fair part each: nothing else is under way meanwhile.
    shares = crew.split([(s, len(waiting.get(s, ())) + 1) for s in slugs], count)
    theirs = set().union(*(folders_module.shards(share, base) for share in shares[1:]))

    first = os.getpid()

    def to_save(mine: list[str]) -> set[str]:
        # The first member saves every shard but the others' (the team's folder, folders
        # that are gone); the index comes last, below.
        if os.getpid() == first:
            return cache.changed_shards() - theirs
        return folders_module.shards(mine, base)

    crew.held[folders_module.SETTING] = folders_module.Setting(
        cache, found, team, checklists, shared, sources, dict(waiting), taken, base,
        shared_files, early if count > 1 else None, to_save if count > 1 else None)
    if count > 1:
        reads = helpers.start(shares).each(folders_module.read_folders, shares)
    else:
        reads = [folders_module.read_folders(slugs)]
    contexts = _gather(reads, jobs, cache, sources, problems)
    helpers.rendered.update(page for read in reads for page in read.rendered)

    found_accounts = {slug: AccountEntry(slug, display, sources[display].value)
                      for slug, (_, display) in sorted(found.accounts.items())
                      if display in sources}
    calls = [CallEntry.of(slug, os.path.basename(path).removesuffix(".yaml"),  # noqa: PTH119
                          source)
             for slug, files in sorted(found.calls.items()) for path, display in files
             if (source := sources.get(display)) is not None]

    if problems or team is None or checklists is None:
        raise ProblemError(problems)
    cache.set_checked(contexts)
    # With a crew, every member saved its shards already: only the index is left to save.
    cache.save(set() if count > 1 else None)
    calls.sort(key=lambda c: (c.brief.date, c.id))
    return Project(team, checklists, found_accounts, tuple(calls),
                   {display: source.digest for display, source in sources.items()})


def _jobs(found: Found, checklists: tuple[str, str]) -> tuple[list[Job], list[str]]:
    """Every file to read, the team and the checklists first, then folder by folder; and the
    account folders."""
    jobs: list[Job] = [(*found.team, Team)] if found.team else []
    jobs.append((*checklists, Checklists))
    folders: dict[str, list[Job]] = defaultdict(list)
    for slug, (path, display) in found.accounts.items():
        folders[slug].append((path, display, Account))
    for slug, files in found.calls.items():
        folders[slug] += [(path, display, Call) for path, display in files]
    slugs = sorted(folders)
    return jobs + [job for slug in slugs for job in folders[slug]], slugs


def _gather(reads: list[folders_module.Read], jobs: list[Job], cache: ModelCache,
            sources: dict[str, Source], problems: list[Problem]) -> dict[str, str]:
    """Take in what each member read: its problems, and the light values of what it parsed
    (the first member's sources are this process's own, whole models and all). Returns the
    contexts every call is checked in."""
    contexts: dict[str, str] = {}
    file_of = {display: file for file, display, _ in jobs}
    for i, read in enumerate(reads):
        problems.extend(read.problems)
        contexts.update(read.contexts)
        for display, (entry, light) in read.parsed.items() if i else ():
            cache.note(display, entry, light)
            # Only a call's light value is a brief; any other file's is its model.
            whole = None if isinstance(light, Brief) else light
            sources[display] = Source(file_of[display], display, entry.digest, light, whole,
                                      cache)
    sources.update(crew.held.get(folders_module.SOURCES, {}))
    return contexts


def _folder_of(display: str, base: str) -> str:
    """The account folder of a file's display path."""
    prefix = f"{base}/" if base else ""
    return display[len(prefix):].split("/", 1)[0]


def _account_of(display: str, base: str) -> str | None:
    """The account folder a call file's display path lies in; None for any other file."""
    prefix = f"{base}/" if base else ""
    if not display.startswith(prefix):
        return None
    parts = display[len(prefix):].split("/")
    return parts[0] if len(parts) == 2 and parts[1] != ACCOUNT else None
