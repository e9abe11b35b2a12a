"""Render page templates with a Jinja environment that escapes every value by default."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
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
    return env


def linker(page: str) -> Callable[[str], Markup]:
    """A function giving the relative link from `page` to another page, both under content/."""
    here = posixpath.dirname(page)

    def rel(target: str) -> Markup:
        return Markup(posixpath.relpath(target, here))  # noqa: S704 - built from slugs

    return rel


def render(template: str, page: str, **context: Any) -> str:
    """Render one page; `page` is its path under content/, for relative links."""
    text = environment().get_template(template).render(page=page, rel=linker(page), **context)
    return text.rstrip() + "\n"
