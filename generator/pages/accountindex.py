"""The index of accounts: one table while the team has few enough for one page; past that, a
row per owner with their counts, each owner's accounts on a page of their own beside the
rep's page, and the accounts without an owner on the index itself."""

from __future__ import annotations

from collections.abc import Mapping, Set
from typing import Any, NamedTuple

from generator import paths
from generator.models.team import Rep
from generator.output.write import KEEP
from generator.pages.render import render

ONE_PAGE = 500
"""Accounts the index lists on one page at most. At 100,000 calls a team of 200 reps had
6,666 accounts: a page of 1.3 MB of Markdown and 1.9 MB of HTML, rendered again by every
build since it is in the nav; a rep wants their own accounts, a manager each rep's count."""


def per_owner(accounts: int) -> bool:
    """Whether an index of this many accounts is a page per owner."""
    return accounts > ONE_PAGE


class Owner(NamedTuple):
    """An owner's row of the index: their page of accounts and its counts."""

    rep: Rep
    page: str
    accounts: int
    calls: int
    next_date: object


def account_index_pages(index: list[dict[str, Any]], reps: Mapping[str, Rep],
                        keep: Set[str] = frozenset()) -> dict[str, str]:
    """The index (`index`: a line of figures per account, by name) and, for a big team, each
    owner's page of accounts; pages in `keep` are KEEP."""
    out: dict[str, str] = {}
    if not per_owner(len(index)):
        out[paths.ACCOUNTS] = KEEP if paths.ACCOUNTS in keep else render(
            "accounts.md.j2", paths.ACCOUNTS, paths=paths, accounts=index)
        return out
    owned: dict[str, list[dict[str, Any]]] = {}
    for line in index:
        if line["owner"]:
            owned.setdefault(str(line["owner"]), []).append(line)
    owners = []
    for rep_id, rep in reps.items():  # the team's order
        if not (mine := owned.get(rep_id)):
            continue
        page = paths.rep_accounts(rep_id)
        coming = [line["next_date"] for line in mine if line["next_date"]]
        owners.append(Owner(rep, page, len(mine), sum(line["calls"] for line in mine),
                            min(coming) if coming else None))
        out[page] = KEEP if page in keep else render(
            "accounts-owner.md.j2", page, paths=paths, rep=rep, accounts=mine)
    out[paths.ACCOUNTS] = KEEP if paths.ACCOUNTS in keep else render(
        "accounts-owners.md.j2", paths.ACCOUNTS, paths=paths, owners=owners, total=len(index),
        unowned=[line for line in index if not line["owner"]])
    return out
