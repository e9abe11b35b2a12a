"""The Insights section's pages: figures from the analysis, as tables, charts and plain words."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass

from markupsafe import Markup

from generator import analyse, paths
from generator.analyse import Band, Rates, percent
from generator.analyse.alerts import Alert, alerts
from generator.analyse.felt import FeltBand, felt_by_completeness, felt_by_effort, felt_reading
from generator.analyse.followup import follow_through
from generator.analyse.review import Review
from generator.models.project import CallEntry
from generator.output.write import KEEP
from generator.pages.alertpage import SHOWN_WARNINGS, by_rep, warning_views
from generator.pages.calls import TYPE_LABELS
from generator.pages.charts import Bar, bar_chart, count_ticks, figure, rate_ticks
from generator.pages.render import OUTCOME_LABELS, render
from generator.pages.site import Site
from generator.vocabulary import FELT, OUTCOMES

TYPE_ORDER = ("discovery", "demo", "proposal", "negotiation", "closing", "follow-up", "review",
              "other")
TOO_FEW = "too few calls to say"


def rate_cell(part: int, whole: int, enough: bool, few: str = TOO_FEW) -> str:
    """A rate with the count behind it; below the minimum, only the count and `few`."""
    if whole == 0:
        return "–"
    if not enough:
        return f"{part} of {whole}: {few}" if few else f"{part} of {whole}"
    return f"{percent(part / whole)} ({part} of {whole})"


def record_cell(worked: int, partly: int, tried: int) -> str:
    """How a response fared: '2 of 3 worked' and the partial successes, if any."""
    text = f"{worked} of {tried} worked"
    return f"{text}, {partly} partly" if partly else text


def days(value: float | None) -> str:
    if value is None:
        return "–"
    text = f"{value:g}"
    return f"{text} day" if value == 1 else f"{text} days"


def describe_completeness(label: str) -> str:
    return f"{label} plans"


def describe_effort(label: str) -> str:
    return f"calls with {label} of planning"


@dataclass(frozen=True)
class Group:
    """One row of a breakdown table: a rep, a call type or a month, and its rates."""

    label: str
    page: str | None
    rates: Rates


def band_range(band: Band, unit: str) -> str:
    if band.low is None:
        return "not recorded"
    if band.high is None:
        return f"{band.low} {unit} or more"
    return f"{band.low}–{band.high}{' ' + unit if unit else ''}"


def win_chart(title: str, items: Sequence[tuple[str, Rates]], caption: str) -> Markup:
    """Order-or-advance rate per item; no bar where there are too few calls to say."""
    bars = []
    for label, r in items:
        if r.enough and r.win_rate is not None:
            text = f"{percent(r.win_rate)} ({r.wins} of {r.debriefed})"
            bars.append(Bar(label, r.win_rate, text))
        else:
            text = "no debriefed calls" if r.debriefed == 0 else f"{TOO_FEW} ({r.debriefed})"
            bars.append(Bar(label, None, text))
    return figure(bar_chart(title, bars, rate_ticks()), caption)


def felt_chart(title: str, bands: Sequence[FeltBand], caption: str) -> Markup:
    """The average rating per band, on the scale 1 to 5; no bar with too few ratings."""
    bars = []
    for b in bands:
        if b.enough and b.average is not None:
            bars.append(Bar(b.label, (b.average - 1) / 4, f"{b.average:.1f} ({b.rated} rated)"))
        else:
            text = "no ratings" if b.rated == 0 else f"too few to say ({b.rated} rated)"
            bars.append(Bar(b.label, None, text))
    ticks = [((n - 1) / 4, f"{n} {FELT[n]}") for n in (1, 3, 5)]
    return figure(bar_chart(title, bars, ticks), caption)


def outcome_chart(overall: Rates) -> Markup:
    largest = max(overall.outcomes.values(), default=0)
    bars = [Bar(OUTCOME_LABELS[o], overall.outcomes[o] / largest if largest else None,
                f"{overall.outcomes[o]} ({percent(overall.rate(o) or 0.0)})", o)
            for o in OUTCOMES]
    title = f"Outcomes of the {overall.debriefed} debriefed calls"
    return figure(bar_chart(title, bars, count_ticks(largest)),
                  f"{title}: how many ended in each outcome, and the share of all debriefed calls.")


def _felt_caption(band: str) -> str:
    return (f"The reps' average rating of how their debriefed calls went for them, from 1 "
            f"(rough) to 5 (great), per band of {band}. Bands with fewer than "
            f"{analyse.MIN_CALLS} rated calls show no bar.")


class Insights:
    """Every figure of the Insights page, computed once from a Site."""

    def __init__(self, site: Site, first_commits: Mapping[str, dt.date] | None,
                 found: list[Alert] | None = None) -> None:
        project = site.project
        calls = project.calls
        self.site = site
        self.history = first_commits is not None
        past = site.past(calls)  # outcomes, rates and months: calls already held, only
        self.upcoming = len(calls) - len(past)
        self.overall = analyse.rates(c.brief for c in past)
        self.completeness = analyse.completeness_bands(project, site.scores)
        self.effort = analyse.effort_bands(project)
        self.felt_completeness = felt_by_completeness(project, site.scores)
        self.felt_effort = felt_by_effort(project)
        self.coverage = analyse.coverage(calls, site.today)
        self.objections = site.objections
        self.goals = analyse.goal_records(calls)
        self.alerts: list[Alert] = (alerts(project, site.today, first_commits) if found is None
                                    else found)
        self.overdue = sum(len(a.calls) for a in self.alerts if a.rule == "no-debrief")
        by_rep = analyse.rates_by(past, lambda e: e.brief.rep)
        self.reps = [Group(r.name, paths.rep(r.id), by_rep.get(r.id, analyse.rates([])))
                     for r in project.team.reps]  # every rep, in team order, even with no calls
        self.goal_total = analyse.goal_tally(self.goals)
        rep_calls: dict[str, list[CallEntry]] = defaultdict(list)
        for c in calls:  # grouped once: filtering every call for every rep is quadratic
            rep_calls[c.brief.rep].append(c)
        self.goal_reps = [(g, analyse.calls_tally(rep_calls.get(r.id, [])))
                          for g, r in zip(self.reps, project.team.reps, strict=True)]
        self.repeated_goals = [g for g in self.goals if g.planned > 1]
        kept = follow_through(project.calls, site.today, site.closed)
        self.follow = [(g, *kept.get(r.id, (0, 0)))
                       for g, r in zip(self.reps, project.team.reps, strict=True)]
        by_type = analyse.rates_by(past, lambda e: e.brief.type, TYPE_ORDER)
        self.types = [Group(TYPE_LABELS.get(k, k.capitalize()), None, v)
                      for k, v in by_type.items()]
        by_month = analyse.rates_by(past, analyse.month_of)
        self.months = [Group(dt.date.fromisoformat(f"{k}-01").strftime("%B %Y"),
                             paths.month(k) if v.debriefed else None, v)
                       for k, v in by_month.items()]

    def readings(self) -> dict[str, str]:
        return {
            "completeness": analyse.reading(self.completeness, describe_completeness),
            "effort": analyse.reading(self.effort, describe_effort),
            "felt_completeness": felt_reading(self.felt_completeness, describe_completeness),
            "felt_effort": felt_reading(self.felt_effort, describe_effort),
        }

    def headline(self) -> list[tuple[str, str, str]]:
        """(figure, value, what it rests on) rows for the top of the page and the terminal."""
        o, c = self.overall, self.coverage
        rows = [("Calls held", str(o.calls),
                 f"{o.debriefed} with a debrief; {self.upcoming} more still to come"),
                ("Order or advance", _rate(o.wins, o.debriefed, o.enough),
                 f"{o.wins} of {o.debriefed} debriefed calls")]
        rows += [(OUTCOME_LABELS[k], _rate(o.outcomes[k], o.debriefed, o.enough),
                  f"{o.outcomes[k]} of {o.debriefed} debriefed calls") for k in OUTCOMES]
        rows += [
            ("Objective fully met", _rate(o.objective_met["yes"], o.judged, o.met_enough),
             f"{o.objective_met['yes']} of {o.judged} debriefs that judged it"),
            ("Debrief coverage", percent(c.rate) if c.rate is not None else "no past calls yet",
             f"{c.debriefed} of {c.past} past calls"),
            ("Median debrief latency", days(c.median_latency),
             f"{len(c.latencies)} dated debriefs; {c.within_a_day} within a day; "
             f"longest {days(c.max_latency)}"),
        ]
        return rows

    def charts(self) -> dict[str, Markup]:
        return {
            "completeness": win_chart(
                "Order-or-advance rate by planning completeness",
                [(b.label, b.rates) for b in self.completeness],
                "Share of debriefed calls ending in an order or an advance, per band of plan "
                f"completeness. Bands with fewer than {analyse.MIN_CALLS} debriefed calls show "
                "no bar."),
            "effort": win_chart(
                "Order-or-advance rate by planning effort",
                [(b.label, b.rates) for b in self.effort],
                "Share of debriefed calls ending in an order or an advance, per band of minutes "
                f"spent planning. Bands with fewer than {analyse.MIN_CALLS} debriefed calls show "
                "no bar."),
            "felt_completeness": felt_chart(
                "How calls felt to the rep by planning completeness", self.felt_completeness,
                _felt_caption("plan completeness")),
            "felt_effort": felt_chart(
                "How calls felt to the rep by planning effort", self.felt_effort,
                _felt_caption("minutes spent planning")),
            "outcomes": outcome_chart(self.overall),
            "reps": win_chart(
                "Order-or-advance rate by rep", [(g.label, g.rates) for g in self.reps],
                "Share of each rep's debriefed calls ending in an order or an advance. Reps with "
                f"fewer than {analyse.MIN_CALLS} debriefed calls show no bar."),
        }


def felt_scale() -> str:
    """The rating scale in words, for the pages that explain it: '1 rough, ..., 5 great'."""
    return ", ".join(f"{n} {word}" for n, word in FELT.items())


def _rate(part: int, whole: int, enough: bool) -> str:
    if whole == 0:
        return "–"
    return percent(part / whole) if enough else TOO_FEW


def insight_pages(site: Site, first_commits: Mapping[str, dt.date] | None,
                  keep: Set[str] = frozenset(), found: list[Alert] | None = None,
                  reviews: Sequence[Review] = ()) -> dict[str, str]:
    """The insights overview and the warnings page; those in `keep` are given as KEEP.
    `found` are the warnings, if worked out already (from `first_commits`); `reviews`, the
    pages and exemplary calls the warnings page lists as needing a review."""
    if paths.INSIGHTS in keep and paths.WARNINGS in keep:
        return {paths.INSIGHTS: KEEP, paths.WARNINGS: KEEP}
    if found is None:
        found = alerts(site.project, site.today, first_commits)
    steps = site.overdue_steps
    out = {paths.WARNINGS: KEEP if paths.WARNINGS in keep else render(
        "warnings.md.j2", paths.WARNINGS, paths=paths, alerts=warning_views(site.row, found),
        today=site.today, history=first_commits is not None, reviews=reviews,
        overdue=[(o, site.row(o.entry)) for o in steps[:SHOWN_WARNINGS]],
        overdue_count=len(steps), by_rep=by_rep(site.reps, found, steps),
        shown=SHOWN_WARNINGS, reps=site.reps)}
    if paths.INSIGHTS in keep:
        out[paths.INSIGHTS] = KEEP
        return out
    data = Insights(site, first_commits, found)
    out[paths.INSIGHTS] = render(
        "insights.md.j2", paths.INSIGHTS, paths=paths, data=data, today=site.today,
        headline=data.headline(), charts=data.charts(), readings=data.readings(),
        warnings=found, rate_cell=rate_cell, record_cell=record_cell, band_range=band_range,
        outcomes=[(k, OUTCOME_LABELS[k]) for k in OUTCOMES], min_calls=analyse.MIN_CALLS,
        enough=analyse.enough, felt_scale=felt_scale(),
    )
    return out
