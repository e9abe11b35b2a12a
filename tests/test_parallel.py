"""Reading plans and rendering call pages across processes gives exactly what one process gives:
the same pages, and the same problems in the same order. The sample team is far below the size
where processes pay, so the thresholds are lowered here."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from generator import pages, readfiles
from generator.generate import generate
from generator.problems import ProblemError

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 26)


def project(root: Path) -> Path:
    shutil.copytree(REPO / "plans", root / "plans")
    return root


def generated(root: Path) -> dict[str, bytes]:
    team = root / "content" / "team"
    return {p.relative_to(team).as_posix(): p.read_bytes() for p in sorted(team.rglob("*.md"))}


PARSED_BY: list[int] = []
_PARSE = readfiles._parse


def _noting_parse(job: readfiles.Job) -> readfiles.Parsed:
    PARSED_BY.append(os.getpid())  # in this process's list, whichever process runs it
    return _PARSE(job)


def test_processes_write_the_pages_one_process_writes(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    alone = project(tmp_path / "alone")
    generate(alone, TODAY)
    shared = project(tmp_path / "shared")
    monkeypatch.setattr(readfiles, "PARALLEL_FROM", 1)
    monkeypatch.setattr(pages, "PARALLEL_FROM", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    monkeypatch.setattr(readfiles, "_parse", _noting_parse)
    PARSED_BY.clear()
    generate(shared, TODAY)
    files = len(list((shared / "plans").rglob("*.yaml")))
    # This process parsed its share (a third) and the two forked helpers the rest.
    assert PARSED_BY.count(os.getpid()) == files // 3
    assert generated(shared) == generated(alone)
    assert len(generated(alone)) > 100


def broken(root: Path) -> list[str]:
    calls = sorted((root / "plans").glob("*/2*.yaml"))
    calls[3].write_text("date: 2026-01-01\nplan: [\n", encoding="utf-8")
    calls[-2].write_text("date: not a date\n", encoding="utf-8")
    with pytest.raises(ProblemError) as caught:
        generate(root, TODAY)
    return [str(p) for p in caught.value.problems]


def test_processes_report_the_problems_one_process_reports(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = broken(project(tmp_path / "alone"))
    monkeypatch.setattr(readfiles, "PARALLEL_FROM", 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    assert broken(project(tmp_path / "shared")) == alone
    assert len(alone) >= 2
