"""The README stays true: every command is documented, and CI runs its test command."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group, prefix: str = "playbook") -> list[str]:
    found = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += commands(command, f"{prefix} {name}")
        else:
            found.append(f"{prefix} {name}")
    return found


def test_every_command_is_in_the_readme() -> None:
    missing = [c for c in commands(cli) if f"`{c}" not in README]
    assert missing == []


def first_commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert block is not None
    return [line.split("#")[0].strip() for line in block.group(1).splitlines()]


def test_the_readme_starts_with_the_two_commands() -> None:
    # In a virtual environment: Debian's and Ubuntu's Python refuse `pip install` outside one.
    assert first_commands() == [
        "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/playbook build",
        'python3 -m venv .venv && .venv/bin/pip install -e ".[test]" && .venv/bin/python -m pytest',
    ]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == first_commands()[1]


def test_the_readme_says_how_to_look_at_the_site_that_works() -> None:
    # A site opened from disk shows folder listings for pages and has no search.
    assert "Open `site/index.html`" not in README
    assert "`python3 -m http.server -b 127.0.0.1 -d site`" in README
    assert "`.venv/bin/playbook serve`" in README


FIRST_PLAN = "## Your first plan"


def first_plan() -> tuple[list[list[str]], list[str]]:
    """The commands of the README's first-plan walk-through, split as a shell would, and the
    comments between and beside them (what the rep does by hand, where to look)."""
    section = README.split(FIRST_PLAN, 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None
    commands, comments = [], []
    for line in block.group(1).splitlines():
        command, _, comment = line.partition("#")
        if command.strip():
            commands.append(shlex.split(command))
        comments.append(comment.strip())
    return commands, comments


def test_the_first_plan_takes_at_most_four_commands_with_ids_of_the_sample() -> None:
    commands, _ = first_plan()
    assert 1 <= len(commands) <= 4
    assert all(c[0] == ".venv/bin/playbook" for c in commands)
    new = commands[0]
    assert new[1:3] == ["new", "call"]
    account, date, rep = new[3], new[new.index("--date") + 1], new[new.index("--rep") + 1]
    plans = REPO / "plans"
    assert (plans / account / "account.yaml").is_file()
    team = yaml.safe_load((plans / "team.yaml").read_text(encoding="utf-8"))
    assert rep in [r["id"] for r in team["reps"]]
    owner = yaml.safe_load((plans / account / "account.yaml").read_text(encoding="utf-8"))
    assert owner["owner"] == rep  # the rep's own account
    taken = sorted(p.name[:10] for p in (plans / account).glob("20*.yaml"))
    assert taken and date > taken[-1]  # the account's next call, on a free day


@pytest.mark.slow  # generates the whole sample team's pages
def test_the_first_plan_commands_run_as_written(tmp_path: Path) -> None:
    shutil.copytree(REPO / "plans", tmp_path / "plans")
    shutil.copytree(REPO / "content", tmp_path / "content",
                    ignore=shutil.ignore_patterns("team"))
    commands, comments = first_plan()
    # What the comment after `new` tells the rep to write, written as it says.
    path, objective = re.fullmatch(r"open (\S+) and write the objective: (objective: .+)",
                                   comments[1]).groups()  # type: ignore[union-attr]
    runner = CliRunner()
    outputs = []
    for number, written in enumerate(commands):
        # serve runs until stopped: the page it would show is generated instead.
        args = ["--today", "2026-12-05", "generate"] if written[1] == "serve" else written[1:]
        result = runner.invoke(cli, ["--root", str(tmp_path), *args], prog_name="playbook")
        assert result.exit_code == 0, (written, result.output)
        outputs.append(result.output)
        if number == 0:
            plan = tmp_path / path
            assert plan.is_file()
            text = plan.read_text(encoding="utf-8")
            assert '  objective: ""' in text
            plan.write_text(text.replace('objective: ""', objective, 1), encoding="utf-8")
    assert outputs[0].startswith(f"created {path}")
    assert outputs[1].startswith("ok: 71 calls")
    url = re.search(r"http://127\.0\.0\.1:8000/(\S+)/$", comments[-1])
    assert url is not None
    page = tmp_path / "content" / f"{url.group(1)}.md"
    assert "Agree the pilot" in page.read_text(encoding="utf-8")
