"""Read many YAML files into validated models: from the cache where a file is unchanged, across
processes where enough files need parsing for that to pay."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import stat as stat_module
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from generator.cache import Entry, ModelCache, digest
from generator.load import Document, Loc, load_bytes, load_file, read_file
from generator.models import Call
from generator.models.brief import Brief
from generator.problems import Problem
from generator.progress import track
from generator.validate import validate_document

PARALLEL_FROM = 400  # files to parse before a process pool pays for its start-up
_CHUNK = 64


@dataclass
class Source:
    """A file that validated: its light value at hand (a call's brief, any other file's model),
    its whole model loaded when first asked for, and its document only if a cross-file check
    points into it."""

    file: str
    path: str
    digest: str
    light: Any
    _value: Any = field(default=None, repr=False)
    _cache: ModelCache | None = field(default=None, repr=False)
    _doc: Document | None = field(default=None, repr=False)

    @property
    def loaded(self) -> Any:
        """The whole model if it is in memory already, else None."""
        return self._value

    @property
    def value(self) -> Any:
        if self._value is None:
            self._value = self._cache.model(self.path, self.digest) if self._cache else None
        if self._value is None:  # the shard was lost or damaged: read the file again
            display, content_digest, value, _ = _parse((self.file, self.path, Call))
            if value is None or content_digest != self.digest:
                raise RuntimeError(f"{display} changed while it was being read; run again")
            self._value = value
        return self._value

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        if self._doc is None:
            self._doc, _ = load_file(self.file, self.path)
        return self._doc.where(loc, key=key) if self._doc else (1, 1)


def light_of(value: Any) -> Any:
    """What the light cache keeps of a model: a call's brief, any other model whole."""
    return Brief.of(value) if isinstance(value, Call) else value


Job = tuple[str, str, type[BaseModel]]
Parsed = tuple[str, str, Any, list[Problem]]


def _parse(job: Job) -> Parsed:
    file, display, model = job
    raw, problems = read_file(file, display)  # refuses what is not a regular file first
    if raw is None:
        return display, digest(b""), None, problems
    # The digest is of the very bytes parsed: the cache never pairs a model with other content.
    doc, problems = load_bytes(raw, display)
    if doc is None:
        return display, digest(raw), None, problems
    value, problems = validate_document(doc, model)
    return display, digest(raw), value, problems


def _parse_all(jobs: list[Job]) -> list[Parsed]:
    workers = min(os.cpu_count() or 1, 4)
    # fork is cheap and sees the already-imported models; it is only safe with no other threads.
    if len(jobs) < PARALLEL_FROM or workers < 2 or threading.active_count() > 1:
        return list(track((_parse(job) for job in jobs), "Reading plans", len(jobs)))
    # This process parses a share too rather than wait: what it parses needs no sending back.
    own = len(jobs) // workers
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers - 1, mp_context=context) as pool:
        theirs = pool.map(_parse, jobs[own:], chunksize=_CHUNK)  # under way from here
        mine = (_parse(job) for job in jobs[:own])
        return list(track(itertools.chain(mine, theirs), "Reading plans", len(jobs)))


def read_files(jobs: list[Job], cache: ModelCache,
               problems: list[Problem]) -> dict[str, Source]:
    """Validated sources by display path; every problem is appended to `problems`."""
    sources: dict[str, Source] = {}
    todo = []
    stats: dict[str, os.stat_result] = {}
    for file, display, model in jobs:
        try:
            # Taken before parsing: a file changed after this point misses the cache next time.
            stat = stats[display] = os.stat(file)  # noqa: PTH116 - plain strings, see discover
        except OSError:
            todo.append((file, display, model))
            continue
        hit = cache.lookup(display, stat)
        if hit is None and stat_module.S_ISREG(stat.st_mode) and cache.knows(display):
            try:
                with open(file, "rb") as handle:  # noqa: PTH123 - plain strings, see discover
                    hit = cache.by_digest(display, stat, digest(handle.read()))
            except OSError:
                hit = None
        if hit is not None and isinstance(hit.light, Brief if model is Call else model):
            # Only a call's light value is a brief; any other file's is its model.
            whole = None if model is Call else hit.light
            sources[display] = Source(file, display, hit.digest, hit.light, whole, cache)
        else:
            todo.append((file, display, model))
    files = {display: file for file, display, _ in todo}
    for display, content_digest, value, found in _parse_all(todo):
        problems.extend(found)
        if value is None:
            continue
        light = light_of(value)
        sources[display] = Source(files[display], display, content_digest, light, value)
        if display in stats:
            stat = stats[display]
            cache.put(display, Entry(stat.st_mtime_ns, stat.st_size, content_digest, value),
                      light)
    return sources
