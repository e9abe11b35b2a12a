"""The prep brief of a call still to come, on hand-built data (see insights_fixture: cedar's
calls on 03-05, 03-12 and 03-19 are debriefed, 04-01 and 04-15 are ahead)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import write
from insights_fixture import call_yaml, make_team

from generator import paths
from generator.analyse import MIN_CALLS, ObjectionGroup, ResponseRecord
from generator.commands.generate import generate
from generator.pages.prep import expected

THURSDAY = dt.date(2026, 3, 26)
PRICE = (None, "Too expensive.", "Show the payback.")


def group(tried: int, worked: int) -> dict[str, ObjectionGroup]:
    record = ResponseRecord("Show the payback on their own numbers.", tried, worked)
    return {"too expensive": ObjectionGroup("too expensive", "Too expensive.",
                                            responses=[record])}


def test_the_best_answer_is_named_only_from_the_teams_minimum_count() -> None:
    enough = expected(PRICE, group(MIN_CALLS, 3))
    assert enough.best == "Show the payback on their own numbers."
    assert enough.record == f"worked 3 of {MIN_CALLS} tries"
    few = expected(PRICE, group(MIN_CALLS - 1, 3))
    assert few.best is None
    assert few.record.startswith(f"too few calls to say: the best so far worked 3 of "
                                 f"{MIN_CALLS - 1} tries")
    assert expected(PRICE, {}).record == "no response to it has worked yet"
    assert expected((None, "too   EXPENSIVE", ""), group(MIN_CALLS, 5)).best  # same words


def test_the_brief_names_the_answer_the_library_names() -> None:
    # The top record so far was tried too few times; one below it was tried often enough. The
    # brief names what the library names (ObjectionGroup.best), not "too few calls to say".
    top = ResponseRecord("Offer a pilot.", MIN_CALLS - 1, MIN_CALLS - 1)
    tried = ResponseRecord("Show the payback on their own numbers.", MIN_CALLS, 2, 1)
    groups = {"too expensive": ObjectionGroup("too expensive", "Too expensive.",
                                              responses=[top, tried])}
    assert groups["too expensive"].best is tried
    brief = expected(PRICE, groups)
    assert brief.best == tried.response
    assert brief.record == f"worked 2 of {MIN_CALLS} tries, 1 partly"
    assert brief.section == "too-expensive"  # the record links to the library's section
    assert expected((None, "Never heard before.", ""), groups).section is None


def test_an_upcoming_call_gets_a_brief_from_its_accounts_earlier_calls(tmp_path: Path) -> None:
    make_team(tmp_path)
    write(tmp_path, "plans/cedar/2026-03-19-demo.yaml",
          call_yaml("2026-03-19", "dana-k", "demo", outcome="advance", met="yes")
          + "  to_improve:\n    - 'Talked <i>too</i> long.'\n"
          + "  next_time:\n    - Ask who signs.\n"
          + "  next_steps:\n    - action: Send the pilot plan\n      owner: dana-k\n"
          + "      due: 2026-03-24\n    - action: Book the proposal call\n"
          + "      owner: dana-k\n      due: 2026-03-30\n"
          + "    - action: Send the references\n      owner: dana-k\n      due: 2026-03-22\n"
          + "      done: 2026-03-23\n"
          + "  objections:\n    - objection: Too expensive.\n      response: Showed payback.\n"
          + "      worked: yes\n")
    generate(tmp_path, THURSDAY)
    content = tmp_path / "content"
    brief = (content / paths.prep("cedar", "2026-04-01-proposal")).read_text()
    assert ('<strong>Previous call here:</strong> <a href="../2026-03-19-demo/">Demo call with'
            " Cedar</a>") in brief
    assert ('<strong>next:</strong> <a href="../2026-04-15-closing/">Closing call with Cedar'
            "</a>") in brief
    assert "<li>Talked &#60;i&#62;too&#60;/i&#62; long.</li>" in brief
    assert "<li>Ask who signs.</li>" in brief
    dana = '<a href="../../../reps/dana-k/">Dana Kowalski</a>'  # an owner by name, linked
    day = '<span class="pb-day">{}</span>'.format  # a date never broken across two lines
    demo = '<a href="../2026-03-19-demo/">2026-03-19</a>'  # where the step was agreed
    assert (f"<td>Send the pilot plan</td>\n<td>{dana}</td>\n<td>{day('2026-03-24')} (overdue)"
            f"</td>\n<td>{day(demo)}</td>") in brief
    assert (f"<td>Book the proposal call</td>\n<td>{dana}</td>\n<td>{day('2026-03-30')}</td>"
            in brief)
    assert "Send the references" not in brief  # done, if late
    assert "<td>Too expensive.</td>\n<td>Showed payback.</td>\n<td>yes</td>" in brief
    # the economic buyer attends the call ahead, but has met nobody at cedar yet
    assert ("<strong>Buying roles not met at any call here yet:</strong> economic-buyer, user"
            in brief)
    # one block of HTML, with no blank line, left out of the search
    assert "\n\n" not in brief
    assert brief.startswith('<div data-pagefind-ignore="all">\n') and brief.endswith("</div>\n")
    page = (content / paths.call("cedar", "2026-04-01-proposal")).read_text()
    assert '\n\n--8<-- "team/snippets/prep/cedar/2026-04-01-proposal.md"\n\n' in page
    # past calls, debriefed or not, have none
    assert not (content / paths.prep("birch", "2026-03-24-closing")).exists()
    assert "Before this call" not in (content / paths.call("birch", "2026-03-24-closing")
                                      ).read_text()


def test_the_brief_follows_the_teams_record_on_a_warm_run(tmp_path: Path) -> None:
    # An objection answered at another account changes the brief, not the call's own page.
    make_team(tmp_path)
    write(tmp_path, "plans/cedar/2026-04-01-proposal.yaml",
          call_yaml("2026-04-01", "dana-k", "proposal", buyer=True)
          + "  objections:\n    - objection: Too expensive.\n      response: Payback.\n")
    brief = tmp_path / "content" / paths.prep("cedar", "2026-04-01-proposal")
    generate(tmp_path, THURSDAY)
    assert "no response to it has worked yet" in brief.read_text()
    write(tmp_path, "plans/acme/2026-03-09-proposal.yaml",
          call_yaml("2026-03-09", "dana-k", "proposal", outcome="order", met="yes", effort=90)
          + "  objections:\n    - objection: Too expensive!\n      response: Payback.\n"
          + "      worked: yes\n")
    generate(tmp_path, THURSDAY)
    assert "too few calls to say: the best so far worked 1 of 1 try" in brief.read_text()
