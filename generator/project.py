"""Read a whole plans/ tree into one validated, cross-checked Project, or every problem in it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from generator.crosscheck import check_account, check_call
from generator.discover import CALL_NAME, discover
from generator.load import Document, load_file
from generator.models import Account, Call, Checklists, Team
from generator.problems import Problem, ProblemError
from generator.validate import validate_document

DEFAULT_CHECKLISTS = Path(__file__).parent / "defaults" / "checklists.yaml"
M = TypeVar("M", bound=BaseModel)


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

    def calls_of(self, account: str) -> list[CallEntry]:
        return [c for c in self.calls if c.account == account]


def _read(path: Path, display: str, model: type[M],
          problems: list[Problem]) -> tuple[Document | None, M | None]:
    doc, found = load_file(path, display)
    problems.extend(found)
    if doc is None:
        return None, None
    value, found = validate_document(doc, model)
    problems.extend(found)
    return doc, value


def read_project(root: Path, plans: Path | None = None) -> Project:
    """Load and check every file; raise ProblemError with all problems if any file is wrong."""
    plans = plans or root / "plans"
    found = discover(plans, root)
    problems = list(found.problems)

    team = None
    if found.team is None:
        problems.append(Problem(f"{plans.name}/team.yaml", 1, 1, "",
                                "the team file is missing: list the reps in plans/team.yaml"))
    else:
        _, team = _read(*found.team, Team, problems)
    checklist_file = found.checklists or (DEFAULT_CHECKLISTS, "(default checklists)")
    _, checklists = _read(*checklist_file, Checklists, problems)

    accounts: dict[str, AccountEntry] = {}
    for slug, (path, display) in sorted(found.accounts.items()):
        doc, account = _read(path, display, Account, problems)
        if doc and account:
            problems.extend(check_account(doc, account, team))
            accounts[slug] = AccountEntry(slug, display, account)

    calls: list[CallEntry] = []
    for slug, files in sorted(found.calls.items()):
        for path, display in files:
            doc, call = _read(path, display, Call, problems)
            if not (doc and call):
                continue
            match = CALL_NAME.match(path.name)
            assert match is not None  # discover only lists matching names
            entry = accounts.get(slug)
            problems.extend(check_call(
                doc, call, file_date=match.group(1), account=entry.account if entry else None,
                account_slug=slug, team=team, checklists=checklists,
            ))
            calls.append(CallEntry(slug, path.stem, display, call))

    if problems or team is None or checklists is None:
        raise ProblemError(problems)
    calls.sort(key=lambda c: (c.call.date, c.id))
    return Project(team, checklists, accounts, tuple(calls))
