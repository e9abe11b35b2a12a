"""The caches behind a warm generate: any change to a plan, a template or the checklists
invalidates what depends on it, and a warm run writes exactly what a cold run would."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import CALL, CALL_PATH, Run, write

import generator
from generator import cache as cache_module
from generator import generate as generate_module
from generator.cache import ModelCache, fingerprint
from generator.project import read_project

TODAY = "2026-11-26"
CHECKLISTS = (Path(generator.__file__).parent / "defaults" / "checklists.yaml").read_text()


def pages(root: Path) -> dict[str, bytes]:
    team = root / "content" / "team"
    return {p.relative_to(team).as_posix(): p.read_bytes()
            for p in sorted(team.rglob("*.md"))}


def cold(root: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """Generate a copy of the project from nothing: no output, an empty cache folder."""
    copy = tmp_path / "cold"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root / "plans", copy / "plans")
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "cold-cache"))
    assert run(copy, "--today", TODAY, "generate").exit_code == 0
    return pages(copy)


@pytest.fixture
def warm(project: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "warm-cache"))
    write(project, "plans/checklists.yaml", CHECKLISTS)
    assert run(project, "--today", TODAY, "generate").exit_code == 0
    return project


def test_a_changed_plan_gives_what_a_cold_run_gives(
    warm: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = pages(warm)
    write(warm, CALL_PATH, CALL.replace("Good rapport.", "Good rapport, and a second meeting."))

    result = run(warm, "--today", TODAY, "generate")

    assert result.exit_code == 0
    after = pages(warm)
    assert after != before
    assert b"a second meeting" in after["calls/acme/2026-03-10-discovery.md"]
    assert after == cold(warm, run, tmp_path, monkeypatch)


def test_changed_checklists_reach_every_call_page(
    warm: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(warm, "plans/checklists.yaml",
          CHECKLISTS.replace("Confirm the account and the people in the meeting",
                             "Confirm who is in the meeting"))

    assert run(warm, "--today", TODAY, "generate").exit_code == 0

    after = pages(warm)
    assert b"Confirm who is in the meeting" in after["calls/acme/2026-03-10-discovery.md"]
    assert after == cold(warm, run, tmp_path, monkeypatch)


def test_a_changed_template_changes_the_code_fingerprint(tmp_path: Path) -> None:
    package = Path(generator.__file__).parent
    copy = tmp_path / "generator"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    same = fingerprint(copy)
    template = copy / "templates" / "call.md.j2"
    template.write_text(template.read_text() + "\n", encoding="utf-8")

    assert fingerprint(package) == same
    assert fingerprint(copy) != same


def test_new_code_drops_every_cached_file_and_every_kept_page(
    warm: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ModelCache(warm).entries  # the warm run filled the cache
    keys = generate_module.call_page_keys(read_project(warm), generate_module.dt.date(2026, 11, 26))
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "another-version")
    monkeypatch.setattr(generate_module, "code_fingerprint", lambda: "another-version")

    assert ModelCache(warm).entries == {}
    new_keys = generate_module.call_page_keys(read_project(warm),
                                              generate_module.dt.date(2026, 11, 26))
    assert set(new_keys) == set(keys)
    assert all(new_keys[page] != keys[page] for page in keys)


def test_a_cached_file_is_not_trusted_once_its_content_changes(warm: Path) -> None:
    project_cache = ModelCache(warm)
    entry = project_cache.entries[CALL_PATH]
    write(warm, CALL_PATH, CALL.replace("Good rapport.", "Different words."))
    stat = (warm / CALL_PATH).stat()

    assert project_cache.lookup(CALL_PATH, stat) is None
    assert project_cache.by_digest(CALL_PATH, stat, "not-the-old-digest") is None
    assert entry.value.debrief.went_well == ["Good rapport."]
    assert read_project(warm).calls[0].call.debrief.went_well != ["Good rapport."]
