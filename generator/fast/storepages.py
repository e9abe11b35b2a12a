"""The pages a build made, stored for the next builds to keep (keeper.py), from a few threads.

A full build stores every page it built, after the engine and before the search, while nothing
else runs: compressing an entry and writing it let go of the interpreter, so a second thread
uses the otherwise idle core. One thread (tuning.STORE_THREADS = 1) is the serial twin, and
stores the same entries (tests/test_keep_pages.py).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from generator.fast import keepindex, tuning
from generator.fast.inplace import Identity, file_identity
from generator.fast.pagestore import Kept, PageStore

Built = tuple[str, str, str, str]
"""A page to store: its key, its path under content/, its URL and its output file."""


def store_pages(store: PageStore, site: Path, pages: list[Built], *,
                search: dict[str, str] | None, sitemap: dict[str, str] | None,
                done: Callable[[str, Kept, Identity], None]) -> None:
    """Store each page of `pages` whose output file `site` holds, with its search entries and
    sitemap entry (by URL); `done` is called, in this thread and in the pages' order, for each
    one stored. The first error (a full disk) stops the storing: no page not yet started is
    stored, and none is raised. An interrupt, too, starts no page more."""
    stop = threading.Event()

    def store_one(page: Built) -> tuple[str, Kept, Identity] | None:
        key, src, url, dest = page
        entry = sitemap.get(url, "") if sitemap is not None else ""
        try:
            if stop.is_set() or not (site / dest).is_file():
                return None
            with (site / dest).open("rb") as handle:
                html = handle.read()
                identity = file_identity(handle.fileno())
            kept = Kept(src, dest, (search or {}).get(url, ""), keepindex.undated(entry),
                        hashlib.sha256(html).hexdigest(), len(html))
            store.write(key, kept, html)
        except OSError:
            stop.set()
            return None
        return key, kept, identity

    pool = ThreadPoolExecutor(tuning.STORE_THREADS, thread_name_prefix="playbook-store")
    try:
        for stored in pool.map(store_one, pages):
            if stored is not None:
                done(*stored)
    finally:  # interrupted: no page not yet started is stored
        stop.set()
        pool.shutdown(cancel_futures=True)
