"""What a build keeps (its pages, their store, the record of site/, the search parts) is keyed
on the generator's code that shapes a build, not on all of it: a release that changes only how
pages are written (the analysis, the pages' modules and templates) keeps the site, since every
page's own Markdown is in its key. Which code that is was found by building, and is checked
here the same way: no process of a build after generation loads any of the rest."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.fast.codeprint import ENGINE_SIDE, GENERATION_ONLY, fingerprint

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
    with open(os.path.join(os.environ["PB_MODULES_OUT"], f"{os.getpid()}.txt"), "w") as out:
        out.write(" ".join(sys.argv) + "\\n")
        out.write("\\n".join(m for m in sys.modules if m.split(".")[0] == "generator"))

atexit.register(_dump)
'''


def site_print(package: Path) -> str:
    return fingerprint(package, leave_out=GENERATION_ONLY, but=ENGINE_SIDE)


@pytest.mark.parametrize(("rel", "shapes_the_site"), [
    ("pages/calls.py", False),
    ("pages/templates/call.md.j2", False),
    ("analyse/outcomes.py", False),
    ("pages/slugs.py", True),  # runs in the engine: the anchors of headings
    ("pages/__init__.py", True),
    ("fast/keephook.py", True),
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


def _module_file(name: str) -> str:
    """generator.pages.calls -> pages/calls.py; generator.pages -> pages/__init__.py."""
    rel = "/".join(name.split(".")[1:])
    return f"{rel}/__init__.py" if (PACKAGE / rel).is_dir() else f"{rel}.py"


@pytest.mark.slow
@pytest.mark.parametrize(("audience", "big"), [("team", False), ("public", False),
                                               ("team", True)])
def test_no_process_of_a_build_runs_code_left_out_of_its_fingerprint(
        tmp_path: Path, audience: str, *, big: bool) -> None:
    """The sample built through the real entry point, each Python process writing the
    generator's modules it loaded as it ends: the engine's processes, and the build's own
    (generation runs in a child of its own, which ends without writing); the team's edition,
    the public one (its own hook), and the team's with a big team's thresholds (a split build
    in parts taking turns, the search parts indexed from views of their pages)."""
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
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "--today",
                             TODAY, "--audience", audience, "build"], capture_output=True,
                            text=True, check=False, cwd=root, env=env)
    assert result.returncode == 0, result.stderr
    seen = {}
    for dump in out.glob("*.txt"):
        command, _, modules = dump.read_text(encoding="utf-8").partition("\n")
        seen[command] = {_module_file(m) for m in modules.split("\n") if m}
    engines = [command for command in seen if "mkdocs" in command]
    builds = [command for command in seen if command.endswith(" build")]
    assert engines and builds, seen.keys()  # both kinds were watched
    if big:  # a split build, in more parts than processes, taking turns
        assert len(engines) > 2, engines
    for command, loaded in seen.items():
        left_out = sorted(rel for rel in loaded
                          if rel.startswith(GENERATION_ONLY) and rel not in ENGINE_SIDE)
        assert not left_out, f"{command} loaded {left_out}"
