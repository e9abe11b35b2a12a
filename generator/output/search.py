"""Index a built site for its Search page with Pagefind: a static index in chunks, of which a
browser fetches a few small files per query, however many calls the team has.

The index is made from the staged HTML alone, after the engine has built it and before it
becomes site/, so what a build holds is what search finds (a public build has no call pages,
so its index has none), and it composes with any way the HTML was made or reused.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from generator import paths
from generator.output import tether
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
# The heading permalinks' pilcrow, and table headings (our words, which would run into every
# excerpt of a row).
_EXCLUDED = ".headerlink, thead"


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


def pagefind(site: Path, glob: str, bundle: str = BUNDLE) -> str:
    """One Pagefind run over the pages of `site` that `glob` matches, into site/`bundle`/.
    Returns what it warned; raises SearchError when it fails."""
    result = subprocess.run(
        tether.command("pagefind_bin", "--site", str(site), "--output-subdir", bundle,
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


PART_PAGES = 6000
"""Call pages per Pagefind run at most: Pagefind holds about 135 KB a page while it indexes
(measured at 10,000 calls), so a run of this many stays near 800 MB. Parts are not of equal
size (call_groups()), so the limit leaves room: 10,000 calls fit in two parts (of 4,925 and
5,075 pages in the benchmark's team), as many as a query's bytes were measured with."""
PARTS = "parts.json"
"""In the bundle: the folders of the other parts, which the Search page merges in."""


def call_groups(site: Path, most: int = PART_PAGES) -> list[list[str]]:
    """The call pages' account folders in groups of at most `most` pages (one account's pages
    never split), each in name order; one group when they all fit. A group may be empty.

    An account's group is a stable function of its name and the number of groups (its name's
    digest modulo that number), so adding, editing or removing one account's page changes its
    group only, and the others can be reused as they were indexed (fast/searchparts.py). The
    number is the fewest, from one per `most` pages, whose groups all stay within `most`
    pages: it changes only as the site crosses such a threshold."""
    calls = site / CALLS
    folders = sorted(d for d in calls.iterdir() if d.is_dir()) if calls.is_dir() else []
    sizes = [(f.name, sum(1 for _ in f.glob("*/index.html"))) for f in folders]
    runs = max(1, -(-sum(n for _, n in sizes) // most))
    while True:
        groups: list[list[str]] = [[] for _ in range(runs)]
        counts = [0] * runs
        for name, pages in sizes:
            slot = _slot(name, runs)
            groups[slot].append(name)
            counts[slot] += pages
        if max(counts) <= most or runs >= len(sizes):
            return groups
        runs += 1


def _slot(name: str, runs: int) -> int:
    """Which of `runs` groups an account's calls are indexed in."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big") % runs


def _calls_glob(accounts: list[str]) -> list[str]:
    return [f"{CALLS}/{name}/**/*.html" for name in accounts]


class Part(NamedTuple):
    """One Pagefind run of an index in parts: its folder in the site and the pages it reads."""

    bundle: str
    glob: str


PartRunner = Callable[[Path, Part], str]
"""Makes one part of the index in a staged site, returning what Pagefind warned: run_part()
does it plainly; a shortcut may instead put back a part whose pages' HTML it has indexed."""


def run_part(site: Path, part: Part) -> str:
    return pagefind(site, part.glob, part.bundle)


def index_parts(site: Path, most: int = PART_PAGES) -> list[Part]:
    """The runs that index a staged site, each over about `most` call pages at most
    (call_groups()), so Pagefind's memory stays bounded: the first over the handbook, the
    library and the first group of calls into pagefind/, the others into pagefind/part-N/."""
    groups = call_groups(site, most)
    first = searched_glob(site)[1:-1].split(",")
    first = [g for g in first if not g.startswith(f"{CALLS}/")] + _calls_glob(groups[0])
    parts = [Part(BUNDLE, "{" + ",".join(first) + "}")]
    # An empty group has no run; the others keep their numbers, so their runs may be reused.
    parts += [Part(f"{BUNDLE}/part-{i}", "{" + ",".join(_calls_glob(accounts)) + "}")
              for i, accounts in enumerate(groups[1:], start=1) if accounts]
    return parts


def index_site(site: Path, most: int = PART_PAGES, run: PartRunner = run_part) -> str:
    """The search of a staged site: each of index_parts() made by `run`, one after another,
    the other parts listed in pagefind/parts.json for the browser to merge, and the header
    index trimmed to the handbook. Returns what Pagefind warned."""
    parts = index_parts(site, most)
    said = [run(site, part) for part in parts]
    merged = [part.bundle.removeprefix(f"{BUNDLE}/") + "/" for part in parts[1:]]
    (site / BUNDLE / PARTS).write_text(json.dumps(merged), encoding="utf-8")
    trim_header_index(site)
    return "\n".join(filter(None, said))
