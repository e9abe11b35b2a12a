"""A crew lets go of the whole models it read once their pages are rendered and their shards
saved (crewread.let_go, ModelCache.release): they come back from the cache, equal, when asked."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CALL, CALL_PATH, write

from generator.fast.crewpages import whole_model
from generator.fast.crewread import FastReader, let_go
from generator.fast.member import Member, Reading
from generator.fast.modelcache import Entry, ModelCache, shard_of
from generator.models.brief import Brief
from generator.problems import Problem
from generator.read.project import Files, call_entry, read_project
from generator.read.sources import Source

REPO = Path(__file__).resolve().parent.parent


def test_a_released_shard_comes_back_from_its_file_and_an_unsaved_one_is_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path, CALL_PATH, CALL)
    stat = (tmp_path / CALL_PATH).stat()
    cache = ModelCache(tmp_path)
    cache.put(CALL_PATH, Entry.of(stat, "d1", {"whole": 1}), "light")
    cache.release({shard_of(CALL_PATH)})  # not saved yet: kept
    loads: list[str] = []
    real = ModelCache._load
    monkeypatch.setattr(ModelCache, "_load", lambda self, name: loads.append(name) or real(
        self, name))
    assert cache.model(CALL_PATH, "d1") == {"whole": 1} and loads == []

    cache.save(index=False)
    cache.release({shard_of(CALL_PATH)})

    assert cache.model(CALL_PATH, "d1") == {"whole": 1}
    assert loads == [shard_of(CALL_PATH)]


# A fresh interpreter: a crew forks only while it is the sole thread.
SCRIPT = """
import json, os, sys
from pathlib import Path
from generator.fast import crew, member, tuning
from generator.fast.crewpages import whole_model
from generator.fast.crewread import FastReader, let_go
from generator.fast.member import Member, Reading
from generator.models.brief import Brief
from generator.read.project import read_project

tuning.PARALLEL_READ_FROM = 1
os.cpu_count = lambda: 3
root = Path(sys.argv[1])
with crew.helpers() as helpers:
    project = read_project(root, reader=FastReader(root, helpers=helpers))
    assert helpers.crew is not None
    held = [s for s in member.held().parsed.values() if isinstance(s.light, Brief)]
    loaded = sum(s.loaded is not None for s in held)
    whole = {c.id: c.call.model_dump(mode="json") for c in project.calls}
print(json.dumps({"held": len(held), "whole": loaded, "calls": whole}))
"""


def test_a_crew_holds_briefs_only_once_read_and_models_come_back_equal(
        tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(REPO / "plans", root / "plans")
    env = {**os.environ, "PLAYBOOK_CACHE_DIR": str(tmp_path / "cache")}
    found = json.loads(subprocess.run([sys.executable, "-c", SCRIPT, str(root)], env=env,
                                      capture_output=True, text=True, check=True).stdout)
    plain = read_project(root)

    assert found["held"] > 10 and found["whole"] == 0
    assert found["calls"] == {c.id: c.call.model_dump(mode="json") for c in plain.calls}


class _Looking(FastReader):
    """The fast reader, keeping what it read to look at."""

    def read(self, files: Files, problems: list[Problem]) -> dict[str, Source]:
        self.sources = super().read(files, problems)
        return self.sources


def test_one_process_checking_every_call_again_holds_briefs_only(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After a change every call is checked in (the team), one process reads: the whole models
    the checks loaded go back to the cache, and come back equal."""
    root = tmp_path / "p"
    shutil.copytree(REPO / "plans", root / "plans")
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "cache"))
    read_project(root, reader=FastReader(root))  # the cache filled
    with (root / "plans" / "team.yaml").open("a", encoding="utf-8") as handle:
        handle.write("# a note\n")
    reader = _Looking(root)
    project = read_project(root, reader=reader)

    calls = [s for s in reader.sources.values() if isinstance(s.light, Brief)]
    assert len(calls) == len(project.calls) > 10
    assert [s.path for s in calls if s.loaded is not None] == []
    plain = read_project(root)
    assert {c.id: c.call.model_dump(mode="json") for c in project.calls} == {
        c.id: c.call.model_dump(mode="json") for c in plain.calls}


def test_a_page_rendered_by_a_member_leaves_its_source_without_the_model() -> None:
    """The project's entry of a call holds its source to the end of the run: a member that
    kept the model it rendered the page from there would hold all of its share's."""
    fetched: list[str] = []

    def fetch(path: str, digest: str) -> dict[str, str]:
        fetched.append(path)
        return {"whole": digest}

    source = Source("f.yaml", "plans/a/f.yaml", "d1", "brief", None, fetch)
    entry_load = call_entry("a", "f", source)._load  # what the project's entry keeps
    assert whole_model(source) == {"whole": "d1"} and fetched == ["plans/a/f.yaml"]
    assert source.loaded is None
    assert entry_load is not None and entry_load() == {"whole": "d1"}  # still loads when asked


def test_let_go_gives_back_the_shard_of_a_call_no_source_kept_the_model_of(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A member loads a call's model on a copy of its source (whole_model): the shard it came
    from is given back all the same, or it would hold every model of the share."""
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "cache"))
    write(tmp_path, CALL_PATH, CALL)
    stat = (tmp_path / CALL_PATH).stat()
    cache = ModelCache(tmp_path)
    cache.put(CALL_PATH, Entry.of(stat, "d1", {"whole": 1}), "light")
    cache.save()
    cache = ModelCache(tmp_path)
    loads: list[str] = []
    real = ModelCache._load
    monkeypatch.setattr(ModelCache, "_load", lambda self, name: loads.append(name) or real(
        self, name))
    assert cache.model(CALL_PATH, "d1") == {"whole": 1}
    state = Member(Reading(Files.__new__(Files), cache, None, None, {}, {}, {}))

    let_go(state, [CALL_PATH])

    assert cache.model(CALL_PATH, "d1") == {"whole": 1}
    assert loads == [shard_of(CALL_PATH)] * 2  # loaded again from its file
