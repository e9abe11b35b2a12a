"""Render page templates with a Jinja environment that escapes every value by default."""

from __future__ import annotations

import contextlib
import posixpath
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator import escape

OUTCOME_LABELS = {
    "order": "Order",
    "advance": "Advance",
    "continuation": "Continuation",
    "no-sale": "No sale",
}


_BADGES = {None: '<span class="pb-badge pb-pending">no debrief yet</span>'} | {
    outcome: f'<span class="pb-badge pb-{outcome}">{label}</span>'
    for outcome, label in OUTCOME_LABELS.items()}


def badge(outcome: str | None) -> Markup:
    """An outcome badge; the outcome is a closed enum, never free text."""
    return Markup(_BADGES[outcome])  # noqa: S704 - our own markup, no text from a file


def number(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.{max(digits, 1)}f}"
    return f"{int(value):,}"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def calls_table(rows: Any, rel: Linker, account: bool = True, rep: bool = True,
                notes: Sequence[str | None] | None = None) -> Markup:
    """The table of calls shown on account, rep, archive and warning pages; `notes`, one per
    row, add a last column.

    Written in Python, in plain strings, rather than as a template macro: it renders every
    call several times, and outcome pages list thousands.
    """
    text, link = escape.inline_text, rel.plain
    head = "| Date | Call |" + (" Account |" if account else "") + (" Rep |" if rep else "")
    lines = [head + " Type | Outcome |" + (" Note |" if notes is not None else ""),
             "|---|---|" + ("---|" if account else "") + ("---|" if rep else "") + "---|---|"
             + ("---|" if notes is not None else "")]
    for i, r in enumerate(rows):
        line = f"| {r.date} | [{text(r.title)}]({link(r.page)}) | "
        if account:
            line += f"[{text(r.account_name)}]({link(r.account_page)}) | "
        if rep:
            line += f"[{text(r.rep_name)}]({link(r.rep_page)}) | "
        line += f"{r.type} | {_BADGES[r.outcome]} |"
        if notes is not None:
            line += f" {text(notes[i] or '')} |"
        lines.append(line)
    return Markup("\n".join(lines))  # noqa: S704 - every text cell escaped above


@cache
def environment() -> Environment:
    """The one Jinja environment: strict about undefined names, escaping all output."""
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        undefined=StrictUndefined,
        autoescape=False,  # noqa: S701 - output is Markdown; escape.finalize escapes every value
        finalize=escape.finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        inline=escape.inline,
        paragraphs=escape.paragraphs,
        url=escape.url,
        badge=badge,
        number=number,
        percent=percent,
    )
    env.globals["calls_table_py"] = calls_table
    return env


@cache
def _relative(here: str, target: str) -> str:
    # Both are clean paths under content/ (no '.', '..' or empty parts): drop the common
    # folders and climb out of the rest; much cheaper than posixpath.relpath.
    base = here.split("/") if here else []
    parts = target.split("/")
    common = 0
    while common < min(len(base), len(parts) - 1) and base[common] == parts[common]:
        common += 1
    up = [".."] * (len(base) - common)
    return "/".join(up + parts[common:])


class Linker:
    """Relative links from one page to others, both under content/: `rel(target)` in templates,
    `rel.plain(target)` where Python builds the text."""

    def __init__(self, page: str) -> None:
        self.here = posixpath.dirname(page)

    def __call__(self, target: str) -> Markup:
        return Markup(_relative(self.here, target))  # noqa: S704 - built from slugs

    def plain(self, target: str) -> str:
        return _relative(self.here, target)


def linker(page: str) -> Linker:
    """Links from `page` (its path under content/) to other pages."""
    return Linker(page)


def use_bytecode_cache(folder: Path) -> None:
    """Keep compiled templates in folder, so a run does not compile them again."""
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        environment().bytecode_cache = FileSystemBytecodeCache(str(folder))


def render(template: str, page: str, **context: Any) -> str:
    """Render one page; `page` is its path under content/, for relative links."""
    text = environment().get_template(template).render(page=page, rel=linker(page), **context)
    return text.rstrip() + "\n"
