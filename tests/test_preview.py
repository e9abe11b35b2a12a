"""`playbook serve` on a big archive previews some accounts: the handbook, the indexes and only
those accounts' calls, in the user's cache folder; an account joins when its files change.

The fast tests drive the real `serve` command with the watcher and MkDocs replaced by stand-ins;
the slow one runs `playbook serve --account` for real and edits a plan of another account.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import ACCOUNT, CALL, CALL_PATH, Run, write

from generator.commands import preview, serve
from generator.commands.preview import Preview, account_of, uncommitted_accounts
from generator.fast import tuning
from generator.read.discover import count_calls
from tests.test_serve import REPO, TODAY, FakeMkdocs, FakeObserver, fetch, free_port, wait_for

OTHER_CALL = "plans/globex/2026-03-10-demo.yaml"


@pytest.fixture
def two_accounts(project: Path) -> Path:
    write(project, "plans/globex/account.yaml", ACCOUNT.replace("Acme", "Globex"))
    write(project, OTHER_CALL, CALL.replace("First meeting", "Globex demo"))
    write(project, "content/index.md", "# Home\n")
    write(project, "content/model/index.md", "# The model\n")
    write(project, "mkdocs.yml", "site_name: Test\ndocs_dir: content\n")
    return project


def test_count_calls_counts_call_files_by_name_only(two_accounts: Path) -> None:
    write(two_accounts, "plans/acme/README.md", "notes")
    assert count_calls(two_accounts / "plans") == 2
    assert count_calls(two_accounts / "missing") == 0


def test_account_of_names_the_folder_of_a_changed_path(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    assert account_of(plans / "acme" / "2026-01-01-x.yaml", plans) == "acme"
    assert account_of(plans / "acme" / "account.yaml", plans) == "acme"
    assert account_of(plans / "team.yaml", plans) is None
    assert account_of(plans / "Not A Slug" / "x.yaml", plans) is None
    assert account_of(tmp_path / "elsewhere" / "x.yaml", plans) is None


def test_uncommitted_accounts_are_those_git_reports_changed_or_new(two_accounts: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=two_accounts, check=True, capture_output=True)
    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "start")
    assert uncommitted_accounts(two_accounts) == set()
    (two_accounts / CALL_PATH).write_text(CALL.replace("First meeting", "Changed"))
    write(two_accounts, "plans/initech/account.yaml", ACCOUNT)
    assert uncommitted_accounts(two_accounts) == {"acme", "initech"}
    (two_accounts / "plans/globex/account.yaml").unlink()  # a deletion is a change too
    assert uncommitted_accounts(two_accounts) == {"acme", "globex", "initech"}


def test_uncommitted_accounts_of_a_project_inside_a_bigger_repository(tmp_path: Path,
                                                                    project: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q"], cwd=project.parent, check=True)
    assert uncommitted_accounts(project) == {"acme"}  # new, with no commit at all yet


def test_not_a_repository_means_no_uncommitted_accounts(tmp_path: Path) -> None:
    assert uncommitted_accounts(tmp_path / "nowhere") == set()


def test_the_preview_folder_links_the_handbook_and_inherits_the_config(
        two_accounts: Path) -> None:
    view = Preview(two_accounts, {"acme"})
    view.prepare()
    assert view.folder.is_relative_to(Path(preview.cache_root()))
    assert not view.folder.is_relative_to(two_accounts)
    assert (view.content / "index.md").resolve() == two_accounts / "content/index.md"
    assert (view.content / "model").is_symlink()
    assert not (view.content / "team").exists()  # generated there, never linked
    config = yaml.safe_load(view.config.read_text())
    assert config["INHERIT"] == str(two_accounts / "mkdocs.yml")
    assert config["docs_dir"] == "content"
    assert config["theme"] == {"custom_dir": "overrides"}
    banner = (view.folder / "overrides/main.html").read_text()
    assert "only the calls of 1 account are shown (acme)" in banner
    # Hand-written pages that go away go from the preview too.
    (two_accounts / "content/model/index.md").unlink()
    (two_accounts / "content/model").rmdir()
    view.prepare()
    assert not (view.content / "model").exists()
    assert not (view.content / "model").is_symlink()


def test_the_banner_is_text_even_if_a_name_were_markup() -> None:
    text = preview._banner(["<script>x</script>", "{{ 7 * 7 }}"])
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
    assert "{% raw %}" in text and text.count("{% endraw %}") == 1


def test_a_project_with_theme_overrides_keeps_them_and_gets_no_banner(
        two_accounts: Path) -> None:
    write(two_accounts, "mkdocs.yml", "site_name: T\ntheme:\n  name: material\n"
          "  custom_dir: overrides\n")
    write(two_accounts, "overrides/main.html", "{% extends 'base.html' %}")
    view = Preview(two_accounts, {"acme"})
    view.prepare()
    assert "theme" not in json.loads(view.config.read_text())
    assert (view.folder / "overrides").resolve() == two_accounts / "overrides"


def pages(content: Path) -> set[str]:
    team = content / "team/calls"
    return {p.relative_to(team).as_posix() for p in team.rglob("*.md")}


def test_serve_previews_the_accounts_asked_for_and_takes_in_edited_ones(
        two_accounts: Path, run: Run, monkeypatch: pytest.MonkeyPatch,
        keep_sigterm: None) -> None:
    actions: list[Callable[..., object]] = []
    started: list[tuple[object, ...]] = []
    seen: dict[str, set[str]] = {}
    view = Preview(two_accounts)

    def scenario() -> None:
        seen["start"] = pages(view.content)
        edited = two_accounts / OTHER_CALL
        edited.write_text(edited.read_text().replace("Globex demo", "Globex edited"))
        assert actions[0]({edited}) is True
        seen["after edit"] = pages(view.content)

    monkeypatch.setattr(serve, "watch", lambda folder, action: (actions.append(action),
                                                                FakeObserver())[1])
    monkeypatch.setattr(serve, "start_mkdocs", lambda *args, **kw: (started.append(args),
                                                              FakeMkdocs(scenario))[1])
    result = run(two_accounts, "--today", TODAY, "serve", "--account", "acme")

    assert result.exit_code == 0, result.stderr
    assert seen["start"] == {"acme/2026-03-10-discovery.md"}
    assert seen["after edit"] == {"acme/2026-03-10-discovery.md", "globex/2026-03-10-demo.md"}
    assert b"Globex edited" in (view.content / "team/calls/globex/2026-03-10-demo.md").read_bytes()
    root, config = started[0][:2]
    assert (root, config) == (view.folder, view.config)
    banner = (view.folder / "overrides/main.html").read_text()
    assert "2 accounts are shown (acme, globex)" in banner
    assert not (two_accounts / "content/team").exists()  # the project is not written to
    assert "previewing 1 account: acme" in result.stderr
    assert "previewing 2 accounts: acme, globex" in result.stderr
    # The page of the joined account's edited call, on the address served.
    assert "updated: http://127.0.0.1:8000/team/calls/globex/2026-03-10-demo/" in result.stderr


def test_serve_previews_a_big_archive_by_default(
        two_accounts: Path, run: Run, monkeypatch: pytest.MonkeyPatch,
        keep_sigterm: None) -> None:
    started: list[tuple[object, ...]] = []
    monkeypatch.setattr(tuning, "PREVIEW_FROM", 2)
    monkeypatch.setattr(serve, "watch", lambda *args: FakeObserver())
    monkeypatch.setattr(serve, "start_mkdocs", lambda *args, **kw: (started.append(args),
                                                              FakeMkdocs(lambda: None))[1])
    assert run(two_accounts, "--today", TODAY, "serve").exit_code == 0
    assert started[-1][0] == Preview(two_accounts).folder
    assert run(two_accounts, "--today", TODAY, "serve", "--all").exit_code == 0
    assert started[-1][0] == two_accounts
    assert (two_accounts / "content/team/calls/globex").is_dir()


@pytest.mark.parametrize(("args", "message"), [
    (("--account", "nobody"), "no account folder plans/nobody/ with an account.yaml"),
    (("--account", "acme", "--all"), "--all and --account exclude each other"),
])
def test_serve_refuses_a_preview_it_cannot_make(two_accounts: Path, run: Run,
                                                args: tuple[str, ...], message: str) -> None:
    result = run(two_accounts, "--today", TODAY, "serve", *args)
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.slow
def test_the_real_preview_shows_an_edit_to_another_account(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(REPO / "plans", root / "plans")
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "content", root / "content", ignore=lambda folder, _: (
        ["team"] if Path(folder) == REPO / "content" else []))
    accounts = sorted(p.parent.name for p in (root / "plans").glob("*/account.yaml"))
    edited = sorted((root / "plans" / accounts[-1]).glob("2*.yaml"))[0]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "--root", str(root), "--today", TODAY,
             "serve", "--dev-addr", f"127.0.0.1:{port}", "--account", accounts[0]],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(lambda: "Preview: only the calls of 1 account" in fetch(f"{base}/"),
                 "served the preview", process, log)
        assert fetch(f"{base}/team/calls/{accounts[-1]}/{edited.stem}/") == ""
        text, found = re.subn(r"^title:.*$", "title: Edited in preview",
                              edited.read_text(encoding="utf-8"), flags=re.MULTILINE)
        edited.write_text(text if found else text + "title: Edited in preview\n",
                          encoding="utf-8")
        wait_for(lambda: "Edited in preview" in fetch(
            f"{base}/team/calls/{accounts[-1]}/{edited.stem}/"), "showed the edit", process, log)
        assert not (root / "content" / "team").exists()
    finally:
        process.terminate()
        process.wait(timeout=30)
