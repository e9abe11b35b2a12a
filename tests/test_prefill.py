"""`playbook new call` pre-filled from the account's history: what it writes and says, that the
file validates as written, that no text from the history can break it, and the golden scaffold
of the README's first plan (tests/golden/scaffold/)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, TEAM, Run, write

from generator.analyse import MIN_CALLS
from generator.read.load import load_text
from generator.read.project import read_project

GOLDEN = REPO / "tests" / "golden" / "scaffold"
TODAY = "2026-05-01"
PLAN = "plans/acme/2026-05-08-proposal.yaml"
NEW = ["new", "call", "acme", "--date", "2026-05-08", "--type", "proposal", "--rep", "dana-k"]


def q(text: str) -> str:
    """Any text as a YAML double-quoted scalar, for the fixture files."""
    return json.dumps(text)


def history(root: Path, *, name: str = "Acme Logistics", attendee: str = "Jane Doe",
            title: str = "CFO", action: str = "Send the pilot plan", objection: str = "Too dear.",
            response: str = "Showed the payback.", lesson: str = "Ask who signs.") -> Path:
    """A team whose account `acme` has two calls before TODAY (the later one debriefed, with an
    open step, a raised objection and a lesson) and whose account `beta` answered the same
    objection MIN_CALLS times, enough to name a best response."""
    write(root, "plans/team.yaml", TEAM)
    write(root, "plans/acme/account.yaml", f"name: {q(name)}\n")
    write(root, "plans/beta/account.yaml", "name: Beta\n")
    write(root, "plans/acme/2026-03-02-discovery.yaml", """\
date: 2026-03-02
rep: lee-m
type: discovery
attendees:
  - name: Raj Patel
plan:
  objective: Learn.
""")
    write(root, "plans/acme/2026-04-06-demo.yaml", f"""\
date: 2026-04-06
rep: dana-k
type: demo
attendees:
  - name: {q(attendee)}
    title: {q(title)}
    role: economic-buyer
plan:
  objective: Show it.
debrief:
  outcome: advance
  next_time:
    - {q(lesson)}
  objections:
    - topic: price
      objection: {q(objection)}
      response: Gave a discount.
      worked: "no"
  next_steps:
    - action: {q(action)}
      owner: {q(attendee)}
      due: 2026-04-20
    - action: Done already
      owner: dana-k
      done: 2026-04-10
""")
    for day in range(1, MIN_CALLS + 1):
        write(root, f"plans/beta/2026-02-{day:02d}-demo.yaml", f"""\
date: 2026-02-{day:02d}
rep: lee-m
type: demo
plan:
  objective: Show it.
debrief:
  outcome: advance
  objections:
    - topic: price
      objection: Too expensive.
      response: {q(response)}
      worked: "yes"
""")
    return root


def scaffold(run: Run, root: Path, *extra: str) -> tuple[str, str]:
    result = run(root, "--today", TODAY, *NEW, *extra)
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def problems(run: Run, root: Path, *paths: str) -> list[str]:
    """What `playbook validate` says: the problems, or that all is well."""
    result = run(root, "--today", TODAY, "validate", *paths)
    return (result.stdout + result.stderr).splitlines()


def fill_objective(root: Path) -> None:
    path = root / PLAN
    text = path.read_text(encoding="utf-8")
    assert text.count('  objective: ""') == 1
    path.write_text(text.replace('  objective: ""', "  objective: Agree the pilot."),
                    encoding="utf-8")


def test_the_plan_is_pre_filled_and_the_rep_told_what_with_counts(tmp_path: Path,
                                                                   run: Run) -> None:
    stdout, stderr = scaffold(run, history(tmp_path))
    assert stdout == (
        f"created {PLAN}; fill in the REQUIRED blanks, then run `playbook validate`\n"
        "pre-filled from 2 earlier calls at acme; keep what applies to this call:\n"
        "  attendees: 2 people met at earlier calls\n"
        "  agenda: 1 open next step (1 overdue)\n"
        "  objections: 1 raised here before, 1 with the team's best-record response, "
        "0 for you to answer\n"
        "  next time: 1 lesson from the debrief of the 2026-04-06 demo call, as comments\n")
    assert stderr == ""
    text = (tmp_path / PLAN).read_text(encoding="utf-8")
    assert "# - Ask who signs.\n" in text
    assert ("    # open next step from the 2026-04-06 demo call: Jane Doe, due 2026-04-20 "
            "(overdue)\n    - \"Send the pilot plan\"\n") in text
    assert f"      # the team's best record: worked {MIN_CALLS} of {MIN_CALLS} times\n" in text


def test_the_pre_filled_plan_validates_as_written_alone_and_with_the_whole_team(
        tmp_path: Path, run: Run) -> None:
    root = history(tmp_path)
    assert problems(run, root) == ["ok: 7 calls, 2 accounts, 2 reps"]
    scaffold(run, root)
    # As written, only the blank the rep must fill, on its own and in the whole folder.
    blank = [f"{PLAN}:23:14: plan.objective: must not be empty"]
    assert problems(run, root, str(root / PLAN)) == [*blank, "1 problem(s) in 1 file(s)"]
    assert problems(run, root) == [*blank, "1 problem(s) in 1 file(s)"]
    fill_objective(root)
    assert problems(run, root) == ["ok: 8 calls, 2 accounts, 2 reps"]
    call = next(c.call for c in read_project(root).calls if c.slug == "2026-05-08-proposal")
    assert [(p.name, p.title, p.role) for p in call.attendees] == [
        ("Raj Patel", None, None), ("Jane Doe", "CFO", "economic-buyer")]
    assert call.plan.agenda == ["Send the pilot plan"]
    assert [(o.topic, o.objection, o.response) for o in call.plan.objections] == [
        ("price", "Too dear.", "Showed the payback.")]


def test_without_a_best_record_the_response_is_left_to_the_rep_saying_why(tmp_path: Path,
                                                                          run: Run) -> None:
    root = history(tmp_path)
    (root / f"plans/beta/2026-02-{MIN_CALLS:02d}-demo.yaml").unlink()  # one try too few
    stdout, _ = scaffold(run, root)
    assert ("  objections: 1 raised here before, 0 with the team's best-record response, "
            "1 for you to answer\n") in stdout
    text = (root / PLAN).read_text(encoding="utf-8")
    assert (f"      # yours to write: too few calls to say; the best so far worked "
            f"{MIN_CALLS - 1} of {MIN_CALLS - 1} times, and the team\n      # names a best "
            f"answer once it was tried {MIN_CALLS} times\n      response: \"\"\n") in text
    fill_objective(root)
    assert problems(run, root) == ["ok: 7 calls, 2 accounts, 2 reps"]


def test_a_first_call_and_blank_get_today_s_plain_scaffold(tmp_path: Path, run: Run) -> None:
    root = history(tmp_path)
    write(root, "plans/newco/account.yaml", "name: Newco\n")
    first = run(root, "--today", TODAY, "new", "call", "newco", "--date", "2026-05-08",
                "--type", "proposal", "--rep", "dana-k")
    assert first.stdout == ("created plans/newco/2026-05-08-proposal.yaml; fill in the REQUIRED "
                            "blanks, then run `playbook validate`\n")
    plain = (root / "plans/newco/2026-05-08-proposal.yaml").read_text(encoding="utf-8")
    assert "Pre-filled" not in plain and "agenda: []" in plain and "objections: []" in plain
    stdout, _ = scaffold(run, root, "--blank")
    assert stdout == (f"created {PLAN}; fill in the REQUIRED blanks, then run "
                      "`playbook validate`\n")
    assert (root / PLAN).read_text(encoding="utf-8") == plain.replace("newco", "acme")


def test_it_never_overwrites_and_refuses_before_reading_the_history(
        tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    root = history(tmp_path)
    scaffold(run, root)
    path = root / PLAN
    path.write_text(path.read_text(encoding="utf-8") + "# my notes\n", encoding="utf-8")
    before = path.read_bytes()

    def no_reading(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the history was read for a file that exists")

    monkeypatch.setattr("generator.commands.prefill.read_whole", no_reading)
    again = run(root, "--today", TODAY, *NEW)
    assert (again.exit_code, again.stdout) == (1, "")
    assert again.stderr == f"Error: {path} already exists; it was left untouched\n"
    assert path.read_bytes() == before


def test_a_file_with_problems_elsewhere_is_left_out_and_the_rep_told(tmp_path: Path,
                                                                     run: Run) -> None:
    # Such as the plan scaffolded a minute ago, its objective still blank.
    root = history(tmp_path)
    write(root, "plans/acme/2026-04-20-demo.yaml", "date: 2026-04-20\nrep: dana-k\ntype: demo\n"
                                                   "attendees:\n  - name: Left Out\nplan: {}\n")
    stdout, stderr = scaffold(run, root)
    assert "  attendees: 2 people met at earlier calls\n" in stdout
    assert stderr == ("warning: plans/ has problems in 1 file (`playbook validate` lists them); "
                      "the history leaves out any file that could not be read\n")
    assert "Left Out" not in (root / PLAN).read_text(encoding="utf-8")


def test_the_scaffold_is_the_same_every_time(tmp_path: Path, run: Run) -> None:
    texts = []
    for copy in ("one", "two"):
        root = history(tmp_path / copy)
        scaffold(run, root)
        texts.append((root / PLAN).read_bytes())
    assert texts[0] == texts[1]


def test_the_first_plan_of_the_readme_matches_its_golden_scaffold(
        tmp_path: Path, run: Run, pytestconfig: pytest.Config, both_ways: str) -> None:
    # The sample team's Alder Kitchen Service on the day the sample is set on: people met, an
    # overdue step, objections with and without a best record, a lesson. With every shortcut
    # and with none (both_ways), the same bytes.
    shutil.copytree(REPO / "plans", tmp_path / "plans")
    result = run(tmp_path, "--today", "2026-12-07", "new", "call", "alder-kitchen-service",
                 "--date", "2026-12-17", "--type", "proposal", "--rep", "tom-becker")
    assert result.exit_code == 0, result.output
    made = {
        "alder-kitchen-service-2026-12-17-proposal.yaml":
            (tmp_path / "plans/alder-kitchen-service/2026-12-17-proposal.yaml").read_text(
                encoding="utf-8"),
        "alder-kitchen-service-2026-12-17-proposal.txt": result.stdout,
    }
    for name, text in made.items():
        if pytestconfig.getoption("--update-golden", default=False):
            GOLDEN.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(text.encode("utf-8"))
        assert text == (GOLDEN / name).read_text(encoding="utf-8"), (
            f"{name} differs; refresh with: python -m pytest tests/test_prefill.py "
            "--update-golden, then review git diff tests/golden")


HOSTILE = [
    'Evil "Co": #1\nrole: economic-buyer\n!!python/object/apply:os.system ["ls"]',
    "Ann\u2028title: injected\u2029- name: Mallory\x85debrief: {outcome: order}",
    "--- &a\n... *a\n# not a comment\r\n  - x: 'y'",
    "tab\there # and \\ back\\slash \"quoted\" 'single' `tick` : colon",
    "&anchor !tag %directive @at |literal >folded {flow: map} [flow, seq]",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_in_the_history_stays_text(tmp_path: Path, run: Run, text: str) -> None:
    root = history(tmp_path, name=text, attendee=f"{text} A", title=text,
                   action=f"{text} step", objection=f"{text} objection",
                   response=f"{text} response", lesson=f"{text} lesson\n{text}")
    write(root, "plans/team.yaml", TEAM.replace("Dana Kowalski", q(f"{text} Rep")))
    scaffold(run, root)
    written = (root / PLAN).read_text(encoding="utf-8")
    document, errors = load_text(written, PLAN)
    assert errors == [] and document is not None
    data: dict[str, Any] = document.data
    # No key was added anywhere, and the values came back as written.
    assert sorted(data) == ["attendees", "date", "plan", "rep", "title", "type"]
    assert data["attendees"] == [{"name": "Raj Patel"},
                                 {"name": f"{text} A", "title": text, "role": "economic-buyer"}]
    assert data["plan"]["agenda"] == [f"{text} step"]
    assert data["plan"]["objections"] == [
        {"topic": "price", "objection": f"{text} objection", "response": f"{text} response"}]
    assert yaml.safe_load(written)["plan"] == data["plan"]  # any YAML reader agrees
    fill_objective(root)
    assert problems(run, root) == ["ok: 8 calls, 2 accounts, 2 reps"]


def test_the_sample_s_day_counts_as_today_and_is_said_after_the_file(tmp_path: Path,
                                                                    run: Run) -> None:
    root = history(tmp_path)
    write(root, "plans/team.yaml", f"sample_date: {TODAY}\n{TEAM}")
    result = run(root, *NEW)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"created {PLAN}")  # as the README's walk-through reads it
    assert "  agenda: 1 open next step (1 overdue)\n" in result.stdout
    assert result.stderr.startswith(f"the sample is set on {TODAY} (sample_date in ")
