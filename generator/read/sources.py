"""Read YAML files into validated models: each file parsed, validated, and kept as a Source."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from generator.models import Call
from generator.models.brief import Brief
from generator.problems import Problem
from generator.progress import track
from generator.read.digests import digest
from generator.read.load import Document, load_bytes, load_file, read_file
from generator.read.validate import validate_document
from generator.read.yamlbuild import Loc


@dataclass
class Source:
    """A file that validated: its light value at hand (a call's brief, any other file's model),
    its whole model loaded when first asked for, and its document only if a cross-file check
    points into it.

    `fetch` gives the whole model of (display path, digest) kept elsewhere (a cache), or None;
    without it, or when it has none, the file is parsed again.
    """

    file: str
    path: str
    digest: str
    light: Any
    _value: Any = field(default=None, repr=False)
    fetch: Callable[[str, str], Any] | None = field(default=None, repr=False)
    _doc: Document | None = field(default=None, repr=False)

    @property
    def loaded(self) -> Any:
        """The whole model if it is in memory already, else None."""
        return self._value

    @property
    def value(self) -> Any:
        if self._value is None and self.fetch is not None:
            self._value = self.fetch(self.path, self.digest)
        if self._value is None:  # the shard was lost or damaged: read the file again
            display, content_digest, value, _ = parse_file((self.file, self.path, Call))
            if value is None or content_digest != self.digest:
                raise RuntimeError(f"{display} changed while it was being read; run again")
            self._value = value
        return self._value

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        if self._doc is None:
            self._doc, _ = load_file(self.file, self.path)
        return self._doc.where(loc, key=key) if self._doc else (1, 1)


def light_of(value: Any) -> Any:
    """What lists read of a model: a call's brief, any other model whole."""
    return Brief.of(value) if isinstance(value, Call) else value


Job = tuple[str, str, type[BaseModel]]
"""(path, display path, model) of a file to read."""
Parsed = tuple[str, str, Any, list[Problem]]
"""(display path, content digest, model or None, problems) of a file read."""


def parse_file(job: Job) -> Parsed:
    """Read, load and validate one file."""
    file, display, model = job
    raw, problems = read_file(file, display)  # refuses what is not a regular file first
    if raw is None:
        return display, digest(b""), None, problems
    # The digest is of the very bytes parsed: a cache never pairs a model with other content.
    doc, problems = load_bytes(raw, display)
    if doc is None:
        return display, digest(raw), None, problems
    value, problems = validate_document(doc, model)
    return display, digest(raw), value, problems


def parse(jobs: list[Job], problems: list[Problem], label: str | None = "Reading plans",
          ) -> dict[str, Source]:
    """Parse and validate files in this process; problems are appended."""
    sources: dict[str, Source] = {}
    files = {display: file for file, display, _ in jobs}
    parsed = (parse_file(job) for job in jobs)
    for display, content_digest, value, found in (
            track(parsed, label, len(jobs)) if label else parsed):
        problems.extend(found)
        if value is not None:
            sources[display] = Source(files[display], display, content_digest, light_of(value),
                                      value)
    return sources
