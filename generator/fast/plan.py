"""The shortcuts a generate run takes, as one plan the spine (commands/generate.py) is given.

`plan()` gives Shortcuts, or, with every shortcut off (tuning.shortcuts()), their plain twin
Plain, which reads every file, keeps no page, forks nothing and trusts no cache. Both record
the same manifest, so the two write the same files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Set
from pathlib import Path
from typing import TYPE_CHECKING

from generator import paths
from generator.audience import TEAM
from generator.fast import tuning
from generator.fast.gc import paused_gc, settled
from generator.fast.uptodate import Inputs, last_result, scan
from generator.output.existing import Existing
from generator.output.write import WriteReport, foreign_files, reusable

if TYPE_CHECKING:
    from generator.fast import aside, crew
    from generator.models.project import Project
    from generator.output.write import Others
    from generator.pages.calls import CallPages
    from generator.pages.every import InsightPages
    from generator.problems import Problem
    from generator.read.project import Reader

# The stages and the crew are imported when a run needs them: one that finds nothing changed
# since the last should not pay for loading the models, YAML and Jinja.
# ruff: noqa: PLC0415


class Plain:
    """Every shortcut off: the serial twin of Shortcuts, each step done the plain way."""

    existing: Existing | None = None
    """What the generated subtree held as the run started, if read already."""

    def __init__(self, root: Path, content: Path, today: dt.date,
                 accounts: Set[str] | None, *, audience: str = TEAM) -> None:
        self.root, self.content, self.today, self.accounts = root, content, today, accounts
        self.audience = audience
        self.inputs: Inputs | None = None
        # Nothing on this machine vouches for a page, and nothing is recorded for later runs.
        self.existing = Existing(content / paths.ROOT, recorded=False)

    def last_result(self) -> tuple[int, WriteReport] | None:
        """(calls, report) of the last run when nothing it read changed since: never trusted."""
        return None

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        """The run's extent: what it started (processes, a paused collector) ends with it."""
        # Names and stats before anything is read: a file edited meanwhile is seen as changed
        # by the next run.
        self.inputs = scan(self.root, self.today, self.accounts, self.audience)
        yield

    @property
    def reader(self) -> Reader:
        """How the files are read: every one parsed in this process."""
        from generator.read.project import SerialReader

        return SerialReader()

    @property
    def calls(self) -> CallPages | None:
        """How the call pages are rendered: None, every one in this process."""
        return None

    @property
    def others(self) -> Others | None:
        """Who holds and writes the pages given as ELSEWHERE: nobody."""
        return None

    def settle(self) -> None:
        """What was read is there for the rest of the run (the fast plan hides it from GC)."""

    def reusable(self, keys: Mapping[str, str]) -> Set[str]:
        """Pages on disk written from the same keys, kept as they are: none."""
        return frozenset()

    def split(self, project: Project, keep: Set[str],
              ) -> Callable[[InsightPages], InsightPages] | None:
        """How the insights are worked out: here, with the other pages."""
        return None

    def record(self, project: Project, pages: Mapping[str, str]) -> dict[str, object]:
        """What the manifest records of this run, for the next one to tell whether it stands:
        what was read (its content signature) and what was made."""
        assert self.inputs is not None, "not running"
        run: dict[str, object] = dict(self.inputs.signatures(project.digests))
        run.update(calls=len(project.calls), pages=len(pages))
        return run

    def keep_alive(self, *made: object) -> None:
        """Objects for the end of the process to free (the fast plan leaves them to exit)."""


class Shortcuts(Plain):
    """Every shortcut: the last run stands if nothing it read changed; files from the model
    cache; a crew of processes for many files; pages kept by key; the insights aside; the
    collector kept off what was read. `held`: a list to leave the run's objects in, for a
    caller that ends the process right after."""

    def __init__(self, root: Path, content: Path, today: dt.date, accounts: Set[str] | None,
                 held: list[object] | None = None, *, audience: str = TEAM) -> None:
        super().__init__(root, content, today, accounts, audience=audience)
        self.held = held
        self.existing = Existing(content / paths.ROOT)
        self.helpers: crew.Helpers | None = None
        self._asides: list[aside.Aside[Mapping[str, str]]] = []
        self._stack = contextlib.ExitStack()
        self._reading = contextlib.ExitStack()

    def last_result(self) -> tuple[int, WriteReport] | None:
        with paused_gc():  # stats and names: many objects, no cycles among them
            self.inputs = scan(self.root, self.today, self.accounts, self.audience)
            last = last_result(self.content, self.inputs, self.existing)
        if last is None:
            return None
        calls, kept = last
        return calls, WriteReport(unchanged=kept, foreign=foreign_files(self.content, paths.ROOT))

    def record(self, project: Project, pages: Mapping[str, str]) -> dict[str, object]:
        run = super().record(project, pages)
        assert self.inputs is not None  # scanned by super().record
        self.inputs.record()  # the stat signature, in this machine's cache folder
        return run

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        from generator.fast import crew
        from generator.fast.cachefolders import template_cache
        from generator.fast.crewpages import EarlyPages
        from generator.pages.render import use_bytecode_cache

        use_bytecode_cache(template_cache())
        self.inputs = self.inputs or scan(self.root, self.today, self.accounts, self.audience)
        assert self.existing is not None  # read as the plan was made
        # A public run has no call or account page for the members to render as they read.
        self.early = EarlyPages(self.existing, self.today) if self.audience == TEAM else None
        with crew.helpers() as helpers, self._stack:
            self.helpers = helpers
            # No collector while the project is read and its models made (many objects, no
            # cycles among them), until settle().
            self._reading.enter_context(paused_gc())
            try:
                yield
            finally:
                self._reading.close()
                for aside in self._asides:
                    aside.cancel()  # nothing, if its result was taken
                self.helpers = None

    @property
    def reader(self) -> Reader:
        """The model cache, and a crew of processes when many files need parsing; members
        render their folders' pages as they read them."""
        from generator.fast.crewread import FastReader

        assert self.helpers is not None and self.inputs is not None, "not running"
        assert self.existing is not None  # read as the plan was made
        return FastReader(self.root, helpers=self.helpers, accounts=self.accounts,
                          early=self.early, stats=self.inputs.stats(),
                          renders_all=self.early is not None and not self.existing.stored_keys)

    @property
    def calls(self) -> CallPages | None:
        """The crew that read the files, or one started for many pages, or this process."""
        from generator.fast.crewpages import CrewCalls

        assert self.helpers is not None, "not running"
        return CrewCalls(self.helpers)

    @property
    def others(self) -> Others | None:
        """The crew's members, each holding the pages it rendered."""
        from generator.fast.crewpages import HeldPages

        members = self.helpers.crew if self.helpers is not None and not self.helpers.idle \
            else None  # a spare crew never handed a share holds no page
        return HeldPages(members) if members is not None else None

    def settle(self) -> None:
        self._reading.close()  # the collector back on, what was read moved out of its way
        self._stack.enter_context(settled())  # and kept out of its sight until the run ends

    def reusable(self, keys: Mapping[str, str]) -> Set[str]:
        return reusable(self.content, paths.ROOT, keys, self.existing)

    def split(self, project: Project, keep: Set[str],
              ) -> Callable[[InsightPages], InsightPages] | None:
        """The insights worked out in a forked process while this one renders the rest, for a
        big team whose overview must be rendered again, while no crew is at work or about to
        start (one renders the call pages when there are many)."""
        if len(project.calls) < tuning.ASIDE_FROM or paths.INSIGHTS in keep \
                or (self.helpers is not None and self.helpers.crew is not None):
            return None
        todo = sum(1 for c in project.calls if paths.call(c.account, c.slug) not in keep)
        if todo >= tuning.PARALLEL_RENDER_FROM:
            return None

        from generator.fast.aside import Aside

        def split(insights: InsightPages) -> InsightPages:
            # The overview there, the warnings (a list, no figures) here with the other pages.
            aside = Aside(lambda: insights(keep | {paths.WARNINGS}))
            self._asides.append(aside)
            return lambda kept: {**insights(kept | {paths.INSIGHTS}),
                                 paths.INSIGHTS: aside.result()[paths.INSIGHTS]}

        return split

    def keep_alive(self, *made: object) -> None:
        # Freeing them one by one as the run returns would cost a process that ends right
        # after more than the pages it wrote when one plan changed.
        if self.held is not None:
            self.held += [*made, self.existing, self.inputs]


def plan(root: Path, content: Path, today: dt.date, accounts: Set[str] | None = None,
         held: list[object] | None = None, *, audience: str = TEAM) -> Plain:
    """The shortcuts a run takes: all of them, or none when they are switched off."""
    if tuning.shortcuts():
        return Shortcuts(root, content, today, accounts, held, audience=audience)
    return Plain(root, content, today, accounts, audience=audience)


def read_whole(root: Path, *, use_cache: bool = True,
               tolerate: list[Problem] | None = None) -> Project:
    """The project, for a command that only reads (validate, report): through the model cache
    unless `use_cache` is False, by a crew when many files need parsing, with the collector
    paused while the models are made; read plainly when shortcuts are off. `tolerate`: as
    read_project's."""
    from generator.fast.crewread import FastReader
    from generator.read.project import read_project

    if not tuning.shortcuts():
        return read_project(root, tolerate=tolerate)
    with paused_gc():
        return read_project(root, reader=FastReader(root, use_cache=use_cache),
                            tolerate=tolerate)


def previews(plans: Path) -> bool:
    """Whether `playbook serve` previews some accounts rather than all: a big team, unless
    shortcuts are off."""
    from generator.read.discover import count_calls

    return tuning.shortcuts() and count_calls(plans) >= tuning.PREVIEW_FROM
