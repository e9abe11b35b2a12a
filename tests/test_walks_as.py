"""walks_as (fast/inplace.py) compares site/ with its record entry by entry, holding no copy of
the walk: on random trees and random changes to them or to the record, it says just what
comparing the whole walk with the record says."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.fast.inplace import walk, walks_as

_NAMES = st.sampled_from(["a", "b", "index.html", "c.json", "d"])
_TREE = st.lists(st.lists(_NAMES, min_size=1, max_size=3), max_size=12)
_CHANGES = st.lists(st.sampled_from(
    ["write", "touch", "remove", "add", "folder", "link", "forget", "invent", "alter"]),
    max_size=3)


def _make(top: Path, tree: list[list[str]]) -> None:
    for parts in tree:
        path = top.joinpath(*parts[:-1], f"{parts[-1]}.f")  # a file never shares a folder's name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("/".join(parts), encoding="utf-8")


def _change(top: Path, files: dict[str, tuple[int, ...]], change: str, pick: int) -> None:
    plain = sorted(rel for rel in files if (top / rel).is_file())
    chosen = top / plain[pick % len(plain)] if plain else None
    if change == "write" and chosen is not None:
        chosen.write_text("other", encoding="utf-8")
    elif change == "touch" and chosen is not None:
        os.utime(chosen, ns=(1, 1))
    elif change == "remove" and chosen is not None:
        chosen.unlink()
    elif change == "add":
        (top / f"new-{pick}.f").write_text("new", encoding="utf-8")
    elif change == "folder":
        (top / f"folder-{pick}").mkdir(exist_ok=True)
    elif change == "link" and not (top / f"link-{pick}").is_symlink():
        (top / f"link-{pick}").symlink_to(top)
    elif change == "forget" and files:
        files.pop(sorted(files)[pick % len(files)])
    elif change == "invent":
        files[f"ghost-{pick}.f"] = (0, 0, 0, 0, 0, 0, 0)
    elif change == "alter" and files:
        rel = sorted(files)[pick % len(files)]
        files[rel] = (*files[rel][:2], files[rel][2] + 1, *files[rel][3:])


@settings(max_examples=150, deadline=None)
@given(tree=_TREE, changes=_CHANGES, pick=st.integers(0, 50))
def test_walks_as_says_what_the_whole_walk_says(tree: list[list[str]], changes: list[str],
                                                pick: int) -> None:
    top = Path(tempfile.mkdtemp())
    try:
        site = top / "site"
        site.mkdir()
        _make(site, tree)
        files = walk(site)
        assert files is not None and walks_as(site, files)
        for change in changes:
            _change(site, files, change, pick)
        assert walks_as(site, files) == (walk(site) == files)
        assert not walks_as(top / "missing", files)  # as walk() gives None
    finally:
        shutil.rmtree(top)
