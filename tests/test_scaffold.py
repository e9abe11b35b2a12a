"""`playbook new`: commented starter files that validate once filled, and never overwrite."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from conftest import REPO, TEAM, Run, write

from generator.read.project import read_project

ACCOUNT_FILE = "plans/acme/account.yaml"
CALL_FILE = "plans/acme/2026-04-01-demo.yaml"


@pytest.fixture
def team(tmp_path: Path) -> Path:
    """A project holding only plans/team.yaml, as when the first account is added."""
    write(tmp_path, "plans/team.yaml", TEAM)
    return tmp_path


@pytest.fixture
def account(team: Path, run: Run) -> Path:
    result = run(team, "new", "account", "acme", "--name", "Acme Logistics", "--owner", "dana-k")
    assert (result.exit_code, result.stdout) == (0, f"created {ACCOUNT_FILE}\n")
    return team


def new_call(root: Path, run: Run, *extra: str) -> str:
    result = run(root, "new", "call", "acme", "--date", "2026-04-01", "--type", "demo", *extra)
    assert result.exit_code == 0, result.output
    return result.stdout


def problems(run: Run, root: Path) -> list[str]:
    result = run(root, "validate")
    assert result.exit_code == (1 if result.stdout else 0)
    return result.stdout.splitlines()


def test_a_new_account_validates_as_written(account: Path, run: Run) -> None:
    text = (account / ACCOUNT_FILE).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/account.schema.json\n")
    assert problems(run, account) == []
    found = read_project(account).accounts["acme"].account
    assert (found.name, found.owner, found.stage, found.industry) == (
        "Acme Logistics", "dana-k", "prospect", None)


@pytest.mark.parametrize(
    "name", ['Acme: "Logistics" # not a comment', "Ørsted & Søn", "- [x]", "yes", "2026", "null",
             "Line\u2028break\x85and\u2029more"]  # what YAML reads as line breaks
)
def test_any_company_name_is_written_as_text(team: Path, run: Run, name: str) -> None:
    assert run(team, "new", "account", "acme", "--name", name).exit_code == 0
    assert problems(run, team) == []
    assert read_project(team).accounts["acme"].account.name == name


def test_an_account_without_owner_validates_and_a_wrong_owner_is_refused(team: Path,
                                                                          run: Run) -> None:
    assert run(team, "new", "account", "acme", "--name", "Acme").exit_code == 0
    result = run(team, "new", "account", "beta", "--name", "Beta", "--owner", "dana")
    assert (result.exit_code, result.stderr) == (
        1, "Error: --owner: unknown rep 'dana'; did you mean 'dana-k'? "
           "(reps are listed in plans/team.yaml)\n")
    assert not (team / "plans" / "beta").exists()
    assert problems(run, team) == []


def test_a_new_call_names_its_required_blanks(account: Path, run: Run) -> None:
    stdout = new_call(account, run)
    assert stdout == (f"created {CALL_FILE}; fill in the REQUIRED blanks, then run "
                      "`playbook validate`\n")
    assert problems(run, account) == [
        f"{CALL_FILE}:5:6: rep: must not be empty",
        f"{CALL_FILE}:15:14: plan.objective: must not be empty",
    ]


def test_a_new_call_validates_once_its_blanks_are_filled(account: Path, run: Run) -> None:
    new_call(account, run, "--title", 'Demo: "their" jobs')
    path = account / CALL_FILE
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/call.schema.json\n")
    for blank in ['rep: ""', 'objective: ""']:
        assert text.count(blank) == 1, blank
    text = text.replace('rep: ""', "rep: lee-m")
    text = text.replace('objective: ""', "objective: Book a pilot.")
    path.write_text(text, encoding="utf-8")
    assert problems(run, account) == []
    call = read_project(account).calls[0].call
    assert (call.rep, call.type, call.title, call.plan.objective) == (
        "lee-m", "demo", 'Demo: "their" jobs', "Book a pilot.")
    assert call.plan.advance is None  # blank optional fields read as not given
    assert call.plan.effort_minutes is None


def test_rep_option_fills_the_rep(account: Path, run: Run) -> None:
    new_call(account, run, "--rep", "dana-k", "--slug", "pilot-demo")
    assert problems(run, account) == [
        "plans/acme/2026-04-01-pilot-demo.yaml:15:14: plan.objective: must not be empty"
    ]


def uncomment(text: str, after: str) -> str:
    """Remove the leading '# ' from every line after the line `after`."""
    head, tail = text.split(after + "\n", 1)
    return head + after.removeprefix("# ") + "\n" + re.sub(r"(?m)^# ", "", tail)


def test_the_commented_debrief_example_is_valid(account: Path, run: Run) -> None:
    new_call(account, run, "--rep", "dana-k")
    path = account / CALL_FILE
    text = path.read_text(encoding="utf-8").replace('objective: ""', "objective: Book a pilot.")
    text = text.replace("goals: []", "goals: [{metric: stakeholders met, target: 3, unit: people}]")
    text = uncomment(text, "# debrief:").replace("YYYY-MM-DD", "2026-04-02")
    text = text.replace("    # identify-prospect,", "    identify-prospect,")
    path.write_text(text, encoding="utf-8")
    assert problems(run, account) == []
    debrief = read_project(account).calls[0].call.debrief
    assert debrief is not None
    assert (debrief.outcome, debrief.objective_met, debrief.goals[0].actual) == (
        "advance", "partly", 2)
    assert read_project(account).calls[0].call.plan.checklist == ["identify-prospect"]


def test_the_scaffold_lists_every_checklist_id_commented_to_tick(account: Path, run: Run) -> None:
    # The team's own checklists (here the defaults: no plans/checklists.yaml), every
    # pre-sales id once, in order, each with its item's text.
    ids = read_project(account).checklists.pre_sales_ids()
    new_call(account, run, "--rep", "dana-k")
    path = account / CALL_FILE
    text = path.read_text(encoding="utf-8")
    listed = re.findall(r"(?m)^    # ([a-z0-9-]+),  # \S", text)
    assert listed == ids
    assert len(ids) == 15
    # Untouched, the list is empty and valid; ticking any ids keeps it valid.
    text = text.replace('objective: ""', "objective: Book a pilot.")
    path.write_text(text, encoding="utf-8")
    assert problems(run, account) == []
    assert read_project(account).calls[0].call.plan.checklist == []
    for tick in (ids[0], ids[7], ids[-1]):
        text = text.replace(f"    # {tick},", f"    {tick},")
    path.write_text(text, encoding="utf-8")
    assert problems(run, account) == []
    assert read_project(account).calls[0].call.plan.checklist == [ids[0], ids[7], ids[-1]]


def test_the_scaffold_lists_the_team_s_own_checklist(account: Path, run: Run) -> None:
    checklists = (REPO / "generator/defaults/checklists.yaml").read_text(encoding="utf-8")
    write(account, "plans/checklists.yaml",
          checklists.replace("id: rehearse", "id: dry-run").replace(
              "text: Rehearse", "text: \"Dry-run\\nthe call #1\"\n        # Rehearse"))
    new_call(account, run, "--rep", "dana-k")
    text = (account / CALL_FILE).read_text(encoding="utf-8")
    assert "    # dry-run,  # Dry-run the call #1" in text
    assert "# rehearse," not in text


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["new", "account", "acme", "--name", "Again"],
         f"Error: {{root}}/{ACCOUNT_FILE} already exists; it was left untouched\n"),
        (["new", "call", "acme", "--date", "2026-04-01", "--type", "demo", "--rep", "lee-m"],
         f"Error: {{root}}/{CALL_FILE} already exists; it was left untouched\n"),
    ],
)
def test_a_second_new_for_the_same_path_leaves_the_file_alone(account: Path, run: Run,
                                                              args: list[str], error: str) -> None:
    new_call(account, run)
    path = account / (ACCOUNT_FILE if args[1] == "account" else CALL_FILE)
    path.write_text(path.read_text(encoding="utf-8") + "# my notes\n", encoding="utf-8")
    before, stat = path.read_bytes(), path.stat()
    result = run(account, *args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == error.format(root=account)
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == stat.st_mtime_ns


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["new", "account", "Acme Corp", "--name", "Acme"],
         "Error: 'Acme Corp' is not a valid account id: use lower-case letters, digits and "
         "single hyphens, e.g. 'acme-logistics'\n"),
        (["new", "account", "../outside", "--name", "Acme"],
         "Error: '../outside' is not a valid account id: use lower-case letters, digits and "
         "single hyphens, e.g. 'acme-logistics'\n"),
        (["new", "call", "acme", "--date", "2026-04-01", "--type", "demo", "--slug", "Big Demo"],
         "Error: 'Big Demo' is not a valid slug: use lower-case letters, digits and single "
         "hyphens\n"),
        (["new", "call", "newco", "--date", "2026-04-01", "--type", "demo"],
         "Error: there is no account 'newco' (no {root}/plans/newco/account.yaml); create it "
         "first with `playbook new account newco --name ...`\n"),
    ],
)
def test_refused_scaffolds_write_nothing(account: Path, run: Run, args: list[str],
                                         error: str) -> None:
    before = sorted(p.relative_to(account) for p in account.rglob("*"))
    result = run(account, *args)
    assert result.exit_code == 1
    assert result.stderr == error.format(root=account)
    assert sorted(p.relative_to(account) for p in account.rglob("*")) == before


def test_the_schema_comment_points_at_the_committed_schemas() -> None:
    # Scaffolds live in plans/<account>/; the editor resolves the path from there.
    folder = REPO / "plans" / "any-account"
    for kind in ["account", "call"]:
        assert (folder / f"../../schema/{kind}.schema.json").resolve().is_file()


def test_without_hard_links_a_scaffold_is_still_created_once(
    team: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Some file systems (FAT, some network shares) refuse hard links.
    def no_links(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr("os.link", no_links)
    assert run(team, "new", "account", "acme", "--name", "Acme").exit_code == 0
    assert (team / ACCOUNT_FILE).read_text(encoding="utf-8").count('"Acme"') == 1
    again = run(team, "new", "account", "acme", "--name", "Other")
    assert again.exit_code == 1
    assert "already exists" in again.stderr
    assert sorted(p.name for p in (team / "plans/acme").iterdir()) == ["account.yaml"]


def test_a_scaffold_gets_the_mode_any_new_file_gets(team: Path, run: Run) -> None:
    # Written beside it first, then linked into place: still readable by the team, as with open().
    mask = os.umask(0o022)
    os.umask(mask)
    assert run(team, "new", "account", "acme", "--name", "Acme").exit_code == 0
    assert stat.S_IMODE((team / ACCOUNT_FILE).stat().st_mode) == 0o666 & ~mask
    assert sorted(p.name for p in (team / "plans/acme").iterdir()) == ["account.yaml"]
