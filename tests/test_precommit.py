"""The pre-commit hook a team's repository uses: `pre-commit try-repo` installs this repository
as pre-commit would from its URL and runs `playbook validate` in a sample repository of plans."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import ACCOUNT, CALL, CALL_PATH, TEAM, require

from generator.cli import cli

REPO = Path(__file__).resolve().parent.parent
HOOK = "playbook-validate"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}

TryRepo = Callable[..., subprocess.CompletedProcess[str]]



def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV}
    result = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


def test_the_hook_definition() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == [HOOK]
    hook = hooks[0]
    assert hook["entry"] == "playbook validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False  # one file can break another: check the whole tree
    # It runs when a commit touches plans/, and only then.
    runs_on = re.compile(hook["files"])
    assert runs_on.search("plans/team.yaml")
    assert runs_on.search("plans/acme/2026-03-10-discovery.yaml")
    assert not runs_on.search("README.md")
    assert not runs_on.search("content/plans/notes.yaml")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository as committed, plus the working tree's changes, in one commit.

    `try-repo` would commit the changes to tracked files itself, but not new files, such as the
    hook definition before it is first committed.
    """
    require(shutil.which("git") is not None, "git is not installed", "pip install -e '.[test]'")
    clone = tmp_path_factory.mktemp("hook") / "playbook"
    git(REPO, "clone", "--quiet", "--no-local", str(REPO), str(clone))
    listed = git(REPO, "ls-files", "--cached", "--others", "--exclude-standard", "-z")
    for name in filter(None, listed.split("\0")):
        source, target = REPO / name, clone / name
        if source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        elif target.exists():
            target.unlink()  # deleted in the working tree
    git(clone, "add", "--all")
    if git(clone, "status", "--porcelain"):
        git(clone, "commit", "--quiet", "--no-verify", "-m", "Working tree")
    return clone


@pytest.fixture(scope="module")
def try_repo(hook_repo: Path) -> TryRepo:
    exe = shutil.which("pre-commit")
    require(exe is not None, "pre-commit is not installed", "pip install -e '.[test]'")
    assert exe is not None

    def run(sample: Path, *args: str) -> subprocess.CompletedProcess[str]:
        # try-repo installs the hook's environment afresh in a temporary store on every run.
        env = {**os.environ, **GIT_ENV, "PRE_COMMIT_COLOR": "never"}
        return subprocess.run(
            [exe, "try-repo", str(hook_repo), HOOK, *args],
            cwd=sample,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )

    return run


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A team's repository: its team, checklists, one account and one call, committed."""
    files = {
        "plans/team.yaml": TEAM,
        "plans/checklists.yaml": (REPO / "plans" / "checklists.yaml").read_text(encoding="utf-8"),
        "plans/acme/account.yaml": ACCOUNT,
        CALL_PATH: CALL,
        "README.md": "Our plans.\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    git(tmp_path, "init", "--quiet", "--initial-branch=main")
    git(tmp_path, "add", "--all")
    git(tmp_path, "commit", "--quiet", "-m", "Our plans")
    return tmp_path


def hook_output(result: subprocess.CompletedProcess[str]) -> str:
    """What the hook itself printed: the lines after pre-commit's own header for it."""
    tail = result.stdout.split("- exit code: 1\n", 1)
    return tail[1].strip() if len(tail) == 2 else ""


@pytest.mark.slow
def test_the_hook_passes_a_valid_repository(sample: Path, try_repo: TryRepo) -> None:
    result = try_repo(sample, "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "playbook validate" in result.stdout
    assert "Passed" in result.stdout


@pytest.mark.slow
def test_the_hook_names_every_problem_and_fails_the_commit(sample: Path, try_repo: TryRepo) -> None:
    call = sample / CALL_PATH
    text = call.read_text(encoding="utf-8")
    text = text.replace("  objective:", "  objectve:").replace("target: 2", "target: lots")
    call.write_text(text, encoding="utf-8")
    git(sample, "add", CALL_PATH)

    result = try_repo(sample)  # the staged files, as on `git commit`
    assert result.returncode == 1
    assert "playbook validate" in result.stdout and "Failed" in result.stdout
    # Exactly what `playbook validate` prints for the same repository, file:line:col: field.
    expected = CliRunner().invoke(cli, ["--root", str(sample), "validate"], prog_name="playbook")
    assert expected.exit_code == 1
    problems = expected.stdout.strip().splitlines()
    assert len(problems) == 3  # unknown field, the missing objective, the target
    assert all(line.startswith(f"{CALL_PATH}:") for line in problems)
    assert hook_output(result).splitlines()[: len(problems)] == problems
