"""The whole project as read: the team, the checklists, every account and every call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from generator.models.account import Account
from generator.models.brief import Brief
from generator.models.call import Call
from generator.models.checklists import Checklists
from generator.models.team import Team
from generator.models.topics import Topics


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


@dataclass(frozen=True)
class Project:
    """Everything under plans/, validated; accounts by slug, calls sorted by date then id."""

    team: Team
    checklists: Checklists
    accounts: dict[str, AccountEntry]
    calls: tuple[CallEntry, ...]
    digests: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Content digest of every source file by display path: what cached pages are keyed on."""
    topics: Topics | None = None
    """The team's objection topics (plans/topics.yaml); None when topics are free text."""
