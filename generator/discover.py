"""Find the files under plans/ and sort them into team, checklists, accounts and calls."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.problems import Problem

# \Z, not $: `$` also matches before a final newline, and "acme\n" is a valid folder name.
CALL_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.yaml\Z")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
MAX_SLUG = 60  # as for ids in the files; a page's temporary file name must stay under 255 bytes
RESERVED = {"index"}  # accounts/index.md is the list of accounts, not an account's page
TEAM, CHECKLISTS, ACCOUNT = "team.yaml", "checklists.yaml", "account.yaml"
_IGNORED = {"README.md", "readme.md", ".gitkeep"}


@dataclass
class Found:
    """The files of a plans/ tree, each as (absolute path, display path), and what was wrong."""

    team: tuple[Path, str] | None = None
    checklists: tuple[Path, str] | None = None
    accounts: dict[str, tuple[Path, str]] = field(default_factory=dict)
    calls: dict[str, list[tuple[Path, str]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _outside(path: Path, plans: Path) -> bool:
    try:
        path.resolve().relative_to(plans.resolve())
    except ValueError:
        return True
    return False


def discover(plans: Path, root: Path) -> Found:
    """Walk plans/ (one level of account folders); every unexpected name is a problem."""
    found = Found()

    def problem(path: Path, message: str) -> None:
        found.problems.append(Problem(_display(path, root), 1, 1, "", message))

    if not plans.is_dir():
        problem(plans, "the plans folder does not exist")
        return found
    for entry in sorted(plans.iterdir()):
        name = entry.name
        if name.startswith(".") or name in _IGNORED:
            continue
        if entry.is_symlink() and _outside(entry, plans):
            problem(entry, "is a link to somewhere outside plans/; it is not followed")
        elif entry.is_dir():
            if not SLUG.match(name):
                problem(entry, f"folder name {name!r} is not a valid account id: use lower-case "
                               "letters, digits and single hyphens")
                continue
            if len(name) > MAX_SLUG or name in RESERVED:
                why = (f"is longer than {MAX_SLUG} characters" if len(name) > MAX_SLUG
                       else "is reserved for the list of accounts")
                problem(entry, f"folder name {name[:MAX_SLUG]!r} {why}; rename the folder")
                continue
            _account_folder(entry, plans, root, found, problem)
        elif name == TEAM:
            found.team = (entry, _display(entry, root))
        elif name == CHECKLISTS:
            found.checklists = (entry, _display(entry, root))
        else:
            problem(entry, "unexpected file: plans/ holds team.yaml, checklists.yaml and one "
                           "folder per account")
    return found


def _account_folder(folder: Path, plans: Path, root: Path, found: Found, problem) -> None:  # type: ignore[no-untyped-def]
    slug = folder.name
    calls = found.calls.setdefault(slug, [])
    for entry in sorted(folder.iterdir()):
        name = entry.name
        if name.startswith(".") or name in _IGNORED:
            continue
        if entry.is_symlink() and _outside(entry, plans):
            problem(entry, "is a link to somewhere outside plans/; it is not followed")
        elif entry.is_dir():
            problem(entry, "unexpected folder: an account folder holds account.yaml and call files")
        elif name == ACCOUNT:
            found.accounts[slug] = (entry, _display(entry, root))
        elif match := CALL_NAME.match(name):
            if len(match.group(2)) > MAX_SLUG:
                problem(entry, f"the part of a call file name after the date is at most "
                               f"{MAX_SLUG} characters")
            else:
                calls.append((entry, _display(entry, root)))
        elif name.endswith((".yaml", ".yml")):
            problem(entry, "a call file is named YYYY-MM-DD-slug.yaml (lower-case letters, "
                           "digits and hyphens), e.g. 2026-03-14-discovery.yaml")
        else:
            problem(entry, "unexpected file: an account folder holds account.yaml and call files")
