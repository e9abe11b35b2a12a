"""The sample builds strictly on each engine that is installed, with every page and a search
index that finds them; and the choice of engine is checked before anything is built."""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Run
from pagefind_files import every_fragment

from generator.output.engines import ENGINES, Engine, EngineError, choose
from tests.test_site_build import REPO, TODAY, expected_pages, html_pages, make_project


def installed(engine: Engine) -> bool:
    return importlib.util.find_spec(engine.module) is not None


def test_the_engine_comes_from_the_option_then_the_environment_then_the_default(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLAYBOOK_ENGINE", raising=False)
    assert choose().name == "mkdocs"
    monkeypatch.setenv("PLAYBOOK_ENGINE", "properdocs")
    if installed(ENGINES["properdocs"]):
        assert choose().name == "properdocs"
    assert choose("mkdocs").name == "mkdocs"
    with pytest.raises(EngineError, match=r"unknown engine 'sphinx' .* choose one of mkdocs, "
                                          r"properdocs, zensical"):
        choose("sphinx")


def test_an_engine_that_is_not_installed_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ENGINES, "ghost", Engine("ghost", "no_such_engine_module", True,
                                                 "search/search_index.json", True))
    with pytest.raises(EngineError, match=r"the ghost engine is not installed: "
                                          r"`python -m pip install ghost`"):
        choose("ghost")


def search_locations(site: Path, engine: Engine) -> set[str]:
    data = json.loads((site / engine.search_index).read_text(encoding="utf-8"))
    entries = data["docs"] if "docs" in data else data["items"]
    return {entry["location"].split("#", 1)[0] for entry in entries}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(ENGINES))
def test_the_sample_builds_on_each_installed_engine(tmp_path: Path, name: str) -> None:
    engine = ENGINES[name]
    if not installed(engine):
        pytest.skip(f"{name} is not installed (python -m pip install {name})")
    root = make_project(tmp_path / "project", REPO / "plans")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "--today", TODAY, "build",
         "--engine", name], capture_output=True, text=True, check=False,
        env={k: v for k, v in os.environ.items() if k != "PLAYBOOK_ENGINE"})
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "built site/"
    site = root / "site"
    built = {page for page, _ in html_pages(site)}
    assert expected_pages(root / "plans") <= built
    # Every call page is in the Search page's index (Pagefind, on the built HTML of any
    # engine), and the home page in the header search's.
    calls = {"/" + page.removesuffix("index.html") for page in expected_pages(root / "plans")
             if page.startswith("team/calls/")}
    assert len(calls) > 50
    assert calls <= {f["url"] for f in every_fragment(site)}
    assert "" in search_locations(site, engine)
    assert not list(root.glob(".site.building*"))


def test_zensical_is_refused_a_split_build_and_a_link_at_its_cache(
        project: Path, run: Run, tmp_path: Path) -> None:
    if not installed(ENGINES["zensical"]):
        pytest.skip("zensical is not installed (python -m pip install zensical)")
    result = run(project, "--today", TODAY, "build", "--engine", "zensical", "--jobs", "2")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "Error: zensical builds in one process: its search index is not one a split build "
        "can merge; leave out --jobs")
    (tmp_path / "elsewhere").mkdir()
    (project / ".cache").symlink_to(tmp_path / "elsewhere")
    result = run(project, "--today", TODAY, "build", "--engine", "zensical")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(
        "Error: .cache is a symbolic link where playbook puts its output")
    assert list((tmp_path / "elsewhere").iterdir()) == []


GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')


@pytest.mark.slow
def test_properdocs_builds_the_site_mkdocs_builds(tmp_path: Path) -> None:
    if not installed(ENGINES["properdocs"]):
        pytest.skip("properdocs is not installed (python -m pip install properdocs)")
    root = make_project(tmp_path / "project", REPO / "plans")
    sites = {}
    for name in ("mkdocs", "properdocs"):
        result = subprocess.run(
            [sys.executable, "-m", "generator", "--root", str(root), "--today", TODAY, "build",
             "--engine", name], capture_output=True, text=True, check=False,
            env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600"})  # one date for both builds
        assert result.returncode == 0, result.stderr
        sites[name] = {p.relative_to(root / "site").as_posix(): p.read_bytes()
                       for p in sorted((root / "site").rglob("*")) if p.is_file()}
    # Pagefind writes each filter's values in an order of its own from one run to the next,
    # which names its filter files, its meta file and the entry that points to it: those are
    # compared by what they hold.
    varies = re.compile(r"pagefind/(.*/)?(filter/.*|pagefind\.[^/]*\.pf_meta|pagefind-entry\.json)")
    same = {name: {p: d for p, d in pages.items() if not varies.fullmatch(p)}
            for name, pages in sites.items()}
    assert same["mkdocs"].keys() == same["properdocs"].keys()
    filters = [sorted(len(gzip.decompress(d)) for p, d in pages.items() if "/filter/" in p)
               for pages in sites.values()]
    assert filters[0] and filters[0] == filters[1]
    # The same bytes, but for the tag that names the engine.
    assert [page for page, data in same["mkdocs"].items()
            if GENERATOR_TAG.sub(b"", data) != GENERATOR_TAG.sub(b"", same["properdocs"][page])
            ] == []


FAILING_ENGINE = """import sys
print("ERROR    -  the page is not there")
sys.exit(1)
"""


def test_a_failed_build_names_the_engine_that_failed(
        project: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A stand-in for ProperDocs that fails as an engine does: the message must not say MkDocs.
    fake = tmp_path / "engines" / "failing_properdocs"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("", encoding="utf-8")
    (fake / "__main__.py").write_text(FAILING_ENGINE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(fake.parent))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(fake.parent), *sys.path]))
    monkeypatch.setitem(ENGINES, "properdocs", Engine(
        "properdocs", "failing_properdocs", True, "search/search_index.json", True,
        title="ProperDocs"))
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site", encoding="utf-8")
    result = run(project, "--today", TODAY, "build", "--engine", "properdocs")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert "ERROR    -  the page is not there" in lines
    assert lines[-1] == "Error: the ProperDocs build failed; site/ was left as it was"
    assert (site / "index.html").read_text(encoding="utf-8") == "the previous site"
