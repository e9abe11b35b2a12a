"""Render page templates with a Jinja environment that escapes every value by default."""

from __future__ import annotations

import contextlib
import posixpath
from collections.abc import Callable
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


def badge(outcome: str | None) -> Markup:
    """An outcome badge; the outcome is a closed enum, never free text."""
    if outcome is None:
        return Markup('<span class="pb-badge pb-pending">no debrief yet</span>')
    label = OUTCOME_LABELS[outcome]
    return Markup(f'<span class="pb-badge pb-{outcome}">{label}</span>')  # noqa: S704


def number(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.{max(digits, 1)}f}"
    return f"{int(value):,}"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def calls_table(rows: Any, rel: Callable[[str], Markup], account: bool = True,
                rep: bool = True) -> Markup:
    """The table of calls shown on account, rep, archive and warning pages.

    Written in Python rather than as a template macro: it renders every call several times.
    """
    inline = escape.inline
    head = "| Date | Call |" + (" Account |" if account else "") + (" Rep |" if rep else "")
    lines = [head + " Type | Outcome |",
             "|---|---|" + ("---|" if account else "") + ("---|" if rep else "") + "---|---|"]
    for r in rows:
        cells = [str(r.date), f"[{inline(r.title)}]({rel(r.page)})"]
        if account:
            cells.append(f"[{inline(r.account_name)}]({rel(r.account_page)})")
        if rep:
            cells.append(f"[{inline(r.rep_name)}]({rel(r.rep_page)})")
        cells += [r.type, badge(r.outcome)]
        lines.append("| " + " | ".join(cells) + " |")
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
def _relative(here: str, target: str) -> Markup:
    # Both are clean paths under content/ (no '.', '..' or empty parts): drop the common
    # folders and climb out of the rest; much cheaper than posixpath.relpath.
    base = here.split("/") if here else []
    parts = target.split("/")
    common = 0
    while common < min(len(base), len(parts) - 1) and base[common] == parts[common]:
        common += 1
    up = [".."] * (len(base) - common)
    return Markup("/".join(up + parts[common:]))  # noqa: S704 - built from slugs


def linker(page: str) -> Callable[[str], Markup]:
    """A function giving the relative link from `page` to another page, both under content/."""
    here = posixpath.dirname(page)
    return lambda target: _relative(here, target)


def use_bytecode_cache(folder: Path) -> None:
    """Keep compiled templates in folder, so a run does not compile them again."""
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        environment().bytecode_cache = FileSystemBytecodeCache(str(folder))


def render(template: str, page: str, **context: Any) -> str:
    """Render one page; `page` is its path under content/, for relative links."""
    text = environment().get_template(template).render(page=page, rel=linker(page), **context)
    return text.rstrip() + "\n"
