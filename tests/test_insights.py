"""The Insights page: charts are valid, escaped SVG, and every figure on it is the analysis's."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import REPO, write
from insights_fixture import TODAY as FIXTURE_TODAY
from insights_fixture import call_yaml, make_team

from generator import analyse, paths
from generator.analyse.alerts import alerts
from generator.analyse.felt import felt_by_completeness, felt_by_effort, felt_reading
from generator.models.project import Project
from generator.pages.charts import Bar, bar_chart, count_ticks, figure, rate_ticks
from generator.pages.escape import inline
from generator.pages.insights import insight_pages
from generator.pages.site import Site
from generator.read.project import read_project

SVG = "{http://www.w3.org/2000/svg}"
SAMPLE_TODAY = dt.date(2026, 11, 26)


def pct(part: int, whole: int) -> str:
    return f"{round(part / whole * 100)}%"


def svgs(text: str) -> list[ET.Element]:
    """Every chart in a page, parsed as XML: this fails on any SVG that is not well-formed."""
    return [ET.fromstring(m) for m in re.findall(r'<svg class="pb-chart".*?</svg>', text, re.S)]


def chart_values(chart: ET.Element) -> list[tuple[str, str]]:
    """(label, value text) of each row of a chart."""
    labels = [t.text or "" for t in chart.iter(f"{SVG}text") if t.get("class") == "pb-label"]
    values = [t.text or "" for t in chart.iter(f"{SVG}text") if t.get("class") == "pb-value"]
    return list(zip(labels, values, strict=True))


# --- charts ------------------------------------------------------------------------------------


def test_a_chart_is_valid_svg_with_a_title_and_escaped_labels() -> None:
    hostile = "<script>alert('x')</script> & \"Co\""
    chart = bar_chart("Rates & <things>", [Bar(hostile, 0.5, "50% (1 of 2)")], rate_ticks())
    assert "<script" not in chart
    root = ET.fromstring(str(chart))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img" and root.get("class") == "pb-chart"
    assert root.get("aria-label") == "Rates & <things>"
    assert root.find(f"{SVG}title") is not None
    assert root.find(f"{SVG}title").text == "Rates & <things>"  # type: ignore[union-attr]
    assert chart_values(root) == [(hostile[:25] + "…", "50% (1 of 2)")]  # cut at 26 characters


def test_bars_are_as_long_as_their_share_and_absent_without_a_value() -> None:
    chart = bar_chart("t", [Bar("half", 0.5, "a"), Bar("none", None, "b"), Bar("over", 1.7, "c"),
                            Bar("zero", 0.0, "d")], rate_ticks())
    widths = [r.get("width") for r in ET.fromstring(str(chart)).iter(f"{SVG}rect")]
    assert widths == ["150", "300", "1"]  # 300px is the whole scale; a zero shows as a sliver


def test_a_figure_is_one_html_block_with_its_caption() -> None:
    block = figure(bar_chart("t", [Bar("a", 0.2, "x")] * 3, rate_ticks()), "Says <what>.")
    assert block.startswith('<figure class="pb-figure">\n<svg')
    assert block.endswith("<figcaption>Says &lt;what&gt;.</figcaption>\n</figure>")
    assert "\n\n" not in block and "\n " not in block


def test_an_empty_chart_is_still_valid() -> None:
    root = ET.fromstring(str(bar_chart("Nothing", [], count_ticks(0))))
    assert chart_values(root) == []


def test_count_ticks() -> None:
    assert count_ticks(0) == [(0.0, "0")]
    assert count_ticks(5) == [(0.0, "0"), (1.0, "5")]
    assert count_ticks(8) == [(0.0, "0"), (0.5, "4"), (1.0, "8")]


# --- the page on the sample team ---------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> tuple[Site, str]:
    site = Site(read_project(REPO), SAMPLE_TODAY)
    return site, insight_pages(site, None)[paths.INSIGHTS]


def test_the_sample_page_has_six_valid_charts(sample: tuple[Site, str]) -> None:
    site, page = sample
    charts = svgs(page)
    held = site.past(site.project.calls)  # a call debriefed after this test's day counts not
    assert [c.get("aria-label") for c in charts] == [
        "Order-or-advance rate by planning completeness",
        "Order-or-advance rate by planning effort",
        "How calls felt to the rep by planning completeness",
        "How calls felt to the rep by planning effort",
        f"Outcomes of the {analyse.rates(c.brief for c in held).debriefed} debriefed calls",
        "Order-or-advance rate by rep",
    ]
    assert page.count("<figcaption>") == 6
    assert "<script" not in page


def band_text(b: analyse.Band) -> str:
    r = b.rates
    if r.debriefed == 0:
        return "no debriefed calls"
    if r.debriefed < 5:
        return f"too few calls to say ({r.debriefed})"
    return f"{pct(r.wins, r.debriefed)} ({r.wins} of {r.debriefed})"


def test_the_sample_headline_matches_the_analysis(sample: tuple[Site, str]) -> None:
    site, page = sample
    r = analyse.rates(c.brief for c in site.past(site.project.calls))
    upcoming = len(site.project.calls) - r.calls
    cov = analyse.coverage(site.project.calls, SAMPLE_TODAY)
    assert r.enough and r.met_enough and cov.past  # the sample is big enough for every rate
    met = r.objective_met["yes"]
    for row in [
        f"| Calls held | {r.calls} | {r.debriefed} with a debrief; {upcoming} more still to "
        "come |",
        f"| Order or advance | {pct(r.wins, r.debriefed)} | {r.wins} of {r.debriefed} debriefed "
        "calls |",
        f"| Order | {pct(r.outcomes['order'], r.debriefed)} | {r.outcomes['order']} of "
        f"{r.debriefed} debriefed calls |",
        f"| No sale | {pct(r.outcomes['no-sale'], r.debriefed)} | {r.outcomes['no-sale']} of "
        f"{r.debriefed} debriefed calls |",
        f"| Objective fully met | {pct(met, r.judged)} | {met} of {r.judged} debriefs that "
        "judged it |",
        f"| Debrief coverage | {pct(cov.debriefed, cov.past)} | {cov.debriefed} of {cov.past} "
        "past calls |",
    ]:
        assert row in page.splitlines()


def test_the_sample_bands_match_the_analysis(sample: tuple[Site, str]) -> None:
    site, page = sample
    lines = page.splitlines()
    charts = svgs(page)
    completeness = analyse.completeness_bands(site.project, site.scores)
    effort = analyse.effort_bands(site.project)
    for bands, chart in ((completeness, charts[0]), (effort, charts[1])):
        assert chart_values(chart) == [(b.label, band_text(b)) for b in bands]
        for b in bands:
            r = b.rates
            rate = ("no debriefed calls" if r.debriefed == 0 else "too few calls to say"
                    if r.debriefed < 5 else pct(r.wins, r.debriefed))
            assert any(line.startswith(f"| {b.label} | ") and
                       line.endswith(f" | {r.debriefed} | {r.wins} | {rate} |") for line in lines)
    readings = [line for line in lines if line.startswith("**Reading:** ")]
    assert readings == [
        "**Reading:** " + analyse.reading(completeness, lambda x: f"{x} plans"),
        "**Reading:** " + analyse.reading(effort, lambda x: f"calls with {x} of planning"),
        "**Reading:** " + felt_reading(felt_by_completeness(site.project, site.scores),
                                       lambda x: f"{x} plans"),
        "**Reading:** " + felt_reading(felt_by_effort(site.project),
                                       lambda x: f"calls with {x} of planning"),
    ]
    assert all("correlation" in line for line in readings)


def test_the_sample_outcomes_and_reps_match_the_analysis(sample: tuple[Site, str]) -> None:
    site, page = sample
    calls = site.past(site.project.calls)  # outcomes count calls already held only
    r = analyse.rates(c.brief for c in calls)
    labels = {"order": "Order", "advance": "Advance", "continuation": "Continuation",
              "no-sale": "No sale"}
    charts = svgs(page)
    assert chart_values(charts[4]) == [
        (labels[k], f"{r.outcomes[k]} ({pct(r.outcomes[k], r.debriefed)})") for k in labels]
    rep_values = []
    for rep in site.project.team.reps:
        mine = analyse.rates(c.brief for c in calls if c.brief.rep == rep.id)
        wins = (f"{pct(mine.wins, mine.debriefed)} ({mine.wins} of {mine.debriefed})"
                if mine.debriefed >= 5 else f"{mine.wins} of {mine.debriefed}: too few"
                if mine.debriefed else "–")
        row = f"| [{rep.name}](../reps/{rep.id}.md) | {mine.debriefed} of {mine.calls} |"
        line = next(x for x in page.splitlines() if x.startswith(row))
        assert f" | {wins} | " in line
        rep_values.append(band_text(analyse.Band(rep.name, 0, None, mine)))
    assert [v for _, v in chart_values(charts[5])] == rep_values


def wins_cell(r: analyse.Rates) -> str:
    if r.debriefed == 0:
        return "–"
    if r.debriefed < 5:
        return f"{r.wins} of {r.debriefed}: too few"
    return f"{pct(r.wins, r.debriefed)} ({r.wins} of {r.debriefed})"


def test_the_sample_rates_by_type_and_month_match_the_analysis(
        sample: tuple[Site, str]) -> None:
    site, page = sample
    calls = site.past(site.project.calls)
    lines = page.splitlines()
    by_type = analyse.rates_by(calls, lambda e: e.call.type)
    by_month = analyse.rates_by(calls, analyse.month_of)
    assert len(by_type) > 3 and len(by_month) > 3
    for label, r in [*((k.capitalize(), v) for k, v in by_type.items()),
                     *((dt.date.fromisoformat(f"{k}-01").strftime("%B %Y"), v)
                       for k, v in by_month.items())]:
        line = next(x for x in lines if re.match(rf"\| \[?{re.escape(label)}(\]| \|)", x))
        assert f" | {r.debriefed} of {r.calls} | " in line
        assert f" | {wins_cell(r)} | " in line


def test_the_sample_debriefs_objections_goals_and_warnings_match(
        sample: tuple[Site, str]) -> None:
    site, page = sample
    calls = site.project.calls
    lines = page.splitlines()
    cov = analyse.coverage(calls, SAMPLE_TODAY)
    assert f"| Past calls | {cov.past} |" in lines
    overdue = next(len(a.calls) for a in alerts(site.project, SAMPLE_TODAY)
                   if a.rule == "no-debrief")
    assert f"| Past calls with no debrief | {cov.missing}, of them [{overdue} overdue]" \
        "(warnings.md#no-debrief) |" in lines
    assert f"| Written within a day | {cov.within_a_day} |" in lines
    for g in analyse.objection_groups(calls, site.project.topics):
        assert any(x.startswith(f"| [{g.label}](../objections.md#{g.anchor}) | {g.raised} | "
                                f"{g.planned} | ") for x in lines)
    tally = analyse.goal_tally(analyse.goal_records(calls))
    assert any(x.startswith(f"| **All reps** | {tally.planned} | {tally.reported} | "
                            f"{pct(tally.hit, tally.reported)} ({tally.hit} of") for x in lines)
    for a in alerts(site.project, SAMPLE_TODAY, None):
        assert f"| [{a.title}](warnings.md#{a.rule}) | {len(a.calls)} |" in lines


# --- small and hostile teams -------------------------------------------------------------------


def page_of(project: Project, today: dt.date) -> str:
    return insight_pages(Site(project, today), None)[paths.INSIGHTS]


def test_a_team_with_no_calls_gets_a_page_that_says_so(tmp_path: Path) -> None:
    write(tmp_path, "plans/team.yaml", "reps:\n  - id: solo\n    name: Solo\n")
    page = page_of(read_project(tmp_path), FIXTURE_TODAY)
    lines = page.splitlines()
    assert "| Order or advance | – | 0 of 0 debriefed calls |" in lines
    assert "| Debrief coverage | no past calls yet | 0 of 0 past calls |" in lines
    assert lines.count("**Reading:** No call has a debrief yet, so there is no outcome to "
                       "compare.") == 2
    assert "No objection has been planned for or raised yet." in lines
    assert len(svgs(page)) == 6


def test_a_single_call_reads_too_few_calls_to_say(tmp_path: Path) -> None:
    write(tmp_path, "plans/team.yaml", "reps:\n  - id: solo\n    name: Solo\n")
    write(tmp_path, "plans/acme/account.yaml", "name: Acme\n")
    write(tmp_path, "plans/acme/2026-03-02-demo.yaml",
          call_yaml("2026-03-02", "solo", "demo", outcome="order", met="yes", effort=45))
    page = page_of(read_project(tmp_path), FIXTURE_TODAY)
    lines = page.splitlines()
    assert "| Order or advance | too few calls to say | 1 of 1 debriefed calls |" in lines
    assert "| 30–59 min | 30–59 min | 1 | 1 | too few calls to say |" in lines
    assert "| Median debrief latency | 0 days | 1 dated debriefs; 1 within a day; longest " \
           "0 days |" in lines
    assert ("**Reading:** This rests on 1 debriefed call: too few to say anything yet. A "
            "comparison needs at least two bands with 5 or more debriefed calls each; no band "
            "reaches that yet.") in lines
    assert chart_values(svgs(page)[1])[1] == ("30–59 min", "too few calls to say (1)")


def test_names_from_yaml_are_escaped_in_tables_and_charts(tmp_path: Path) -> None:
    make_team(tmp_path)
    name = "<img src=x onerror=alert(1)> *Lee*"
    write(tmp_path, "plans/team.yaml",
          f"reps:\n  - id: dana-k\n    name: Dana\n  - id: lee-m\n    name: '{name}'\n")
    page = page_of(read_project(tmp_path), FIXTURE_TODAY)
    assert "<img" not in page
    assert f"| [{inline(name)}](../reps/lee-m.md) | 3 of 4 |" in page
    assert [label for label, _ in chart_values(svgs(page)[5])] == ["Dana", name[:25] + "…"]


# --- a real build ------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_sample_site_builds_with_the_charts_inline(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    for name in ("mkdocs.yml", "plans", "content"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("team"))
        else:
            shutil.copy(source, tmp_path / name)
    result = run(tmp_path, "--today", SAMPLE_TODAY.isoformat(), "build")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "site/team/insights/index.html").read_text(encoding="utf-8")
    charts = svgs(html)
    assert len(charts) == 6
    assert html.count('<figure class="pb-figure">') == 6
    site = Site(read_project(tmp_path), SAMPLE_TODAY)
    bands = analyse.completeness_bands(site.project, site.scores)
    assert chart_values(charts[0]) == [(b.label, band_text(b)) for b in bands]
    r = analyse.rates(c.brief for c in site.project.calls)
    assert f"<td>{pct(r.wins, r.debriefed)}</td>" in html
    assert 'id="no-debrief"' in (tmp_path / "site/team/insights/warnings/index.html").read_text(
        encoding="utf-8")
