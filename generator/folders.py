"""Read and check the files of some account folders: one process does every folder, or each
member of a crew does its share, keeping the models it parsed in its own memory.

A call's cross-file checks read its account, the team and the checklists; every folder's files
are read by one process, and the team and the checklists before any folder, so a folder needs
nothing from another. A call that passed its checks is not checked again, nor loaded whole,
while it, its account, the team and the checklists are the files it passed them with.
"""

from __future__ import annotations

import hashlib
import os
from collections import ChainMap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator import crew
from generator.cache import Entry, ModelCache, shard_of
from generator.crosscheck import check_account, check_call
from generator.discover import ACCOUNT, CALL_NAME, Found
from generator.models import Checklists, Team
from generator.problems import Problem
from generator.readfiles import Job, Source, parse

SETTING = "folders"
SOURCES = "sources"


@dataclass
class Setting:
    """What every folder's reading needs, made before any member is forked."""

    cache: ModelCache
    found: Found
    team: Team | None
    checklists: Checklists | None
    shared: str
    """The team's and the checklists' digests, part of every call's checked context."""
    cached: dict[str, Source]
    todo: dict[str, list[Job]]
    """Files to parse, by account folder."""
    stats: dict[str, os.stat_result]
    base: str
    """How plans/ itself is shown in display paths."""
    shared_files: tuple[str, ...] = ()
    """Display paths of the team and the checklists."""
    early: Callable[[str, Mapping[str, Source]], list[str]] | None = None
    """Renders a folder's call pages once it is read and checked; gives the pages rendered."""
    save: Callable[[list[str]], set[str]] | None = None
    """The model shards a member saves once it has read its folders."""


@dataclass
class Read:
    """What reading some folders found: small enough to send between processes."""

    parsed: dict[str, tuple[Entry, Any]] = field(default_factory=dict)
    """Each file parsed: its stat and digest (the entry's value left out) and light value."""
    problems: list[Problem] = field(default_factory=list)
    contexts: dict[str, str] = field(default_factory=dict)
    """The context each call of these folders is checked in, to remember if all is well."""
    rendered: list[str] = field(default_factory=list)
    """Pages rendered early (Setting.early), held by the member that read them."""


def held_sources(setting: Setting) -> Mapping[str, Source]:
    """Every file this process has a source of: those it parsed (whole models and all), then
    those the cache had unchanged."""
    return ChainMap(crew.held.get(SOURCES, {}), setting.cached)


def read_folders(slugs: list[str]) -> Read:
    """Parse the changed files of these account folders and check every call in them.

    The sources parsed are kept in crew.held[SOURCES], whole models and all.
    """
    setting: Setting = crew.held[SETTING]
    result = Read()
    jobs = [job for slug in slugs for job in setting.todo.get(slug, [])]
    parsed = parse(jobs, setting.stats, setting.cache, result.problems)
    crew.held.setdefault(SOURCES, {}).update(parsed)
    for display, source in parsed.items():
        if display in setting.stats:
            stat = setting.stats[display]
            result.parsed[display] = (Entry.of(stat, source.digest, None), source.light)
    sources = held_sources(setting)
    for slug in slugs:
        _check_folder(slug, setting, sources, result)
        if setting.early is not None and not result.problems:  # else the run stops anyway
            result.rendered += setting.early(slug, sources)
    if setting.save is not None:
        # Whatever happens elsewhere, these files' models are valid: a shard saved now is
        # only trusted once the index, saved last and only by a run without problems, vouches
        # for its entries.
        setting.cache.save(setting.save(slugs), index=False)
    return result


def _check_folder(slug: str, setting: Setting, sources: Mapping[str, Source],
                  result: Read) -> None:
    found, cache = setting.found, setting.cache
    account, digest = None, "-"
    if slug in found.accounts and (source := sources.get(found.accounts[slug][1])) is not None:
        account, digest = source.value, source.digest
        result.problems.extend(check_account(source, account, setting.team))
    context = hashlib.sha256(f"{setting.shared}|{digest}".encode()).hexdigest()[:24]
    for path, display in found.calls.get(slug, []):
        if (call := sources.get(display)) is None:
            continue
        # The call's own digest too: an edited call is checked again, whatever else held.
        result.contexts[display] = checked = f"{context}:{call.digest}"
        if cache.checked(display) == checked:
            continue
        match = CALL_NAME.match(os.path.basename(path))  # noqa: PTH119 - plain strings
        assert match is not None  # discover only lists matching names
        result.problems.extend(check_call(
            call, call.value, file_date=match.group(1), account=account,
            account_missing=slug not in found.accounts, account_slug=slug, team=setting.team,
            checklists=setting.checklists,
        ))


def shards(slugs: list[str], base: str) -> set[str]:
    """The model shards of these account folders (base: how plans/ itself is shown)."""
    prefix = f"{base}/" if base else ""
    return {shard_of(f"{prefix}{slug}/{ACCOUNT}") for slug in slugs}
