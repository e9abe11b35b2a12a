"""Index a part of the search from a folder holding only its pages.

Pagefind walks every file of the folder it is given and matches each against a part's glob,
so with the whole site it walked some 100,000 call folders for each of about fifty parts at
100,000 calls. Here a part's pages (partfiles.matched_files) are hard-linked, at the paths
they have in the site, into a folder of their own, a staging folder beside the site that the
next build removes if this one is killed; Pagefind reads that folder with the same glob and
writes into the site's own bundle folder. A part of 1,932 pages of a 100,005-page site took
3.4 to 4.4 s this way, against 4.6 to 6.1 s given the whole site (bench/README.md).

The plain twin is search.run_part: the same Pagefind run (search.pagefind) over the whole
site. Where the pages cannot be told (a link among them, a glob of another form) or linked
(another file system, no hard links), the part is indexed by the twin itself.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from generator.fast.partfiles import Listings, matched_files
from generator.output import search
from generator.output.search import Part
from generator.output.staging import Staging


class PartView:
    """A PartRunner (search.py) that gives Pagefind a folder of a part's pages alone. Its
    `listed` folders may be shared with the runner that keys the parts (searchparts.py), so
    the site's folders are listed once a build."""

    def __init__(self, listed: Listings | None = None) -> None:
        self.listed: Listings = {} if listed is None else listed
        self.viewed: list[str] = []
        """The bundles made from a view; any other part was made by the twin."""

    def __call__(self, site: Path, part: Part) -> str:
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
