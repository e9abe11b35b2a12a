"""What an account's earlier calls carry over to its next plan, rule by rule, on hand-built
calls (analyse/carryover.py, behind `playbook new call`'s pre-fill)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.analyse import MIN_CALLS
from generator.analyse.carryover import carryover
from generator.models.brief import Brief
from generator.models.call import Call
from generator.models.project import CallEntry

TODAY = dt.date(2026, 5, 1)
NEXT = dt.date(2026, 5, 8)  # the day of the call being planned


def entry(account: str, date: str, *, attendees: list[dict[str, Any]] | None = None,
          debrief: dict[str, Any] | None = None, load: bool = True) -> CallEntry:
    """A call of `account` on `date`; with load=False, loading it whole fails the test (only
    its brief may be read)."""
    data: dict[str, Any] = {"date": date, "rep": "dana-k", "type": "demo",
                            "attendees": attendees or [], "plan": {"objective": "Move on."}}
    if debrief is not None:
        data["debrief"] = {"outcome": "advance", **debrief}
    call = Call.model_validate(data)
    slug = f"{date}-demo"
    if load:
        return CallEntry(account, slug, f"plans/{account}/{slug}.yaml", call)

    def refuse() -> Call:
        raise AssertionError(f"{account}/{slug} was loaded whole")

    return CallEntry(account, slug, f"plans/{account}/{slug}.yaml", brief=Brief.of(call),
                     load=refuse)


def calls(*entries: CallEntry) -> list[CallEntry]:
    return sorted(entries, key=lambda c: (c.brief.date, c.id))


def raised(objection: str, response: str, worked: str, topic: str | None = None) -> dict[str, Any]:
    return {"topic": topic, "objection": objection, "response": response, "worked": worked}


def test_a_first_call_carries_nothing_over() -> None:
    # Calls elsewhere, and this account's calls still to come, are no history of it.
    found = carryover(calls(entry("beta", "2026-04-01", debrief={"next_time": ["x"]}),
                            entry("acme", "2026-05-03"), entry("acme", "2026-05-20")),
                      "acme", NEXT, TODAY)
    assert found.empty
    assert (found.attendees, found.steps, found.objections, found.lessons) == ((), (), (), ())


def test_people_met_before_come_once_each_with_their_latest_title_and_role() -> None:
    history = calls(
        entry("acme", "2026-03-01", attendees=[
            {"name": "Jane Doe", "title": "CFO", "role": "economic-buyer"},
            {"name": "Raj Patel"}]),
        entry("acme", "2026-04-01", attendees=[
            {"name": "jane  DOE", "role": "coach"},  # the same person, spaced and cased anew
            {"name": "Raj Patel", "title": "Ops lead", "role": "user"}]),
        entry("acme", "2026-05-03", attendees=[{"name": "Zoe Ahead"}]),  # after today
        entry("beta", "2026-04-02", attendees=[{"name": "Other Person"}]),
    )
    found = carryover(history, "acme", NEXT, TODAY)
    assert [(p.name, p.title, p.role, p.last_met.isoformat()) for p in found.attendees] == [
        ("jane  DOE", "CFO", "coach", "2026-04-01"),  # a title left out keeps the earlier one
        ("Raj Patel", "Ops lead", "user", "2026-04-01"),
    ]
    assert len(found.held) == 2


def test_only_calls_before_the_planned_day_count_when_it_is_in_the_past() -> None:
    # A plan written after the fact, for 2026-04-15: the call of 04-20 is not its history.
    history = calls(entry("acme", "2026-04-01", attendees=[{"name": "Early"}]),
                    entry("acme", "2026-04-15", attendees=[{"name": "Same day"}]),
                    entry("acme", "2026-04-20", attendees=[{"name": "Later"}]))
    found = carryover(history, "acme", dt.date(2026, 4, 15), TODAY)
    assert [p.name for p in found.attendees] == ["Early"]


def step(action: str, due: str | None = None, done: str | None = None) -> dict[str, Any]:
    return {"action": action, "owner": "dana-k", "due": due, "done": done}


def test_open_next_steps_are_those_not_done_by_today_with_overdue_marked() -> None:
    history = calls(
        entry("acme", "2026-03-01", debrief={"next_steps": [
            step("Done before today", "2026-03-10", "2026-03-09"),
            step("Done late, still before today", "2026-03-10", "2026-04-30"),
            step("Overdue", "2026-04-30"),
        ]}),
        entry("acme", "2026-04-01", debrief={"next_steps": [
            step("Due ahead", "2026-05-05"), step("No due date"),
            step("Done only today counts as open today", "2026-04-20", "2026-05-01"),
        ]}),
        entry("beta", "2026-04-01", debrief={"next_steps": [step("Elsewhere")]}),
    )
    found = carryover(history, "acme", NEXT, TODAY)
    assert [(s.step.action, s.overdue, s.entry.slug) for s in found.steps] == [
        ("Overdue", True, "2026-03-01-demo"),
        ("Due ahead", False, "2026-04-01-demo"),
        ("No due date", False, "2026-04-01-demo"),
        ("Done only today counts as open today", False, "2026-04-01-demo"),
    ]


def test_a_step_a_later_debrief_named_done_is_not_carried_over() -> None:
    history = calls(
        entry("acme", "2026-03-01", debrief={"next_steps": [
            step("Send the quote", "2026-03-10"), step("Book the demo", "2026-03-20")]}),
        entry("acme", "2026-03-15", debrief={"steps_done": ["send the  QUOTE"]}),
    )
    found = carryover(history, "acme", NEXT, TODAY)
    assert [(s.step.action, s.overdue) for s in found.steps] == [("Book the demo", True)]


def test_objections_raised_here_come_once_each_with_the_team_s_best_record_by_the_rule() -> None:
    # The team answered "Too expensive" with "Payback" at beta MIN_CALLS times, with
    # "Discount" fewer times; "Not now" only ever fewer than MIN_CALLS times.
    team = [entry("beta", f"2026-01-{day:02d}", debrief={"objections": [
        raised("Too expensive", "Payback", "yes", "price"),
        *([raised("Not now", "Call in spring", "yes")] if day <= MIN_CALLS - 1 else []),
    ]}, load=False) for day in range(1, MIN_CALLS + 1)]
    history = calls(*team,
        entry("acme", "2026-03-01", debrief={"objections": [
            raised("It costs too much", "Discount", "no", "price"),
            raised("Not now", "Agreed to wait", "no"),
            raised("We have a tool", "Nothing", "no")]}),
        entry("acme", "2026-04-01", debrief={"objections": [
            raised("Still too expensive", "Discount", "partly", "price"),
            raised("NOT now!", "Agreed to wait", "no")]}),
    )
    found = carryover(history, "acme", NEXT, TODAY)
    shown = [(f.topic, f.objection, f.best.response if f.best else None,
              (f.so_far.response, f.so_far.tried) if f.so_far else None)
             for f in found.objections]
    assert shown == [
        # worded as last raised here; Payback tried MIN_CALLS times: named best
        ("price", "Still too expensive", "Payback", None),
        # the same words: one group; the best so far tried too few times to name
        (None, "NOT now!", None, ("Call in spring", MIN_CALLS - 1)),
        # nothing ever worked
        (None, "We have a tool", None, None),
    ]
    assert found.objections[0].best is not None and found.objections[0].best.tried == MIN_CALLS


def test_planned_objections_are_not_expected_from_the_account() -> None:
    planned = Call.model_validate({"date": "2026-04-01", "rep": "dana-k", "type": "demo",
                                   "plan": {"objective": "x", "objections": [
                                       {"objection": "Only planned", "response": "r"}]}})
    found = carryover([CallEntry("acme", "2026-04-01-demo", "p", planned)], "acme", NEXT, TODAY)
    assert not found.empty
    assert found.objections == ()


def test_the_lessons_are_the_last_debrief_s_next_time() -> None:
    history = calls(
        entry("acme", "2026-03-01", debrief={"next_time": ["Old lesson"]}),
        entry("acme", "2026-04-01", debrief={"next_time": ["Ask who signs.", "Bring numbers."]}),
        entry("acme", "2026-04-20"),  # held, its debrief not written yet
        entry("beta", "2026-04-25", debrief={"next_time": ["Another account's"]}),
    )
    found = carryover(history, "acme", NEXT, TODAY)
    assert found.lessons_from is not None and found.lessons_from.slug == "2026-04-01-demo"
    assert found.lessons == ("Ask who signs.", "Bring numbers.")
    none = carryover(calls(entry("acme", "2026-04-20")), "acme", NEXT, TODAY)
    assert (none.lessons_from, none.lessons, none.empty) == (None, (), False)


def test_other_accounts_calls_are_read_from_their_briefs_alone() -> None:
    # At 10,000s of calls only the account's own calls may be loaded whole.
    others = [entry("beta", f"2026-03-{day:02d}", attendees=[{"name": "B"}], debrief={
        "objections": [raised("Too expensive", "Payback", "yes")],
        "next_steps": [step("theirs")], "next_time": ["theirs"]}, load=False)
        for day in range(1, 8)]
    found = carryover(calls(*others, entry("acme", "2026-04-01", debrief={
        "objections": [raised("Too expensive", "Payback", "yes")]})), "acme", NEXT, TODAY)
    assert [f.best.tried if f.best else None for f in found.objections] == [8]
