"""Index a built site for its Search page with Pagefind: a static index in chunks, one part
for the handbook and the objection library and one (or, for a big month, a few) per month of
calls, so that a browser searches the newest months first and fetches a few small files of
each part it searches, however many calls the team has.

The index is made from the staged HTML alone, after the engine has built it and before it
becomes site/, so what a build holds is what search finds (a public build has no call pages,
so its index has none), and it composes with any way the HTML was made or reused.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

from generator import paths
from generator.output import tether
from generator.output.atomic import atomic_write
from generator.output.parts import CALLS

BUNDLE = "pagefind"
"""The folder of the site the index (and Pagefind's search library) is written into."""

# What readers search: the hand-written pages, each call's page and the objection library. The
# other generated pages (lists, indexes, figures) repeat what the call pages say, and would make
# the index, and Pagefind's memory, grow with every list a call is on.
_NOT_SEARCHED = frozenset({paths.ROOT, "assets", "search", "stylesheets", "javascripts", BUNDLE})
_GENERATED = (CALLS, paths.OBJECTIONS.removesuffix(".md"))
# A page's own content: the header, nav and footer are the same on every page.
_ROOT_SELECTOR = "article"
# The heading permalinks' pilcrow; table headings (our words, which would run into every
# excerpt of a row); and on the objection library, its links to the calls and reps each answer
# was tried at (thousands of dates and names, each the words of a call page indexed on its own,
# which made the library's text, fetched whole when it is a result, grow with the calls).
# Only the library, of the pages searched, sits one folder below team/ and links so.
_EXCLUDED = '.headerlink, thead, a[href^="../calls/"], a[href^="../reps/"]'


class SearchError(Exception):
    """Pagefind failed; the message holds what it printed."""


def searched_glob(site: Path) -> str:
    """A Pagefind glob of the pages searched, read from the built site's own folders: the home
    page, every hand-written folder, the call pages and the objection library."""
    folders = sorted(d.name for d in site.iterdir() if d.is_dir() and d.name not in _NOT_SEARCHED)
    folders += [folder for folder in _GENERATED if (site / folder).is_dir()]
    return "{" + ",".join(["index.html", *(f"{name}/**/*.html" for name in folders)]) + "}"


# Pagefind's own search interfaces, which the Search page does not use (search.js is ours).
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
           "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
           "pagefind-highlight.js")


def pagefind(site: Path, glob: str, bundle: str = BUNDLE, pages: Path | None = None) -> str:
    """One Pagefind run over the pages of `site` that `glob` matches, into site/`bundle`/.
    `pages`: a folder the pages are read from instead, holding them at the paths they have
    in `site` (a folder of only the matched pages, which Pagefind walks faster than the whole
    site). Returns what it warned; raises SearchError when it fails."""
    where = (("--site", str(site), "--output-subdir", bundle) if pages is None else
             ("--site", str(pages), "--output-path", str((site / bundle).absolute())))
    result = subprocess.run(
        tether.command("pagefind_bin", *where,
                       "--root-selector", _ROOT_SELECTOR, "--exclude-selectors", _EXCLUDED,
                       "--glob", glob, "--quiet"),
        capture_output=True, text=True, check=False,
    )
    said = "\n".join(part.strip() for part in (result.stdout, result.stderr) if part.strip())
    if result.returncode != 0:
        raise SearchError(said or f"Pagefind exited with code {result.returncode}")
    for name in _UNUSED:
        (site / bundle / name).unlink(missing_ok=True)
    return said


HEADER_INDEX = "search/search_index.json"
"""The theme's header search index (MkDocs and ProperDocs), which a browser loads whole."""
_HEADER_KEEPS = (f"{paths.ROOT}/reference/",)


def header_index_kept(location: str) -> bool:
    """Whether the header search keeps a page: the handbook and the field reference, not the
    generated pages, which grow with the calls (the Search page has every call's words)."""
    return not location.startswith(f"{paths.ROOT}/") or location.startswith(_HEADER_KEEPS)


def trim_header_index(site: Path) -> None:
    """Leave only the pages header_index_kept() keeps in the theme's header search index, so
    that it stays the same size however many calls there are."""
    index = site / HEADER_INDEX
    if not index.is_file():
        return  # an engine with an index of its own, or none
    data = json.loads(index.read_text(encoding="utf-8"))
    data["docs"] = [doc for doc in data["docs"] if header_index_kept(doc["location"])]
    index.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")


PART_PAGES = 2000
"""Call pages per Pagefind run at most. A month of more calls than this is indexed in runs of
whole days (month_parts()), and an edit indexes again only the run holding its call: at
100,000 calls (about 7,500 a month) a run of at most 2,000 pages took 3.0 s after a plan edit
and 192 MB, where runs of at most 6,000 (two a month) took 7.0 s and 469 MB. A query of the
newest month merges each of its runs, so it fetches more: at most 582 KB of the three typical
queries there, against 458 KB (bench/README.md). A month of 2,000 calls or fewer, as every
month at 10,000 calls, is one part either way."""
BATCH_PAGES = 2000
"""Call pages the Search page searches at first, the newest months first (whole months, at
least one), and again each time the reader asks for earlier months: a query's bytes grow
with the pages searched, not with the team's archive (bench/README.md)."""
MONTHS = "months.json"
"""In the bundle: the months of calls, newest first, with their pages and parts, which the
Search page merges in as the reader asks for them."""

# A call page's folder is named by its plan file, which starts with the call's date
# (read/discover.py checks every name), so its month and day are in its path.
_CALL_FOLDER = re.compile(r"(\d{4}-\d{2})-(\d{2})-")


class Part(NamedTuple):
    """One Pagefind run of an index in parts: its folder in the site and the pages it reads."""

    bundle: str
    glob: str


class MonthParts(NamedTuple):
    """The calls of one month: how many pages, and the parts they are indexed in."""

    month: str
    pages: int
    parts: list[Part]


def call_days(site: Path) -> dict[str, dict[str, int]]:
    """The call pages of a built site by month and day (`2026-06` -> `03` -> pages)."""
    found: dict[str, dict[str, int]] = {}
    for account in _folders_in(site / CALLS):
        for call in _folders_in(account.path):
            if named := _CALL_FOLDER.match(call.name):
                days = found.setdefault(named[1], {})
                days[named[2]] = days.get(named[2], 0) + 1
    return found


def _folders_in(folder: Path | str) -> list[os.DirEntry[str]]:
    """The folders in `folder` (a link to one counts); none when it is no folder. What each
    entry is comes with the listing: no stat for each call's folder."""
    try:
        with os.scandir(folder) as entries:
            return [entry for entry in entries if entry.is_dir()]
    except (NotADirectoryError, FileNotFoundError):
        return []


def _day_runs(days: dict[str, int], most: int) -> list[list[str]]:
    """A month's days in order, cut into the fewest runs of whole days of about equal pages
    that each stay within `most` pages where a single day allows."""
    order = sorted(days)
    total = sum(days.values())
    runs_of = max(1, -(-total // most))
    while True:
        runs: list[list[str]] = [[] for _ in range(runs_of)]
        before = 0
        for day in order:  # by the pages before it: runs of equal shares, in order
            runs[before * runs_of // total].append(day)
            before += days[day]
        runs = [run for run in runs if run]
        if runs_of >= len(order) or max(sum(days[d] for d in r) for r in runs) <= most:
            return runs
        runs_of += 1


def month_parts(site: Path, most: int = PART_PAGES) -> list[MonthParts]:
    """Every month of calls, newest first, each indexed in one part (pagefind/month-2026-06/)
    or, past `most` pages, in parts of whole days (pagefind/month-2026-06-1/, -2/, ...).

    A month's parts depend on that month's pages alone, so an edited, added or removed call
    changes only the parts of its own month and the others can be reused as they were
    indexed (fast/searchparts.py)."""
    found = []
    for month, days in sorted(call_days(site).items(), reverse=True):
        runs = _day_runs(days, most)
        if len(runs) == 1:
            parts = [Part(f"{BUNDLE}/month-{month}", f"{{{CALLS}/*/{month}-*/**/*.html}}")]
        else:
            parts = [Part(f"{BUNDLE}/month-{month}-{n}", "{" + ",".join(
                f"{CALLS}/*/{month}-{day}-*/**/*.html" for day in run) + "}")
                for n, run in enumerate(runs, start=1)]
        found.append(MonthParts(month, sum(days.values()), parts))
    return found


PartRunner = Callable[[Path, Part], str]
"""Makes one part of the index in a staged site, returning what Pagefind warned: run_part()
does it plainly; a shortcut may instead put back a part whose pages' HTML it has indexed."""


def run_part(site: Path, part: Part) -> str:
    return pagefind(site, part.glob, part.bundle)


def _handbook_part(site: Path) -> Part:
    glob = [g for g in searched_glob(site)[1:-1].split(",") if not g.startswith(f"{CALLS}/")]
    return Part(BUNDLE, "{" + ",".join(glob) + "}")


def index_parts(site: Path, most: int = PART_PAGES,
                months: list[MonthParts] | None = None) -> list[Part]:
    """The runs that index a staged site: the first over the handbook and the objection
    library into pagefind/, then each month's calls, newest first (`months`, else
    month_parts())."""
    months = month_parts(site, most) if months is None else months
    return [_handbook_part(site), *(p for m in months for p in m.parts)]


def index_site(site: Path, most: int = PART_PAGES, run: PartRunner = run_part,
               batch: int = BATCH_PAGES, at_once: int = 1) -> str:
    """The search of a staged site: each of index_parts() made by `run`, the handbook's first
    and then the months', `at_once` at a time (each part writes only its own folder), the
    months listed in pagefind/months.json for the Search page (with `batch`, the call pages it
    searches at first), and the header index trimmed to the handbook. Returns what Pagefind
    warned, in the parts' order."""
    months = month_parts(site, most)
    handbook, *calls = index_parts(site, most, months)
    said = [run(site, handbook)]  # pagefind/ itself, which holds the months'
    if at_once > 1 and len(calls) > 1:
        pool = ThreadPoolExecutor(max_workers=at_once)  # Pagefind indexes on about one core
        try:
            said += list(pool.map(lambda part: run(site, part), calls))
        finally:  # interrupted: no run not yet started starts
            pool.shutdown(cancel_futures=True)
    else:
        said += [run(site, part) for part in calls]
    listed = [{"month": m.month, "pages": m.pages,
               "parts": [p.bundle.removeprefix(f"{BUNDLE}/") + "/" for p in m.parts]}
              for m in months]
    # Replaced whole, never through a link: an index of site/ itself leaves the old one there
    # for the Search page until the new one is whole.
    atomic_write(site / BUNDLE / MONTHS,
                 json.dumps({"batch": batch, "months": listed}).encode("utf-8"))
    trim_header_index(site)
    return "\n".join(filter(None, said))
