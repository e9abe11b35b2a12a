"""A debrief's `felt` (how the call went for the rep, 1 to 5): checked where it is written,
offered in the scaffold, shown on the call's page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import write
from insights_fixture import call_yaml

from generator.commands.scaffold import new_call
from generator.models.project import Project
from generator.pages.calls import CallSetting, call_page
from generator.problems import ProblemError
from generator.read.project import read_project

TODAY = dt.date(2026, 4, 1)


def team(root: Path, calls: list[tuple[int | None, int | None]], rep: str = "dana-k") -> Project:
    """A one-account team with one debriefed call per (effort, felt) pair, a day apart."""
    write(root, "plans/team.yaml",
          "reps:\n  - id: dana-k\n    name: Dana Kowalski\n  - id: lee-m\n    name: Lee Morgan\n")
    write(root, "plans/acme/account.yaml", "name: Acme\n")
    for i, (effort, felt) in enumerate(calls):
        date = (dt.date(2026, 1, 1) + dt.timedelta(days=i)).isoformat()
        text = call_yaml(date, rep, "demo", outcome="advance", met="yes", effort=effort)
        write(root, f"plans/acme/{date}-demo.yaml",
              text + (f"  felt: {felt}\n" if felt is not None else ""))
    return read_project(root)


@pytest.mark.parametrize(("value", "got"), [
    ("0", "0"), ("6", "6"), ("4.5", "4.5"), ("true", "True"), ('"4"', "'4'"),
    ("great", "'great'; write 5 for 'great'"),
])
def test_a_rating_off_the_scale_is_named_where_it_is_written(
        tmp_path: Path, value: str, got: str) -> None:
    write(tmp_path, "plans/team.yaml", "reps:\n  - id: dana-k\n    name: Dana\n")
    write(tmp_path, "plans/acme/account.yaml", "name: Acme\n")
    text = call_yaml("2026-03-02", "dana-k", "demo", outcome="order", goals=False)
    write(tmp_path, "plans/acme/2026-03-02-demo.yaml", text + f"  felt: {value}\n")
    with pytest.raises(ProblemError) as caught:
        read_project(tmp_path)
    [problem] = caught.value.problems
    line = len(text.splitlines()) + 1
    assert str(problem).endswith(
        f"2026-03-02-demo.yaml:{line}:9: debrief.felt: expected a whole number from 1 to 5 "
        f"(1 rough, 2 hard going, 3 mixed, 4 good, 5 great), got {got}")


def test_a_rating_anywhere_else_is_an_unknown_field(tmp_path: Path) -> None:
    write(tmp_path, "plans/team.yaml", "reps:\n  - id: dana-k\n    name: Dana\n")
    write(tmp_path, "plans/acme/account.yaml", "name: Acme\n")
    text = call_yaml("2026-03-02", "dana-k", "demo", goals=False)
    write(tmp_path, "plans/acme/2026-03-02-demo.yaml", text + "  felt: 4\n")  # under plan
    with pytest.raises(ProblemError) as caught:
        read_project(tmp_path)
    [problem] = caught.value.problems
    assert str(problem).endswith(":6:3: plan.felt: unknown field 'felt'")


def test_a_rating_is_optional_and_kept_when_given(tmp_path: Path) -> None:
    project = team(tmp_path, [(30, 1), (30, None), (30, 5)])
    assert [c.brief.felt for c in project.calls] == [1, None, 5]
    assert [c.call.debrief.felt for c in project.calls if c.call.debrief] == [1, None, 5]


def test_the_scaffold_offers_it_in_the_debrief_commented(tmp_path: Path) -> None:
    team(tmp_path, [])
    path = new_call(tmp_path / "plans", "acme", date=dt.date(2026, 3, 2), call_type="demo",
                    rep="dana-k", slug=None, title=None)
    text = path.read_text(encoding="utf-8")
    [line] = [ln for ln in text.splitlines() if "felt:" in ln]
    assert line.startswith("#   felt: 3  # ")
    assert line.endswith("1 rough, 2 hard going, 3 mixed, 4 good, 5 great")


def test_the_call_page_shows_how_it_felt_only_when_rated(tmp_path: Path) -> None:
    project = team(tmp_path, [(30, 2), (30, None)])
    setting = CallSetting.of(project.team, project.checklists, TODAY)
    account = project.accounts["acme"].account
    rated, unrated = (call_page(c, account, setting) for c in project.calls)
    assert "<p><strong>How it felt:</strong> 2 of 5, hard going</p>" in rated.splitlines()
    assert "How it felt" not in unrated


