"""Accessibility: axe-core, run inside the same Chromium, finds no serious or critical violation
on the pages the team uses most, in the light and the dark scheme."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from .conftest import ARTIFACTS

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.slow

PAGES = {
    "home": "/",
    "call": "/team/calls/northgate-hvac/2026-05-06-discovery-with-coo/",
    "archive": "/team/archive/",
    "archive-month": "/team/archive/months/2026-10/",
    "archive-outcome": "/team/archive/outcomes/advance/",
    "insights": "/team/insights/",
}
BLOCKING = {"serious", "critical"}


AXE_RUN = """axe.run(document, {
    resultTypes: ["violations"],
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa",
                                     "best-practice"]},
})"""
"""axe over the page: WCAG 2.x A and AA, and axe's best practices (a promise of its results)."""


def audit(page: Page, axe_source: str) -> list[dict[str, Any]]:
    """Run axe on the page as it is now; return its violations."""
    page.add_script_tag(content=axe_source)
    results: dict[str, Any] = page.evaluate(f"() => {AXE_RUN}")
    return list(results["violations"])


def blocking(violations: list[dict[str, Any]]) -> list[str]:
    """One line per serious or critical violation: rule, impact, and where."""
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in violations
        if v["impact"] in BLOCKING
    ]


def keep(name: str, violations: list[dict[str, Any]]) -> None:
    """The full report, minor findings included, as a test artifact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(violations, indent=2, sort_keys=True)
    (ARTIFACTS / f"axe-{name}.json").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations(page: Page, axe_source: str, name: str) -> None:
    page.goto(PAGES[name])
    violations = audit(page, axe_source)
    keep(name, violations)
    assert blocking(violations) == []


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations_in_dark_mode(
    page: Page, axe_source: str, name: str
) -> None:
    page.goto("/")
    page.locator("label[title='Switch to dark mode']").click()
    page.goto(PAGES[name])
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    violations = audit(page, axe_source)
    keep(f"{name}-dark", violations)
    assert blocking(violations) == []


def test_axe_finds_what_it_should(page: Page, axe_source: str) -> None:
    # Proof that the audit above could fail: an image without a text alternative, and grey on grey.
    page.goto("/")
    page.evaluate(
        """() => {
            const article = document.querySelector("article");
            article.insertAdjacentHTML("beforeend",
                '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20" height="20">' +
                '<p style="color:#777;background:#888">hard to read</p>');
        }"""
    )
    found = {v["id"] for v in audit(page, axe_source) if v["impact"] in BLOCKING}
    assert {"image-alt", "color-contrast"} <= found
