"""The `playbook` command line: exit codes, exact output in each format, paths, usage errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import ACCOUNT, CALL, CALL_PATH, REPO, Run, write

from generator.cli import cli
from generator.problems import Problem, format_problems

OWNER_LINE = ("plans/acme/account.yaml:4:8: owner: unknown rep 'lee'; did you mean 'lee-m'? "
              "(reps are listed in plans/team.yaml)")
TYPE_LINE = ("plans/acme/2026-03-10-discovery.yaml:3:7: type: expected one of 'discovery', 'demo', "
             "'proposal', 'negotiation', 'closing', 'follow-up', 'review' or 'other', got 'chat'")
TYPE_MESSAGE = TYPE_LINE.split(": type: ", 1)[1]
OWNER_MESSAGE = OWNER_LINE.split(": owner: ", 1)[1]


@pytest.fixture
def broken(project: Path) -> Path:
    """The valid project with one problem in account.yaml and one in the call."""
    write(project, "plans/acme/account.yaml", ACCOUNT.replace("owner: dana-k", "owner: lee"))
    write(project, CALL_PATH, CALL.replace("type: discovery", "type: chat"))
    return project


def test_validate_clean_project_exits_0(project: Path, run: Run) -> None:
    result = run(project, "validate")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "ok: 1 calls, 1 accounts, 2 reps\n"


@pytest.mark.parametrize(("fmt", "stdout"), [("json", "[]\n"), ("github", "")])
def test_validate_clean_in_machine_formats(project: Path, run: Run, fmt: str, stdout: str) -> None:
    result = run(project, "validate", "--format", fmt)
    assert (result.exit_code, result.stdout, result.stderr) == (0, stdout, "")


def test_validate_text_prints_every_problem_then_a_count(broken: Path, run: Run) -> None:
    result = run(broken, "validate")
    assert result.exit_code == 1
    assert result.stdout == f"{TYPE_LINE}\n{OWNER_LINE}\n"
    assert result.stderr == "2 problem(s) in 2 file(s)\n"


def test_validate_github_annotations(broken: Path, run: Run) -> None:
    result = run(broken, "validate", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=plans/acme/2026-03-10-discovery.yaml,line=3,col=7,title=type::"
        f"type: {TYPE_MESSAGE}",
        f"::error file=plans/acme/account.yaml,line=4,col=8,title=owner::owner: {OWNER_MESSAGE}",
    ]
    assert result.stderr == ""


def test_validate_json_is_a_list_of_problems(broken: Path, run: Run) -> None:
    result = run(broken, "validate", "--format", "json")
    assert result.exit_code == 1
    assert result.stderr == ""
    assert json.loads(result.stdout) == [
        {"path": "plans/acme/2026-03-10-discovery.yaml", "line": 3, "column": 7,
         "field": "type", "message": TYPE_MESSAGE},
        {"path": "plans/acme/account.yaml", "line": 4, "column": 8, "field": "owner",
         "message": OWNER_MESSAGE},
    ]


def test_github_format_escapes_workflow_command_syntax() -> None:
    problem = Problem("plans/a,b:c.yaml", 2, 3, "", "100% sure")
    assert format_problems([problem], "github") == (
        "::error file=plans/a%2Cb%3Ac.yaml,line=2,col=3,title=playbook::100%25 sure"
    )


def test_control_characters_cannot_forge_or_restyle_output() -> None:
    problem = Problem("plans/x\ny", 2, 3, "a\u202eb", "one\r\ntwo \x1b[31mred")
    assert str(problem) == "plans/x\\ny:2:3: a\\u202eb: one\\r\\ntwo \\x1b[31mred"
    assert format_problems([problem], "github") == (
        "::error file=plans/x\\ny,line=2,col=3,title=a\\u202eb::"
        "a\\u202eb: one\\r\\ntwo \\x1b[31mred"
    )
    assert json.loads(format_problems([problem], "json"))[0]["message"] == "one\r\ntwo \x1b[31mred"


def test_json_keeps_non_ascii_text() -> None:
    problem = Problem("plans/café/account.yaml", 1, 1, "name", "’é’")
    assert json.loads(format_problems([problem], "json"))[0]["path"] == "plans/café/account.yaml"
    assert "café" in format_problems([problem], "json")


# PATHS: the whole tree is read, only problems under the given files or folders are shown.
@pytest.mark.parametrize(
    ("paths", "stdout"),
    [
        ([CALL_PATH], [TYPE_LINE]),
        (["plans/acme/account.yaml"], [OWNER_LINE]),
        (["plans/acme"], [TYPE_LINE, OWNER_LINE]),
        (["plans/acme/"], [TYPE_LINE, OWNER_LINE]),
        (["plans"], [TYPE_LINE, OWNER_LINE]),
        (["."], [TYPE_LINE, OWNER_LINE]),
        ([CALL_PATH, "plans/acme/account.yaml"], [TYPE_LINE, OWNER_LINE]),
    ],
)
def test_validate_paths_filter_problems(broken: Path, run: Run, monkeypatch: pytest.MonkeyPatch,
                                        paths: list[str], stdout: list[str]) -> None:
    monkeypatch.chdir(broken)
    result = run(broken, "validate", *paths)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == stdout


def test_validate_absolute_paths_work_from_anywhere(broken: Path, run: Run) -> None:
    result = run(broken, "validate", str(broken / CALL_PATH))
    assert (result.exit_code, result.stdout) == (1, f"{TYPE_LINE}\n")


def test_a_clean_path_exits_0_even_when_others_are_broken(broken: Path, run: Run) -> None:
    # plans/ac is a prefix of plans/acme as text, not as a folder: acme's problems stay out.
    write(broken, "plans/ac/account.yaml", "name: AC\n")
    result = run(broken, "validate", str(broken / "plans/ac"))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    result = run(broken, "validate", "--format", "json", str(broken / "plans/ac"))
    assert (result.exit_code, result.stdout) == (0, "[]\n")


def test_validate_only_reads(broken: Path, run: Run) -> None:
    def tree() -> dict[str, tuple[bytes, int]]:
        return {p.relative_to(broken).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
                for p in sorted(broken.rglob("*")) if p.is_file()}

    before = tree()
    for fmt in ["text", "github", "json"]:
        assert run(broken, "validate", "--format", fmt).exit_code == 1
    assert tree() == before


def test_root_comes_from_the_environment(broken: Path) -> None:
    result = CliRunner().invoke(cli, ["validate"], env={"PLAYBOOK_ROOT": str(broken)})
    assert (result.exit_code, result.stdout) == (1, f"{TYPE_LINE}\n{OWNER_LINE}\n")


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["validate", "/"], "Error: / is not inside the project "),
        (["validate", "no/such/file.yaml"],
         "Error: Invalid value for '[PATHS]...': Path 'no/such/file.yaml' does not exist."),
        (["validate", "--format", "xml"],
         "Error: Invalid value for '--format': 'xml' is not one of 'text', 'github', 'json'."),
        (["validate", "--strict"], "Error: No such option '--strict'."),
        (["valdate"], "Error: No such command 'valdate'."),
        (["new", "call", "acme", "--type", "demo"], "Error: Missing option '--date'."),
        (["new", "call", "acme", "--date", "2026-02-30", "--type", "demo"],
         "Error: Invalid value for '--date': '2026-02-30' does not match the format '%Y-%m-%d'."),
        (["new", "call", "acme", "--date", "2026-03-01", "--type", "chat"],
         "Error: Invalid value for '--type': 'chat' is not one of 'discovery', 'demo', "
         "'proposal', 'negotiation', 'closing', 'follow-up', 'review', 'other'."),
        (["new", "account", "acme-two"], "Error: Missing option '--name'."),
        (["--today", "tomorrow", "validate"],
         "Error: Invalid value for '--today': 'tomorrow' does not match the format '%Y-%m-%d'."),
    ],
)
def test_usage_errors_exit_2(project: Path, run: Run, monkeypatch: pytest.MonkeyPatch,
                             args: list[str], error: str) -> None:
    monkeypatch.chdir(project)
    result = run(project, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Usage: playbook ")
    assert result.stderr.splitlines()[-1].startswith(error)


def commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in sorted(group.commands.items()):
        yield (*path, name)
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))


ALL_COMMANDS = [(), *commands(cli)]


def test_the_documented_commands_exist() -> None:
    for expected in [("validate",), ("new",), ("new", "account"), ("new", "call"), ("schema",)]:
        assert expected in ALL_COMMANDS


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=lambda p: " ".join(p) or "playbook")
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_every_command_has_help(path: tuple[str, ...], flag: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, [*path, flag], prog_name="playbook")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: {' '.join(['playbook', *path])} ")
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    assert command.help, f"{path} has no docstring"
    assert " ".join(command.help.split("\n")[0].split()) in " ".join(result.stdout.split())
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help, f"option {param.name} of {path} has no help"


def test_top_level_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"], prog_name="playbook")
    listed = result.stdout.split("Commands:", 1)[1]
    for name in cli.commands:
        assert f"\n  {name} " in listed


@pytest.mark.slow
def test_the_console_script_is_the_real_entry_point(broken: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(broken), "validate", "--format", "json"],
        capture_output=True, text=True, cwd=REPO, check=False,
    )
    assert result.returncode == 1
    assert [p["line"] for p in json.loads(result.stdout)] == [3, 4]
    usage = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(broken), "validate", "/"],
        capture_output=True, text=True, cwd=REPO, check=False,
    )
    assert usage.returncode == 2
    assert usage.stdout == ""


@pytest.mark.slow
def test_a_command_that_ends_the_process_at_once_still_says_everything(
    project: Path, tmp_path: Path
) -> None:
    # generate leaves without tidying up its objects: what it printed must still come out,
    # through a pipe (block-buffered), with the right exit code.
    env = {**os.environ, "PLAYBOOK_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(project), "--today",
                           "2026-11-26", "generate"],
                          capture_output=True, text=True, cwd=REPO, check=False, env=env)
    assert (done.returncode, done.stdout) == (0, "")
    assert done.stderr.startswith("generated 1 calls: ")  # the summary goes to standard error
    (project / "plans/acme/2026-03-10-discovery.yaml").write_text("date: 2026-03-10\n")
    failed = subprocess.run([sys.executable, "-m", "generator", "--root", str(project),
                             "generate"],
                            capture_output=True, text=True, cwd=REPO, check=False, env=env)
    assert failed.returncode == 1
    assert failed.stderr.endswith("nothing was generated\n")
