"""Bad input, case by case: each gives its own exact `path:line:col: field: message` lines.

Each folder in tests/cases/ is one case: the files under it are copied over the valid project
of the `project` fixture (conftest.py), `playbook validate` runs, and its output must equal the
case's expected.txt. To add a case, add a folder with its files; to accept new output after a
deliberate change of wording, run

    python -m pytest tests/test_validate_cases.py --update-golden

and review the diff of tests/cases/*/expected.txt before committing it.

Inputs that cannot sensibly live in the repository (megabytes, links, nesting 100,000 deep)
are built in code below.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ACCOUNT, CALL, CALL_PATH, EXPECTED, Run, overlay, write

from generator.problems import ProblemError
from generator.read.project import read_project

# The golden outputs hold with every shortcut and with none (conftest.both_ways).
pytestmark = pytest.mark.usefixtures("both_ways")

CASES = Path(__file__).parent / "cases"


def case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if p.is_dir())



def summary(stdout: str) -> str:
    lines = stdout.splitlines()
    files = {line.split(":", 1)[0] for line in lines}
    return f"{len(lines)} problem(s) in {len(files)} file(s)\n"


@pytest.mark.parametrize("name", case_names())
def test_case(name: str, project: Path, run: Run, request: pytest.FixtureRequest) -> None:
    case = CASES / name
    overlay(case, project)
    result = run(project, "validate")
    expected_file = case / EXPECTED
    if request.config.getoption("--update-golden"):
        expected_file.write_text(result.stdout, encoding="utf-8")
    assert expected_file.is_file(), f"no {EXPECTED} for {name}; run with --update-golden"
    assert result.stdout == expected_file.read_text(encoding="utf-8")
    assert result.exit_code == 1
    assert result.stderr == summary(result.stdout)


def test_every_case_has_expected_output_and_an_input() -> None:
    for name in case_names():
        files = [p.name for p in (CASES / name).rglob("*") if p.is_file()]
        assert EXPECTED in files, name
        assert len(files) > 1, name


# Cases built in code: each returns the lines `playbook validate` must print.
Build = Callable[[Path], list[str]]


def several_megabytes(root: Path) -> list[str]:
    write(root, CALL_PATH, CALL + "# " + "padding " * 500_000 + "\n")
    return [f"{CALL_PATH}:1:1: the file is 4.0 MB; a playbook file may be at most 1 MB"]


def nesting_100000_deep(root: Path) -> list[str]:
    write(root, CALL_PATH, "plan:\n  agenda: " + "[" * 100_000 + "]" * 100_000 + "\n")
    return [f"{CALL_PATH}:2:49: nested more than 40 levels deep"]


def link_outside_plans(root: Path) -> list[str]:
    write(root, "elsewhere/account.yaml", ACCOUNT)
    write(root, "elsewhere/2026-04-01-demo.yaml", CALL.replace("2026-03-10", "2026-04-01"))
    (root / "plans/elsewhere").symlink_to(root / "elsewhere", target_is_directory=True)
    (root / "plans/acme/2026-04-01-demo.yaml").symlink_to(root / "elsewhere/2026-04-01-demo.yaml")
    (root / "plans/gone").symlink_to(root / "nowhere")
    message = "is a link to somewhere outside plans/; it is not followed"
    return [f"plans/acme/2026-04-01-demo.yaml:1:1: {message}",
            f"plans/elsewhere:1:1: {message}", f"plans/gone:1:1: {message}"]


def link_inside_plans_is_followed(root: Path) -> list[str]:
    write(root, "plans/shared/2026-03-10-discovery.yaml", CALL.replace("rep: dana-k", "rep: dan"))
    (root / "plans/acme/2026-03-10-discovery.yaml").unlink()
    (root / "plans/acme/2026-03-10-discovery.yaml").symlink_to(
        root / "plans/shared/2026-03-10-discovery.yaml")
    return [
        "plans/acme/2026-03-10-discovery.yaml:2:6: rep: unknown rep 'dan'; did you mean "
        "'dana-k'? (reps are listed in plans/team.yaml)",
        "plans/shared/2026-03-10-discovery.yaml:1:1: unknown account: the folder 'shared' has "
        "no account.yaml (create it with `playbook new account shared --name ...`)",
        "plans/shared/2026-03-10-discovery.yaml:2:6: rep: unknown rep 'dan'; did you mean "
        "'dana-k'? (reps are listed in plans/team.yaml)",
    ]


def team_file_missing(root: Path) -> list[str]:
    # Without a team, no call can be checked for reps or owners: one problem, no follow-ons.
    (root / "plans/team.yaml").unlink()
    return ["plans/team.yaml:1:1: the team file is missing: list the reps in plans/team.yaml"]


def no_plans_folder(root: Path) -> list[str]:
    shutil.rmtree(root / "plans")
    return ["plans:1:1: the plans folder does not exist",
            "plans/team.yaml:1:1: the team file is missing: list the reps in plans/team.yaml"]


BUILT: dict[str, Build] = {
    "several-megabytes": several_megabytes,
    "nesting-100000-deep": nesting_100000_deep,
    "link-outside-plans": link_outside_plans,
    "link-inside-plans-is-followed": link_inside_plans_is_followed,
    "team-file-missing": team_file_missing,
    "no-plans-folder": no_plans_folder,
}


@pytest.mark.parametrize("name", sorted(BUILT))
def test_built_case(name: str, project: Path, run: Run) -> None:
    expected = BUILT[name](project)
    result = run(project, "validate")
    assert result.stdout.splitlines() == expected
    assert result.exit_code == 1


def test_an_invalid_account_file_is_not_reported_as_missing(project: Path, run: Run) -> None:
    write(project, "plans/acme/account.yaml", ACCOUNT.replace("stage: qualified", "stage: hot"))
    result = run(project, "validate")
    assert result.stdout.splitlines() == [
        "plans/acme/account.yaml:3:8: stage: expected one of 'prospect', 'qualified', "
        "'proposal', 'negotiation', 'customer', 'lost' or 'dormant', got 'hot'",
    ]


def test_norway_values_stay_text(project: Path) -> None:
    # YAML 1.1 would read `no` as false and `yes` as true; the loader follows YAML 1.2.
    text = CALL.replace("objective_met: partly", "objective_met: no")
    write(project, CALL_PATH, text.replace("title: First meeting", "title: yes"))
    call = read_project(project).calls[0].call
    assert call.title == "yes"
    assert call.debrief is not None
    assert call.debrief.objective_met == "no"


def test_the_fixture_project_is_valid_and_complete(project: Path) -> None:
    found = read_project(project)
    assert [r.id for r in found.team.reps] == ["dana-k", "lee-m"]
    assert [c.name for c in found.accounts["acme"].account.contacts] == ["Jane Doe", "Raj Patel"]
    (entry,) = found.calls
    assert entry.id == "acme/2026-03-10-discovery"
    assert entry.call.debrief is not None
    assert [m.title for m in entry.call.plan.materials] == ["Intro deck", "Case study"]


def test_problems_from_many_files_come_in_one_error_sorted(project: Path) -> None:
    write(project, "plans/zeta/account.yaml", "name: Zeta\nowner: nobody\n")
    write(project, "plans/acme/account.yaml", ACCOUNT.replace("owner: dana-k", "owner: lee"))
    write(project, CALL_PATH, CALL.replace("type: discovery", "type: chat"))
    with pytest.raises(ProblemError) as raised:
        read_project(project)
    assert [(p.path, p.line, p.field) for p in raised.value.problems] == [
        ("plans/acme/2026-03-10-discovery.yaml", 3, "type"),
        ("plans/acme/account.yaml", 4, "owner"),
        ("plans/zeta/account.yaml", 2, "owner"),
    ]
