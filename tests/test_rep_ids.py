"""Rep ids suggested from a prefix or a rep's name, in validate and at once in `playbook new`."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ACCOUNT, TEAM, Run, write

from generator.models import Team
from generator.read.reps import rep_matches, suggest_rep

SAMPLE = Team.model_validate({"reps": [
    {"id": "tom-becker", "name": "Tom Becker"},
    {"id": "maya-okafor", "name": "Maya Okafor"},
    {"id": "dana-k", "name": "Dana Kowalski"},
    {"id": "daniel-reyes", "name": "Daniel Reyes"},
]})


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("tom", ["tom-becker"]),  # a prefix of the id
        ("Tom Becker", ["tom-becker"]),  # the rep's name
        ("tom becker", ["tom-becker"]),
        ("tom_becker", ["tom-becker"]),
        ("becker", ["tom-becker"]),  # the surname
        ("Becker, Tom", ["tom-becker"]),
        ("Dana Kowalski", ["dana-k"]),  # a name the id only abbreviates
        ("kowalski", ["dana-k"]),
        ("dan", ["dana-k", "daniel-reyes"]),  # two fit: both named
        ("maya-okafr", ["maya-okafor"]),  # a typo: by spelling
        ("zed", []),
        ("", []),
    ],
)
def test_the_rep_meant_is_found(written: str, expected: list[str]) -> None:
    assert rep_matches(written, SAMPLE) == expected


def test_the_suggestion_names_every_rep_that_fits() -> None:
    assert suggest_rep("tom", SAMPLE) == "; did you mean 'tom-becker'?"
    assert suggest_rep("dan", SAMPLE) == "; did you mean 'dana-k' or 'daniel-reyes'?"
    assert suggest_rep("zed", SAMPLE) == ""


def test_validate_suggests_the_id_of_a_rep_written_by_prefix(project: Path, run: Run) -> None:
    call = project / "plans/acme/2026-03-10-discovery.yaml"
    call.write_text(call.read_text(encoding="utf-8").replace("rep: dana-k", "rep: Kowalski"),
                    encoding="utf-8")
    result = run(project, "validate")
    assert result.stdout == ("plans/acme/2026-03-10-discovery.yaml:2:6: rep: unknown rep "
                             "'Kowalski'; did you mean 'dana-k'? (reps are listed in "
                             "plans/team.yaml)\n")


@pytest.fixture
def account(tmp_path: Path) -> Path:
    write(tmp_path, "plans/team.yaml", TEAM)
    write(tmp_path, "plans/acme/account.yaml", ACCOUNT)
    return tmp_path


def new_call(root: Path, run: Run, rep: str) -> tuple[int, str]:
    result = run(root, "new", "call", "acme", "--date", "2026-04-01", "--type", "demo",
                 "--rep", rep)
    return result.exit_code, result.stderr


def test_new_call_refuses_an_unknown_rep_at_once_with_the_id(account: Path, run: Run) -> None:
    assert new_call(account, run, "Dana Kowalski") == (
        1, "Error: --rep: unknown rep 'Dana Kowalski'; did you mean 'dana-k'? "
           "(reps are listed in plans/team.yaml)\n")
    assert not (account / "plans/acme/2026-04-01-demo.yaml").exists()
    assert new_call(account, run, "dana-k") == (0, "")


def test_new_account_refuses_an_unknown_owner_at_once(account: Path, run: Run) -> None:
    result = run(account, "new", "account", "beta", "--name", "Beta", "--owner", "lee")
    assert (result.exit_code, result.stderr) == (
        1, "Error: --owner: unknown rep 'lee'; did you mean 'lee-m'? "
           "(reps are listed in plans/team.yaml)\n")
    assert not (account / "plans/beta").exists()


def test_new_says_when_the_team_cannot_be_read(account: Path, run: Run) -> None:
    (account / "plans/team.yaml").write_text("reps: []\n", encoding="utf-8")
    code, stderr = new_call(account, run, "dana-k")
    assert code == 1
    assert stderr.startswith("Error: --rep 'dana-k' cannot be checked until plans/team.yaml is "
                             "valid: plans/team.yaml:1:")
    (account / "plans/team.yaml").unlink()
    assert new_call(account, run, "dana-k") == (
        1, "Error: --rep 'dana-k' cannot be checked: plans/team.yaml is missing; list the reps "
           "there first\n")
    assert not (account / "plans/acme/2026-04-01-demo.yaml").exists()
