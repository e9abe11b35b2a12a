"""Find the files under plans/ and sort them into team, checklists, accounts and calls."""

from __future__ import annotations

import os
import re
from collections.abc import Set
from dataclasses import dataclass, field
from pathlib import Path

from generator.problems import Problem

# \Z, not $: `$` also matches before a final newline, and "acme\n" is a valid folder name.
CALL_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.yaml\Z")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
MAX_SLUG = 60  # as for ids in the files; a page's temporary file name must stay under 255 bytes
RESERVED = {"index"}  # accounts/index.md is the list of accounts, not an account's page
TEAM, CHECKLISTS, ACCOUNT = "team.yaml", "checklists.yaml", "account.yaml"
TOPICS = "topics.yaml"
_IGNORED = {"README.md", "readme.md", ".gitkeep"}


@dataclass
class Found:
    """The files of a plans/ tree, each as (path, display path), and what was wrong.

    Paths are plain strings: a tree holds 10,000s of files, and pathlib objects for each cost
    more than everything else discover does.
    """

    team: tuple[str, str] | None = None
    checklists: tuple[str, str] | None = None
    topics: tuple[str, str] | None = None
    accounts: dict[str, tuple[str, str]] = field(default_factory=dict)
    calls: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def display_base(plans: Path, root: Path) -> str:
    """How plans/ itself is shown: relative to root when inside it, else in full."""
    try:
        base = plans.relative_to(root).as_posix()
    except ValueError:
        base = plans.as_posix()
    return "" if base == "." else base


def _join(base: str, name: str) -> str:
    return f"{base}/{name}" if base else name


def _outside(path: str, plans: Path) -> bool:
    try:
        Path(path).resolve().relative_to(plans.resolve())
    except ValueError:
        return True
    return False


def _listing(folder: str) -> list[os.DirEntry[str]] | str:
    """The folder's entries by name, or why it cannot be listed (permission denied, say)."""
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda e: e.name)
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"


def discover(plans: Path, root: Path, accounts: Set[str] | None = None) -> Found:
    """Walk plans/ (one level of account folders); every unexpected name is a problem.

    With `accounts`, call files are listed only in those account folders; every account.yaml
    is still found.
    """
    found = Found()
    base = display_base(plans, root)

    def problem(display: str, message: str) -> None:
        found.problems.append(Problem(display, 1, 1, "", message))

    if not plans.is_dir():
        problem(base or ".", "the plans folder does not exist")
        return found
    listing = _listing(str(plans))
    if isinstance(listing, str):
        problem(base or ".", listing)
        return found
    for entry in listing:
        name = entry.name
        display = _join(base, name)
        if name.startswith(".") or name in _IGNORED:
            continue
        if entry.is_symlink() and _outside(entry.path, plans):
            problem(display, "is a link to somewhere outside plans/; it is not followed")
        elif entry.is_dir():
            if not SLUG.match(name):
                problem(display, f"folder name {name!r} is not a valid account id: use "
                                 "lower-case letters, digits and single hyphens")
                continue
            if len(name) > MAX_SLUG or name in RESERVED:
                why = (f"is longer than {MAX_SLUG} characters" if len(name) > MAX_SLUG
                       else "is reserved for the list of accounts")
                problem(display, f"folder name {name[:MAX_SLUG]!r} {why}; rename the folder")
                continue
            _account_folder(entry.path, display, plans, found, problem,
                            calls=accounts is None or name in accounts)
        elif name == TEAM:
            found.team = (entry.path, display)
        elif name == CHECKLISTS:
            found.checklists = (entry.path, display)
        elif name == TOPICS:
            found.topics = (entry.path, display)
        else:
            problem(display, "unexpected file: plans/ holds team.yaml, checklists.yaml, "
                             "topics.yaml and one folder per account")
    return found


def _account_folder(folder: str, base: str, plans: Path, found: Found,  # type: ignore[no-untyped-def]
                    problem, *, calls: bool) -> None:
    slug = os.path.basename(folder)  # noqa: PTH119 - plain strings, see Found
    listed = found.calls.setdefault(slug, []) if calls else []
    listing = _listing(folder)
    if isinstance(listing, str):
        problem(base, listing)
        return
    for entry in listing:
        name = entry.name
        if not calls and name != ACCOUNT:
            continue  # an account left out of this run: only its account.yaml is read
        display = _join(base, name)
        if name.startswith(".") or name in _IGNORED:
            continue
        if entry.is_symlink() and _outside(entry.path, plans):
            problem(display, "is a link to somewhere outside plans/; it is not followed")
        elif entry.is_dir():
            problem(display, "unexpected folder: an account folder holds account.yaml and call "
                             "files")
        elif name == ACCOUNT:
            found.accounts[slug] = (entry.path, display)
        elif match := CALL_NAME.match(name):
            if len(match.group(2)) > MAX_SLUG:
                problem(display, f"the part of a call file name after the date is at most "
                                 f"{MAX_SLUG} characters")
            else:
                listed.append((entry.path, display))
        elif name.endswith((".yaml", ".yml")):
            problem(display, "a call file is named YYYY-MM-DD-slug.yaml (lower-case letters, "
                             "digits and hyphens), e.g. 2026-03-14-discovery.yaml")
        else:
            problem(display, "unexpected file: an account folder holds account.yaml and call "
                             "files")


def count_calls(plans: Path) -> int:
    """Call files under plans/, counted from names alone: nothing is opened."""
    total = 0
    try:
        folders = [e for e in os.scandir(plans) if e.is_dir(follow_symlinks=False)]
    except OSError:
        return 0
    for folder in folders:
        try:
            total += sum(1 for e in os.scandir(folder.path) if CALL_NAME.match(e.name))
        except OSError:
            continue
    return total
