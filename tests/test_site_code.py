"""What a build keeps (its pages, their store, the record of site/, the search parts) is keyed
on the generator's code a build runs once generation is done, not on all of it: a release that
changes only how plans are read or pages are written (the models, the analysis, the pages'
modules and templates, generation's caches and crews) keeps the site, since every page's own
Markdown is in its key. Which code that is was found by building, and is checked here the same
way: no process of a build after generation loads any of the rest."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.fast.codeprint import OUTSIDE_A_BUILD, RUN_BY_A_BUILD, fingerprint

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "generator"
TODAY = "2026-11-26"

_BIG = '''
if os.environ.get("PB_BIG_TEAM"):  # the paths of a big team's build, on the sample
    from generator.fast import tuning
    tuning.SPLIT_BUILD_FROM, tuning.PART_CALLS, tuning.VIEW_FROM = 1, 20, 1
    tuning.PARALLEL_READ_FROM = tuning.PARALLEL_RENDER_FROM = tuning.ASIDE_FROM = 1
'''

_DUMP = '''
import atexit, os, sys

def _dump():
    # By file, not by name: MkDocs loads a hook from its path, under a name of its own.
    files = {getattr(m, "__file__", None) for m in list(sys.modules.values())}
    with open(os.path.join(os.environ["PB_MODULES_OUT"], f"{os.getpid()}.txt"), "w") as out:
        out.write(" ".join(sys.argv) + "\\n")
        out.write("\\n".join(sorted(f for f in files if isinstance(f, str))))

atexit.register(_dump)
'''


def site_print(package: Path) -> str:
    return fingerprint(package, leave_out=OUTSIDE_A_BUILD, but=RUN_BY_A_BUILD)


@pytest.mark.parametrize(("rel", "shapes_the_site"), [
    ("pages/calls.py", False),
    ("pages/templates/call.md.j2", False),
    ("analyse/outcomes.py", False),
    ("models/call.py", False),
    ("read/validate.py", False),
    ("fast/crew.py", False),
    ("fast/modelcache.py", False),
    ("output/write.py", False),
    ("commands/generate.py", False),
    ("commands/serve.py", False),
    ("pages/slugs.py", True),  # runs in the engine: the anchors of headings
    ("pages/__init__.py", True),
    ("fast/keephook.py", True),
    ("fast/keeper.py", True),
    ("fast/aside.py", True),
    ("fast/cachefolders.py", True),
    ("commands/build.py", True),
    ("output/mkdocs.py", True),
    ("read/stats.py", True),
    ("paths.py", True),
])
def test_only_the_code_that_shapes_a_build_moves_its_fingerprint(
        tmp_path: Path, rel: str, *, shapes_the_site: bool) -> None:
    package = tmp_path / "generator"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    before, whole = site_print(package), fingerprint(package)
    with (package / rel).open("a", encoding="utf-8") as handle:
        handle.write("\n# a release\n")
    assert (site_print(package) != before) is shapes_the_site
    assert fingerprint(package) != whole  # everything else generate caches starts afresh


def _package_file(file: str) -> str | None:
    """A loaded module's file as a path in the package (pages/calls.py), or None outside it."""
    path = Path(file).resolve()
    return path.relative_to(PACKAGE).as_posix() if path.is_relative_to(PACKAGE) else None


@pytest.mark.slow
@pytest.mark.parametrize(("audience", "big"), [("team", False), ("public", False),
                                               ("team", True)])
def test_no_process_of_a_build_runs_code_left_out_of_its_fingerprint(
        tmp_path: Path, audience: str, *, big: bool) -> None:
    """The sample built through the real entry point, each Python process writing the
    generator's modules it loaded as it ends: the engine's processes, and the build's own
    (generation runs in a child of its own, which ends without writing); the team's edition,
    the public one (its own hook), and the team's with a big team's thresholds (a split build
    in parts taking turns, the search parts indexed from views of their pages). Built twice:
    from nothing, then after a plan was edited, keeping every other page (site/ updated in
    place, the search parts put back)."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "content", root / "content",
                    ignore=lambda folder, _: ["team"] if Path(folder) == REPO / "content" else [])
    shutil.copytree(REPO / "plans", root / "plans")
    hook, out = tmp_path / "hook", tmp_path / "loaded"
    hook.mkdir()
    out.mkdir()
    (hook / "sitecustomize.py").write_text(_DUMP + _BIG, encoding="utf-8")
    env = {**os.environ, "PB_MODULES_OUT": str(out), "PB_BIG_TEAM": "1" if big else "",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(hook), os.environ.get("PYTHONPATH")]))}
    seen: dict[str, set[str]] = {}
    for step in ("first", "after an edit"):
        if step != "first":
            plan = sorted((root / "plans").rglob("2*.yaml"))[0]
            plan.write_text(plan.read_text(encoding="utf-8").replace(
                "\ntitle: ", "\ntitle: Edited, ", 1), encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "generator", "--root", str(root),
                                 "--today", TODAY, "--audience", audience, "build"],
                                capture_output=True, text=True, check=False, cwd=root, env=env)
        assert result.returncode == 0, result.stderr
        for dump in out.glob("*.txt"):
            command, _, modules = dump.read_text(encoding="utf-8").partition("\n")
            seen[f"{step}: {command}"] = {rel for f in modules.split("\n") if f
                                          if (rel := _package_file(f)) is not None}
            dump.unlink()
    engines = [command for command in seen if "mkdocs" in command]
    builds = [command for command in seen if command.endswith(" build")]
    assert len(builds) == 2 and engines, seen.keys()  # both kinds were watched
    if audience == "team":  # the hook MkDocs loads from its path is seen too
        assert all("fast/keephook.py" in seen[command] for command in engines)
    if big:  # a split build, in more parts than processes, taking turns
        assert len(engines) > 2, engines
    for command, loaded in seen.items():
        left_out = sorted(rel for rel in loaded
                          if rel.startswith(OUTSIDE_A_BUILD) and rel not in RUN_BY_A_BUILD)
        assert not left_out, f"{command} loaded {left_out}"
