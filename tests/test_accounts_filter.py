"""generate and read_project limited to some accounts, into another content folder: what a
preview of a few accounts uses. Only those accounts' call files are read; the last full run's
quick "nothing changed" check is never answered by a limited run, nor the other way round."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import write

from generator.commands.generate import generate
from generator.fast.modelcache import ModelCache
from generator.problems import ProblemError
from generator.read.project import read_project

GOLDEN_PLANS = Path(__file__).resolve().parent / "golden" / "project" / "plans"
TODAY = dt.date(2026, 11, 26)
LUMEN = frozenset({"lumen-dental"})
# Not even valid YAML: a run that parsed it would stop.
BROKEN = "plans/orbit-labs/2026-11-30-review.yaml"


@pytest.fixture
def golden(tmp_path: Path) -> Path:
    shutil.copytree(GOLDEN_PLANS, tmp_path / "plans")
    return tmp_path


def pages(content: Path) -> dict[str, bytes]:
    team = content / "team"
    return {p.relative_to(team).as_posix(): p.read_bytes() for p in sorted(team.rglob("*.md"))}


def test_read_project_reads_only_the_calls_of_the_accounts_asked_for(golden: Path) -> None:
    write(golden, BROKEN, "date: [unclosed\n")
    with pytest.raises(ProblemError):
        read_project(golden)

    project = read_project(golden, accounts=LUMEN)

    assert {c.account for c in project.calls} == {"lumen-dental"}
    assert len(project.calls) == 3
    assert set(project.accounts) == {"lumen-dental", "orbit-labs", "quiet-mills"}
    assert not any("orbit-labs/2" in path for path in project.digests)


def test_a_limited_run_writes_those_calls_into_its_own_content_folder(golden: Path) -> None:
    preview = golden / "preview"
    write(golden, BROKEN, "date: [unclosed\n")

    done = generate(golden, TODAY, content=preview, accounts=LUMEN)

    assert done.calls == 3
    assert not (golden / "content").exists()
    found = pages(preview)
    assert sorted(p for p in found if p.startswith("calls/")) == [
        "calls/lumen-dental/2026-09-08-discovery.md", "calls/lumen-dental/2026-10-14-proposal.md",
        "calls/lumen-dental/2026-11-24-follow-up.md"]
    # Every account has its page; the aggregate pages cover only the calls read.
    assert {"accounts/orbit-labs.md", "accounts/quiet-mills.md"} <= set(found)
    assert b"No calls yet." in found["accounts/orbit-labs.md"]
    assert b"2 debriefed calls out of 3 past calls" in found["archive/index.md"]


def test_limited_and_full_runs_never_take_each_other_for_up_to_date(golden: Path) -> None:
    content, preview = golden / "content", golden / "preview"
    generate(golden, TODAY)
    full = pages(content)

    limited = generate(golden, TODAY, content=preview, accounts=LUMEN)
    assert limited.calls == 3 and limited.report.written
    assert pages(preview) != full
    # What the limited run did not read, it did not forget either.
    assert ModelCache(golden).knows("plans/orbit-labs/2026-08-25-demo.yaml")

    # Each folder's own last run still stands: nothing is written in either.
    again = generate(golden, TODAY)
    assert (again.calls, again.report.written) == (7, [])
    assert pages(content) == full
    assert generate(golden, TODAY, content=preview, accounts=LUMEN).report.written == []

    # A limited run into the full run's folder is a different run, and so is a full one after.
    assert generate(golden, TODAY, accounts=LUMEN).report.written
    assert generate(golden, TODAY).report.written
    assert pages(content) == full


def test_a_limited_run_sees_edits_to_its_accounts_and_ignores_the_others(golden: Path) -> None:
    preview = golden / "preview"
    generate(golden, TODAY, content=preview, accounts=LUMEN)

    write(golden, BROKEN, "date: [unclosed\n")  # another account: not read
    assert generate(golden, TODAY, content=preview, accounts=LUMEN).report.written == []

    call = golden / "plans/lumen-dental/2026-09-08-discovery.yaml"
    call.write_text(call.read_text(encoding="utf-8").replace(
        "title: Discovery with the CFO", "title: First talk with the CFO"), encoding="utf-8")
    done = generate(golden, TODAY, content=preview, accounts=LUMEN)

    assert "team/calls/lumen-dental/2026-09-08-discovery.md" in done.report.written
    assert b"First talk with the CFO" in pages(preview)["accounts/lumen-dental.md"]
