"""Read a whole plans/ tree into one validated, cross-checked Project, or every problem in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from generator.cache import ModelCache
from generator.crosscheck import check_account, check_call
from generator.discover import CALL_NAME, discover
from generator.models import Account, Call, Checklists, Team
from generator.problems import Problem, ProblemError
from generator.readfiles import read_files

DEFAULT_CHECKLISTS = Path(__file__).parent / "defaults" / "checklists.yaml"


@dataclass(frozen=True)
class AccountEntry:
    """An account and the folder it came from."""

    slug: str
    path: str
    account: Account


@dataclass(frozen=True)
class CallEntry:
    """A call and where it came from: `plans/<account>/<slug>.yaml`."""

    account: str
    slug: str
    path: str
    call: Call

    @property
    def id(self) -> str:
        return f"{self.account}/{self.slug}"


@dataclass(frozen=True)
class Project:
    """Everything under plans/, validated; accounts by slug, calls sorted by date then id."""

    team: Team
    checklists: Checklists
    accounts: dict[str, AccountEntry]
    calls: tuple[CallEntry, ...]
    digests: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Content digest of every source file by display path: what cached pages are keyed on."""


def read_project(root: Path, plans: Path | None = None, *, use_cache: bool = True) -> Project:
    """Load and check every file; raise ProblemError with all problems if any file is wrong.

    Unchanged files come from the cache in .playbook-cache/ unless use_cache is False.
    """
    plans = plans or root / "plans"
    found = discover(plans, root)
    problems = list(found.problems)
    cache = ModelCache(root if use_cache else None)

    jobs: list[tuple[Path, str, type[BaseModel]]] = []
    if found.team is None:
        problems.append(Problem(f"{plans.name}/team.yaml", 1, 1, "",
                                "the team file is missing: list the reps in plans/team.yaml"))
    else:
        jobs.append((*found.team, Team))
    checklist_file = found.checklists or (DEFAULT_CHECKLISTS, "(default checklists)")
    jobs.append((*checklist_file, Checklists))
    jobs += [(path, display, Account) for _, (path, display) in sorted(found.accounts.items())]
    jobs += [(path, display, Call) for _, files in sorted(found.calls.items())
             for path, display in files]
    sources = read_files(jobs, cache, problems)
    cache.keep_only({display for _, display, _ in jobs})

    team_source = sources.get(found.team[1]) if found.team else None
    team: Team | None = team_source.value if team_source else None
    checklist_source = sources.get(checklist_file[1])
    checklists: Checklists | None = checklist_source.value if checklist_source else None

    accounts: dict[str, AccountEntry] = {}
    for slug, (_, display) in sorted(found.accounts.items()):
        if (source := sources.get(display)) is not None:
            problems.extend(check_account(source, source.value, team))
            accounts[slug] = AccountEntry(slug, display, source.value)

    calls: list[CallEntry] = []
    for slug, files in sorted(found.calls.items()):
        for path, display in files:
            if (source := sources.get(display)) is None:
                continue
            match = CALL_NAME.match(path.name)
            assert match is not None  # discover only lists matching names
            entry = accounts.get(slug)
            problems.extend(check_call(
                source, source.value, file_date=match.group(1),
                account=entry.account if entry else None,
                account_missing=slug not in found.accounts, account_slug=slug, team=team,
                checklists=checklists,
            ))
            calls.append(CallEntry(slug, path.stem, display, source.value))

    if problems or team is None or checklists is None:
        raise ProblemError(problems)
    cache.save()
    calls.sort(key=lambda c: (c.call.date, c.id))
    return Project(team, checklists, accounts, tuple(calls),
                   {display: source.digest for display, source in sources.items()})
