"""Every threshold of the speed layer in one place, and the one switch that turns it all off.

Each threshold says from how much work a shortcut pays for what it costs to start. With
PLAYBOOK_NO_SHORTCUTS set (or `playbook --no-cache`), none is taken: no cache is read or
trusted, no page is kept, no process is forked, and every command gives the same output.
"""

from __future__ import annotations

import os

SWITCH = "PLAYBOOK_NO_SHORTCUTS"
"""The environment variable that turns every shortcut off."""

PARALLEL_READ_FROM = 400
"""Files to parse before a crew of processes pays for its start-up."""

PARALLEL_RENDER_FROM = 400
"""Call pages to render before a crew of processes pays for its start-up."""

FIRST_MEMBER_SHARE = 0.8
"""The part of a fair share of call pages the first member of a crew renders: it renders
every other page meanwhile."""

ASIDE_FROM = 2000
"""Calls from which the insights, when they must be rendered again, are worked out in a forked
process while this one renders the other pages: their figures read every call."""

CREW_MAX = 4
"""Processes in a crew, and MkDocs processes in a split build, at most (one per core)."""


def processes() -> int:
    """How many processes work side by side (a crew's members, a split build's MkDocs
    processes, Pagefind's runs): one per core, at most CREW_MAX."""
    return min(os.cpu_count() or 1, CREW_MAX)


SPLIT_BUILD_FROM = 1000
"""Call pages before a build split across MkDocs processes pays for its start-up."""

PART_CALLS = 10_000
"""Call pages one MkDocs process of a split build holds at most: MkDocs keeps every page it
builds in memory until the end (about 35 KB a call page), so a bigger archive is built in more
parts than processes, taking turns, and the peak stays near a 10,000-call part's whatever the
size."""

STORE_THREADS = 2
"""Threads storing a build's pages at once (storepages.py): compressing an entry and writing it
let go of the interpreter, so two use a second core; more wait for the disk (10,000 pages:
7.5 to 9.7 s from one thread, 6.2 to 6.6 s from two, 5.9 s from three)."""

REMOVE_THREADS = 8
"""Threads removing a folder the build made (removal.py): removing files is system calls that
run side by side, so threads pay even on one core (100,000 page folders: 29 s from one thread,
15 s from eight, on two cores)."""

VIEW_FROM = 30_000
"""Call pages in a site from which each search part is indexed from a folder of its pages
alone (partview.py). Linking and removing that folder costs more than Pagefind's walk of a
small site saves: a month's part took 2.36 s from a view at 10,000 calls against 2.00 s given
the site (means of six, turn about), and 1.0 to 1.5 s less at 100,000."""

PREVIEW_FROM = 1000
"""Calls from which `playbook serve` previews some accounts, not all."""


def shortcuts() -> bool:
    """Whether shortcuts may be taken: not when the switch is set (to anything but '' or 0)."""
    return os.environ.get(SWITCH, "") in {"", "0"}
