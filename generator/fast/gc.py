"""Build or load many objects at once without the cyclic garbage collector watching.

Loading 10,000 validated plans makes about a million objects; the collector would scan them
again and again as they pile up, which costs more than making them. None of them form cycles
that need collecting (pydantic models, dataclasses, dicts and lists of text), so the collector
is paused while they are made and resumed, exactly as it was, afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause cyclic garbage collection for the block; reference counting still frees memory."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Everything made in the block sits in the youngest generation, which the first
        # collection after it would scan whole; moved to the oldest at once, it is not.
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


@contextmanager
def settled() -> Iterator[None]:
    """Keep every object that exists as the block starts out of the collector's sight until it
    ends: made with the collector paused, a loaded project would otherwise be scanned whole,
    several times over, by the collections the rest of a run sets off."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
