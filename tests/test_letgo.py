"""A crew lets go of the whole models it read once their pages are rendered and their shards
saved (crewread.let_go, ModelCache.release): they come back from the cache, equal, when asked.
validate's, whose cache has no folder, lets go of them once checked: they are parsed again."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import CALL, CALL_PATH, write

from generator.fast.crewpages import whole_model
from generator.fast.crewread import FastReader, let_go
from generator.fast.member import Member, Reading
from generator.fast.modelcache import Entry, ModelCache, shard_of
from generator.models import Call
from generator.models.brief import Brief
from generator.problems import Problem
from generator.read.project import Files, call_entry, read_project
from generator.read.sources import Source, light_of, parse_file

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


def test_a_cache_with_no_folder_lets_go_of_a_model_it_cannot_save(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """validate's cache has no folder, so nothing it holds is ever saved: released, a model
    is let go all the same, and its source parses the file again, equal, when asked."""
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "cache"))
    file = str(write(tmp_path, CALL_PATH, CALL))
    _, digest, value, problems = parse_file((file, CALL_PATH, Call))
    assert value is not None and problems == []
    cache = ModelCache(None)
    cache.put(CALL_PATH, Entry.of(os.stat(file), digest, value), light_of(value))
    assert cache.model(CALL_PATH, digest) is value

    cache.release({shard_of(CALL_PATH)})

    assert cache.model(CALL_PATH, digest) is None
    source = Source(file, CALL_PATH, digest, light_of(value), None, cache.model)
    assert source.value == value and source.value is not value  # parsed again


def _in_a_crew(script: str, root: Path, cache: Path) -> dict[str, Any]:
    """What `script` prints (JSON), run on `root` in a fresh interpreter (a crew forks only
    while it is the sole thread) that imports crew_run.py first: every crew threshold at one,
    three cores claimed."""
    paths = [str(Path(__file__).parent), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PLAYBOOK_CACHE_DIR": str(cache), "PYTHONPATH": os.pathsep.join(paths)}
    found: dict[str, Any] = json.loads(subprocess.run(
        [sys.executable, "-c", f"import crew_run\n{script}", str(root)], env=env,
        capture_output=True, text=True, check=True).stdout)
    return found


SCRIPT = """
import json, sys
from pathlib import Path
from generator.fast import crew, member
from generator.fast.crewread import FastReader
from generator.models.brief import Brief
from generator.read.project import read_project

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
    found = _in_a_crew(SCRIPT, root, tmp_path / "cache")
    plain = read_project(root)

    assert found["held"] > 10 and found["whole"] == 0
    assert found["calls"] == {c.id: c.call.model_dump(mode="json") for c in plain.calls}


# validate's read: a crew, and a cache with no folder.
VALIDATE_SCRIPT = """
import json, sys
from pathlib import Path
from generator.fast.crewread import FastReader
from generator.models.brief import Brief
from generator.read.project import read_project

class Looking(FastReader):
    def read(self, files, problems):
        self.sources = super().read(files, problems)
        return self.sources

root = Path(sys.argv[1])
reader = Looking(root, use_cache=False)
project = read_project(root, reader=reader)
calls = [s for s in reader.sources.values() if isinstance(s.light, Brief)]
held = sum(reader.cache.model(s.path, s.digest) is not None for s in calls)
whole = {c.id: c.call.model_dump(mode="json") for c in project.calls}
print(json.dumps({"calls": len(calls), "held": held, "whole": whole}))
"""


def test_validate_holds_no_whole_model_once_read(tmp_path: Path) -> None:
    """validate's crew (whose cache has no folder) lets go of each folder's models once it is
    checked, as a crew with a cache does: at 100,000 calls it held all of them to the end,
    1.9 GB. Asked for, they are parsed again, equal."""
    root = tmp_path / "p"
    shutil.copytree(REPO / "plans", root / "plans")
    found = _in_a_crew(VALIDATE_SCRIPT, root, tmp_path / "cache")
    plain = read_project(root)

    assert found["calls"] == len(plain.calls) > 10 and found["held"] == 0
    assert found["whole"] == {c.id: c.call.model_dump(mode="json") for c in plain.calls}
    assert not (tmp_path / "cache").exists()  # and nothing was saved


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
