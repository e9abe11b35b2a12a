"""The built sample site in a real browser: what a rep, a manager and a new hire do on it.

Every test's page fails on a request leaving the local server or a console error (see the
`page` fixture), and leaves a screenshot under test-artifacts/browser/.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
import yaml

from .conftest import ARTIFACTS, REPO, Watch

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.slow

CALL = re.compile(r"/team/calls/[a-z0-9-]+/\d{4}-\d{2}-\d{2}-[a-z0-9-]+/")
OBJECTION = "incumbent"  # a topic several sample calls plan for


def heading(page: Page, selector: str) -> str:
    """A heading's text without the permalink sign MkDocs appends to it."""
    return page.locator(selector).inner_text().removesuffix("¶").strip()


def find(page: Page, words: str) -> None:
    """Search the call pages and the handbook on the Search page (the header's search box
    covers the handbook only)."""
    page.goto("/search/")
    page.get_by_label("Search for").fill(words)
    page.locator("#pb-search-status").filter(has_text="found").wait_for()


def test_search_for_an_objection_reaches_the_call_that_met_it(page: Page) -> None:
    # What a rep does before a call: type what the customer is likely to say.
    source = REPO / "plans" / "northgate-hvac" / "2026-05-06-discovery-with-coo.yaml"
    plan = yaml.safe_load(source.read_text(encoding="utf-8"))["plan"]
    said = next(o["objection"] for o in plan["objections"] if o["topic"] == OBJECTION)
    find(page, said.rstrip("."))
    result = page.locator(
        f"#pb-search-results a[href*='/team/calls/northgate-hvac/{source.stem}/']"
    )
    result.first.click()
    page.wait_for_url(CALL)
    assert page.url.split("?")[0].endswith(f"/team/calls/northgate-hvac/{source.stem}/")
    # The objection expected, in the plan's words, beside the one raised on its topic.
    pair = page.locator("article .pb-pair").filter(has_text=said)
    assert pair.count() == 1
    sides = [side.strip() for side in pair.locator(".pb-side").all_text_contents()]
    assert sides[0] == "Expected" and sides[1] in {"Raised", "Not raised"}


def test_search_reaches_the_objection_library_and_on_to_a_call(page: Page) -> None:
    find(page, OBJECTION)
    library = page.locator("#pb-search-results a[href*='/team/objections/']")
    more = page.locator("#pb-search-more")
    while library.count() == 0 and more.is_visible():  # among the calls that met it
        shown = page.locator("#pb-search-results li").count()
        more.click()
        page.wait_for_function(
            f"document.querySelectorAll('#pb-search-results li').length > {shown}")
    library.click()
    page.wait_for_url(re.compile(r"/team/objections/"))
    section = page.locator(f"h2#{OBJECTION}")
    # The heading is the topic's label in plans/topics.yaml; the anchor keeps its id.
    assert heading(page, f"h2#{OBJECTION}") == "Incumbent or competitor"
    # The section's list of the newest calls that met this objection links to their pages
    # (the paragraph starts "Calls:", or "Calls (the 12 newest of N):" when there are more).
    first_call = section.locator(
        "xpath=following-sibling::p[starts-with(normalize-space(.), 'Calls')][1]//a"
    ).first
    first_call.click()
    page.wait_for_url(CALL)
    # The call page names the topic and links back to its section of the library.
    assert page.locator(f"article a[href$='objections/#{OBJECTION}']").count() >= 1


def test_a_call_page_shows_the_plan_the_debrief_and_the_goals(page: Page) -> None:
    page.goto("/team/calls/northgate-hvac/2026-05-06-discovery-with-coo/")
    assert heading(page, "h1") == "Discovery with the COO and service operations"
    assert page.locator("h2#plan").is_visible()
    assert page.locator("h2#debrief").is_visible()
    assert (
        "Understand what last summer's peak cost Northgate" in page.locator("article").inner_text()
    )
    goals = page.locator("article table").filter(has=page.locator("th", has_text="Actual"))
    headers = goals.first.locator("th").all_inner_texts()
    assert headers[:3] == ["Goal", "Target", "Actual"]
    rows = goals.first.locator("tbody tr")
    assert rows.count() == 3
    assert rows.first.locator("td").all_inner_texts()[:3] == [
        "pain points quantified in dollars or hours",
        "3 pain points",
        "4 pain points",
    ]


def test_a_call_page_s_checklist_shows_and_says_which_items_are_done(page: Page) -> None:
    # Plain items whose box the stylesheet draws (callhtml.checklist): each box must be seen,
    # ticked in the theme's green or not, and its state must reach a screen reader as words.
    page.goto("/team/calls/northgate-hvac/2026-05-06-discovery-with-coo/")
    plan = yaml.safe_load(next((REPO / "plans" / "northgate-hvac").glob(
        "2026-05-06-*.yaml")).read_text(encoding="utf-8"))["plan"]
    checklists = yaml.safe_load((REPO / "plans" / "checklists.yaml").read_text(encoding="utf-8"))
    expected = [f"{'Done' if item['id'] in plan['checklist'] else 'To do'}: {item['text']}"
                for phase in checklists["phases"] if phase["id"].startswith("pre-sales")
                for item in phase["items"]]
    items = page.locator("article .pb-checklist li")
    snapshot = page.locator("article .pb-checklist").aria_snapshot()
    assert re.findall(r'^\s*- listitem: "?(.*?)"?$', snapshot, re.MULTILINE) == expected
    assert "Done" in expected[0] and any(e.startswith("To do") for e in expected)
    for item, line in zip(items.all(), expected, strict=True):
        box = item.evaluate("""e => { const s = getComputedStyle(e, '::before');
            return [s.width, s.height, s.backgroundColor, s.maskImage || s.webkitMaskImage]; }""")
        assert box[0] == box[1] and float(box[0].removesuffix("px")) > 10, box
        assert box[3].startswith("url("), box
        assert (box[2] == "rgb(0, 230, 118)") == line.startswith("Done"), (line, box)
    # In a high-contrast mode a done item's icon takes the text's colour, and an item to do is
    # a ring of it: seen, and told apart without the theme's green.
    page.emulate_media(forced_colors="active")
    for item, line in zip(items.all(), expected, strict=True):
        box = item.evaluate("""e => { const s = getComputedStyle(e, '::before');
            return [s.backgroundColor, s.borderTopColor, s.borderTopWidth, s.maskImage,
                    getComputedStyle(e).color]; }""")
        if line.startswith("Done"):
            assert box[0] == box[4] and box[3].startswith("url("), box
        else:
            assert box[1] == box[4] and box[2] != "0px" and box[3] == "none", box


def test_a_phase_page_shows_its_checklist(page: Page) -> None:
    page.goto("/model/planning/")
    assert heading(page, "h1") == "Pre-Sales: planning"
    assert page.locator("h2#checklist").is_visible()
    checklists = yaml.safe_load((REPO / "plans" / "checklists.yaml").read_text(encoding="utf-8"))
    phase = next(p for p in checklists["phases"] if p["id"] == "pre-sales-planning")
    items = page.locator("article li.task-list-item")
    assert items.locator("strong").all_inner_texts() == [item["text"] for item in phase["items"]]
    assert items.locator("input[type=checkbox]").count() == len(phase["items"])


def test_the_insights_page_shows_its_charts(page: Page) -> None:
    page.goto("/team/insights/")
    charts = page.locator("article svg.pb-chart")
    assert charts.count() >= 1, "no svg.pb-chart on the insights page"
    for chart in charts.all():
        box = chart.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 50
        assert chart.get_attribute("role") == "img"
        assert chart.get_attribute("aria-label")  # a screen reader names each chart
        assert chart.locator("rect, path, line, circle").count() > 0  # it draws something


def test_dark_mode_switches_and_is_remembered(page: Page) -> None:
    page.goto("/")
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.locator("label[title='Switch to dark mode']").click()
    assert body.get_attribute("data-md-color-scheme") == "slate"
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert dark != light
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home-dark.png"))
    page.goto("/model/planning/")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    page.locator("label[title='Switch to light mode']").click()
    assert page.locator("body").get_attribute("data-md-color-scheme") == "default"


PAGES = [
    "/",
    "/model/planning/",
    "/team/calls/northgate-hvac/2026-05-06-discovery-with-coo/",
    "/team/archive/",
    "/team/objections/",
    "/team/insights/",
    "/onboarding/",
]


def test_nothing_is_fetched_from_outside_and_nothing_fails(
    page: Page, watch: Watch, base_url: str
) -> None:
    for path in PAGES:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
    assert watch.requests  # the watch sees what the pages load...
    assert all(url.startswith(f"{base_url}/") for url in watch.requests)  # ...all of it local
    assert not [url for url in watch.requests if re.search(r"\.(woff2?|ttf|otf)(\?|$)", url)]
    assert watch.outside == []
    assert watch.errors == []


def test_the_watch_catches_outside_requests_and_console_errors(page: Page, watch: Watch) -> None:
    # Proof that the guard every test relies on could fail.
    page.goto("/")
    page.evaluate("() => fetch('https://cdn.example.com/font.css').catch(() => null)")
    page.evaluate("() => console.error('something broke')")
    assert watch.outside == ["https://cdn.example.com/font.css"]
    assert any("something broke" in error for error in watch.errors)
    watch.outside.clear()
    watch.errors.clear()
