"""Every figure of the analysis on small datasets computed by hand, including none and one call."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from generator import analyse
from generator.analyse import Band, Rates
from generator.models import Call, Checklists, Team
from generator.models.project import CallEntry, Project

TEAM = Team.model_validate({"reps": [{"id": "ann", "name": "Ann"}, {"id": "bob", "name": "Bob"}]})
# 15 pre-sales items (10 planning, 5 preparing), and a Sales and a Post-Sales item that never
# count
CHECKLISTS = Checklists.model_validate({"phases": [
    {"id": "pre-sales-planning", "title": "Planning",
     "items": [{"id": f"p{i}", "text": f"Item {i}"} for i in range(10)]},
    {"id": "pre-sales-preparing", "title": "Preparing",
     "items": [{"id": f"q{i}", "text": f"Item {i}"} for i in range(5)]},
    {"id": "sales", "title": "Sales", "items": [{"id": "s0", "text": "Sell"}]},
    {"id": "post-sales", "title": "Post-Sales", "items": [{"id": "t0", "text": "Follow up"}]},
]})
IDS = CHECKLISTS.pre_sales_ids()


def entry(date: str, *, rep: str = "ann", kind: str = "discovery", account: str = "acme",
          plan: dict[str, Any] | None = None, debrief: dict[str, Any] | None = None,
          slug: str = "call") -> CallEntry:
    data: dict[str, Any] = {"date": date, "rep": rep, "type": kind,
                            "plan": {"objective": "Win.", **(plan or {})}}
    if debrief is not None:
        data["debrief"] = debrief
    call = Call.model_validate(data)
    return CallEntry(account, f"{date}-{slug}", f"plans/{account}/{date}-{slug}.yaml", call)


def won(date: str, outcome: str = "advance", met: str | None = None, **kw: Any) -> CallEntry:
    debrief: dict[str, Any] = {"outcome": outcome}
    if met:
        debrief["objective_met"] = met
    return entry(date, debrief=debrief, **kw)


def project(*calls: CallEntry) -> Project:
    return Project(TEAM, CHECKLISTS, {}, tuple(sorted(calls, key=lambda c: (c.call.date, c.id))))


# --- completeness ------------------------------------------------------------------------------

SEVEN_FIELDS = {"advance": "A visit.", "minimum_action": "A call back.", "research": "Read.",
                "strategy": "Listen.", "agenda": ["Intro"], "questions": ["Why now?"],
                "practice": "Rehearsed."}


def test_completeness_of_the_documented_example_is_62() -> None:
    # how-we-measure.md: 9 of 15 items and 7 of 11 fields: 30 + 31.8 = 61.8, shown as 62
    plan = entry("2026-01-05", plan={**SEVEN_FIELDS, "checklist": IDS[:9]}).brief
    assert analyse.completeness(plan, IDS) == 62


def test_completeness_of_a_bare_plan_is_0_and_of_a_full_one_100() -> None:
    assert analyse.completeness(entry("2026-01-05").brief, IDS) == 0
    full = {**SEVEN_FIELDS, "goals": [{"metric": "m", "target": 1, "unit": "u"}],
            "objections": [{"objection": "Too dear.", "response": "Value."}],
            "materials": ["Deck"], "roi": "Ten hours a week.", "checklist": IDS}
    assert analyse.completeness(entry("2026-01-05", plan=full).brief, IDS) == 100


def test_blank_text_and_empty_lists_do_not_count_as_filled() -> None:
    plan = entry("2026-01-05", plan={"research": "   ", "agenda": [], "strategy": ""}).brief
    assert analyse.completeness(plan, IDS) == 0


def test_completeness_without_pre_sales_items_divides_by_nothing() -> None:
    plan = entry("2026-01-05", plan=SEVEN_FIELDS).brief
    assert analyse.completeness(plan, []) == 32  # 0 + 50 * 7 / 11 = 31.8


# --- rates -------------------------------------------------------------------------------------


def test_rates_of_no_calls_are_none_not_a_division_by_zero() -> None:
    r = analyse.rates([])
    assert (r.calls, r.debriefed, r.wins, r.judged) == (0, 0, 0, 0)
    assert r.win_rate is None and r.met_rate is None and r.rate("order") is None
    assert not r.enough and not r.met_enough


def test_rates_of_one_call() -> None:
    r = analyse.rates([won("2026-01-05", "order", "partly").brief])
    assert (r.calls, r.debriefed, r.wins, r.judged) == (1, 1, 1, 1)
    assert r.win_rate == 1.0 and r.met_rate == 0.0 and r.rate("order") == 1.0
    assert not r.enough


def test_rates_count_only_debriefed_calls_and_judged_objectives() -> None:
    calls = [won("2026-01-05", "order", "yes"), won("2026-01-06", "advance", "yes"),
             won("2026-01-07", "advance", "partly"), won("2026-01-08", "continuation", "no"),
             won("2026-01-09", "no-sale"), entry("2026-01-10")]
    r = analyse.rates(c.brief for c in calls)
    assert r.calls == 6 and r.debriefed == 5
    assert r.outcomes == {"order": 1, "advance": 2, "continuation": 1, "no-sale": 1}
    assert r.objective_met == {"yes": 2, "partly": 1, "no": 1}
    assert r.win_rate == pytest.approx(3 / 5)
    assert r.rate("continuation") == pytest.approx(1 / 5)
    assert r.met_rate == pytest.approx(2 / 4)
    assert r.enough and not r.met_enough  # 5 debriefs, but only 4 judged the objective


def test_rates_by_rep_type_and_month_in_the_given_order_then_sorted() -> None:
    calls = [won("2026-01-05", rep="bob", kind="demo"), won("2026-02-01", "no-sale"),
             entry("2026-02-03", kind="proposal"), won("2026-02-04", rep="bob", kind="closing")]
    by_rep = analyse.rates_by(calls, lambda e: e.call.rep)
    assert {k: (v.calls, v.debriefed, v.wins) for k, v in by_rep.items()} == {
        "ann": (2, 1, 0), "bob": (2, 2, 2)}
    by_type = analyse.rates_by(calls, lambda e: e.call.type, ["proposal", "closing"])
    assert list(by_type) == ["proposal", "closing", "demo", "discovery"]
    by_month = analyse.rates_by(calls, analyse.month_of)
    assert {k: (v.calls, v.debriefed) for k, v in by_month.items()} == {
        "2026-01": (1, 1), "2026-02": (3, 2)}
    assert analyse.rates_by([], analyse.month_of) == {}


# --- bands -------------------------------------------------------------------------------------


def summary(bands: list[Band]) -> list[tuple[str, int, int]]:
    return [(b.label, b.rates.debriefed, b.rates.wins) for b in bands]


def test_completeness_bands_put_each_debriefed_call_in_its_band() -> None:
    calls = [won("2026-01-05", slug="a"), won("2026-01-05", "no-sale", slug="b"),
             won("2026-01-05", slug="c"), won("2026-01-05", "order", slug="d"),
             won("2026-01-05", "continuation", slug="e"), entry("2026-01-05", slug="f")]
    scores = {"acme/2026-01-05-a": 39, "acme/2026-01-05-b": 40, "acme/2026-01-05-c": 69,
              "acme/2026-01-05-d": 70, "acme/2026-01-05-e": 100, "acme/2026-01-05-f": 100}
    bands = analyse.completeness_bands(project(*calls), scores)
    assert summary(bands) == [("thin", 1, 1), ("partial", 2, 1), ("thorough", 2, 1)]
    assert [(b.low, b.high) for b in bands] == [(0, 39), (40, 69), (70, 100)]


def test_effort_bands_have_edges_and_count_unrecorded_effort_apart() -> None:
    minutes = {"a": 29, "b": 30, "c": 59, "d": 60, "e": 119, "f": 120, "g": None}
    calls = [won("2026-01-05", slug=s, plan={} if m is None else {"effort_minutes": m})
             for s, m in minutes.items()]
    calls.append(entry("2026-01-06", plan={"effort_minutes": 10}))  # no debrief: left out
    assert summary(analyse.effort_bands(project(*calls))) == [
        ("under 30 min", 1, 1), ("30–59 min", 2, 2), ("60–119 min", 2, 2),
        ("120 min and more", 1, 1), ("not recorded", 1, 1)]


def test_bands_of_an_empty_project_are_all_empty_and_have_no_unrecorded_band() -> None:
    assert summary(analyse.effort_bands(project())) == [
        ("under 30 min", 0, 0), ("30–59 min", 0, 0), ("60–119 min", 0, 0),
        ("120 min and more", 0, 0)]
    assert summary(analyse.completeness_bands(project(), {})) == [
        ("thin", 0, 0), ("partial", 0, 0), ("thorough", 0, 0)]


# --- reading -----------------------------------------------------------------------------------


def band(label: str, wins: int, debriefed: int, low: int | None = 0) -> Band:
    outcomes = {"order": 0, "advance": wins, "continuation": debriefed - wins, "no-sale": 0}
    return Band(label, low, None, Rates(debriefed, debriefed, outcomes,
                                        {"yes": 0, "partly": 0, "no": 0}))


def plans(label: str) -> str:
    return f"{label} plans"


def test_reading_with_no_debriefs() -> None:
    assert analyse.reading([band("thin", 0, 0)], plans) == (
        "No call has a debrief yet, so there is no outcome to compare.")


def test_reading_of_one_call_says_there_are_too_few() -> None:
    assert analyse.reading([band("thin", 1, 1), band("thorough", 0, 0)], plans) == (
        "This rests on 1 debriefed call: too few to say anything yet. A comparison needs at "
        "least two bands with 5 or more debriefed calls each; no band reaches that yet.")


def test_reading_with_one_band_big_enough_names_it() -> None:
    assert analyse.reading([band("thin", 1, 4), band("thorough", 4, 6)], plans) == (
        "This rests on 10 debriefed calls: too few to say anything yet. A comparison needs at "
        "least two bands with 5 or more debriefed calls each; only thorough plans reach that.")


def test_reading_compares_the_best_and_worst_bands_and_says_correlation() -> None:
    bands = [band("thin", 1, 5), band("partial", 1, 2), band("thorough", 6, 8),
             band("not recorded", 9, 9, low=None)]  # unrecorded effort is never compared
    assert analyse.reading(bands, plans) == (
        "Thorough plans ended in an order or an advance 6 of 8 (75%); thin plans 1 of 5 (20%). "
        "This rests on 24 debriefed calls, 11 of them in bands too small to read. It is a "
        "correlation, not proof that planning caused the outcome.")


def test_reading_of_equal_bands() -> None:
    assert analyse.reading([band("thin", 3, 6), band("thorough", 5, 10)], plans) == (
        "The bands with enough calls end in an order or an advance equally often: 3 of 6 "
        "(50%). This rests on 16 debriefed calls. It is a correlation, not proof that "
        "planning caused the outcome.")


# --- coverage ----------------------------------------------------------------------------------

TODAY = dt.date(2026, 2, 1)


def test_coverage_of_no_calls() -> None:
    c = analyse.coverage([], TODAY)
    assert (c.past, c.debriefed, c.missing, c.latencies, c.within_a_day) == (0, 0, 0, (), 0)
    assert c.rate is None and c.median_latency is None and c.max_latency is None


def test_coverage_counts_past_calls_and_days_to_each_dated_debrief() -> None:
    calls = [
        entry("2026-01-05", debrief={"outcome": "advance", "date": "2026-01-05"}),
        entry("2026-01-10", debrief={"outcome": "order", "date": "2026-01-11"}),
        entry("2026-01-12", debrief={"outcome": "order", "date": "2026-01-16"}),
        entry("2026-01-20", debrief={"outcome": "order"}),  # no date: no latency
        entry("2026-01-25"),  # past, no debrief
        entry("2026-02-01"),  # today: not past
    ]
    c = analyse.coverage(calls, TODAY)
    assert (c.past, c.debriefed, c.missing) == (5, 4, 1)
    assert c.rate == pytest.approx(4 / 5)
    assert c.latencies == (0, 1, 4)
    assert (c.median_latency, c.max_latency, c.within_a_day) == (1, 4, 2)


def test_coverage_of_one_call_ahead_has_no_rate() -> None:
    c = analyse.coverage([entry("2026-03-01")], TODAY)
    assert (c.past, c.rate) == (0, None)


# --- objections --------------------------------------------------------------------------------


def test_objections_counted_by_topic_with_the_best_response() -> None:
    price = {"topic": "price", "objection": "Too dear."}
    calls = [
        entry("2026-01-05", plan={"objections": [{**price, "response": "Show the payback."}]},
              debrief={"outcome": "advance", "objections": [
                  {**price, "response": "Show the payback.", "worked": "yes"},
                  {"objection": "We use Excel", "response": "Demo", "worked": "no"}]}),
        entry("2026-01-06", plan={"objections": [{**price, "response": "Discount."}]},
              debrief={"outcome": "continuation", "objections": [
                  {**price, "response": "show the  payback", "worked": "no"},
                  {**price, "response": "Discount.", "worked": "partly"},
                  {"objection": "We use excel!", "response": "Demo"}]}),
        entry("2026-01-07", plan={"objections": [{**price, "response": "Discount."}]}),
    ]
    groups = analyse.objection_groups(calls)
    assert [(g.key, g.label, g.raised, g.planned, len(g.calls)) for g in groups] == [
        ("price", "Price", 3, 3, 3), ("we use excel", "We use Excel", 2, 0, 2)]
    records = [(r.response, r.tried, r.worked, r.partly, r.failed) for r in groups[0].responses]
    # "show the  payback" is the same response as "Show the payback.": 1 of 2 worked (0.5);
    # "Discount." worked partly once (0.5): a tie, broken by the more often tried
    assert records == [("Show the payback.", 2, 1, 0, 1), ("Discount.", 1, 0, 1, 0)]
    assert groups[0].best is None  # tried in 2 calls: too few to name one best
    assert list(groups[0].planned_responses) == ["Show the payback.", "Discount."]
    assert groups[0].planned_responses["Discount."] == calls[1:]  # attributed to its calls
    assert groups[0].responses[0].calls == calls[:2]
    assert groups[1].best is None  # tried twice, never worked


def test_the_best_response_is_named_only_once_tried_often_enough() -> None:
    def raised(day: str, response: str, worked: str) -> CallEntry:
        return entry(day, debrief={"outcome": "advance", "objections": [
            {"topic": "price", "objection": "Too dear.", "response": response, "worked": worked}]})

    few = [raised(f"2026-01-0{d}", "Discount.", "yes") for d in range(1, 5)]
    assert analyse.objection_groups(few)[0].best is None  # 4 of 4, but only 4
    more = [*few, raised("2026-01-05", "Discount.", "no"), raised("2026-01-06", "Payback.", "yes")]
    best = analyse.objection_groups(more)[0].best
    assert best is not None and (best.response, best.worked, best.tried) == ("Discount.", 4, 5)
    assert analyse.enough(analyse.MIN_CALLS) and not analyse.enough(analyse.MIN_CALLS - 1)


def test_objections_of_no_calls() -> None:
    assert analyse.objection_groups([]) == []


# --- goals -------------------------------------------------------------------------------------


def goals(*items: tuple[str, float, str]) -> dict[str, Any]:
    return {"goals": [{"metric": m, "target": t, "unit": u} for m, t, u in items]}


def test_goals_planned_against_actual_per_metric_and_unit() -> None:
    calls = [
        entry("2026-01-05", plan=goals(("people met", 3, "people"), ("value", 100, "USD")),
              debrief={"outcome": "advance", "goals": [{"metric": "people met", "actual": 3},
                                                       {"metric": "value", "actual": 80}]}),
        entry("2026-01-06", plan=goals(("People met", 2, "People")),
              debrief={"outcome": "advance", "goals": [{"metric": "People met", "actual": 1}]}),
        entry("2026-01-07", plan=goals(("people met", 4, "people"), ("value", 5, "%")),
              debrief={"outcome": "order"}),  # planned, no actual given
        entry("2026-01-08", plan=goals(("people met", 9, "people"))),  # no debrief: left out
    ]
    records = analyse.goal_records(calls)
    assert [(r.metric, r.unit, r.planned, r.reported, r.hit, r.target_total, r.actual_total)
            for r in records] == [
        ("people met", "people", 3, 2, 1, 5, 4),
        ("value", "%", 1, 0, 0, 0, 0),
        ("value", "USD", 1, 1, 0, 100, 80),
    ]
    assert records[0].hit_rate == pytest.approx(1 / 2)
    assert records[1].hit_rate is None
    assert analyse.goal_tally(records) == analyse.GoalTally(planned=5, reported=3, hit=1)
    assert analyse.calls_tally(calls) == analyse.goal_tally(records)


def test_goals_of_no_calls_and_of_one() -> None:
    assert analyse.goal_records([]) == []
    assert analyse.goal_tally([]) == analyse.GoalTally(0, 0, 0)
    assert analyse.calls_tally([]) == analyse.GoalTally(0, 0, 0)
    one = entry("2026-01-05", plan=goals(("demos", 1, "demos")),
                debrief={"outcome": "order", "goals": [{"metric": "demos", "actual": 2}]})
    [record] = analyse.goal_records([one])
    assert (record.planned, record.reported, record.hit, record.hit_rate) == (1, 1, 1, 1.0)
