"""Check the files of one account folder against each other, the team and the checklists.

A call's cross-file checks read its account, the team and the checklists, and nothing of any
other folder: a folder can be checked by whichever process read it, once the team and the
checklists are read.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from generator.models import Checklists, Team, Topics
from generator.problems import Problem
from generator.read.closing import check_steps_done, earlier_part
from generator.read.crosscheck import check_account, check_call
from generator.read.discover import CALL_NAME, Found
from generator.read.sources import Source


@dataclass
class FolderCheck:
    """What checking some folders found."""

    problems: list[Problem] = field(default_factory=list)
    contexts: dict[str, str] = field(default_factory=dict)
    """The context each call was checked in (by display path): a digest of the team, the
    checklists, its account and itself. A call passes or fails the same in the same context."""


@dataclass(frozen=True)
class Shared:
    """What every folder is checked against: the team, the checklists, and their digests."""

    team: Team | None
    checklists: Checklists | None
    digests: str
    topics: Topics | None = None
    """The team's objection topics; None when there is no topics.yaml (topics are free)."""


def _unchecked(_display: str, _context: str) -> bool:
    return False


def check_folder(slug: str, found: Found, sources: Mapping[str, Source], shared: Shared,
                 result: FolderCheck, *,
                 passed: Callable[[str, str], bool] = _unchecked) -> None:
    """Check the account and every call of one folder into `result`. `passed(display,
    context)`: whether a call is known to have passed its checks in that context already
    (then it is not checked again)."""
    team, checklists = shared.team, shared.checklists
    account, digest = None, "-"
    if slug in found.accounts and (source := sources.get(found.accounts[slug][1])) is not None:
        account, digest = source.value, source.digest
        result.problems.extend(check_account(source, account, team))
    context = hashlib.sha256(f"{shared.digests}|{digest}".encode()).hexdigest()[:24]
    calls = [(display, call) for _, display in found.calls.get(slug, [])
             if (call := sources.get(display)) is not None]
    closing = any(call.light.closes for _, call in calls)
    unchecked: set[str] = set()
    for path, display in found.calls.get(slug, []):
        if (call := sources.get(display)) is None:
            continue
        # The call's own digest too: an edited call is checked again, whatever else held;
        # and one naming steps done, the earlier calls it names them from.
        checked = f"{context}:{call.digest}"
        if call.light.closes:
            checked += f":{earlier_part(calls, display)}"
        result.contexts[display] = checked
        if passed(display, checked):
            continue
        unchecked.add(display)
        match = CALL_NAME.match(os.path.basename(path))  # noqa: PTH119 - plain strings
        assert match is not None  # discover only lists matching names
        result.problems.extend(check_call(
            call, call.value, file_date=match.group(1), account=account,
            account_missing=slug not in found.accounts, account_slug=slug, team=team,
            checklists=checklists, topics=shared.topics,
        ))
    if closing and unchecked:
        result.problems.extend(check_steps_done(calls, unchecked))
