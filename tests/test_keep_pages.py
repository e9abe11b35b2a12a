"""A build that keeps pages (fast/keeper.py) makes the site a full build makes, byte for byte:
every page, the search index and the sitemap (site_url set, so it lists every page).

Over random sequences of edits (test_warm_cold's: a field of any file, a call added, deleted or
renamed, a hand edit of a generated page; and here a debrief's outcome, mkdocs.yml and a
hand-written page too), the warm side builds with its store, and the cold side builds from
nothing, with an empty cache folder or with no shortcut at all.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_warm_cold import (
    COLD,
    KINDS,
    PROFILE,
    Project,
    Step,
    apply,
    make_project,
    playbook,
    warm_equals_cold,
)

from generator.fast import keeper

SITE_URL = "https://example.com/playbook/"
BUILD_KINDS = [*KINDS, "outcome", "config", "hand-written"]
CONFIG_EDITS = [("site_name: Sales Playbook", "site_name: Sales Handbook"),
                ("    - navigation.top\n", ""),
                ("  - search\n", "  - search:\n      separator: '[\\s\\-]+'\n")]


def apply_build(project: Project, step: Step) -> str:
    """One edit: test_warm_cold's, or one only a build sees."""
    kind, a, b = step
    if kind == "outcome":
        calls = [c for c in project.calls() if b"\n  outcome: " in (project.plans / c).read_bytes()]
        if not calls:
            return "no debrief"
        rel = calls[a % len(calls)]
        text = (project.plans / rel).read_text(encoding="utf-8")
        now = re.search(r"\n  outcome: (\S+)", text)
        assert now is not None
        outcomes = ["order", "advance", "continuation", "no-sale"]
        outcome = next(o for o in outcomes[b % 4:] + outcomes if o != now.group(1))
        project.write(rel, text.replace(now.group(0), f"\n  outcome: {outcome}").encode())
        return f"{rel}: outcome {outcome}"
    if kind == "config":
        config = project.root / "mkdocs.yml"
        old, new = CONFIG_EDITS[a % len(CONFIG_EDITS)]
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace(old, new) if old in text else text.replace(new, old)
                          if new else text, encoding="utf-8")
        return f"mkdocs.yml: {old.strip()!r} <-> {new.strip()!r}"
    if kind == "hand-written":
        pages = sorted((project.root / "content" / "onboarding").glob("*.md"))
        page = pages[a % len(pages)]
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("# ", f"# Edited {b} ", 1), encoding="utf-8")
        return f"hand-written {page.name}: new title"
    return apply(project, step)


@pytest.fixture(autouse=True)
def _site_url() -> Iterator[None]:
    with mock.patch.dict(os.environ, {"PLAYBOOK_SITE_URL": SITE_URL}):
        os.environ.pop("PLAYBOOK_SITE_STORE", None)  # each cache folder has its own store
        yield


class Counted:
    """How many pages each build kept."""

    def __init__(self) -> None:
        self.kept: list[int] = []

    def __enter__(self) -> Counted:
        real = keeper.Keeper.finish

        def finish(this: keeper.Keeper, site: Path) -> bool:
            self.kept.append(len(this.kept))
            return real(this, site)

        self.patch = mock.patch.object(keeper.Keeper, "finish", finish)
        self.patch.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self.patch.stop()


@pytest.mark.slow
@settings(settings.get_profile(PROFILE), max_examples=3)
@given(steps=st.lists(st.tuples(st.sampled_from(BUILD_KINDS), st.integers(0, 999),
                                st.integers(0, 999)), min_size=1, max_size=3))
@pytest.mark.parametrize("cold_way", COLD)
def test_a_build_that_keeps_pages_makes_the_site_a_full_build_makes(
        steps: list[Step], cold_way: str) -> None:
    with tempfile.TemporaryDirectory() as folder, Counted() as counted:
        scratch = Path(folder) / "scratch"
        scratch.mkdir()
        project = make_project(Path(folder) / "project", settled=False, site=True)
        done = ["a fresh project"]
        assert playbook(project.root, scratch / "warm-cache", "build")[0] == 0
        for step in steps:
            done.append(apply_build(project, step))
            warm_equals_cold(project, scratch, "build", "site", done, cold_way)
            if step[0] not in {"page", "config", "hand-written"}:
                project.commit()
        assert counted.kept[0] == 0  # the first build found an empty store


@pytest.mark.slow
def test_one_plan_edited_builds_that_page_and_keeps_the_other_calls() -> None:
    with tempfile.TemporaryDirectory() as folder, Counted() as counted:
        scratch = Path(folder) / "scratch"
        scratch.mkdir()
        project = make_project(Path(folder) / "project", settled=False, site=True)
        cache = scratch / "warm-cache"
        assert playbook(project.root, cache, "build")[0] == 0
        calls = len(project.calls())
        rel = "zeta/2026-09-21-demo.yaml"
        project.write(rel, (project.plans / rel).read_bytes().replace(b"Demo day", b"Demo two"))
        assert playbook(project.root, cache, "build")[0] == 0

        page = project.root / "site" / "team" / "calls" / "zeta" / "2026-09-21-demo" / "index.html"
        assert b"Demo two" in page.read_bytes()
        # Every call page but the edited one, and the pages that do not list its title.
        assert counted.kept[0] == 0
        assert counted.kept[1] >= calls - 1
        warm_equals_cold(project, scratch, "build", "site", ["a title edited"], "no-shortcuts")


@pytest.mark.slow
def test_each_kind_of_edit_once_keeps_the_site_a_full_build_makes() -> None:
    """Every kind of edit, one after the other (random sequences would take many examples to
    reach each); the cold side takes turns (COLD)."""
    steps: list[Step] = [("outcome", 3, 1), ("add", 1, 3), ("field", 0, 0), ("delete", 2, 0),
                         ("rename", 1, 0), ("config", 0, 0), ("config", 1, 0),
                         ("config", 2, 0), ("hand-written", 1, 7), ("page", 5, 0),
                         ("checkout", 0, 0)]
    with tempfile.TemporaryDirectory() as folder, Counted() as counted:
        scratch = Path(folder) / "scratch"
        scratch.mkdir()
        project = make_project(Path(folder) / "project", settled=False, site=True)
        done = ["a fresh project"]
        assert playbook(project.root, scratch / "warm-cache", "build")[0] == 0
        for step in steps:
            done.append(apply_build(project, step))
            warm_equals_cold(project, scratch, "build", "site", done, COLD[len(done) % 2])
            if step[0] not in {"page", "config", "hand-written", "checkout"}:
                project.commit()
        assert any(counted.kept[1:]), "no build kept a page"
