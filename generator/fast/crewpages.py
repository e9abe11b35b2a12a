"""Call pages rendered by a crew: each member renders, compares and writes the pages of the
calls whose whole models it holds, the account folders it read.

A member renders its pages while it reads, right after checking each folder, unless the page
on disk was written from the same inputs: a problem anywhere stops the run before a page is
written, so rendering early loses nothing but the work.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from generator import paths
from generator.fast import crew, keys
from generator.fast.modelcache import code_fingerprint
from generator.output.atomic import write_files
from generator.output.existing import Existing
from generator.output.write import ELSEWHERE, compare
from generator.pages.calls import Setting, account_page, call_page, call_row
from generator.progress import track
from generator.read import folders as folders_module
from generator.read.project import CallEntry, Project
from generator.read.sources import Source

PARALLEL_FROM = 400  # call pages to render before a crew of processes pays for its start-up
HELD = "pages"  # crew.held: the call pages a member rendered, by path under the subtree


Job = tuple[str, str, str]
"""(account slug, call slug, display path) of a call page to render."""

class EarlyPages:
    """Renders a folder's call pages and its account's page as soon as its files are read
    and checked (in whichever member read them), but those whose page on disk has the same
    key."""

    def __init__(self, existing: Existing, today: dt.date) -> None:
        # What the subtree held as the run started: read before the members are forked.
        self.existing = existing
        self.existing.stored_keys  # noqa: B018 - read now, once, not in every member
        self.existing.listing  # noqa: B018
        self.today = today
        self._ready: tuple[Any, Setting] | None = None

    def _prepare(self, sources: Mapping[str, Source]) -> tuple[Any, Setting]:
        if self._ready is None:  # once in each member: the team and checklists are shared
            read: folders_module.Setting = crew.held[folders_module.SETTING]
            assert read.team is not None and read.checklists is not None  # checked before
            others = {path: sources[path].digest for path in read.shared_files
                      if path in sources}
            self._ready = (keys.shared_part(code_fingerprint(), others),
                           Setting.of(read.team, read.checklists, self.today))
        return self._ready

    def __call__(self, slug: str, sources: Mapping[str, Source]) -> list[str]:
        """The pages rendered (paths under content/), held in crew.held[HELD]."""
        read: folders_module.Setting = crew.held[folders_module.SETTING]
        if slug not in read.found.accounts:
            return []  # a folder without account.yaml has a problem: the run stops
        shared, setting = self._prepare(sources)
        account_file = read.found.accounts[slug][1]
        account = sources[account_file]
        held: dict[str, bytes] = crew.held.setdefault(HELD, {})
        done = []
        calls = []
        for path, display in read.found.calls.get(slug, []):
            if (source := sources.get(display)) is None:
                continue
            name = os.path.basename(path).removesuffix(".yaml")  # noqa: PTH119
            calls.append(entry := CallEntry.of(slug, name, source))
            key = keys.call_key(shared, keys.row(display, source.digest, account.digest),
                                source.light.date < self.today)
            if self._kept(page := paths.call(slug, name), key):
                continue
            held[page.removeprefix(f"{paths.ROOT}/")] = call_page(
                entry, account.value, setting).encode()
            done.append(page)
        # Oldest first, as the account's page and its key list them.
        calls.sort(key=lambda c: (c.brief.date, c.id))
        key = keys.account_key(keys.with_today(shared, self.today), slug, account_file,
                               account.digest, ((c.path, sources[c.path].digest) for c in calls))
        if not self._kept(page := paths.account(slug), key):
            rows = [call_row(c, account.value.name, setting.reps) for c in reversed(calls)]
            held[page.removeprefix(f"{paths.ROOT}/")] = account_page(
                slug, account.value, calls, rows, setting.reps).encode()
            done.append(page)
        return done

    def _kept(self, page: str, key: str) -> bool:
        """The page on disk was written from this key: it stays as it is."""
        return self.existing.written_from(page.removeprefix(f"{paths.ROOT}/"), key)


def _render_share(share: tuple[dt.date, list[Job]]) -> int:
    """Render a member's call pages, from the models it holds (or its cache, for unchanged
    files), and hold them for writing."""
    today, jobs = share
    read: folders_module.Setting = crew.held[folders_module.SETTING]
    sources = folders_module.held_sources(read)
    assert read.team is not None and read.checklists is not None  # the read succeeded
    setting = Setting.of(read.team, read.checklists, today)
    pages = {}
    for account, slug, display in track(jobs, "Rendering call pages", len(jobs)):
        source = sources[display]
        owner = sources[read.found.accounts[account][1]]
        text = call_page(CallEntry(account, slug, display, source.value), owner.value, setting)
        pages[paths.call(account, slug).removeprefix(f"{paths.ROOT}/")] = text.encode()
    crew.held.setdefault(HELD, {}).update(pages)
    return len(pages)


def _compare_share(share: tuple[str, set[str]]) -> tuple[list[str], list[str]]:
    root, owned = share
    changed, taken = compare(root, crew.held.get(HELD, {}), owned)
    crew.held[HELD] = changed  # the others need no writing
    return list(changed), taken


def _write_share(root: str) -> None:
    write_files(root, crew.held.pop(HELD, {}))


class HeldPages:
    """The call pages a crew rendered, each held by the member that rendered it, which
    compares it with the page on disk and writes it there (write.Others)."""

    def __init__(self, members: crew.Crew) -> None:
        self.crew = members
        self.root = ""

    def compare(self, root: str, owned: set[str]) -> tuple[list[str], list[str]]:
        self.root = root
        found = self.crew.each(_compare_share, [(root, owned)] * self.crew.count)
        return (sorted(rel for changed, _ in found for rel in changed),
                sorted(rel for _, taken in found for rel in taken))

    def write(self, meanwhile: Callable[[], None]) -> None:
        self.crew.each(_write_share, [self.root] * self.crew.count, meanwhile)


def render_calls(project: Project, today: dt.date, todo: list[CallEntry],
                 helpers: crew.Helpers | None,
                 meanwhile: Callable[[], None] = lambda: None) -> dict[str, str]:
    """The pages of these calls, by page path: held by the crew that read them, if there is
    one, or by a new one when there are many (given as ELSEWHERE: HeldPages writes them), or
    rendered in this process; `meanwhile` runs in this process while the crew renders."""
    if helpers is not None and helpers.crew is None and len(todo) >= PARALLEL_FROM \
            and crew.can_fork() and folders_module.SETTING in crew.held:
        by_account: dict[str, int] = defaultdict(int)
        for entry in todo:
            by_account[entry.account] += 1
        # Forked now, the members see the models this process loaded.
        helpers.start(crew.split(sorted(by_account.items()), crew.size(), first=0.8))
    if helpers is None or helpers.crew is None:
        meanwhile()
        setting = Setting.of(project.team, project.checklists, today)
        return {paths.call(e.account, e.slug): call_page(
            e, project.accounts[e.account].account, setting)
            for e in track(todo, "Rendering call pages", len(todo))}
    member = {slug: i for i, share in enumerate(helpers.shares) for slug in share}
    shares: list[list[Job]] = [[] for _ in helpers.shares]
    for entry in todo:
        if paths.call(entry.account, entry.slug) not in helpers.rendered:
            shares[member.get(entry.account, 0)].append(
                (entry.account, entry.slug, entry.path))
    if any(shares):
        helpers.crew.each(_render_share, [(today, jobs) for jobs in shares], meanwhile)
    else:
        meanwhile()
    return dict.fromkeys((paths.call(e.account, e.slug) for e in todo), ELSEWHERE)
