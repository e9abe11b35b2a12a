"""One switch turns every shortcut off (`playbook --no-cache`, or PLAYBOOK_NO_SHORTCUTS=1): no
cache is read or written, no page is kept, one process does everything. What it changes is
how, never what: the golden and property tests run both ways (conftest.both_ways)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import Run

from generator.cli import cli
from generator.fast import tuning
from generator.fast.plan import previews
from generator.fast.split import build_processes
from generator.output.existing import MANIFEST, Existing
from generator.read.digests import digest

GOLDEN = Path(__file__).resolve().parent / "golden" / "project"
TODAY = "2026-11-26"
PAGE = "content/team/accounts/orbit-labs.md"


@pytest.fixture
def golden(tmp_path: Path) -> Path:
    shutil.copytree(GOLDEN / "plans", tmp_path / "plans")
    return tmp_path


def vouch_for(golden: Path, page: Path) -> None:
    """Make the manifest and this machine's record of the pages say the generator wrote `page`
    as it is now (what a cache folder that lies would say)."""
    root = golden / "content" / "team"
    rel = page.relative_to(root).as_posix()
    manifest = json.loads((root / MANIFEST).read_text())
    manifest["digests"][rel] = digest(page.read_bytes())
    (root / MANIFEST).write_text(json.dumps(manifest))
    existing = Existing(root)
    existing.remember({**existing.record, rel: (None, manifest["digests"][rel])})


def test_without_shortcuts_nothing_on_disk_is_trusted(golden: Path, run: Run) -> None:
    assert run(golden, "--today", TODAY, "generate").exit_code == 0
    page = golden / PAGE
    right = page.read_bytes()
    page.write_bytes(right + b"\nan edit the manifest does not know of\n")
    vouch_for(golden, page)

    # With shortcuts, nothing read changed since the last run, and this machine's cache folder
    # vouches for the page: the run stands, the edit with it.
    assert run(golden, "--today", TODAY, "generate").exit_code == 0
    assert page.read_bytes() != right
    # Without, every page is rendered and compared with what is there.
    result = run(golden, "--no-cache", "--today", TODAY, "generate")
    assert result.exit_code == 0, result.output
    assert page.read_bytes() == right
    assert "1 pages written" in result.stderr


def test_without_shortcuts_no_cache_is_read_or_written(
        golden: Path, run: Run, tmp_path_factory: pytest.TempPathFactory,
        monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(cache))
    for command in ("generate", "report"):
        assert run(golden, "--no-cache", "--today", TODAY, command).exit_code == 0
    assert list(cache.rglob("*")) == []
    # (generate would find its last run still standing and read nothing)
    assert run(golden, "--today", TODAY, "report").exit_code == 0
    assert list(cache.rglob("*")) != []  # what the switch stopped


def test_the_switch_is_set_for_one_command(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    monkeypatch.setattr("generator.commands.report.report",
                        lambda ctx: seen.append(tuning.shortcuts()))
    monkeypatch.delenv(tuning.SWITCH, raising=False)
    assert CliRunner().invoke(cli, ["--no-cache", "report"]).exit_code == 0
    assert CliRunner().invoke(cli, ["report"]).exit_code == 0
    assert seen == [False, True]
    monkeypatch.setenv(tuning.SWITCH, "0")
    assert tuning.shortcuts()


def test_without_shortcuts_a_build_is_one_mkdocs_process_and_serve_shows_everything(
        golden: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(golden, "--today", TODAY, "generate").exit_code == 0
    monkeypatch.setattr(tuning, "SPLIT_BUILD_FROM", 1)
    monkeypatch.setattr(tuning, "PREVIEW_FROM", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    assert build_processes(golden / "content") == 3
    assert previews(golden / "plans")
    monkeypatch.setenv(tuning.SWITCH, "1")
    assert build_processes(golden / "content") == 1
    assert not previews(golden / "plans")
