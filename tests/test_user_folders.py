"""Per-user and per-repository folders: the cache goes where the platform keeps caches, and the
git history is found wherever the repository's top is."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import platformdirs
import pytest
from conftest import ACCOUNT, CALL, TEAM, Run, write

from generator.history import first_commit_dates, git_head
from generator.read.stats import cache_root

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def test_the_cache_goes_where_the_platform_keeps_caches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As on macOS: a hand-built ~/.cache would be the wrong place there.
    monkeypatch.delenv("PLAYBOOK_CACHE_DIR", raising=False)
    macos = tmp_path / "Library/Caches/sales-playbook"

    def user_cache_dir(appname: str, *_args: object, **_kwargs: object) -> str:
        assert appname == "sales-playbook"
        return str(macos)

    monkeypatch.setattr(platformdirs, "user_cache_dir", user_cache_dir)
    assert cache_root() == macos


def test_xdg_cache_home_and_playbook_cache_dir_are_still_honoured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PLAYBOOK_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if platformdirs.user_cache_dir("x").startswith(str(tmp_path)):  # Linux and the BSDs
        assert cache_root() == tmp_path / "xdg/sales-playbook"
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_root() == tmp_path / "mine"


def git(root: Path, *args: str, day: str = "2026-03-01") -> None:
    stamp = f"{day}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_NAME": "Rep", "GIT_AUTHOR_EMAIL": "rep@example.com",
           "GIT_COMMITTER_NAME": "Rep", "GIT_COMMITTER_EMAIL": "rep@example.com",
           "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp,
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run([shutil.which("git") or "git", "-C", str(root), *args], check=True, env=env,
                   capture_output=True)


@needs_git
def test_a_playbook_in_a_subfolder_of_a_repository_gets_its_history(
    tmp_path: Path, run: Run
) -> None:
    # The company's repository holds the playbook in sales/playbook/, beside other things.
    repo = tmp_path / "company"
    root = repo / "sales/playbook"
    write(repo, "README.md", "Company\n")
    write(repo, "other/plans/acme/2026-01-01-demo.yaml", "not ours\n")
    write(root, "plans/team.yaml", TEAM)
    write(root, "plans/acme/account.yaml", ACCOUNT)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "the team", day="2026-03-01")
    # The plan for a call on 10 March, first committed on the 12th: late.
    write(root, "plans/acme/2026-03-10-discovery.yaml", CALL)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "a late plan", day="2026-03-12")

    dates = first_commit_dates(root)
    assert dates == {"plans/acme/2026-03-10-discovery.yaml": dt.date(2026, 3, 12)}
    assert len(git_head(root)) == 40
    result = run(root, "--today", "2026-11-26", "generate")
    assert result.exit_code == 0, result.stderr
    page = (root / "content/team/insights/warnings.md").read_text(encoding="utf-8")
    assert "first committed 2026-03-12" in page


@needs_git
def test_a_folder_that_is_no_repository_has_no_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "plans/team.yaml", TEAM)
    # Whatever the folders above the test's are, git looks no further up than tmp_path.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert first_commit_dates(tmp_path) is None
    assert git_head(tmp_path) == ""
    git(tmp_path, "init", "-q", "-b", "main")  # a repository without a commit yet
    assert first_commit_dates(tmp_path) is None
    assert git_head(tmp_path) == ""
