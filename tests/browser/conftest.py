"""Browser fixtures: the sample site built once, served on 127.0.0.1, and Debian's Chromium
driven by Playwright, with every request and console message watched.

Chromium is the system's (installed by .ci/run with apt-get) and is launched by its path;
Playwright never downloads a browser here.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import require

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Route

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "browser"
CHROMIUM = Path(os.environ.get("PLAYBOOK_CHROMIUM", "/usr/bin/chromium"))
AXE = REPO / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
# The flags a sandboxed, offline machine needs; Playwright adds --headless and a fresh profile.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]



@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample team's site, built once by the real command into a copy of the project, on
    the day the sample is set on (its sample_date), as the demo is built."""
    root = tmp_path_factory.mktemp("project")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "plans", root / "plans")
    # content/team/ is the generator's own output; leave it to the build to write afresh.
    shutil.copytree(REPO / "content", root / "content", ignore=_top_level("team"))
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "build"],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return root / "site"


def _top_level(name: str) -> Any:
    def ignore(folder: str, names: list[str]) -> list[str]:
        return [name] if Path(folder) == REPO / "content" and name in names else []

    return ignore


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    """The site served over HTTP on a free port of 127.0.0.1, for the session."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    require(CHROMIUM.is_file(), f"Chromium is not installed at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415 - optional dependency
    except ImportError:
        require(False, "Playwright for Python is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Watch:
    """What a page did: requests that would have left the local server, and console errors."""

    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def page(
    browser: Browser, base_url: str, watch: Watch, request: pytest.FixtureRequest
) -> Iterator[Page]:
    """A fresh page (its own context: no stored dark mode) that fails the test on any request
    leaving the local server or any console error, and leaves a screenshot behind."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)

    def route(route: Route) -> None:
        url = route.request.url
        if url.startswith(f"{base_url}/") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            watch.outside.append(url)  # blocked, so a test never waits on the network
            route.abort()

    def on_request(req: Request) -> None:
        watch.requests.append(req.url)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watch.errors.append(f"{message.text} ({message.location.get('url')})")

    context.route("**/*", route)
    page = context.new_page()
    page.on("request", on_request)
    page.on("console", on_console)
    page.on("pageerror", lambda error: watch.errors.append(f"uncaught: {error}"))
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "-", request.node.name).strip("-")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()
    assert watch.outside == [], "requests left the local server"
    assert watch.errors == [], "the browser console reported errors"


@pytest.fixture(scope="session")
def axe_source() -> str:
    require(AXE.is_file(), "axe-core is not installed under .tools/")
    return AXE.read_text(encoding="utf-8")
