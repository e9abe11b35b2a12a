"""Removing a folder the build made in threads (fast/removal.py) leaves what its plain twin,
linksafe.remove_folder, leaves, over random trees: the folder gone, every link in it removed
as a link (what it led to untouched), read-only folders too; and what is not a folder refused
the same way."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from adversarial.permissions import foreign, unprivileged
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.fast.removal import remove_in_threads
from generator.output.linksafe import UnsafePath, remove_folder

NAMES = st.sampled_from(["a", "b", "c", "index.html", "calls", "x y", "é"])
LEAF = st.sampled_from(["file", "link-out-file", "link-out-folder", "link-up", "broken-link"])
TREE = st.recursive(LEAF, lambda inner: st.tuples(
    st.booleans(), st.dictionaries(NAMES, inner, max_size=4)), max_leaves=30)
"""A leaf, or (read-only, {name: tree}) for a folder."""


def make(path: Path, tree: Any, outside: Path) -> None:
    if isinstance(tree, tuple):
        read_only, children = tree
        path.mkdir()
        for name, child in children.items():
            make(path / name, child, outside)
        if read_only:
            path.chmod(0o555)
    elif tree == "file":
        path.write_bytes(b"<p>page</p>")
    elif tree == "link-out-file":
        path.symlink_to(outside / "keep.txt")
    elif tree == "link-out-folder":
        path.symlink_to(outside / "folder", target_is_directory=True)
    elif tree == "link-up":
        path.symlink_to("..", target_is_directory=True)
    else:
        path.symlink_to(outside / "nothing")


def world(outside: Path) -> dict[str, bytes]:
    return {p.relative_to(outside).as_posix(): p.read_bytes()
            for p in sorted(outside.rglob("*")) if p.is_file() and not p.is_symlink()}


def removed(remove: Any, tree: Any) -> tuple[str, dict[str, bytes], bool]:
    """What `remove` raised (its type), the world outside after, and whether the path is gone."""
    with tempfile.TemporaryDirectory() as scratch:
        top = Path(scratch)
        outside = top / "outside"
        (outside / "folder" / "deep").mkdir(parents=True)
        (outside / "keep.txt").write_bytes(b"keep")
        (outside / "folder" / "deep" / "page.html").write_bytes(b"deep")
        target = top / "site"
        make(target, tree, outside)
        try:
            remove(target)
            raised = ""
        except (OSError, UnsafePath) as exc:
            raised = type(exc).__name__
        gone = not os.path.lexists(target)
        after = world(outside)
        for folder, _, _ in os.walk(top):  # let the scratch folder go
            os.chmod(folder, 0o755)
        shutil.rmtree(top, ignore_errors=True)
        return raised, after, gone


def as_user(remove: Any, who: str) -> Any:
    """`remove` as root, as the files' owner who is not root (read-only folders stop it until
    it makes them writable), or as another user (who may not make them writable)."""
    def run(path: Path) -> None:
        if who == "root":
            remove(path)
            return
        with pytest.MonkeyPatch.context() as patch, unprivileged(patch):
            if who == "another user":
                foreign(patch)
            remove(path)

    return run


@settings(max_examples=60, deadline=None, derandomize=True)
@given(tree=TREE, who=st.sampled_from(["root", "owner", "another user"]))
def test_threads_leave_what_one_thread_leaves(tree: Any, who: str) -> None:
    threads = removed(as_user(lambda path: remove_in_threads(path, threads=3), who), tree)
    plain = removed(as_user(remove_folder, who), tree)
    assert threads == plain
    assert threads[1] == {"keep.txt": b"keep", "folder/deep/page.html": b"deep"}
    if isinstance(tree, tuple) and who != "another user":
        assert threads == ("", threads[1], True)


def test_what_is_not_a_folder_is_refused_and_left(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "file").write_text("x")
    (tmp_path / "link").symlink_to(tmp_path / "folder", target_is_directory=True)
    for name in ("file", "link"):
        with pytest.raises(UnsafePath):
            remove_in_threads(tmp_path / name)
        assert os.path.lexists(tmp_path / name)
    assert (tmp_path / "folder").is_dir()
    remove_in_threads(tmp_path / "nothing")  # nothing to do


def test_a_wide_tree_is_removed_by_several_threads(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for account in range(6):
        for call in range(5):
            page = site / "calls" / f"a{account}" / f"c{call}"
            page.mkdir(parents=True)
            (page / "index.html").write_text("<p>page</p>")
    (site / "calls" / "a0" / "link").symlink_to(tmp_path, target_is_directory=True)
    remove_in_threads(site, threads=4)
    assert not site.exists() and tmp_path.is_dir()
