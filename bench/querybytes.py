"""What a browser fetches to answer a query on a built site's Search page: the site served on
127.0.0.1, Debian's Chromium driven by Playwright (never a downloaded browser), and every
response under pagefind/ counted from the browser's network events, from opening the page to
the first results shown.

A fresh browser context per query, so nothing comes from its cache: a reader's first query of a
visit (Pagefind's library and WebAssembly, months.json, the entry and meta of the handbook's
part and of each part of the newest months the page searches first, the chunks the words hit
in each, and the fragments of the first results). With `earlier`, the page's "Search earlier
months" is then pressed that many times, and what it fetched is counted too. Python's server
sends files as they are: the index files are compressed already, the scripts are not (a host
that compresses them sends about a third of their size).

    query_bytes(Path("site"), TYPICAL)  ->  [{"library": ..., "index": ..., "total": ...}, ...]
"""

from __future__ import annotations

import functools
import os
import threading
import urllib.parse
from collections import Counter
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("PLAYBOOK_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
TYPICAL = ["pilot", "security team approve", "overtime fuel saving"]
"""Three typical queries on a synthetic team (bench/synth.py): a common word, an objection's
words, and words of a debrief."""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def kind(url: str) -> str:
    """Which part of the search a file is: library (scripts, WebAssembly), entry (entry, meta,
    the list of parts), filter, index (word chunks) or fragment (a result's text)."""
    path = urllib.parse.urlparse(url).path.split("/pagefind/", 1)[1]
    folders = path.split("/")[:-1]
    for folder in ("filter", "index", "fragment"):
        if folder in folders:
            return folder
    return "entry" if path.endswith((".json", ".pf_meta")) else "library"


def _not_searched(status: str) -> int:
    """How many months the Search page's status says it did not search."""
    words = status.rsplit("(", 1)[-1].split()
    return int(words[0]) if status.endswith("not searched).") else 0


def query_bytes(site: Path, queries: list[str], outcome: str = "",
                earlier: int = 0) -> list[dict[str, int]]:
    """For each query (with the outcome filter set to `outcome`, when given, and earlier
    months searched `earlier` times), the bytes the browser received under pagefind/, by
    kind, and `total`; `months`, the months searched."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - the test extra's

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    found: list[dict[str, int]] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for query in queries:
                context = browser.new_context()
                page = context.new_page()
                sizes: dict[str, int] = {}

                def done(request: Any, sizes: dict[str, int] = sizes) -> None:
                    response = request.response()
                    if "/pagefind/" in request.url and response is not None:
                        # A worker's script has no body size reported: its Content-Length.
                        sizes[request.url.split("?")[0]] = max(
                            request.sizes()["responseBodySize"],
                            int(response.headers.get("content-length", "0")))

                page.on("requestfinished", done)
                page.goto(f"{base}/search/?query={urllib.parse.quote(query)}")
                status = page.locator("#pb-search-status")
                status.filter(has_text="found").wait_for(timeout=120_000)
                if outcome:
                    page.get_by_label("Outcome").select_option(outcome)
                    page.wait_for_timeout(500)
                    status.filter(has_text="found").wait_for(timeout=120_000)
                button = page.locator("#pb-search-earlier")
                for _ in range(earlier):
                    if button.is_hidden():
                        break
                    said = status.inner_text()
                    button.click()
                    page.wait_for_function(
                        "said => document.getElementById('pb-search-status').textContent"
                        " !== said", arg=said, timeout=120_000)
                page.wait_for_load_state("networkidle")
                searched = page.evaluate(
                    "[...document.querySelectorAll('#pb-filter-month option')].length - 1")
                left = status.inner_text()
                page.remove_listener("requestfinished", done)
                context.close()
                by_kind: Counter[str] = Counter()
                for url, size in sizes.items():
                    by_kind[kind(url)] += size
                found.append({**by_kind, "total": sum(by_kind.values()),
                              "months": searched - _not_searched(left)})
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return found


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(query_bytes(Path(sys.argv[1]), sys.argv[2:] or TYPICAL), indent=1))
    print(json.dumps(query_bytes(Path(sys.argv[1]), (sys.argv[2:] or TYPICAL)[:1], earlier=1),
                     indent=1))
