"""How many processes a build splits its pages among: the split build's one rule."""

from __future__ import annotations

from pathlib import Path

from generator.fast import tuning
from generator.output.mkdocs import count_call_pages


def build_processes(content: Path) -> int:
    """How many MkDocs processes build the site: one per core (at most tuning.CREW_MAX) once
    there are enough call pages to share; one when shortcuts are off."""
    if not tuning.shortcuts() or count_call_pages(content) < tuning.SPLIT_BUILD_FROM:
        return 1
    return tuning.processes()
