"""A change to a file every call reads (plans/team.yaml), or content/team/ removed, renders
every call page again from the cache; the crew that renders them is forked before this
process looks any call up (fast/crewspare.py), so no member holds the briefs this process
loads. It writes what a run without shortcuts writes: after each change here, and over
random edits in test_warm_cold_crew.py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
RUNNER = Path(__file__).with_name("crew_run.py")
TODAY = "2026-11-26"

# What each member of the crew that renders call pages holds, and who took a share.
WATCH = """
import json, os, sys
sys.argv[0] = "playbook"
from generator.fast import crewpages, member
from generator.models.brief import Brief
real = crewpages._render_share
MAIN = os.getpid()
def watched(share):
    held = member.held().reading.cached
    briefs = sum(isinstance(s.light, Brief) for s in held.values())
    with open(os.environ["PB_WATCH"], "a") as out:
        out.write(json.dumps([os.getpid() == MAIN, briefs, len(share[1])]) + "\\n")
    return real(share)
crewpages._render_share = watched
exec(open(sys.argv.pop(1)).read())
"""


def playbook(root: Path, cache: Path, *args: str, watch: Path | None = None,
             plain: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PLAYBOOK_CACHE_DIR": str(cache), "PB_WATCH": str(watch or "")}
    env.pop("PLAYBOOK_NO_SHORTCUTS", None)
    command = ["-c", WATCH, str(RUNNER)] if watch else [str(RUNNER)]
    switch = ["--no-cache"] if plain else []
    return subprocess.run([sys.executable, *command, "--root", str(root), "--today", TODAY,
                           *switch, *args], capture_output=True, text=True, env=env,
                          check=False)


def tree(root: Path) -> dict[str, bytes]:
    team = root / "content" / "team"
    return {p.relative_to(team).as_posix(): p.read_bytes() for p in sorted(team.rglob("*"))
            if p.is_file()}


def rename_a_rep(root: Path) -> None:
    """A rep renamed in team.yaml: every call page shows the team."""
    team = root / "plans" / "team.yaml"
    team.write_text(team.read_text(encoding="utf-8").replace("Maya Okafor", "Maya Okafor-Reid"),
                    encoding="utf-8")


def remove_the_pages(root: Path) -> None:
    """content/team/ removed (git clean, say) while the cache is warm: no page is there."""
    shutil.rmtree(root / "content" / "team")


@pytest.mark.slow
@pytest.mark.parametrize("change", [rename_a_rep, remove_the_pages])
def test_when_every_call_page_is_rendered_again_members_hold_no_brief(
        tmp_path: Path, change: Callable[[Path], None]) -> None:
    """... and the pages are those a run without shortcuts writes."""
    root = tmp_path / "p"
    shutil.copytree(REPO / "plans", root / "plans")
    cache = tmp_path / "cache"
    assert playbook(root, cache, "generate").returncode == 0
    change(root)
    watch = tmp_path / "watch.jsonl"
    run = playbook(root, cache, "generate", watch=watch)
    assert run.returncode == 0, run.stderr

    shares = [json.loads(line) for line in watch.read_text().splitlines()]
    members = [(briefs, pages) for main, briefs, pages in shares if not main]
    assert len(shares) == 3 and len(members) == 2  # this process and two members rendered
    assert all(pages > 0 for _, pages in members)
    assert [briefs for briefs, _ in members] == [0, 0]  # forked before any call was looked up
    assert [briefs > 0 for main, briefs, _ in shares if main] == [True]

    warm = tree(root)
    shutil.rmtree(root / "content")
    assert playbook(root, tmp_path / "cold", "generate", plain=True).returncode == 0
    assert tree(root) == warm
    assert len(warm) > 100
