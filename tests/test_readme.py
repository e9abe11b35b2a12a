"""The README stays true: every command is documented, and CI runs its test command."""

from __future__ import annotations

import re
from pathlib import Path

import click

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
