"""What the in-place tests watch of a build's update (fast/inplace.py), and the check both
failed-index tests make (test_in_place.py, test_search_stay.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

from test_warm_cold import Project, playbook, tree, warm_equals_cold

from generator.fast import inplace


class Updates:
    """What each build's in-place update did: 'in place', or 'swap' when site/ was not proven."""

    def __init__(self) -> None:
        self.done: list[str] = []

    def __enter__(self) -> Updates:
        real = inplace.update

        def update(*args: Any, **kwargs: Any) -> str | None:
            try:
                result = real(*args, **kwargs)
            except Exception:
                self.done.append("in place")  # and failed
                raise
            self.done.append("swap" if result is None else "in place")
            return result

        self.patch = mock.patch.object(inplace, "update", update)
        self.patch.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self.patch.stop()


def failed_index_leaves_site(project: Project, scratch: Path, failing: Any,
                             then: Callable[[], None] = lambda: None) -> None:
    """A build whose index fails in place (`failing`, a patch that makes it fail) ends with
    the error, site/ as it was (`then` checks more of it) and no folder of the run left; the
    next build, seeing the mark the update left, swaps, and its site is the plain build's."""
    site = project.root / "site"
    before = tree(site)
    with Updates() as updates, failing:
        code, said = playbook(project.root, scratch / "warm-cache", "build")
    assert code == 1
    assert "indexing the site for search failed; site/ was left as it was" in said
    assert updates.done == ["in place"]
    assert tree(site) == before
    assert not list(project.root.glob(".site.building*"))
    then()
    with Updates() as updates:
        warm_equals_cold(project, scratch, "build", "site", ["index failed"], "no-shortcuts")
    assert updates.done == []  # the mark: the swap
