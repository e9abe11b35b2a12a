"""A warm run never trusts a file's stats further than they go: an edit that keeps a plan's size
and modification time (restored by hand, or equal for every file after `git archive | tar -x`),
or two files of one size swapped, still reaches every page, as a cold run would write it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import CALL, CALL_PATH, Run, require, write

from generator.commands import generate as generate_module
from generator.fast import modelcache, tuning, uptodate
from generator.read import stats
from generator.read.digests import digest

TODAY = "2026-11-26"
OTHER_PATH = "plans/acme/2026-03-10-followup.yaml"
EQUAL = 1_700_000_000_000_000_000
"""One modification time for every file, as `tar -x` of a `git archive` gives them."""


def tree(root: Path) -> dict[str, bytes]:
    """Every file generate wrote under content/team/, manifest included."""
    team = root / "content" / "team"
    return {p.relative_to(team).as_posix(): p.read_bytes()
            for p in sorted(team.rglob("*")) if p.is_file()}


def cold(root: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """What a run writes into an empty content/ with an empty cache folder, the same as a run
    with every shortcut off writes there; the warm run's cache folder is given back after."""
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "cold-cache"))
    shutil.rmtree(tmp_path / "cold-cache", ignore_errors=True)
    content = tmp_path / "cold-content"
    shutil.rmtree(content, ignore_errors=True)
    shutil.move(root / "content", content)
    try:
        assert run(root, "--today", TODAY, "generate").exit_code == 0
        fresh = tree(root)
        shutil.rmtree(root / "content")
        assert run(root, "--no-cache", "--today", TODAY, "generate").exit_code == 0
        assert tree(root) == fresh
        return fresh
    finally:
        shutil.rmtree(root / "content")
        shutil.move(content, root / "content")
        monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "warm-cache"))


def same_size_edit(path: Path, old: str, new: str) -> None:
    """Replace old by new (as long) in place, then put the file's times back."""
    assert len(old) == len(new)
    before = path.stat()
    data = path.read_bytes()
    assert old.encode() in data
    with path.open("r+b") as handle:
        handle.write(data.replace(old.encode(), new.encode()))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


@pytest.fixture
def warm(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "warm-cache"))
    monkeypatch.delenv(tuning.SWITCH, raising=False)  # the warm side takes every shortcut
    write(project, OTHER_PATH, CALL.replace("First meeting", "Final meeting"))
    return project


@pytest.fixture(params=["racy", "settled"])
def clock(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """racy: the files were just written, as in any test; settled: as if written long before
    the run (no margin), so only the inode and change time can tell."""
    if request.param == "settled":
        monkeypatch.setattr(stats, "RACY_NS", 0)
    return str(request.param)


@pytest.mark.parametrize("equal_mtimes", [False, True], ids=["own-mtimes", "archive-mtimes"])
def test_an_edit_that_keeps_size_and_mtime_reaches_the_pages(
    warm: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, equal_mtimes: bool,
) -> None:
    if equal_mtimes:
        for path in (warm / "plans").rglob("*"):
            os.utime(path, ns=(EQUAL, EQUAL))
    assert run(warm, "--today", TODAY, "generate").exit_code == 0
    assert run(warm, "--today", TODAY, "generate").exit_code == 0  # the up-to-date check too

    same_size_edit(warm / CALL_PATH, "First meeting", "Prime meeting")
    assert run(warm, "--today", TODAY, "generate").exit_code == 0

    after = tree(warm)
    assert b"Prime meeting" in after["calls/acme/2026-03-10-discovery.md"]
    assert after == cold(warm, run, tmp_path, monkeypatch)


def test_two_files_of_one_size_swapped_reach_the_pages(
    warm: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: str,
) -> None:
    for path in (warm / "plans").rglob("*"):
        os.utime(path, ns=(EQUAL, EQUAL))
    assert run(warm, "--today", TODAY, "generate").exit_code == 0
    assert run(warm, "--today", TODAY, "generate").exit_code == 0

    first, second = warm / CALL_PATH, warm / OTHER_PATH
    assert first.stat().st_size == second.stat().st_size
    first.rename(warm / "swap")
    second.rename(first)
    (warm / "swap").rename(second)
    assert run(warm, "--today", TODAY, "generate").exit_code == 0

    after = tree(warm)
    assert b"Final meeting" in after["calls/acme/2026-03-10-discovery.md"]
    assert after == cold(warm, run, tmp_path, monkeypatch)


def test_a_settled_file_is_trusted_by_its_stat_and_a_racy_one_is_read_again(
    warm: Path, run: Run, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What the rule costs: only files changed shortly before the last run are read again."""
    assert run(warm, "--today", TODAY, "generate").exit_code == 0
    index = modelcache.read_index(modelcache.project_folder(warm))
    assert index[CALL_PATH][4] == stats.SMUDGED  # just written: racy

    monkeypatch.setattr(stats, "RACY_NS", 0)
    write(warm, "plans/acme/2026-03-10-demo.yaml", CALL.replace("First", "Third"))
    assert run(warm, "--today", TODAY, "generate").exit_code == 0
    index = modelcache.read_index(modelcache.project_folder(warm))
    assert index[CALL_PATH][4] == (warm / CALL_PATH).stat().st_ctime_ns


PAGE = "calls/acme/2026-03-10-discovery.md"


@pytest.mark.parametrize("also_changed", [False, True], ids=["nothing-else", "another-plan"])
def test_a_page_edited_by_hand_is_written_again(
    warm: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: str,
    also_changed: bool,
) -> None:
    """Whether the run finds nothing changed (the up-to-date check) or renders some pages
    (page reuse), a page is kept only as the generator wrote it."""
    assert run(warm, "--today", TODAY, "generate").exit_code == 0
    assert run(warm, "--today", TODAY, "generate").exit_code == 0  # the record of page stats
    page = warm / "content" / "team" / PAGE
    page.write_bytes(page.read_bytes() + b'\n<script>alert("forged")</script>\n')
    if also_changed:
        write(warm, OTHER_PATH, CALL.replace("First meeting", "Fifth meeting"))

    assert run(warm, "--today", TODAY, "generate").exit_code == 0

    after = tree(warm)
    assert b"forged" not in after[PAGE]
    assert after == cold(warm, run, tmp_path, monkeypatch)


def test_a_page_edited_with_its_stat_put_back_is_written_again(
    warm: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert run(warm, "--today", TODAY, "generate").exit_code == 0
    assert run(warm, "--today", TODAY, "generate").exit_code == 0
    same_size_edit(warm / "content" / "team" / PAGE, "First meeting", "Forged meetin")

    assert run(warm, "--today", TODAY, "generate").exit_code == 0

    assert tree(warm) == cold(warm, run, tmp_path, monkeypatch)


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"})


def test_validate_refuses_generated_pages_committed_to_git(warm: Path, run: Run) -> None:
    require(shutil.which("git") is not None, "git is not installed")
    assert run(warm, "--today", TODAY, "generate").exit_code == 0
    git(warm, "init", "-q")
    git(warm, "add", "plans")
    git(warm, "commit", "-qm", "plans")
    assert run(warm, "validate").exit_code == 0  # pages there, but not committed

    git(warm, "add", "-f", f"content/team/{PAGE}", "content/team/.manifest.json")
    for switch in ([], ["--no-cache"]):  # a check of the project, not a shortcut
        result = run(warm, *switch, "validate")

        assert result.exit_code == 1
        lines = result.stdout.splitlines()
        assert [line.split(":", 1)[0] for line in lines] == ["content/team/.manifest.json",
                                                             f"content/team/{PAGE}"]
        assert all("a generated page is committed to git" in line for line in lines)


def test_a_touch_is_read_once_then_the_stats_vouch_again(
    warm: Path, run: Run, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(stats, "RACY_NS", 0)
    assert run(warm, "--today", TODAY, "generate").exit_code == 0
    os.utime(warm / CALL_PATH, ns=(EQUAL, EQUAL))  # new stats, the same bytes
    read: list[str] = []
    real = uptodate.Inputs.content_signature

    def counted(self: uptodate.Inputs, known: Any) -> str:
        read.append("content")
        return real(self, known)

    monkeypatch.setattr(uptodate.Inputs, "content_signature", counted)
    for _ in range(2):
        result = run(warm, "--today", TODAY, "generate")
        assert result.exit_code == 0
        assert "0 pages written" in result.stderr

    assert read == ["content"]  # the second run went by the stats the first recorded


def test_a_page_forged_with_its_manifest_is_not_kept_by_a_fresh_clone(
    warm: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A manifest with the forged page's digest, as a pull request could commit it with the
    page: a clone's machine never wrote those bytes, so it renders the page."""
    assert run(warm, "--today", TODAY, "generate").exit_code == 0
    team = warm / "content" / "team"
    forged = (team / PAGE).read_bytes() + b'\n<script>alert("forged")</script>\n'
    (team / PAGE).write_bytes(forged)
    manifest = json.loads((team / ".manifest.json").read_bytes())
    manifest["digests"][PAGE] = digest(forged)
    (team / ".manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    clone = tmp_path / "clone"
    shutil.copytree(warm, clone)
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "clone-cache"))

    assert run(clone, "--today", TODAY, "generate").exit_code == 0

    assert b"forged" not in (clone / "content" / "team" / PAGE).read_bytes()
    assert tree(clone) == cold(clone, run, tmp_path, monkeypatch)


def test_a_run_limited_to_some_accounts_keeps_the_whole_projects_stats(
    warm: Path, run: Run, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """serve's preview (a run limited to some accounts) and a whole run take turns."""
    monkeypatch.setattr(stats, "RACY_NS", 0)
    today = uptodate.dt.date(2026, 11, 26)
    preview = warm / "preview"
    assert run(warm, "--today", TODAY, "generate").exit_code == 0
    generate_module.generate(warm, today, content=preview, accounts=frozenset({"acme"}))
    read: list[str] = []
    real = uptodate.Inputs.content_signature

    def counted(self: uptodate.Inputs, known: Any) -> str:
        read.append(self.base.rsplit("|", 1)[1])
        return real(self, known)

    monkeypatch.setattr(uptodate.Inputs, "content_signature", counted)
    for _ in range(2):
        assert run(warm, "--today", TODAY, "generate").exit_code == 0
        generate_module.generate(warm, today, content=preview, accounts=frozenset({"acme"}))

    assert read == []  # each went by the stats it recorded
