"""A debrief's `felt` set against planning on the insights, with the outcome figures' rules
(counts, too few to say, correlation), on hand-built teams."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from test_felt_field import team

from generator import analyse, paths
from generator.analyse import outcomes
from generator.analyse.felt import FeltBand, felt_band, felt_by_effort, felt_reading
from generator.models.project import Project
from generator.pages.insights import describe_effort, insight_pages
from generator.pages.public import public_pages
from generator.pages.site import Site
from generator.read.project import read_project

TODAY = dt.date(2026, 4, 1)


def insights(project: Project) -> str:
    return insight_pages(Site(project, TODAY), None)[paths.INSIGHTS]


def section(page: str) -> str:
    """The insights' section on how calls felt, without its charts."""
    start = page.index("## Planning against how the call felt")
    text = page[start:page.index("## Outcomes", start)]
    return re.sub(r'<figure class="pb-figure">.*?</figure>', "", text, flags=re.S)


# --- the figures --------------------------------------------------------------------------------


def test_a_band_counts_ratings_and_leaves_out_debriefs_without_one() -> None:
    band = FeltBand("b", 0, 29, debriefed=9, counts=(1, 2, 0, 3, 1))
    assert (band.rated, band.unrated, band.rough, band.good) == (7, 2, 3, 4)
    assert band.average == pytest.approx((1 + 4 + 12 + 5) / 7)
    assert FeltBand("b", 0, 29, 3, (0, 0, 0, 0, 0)).average is None


def test_the_small_sample_rule_counts_rated_calls_not_debriefed_ones(tmp_path: Path) -> None:
    # 6 debriefed calls with under 30 minutes of planning, but only 4 rated: too few to say.
    project = team(tmp_path, [(20, 1), (20, 2), (20, 2), (20, 1), (20, None), (20, None)])
    [short, *_] = felt_by_effort(project)
    assert (short.debriefed, short.rated, short.enough) == (6, 4, False)
    text = section(insights(project))
    assert ("| under 30 min | 0–29 min | 6 | 4 | 4 of 4: too few to say | 0 of 4: too few to say "
            "| too few to say |") in text.splitlines()
    assert ("**Reading:** This rests on 4 rated calls: too few to say anything yet. A comparison "
            "needs at least two bands with 5 or more rated calls each; no band reaches that yet. "
            "2 debriefed calls have no rating and count in none of these figures.") in text


def test_the_rule_is_the_outcome_figures_own(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # Lower the one threshold and the felt figures follow it: there is no second one.
    project = team(tmp_path, [(20, 1), (20, 2), (20, 2), (90, 5), (90, 4), (90, 4)])
    assert not any(b.enough for b in felt_by_effort(project))
    monkeypatch.setattr(outcomes, "MIN_CALLS", 3)
    bands = felt_by_effort(project)
    assert [b.label for b in bands if b.enough] == ["under 30 min", "60–119 min"]


def test_enough_ratings_in_two_bands_are_compared_with_their_counts(tmp_path: Path) -> None:
    few = [(20, 1), (20, 2), (20, 2), (20, 3), (20, 4), (20, None)]
    many = [(90, 5), (90, 4), (90, 4), (90, 3), (90, 4), (90, 2), (90, None), (90, None)]
    lone = [(None, 5)]  # effort not recorded: shown, never compared
    project = team(tmp_path, few + many + lone)
    text = section(insights(project))
    lines = text.splitlines()
    assert "| under 30 min | 0–29 min | 6 | 5 | 60% (3 of 5) | 20% (1 of 5) | 2.4 |" in lines
    assert "| 60–119 min | 60–119 min | 8 | 6 | 17% (1 of 6) | 67% (4 of 6) | 3.7 |" in lines
    assert "| 30–59 min | 30–59 min | 0 | 0 | – | – | – |" in lines
    assert "| not recorded | not recorded | 1 | 1 | 0 of 1: too few to say | " \
           "1 of 1: too few to say | too few to say |" in lines
    reading = felt_reading(felt_by_effort(project), describe_effort)
    assert reading == (
        "Calls with 60–119 min of planning felt 3.7 on average (1 of 6 rough or hard going, 4 "
        "good or great); calls with under 30 min of planning 2.4 on average (3 of 5 rough or "
        "hard going, 1 good or great). This rests on 12 rated calls, 1 of them in bands too "
        "small to read. 3 debriefed calls have no rating and count in none of these figures. It "
        "is a correlation, not proof that planning made the call feel better.")
    assert f"**Reading:** {reading}" in lines
    assert "Correlation, not cause" in text


def test_the_chart_draws_a_bar_only_where_there_are_enough_ratings(tmp_path: Path) -> None:
    project = team(tmp_path, [(20, 1), (20, 2), (90, 5), (90, 4), (90, 4), (90, 3), (90, 4)])
    page = insights(project)
    chart = re.search(r'aria-label="How calls felt to the rep by planning effort".*?</svg>',
                      page, re.S)
    assert chart is not None
    values = re.findall(r'class="pb-value"[^>]*>([^<]*)<', chart.group(0))
    assert values == ["too few to say (2 rated)", "no ratings", "4.0 (5 rated)", "no ratings"]
    assert chart.group(0).count('class="pb-bar') == 1


def test_no_rating_at_all_says_so(tmp_path: Path) -> None:
    project = team(tmp_path, [(20, None), (90, None)])
    assert ("**Reading:** No debrief rates how the call felt yet, so there is nothing to "
            "compare.") in section(insights(project))
    assert felt_reading([felt_band("thin", 0, 39, ())], str) == (
        "No call has a debrief yet, so there is nothing to compare.")


def test_the_public_insights_show_the_team_bands_and_no_rep(tmp_path: Path) -> None:
    calls = [(20, 1), (20, 2), (20, 2), (20, 3), (20, 4), (90, 5), (90, 4), (90, 4), (90, 3),
             (90, 4)]
    project = team(tmp_path, calls, rep="lee-m")
    site = Site(project, TODAY)
    public = public_pages(site, None, [])[paths.INSIGHTS]
    team_text = section(insights(project))
    assert section(public) == team_text  # the same team-level figures in both editions
    assert "| under 30 min | 0–29 min | 5 | 5 | 60% (3 of 5) | 20% (1 of 5) | 2.4 |" in public
    assert "Lee" not in public and "lee-m" not in public


def test_the_sample_rates_most_debriefs_and_reads_a_comparison() -> None:
    from conftest import REPO  # noqa: PLC0415 - the sample, only here

    site = Site(read_project(REPO), dt.date(2026, 12, 7))
    bands = felt_by_effort(site.project)
    rated = sum(b.rated for b in bands)
    unrated = sum(b.unrated for b in bands)
    assert rated > unrated > 0  # the sample shows how missing ratings are counted
    solid = [b for b in bands if b.low is not None and b.enough]
    assert len(solid) >= 2
    page = insights(site.project)
    assert f"This rests on {rated} rated calls" in section(page)
    assert analyse.MIN_CALLS == outcomes.MIN_CALLS
