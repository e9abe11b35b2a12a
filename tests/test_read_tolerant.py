"""A command that only looks things up reads the project as far as it is valid: the problems
are handed back, the files that read as valid are kept, with every shortcut and with none."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CALL_PATH, write

from generator.fast.plan import read_whole
from generator.problems import Problem, ProblemError


def test_problems_are_handed_back_and_the_valid_files_kept(project: Path,
                                                           both_ways: str) -> None:
    write(project, "plans/acme/2026-03-20-demo.yaml", "date: 2026-03-20\nrep: dana-k\n"
                                                       "type: demo\nplan: {}\n")
    write(project, "plans/acme/2026-03-21-demo.yaml", "date: 2026-03-21\nrep: nobody\n"
                                                       "type: demo\nplan: {objective: x}\n")
    with pytest.raises(ProblemError):
        read_whole(project)
    problems: list[Problem] = []
    found = read_whole(project, tolerate=problems)
    assert sorted({p.path for p in problems}) == ["plans/acme/2026-03-20-demo.yaml",
                                                  "plans/acme/2026-03-21-demo.yaml"]
    # The invalid model is left out; a call that fails only a cross-check still reads.
    assert [c.path for c in found.calls] == [CALL_PATH, "plans/acme/2026-03-21-demo.yaml"]
    assert sorted(found.accounts) == ["acme"]


def test_without_a_valid_team_it_still_raises(project: Path) -> None:
    write(project, "plans/team.yaml", "reps: nobody\n")
    with pytest.raises(ProblemError):
        read_whole(project, tolerate=[])
