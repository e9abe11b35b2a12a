"""The fast reader: unchanged files from the model cache, the others parsed into it, and,
when many files need parsing, the account folders shared among a crew of processes that each
keep the whole models they read (and render their call pages early, if asked).

It reads exactly what read.project.SerialReader reads, and finds the same problems.
"""

from __future__ import annotations

import os
import stat as stat_module
from collections import ChainMap, defaultdict
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from generator.fast import aside, crew, member, tuning
from generator.fast.gc import paused_gc
from generator.fast.member import EarlyRender, Member, Reading
from generator.fast.modelcache import Entry, ModelCache, shard_of
from generator.models import Call
from generator.models.brief import Brief
from generator.problems import Problem
from generator.progress import track
from generator.read.digests import digest
from generator.read.discover import ACCOUNT
from generator.read.folders import FolderCheck, check_folder
from generator.read.project import SHARED_MODELS, Files
from generator.read.sources import Job, Source, parse


@dataclass
class FolderRead:
    """What one member found reading its folders: small enough to send between processes."""

    parsed: dict[str, tuple[Entry, Brief | BaseModel]] = field(default_factory=dict)
    """Each file parsed: its stat and digest (the entry's value left out) and light value (a
    call's brief, any other file's model)."""
    check: FolderCheck = field(default_factory=FolderCheck)
    rendered: list[str] = field(default_factory=list)
    """Pages rendered early (Reading.early), held by the member that read them."""


def lookup(jobs: list[Job], cache: ModelCache, known: Mapping[str, os.stat_result] | None = None,
           ) -> tuple[dict[str, Source], list[Job], dict[str, os.stat_result]]:
    """The files the cache has unchanged, as sources; the others, to parse; every file's stat,
    taken before it is parsed (a file changed after this misses the cache next time).
    `known` are lstats by display path taken earlier in the run: reused but for links."""
    sources: dict[str, Source] = {}
    todo = []
    stats: dict[str, os.stat_result] = {}
    known = known or {}
    for file, display, model in jobs:
        try:
            stat = known.get(display)
            if stat is None or stat_module.S_ISLNK(stat.st_mode):
                stat = os.stat(file)  # noqa: PTH116 - plain strings, see discover
            stats[display] = stat
        except OSError:
            todo.append((file, display, model))
            continue
        hit = cache.lookup(display, stat)
        if hit is None and stat_module.S_ISREG(stat.st_mode) and cache.knows(display):
            try:
                with open(file, "rb") as handle:  # noqa: PTH123 - plain strings, see discover
                    hit = cache.by_digest(display, stat, digest(handle.read()))
            except OSError:
                hit = None
        if hit is not None and isinstance(hit.light, Brief if model is Call else model):
            # Only a call's light value is a brief; any other file's is its model.
            whole = None if model is Call else hit.light
            sources[display] = Source(file, display, hit.digest, hit.light, whole, cache.model)
        else:
            todo.append((file, display, model))
    return sources, todo, stats


def parse_into(cache: ModelCache, jobs: list[Job], stats: dict[str, os.stat_result],
               problems: list[Problem], label: str | None = "Reading plans") -> dict[str, Source]:
    """Parse files in this process (read.sources.parse), and keep what validated in the cache."""
    sources = parse(jobs, problems, label)
    for display, source in sources.items():
        if display in stats:
            stat = stats[display]
            cache.put(display, Entry.of(stat, source.digest, source.loaded), source.light)
    return sources


def read_folders(slugs: list[str]) -> FolderRead:
    """Parse the changed files of these account folders and check every call in them, in
    whichever member runs it, one folder at a time; a folder's whole models are held until
    its pages are rendered and its shard saved (with a crew), then let go."""
    state = member.held()
    reading = state.reading
    result = FolderRead()
    sources = held_sources(state)
    shared = reading.files.shared_of(sources)  # the team and the checklists: read already
    for slug in track(slugs, "Reading plans", len(slugs)):
        parsed = parse_into(reading.cache, reading.todo.get(slug, []), reading.stats,
                            result.check.problems, None)
        state.parsed.update(parsed)
        for display, source in parsed.items():
            if display in reading.stats:
                stat = reading.stats[display]
                result.parsed[display] = (Entry.of(stat, source.digest, None), source.light)
        check_folder(slug, reading.files.found, sources, shared, result.check,
                     passed=lambda display, context: reading.cache.checked(display) == context)
        if reading.early is not None and not result.check.problems:  # else the run stops
            result.rendered += reading.early(slug, sources)
        if reading.save is not None:
            # Whatever happens elsewhere, these files' models are valid: a shard saved now is
            # only trusted once the index, saved last and only by a run without problems,
            # vouches for its entries.
            reading.cache.save(reading.save([slug]), index=False)
            let_go(state, parsed)
        else:
            # One process reads: the whole models the checks loaded go back to their shards.
            # After a change every call is checked in (plans/team.yaml), it would otherwise
            # hold every model to the end, and fork the crew that renders the pages with them.
            let_go(state, [display for _, display in reading.files.found.calls.get(slug, [])])
    return result


def let_go(state: Member, displays: Iterable[str]) -> None:
    """Forget the whole models of these calls, their pages rendered: asked for again, each
    comes from its shard's file once saved (ModelCache.release), else from the file itself.
    At 100,000 calls a crew would otherwise hold about a gigabyte of models to the end."""
    cache = state.reading.cache
    shards_of = set()
    for display in displays:
        shards_of.add(shard_of(display))  # loaded for a model not kept on its source, too
        for held in (state.parsed, state.reading.cached):
            source = held.get(display)
            if source is not None and source.loaded is not None \
                    and isinstance(source.light, Brief):  # another file's model is its light
                held[display] = Source(source.file, display, source.digest, source.light,
                                       None, cache.model)
    cache.release(shards_of)


def held_sources(state: Member) -> Mapping[str, Source]:
    """Every file this process has a source of: those it parsed (whole models and all), then
    those the cache had unchanged."""
    return ChainMap(state.parsed, state.reading.cached)


def shards(slugs: list[str], base: str) -> set[str]:
    """The model shards of these account folders (base: how plans/ itself is shown)."""
    prefix = f"{base}/" if base else ""
    return {shard_of(f"{prefix}{slug}/{ACCOUNT}") for slug in slugs}


class FastReader:
    """Reads like read.project.SerialReader, but for the shortcuts: the model cache (in the
    user's cache folder) unless `use_cache` is False, and a crew of processes when many files
    need parsing. `helpers` keeps the crew for later stages (each member then holds the whole
    models of its folders, and the pages `early` renders from them as each folder is read);
    without it, the crew ends here. `stats` are the lstats of files under plans/ by display
    path, if the run took them already; `accounts`, the filter the run reads with;
    `renders_all`: no call page is there to keep (content/team/ was removed)."""

    def __init__(self, root: Path, *, use_cache: bool = True,
                 helpers: crew.Helpers | None = None, early: EarlyRender | None = None,
                 stats: Mapping[str, os.stat_result] | None = None,
                 accounts: Set[str] | None = None, renders_all: bool = False) -> None:
        self.cache = ModelCache(root if use_cache else None)
        self.helpers, self.early, self.stats, self.accounts = helpers, early, stats, accounts
        self.renders_all = renders_all

    def read(self, files: Files, problems: list[Problem]) -> dict[str, Source]:
        with paused_gc():
            if self.helpers is not None:
                return self._read(files, problems, self.helpers)
            with crew.helpers() as own:
                return self._read(files, problems, own, early=False)

    def _read(self, files: Files, problems: list[Problem], helpers: crew.Helpers, *,
              early: bool = True) -> dict[str, Source]:
        cache = self.cache
        first = sum(1 for _, _, model in files.jobs if model in SHARED_MODELS)
        sources, todo, taken = lookup(files.jobs[:first], cache, self.stats)
        # A run limited to some accounts says nothing about the other accounts' call files.
        accounts = self.accounts
        cache.keep_only({display for _, display, _ in files.jobs}, None if accounts is None else (
            lambda display: files.account_of(display) in accounts))
        # The team, the checklists and the topics first: every folder's checks read them.
        sources.update(parse_into(cache, todo, taken, problems, None))
        if (todo or self.renders_all) and early and self.early is not None \
                and self._spare(files.jobs[first:], helpers):
            # One changed (or no page is there): every call page is rendered again, by a crew
            # forked now, before this process holds every call's brief (crewspare.py).
            helpers.spare(tuning.processes())
        team, checklists = files.team_and_checklists(sources)
        found, todo, more = lookup(files.jobs[first:], cache, self.stats)
        sources.update(found)
        taken.update(more)
        del found  # let_go replaces the sources whose models the checks load: none kept here
        waiting: dict[str, list[Job]] = defaultdict(list)
        for job in todo:
            waiting[files.folder_of(job[1])].append(job)
        many = sum(map(len, waiting.values())) >= tuning.PARALLEL_READ_FROM
        # Members see what this process holds when they are forked: a crew started earlier
        # would not know the setting below.
        count = tuning.processes() if many and helpers.crew is None and aside.can_fork() else 1
        # Shares by the files to parse, a fair part each: nothing else is under way meanwhile.
        shares = crew.divide([(s, len(waiting.get(s, ())) + 1) for s in files.slugs], count)
        theirs = set().union(*(shards(share, files.base) for share in shares[1:]))
        first = os.getpid()

        def to_save(mine: list[str]) -> set[str]:
            # The first member saves every shard but the others' (the team's folder, folders
            # that are gone); the index comes last, below.
            if os.getpid() == first:
                return cache.changed_shards() - theirs
            return shards(mine, files.base)

        parallel = count > 1
        member.hold(Member(Reading(
            files, cache, team, checklists, sources, dict(waiting), taken,
            self.early if parallel and early else None, to_save if parallel else None)))
        if parallel:
            reads = helpers.start(shares).each(read_folders, shares)
        else:
            reads = [read_folders(files.slugs)]
        contexts = _gather(reads, files, cache, sources, problems)
        helpers.rendered.update(page for read in reads for page in read.rendered)
        if not problems and team is not None and checklists is not None:
            cache.set_checked(contexts)
            # With a crew, every member saved its shards already: only the index is left.
            cache.save(set() if parallel else None)
        return sources

    def _spare(self, calls: list[Job], helpers: crew.Helpers) -> bool:
        """Whether a crew forked before the read would render these calls' pages: there are
        many, and few to parse (many would be read by a crew forked after the lookup, which
        finds little in the cache to hold)."""
        known = self.stats or {}
        return len(calls) >= tuning.PARALLEL_RENDER_FROM and helpers.crew is None \
            and aside.can_fork() and sum(
                not self.cache.likely_unchanged(display, known.get(display))
                for _, display, _ in calls) < tuning.PARALLEL_READ_FROM


def _gather(reads: list[FolderRead], files: Files, cache: ModelCache,
            sources: dict[str, Source], problems: list[Problem]) -> dict[str, str]:
    """Take in what each member read: its problems, and the light values of what it parsed
    (the first member's sources are this process's own, whole models and all). Returns the
    contexts every call is checked in."""
    contexts: dict[str, str] = {}
    file_of = {display: file for file, display, _ in files.jobs}
    for i, read in enumerate(reads):
        problems.extend(read.check.problems)
        contexts.update(read.check.contexts)
        for display, (entry, light) in read.parsed.items() if i else ():
            cache.note(display, entry, light)
            # Only a call's light value is a brief; any other file's is its model.
            whole = None if isinstance(light, Brief) else light
            sources[display] = Source(file_of[display], display, entry.digest, light, whole,
                                      cache.model)
    sources.update(member.held().parsed)
    return contexts
