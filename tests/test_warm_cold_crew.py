"""The crews give what a run without shortcuts gives, over random edits: test_warm_cold.py's
property, with the warm side run by crew_run.py (every crew threshold at one, three cores), in
its own interpreter. Half the steps change a file every call reads (the team or the
checklists), the edit that renders every call page again by a crew forked before the read
(fast/crewspare.py); the others read changed folders by a crew, or render a few pages, or keep
them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
import test_warm_cold as warm_cold
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.fast import tuning
from generator.read import stats

RUNNER = Path(__file__).with_name("crew_run.py")
SHARED = [("plans/team.yaml", warm_cold.TEAM_FIELDS),
          ("plans/checklists.yaml", warm_cold.CHECKLIST_FIELDS)]

settings.register_profile("warm-cold-crew", max_examples=4, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("warm-cold-crew-ci", max_examples=8, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
PROFILE = "warm-cold-crew-ci" if os.environ.get("CI") == "true" else "warm-cold-crew"


def in_crew(root: Path, cache: Path, *args: str, plain: bool = False) -> tuple[int, str]:
    """test_warm_cold.playbook, with crews for the warm side (the plain side as it was)."""
    if plain:
        return real_playbook(root, cache, *args, plain=True)
    env = {**os.environ, "PLAYBOOK_CACHE_DIR": str(cache),
           "PB_SETTLED": "1" if stats.RACY_NS == 0 else "0"}
    env.pop(tuning.SWITCH, None)
    run = subprocess.run([sys.executable, str(RUNNER), "--root", str(root), "--today",
                          warm_cold.TODAY, *args], capture_output=True, text=True, env=env,
                         check=False)
    if run.returncode not in {0, 1}:
        raise AssertionError(f"playbook ended with {run.returncode}:\n{run.stderr}")
    return run.returncode, run.stderr if run.returncode else ""


real_playbook = warm_cold.playbook
real_apply = warm_cold.apply


def apply(project: warm_cold.Project, step: warm_cold.Step) -> str:
    """test_warm_cold.apply, and "shared": a field of the team or the checklists."""
    kind, a, b = step
    if kind != "shared":
        return real_apply(project, step)
    rel, fields = SHARED[a % len(SHARED)]
    where, values = fields[b % len(fields)]
    value = values[(a // len(SHARED)) % len(values)]
    data = yaml.safe_load((project.root / rel).read_bytes())
    if not warm_cold.set_field(data, where, value):
        return f"{rel}: {where} not there"
    project.write(rel.removeprefix("plans/"), warm_cold.dump(data))
    return f"{rel}: {where} = {value!r}"


STEPS = st.lists(st.tuples(st.sampled_from(["shared"] * 5 + warm_cold.KINDS),
                           st.integers(0, 999), st.integers(0, 999)), min_size=1, max_size=4)


@pytest.mark.slow
@settings(settings.get_profile(PROFILE))
@given(steps=STEPS, settled=st.booleans())
def test_a_warm_generate_by_crews_writes_what_a_plain_one_writes(
        steps: list[warm_cold.Step], settled: bool) -> None:
    with mock.patch.object(warm_cold, "playbook", in_crew), \
            mock.patch.object(warm_cold, "apply", apply):
        warm_cold.run_steps(steps, settled, "generate", "content/team", "no-shortcuts")
