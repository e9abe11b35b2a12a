"""Next steps named done in a later debrief of the same account (`debrief.steps_done`), on
hand-built data: what may be named, the problems with their place, and what counts them (the
done date is the later call's date)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write
from insights_fixture import call_yaml, make_team

from generator import paths
from generator.analyse.followup import closings, follow_through, overdue_steps
from generator.cli import cli
from generator.commands.generate import generate
from generator.read.project import read_project

TODAY = dt.date(2026, 4, 1)
EARLIER = "plans/birch/2026-03-18-follow-up.yaml"
LATER = "plans/birch/2026-03-25-review.yaml"
STEPS = """\
  next_steps:
    - action: Send the quote
      owner: lee-m
      due: 2026-03-20
    - action: Book the site visit
      owner: Bo Birch
      due: 2026-03-31
    - action: Share the references
      owner: lee-m
      due: 2026-03-22
      done: 2026-03-21
"""


def team(root: Path, *named: str, later: str = LATER) -> Path:
    """The fixture team, a call with STEPS and a later one naming `named` done."""
    make_team(root)
    write(root, EARLIER, call_yaml("2026-03-18", "lee-m", "follow-up", outcome="continuation")
          + STEPS)
    day = Path(later).name[:10]
    done = "".join(f"    - {n}\n" for n in named)
    write(root, later, call_yaml(day, "lee-m", "review", outcome="advance")
          + (f"  steps_done:\n{done}" if named else ""))
    return root


def problems(root: Path) -> list[str]:
    result = CliRunner().invoke(cli, ["--root", str(root), "validate"])
    return [line for line in result.output.splitlines() if "steps_done" in line]


def test_a_later_debrief_closes_steps_by_their_words_case_and_spacing_aside(
        tmp_path: Path) -> None:
    project = read_project(team(tmp_path, "send the  QUOTE", "Book the site visit"))
    closed = closings(project.calls)
    assert {(k, v.date, v.entry.id) for k, v in closed.items()} == {
        (("birch/2026-03-18-follow-up", 0), dt.date(2026, 3, 25), "birch/2026-03-25-review"),
        (("birch/2026-03-18-follow-up", 1), dt.date(2026, 3, 25), "birch/2026-03-25-review")}
    # neither is overdue any more; without the later debrief both are
    assert overdue_steps(project.calls, TODAY, closed) == []
    assert [o.step.action for o in overdue_steps(project.calls, TODAY)] == [
        "Send the quote", "Book the site visit"]


def test_follow_through_counts_the_later_calls_date_against_the_due_date(
        tmp_path: Path) -> None:
    project = read_project(team(tmp_path, "Send the quote", "Book the site visit"))
    found = follow_through(project.calls, TODAY, closings(project.calls))
    # the quote was due 2026-03-20, done 2026-03-25: late; the references on time (on the step)
    assert found["lee-m"] == (1, 2)
    # the site visit was due 2026-03-31, done 2026-03-25: on time
    assert found["Bo Birch"] == (1, 1)


def test_a_valid_name_is_no_problem(tmp_path: Path) -> None:
    assert problems(team(tmp_path, "Send the quote")) == []


@pytest.mark.parametrize(("named", "later", "message"), [
    ("Send the qoute", LATER,
     f"{LATER}:17:7: debrief.steps_done[0]: 'Send the qoute' is not an open next step of an "
     "earlier call at this account; did you mean 'Send the quote'?"),
    ("Share the references", LATER,
     f"{LATER}:17:7: debrief.steps_done[0]: 'Share the references' was marked done on "
     "2026-03-21 at the call of 2026-03-18: it is no longer open"),
    # a call before the step was agreed cannot have done it
    ("Send the quote", "plans/birch/2026-03-16-review.yaml",
     "plans/birch/2026-03-16-review.yaml:17:7: debrief.steps_done[0]: 'Send the quote' is not "
     "an open next step of an earlier call at this account"),
    # nor a call at another account
    ("Send the quote", "plans/acme/2026-03-25-review.yaml",
     "plans/acme/2026-03-25-review.yaml:17:7: debrief.steps_done[0]: 'Send the quote' is not "
     "an open next step of an earlier call at this account"),
])
def test_a_name_that_is_no_open_step_of_an_earlier_call_here_is_a_located_problem(
        tmp_path: Path, named: str, later: str, message: str) -> None:
    found = problems(team(tmp_path, named, later=later))
    assert len(found) == 1
    assert found[0].startswith(message), found


def test_a_step_named_done_twice_is_no_longer_open_the_second_time(tmp_path: Path) -> None:
    team(tmp_path, "Send the quote")
    write(tmp_path, "plans/birch/2026-03-28-review.yaml",
          call_yaml("2026-03-28", "lee-m", "review", outcome="advance")
          + "  steps_done:\n    - Send the quote\n")
    assert problems(tmp_path) == [
        "plans/birch/2026-03-28-review.yaml:17:7: debrief.steps_done[0]: 'Send the quote' was "
        "named done at the call of 2026-03-25 already: it is no longer open"]


def test_the_pages_show_the_step_done_in_the_later_debrief(tmp_path: Path) -> None:
    generate(team(tmp_path, "Send the quote"), TODAY)
    content = tmp_path / "content"
    earlier = (content / paths.call("birch", "2026-03-18-follow-up")).read_text()
    assert ('<td>Send the quote</td>\n<td><a href="../../../reps/lee-m/">Lee Morgan</a></td>\n'
            '<td>2026-03-20</td>\n<td>2026-03-25, <a href="../2026-03-25-review/">in a later '
            "debrief</a></td>") in earlier
    later = (content / paths.call("birch", "2026-03-25-review")).read_text()
    assert ("<p><strong>Done by this call, agreed at earlier calls here:</strong></p>\n"
            "<ul>\n<li>Send the quote</li>") in later
    warnings = (content / paths.WARNINGS).read_text().split("## Next steps overdue")[1]
    assert "Book the site visit" in warnings.split("!!! note")[0]
    assert "Send the quote" not in warnings.split("!!! note")[0]
    lee = (content / paths.rep("lee-m")).read_text()
    assert "Send the quote" not in lee


def test_the_report_leaves_out_a_step_done_in_a_later_debrief(tmp_path: Path) -> None:
    team(tmp_path, "Send the quote")
    result = CliRunner().invoke(cli, ["--root", str(tmp_path), "--today", "2026-04-01",
                                      "report"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Next steps overdue (1)" in result.output
    assert "Book the site visit" in result.output and "Send the quote" not in result.output


def test_the_prep_brief_leaves_out_a_step_done_in_a_later_debrief(tmp_path: Path) -> None:
    team(tmp_path, "Send the quote")
    write(tmp_path, "plans/birch/2026-04-03-proposal.yaml",
          call_yaml("2026-04-03", "lee-m", "proposal"))
    generate(tmp_path, TODAY)
    brief = (tmp_path / "content" / paths.prep("birch", "2026-04-03-proposal")).read_text()
    steps = brief.split("not done yet:</strong>")[1].split("</table>")[0]
    assert "Book the site visit" in steps and "Send the quote" not in steps
