"""`playbook report` through the real entry point, on the fixture team, figures worked by hand."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import write
from insights_fixture import TODAY, make_history, make_team

from generator.cli import cli


def report(root: Path, width: int = 200) -> Result:
    return CliRunner().invoke(cli, ["--root", str(root), "--today", TODAY.isoformat(), "report"],
                              prog_name="playbook", env={"COLUMNS": str(width)})


def cells(output: str) -> list[str]:
    """Each printed line with its columns joined by ' | ', so the test does not count spaces."""
    return [" | ".join(re.split(r"\s{2,}", line.strip())) for line in output.splitlines()]


def test_report_prints_the_headline_worked_out_by_hand(tmp_path: Path) -> None:
    result = report(make_team(tmp_path))
    assert result.exit_code == 0, result.output
    lines = cells(result.stdout)
    # 17 calls: acme 2, birch 4, cedar 5, dune 6; debriefed 2 + 3 + 3 + 6 = 14
    # order or advance: acme 2, cedar 1, dune 6 = 9 of 14; objective met: 9 yes of 13 judged
    # past (before 2026-04-01): 15 calls, 14 of them debriefed, every debrief on the day;
    # the outcome figures count those 15 only
    for row in [
        "Insights on 2026-04-01",
        "Calls held | 15 | 14 with a debrief; 2 more still to come",
        "Order or advance | 64% | 9 of 14 debriefed calls",
        "Order | 7% | 1 of 14 debriefed calls",
        "Advance | 57% | 8 of 14 debriefed calls",
        "Continuation | 36% | 5 of 14 debriefed calls",
        "No sale | 0% | 0 of 14 debriefed calls",
        "Objective fully met | 69% | 9 of 13 debriefs that judged it",
        "Debrief coverage | 93% | 14 of 15 past calls",
        "Median debrief latency | 0 days | 14 dated debriefs; 14 within a day; longest 0 days",
    ]:
        assert row in lines


def test_report_prints_bands_with_counts_and_says_when_too_few(tmp_path: Path) -> None:
    lines = cells(report(make_team(tmp_path)).stdout)
    # every plan scores 5 (1 of 11 fields, no checklist) or 0: all thin
    assert "thin | 0–39 | 14 | 9 | 64%" in lines
    assert "partial | 40–69 | 0 | 0 | no debriefed calls" in lines
    assert ("This rests on 14 debriefed calls: too few to say anything yet. A comparison needs "
            "at least two bands with 5 or more debriefed calls each; only thin plans reach "
            "that.") in lines
    # effort 20 (continuation), 30 and 45 (continuation, advance), 60 and 90 (advance, order)
    assert "under 30 min | 0–29 min | 1 | 0 | too few calls to say" in lines
    assert "30–59 min | 30–59 min | 2 | 1 | too few calls to say" in lines
    assert "60–119 min | 60–119 min | 2 | 2 | too few calls to say" in lines
    assert "not recorded | not recorded | 9 | 6 | 67%" in lines
    assert "Dana Kowalski | 11 of 11 | 82% (9 of 11) | 90% (9 of 10)" in lines  # 2 to come
    assert "Lee Morgan | 3 of 4 | 0 of 3: too few | 0 of 3: too few" in lines


def test_report_lists_each_warning_with_its_files(tmp_path: Path) -> None:
    lines = cells(report(make_team(tmp_path)).stdout)
    start = lines.index("Warning | Date | File | Rep | Note")
    end = lines.index("Next steps overdue (0)")  # see test_followup.py
    rows = [line for line in lines[start + 2:end] if line]
    assert rows == [
        "Debriefs overdue (1) | 2026-03-24 | plans/birch/2026-03-24-closing.yaml | "
        "Lee Morgan | overdue by 6 days",
        "Plans with no measurable goal (1) | 2026-03-10 | plans/birch/2026-03-10-demo.yaml | "
        "Lee Morgan",
        "Late-stage calls with no economic buyer known (3) | 2026-03-17 | "
        "plans/birch/2026-03-17-negotiation.yaml | Lee Morgan",
        "2026-03-24 | plans/birch/2026-03-24-closing.yaml | Lee Morgan",
        "2026-04-15 | plans/cedar/2026-04-15-closing.yaml | Dana Kowalski",
        "Accounts stalling: 3 continuations in a row (3) | 2026-03-03 | "
        "plans/birch/2026-03-03-discovery.yaml | Lee Morgan",
        "2026-03-10 | plans/birch/2026-03-10-demo.yaml | Lee Morgan",
        "2026-03-17 | plans/birch/2026-03-17-negotiation.yaml | Lee Morgan",
        "Plans committed after the call: not checked, no git history.",
    ]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_report_with_git_history_lists_late_plans_with_their_dates(tmp_path: Path) -> None:
    lines = cells(report(make_history(tmp_path)).stdout)
    start = lines.index("Plans committed after the call (4) | 2026-03-05 | "
                        "plans/cedar/2026-03-05-discovery.yaml | Dana Kowalski | "
                        "first committed 2026-03-20")
    end = lines.index("Next steps overdue (0)")
    assert [line for line in lines[start + 1:end] if line] == [
        "2026-03-10 | plans/birch/2026-03-10-demo.yaml | Lee Morgan | first committed 2026-03-12",
        "2026-03-12 | plans/cedar/2026-03-12-follow-up.yaml | Dana Kowalski | "
        "first committed 2026-03-20",
        "2026-03-19 | plans/cedar/2026-03-19-demo.yaml | Dana Kowalski | "
        "first committed 2026-03-20",
    ]
    assert "not checked" not in "\n".join(lines)


def test_report_on_a_team_with_no_calls(tmp_path: Path) -> None:
    write(tmp_path, "plans/team.yaml", "reps:\n  - id: solo\n    name: Solo\n")
    result = report(tmp_path)
    assert result.exit_code == 0
    lines = cells(result.stdout)
    assert "Order or advance | – | 0 of 0 debriefed calls" in lines
    assert "Debrief coverage | no past calls yet | 0 of 0 past calls" in lines
    assert "Median debrief latency | – | 0 dated debriefs; 0 within a day; longest –" in lines
    assert lines.count("No call has a debrief yet, so there is no outcome to compare.") == 2
    assert "Debriefs overdue (0) | none" in lines


def test_names_are_printed_as_written_not_as_markup(tmp_path: Path) -> None:
    make_team(tmp_path)
    write(tmp_path, "plans/team.yaml",
          "reps:\n  - id: dana-k\n    name: '[bold red]Dana[/]'\n  - id: lee-m\n    name: Lee\n")
    lines = cells(report(tmp_path).stdout)
    assert "[bold red]Dana[/] | 11 of 11 | 82% (9 of 11) | 90% (9 of 10)" in lines


def test_report_on_broken_plans_prints_every_problem_and_exits_1(tmp_path: Path) -> None:
    make_team(tmp_path)
    write(tmp_path, "plans/acme/2026-03-02-discovery.yaml", "date: 2026-03-02\nrep: nobody\n")
    result = report(tmp_path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "plans/acme/2026-03-02-discovery.yaml:" in result.stderr
    assert "problem(s) in plans/; run `playbook validate`" in result.stderr


def test_report_is_listed_in_the_help(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--help"], prog_name="playbook")
    assert re.search(r"^\s+report\s+Print the headline figures", result.output, re.M)
