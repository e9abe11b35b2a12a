"""Read a whole plans/ tree into one validated, cross-checked Project, or every problem in it."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Set
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from generator.bulk import paused_gc
from generator.cache import ModelCache
from generator.crosscheck import check_account, check_call
from generator.discover import ACCOUNT, CALL_NAME, discover, display_base
from generator.models import Account, Call, Checklists, Team
from generator.models.brief import Brief
from generator.problems import Problem, ProblemError
from generator.readfiles import read_files

DEFAULT_CHECKLISTS = Path(__file__).parent / "defaults" / "checklists.yaml"


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

    __slots__ = ("_call", "_load", "account", "brief", "path", "slug")

    def __init__(self, account: str, slug: str, path: str, call: Call | None = None, *,
                 brief: Brief | None = None, load: Callable[[], Call] | None = None) -> None:
        if call is None and (brief is None or load is None):
            raise TypeError("a call entry needs its call, or its brief and a way to load it")
        self.account = account
        self.slug = slug
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

    @property
    def id(self) -> str:
        return f"{self.account}/{self.slug}"

    def __repr__(self) -> str:
        return f"CallEntry({self.id!r})"


@dataclass(frozen=True)
class Project:
    """Everything under plans/, validated; accounts by slug, calls sorted by date then id."""

    team: Team
    checklists: Checklists
    accounts: dict[str, AccountEntry]
    calls: tuple[CallEntry, ...]
    digests: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Content digest of every source file by display path: what cached pages are keyed on."""


def read_project(root: Path, plans: Path | None = None, *, use_cache: bool = True,
                 accounts: Set[str] | None = None) -> Project:
    """Load and check every file; raise ProblemError with all problems if any file is wrong.

    Unchanged files come from the cache in the user's cache folder unless use_cache is False.
    With `accounts`, only the call files of those accounts are read (and checked); the team,
    the checklists and every account file still are.
    """
    with paused_gc():
        return _read_project(root, plans or root / "plans", use_cache, accounts)


def _read_project(root: Path, plans: Path, use_cache: bool,
                  accounts: Set[str] | None) -> Project:
    found = discover(plans, root, accounts)
    problems = list(found.problems)
    cache = ModelCache(root if use_cache else None)

    jobs: list[tuple[str, str, type[BaseModel]]] = []
    if found.team is None:
        problems.append(Problem(f"{plans.name}/team.yaml", 1, 1, "",
                                "the team file is missing: list the reps in plans/team.yaml"))
    else:
        jobs.append((*found.team, Team))
    checklist_file = found.checklists or (str(DEFAULT_CHECKLISTS), "(default checklists)")
    jobs.append((*checklist_file, Checklists))
    jobs += [(path, display, Account) for _, (path, display) in sorted(found.accounts.items())]
    jobs += [(path, display, Call) for _, files in sorted(found.calls.items())
             for path, display in files]
    sources = read_files(jobs, cache, problems)
    # A run limited to some accounts says nothing about the other accounts' call files.
    base = display_base(plans, root)
    cache.keep_only({display for _, display, _ in jobs}, None if accounts is None else (
        lambda display: _account_of(display, base) in accounts))

    team_source = sources.get(found.team[1]) if found.team else None
    team: Team | None = team_source.value if team_source else None
    checklist_source = sources.get(checklist_file[1])
    checklists: Checklists | None = checklist_source.value if checklist_source else None

    found_accounts: dict[str, AccountEntry] = {}
    for slug, (_, display) in sorted(found.accounts.items()):
        if (source := sources.get(display)) is not None:
            problems.extend(check_account(source, source.value, team))
            found_accounts[slug] = AccountEntry(slug, display, source.value)

    # A call's cross-file checks read its account, the team and the checklists: a call that
    # passed them is not checked again, nor loaded whole, while none of the four changed.
    shared = "|".join(sources[d].digest if d in sources else "-"
                      for d in (found.team[1] if found.team else "", checklist_file[1]))
    contexts: dict[str, str] = {}
    calls: list[CallEntry] = []
    for slug, files in sorted(found.calls.items()):
        entry = found_accounts.get(slug)
        context = hashlib.sha256(
            f"{shared}|{sources[entry.path].digest if entry else '-'}".encode()).hexdigest()[:24]
        for path, display in files:
            if (source := sources.get(display)) is None:
                continue
            name = os.path.basename(path)  # noqa: PTH119 - plain strings, see discover
            match = CALL_NAME.match(name)
            assert match is not None  # discover only lists matching names
            # The call's own digest too: an edited call is checked again, whatever else held.
            contexts[display] = checked = f"{context}:{source.digest}"
            if cache.checked(display) != checked:
                problems.extend(check_call(
                    source, source.value, file_date=match.group(1),
                    account=entry.account if entry else None,
                    account_missing=slug not in found.accounts, account_slug=slug, team=team,
                    checklists=checklists,
                ))
            calls.append(CallEntry(slug, name.removesuffix(".yaml"), display,
                                   source.loaded, brief=source.light,
                                   load=lambda source=source: source.value))  # type: ignore[misc]

    if problems or team is None or checklists is None:
        raise ProblemError(problems)
    cache.set_checked(contexts)
    cache.save()
    calls.sort(key=lambda c: (c.brief.date, c.id))
    return Project(team, checklists, found_accounts, tuple(calls),
                   {display: source.digest for display, source in sources.items()})


def _account_of(display: str, base: str) -> str | None:
    """The account folder a call file's display path lies in; None for any other file."""
    prefix = f"{base}/" if base else ""
    if not display.startswith(prefix):
        return None
    parts = display[len(prefix):].split("/")
    return parts[0] if len(parts) == 2 and parts[1] != ACCOUNT else None
