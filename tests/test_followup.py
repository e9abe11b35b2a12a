"""Next steps followed up, on hand-built data: open, done, and open past their due date (today is
the run's date; see insights_fixture for the team)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner
from conftest import write
from insights_fixture import call_yaml, make_team

from generator import paths
from generator.analyse.followup import follow_through, overdue_steps
from generator.cli import cli
from generator.commands.generate import generate
from generator.read.project import read_project

TODAY = dt.date(2026, 4, 1)
STEPS = """\
  next_steps:
    - action: Send the <b>quote</b>
      owner: lee-m
      due: 2026-03-20
    - action: Book the site visit
      owner: Bo Birch
      due: 2026-03-31
    - action: Share the references
      owner: lee-m
      due: 2026-03-22
      done: 2026-03-21
    - action: Draft the pilot plan
      owner: lee-m
      due: 2026-04-01
    - action: Call back some day
      owner: lee-m
"""


def team(root: Path) -> Path:
    make_team(root)
    write(root, "plans/birch/2026-03-18-follow-up.yaml",
          call_yaml("2026-03-18", "lee-m", "follow-up", outcome="continuation") + STEPS)
    return root


def test_only_open_steps_past_their_due_date_are_overdue_most_late_first(tmp_path: Path) -> None:
    project = read_project(team(tmp_path))
    found = overdue_steps(project.calls, TODAY)
    # done, due today and with no due date are not overdue
    assert [(o.step.action, o.days) for o in found] == [("Send the <b>quote</b>", 12),
                                                        ("Book the site visit", 1)]
    assert {o.entry.id for o in found} == {"birch/2026-03-18-follow-up"}
    assert [o.step.action for o in overdue_steps(project.calls, dt.date(2026, 3, 20))] == []


def test_the_warnings_page_lists_overdue_steps_with_owner_and_call(tmp_path: Path) -> None:
    generate(team(tmp_path), TODAY)
    page = (tmp_path / "content" / paths.WARNINGS).read_text(encoding="utf-8")
    section = page.split("## Next steps overdue (2)")[1].split("!!! note")[0]
    assert "<b>" not in section and "Send the &#60;b&#62;quote&#60;/b&#62;" in section
    assert ('<td><a href="../../reps/lee-m/">Lee Morgan</a></td>\n<td>2026-03-20</td>\n'
            "<td>12 days</td>") in section
    assert ("<td>Book the site visit</td>\n<td>Bo Birch</td>\n<td>2026-03-31</td>\n"
            "<td>1 day</td>") in section
    assert 'href="../../calls/birch/2026-03-18-follow-up/"' in section
    assert "Share the references" not in section and "Draft the pilot plan" not in section


def test_the_report_lists_overdue_steps(tmp_path: Path) -> None:
    team(tmp_path)
    result = CliRunner().invoke(cli, ["--root", str(tmp_path), "--today", "2026-04-01", "report"],
                                 env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Next steps overdue (2)" in result.output
    assert "Send the <b>quote</b>" in result.output and "Share the references" not in result.output


def test_the_owners_rep_page_lists_the_steps_they_see_through(tmp_path: Path) -> None:
    generate(team(tmp_path), TODAY)
    lee = (tmp_path / "content" / paths.rep("lee-m")).read_text(encoding="utf-8")
    section = lee.split("### Next steps overdue (2) { #next-steps-overdue }")[1]
    section = section.split("## Calls")[0]
    assert ("<td>Send the &#60;b&#62;quote&#60;/b&#62;</td>\n"
            '<td><a href="./">Lee Morgan</a></td>\n<td>2026-03-20</td>') in section
    # owned by the customer's person, agreed at Lee's call: Lee chases it
    assert "<td>Book the site visit</td>\n<td>Bo Birch</td>\n<td>2026-03-31</td>" in section
    dana = (tmp_path / "content" / paths.rep("dana-k")).read_text(encoding="utf-8")
    assert "Next steps overdue" not in dana


def test_follow_through_counts_steps_done_by_their_due_date_per_owner(tmp_path: Path) -> None:
    project = read_project(team(tmp_path))
    kept = follow_through(project.calls, TODAY)
    # lee-m: quote (open, late), references (done in time); due today and no due date: not yet
    assert kept["lee-m"] == (1, 2)
    assert kept["Bo Birch"] == (0, 1)
    assert "dana-k" not in kept
    assert follow_through(project.calls, dt.date(2026, 3, 21)) == {"lee-m": (0, 1)}


def test_the_insights_say_too_few_to_say_below_the_minimum(tmp_path: Path) -> None:
    generate(team(tmp_path), TODAY)
    page = (tmp_path / "content" / paths.INSIGHTS).read_text(encoding="utf-8")
    section = page.split("## Next steps: done by their due date")[1].split("\n## ")[0]
    assert "| [Lee Morgan](../reps/lee-m.md) | 2 | 1 of 2: too few to say |" in section
    assert "| [Dana Kowalski](../reps/dana-k.md) | 0 | – |" in section


def test_the_insights_give_the_rate_from_the_minimum_count(tmp_path: Path) -> None:
    team(tmp_path)
    steps = "".join(f"    - action: Step {i}\n      owner: lee-m\n      due: 2026-03-2{i}\n"
                    f"      done: 2026-03-2{i - 1 if i % 2 else i + 1}\n" for i in range(1, 5))
    write(tmp_path, "plans/birch/2026-03-19-follow-up.yaml",
          call_yaml("2026-03-19", "lee-m", "follow-up", outcome="continuation")
          + "  next_steps:\n" + steps)
    generate(tmp_path, TODAY)
    page = (tmp_path / "content" / paths.INSIGHTS).read_text(encoding="utf-8")
    # 2 + 4 steps due; the references and steps 1 and 3 done in time, 2 and 4 a day late
    assert "| [Lee Morgan](../reps/lee-m.md) | 6 | 50% (3 of 6) |" in page
