"""What each process of a crew holds between two pieces of work, as one typed object.

A run sets it before the crew is forked, so every member starts from the same setting; after
that each process has its own copy, and adds what it parsed and rendered to it. Only small
results cross between processes; this never does.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from generator.fast.modelcache import ModelCache
from generator.fast.spill import Spill
from generator.models import Checklists, Team
from generator.read.project import Files
from generator.read.sources import Job, Source

EarlyRender = Callable[[str, Mapping[str, Source]], list[str]]
"""Renders a folder's pages once it is read and checked; gives the pages rendered."""


@dataclass(frozen=True)
class Reading:
    """What every folder's reading needs, made before any member is forked."""

    files: Files
    cache: ModelCache
    team: Team | None
    checklists: Checklists | None
    cached: dict[str, Source]
    """Files the cache had unchanged."""
    todo: dict[str, list[Job]]
    """Files to parse, by account folder."""
    stats: dict[str, os.stat_result]
    early: EarlyRender | None = None
    save: Callable[[list[str]], set[str]] | None = None
    """The model shards a member saves once it has read its folders."""


@dataclass(frozen=True)
class Member:
    """One process's part of a run: the setting, the sources it parsed (whole models and all)
    and the call pages it rendered and holds (in a temporary file), by path under the subtree."""

    reading: Reading
    parsed: dict[str, Source] = field(default_factory=dict)
    pages: Spill = field(default_factory=Spill)


_held: list[Member] = []


def hold(member: Member) -> None:
    """Make `member` this process's state (before forking: every member starts from it)."""
    _held[:] = [member]


def held() -> Member:
    """This process's state; a RuntimeError if no run set one."""
    if not _held:
        raise RuntimeError("no crew setting in this process")
    return _held[0]


def holding() -> bool:
    return bool(_held)


def release() -> None:
    _held.clear()
