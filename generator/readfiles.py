"""Read YAML files into validated models, or take them from the cache where a file is unchanged."""

from __future__ import annotations

import os
import stat as stat_module
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from generator.cache import Entry, ModelCache, digest
from generator.load import Document, load_bytes, load_file, read_file
from generator.models import Call
from generator.models.brief import Brief
from generator.problems import Problem
from generator.progress import track
from generator.validate import validate_document
from generator.yamlbuild import Loc


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


def lookup(jobs: list[Job], cache: ModelCache, known: Mapping[str, os.stat_result] | None = None,
           ) -> tuple[dict[str, Source], list[Job], dict[str, os.stat_result]]:
    """The files the cache has unchanged, as sources; the others, to parse; every file's stat,
    taken before it is parsed (a file changed after this misses the cache next time).
    `known` are lstats by display path taken earlier in the run: reused but for links."""
    sources: dict[str, Source] = {}
    todo = []
    stats: dict[str, os.stat_result] = {}
    known = known or {}
    for file, display, model in jobs:
        try:
            stat = known.get(display)
            if stat is None or stat_module.S_ISLNK(stat.st_mode):
                stat = os.stat(file)  # noqa: PTH116 - plain strings, see discover
            stats[display] = stat
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
    return sources, todo, stats


def parse(jobs: list[Job], stats: dict[str, os.stat_result], cache: ModelCache,
          problems: list[Problem], label: str | None = "Reading plans") -> dict[str, Source]:
    """Parse and validate files in this process, into the cache; problems are appended."""
    sources: dict[str, Source] = {}
    files = {display: file for file, display, _ in jobs}
    parsed = (_parse(job) for job in jobs)
    for display, content_digest, value, found in (
            track(parsed, label, len(jobs)) if label else parsed):
        problems.extend(found)
        if value is None:
            continue
        light = light_of(value)
        sources[display] = Source(files[display], display, content_digest, light, value)
        if display in stats:
            stat = stats[display]
            cache.put(display, Entry.of(stat, content_digest, value), light)
    return sources
