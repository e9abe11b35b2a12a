"""`playbook serve` shows the current problems on every served page while the plans are invalid,
and takes the banner away when they are fixed; the banner's text is escaped, and the serve holds
the project's build lock while it writes content/team/.

The fast tests drive the real `serve` with MkDocs and the watcher replaced by stand-ins, and the
banner's WSGI wrapper with a stand-in app. tests/browser/test_serve_banner.py runs the real
thing: `playbook serve`, a page fetched over HTTP and looked at in Chromium.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from conftest import CALL, CALL_PATH, REPO, Run
from test_serve import FakeMkdocs, FakeObserver, fetch, free_port, wait_for

from generator.commands import problembanner, serve
from generator.commands.problembanner import BANNER_LINES, ProblemBoard, banner_html, with_banner

TODAY = "2026-11-26"
HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def test_the_banner_lists_each_problem_escaped() -> None:
    lines = ["plans/acme/x.yaml:3:1: plan.objective: a value is required",
             f"plans/acme/x.yaml:9:1: {HOSTILE}: not a field of a call plan"]
    text = banner_html(lines).decode()
    assert 'role="alert"' in text
    assert "The plans have 2 problems" in text
    assert "<li><code>plans/acme/x.yaml:3:1: plan.objective: a value is required</code></li>" \
        in text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" \
        in text
    assert "<script" not in text
    assert "<img" not in text
    assert banner_html([]) == b""


def test_a_long_list_is_cut_and_says_where_the_rest_is() -> None:
    lines = [f"plans/a/b.yaml:{n}:1: x: wrong" for n in range(1, BANNER_LINES + 6)]
    text = banner_html(lines).decode()
    assert text.count("<li>") == BANNER_LINES
    assert "and 5 more: the terminal running playbook serve lists them all" in text


def _app(body: bytes, kind: str) -> Callable[..., Iterable[bytes]]:
    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        start_response("200 OK", [("Content-Type", kind), ("Content-Length", str(len(body)))])
        return [body[:10], body[10:]]

    return app


def _call(app: Callable[..., Iterable[bytes]]) -> tuple[str, dict[str, str], bytes]:
    said: list[Any] = []
    body = b"".join(app({}, lambda status, headers: said.append((status, headers))))
    return said[0][0], dict(said[0][1]), body


def test_every_html_page_is_served_with_the_banner_at_the_top_of_its_body(
    tmp_path: Path,
) -> None:
    source = tmp_path / "problems.html"
    source.write_bytes(b"<div>BANNER</div>")
    page = b'<html><head></head><body dir="ltr" class="x"><p>page</p></body></html>'
    status, headers, body = _call(with_banner(_app(page, "text/html"), source))
    assert status == "200 OK"
    assert body == (b'<html><head></head><body dir="ltr" class="x"><div>BANNER</div>'
                    b"<p>page</p></body></html>")
    assert headers["Content-Length"] == str(len(body))
    # Not a page: untouched.
    css = b"body{color:red}"
    assert _call(with_banner(_app(css, "text/css"), source))[2] == css
    # No problems (an empty file, or none at all): the page as it was.
    source.write_bytes(b"")
    assert _call(with_banner(_app(page, "text/html"), source))[2] == page
    source.unlink()
    assert _call(with_banner(_app(page, "text/html"), source))[2] == page


def test_the_board_writes_only_when_the_banner_changes(tmp_path: Path) -> None:
    board = ProblemBoard()
    try:
        assert board.file.read_bytes() == b""
        board.show(["plans/a/b.yaml:1:1: x: wrong"])
        first = board.file.stat().st_mtime_ns, board.file.read_bytes()
        board.file.touch()  # so a second write would show in the time
        stamp = board.file.stat().st_mtime_ns
        board.show(["plans/a/b.yaml:1:1: x: wrong"])
        assert board.file.stat().st_mtime_ns == stamp  # unchanged: MkDocs is not woken
        assert b"x: wrong" in first[1]
        board.show([])
        assert board.file.read_bytes() == b""
    finally:
        board.close()
    assert not board.folder.exists()
    board.show(["plans/a/b.yaml:1:1: x: late"])  # a regeneration ending after serve did
    assert not board.folder.exists()


def test_serve_puts_the_problems_on_the_banner_and_takes_it_away_when_fixed(
    project: Path, run: Run, monkeypatch: pytest.MonkeyPatch, keep_sigterm: None
) -> None:
    actions: list[Callable[[], object]] = []
    boards: list[Path] = []
    seen: dict[str, bytes] = {}
    refused: list[subprocess.CompletedProcess[str]] = []

    def start_mkdocs(*args: object, problems: Path) -> FakeMkdocs:
        boards.append(problems)
        return FakeMkdocs(scenario)

    def scenario() -> None:
        call = project / CALL_PATH
        seen["start"] = boards[0].read_bytes()
        call.write_text(CALL.replace("title: First meeting",
                                    f'title: First meeting\n"{HOSTILE}": 1'), encoding="utf-8")
        assert actions[0]() is False
        seen["invalid"] = boards[0].read_bytes()
        # While serve writes content/team/, a generate in the same project is refused.
        refused.append(subprocess.run(
            [sys.executable, "-m", "generator", "--root", str(project), "--today", TODAY,
             "generate"], capture_output=True, text=True, check=False, timeout=300))
        call.write_text(CALL, encoding="utf-8")
        assert actions[0]() is True
        seen["fixed"] = boards[0].read_bytes()

    monkeypatch.setattr(serve, "watch", lambda folder, action: actions.append(action)
                        or FakeObserver())
    monkeypatch.setattr(serve, "start_mkdocs", start_mkdocs)

    result = run(project, "--today", TODAY, "serve")

    assert result.exit_code == 0, result.output
    assert seen["start"] == b""
    invalid = seen["invalid"].decode()
    assert "The plans have 1 problem;" in invalid
    assert ("plans/acme/2026-03-10-discovery.yaml:5:1: "
            "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;") in invalid
    assert "<script" not in invalid
    assert seen["fixed"] == b""
    assert not boards[0].exists()  # serve cleans up after itself
    assert refused[0].returncode == 1
    assert "another playbook run (build, generate or serve) is using this project" in (
        refused[0].stderr)


def test_mkdocs_is_told_where_the_banner_is_and_watches_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[tuple[list[str], dict[str, str]]] = []
    monkeypatch.setattr(serve.subprocess, "Popen",
                        lambda command, **kwargs: started.append((command, kwargs["env"])))
    board = tmp_path / "board" / "problems.html"
    serve.start_mkdocs(tmp_path, tmp_path / "mkdocs.yml", "127.0.0.1:8000", dirty=True,
                       problems=board)
    command, env = started[0]
    assert env[problembanner.BANNER_VARIABLE] == str(board)
    assert command[command.index("--watch") + 1] == str(board.parent)


# --- the real thing (slow) -------------------------------------------------------------------


def start_real_serve(project: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`playbook serve` of project, with the repository's config and hand-written pages, on a
    free port; returns the process and the address it serves."""
    shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "content", project / "content", ignore=lambda folder, _: (
        ["team"] if Path(folder) == REPO / "content" else []))
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "--root", str(project), "--today", TODAY,
             "serve", "--dev-addr", f"127.0.0.1:{port}"],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    return process, f"http://127.0.0.1:{port}"


BAD_LINE = "plans/acme/2026-03-10-discovery.yaml:5:1: "


def make_invalid(project: Path) -> None:
    (project / CALL_PATH).write_text(
        CALL.replace("title: First meeting", f'title: First meeting\n"{HOSTILE}": 1'),
        encoding="utf-8")


@pytest.mark.slow
def test_the_real_serve_shows_the_problems_on_every_page_until_fixed(
    project: Path, tmp_path: Path
) -> None:
    log = tmp_path / "serve.log"
    process, address = start_real_serve(project, log)
    call_page = f"{address}/team/calls/acme/2026-03-10-discovery/"
    pages = [call_page, f"{address}/", f"{address}/onboarding/writing-a-plan/",
             f"{address}/team/objections/"]
    try:
        wait_for(lambda: "First meeting" in fetch(call_page), "served the call page", process,
                 log)
        assert all("pb-serve-problems" not in fetch(url) for url in pages)

        make_invalid(project)
        wait_for(lambda: BAD_LINE in fetch(call_page), "showed the banner", process, log)
        for url in pages:  # every page, the hand-written ones too, none of them rebuilt
            text = fetch(url)
            assert 'class="pb-serve-problems" role="alert"' in text, url
            assert f"{BAD_LINE}&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text, url
            assert "<script>alert(" not in text, url

        # While serve runs, a build in the same project would write content/team/ under it.
        other = subprocess.run(
            [sys.executable, "-m", "generator", "--root", str(project), "--today", TODAY,
             "generate"], capture_output=True, text=True, check=False, timeout=300)
        assert other.returncode == 1
        assert f"(pid {process.pid})" in other.stderr

        (project / CALL_PATH).write_text(CALL.replace("First meeting", "Kick-off"),
                                         encoding="utf-8")
        wait_for(lambda: "Kick-off" in fetch(call_page) and "pb-serve-problems" not in
                 fetch(call_page), "took the banner away", process, log)
        assert all("pb-serve-problems" not in fetch(url) for url in pages)

        # Killed outright, serve takes its MkDocs with it (tethered): the address goes quiet.
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        wait_for(lambda: fetch(f"{address}/") == "", "stopped MkDocs", _Alive(), log)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
    assert "playbook: internal error" not in log.read_text()


class _Alive:
    """A stand-in process for wait_for once serve itself is gone on purpose."""

    def poll(self) -> None:
        return None
