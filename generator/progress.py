"""Progress bars for long steps, shown only when the command line turns them on."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

_enabled = False
MIN_ITEMS = 500  # shorter steps finish before a bar is worth drawing


def enable(on: bool) -> None:
    """Called by the CLI: bars for an interactive terminal, never in CI or a pipe."""
    global _enabled  # noqa: PLW0603 - one switch for the whole run, set once by the CLI
    _enabled = on


def track(items: Iterable[T], label: str, total: int) -> Iterator[T]:
    """Yield items, drawing a bar on stderr while they are consumed, if bars are on."""
    if not _enabled or total < MIN_ITEMS:
        yield from items
        return
    from rich.progress import Progress  # noqa: PLC0415 - only paid for when drawing bars

    with Progress(transient=True) as bar:
        task = bar.add_task(label, total=total)
        for item in items:
            yield item
            bar.advance(task)


@contextlib.contextmanager
def status(label: str) -> Iterator[None]:
    """A spinner with a label while a step with no countable items runs, if bars are on."""
    if not _enabled:
        yield
        return
    from rich.console import Console  # noqa: PLC0415

    with Console(stderr=True).status(label):
        yield
