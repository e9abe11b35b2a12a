"""What `playbook serve` says: no MkDocs warning about dirty builds on each build, and after an
edit the served address of each call page it changed."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CALL, CALL_PATH, Run
from test_serve import FakeMkdocs, FakeObserver

from generator.commands import quietdirty, serve
from generator.commands.callurls import SHOWN, call_page_urls, updated_lines

TODAY = "2026-11-26"


def test_mkdocs_is_started_through_the_launcher_that_drops_the_dirty_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[list[str]] = []
    monkeypatch.setattr(serve.subprocess, "Popen",
                        lambda command, **kwargs: started.append(command))
    serve.start_mkdocs(tmp_path, tmp_path / "mkdocs.yml", "127.0.0.1:8000", dirty=True)
    # Tied to serve (generator.output.tether): a serve killed outright takes MkDocs with it.
    assert started[0][1:6] == ["-m", "generator.output.tether", str(os.getpid()),
                               "generator.commands.quietdirty", "serve"]
    assert "--dirty" in started[0]


def test_only_the_dirty_build_warning_is_dropped(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("mkdocs.commands.build")
    dropper = quietdirty.DropDirtyWarning()
    logger.addFilter(dropper)
    try:
        with caplog.at_level(logging.INFO, logger="mkdocs.commands.build"):
            logger.warning("A 'dirty' build is being performed, this will likely lead to "
                           "inaccurate navigation and other links within your site.")
            logger.warning("Doc file 'x.md' contains a link 'y.md', but the target is not found")
    finally:
        logger.removeFilter(dropper)
    assert [record.getMessage()[:12] for record in caplog.records] == ["Doc file 'x."]


def test_call_page_urls_are_the_served_addresses_of_call_pages_only() -> None:
    written = ["team/calls/acme/2026-03-10-discovery.md", "team/calls/acme/index.md",
               "team/accounts/acme.md", "team/index.md", "team/calls/beta/2026-01-02-demo.md"]
    assert call_page_urls(written, "127.0.0.1:8123") == [
        "http://127.0.0.1:8123/team/calls/acme/2026-03-10-discovery/",
        "http://127.0.0.1:8123/team/calls/beta/2026-01-02-demo/",
    ]


def test_a_team_wide_change_names_a_few_pages_and_counts_the_rest() -> None:
    written = [f"team/calls/acme/2026-01-{day:02}-call.md" for day in range(1, SHOWN + 4)]
    lines = updated_lines(written, "localhost:9000")
    assert len(lines) == SHOWN + 1
    assert lines[0] == "updated: http://localhost:9000/team/calls/acme/2026-01-01-call/"
    assert lines[-1] == "updated: 3 more call pages"


def test_serve_prints_the_url_of_the_edited_calls_page_on_its_address(
    project: Path, run: Run, monkeypatch: pytest.MonkeyPatch, keep_sigterm: None
) -> None:
    actions: list[Callable[[], object]] = []

    def scenario() -> None:
        (project / CALL_PATH).write_text(CALL.replace("First meeting", "Kick-off"),
                                         encoding="utf-8")
        assert actions[0]() is True

    monkeypatch.setattr(serve, "watch", lambda folder, action: actions.append(action)
                        or FakeObserver())
    monkeypatch.setattr(serve, "start_mkdocs", lambda *args, **kw: FakeMkdocs(scenario))

    result = run(project, "--today", TODAY, "serve", "--dev-addr", "127.0.0.1:8765")

    assert result.exit_code == 0, result.output
    url = "http://127.0.0.1:8765/team/calls/acme/2026-03-10-discovery/"
    assert result.stderr.count(f"updated: {url}") == 1  # after the edit, not at the start
    assert result.stderr.count("updated: ") == 1
