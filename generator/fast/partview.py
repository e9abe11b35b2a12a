"""Index a part of the search from a folder holding only its pages.

Pagefind walks every file of the folder it is given and matches each against a part's glob,
so with the whole site it walked some 100,000 call folders for each of about fifty parts at
100,000 calls. Here a part's pages (partfiles.matched_files) are hard-linked, at the paths
they have in the site, into a folder of their own, a staging folder beside the site that the
next build removes if this one is killed; Pagefind reads that folder with the same glob and
writes into the site's own bundle folder. On a 100,005-page site a month's part took 3.8 to
5.7 s this way, against 4.4 to 7.2 s given the whole site, and the handbook's part 0.1 s
against 1.5 to 2.1 s: what a build that indexes one or two parts gains. The whole index, two
parts at a time, took as long either way within the noise, and at 10,000 calls a view costs
more than it saves: views are made from tuning.VIEW_FROM call pages (bench/README.md).

The plain twin is search.run_part: the same Pagefind run (search.pagefind) over the whole
site. Where the pages cannot be told (a link among them, a glob of another form) or linked
(another file system, no hard links), the part is indexed by the twin itself.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from generator.fast import tuning
from generator.fast.partfiles import Listings, matched_files
from generator.output import search
from generator.output.search import Part
from generator.output.staging import Staging


class PartView:
    """A PartRunner (search.py) that gives Pagefind a folder of a part's pages alone, in a
    site of `least` call pages or more. Its `listed` folders may be shared with the runner
    that keys the parts (searchparts.py), so the site's folders are listed once a build."""

    def __init__(self, listed: Listings | None = None, least: int = tuning.VIEW_FROM) -> None:
        self.listed: Listings = {} if listed is None else listed
        self.least = least
        self.viewed: list[str] = []
        """The bundles made from a view; any other part was made by the twin."""
        self._sizes: dict[Path, int] = {}

    def _big(self, site: Path) -> bool:
        """Whether `site` holds `least` call pages or more (counted once: its call folders do
        not change while it is indexed)."""
        if self.least <= 0:
            return True
        if site not in self._sizes:
            self._sizes[site] = sum(n for days in search.call_days(site).values()
                                    for n in days.values())
        return self._sizes[site] >= self.least

    def __call__(self, site: Path, part: Part) -> str:
        if not self._big(site):
            return search.run_part(site, part)
        try:
            files = matched_files(site, part.glob, self.listed)
        except OSError:
            files = None
        if files is None:
            return search.run_part(site, part)
        try:
            view = Staging(site)  # marked, and beside the site: one a kill leaves is removed
        except OSError:
            return search.run_part(site, part)
        try:
            try:
                link_pages(site, view.site, files)
            except OSError:
                return search.run_part(site, part)
            said = search.pagefind(site, part.glob, part.bundle, pages=view.site)
            self.viewed.append(part.bundle)
            return said
        finally:
            # Its marker goes last: a view that cannot be removed now, the next build removes.
            with contextlib.suppress(OSError):
                view.remove()


def link_pages(site: Path, view: Path, files: list[str]) -> None:
    """Hard-link each of `files` (paths in `site`) at its path in `view`; a link among them is
    linked as a link, never followed."""
    made: set[str] = set()
    top = str(view)
    for name in files:
        folder, _, _ = name.rpartition("/")
        if folder and folder not in made:
            # os: thousands of paths a part
            os.makedirs(os.path.join(top, folder), exist_ok=True)  # noqa: PTH103,PTH118
            made.add(folder)
        os.link(os.path.join(site, name), os.path.join(top, name),  # noqa: PTH118
                follow_symlinks=False)
