"""The project's own vocabulary, read from plans/: the checklist ids plans tick and the
objection topics they file objections under. The schema offers them to editors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from generator.models import Checklists, Topics
from generator.problems import Problem
from generator.read.discover import CHECKLISTS, TOPICS
from generator.read.load import load_file
from generator.read.project import DEFAULT_CHECKLISTS
from generator.read.validate import validate_document

_M = TypeVar("_M", Checklists, Topics)


@dataclass(frozen=True)
class Terms:
    """Ids a plan may use: the pre-sales checklist items, and the topics (None: free text)."""

    checklist: tuple[str, ...]
    topics: tuple[str, ...] | None


def read_terms(plans: Path) -> tuple[Terms | None, list[Problem]]:
    """The vocabulary of plans/ (its checklists, or the default ones, and its topics if it has
    a topics.yaml), or None and the problems that stop it being read."""
    checklists, problems = read_checklists(plans)
    topics: Topics | None = None
    if (plans / TOPICS).is_file():
        topics, more = _read(plans / TOPICS, f"{plans.name}/{TOPICS}", Topics)
        problems += more
    if problems or checklists is None:
        return None, problems
    return Terms(tuple(checklists.pre_sales_ids()),
                 tuple(topics.ids()) if topics is not None else None), []


def read_checklists(plans: Path) -> tuple[Checklists | None, list[Problem]]:
    """plans/checklists.yaml, or the default checklists when the team keeps none."""
    file = plans / CHECKLISTS
    return _read(file if file.is_file() else DEFAULT_CHECKLISTS, f"{plans.name}/{CHECKLISTS}",
                 Checklists)


def _read(file: Path, shown: str, model: type[_M]) -> tuple[_M | None, list[Problem]]:
    doc, problems = load_file(file, shown)
    if doc is None:
        return None, problems
    return validate_document(doc, model)
