"""A call page compares plan and debrief where they meet: objective against outcome, goals
planned against actual, each objection expected beside the one raised on its topic."""

from __future__ import annotations

from pathlib import Path

from adversarial.markup import md_converter, strip_front_matter
from conftest import CALL, CALL_PATH, Run, write

from generator.analyse.compare import objection_pairs, topics
from generator.models.call import PlannedObjection, RaisedObjection

TODAY = "2026-04-01"
OBJECTIONS = """\
  objections:
    - topic: price
      objection: Too expensive.
      response: Tie the price to one avoided second visit.
    - topic: timing
      objection: Not before summer.
      response: Count back from the peak season.
"""
RAISED = """\
  objections:
    - topic: price
      objection: Can you do better on price?
      response: Compared the seat price with one no-show a day.
      worked: partly
    - topic: contract-length
      objection: Three years is too long.
"""


def page(run: Run, root: Path, call: str) -> str:
    write(root, CALL_PATH, call)
    result = run(root, "--today", TODAY, "generate")
    assert result.exit_code == 0, result.stderr
    text = (root / "content/team/calls/acme/2026-03-10-discovery.md").read_text(encoding="utf-8")
    return md_converter().convert(strip_front_matter(text))


def with_objections(raised: bool = True) -> str:
    call = CALL.replace("  effort_minutes: 45\n", OBJECTIONS + "  effort_minutes: 45\n")
    return call.replace("  went_well: Good rapport.\n", RAISED + "  went_well: Good rapport.\n") \
        if raised else call.split("debrief:")[0]


def test_objections_pair_by_topic_in_the_plans_order_then_the_unexpected() -> None:
    expected = [PlannedObjection(topic="price", objection="a", response="r"),
                PlannedObjection(topic="timing", objection="b", response="r"),
                PlannedObjection(objection="Who are you?", response="r")]
    raised = [RaisedObjection(topic="contract-length", objection="c"),
              RaisedObjection(objection="who are YOU", response="us"),
              RaisedObjection(topic="price", objection="d", worked="yes")]
    pairs = objection_pairs(expected, raised)
    assert [(p.expected and p.expected.objection, p.raised and p.raised.objection)
            for p in pairs] == [("a", "d"), ("b", None), ("Who are you?", "who are YOU"),
                                (None, "c")]
    assert [t.anchor for t in topics(pairs)] == ["price", "timing", "who-are-you",
                                                 "contract-length"]


def test_the_header_lists_each_topic_once_linked_to_its_library_section(
        project: Path, run: Run) -> None:
    html = page(run, project, with_objections())
    header = html.split('id="plan-and-debrief"')[0]
    assert header.count("objections/#price") == 1
    assert "objections/#timing" in header and "objections/#contract-length" in header
    assert "Too expensive." not in header  # the quotes are in the comparison, not the header
    library = md_converter().convert(
        (project / "content/team/objections.md").read_text(encoding="utf-8"))
    for anchor in ("price", "timing", "contract-length"):
        assert f'<h2 id="{anchor}">' in library


def test_outcome_sits_beside_the_objective_and_raised_beside_expected(
        project: Path, run: Run) -> None:
    html = page(run, project, with_objections())
    summary = html.split('<div class="pb-pair pb-summary">')[1].split("<h3")[0]
    planned, happened = summary.split('<span class="pb-side">Happened</span>')
    assert "Learn how dispatch works today." in planned and "A site visit" in planned
    assert "pb-badge pb-advance" in happened and "partly" in happened
    pairs = html.split('id="objections-expected-against-raised"')[1].split('id="debrief"')[0]
    price = pairs.split("objections/#price")[1].split("objections/#")[0]
    assert price.index("Too expensive.") < price.index("Can you do better on price?")
    assert "Partly worked" in price
    timing = pairs.split("objections/#timing")[1].split("objections/#")[0]
    assert "Not raised" in timing
    unexpected = pairs.split("objections/#contract-length")[1]
    assert "Not expected" in unexpected and "Not judged" in unexpected
    goals = html.split("Goals: planned against actual")[1].split("</table>")[0]
    assert "<td>2 people</td>" in goals and "<td>1 person</td>" in goals


def test_a_call_not_yet_debriefed_lists_what_it_expects(project: Path, run: Run) -> None:
    html = page(run, project, with_objections(raised=False))
    assert "This call has happened and its debrief is overdue by 20 days" in html
    expected = html.split('id="objections-expected"')[1].split("</table>")[0]
    assert "Too expensive." in expected and "Count back from the peak season." in expected
    assert "Not raised" not in html


def test_next_step_owners_who_are_reps_show_by_name_linked_to_their_page(
        project: Path, run: Run) -> None:
    call = CALL.replace("      owner: Jane Doe\n", "      owner: Jane Doe\n"
                        "    - action: Call back\n      owner: lee-m\n")
    html = page(run, project, call)
    steps = html.split("<th>Next step</th>")[1].split("</table>")[0]
    assert '<td><a href="../../../reps/dana-k/">Dana Kowalski</a></td>' in steps
    assert '<td><a href="../../../reps/lee-m/">Lee Morgan</a></td>' in steps
    assert "<td>Jane Doe</td>" in steps  # an attendee, not a rep: as written
    assert "dana-k</td>" not in steps
