"""Every kind of page fits its screen: at 1,280 px every table shows all its columns without
scrolling, and at 390 px (a phone) no page and no table scrolls sideways.

Screenshots of each page at both widths land in test-artifacts/browser/layout/, to be looked at.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from .conftest import ARTIFACTS

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.slow

PAGES = {
    "home": "/",
    "phase": "/model/planning/",
    "call": "/team/calls/northgate-hvac/2026-05-06-discovery-with-coo/",
    "call-without-debrief": "/team/calls/alder-kitchen-service/2026-12-01-meeting-the-owner/",
    "call-upcoming": "/team/calls/pinecrest-property/2026-12-07-resident-portal-proposal/",
    "account": "/team/accounts/northgate-hvac/",
    "accounts": "/team/accounts/",
    "rep": "/team/reps/maya-okafor/",
    "reps": "/team/reps/",
    "archive": "/team/archive/",
    "archive-month": "/team/archive/months/2026-05/",
    "archive-month-week": "/team/archive/months/2026-05/2026-05-04/",
    "archive-outcome": "/team/archive/outcomes/advance/",
    "archive-outcome-month": "/team/archive/outcomes/advance/2026-05/",
    "objections": "/team/objections/",
    "exemplars": "/team/exemplars/",
    "insights": "/team/insights/",
    "warnings": "/team/insights/warnings/",
    "fields": "/team/reference/fields/",
}
WIDTHS = {"desktop": 1280, "phone": 390}

# Each table of the article against the box that would scroll it (the theme wraps every table
# in one); a table wider than that box needs sideways scrolling to be read.
TABLES_TOO_WIDE = """() => [...document.querySelectorAll("article table")].flatMap((table) => {
    const box = table.closest(".md-typeset__scrollwrap") || table.parentElement;
    const head = [...table.querySelectorAll("th")].map((th) => th.textContent.trim());
    return box.scrollWidth > box.clientWidth || table.offsetWidth > box.clientWidth
        ? [`${head.join(" | ")}: ${table.offsetWidth} px in ${box.clientWidth} px`] : [];
})"""

LABELLED = """() => [...document.querySelectorAll("article table")].every(
    (table) => table.querySelectorAll("thead th").length < 3 || table.closest(".pb-cards"))"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGES)
def test_no_page_or_table_scrolls_sideways(page: Page, kind: str, width: str) -> None:
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    response = page.goto(PAGES[kind])
    assert response is not None and response.status == 200
    # The site's script labels each table's cells for the phone layout once the page is ready.
    page.wait_for_function(LABELLED)
    folder = ARTIFACTS / "layout"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{kind}-{WIDTHS[width]}.png"), full_page=True)
    assert page.evaluate(TABLES_TOO_WIDE) == []
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= client


def test_the_sample_pages_have_tables_to_check(page: Page) -> None:
    # Proof that the test above looks at something: the pages it checks hold wide tables.
    page.goto(PAGES["accounts"])
    heads = page.locator("article table th").all_inner_texts()
    assert {"Account", "Owner", "Last call", "Last outcome"} <= set(heads)
    page.goto(PAGES["call-without-debrief"])
    assert "Debrief overdue" in page.locator("article").inner_text()
    page.goto(PAGES["call-upcoming"])  # on the sample's date: its prep brief has tables
    assert "Before this call" in page.locator("article").inner_text()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_call_page_sets_the_debrief_beside_the_plan(page: Page, width: str) -> None:
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    page.goto(PAGES["call"])
    summary = page.locator("article .pb-summary > div")
    planned, happened = (summary.nth(i).bounding_box() for i in (0, 1))
    assert planned is not None and happened is not None
    assert "Outcome" in summary.nth(1).inner_text()
    if width == "desktop":  # side by side: one row, the plan on the left
        assert happened["y"] == planned["y"] and happened["x"] > planned["x"] + planned["width"]
    else:  # stacked, the outcome first, before anything of the plan
        assert happened["y"] + happened["height"] <= planned["y"]
        assert happened["y"] < 900
