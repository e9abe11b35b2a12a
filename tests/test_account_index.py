"""The index of accounts in a team with too many for one page (pages/accountindex.py): a row per
owner with their counts, each owner's accounts on a page of their own, the accounts without an
owner on the index; and a warm run's pages are a cold run's after an owner changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write
from insights_fixture import ACCOUNTS, TODAY, make_team

from generator import paths
from generator.commands.generate import generate
from generator.fast import tuning
from generator.pages import accountindex


def _team(root: Path) -> Path:
    make_team(root)
    write(root, "plans/acme/account.yaml", ACCOUNTS["acme"] + "owner: lee-m\n")
    write(root, "plans/birch/account.yaml", ACCOUNTS["birch"] + "owner: dana-k\n")
    write(root, "plans/cedar/account.yaml", ACCOUNTS["cedar"] + "owner: lee-m\n")
    return root  # dune has no owner


def _pages(root: Path) -> dict[str, str]:
    team = root / "content" / paths.ROOT
    return {p.relative_to(team).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(team.rglob("*.md"))}


def test_a_big_team_has_a_page_of_accounts_per_owner(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accountindex, "ONE_PAGE", 3)  # four accounts: one too many
    generate(_team(tmp_path), TODAY)
    content = tmp_path / "content"
    index = (content / paths.ACCOUNTS).read_text(encoding="utf-8")
    assert "4 accounts: too many for one page" in index
    rows = [line for line in index.splitlines() if line.startswith("| [")]
    assert rows[:2] == [  # the team's order; the next call is the soonest still to come
        "| [Dana Kowalski](../reps/dana-k/accounts.md) | 1 | 4 | – |",
        "| [Lee Morgan](../reps/lee-m/accounts.md) | 2 | 7 | 2026-04-01 |"]
    assert "## Without an owner" in index and "1 account with no owner" in index
    assert rows[2].startswith("| [Dune](dune.md) |")
    lee = (content / paths.rep_accounts("lee-m")).read_text(encoding="utf-8")
    assert ("2 accounts owned by [Lee Morgan](../lee-m.md), of [every account]"
            "(../../accounts/index.md)") in lee
    assert [line.split("]")[0] for line in lee.splitlines() if line.startswith("| [")] == [
        "| [Acme", "| [Cedar"]
    assert not (content / paths.rep_accounts("nobody")).exists()


def test_a_small_team_has_one_index(tmp_path: Path) -> None:
    generate(_team(tmp_path), TODAY)
    index = (tmp_path / "content" / paths.ACCOUNTS).read_text(encoding="utf-8")
    assert "4 accounts. Each page holds" in index and "| Owner |" in index
    assert not (tmp_path / "content" / paths.rep_accounts("lee-m")).exists()


@pytest.mark.parametrize("moved", [
    "name: Cedar\nowner: dana-k\n",  # to another owner
    "name: Cedar\n",  # to none
    "name: Cedar Group\nowner: lee-m\n",  # renamed, the same owner's
    "name: Cedar\nowner: lee-m\nindustry: Forestry\n",  # what a row shows
])
def test_a_warm_run_after_an_account_changes_writes_the_cold_runs_pages(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moved: str) -> None:
    monkeypatch.setattr(accountindex, "ONE_PAGE", 3)
    warm = _team(tmp_path / "warm")
    generate(warm, TODAY)
    write(warm, "plans/cedar/account.yaml", moved)
    generate(warm, TODAY)
    monkeypatch.setenv(tuning.SWITCH, "1")  # the plain run: no cache, every page rendered
    cold = _team(tmp_path / "cold")
    write(cold, "plans/cedar/account.yaml", moved)
    generate(cold, TODAY)
    assert _pages(warm) == _pages(cold)
