"""Reading plans and rendering call pages across processes gives exactly what one process gives:
the same pages, and the same problems in the same order. The sample team is far below the size
where processes pay, so the thresholds are lowered here."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.analyse.alerts import alerts, listed
from generator.commands.generate import generate
from generator.fast.aside import Aside
from generator.output.write import WriteError
from generator.problems import ProblemError
from generator.read import sources
from generator.read.project import read_project

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 26)


def project(root: Path) -> Path:
    shutil.copytree(REPO / "plans", root / "plans")
    return root


def generated(root: Path) -> dict[str, bytes]:
    team = root / "content" / "team"
    return {p.relative_to(team).as_posix(): p.read_bytes() for p in sorted(team.rglob("*.md"))}


# Run in a fresh interpreter: generation only forks while it is the sole thread, and a test
# session may have threads of its own (a browser test's server, say).
SCRIPT = """
import datetime as dt, json, os, sys
from pathlib import Path
from generator.fast import tuning
from generator.read import sources
from generator.analyse.alerts import alerts, listed
from generator.fast.aside import Aside
from generator.commands.generate import generate
from generator.read.project import read_project
from generator.problems import ProblemError
from generator.output.write import WriteError

tuning.PARALLEL_READ_FROM = tuning.PARALLEL_RENDER_FROM = 1
os.cpu_count = lambda: 3  # two helper processes and this one
here = []
real = sources.parse_file
from generator.pages import every
reading = [True]
real_render = every.render_all

def rendering(*args, **kwargs):
    # After the read, this process loads the whole models the week and the prep briefs show
    # (parsing them, with no cache yet): not a share of the read.
    reading[0] = False
    return real_render(*args, **kwargs)

every.render_all = rendering

def noting(job):
    if reading[0]:
        here.append(os.getpid())  # in this process's list, whichever process runs it
    return real(job)

sources.parse_file = noting
try:
    generate(Path(sys.argv[1]), dt.date(2026, 11, 26))
    problems = []
except ProblemError as exc:
    problems = [str(p) for p in exc.problems]
except WriteError as exc:
    problems = [str(exc)]
print(json.dumps({"here": here.count(os.getpid()), "problems": problems}))
"""


def in_processes(root: Path) -> dict[str, Any]:
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(root)], capture_output=True,
                            text=True, check=True)
    return dict(json.loads(result.stdout))


def test_processes_write_the_pages_one_process_writes(tmp_path: Path) -> None:
    alone = project(tmp_path / "alone")
    generate(alone, TODAY)
    shared = project(tmp_path / "shared")
    files = len(list((shared / "plans").rglob("*.yaml")))
    # This process parsed its share (about a third); the two forked members the rest.
    assert files / 6 < in_processes(shared)["here"] < files / 2
    assert generated(shared) == generated(alone)
    assert len(generated(alone)) > 100


def break_two(root: Path) -> Path:
    calls = sorted((root / "plans").glob("*/2*.yaml"))
    calls[3].write_text("date: 2026-01-01\nplan: [\n", encoding="utf-8")
    calls[-2].write_text("date: not a date\n", encoding="utf-8")
    return root


def test_processes_report_the_problems_one_process_reports(tmp_path: Path) -> None:
    with pytest.raises(ProblemError) as caught:
        generate(break_two(project(tmp_path / "alone")), TODAY)
    alone = [str(p) for p in caught.value.problems]
    assert len(alone) >= 2
    assert in_processes(break_two(project(tmp_path / "shared")))["problems"] == alone


def plant(root: Path) -> Path:
    """A file playbook did not write, where a call page of the last account will go."""
    call = sorted((root / "plans").glob("*/2*.yaml"))[-1]
    page = root / "content" / "team" / "calls" / call.parent.name / f"{call.stem}.md"
    page.parent.mkdir(parents=True)
    page.write_text("someone's notes\n", encoding="utf-8")
    return root


def test_processes_refuse_a_foreign_file_as_one_process_does(tmp_path: Path) -> None:
    with pytest.raises(WriteError) as caught:
        generate(plant(project(tmp_path / "alone")), TODAY)
    shared = plant(project(tmp_path / "shared"))

    assert in_processes(shared)["problems"] == [str(caught.value)]
    written = [p for p in (shared / "content" / "team").rglob("*") if p.is_file()]
    assert [p.read_text(encoding="utf-8") for p in written] == ["someone's notes\n"]


def test_the_cache_the_members_saved_holds_every_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = project(tmp_path / "shared")
    in_processes(shared)
    before = generated(shared)
    shutil.rmtree(shared / "content" / "team")  # every page is rendered again, from the cache
    parsed: list[str] = []
    real = sources.parse_file
    monkeypatch.setattr(sources, "parse_file", lambda job: parsed.append(job[1]) or real(job))

    generate(shared, TODAY)

    assert parsed == []
    assert generated(shared) == before


def edit_one(root: Path) -> Path:
    call = sorted((root / "plans").glob("*/2*.yaml"))[5]
    text = call.read_text(encoding="utf-8")
    call.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")
    return call


def test_processes_keep_the_pages_whose_inputs_did_not_change(tmp_path: Path) -> None:
    alone = project(tmp_path / "alone")
    shared = project(tmp_path / "shared")
    in_processes(shared)
    team = shared / "content" / "team"
    before = {p: p.stat().st_mtime_ns for p in team.rglob("*.md")}
    edit_one(alone)
    edited = edit_one(shared)

    generate(alone, TODAY)
    in_processes(shared)

    assert generated(shared) == generated(alone)
    moved = {p.relative_to(team).as_posix() for p, t in before.items() if p.stat().st_mtime_ns != t}
    folder = edited.parent.name
    assert {p for p in moved if p.startswith(("calls/", "accounts/"))} == {
        f"calls/{folder}/{edited.stem}.md", f"accounts/{folder}.md"}


# The insights of a big team are worked out in a forked process while this one renders the
# rest: the threshold is lowered, and the pid that rendered them is written down.
ASIDE = """
import datetime as dt, json, os, sys
from pathlib import Path
from generator.commands import generate as generate_module
from generator.fast import tuning
from generator.pages import every

tuning.ASIDE_FROM = 1
real = every.insight_pages

def noting(*args, **kwargs):
    with open(sys.argv[2], "a") as out:
        out.write(f"{os.getpid()}\\n")
    return real(*args, **kwargs)

every.insight_pages = noting
generate_module.generate(Path(sys.argv[1]), dt.date(2026, 11, 26))
print(os.getpid())
"""


def aside(root: Path, pids: Path) -> tuple[int, list[int]]:
    result = subprocess.run([sys.executable, "-c", ASIDE, str(root), str(pids)],
                            capture_output=True, text=True, check=True)
    return int(result.stdout), [int(p) for p in pids.read_text().split()]


def move_an_outcome(root: Path) -> None:
    for call in sorted((root / "plans").glob("*/2*.yaml")):
        text = call.read_text(encoding="utf-8")
        if "outcome: advance" in text:
            call.write_text(text.replace("outcome: advance", "outcome: order", 1),
                            encoding="utf-8")
            return
    raise AssertionError("the sample has no advance")


def test_the_insights_worked_out_aside_are_those_one_process_works_out(tmp_path: Path) -> None:
    alone = project(tmp_path / "alone")
    shared = project(tmp_path / "shared")
    generate(alone, TODAY)
    main, rendered_by = aside(shared, tmp_path / "first")
    assert main in rendered_by and len(set(rendered_by)) == 2  # warnings here, overview there
    assert generated(shared) == generated(alone)

    move_an_outcome(alone)
    move_an_outcome(shared)
    generate(alone, TODAY)
    main, rendered_by = aside(shared, tmp_path / "second")
    assert main in rendered_by and len(set(rendered_by)) == 2
    assert generated(shared) == generated(alone)

    # A warned call's new title: the warnings are rendered again, the insights kept (KEEP comes
    # back from the other process as the one KEEP).
    warned = listed(alerts(read_project(alone), TODAY))[0]
    for root in (alone, shared):
        call = root / warned.path
        text = call.read_text(encoding="utf-8")
        call.write_text(f"title: Renamed\n{text}" if "\ntitle:" not in f"\n{text}" else
                        text.replace("title: ", "title: Renamed ", 1), encoding="utf-8")
    before = (shared / "content" / "team" / "insights" / "index.md").stat().st_mtime_ns
    generate(alone, TODAY)
    aside(shared, tmp_path / "third")
    assert generated(shared) == generated(alone)
    assert b"Renamed" in generated(shared)["insights/warnings.md"]
    assert (shared / "content" / "team" / "insights" / "index.md").stat().st_mtime_ns == before


def test_work_aside_gives_its_result_or_its_error() -> None:
    assert Aside(lambda: {"page": "text"}).result() == {"page": "text"}

    def fail() -> None:
        raise ValueError("no figures today")

    with pytest.raises(ValueError, match="no figures today"):
        Aside(fail).result()
    waiting = Aside(lambda: sum(range(10**9)))
    waiting.cancel()  # stops at once, whether it was forked or not
