"""A rep's page lists every warning on the rep's calls, and its key moves when one of those
lists does, even where the rep's own files did not change (an account stalls on another rep's
call)."""

from __future__ import annotations

from pathlib import Path

from conftest import write
from insights_fixture import TODAY, call_yaml, make_team

from generator import paths
from generator.fast.keys import page_keys
from generator.pages.every import findings, render_all
from generator.read.project import read_project

LEE = paths.rep("lee-m")


def lee_page_and_key(root: Path, outcome: str) -> tuple[str, str]:
    make_team(root)
    # Dana's call at Birch ends Lee's run of continuations there, or extends it
    write(root, "plans/birch/2026-03-20-follow-up.yaml",
          call_yaml("2026-03-20", "dana-k", "follow-up", outcome=outcome))
    project = read_project(root)
    found = findings(project, TODAY, None)
    page = render_all(project, TODAY, found)[LEE]
    return page, page_keys(project, TODAY, "code", None, ())[LEE]


def test_an_account_stalling_on_another_reps_call_moves_the_reps_page(tmp_path: Path) -> None:
    stalled, stalled_key = lee_page_and_key(tmp_path / "stalled", "continuation")
    moving, moving_key = lee_page_and_key(tmp_path / "moving", "advance")
    assert "{ #stalled }" in stalled
    assert "{ #stalled }" not in moving
    assert stalled_key != moving_key


def test_the_reps_page_lists_each_rule_on_their_calls(tmp_path: Path) -> None:
    page, _ = lee_page_and_key(tmp_path, "advance")
    warnings = page.split("## Warnings { #warnings }")[1].split("## Calls")[0]
    assert "### Debriefs overdue (1) { #no-debrief }" in warnings
    assert "### Plans with no measurable goal (1) { #no-goals }" in warnings
    assert '<a href="../../accounts/birch/">Birch</a>' in warnings
