"""The hand-written pages under content/: each one's title and what its front matter says of
who keeps it true (`owner`, a rep id) and how often it is re-read (`review_every`)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from generator import paths
from generator.models.handbook import HandbookPage, Interval

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n", re.DOTALL)
_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_INTERVAL = re.compile(r"(\d+)\s*(day|week|month|year)s?", re.IGNORECASE)


def interval(value: object) -> Interval | None:
    """'90 days', '6 months', '1 year', '2 weeks' (or a bare number of days); None otherwise."""
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return Interval(value, "day")
    match = _INTERVAL.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None or int(match.group(1)) <= 0:
        return None
    return Interval(int(match.group(1)), match.group(2).lower())


def read_page(path: str, text: str) -> HandbookPage:
    """What one page's text says of it (`path` is its path under content/)."""
    meta: object = {}
    problem = None
    body = text
    if found := _FRONT.match(text):
        body = text[found.end():]
        try:
            meta = yaml.safe_load(found.group(1)) or {}
        except yaml.YAMLError:
            meta, problem = {}, "its front matter is not valid YAML"
    if not isinstance(meta, dict):
        meta, problem = {}, "its front matter is not a mapping"
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        heading = _HEADING.search(body)
        title = heading.group(1) if heading else path
    owner = meta.get("owner")
    owner = owner.strip() if isinstance(owner, str) and owner.strip() else None
    raw = meta.get("review_every")
    every = interval(raw)
    if raw is not None and every is None and problem is None:
        problem = (f"review_every {str(raw)[:40]!r} is not a number of days, weeks, months "
                   "or years")
    return HandbookPage(path, title.strip(), owner, every, problem)


def _markdown(content: Path) -> list[Path]:
    """The .md files under content/, the generated subtree left unwalked (10,000s of pages
    there would cost more than the rest of a run that changed one plan)."""
    found = []
    for folder, folders, files in os.walk(content):  # links to folders not followed, as rglob
        if folder == str(content):
            folders[:] = [f for f in folders if f != paths.ROOT]
        found += [Path(folder, f) for f in files if f.endswith(".md")]
    return sorted(found)


def handbook_pages(content: Path) -> list[HandbookPage]:
    """Every hand-written page under content/ (not the generated subtree), by path."""
    found = []
    for file in _markdown(content):
        rel = file.relative_to(content).as_posix()
        if not file.is_file():
            continue
        try:
            text = file.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        found.append(read_page(rel, text))
    return found
