"""Fixtures: a small valid project in tmp_path, a file writer, and the CLI through CliRunner."""

from __future__ import annotations

import os
import shutil
import signal
import sysconfig
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.fast import tuning

REPO = Path(__file__).resolve().parent.parent

TEAM = """\
name: Northwind sales
reps:
  - id: dana-k
    name: Dana Kowalski
    role: Account Executive
    start_date: 2024-01-15
  - id: lee-m
    name: Lee Morgan
"""

ACCOUNT = """\
name: Acme Logistics
industry: Logistics
stage: qualified
owner: dana-k
research:
  situation: Three depots, paper dispatch.
  competitors:
    - name: Incumbent Ltd
      their_strengths: Already installed
contacts:
  - name: Jane Doe
    title: CFO
    role: economic-buyer
  - name: Raj Patel
    role: user
"""

CALL = """\
date: 2026-03-10
rep: dana-k
type: discovery
title: First meeting
attendees:
  - name: Jane Doe
    role: economic-buyer
plan:
  objective: Learn how dispatch works today.
  advance: A site visit at the main depot.
  goals:
    - metric: stakeholders met
      target: 2
      unit: people
  materials:
    - Intro deck
    - title: Case study
      url: https://example.com/case
  effort_minutes: 45
  checklist: [identify-prospect, written-objective]
debrief:
  date: 2026-03-11
  outcome: advance
  objective_met: partly
  goals:
    - metric: stakeholders met
      actual: 1
  went_well: Good rapport.
  next_steps:
    - action: Send the site-visit agenda
      owner: dana-k
      due: 2026-03-14
    - action: Book the room
      owner: Jane Doe
"""

CALL_PATH = "plans/acme/2026-03-10-discovery.yaml"


def write(root: Path, relative: str, text: str | bytes) -> Path:
    """Write text (dedented) or raw bytes to root/relative, creating folders; return the path."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


OLD = 1_000_000_000_000_000_000  # 2001-09-09 in ns: any write after the setup moves mtime off it


def snapshot(folder: Path) -> dict[str, tuple[bytes | None, int, int]]:
    """Every file and folder under `folder`: its bytes (None for a folder), mtime and inode."""
    out = {}
    for path in sorted(folder.rglob("*")):
        stat = path.stat()
        data = path.read_bytes() if path.is_file() else None
        out[path.relative_to(folder).as_posix()] = (data, stat.st_mtime_ns, stat.st_ino)
    return out


def age(folder: Path) -> None:
    """Set every file and folder under `folder` to an old modification time (OLD)."""
    for path in folder.rglob("*"):
        os.utime(path, ns=(OLD, OLD))


EXPECTED = "expected.txt"


def overlay(case: Path, root: Path) -> None:
    """Copy every file of a data-driven case over the project, byte for byte, but its
    expected output."""
    for source in sorted(case.rglob("*")):
        if source.is_file() and source.name != EXPECTED:
            target = root / source.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


def require(available: bool, reason: str, install: str = "run `bash .ci/run` once") -> None:
    """Skip when a tool is missing on a developer's machine; in CI a missing tool is a failure."""
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: .ci/run installs it)")
    pytest.skip(f"{reason}; to install it: {install}")


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Caches go to a folder of this test session, never the user's own cache folder."""
    old = os.environ.get("PLAYBOOK_CACHE_DIR")
    os.environ["PLAYBOOK_CACHE_DIR"] = str(tmp_path_factory.mktemp("playbook-cache"))
    yield
    if old is None:
        os.environ.pop("PLAYBOOK_CACHE_DIR", None)
    else:
        os.environ["PLAYBOOK_CACHE_DIR"] = old


SITE_URL = "https://example.com/playbook/"
"""The address the kept-pages builds are made for, given as the Pages workflow gives it."""


@pytest.fixture
def site_url() -> Iterator[str]:
    """PLAYBOOK_SITE_URL set as the Pages workflow sets it, and no PLAYBOOK_SITE_STORE: each
    test's cache folder keeps its own page store (the kept-pages and in-place tests)."""
    with mock.patch.dict(os.environ, {"PLAYBOOK_SITE_URL": SITE_URL}):
        os.environ.pop("PLAYBOOK_SITE_STORE", None)
        yield SITE_URL


@pytest.fixture(scope="module", params=["shortcuts", "no-shortcuts"])
def both_ways(request: pytest.FixtureRequest) -> Iterator[str]:
    """Every test of a module that uses it runs twice: with every shortcut (the cache, kept
    pages, processes), and with none (PLAYBOOK_NO_SHORTCUTS=1). The output must not differ."""
    with pytest.MonkeyPatch.context() as patch:
        if request.param == "shortcuts":
            patch.delenv(tuning.SWITCH, raising=False)
        else:
            patch.setenv(tuning.SWITCH, "1")
        yield str(request.param)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A valid project: team.yaml with 2 reps, account `acme` with contacts, one debriefed call."""
    write(tmp_path, "plans/team.yaml", TEAM)
    write(tmp_path, "plans/acme/account.yaml", ACCOUNT)
    write(tmp_path, CALL_PATH, CALL)
    return tmp_path


Run = Callable[..., Result]


@pytest.fixture
def run() -> Run:
    """run(root, *args): invoke `playbook --root root *args` in-process; stdout and stderr apart."""

    def invoke(root: Path, *args: str) -> Result:
        return CliRunner().invoke(cli, ["--root", str(root), *args], prog_name="playbook")

    return invoke


def pytest_configure(config: pytest.Config) -> None:
    """The tools the tests run (actionlint, shellcheck, pre-commit, playbook) are installed
    beside the Python running them: find them there even in an environment that is not
    activated, as with the README's `.venv/bin/python -m pytest`."""
    scripts = sysconfig.get_path("scripts")
    path = os.environ.get("PATH", "")
    if scripts not in path.split(os.pathsep):
        os.environ["PATH"] = os.pathsep.join(filter(None, [scripts, path]))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite golden files (tests/cases/*/expected.txt, tests/golden/) from what the code "
        "produces now; review the diff before committing.",
    )


@pytest.fixture
def keep_sigterm() -> Iterator[None]:
    """Put back SIGTERM's handler, which `serve` sets for itself, after the test."""
    handler = signal.getsignal(signal.SIGTERM)
    yield
    signal.signal(signal.SIGTERM, handler)
