"""A crew forked before the calls are looked up, for a run that renders every call page again
from cached models: a shared file (the team, the checklists, the topics) changed, and with it
every page's key and every call's checks.

Forked after the read, as a crew for many pages is, each member would start with a copy of
everything this process read (every call's brief: about 900 MB at 100,000 calls) counted
again in its memory. Forked before, a member holds none of it, and is handed what its share
of the pages needs once the read is done: the shared files' models, its accounts' models,
and its calls' files and digests, whose whole models it loads from the cache's shards. It then
renders, compares and writes as any member does (crewpages.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from generator.fast import member
from generator.fast.crewread import held_sources
from generator.fast.member import Member, Reading
from generator.fast.modelcache import ModelCache, shard_of
from generator.read.discover import Found
from generator.read.project import Files
from generator.read.sources import Source


@dataclass(frozen=True)
class Handed:
    """What one member of a spare crew needs to render its share, sent once the read is done."""

    folder: Path
    """The model cache's folder for this project, its shards saved by the read."""
    base: str
    shared_files: tuple[str, str, str]
    accounts: dict[str, tuple[str, str]]
    """(path, display path) of the account file of each folder of the share."""
    sources: list[Source]
    """The shared files' and the accounts' sources, their models loaded."""
    calls: list[tuple[str, str, str]]
    """(path, display path, digest) of each call of the share."""


def _bare(source: Source) -> Source:
    """A source to send: its model, no way back to this process's cache or document."""
    return replace(source, _value=source.value, fetch=None, _doc=None)


def handed(shares: list[list[str]]) -> list[Handed | None]:
    """What each member is handed (None: this process, which has it all)."""
    state = member.held()
    files, folder = state.reading.files, state.reading.cache.folder
    assert folder is not None  # a spare crew is forked only with a cache
    sources = held_sources(state)
    shared = [_bare(sources[d]) for d in files.shared_files if d in sources]
    found = files.found
    out: list[Handed | None] = [None]
    for share in shares[1:]:
        accounts = {slug: found.accounts[slug] for slug in share if slug in found.accounts}
        calls = [(path, display, sources[display].digest) for slug in share
                 for path, display in found.calls.get(slug, []) if display in sources]
        out.append(Handed(folder, files.base, files.shared_files, accounts,
                          shared + [_bare(sources[d]) for _, d in accounts.values()], calls))
    return out


def take_over(given: Handed | None) -> None:
    """In a member: hold what it was handed as its state, as if it had read its share."""
    if given is None:
        return
    cache = ModelCache.models_of(given.folder, {shard_of(d) for _, d, _ in given.calls})
    sources: dict[str, Source] = {s.path: s for s in given.sources}
    for path, display, digest in given.calls:
        sources[display] = Source(path, display, digest, None, None, cache.model)
    files = Files(Found(accounts=given.accounts), given.base, [], sorted(given.accounts),
                  given.shared_files)
    team, checklists = files.team_and_checklists(sources)
    member.hold(Member(Reading(files, cache, team, checklists, sources, {}, {})))
