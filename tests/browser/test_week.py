"""The rep's week, as a rep walks it on Monday morning: the home page's week, a call in it, the
call's prep brief, and from an objection the plan expects on to the objection library.

Links are clicked, never built. Screenshots of each step at 1,280 px and 390 px land in
test-artifacts/browser/week/, to be looked at.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import pytest
import yaml

from generator.analyse import MIN_CALLS

from .conftest import ARTIFACTS, REPO

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.slow

SHOTS = ARTIFACTS / "week"
WIDTHS = {"desktop": 1280, "phone": 390}
CALL = re.compile(r"/team/calls/([a-z0-9-]+)/(\d{4}-\d{2}-\d{2}-[a-z0-9-]+)/$")
TOO_FEW = re.compile(r"too few calls to say: the best so far worked \d+ of (\d+) tr(?:y|ies)")
BEST = re.compile(r"worked \d+ of (\d+) tr(?:y|ies)")


def sample_date() -> dt.date:
    team = yaml.safe_load((REPO / "plans" / "team.yaml").read_text(encoding="utf-8"))
    return dt.date.fromisoformat(str(team["sample_date"]))


def shot(page: Page, width: str, step: str, target: Locator) -> None:
    """What the rep sees at this step: the screen with `target` scrolled into it."""
    target.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{width}-{step}.png"))


def cells(row: Locator) -> list[str]:
    return [text.strip() for text in row.locator("td").all_inner_texts()]


def table_after(page: Page, words: str) -> Locator:
    """The first table after the paragraph that starts with `words`."""
    return page.locator(
        f"xpath=//article//p[starts-with(normalize-space(.), \"{words}\")]"
        "/following::table[1]")


@pytest.mark.parametrize("width", WIDTHS)
def test_from_the_week_to_a_prep_brief_and_on_to_the_library(page: Page, width: str) -> None:
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    today = sample_date()

    # 1. The home page opens on the week: the team's calls of the coming seven days.
    page.goto("/")
    week = page.locator("article h2#this-week")
    assert week.inner_text().removesuffix("¶").strip() == "This week"
    intro = page.locator("xpath=//article//h2[@id='this-week']/following-sibling::p[1]")
    assert re.match(rf"\d+ calls? from {today} to {today + dt.timedelta(days=6)} · ",
                    intro.inner_text())
    calls = page.locator("xpath=//article//h2[@id='this-week']/following::table[1]//tbody/tr")
    assert calls.count() >= 1
    dates = [dt.date.fromisoformat(cells(row)[0]) for row in calls.all()]
    assert all(today <= day <= today + dt.timedelta(days=6) for day in dates)
    first = calls.first
    date, title, rep, plan = cells(first)
    assert re.fullmatch(r"\d{1,3}/100", plan) and rep
    shot(page, width, "1-home", week)

    # 2. The call's page, reached by its link in the week, opens with its prep brief.
    first.locator("td").nth(1).locator("a").click()
    page.wait_for_url(CALL)
    match = CALL.search(page.url.split("#")[0])
    assert match is not None
    account, slug = match.groups()
    assert page.locator("article h1").inner_text().removesuffix("¶").strip() == title
    assert slug.startswith(date)
    brief = page.locator("article h2#before-this-call")
    assert brief.inner_text().removesuffix("¶").strip() == "Before this call"
    shot(page, width, "2-prep-brief", brief)

    # Each objection the plan expects, with the team's best-record answer and its count, or
    # "too few calls to say" below the team's small-sample rule.
    source = REPO / "plans" / account / f"{slug}.yaml"
    expected = yaml.safe_load(source.read_text(encoding="utf-8"))["plan"]["objections"]
    assert expected, f"{source.name} expects no objection: pick a call that does"
    record = table_after(page, "The team's record on the objections this plan expects")
    rows = record.locator("tbody tr")
    assert [cells(row)[0] for row in rows.all()] == [o["objection"] for o in expected]
    for row in rows.all():
        _, best, its_record = cells(row)
        few = TOO_FEW.fullmatch(its_record.split(";")[0])
        if few:
            assert best == "–" and int(few.group(1)) < MIN_CALLS
        else:
            tried = BEST.match(its_record)
            assert tried and int(tried.group(1)) >= MIN_CALLS and best not in {"", "–"}
    shot(page, width, "3-expected-objections", record)

    # 3. From an expected objection to its section of the objection library.
    topic = next(o["topic"] for o in expected if o.get("topic"))
    page.locator(f"article a[href$='objections/#{topic}']").first.click()
    page.wait_for_url(re.compile(rf"/team/objections/#{topic}$"))
    section = page.locator(f"article h2#{topic}")
    section.wait_for()
    vocabulary = yaml.safe_load((REPO / "plans/topics.yaml").read_text(encoding="utf-8"))
    label = next(t["label"] for t in vocabulary["topics"] if t["id"] == topic)
    assert section.inner_text().removesuffix("¶").strip() == label  # the team's label
    covers, summary = (page.locator(f"xpath=//article//h2[@id='{topic}']/following-sibling::p[{n}]")
                       for n in (1, 2))
    assert covers.inner_text().startswith("What it covers: ")
    assert re.match(r"Raised in \d+ calls?, planned for in \d+", summary.inner_text())
    top = section.bounding_box()
    assert top is not None and 0 <= top["y"] < 900, "the library did not open at the topic"
    shot(page, width, "4-library", section)
