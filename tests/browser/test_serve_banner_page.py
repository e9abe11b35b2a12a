"""The problems banner of `playbook serve` in Chromium: a page open in the browser shows it after
live reload when an edit makes the plans invalid, with the hostile text of the plan as text, no
serious accessibility finding in the light or the dark scheme, and it goes after the fix.
Screenshots in test-artifacts/browser/."""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import CALL, CALL_PATH
from test_serve import fetch, wait_for
from test_serve_banner import BAD_LINE, HOSTILE, make_invalid, start_real_serve

from .conftest import ARTIFACTS
from .test_accessibility import AXE_RUN, blocking, keep

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

PlaywrightError = pytest.importorskip("playwright.sync_api").Error

pytestmark = pytest.mark.slow


def _audit_between_reloads(page: Page, axe_source: str) -> list[dict[str, Any]]:
    """axe's violations on the page once live reload lets it be. serve may reload the page again
    while axe runs (a rebuild after the one that showed the banner), and a page.evaluate cut
    off by that reload once waited forever: here each try has a time limit, and a reload
    means another try."""
    for _ in range(4):
        try:
            page.wait_for_load_state("load")
            page.add_script_tag(content=axe_source)
            page.evaluate(f"() => {{ window.pbAxe = null; {AXE_RUN}.then(r => {{ window.pbAxe = "
                          "r.violations; }); }")
            page.wait_for_function("() => window.pbAxe !== null && window.pbAxe !== undefined",
                                   timeout=30_000)
            return list(page.evaluate("() => window.pbAxe"))
        except PlaywrightError:
            continue  # reloaded meanwhile: the page is new, audit it again
    raise AssertionError("axe never finished: serve kept reloading the page")


def _banner_audit(page: Page, axe_source: str, name: str) -> list[str]:
    """axe's serious findings on the banner (the page under it is audited elsewhere)."""
    violations = _audit_between_reloads(page, axe_source)
    keep(name, violations)
    mine = [v | {"nodes": [n for n in v["nodes"] if any("pb-serve-problems" in " ".join(t)
                                                         for t in [n["target"]])]}
            for v in violations]
    return blocking([v for v in mine if v["nodes"]])


def test_the_banner_in_the_browser(browser: Browser, axe_source: str, project: Path,
                                   tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    process, address = start_real_serve(project, log)
    call_page = f"{address}/team/calls/acme/2026-03-10-discovery/"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    try:
        wait_for(lambda: "First meeting" in fetch(call_page), "served the call page", process,
                 log)
        page = context.new_page()
        page.goto(call_page)
        banner = page.locator(".pb-serve-problems")
        assert banner.count() == 0

        make_invalid(project)  # the page open in the browser reloads itself with the banner
        banner.wait_for(state="visible")
        assert banner.get_attribute("role") == "alert"
        text = banner.inner_text()
        assert "The plans have 1 problem" in text
        assert BAD_LINE + HOSTILE in text  # shown as text, not made into elements
        assert page.locator(".pb-serve-problems script, .pb-serve-problems img").count() == 0
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "serve-banner.png"))
        assert _banner_audit(page, axe_source, "serve-banner") == []
        page.mouse.wheel(0, 5000)  # read further down: the banner stays in view
        page.wait_for_function("window.scrollY > 0")
        box = banner.bounding_box()
        assert box is not None
        assert box["y"] == 0
        page.screenshot(path=str(ARTIFACTS / "serve-banner-scrolled.png"))

        page.locator("label[title='Switch to dark mode']").click()
        page.goto(f"{address}/onboarding/writing-a-plan/")  # a hand-written page too
        assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
        banner.wait_for(state="visible")
        page.screenshot(path=str(ARTIFACTS / "serve-banner-dark.png"))
        assert _banner_audit(page, axe_source, "serve-banner-dark") == []

        page.set_viewport_size({"width": 390, "height": 844})
        assert page.evaluate("document.documentElement.scrollWidth <= 390")
        page.screenshot(path=str(ARTIFACTS / "serve-banner-phone.png"))

        (project / CALL_PATH).write_text(CALL, encoding="utf-8")  # fixed: reloads without it
        banner.wait_for(state="detached")
    finally:
        context.close()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
