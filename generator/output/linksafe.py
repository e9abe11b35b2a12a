"""Where playbook writes or removes its output, no symbolic link may stand: a link committed at
`site`, a staging folder or `content/team` would lead the build to write or delete anywhere.
Also the links under content/ that lead out of the project: MkDocs would publish what they
point to."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.output.removetree import remove_tree
from generator.problems import printable


class UnsafePath(Exception):
    """A path where playbook writes or removes its output is a link (or leads out of the
    project); nothing was written or removed."""


def _shown(path: Path, root: Path) -> str:
    try:
        return printable(path.relative_to(root).as_posix())
    except ValueError:
        return printable(str(path))


def is_link(path: Path | str) -> bool:
    """A symbolic link stands at path (the link itself, never what it points to)."""
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return False


def no_link_on_the_way(root: Path, path: Path) -> None:
    """Refuse when path, or a folder between root and it, is a symbolic link. A path outside
    root is checked itself only: the folders above it are the caller's choice."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        steps = [path]
    else:
        steps = [root.joinpath(*parts[:i]) for i in range(1, len(parts) + 1)]
    for step in steps:
        if is_link(step):
            raise UnsafePath(
                f"{_shown(step, root)} is a symbolic link where playbook puts its output; "
                "nothing was written or removed: delete the link (it is build output, never "
                "committed) and run again")


def not_a_file(root: Path, path: Path) -> None:
    """Refuse when something other than a folder stands at path: not the build's output."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(mode):
        raise UnsafePath(f"{_shown(path, root)} is not a folder, and playbook builds the site "
                         "there; nothing was written or removed: move it away and run again")


def remove_folder(path: Path) -> None:
    """Remove a folder this run or an earlier one made; never through a link (rmtree refuses
    one, and with errors ignored that refusal used to pass unseen), nor anything but a folder."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISDIR(mode):
        raise UnsafePath(f"{printable(str(path))} is not a folder playbook made; it was left "
                         "alone")
    remove_tree(path)  # read-only folders too; links inside are removed as links, not followed


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def links_out(content: Path, root: Path) -> list[str]:
    """Links under content/ (content/ itself included) that lead outside the project, relative
    to root, in path order. Folders reached through a link inside the project are searched
    too, as MkDocs follows them; each real folder once, so a loop of links ends. Only links
    cost a look past the folder listing: 10,000s of pages are listed, not resolved."""
    real_root = os.path.realpath(root)
    found: list[str] = []
    seen: set[str] = set()
    todo = [(str(content), _shown(content, root), is_link(content))]
    while todo:
        path, shown, linked = todo.pop()
        if linked:
            real = os.path.realpath(path)
            if not _inside(real, real_root):
                found.append(shown)
                continue
            if real in seen or not os.path.isdir(real):  # noqa: PTH112 - plain strings
                continue
            seen.add(real)
        try:
            with os.scandir(path) as entries:
                for entry in entries:
                    link = entry.is_symlink()
                    if link or entry.is_dir(follow_symlinks=False):
                        todo.append((entry.path, f"{shown}/{printable(entry.name)}", link))
        except OSError:
            continue
    return sorted(found)
