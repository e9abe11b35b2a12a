"""Call pages rendered by a crew: each member renders, compares and writes the pages of the
calls whose whole models it holds, the account folders it read.

A member renders its pages while it reads, right after checking each folder, unless the page
on disk was written from the same inputs: a problem anywhere stops the run before a page is
written, so rendering early loses nothing but the work. Every page is rendered by
pages.calls.call_pages (or account_page), and keyed by fast.keys, as in one process.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Callable, Mapping, Set
from dataclasses import replace
from itertools import groupby
from operator import itemgetter
from typing import Any

from generator import paths
from generator.fast import aside, crew, crewspare, keys, member, tuning
from generator.fast.codeprint import code_fingerprint
from generator.fast.crewread import held_sources, let_go
from generator.models.project import CallEntry, Project
from generator.output.atomic import write_files
from generator.output.differ import differing
from generator.output.existing import Existing
from generator.output.write import ELSEWHERE
from generator.pages.calls import (
    CallSetting,
    LaterDone,
    SerialCalls,
    account_page,
    call_pages,
    call_row,
    later_done,
)
from generator.progress import track
from generator.read.project import call_entry
from generator.read.sources import Source

Share = tuple[str, str, str, LaterDone | None]
"""(account slug, call slug, display path, its steps a later debrief named done) of a call
page for a member to render."""


def _held_pages(pages: Mapping[str, str]) -> dict[str, bytes]:
    """Pages by path under the subtree, as the bytes a member holds and writes."""
    return {page.removeprefix(f"{paths.ROOT}/"): text.encode() for page, text in pages.items()}


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
        self._ready: tuple[Any, CallSetting] | None = None

    def _prepare(self, sources: Mapping[str, Source]) -> tuple[Any, CallSetting]:
        if self._ready is None:  # once in each member: the team and checklists are shared
            read = member.held().reading
            assert read.team is not None and read.checklists is not None  # checked before
            others = {path: sources[path].digest for path in read.files.shared_files
                      if path in sources}
            self._ready = (keys.shared_part(code_fingerprint(), others),
                           CallSetting.of(read.team, read.checklists, self.today,
                                          read.files.topics(sources)))
        return self._ready

    def __call__(self, slug: str, sources: Mapping[str, Source]) -> list[str]:
        """The pages rendered (paths under content/), held by this member."""
        state = member.held()
        found = state.reading.files.found
        if slug not in found.accounts:
            return []  # a folder without account.yaml has a problem: the run stops
        shared, setting = self._prepare(sources)
        account_file = found.accounts[slug][1]
        account = sources[account_file]
        calls, todo = [], []
        for path, display in found.calls.get(slug, []):
            if (source := sources.get(display)) is not None:
                calls.append(call_entry(slug, os.path.basename(path).removesuffix(".yaml"),  # noqa: PTH119
                                        source))
        later = later_done(calls)  # steps are named done in the same folder
        for entry in calls:
            digest = sources[entry.path].digest
            key = keys.call_key(shared, keys.row(entry.path, digest, account.digest),
                                setting.standing(entry), later.get(entry.id))
            if not self._kept(paths.call(slug, entry.slug), key):
                todo.append(entry)
        pages = call_pages(todo, lambda _: account.value, setting, later)
        # Oldest first, as the account's page and its key list them.
        calls.sort(key=lambda c: (c.brief.date, c.id))
        key = keys.account_key(keys.with_today(shared, self.today), slug, account_file,
                               account.digest, ((c.path, sources[c.path].digest) for c in calls))
        if not self._kept(page := paths.account(slug), key):
            rows = [call_row(c, account.value.name, setting.reps, setting.today, setting.grace)
                    for c in reversed(calls)]
            pages[page] = account_page(slug, account.value, calls, rows, setting.reps)
        state.pages.update(_held_pages(pages))
        return list(pages)

    def _kept(self, page: str, key: str) -> bool:
        """The page on disk was written from this key: it stays as it is."""
        return self.existing.written_from(page.removeprefix(f"{paths.ROOT}/"), key)


def _render_share(share: tuple[dt.date, list[Share]]) -> int:
    """Render a member's call pages, from the models it holds (or its cache, for unchanged
    files), and hold them for writing; an account's whole models are let go once its pages
    are (a member would otherwise end up holding every model of its share)."""
    today, jobs = share
    state = member.held()
    read = state.reading
    sources = held_sources(state)
    assert read.team is not None and read.checklists is not None  # the read succeeded
    accounts = read.files.found.accounts
    setting = CallSetting.of(read.team, read.checklists, today, read.files.topics(sources))
    later = {f"{account}/{slug}": done for account, slug, _, done in jobs if done}
    rendered = 0
    # By account (they come by date): each shard is loaded once, and let go after.
    by_account = sorted(jobs, key=itemgetter(0))
    for _, group in groupby(track(by_account, "Rendering call pages", len(jobs)),
                            key=itemgetter(0)):
        calls = list(group)
        pages = call_pages((CallEntry(account, slug, display, whole_model(sources[display]))
                            for account, slug, display, _ in calls),
                           lambda slug: sources[accounts[slug][1]].value, setting, later)
        state.pages.update(_held_pages(pages))
        rendered += len(pages)
        let_go(state, [display for _, _, display, _ in calls])
    return rendered


def whole_model(source: Source) -> Any:
    """The source's whole model, not kept on it: the project's entry of the call holds the
    source to the end of the run, so a model kept there would be held by every member that
    rendered the page (at 100,000 calls, half a gigabyte each)."""
    return source.loaded if source.loaded is not None else replace(source).value


def _compare_share(share: tuple[str, set[str]]) -> tuple[list[str], list[str]]:
    root, owned = share
    pages = member.held().pages
    changed, taken = differing(root, pages, owned)
    pages.keep_only(changed)  # the others need no writing
    return changed, taken


def _write_share(root: str) -> None:
    pages = member.held().pages
    write_files(root, pages)  # each read back from the spill as it is written
    pages.clear()


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


class CrewCalls:
    """Call pages (pages.calls.CallPages) held by the crew that read them, if there is one, or
    by a new one when there are many (given as ELSEWHERE: HeldPages writes them), or rendered
    in this process (SerialCalls)."""

    def __init__(self, helpers: crew.Helpers) -> None:
        self.helpers = helpers

    @property
    def rendered(self) -> Set[str]:
        return self.helpers.rendered

    def render(self, project: Project, today: dt.date, todo: list[CallEntry],
               meanwhile: Callable[[], None]) -> dict[str, str]:
        helpers = self.helpers
        many = len(todo) >= tuning.PARALLEL_RENDER_FROM and member.holding()
        if helpers.idle and not many:
            helpers.dismiss()  # forked for pages that turned out few
        if many and (helpers.idle or (helpers.crew is None and aside.can_fork())):
            by_account: dict[str, int] = defaultdict(int)
            for entry in todo:
                by_account[entry.account] += 1
            count = helpers.crew.count if helpers.crew is not None else tuning.processes()
            owned = crew.divide(sorted(by_account.items()), count,
                                first=tuning.FIRST_MEMBER_SHARE)
            if helpers.idle:  # forked before the read: handed what their shares need
                helpers.assign(owned).each(crewspare.take_over, crewspare.handed(owned))
            else:  # forked now, the members see the models this process loaded
                helpers.start(owned)
        if helpers.crew is None:
            return SerialCalls().render(project, today, todo, meanwhile)
        owner = {slug: i for i, share in enumerate(helpers.shares) for slug in share}
        shares: list[list[Share]] = [[] for _ in helpers.shares]
        later = later_done(project.calls)
        for entry in todo:
            if paths.call(entry.account, entry.slug) not in helpers.rendered:
                shares[owner.get(entry.account, 0)].append(
                    (entry.account, entry.slug, entry.path, later.get(entry.id)))
        if any(shares):
            helpers.crew.each(_render_share, [(today, jobs) for jobs in shares], meanwhile)
        else:
            meanwhile()
        return dict.fromkeys((paths.call(e.account, e.slug) for e in todo), ELSEWHERE)
