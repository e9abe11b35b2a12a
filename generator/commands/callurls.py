"""The served address of each call page a regeneration wrote: what `playbook serve` prints so
the rep can open the page of the plan just edited."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

from generator.problems import printable

SHOWN = 10  # a team-wide edit rewrites every call page: name a few, count the rest


def call_page_urls(written: Iterable[str], dev_addr: str) -> list[str]:
    """The served URLs of the call pages among written (paths relative to content/), sorted."""
    urls: list[str] = []
    for path in written:
        parts = PurePosixPath(path).parts
        if (len(parts) == 4 and parts[:2] == ("team", "calls") and parts[3].endswith(".md")
                and parts[3] != "index.md"):
            urls.append(f"http://{dev_addr}/team/calls/{parts[2]}/{parts[3][:-3]}/")
    return sorted(urls)


def updated_lines(written: Iterable[str], dev_addr: str) -> list[str]:
    """One `updated: URL` line a changed call page, at most SHOWN of them and then a count."""
    urls = call_page_urls(written, dev_addr)
    lines = [f"updated: {printable(url)}" for url in urls[:SHOWN]]
    if len(urls) > SHOWN:
        lines.append(f"updated: {len(urls) - SHOWN} more call pages")
    return lines
