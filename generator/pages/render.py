"""Render page templates with a Jinja environment that escapes every value by default."""

from __future__ import annotations

import contextlib
import posixpath
from collections.abc import Iterable, MutableMapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import markupsafe
from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator import paths
from generator.analyse import percent
from generator.pages import escape
from generator.pages.callhtml import (
    checklist,
    goal_table,
    html_list,
    html_paragraphs,
    html_table,
    objection_boxes,
)
from generator.pages.callparts import (
    expected_table,
    goal_list,
    next_steps,
    overdue_table,
    topic_links,
)
from generator.pages.units import number, quantity
from generator.vocabulary import FELT

if TYPE_CHECKING:
    from generator.analyse.standing import Standing
    from generator.models.call import Material
    from generator.models.common import Person

OUTCOME_LABELS = {
    "order": "Order",
    "advance": "Advance",
    "continuation": "Continuation",
    "no-sale": "No sale",
}


# Our own markup, no text from a file; made once, as a page shows one or two.
_BADGES = {None: Markup('<span class="pb-badge pb-pending">no debrief yet</span>')} | {
    outcome: Markup(f'<span class="pb-badge pb-{outcome}">{label}</span>')  # noqa: S704
    for outcome, label in OUTCOME_LABELS.items()}


def badge(outcome: str | None) -> Markup:
    """An outcome badge; the outcome is a closed enum, never free text."""
    return _BADGES[outcome]


_PENDING = {"upcoming": "pb-upcoming", "due": "pb-pending", "overdue": "pb-overdue"}


def standing_badge(where: Standing) -> Markup:
    """The badge of a call with no debrief: upcoming, debrief due, or overdue by N days (our
    own words and a number, no text from a file)."""
    return Markup(  # noqa: S704
        f'<span class="pb-badge {_PENDING[where.kind]}">{where.label}</span>')


def row_badge(outcome: str | None, where: Standing) -> Markup:
    """The outcome's badge, or where the call stands while it has no debrief."""
    return _BADGES[outcome] if outcome is not None else standing_badge(where)


def _percent(value: float | None) -> str:
    return "–" if value is None else percent(value)


def calls_table(rows: Any, rel: Linker, account: bool = True, rep: bool = True,
                notes: Sequence[str | None] | None = None) -> Markup:
    """The table of calls shown on account, rep, archive and warning pages; `notes`, one per
    row, add a last column.

    Written in Python, in plain strings, rather than as a template macro: it renders every
    call several times, and outcome pages list thousands. And in HTML, its links as MkDocs
    writes them (callhtml.py says why): Python-Markdown ran its inline patterns over every cell
    of these tables, most of what a big team's rep, account and archive pages cost MkDocs.
    """
    text, url = escape.inline_text, rel.url
    head = ["Date", "Call", *(["Account"] if account else []), *(["Rep"] if rep else []),
            "Type", "Outcome", *(["Note"] if notes is not None else [])]
    body = []
    for i, r in enumerate(rows):
        cells = [str(r.date), f'<a href="{url(r.page)}">{text(r.title)}</a>']
        if account:
            cells.append(f'<a href="{url(r.account_page)}">{text(r.account_name)}</a>')
        if rep:
            cells.append(f'<a href="{url(r.rep_page)}">{text(r.rep_name)}</a>')
        cells += [str(r.type), str(row_badge(r.outcome, r.standing))]
        if notes is not None:
            cells.append(text(notes[i] or ""))
        body.append(cells)
    return Markup(html_table(head, body))  # noqa: S704 - every text cell escaped above


# The lists and tables of a call page, in Python rather than in the template, where every
# value costs several calls of Python functions; a big team renders thousands of call pages.
# Every value is escaped as {{ value }} is (escape.inline_text for text, escape.text for what
# may be something else), and what they return is marked safe once. They are filters, which
# Jinja calls directly (a function from the globals goes through Context.call).


def joined(values: Iterable[str], sep: str, form: str = "{}") -> Markup:
    """Each value escaped and put in `form`, joined by `sep` (both the template's own text)."""
    text = escape.inline_text
    return Markup(sep.join([form.format(text(v)) for v in values]))  # noqa: S704


def numbered(items: Iterable[str]) -> Markup:
    """A numbered list, `1. item` a line."""
    text = escape.inline_text
    return Markup("\n".join(  # noqa: S704
        [f"{i}. {text(item)}" for i, item in enumerate(items, 1)]))


def bullets(items: Iterable[str]) -> Markup:
    """A bullet list, `- item` a line."""
    text = escape.inline_text
    return Markup("\n".join([f"- {text(item)}" for item in items]))  # noqa: S704


def rows(records: Iterable[object], *fields: str, blank: str | None = None) -> Markup:
    """Table rows, one a record, of these fields; with `blank`, an empty field shows that."""
    text = escape.text
    lines = []
    for record in records:
        values = [getattr(record, f) for f in fields]
        if blank is not None:
            values = [v or blank for v in values]
        lines.append("| " + " | ".join([text(v) for v in values]) + " |")
    return Markup("\n".join(lines))  # noqa: S704


def people(attendees: Iterable[Person]) -> Markup:
    """`Name (title), role: notes` of each attendee, what one lacks left out, `; ` between."""
    text = escape.inline_text
    shown = []
    for p in attendees:
        one = text(p.name)
        if p.title:
            one += f" ({text(p.title)})"
        if p.role:
            one += f", {text(p.role)}"
        if p.notes:
            one += f": {text(p.notes)}"
        shown.append(one)
    return Markup("; ".join(shown))  # noqa: S704


def materials(items: Iterable[Material]) -> Markup:
    """Each material, a link where it has a URL, ` · ` between."""
    text = escape.inline_text
    return Markup(" · ".join([  # noqa: S704
        f"[{text(m.title)}]({escape.url(m.url)})" if m.url else text(m.title) for m in items]))


class _Environment(Environment):
    """Each template's globals in a plain dict rather than Jinja's ChainMap over the
    environment's: every render copies them into its context, and copying a ChainMap runs
    Python code for every name (some 5 µs a page). All the globals are set before a template
    is loaded, as Jinja asks of them anyway."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


@cache
def environment() -> Environment:
    """The one Jinja environment: strict about undefined names, escaping all output."""
    env = _Environment(
        loader=PackageLoader("generator.pages", "templates"),
        undefined=StrictUndefined,
        autoescape=False,  # output is Markdown; escape.finalize escapes every value
        finalize=escape.finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # The templates are the package's own files and change when its code does: checking
        # their times for every page (two stat calls, some 5 µs a page) buys nothing. A
        # template edited while `playbook serve` runs shows after a restart, as a module does.
        auto_reload=False,
    )
    env.filters.update(
        inline=escape.inline,
        paragraphs=escape.paragraphs,
        url=escape.url,
        badge=badge,
        standing_badge=standing_badge,
        call_badge=lambda r: row_badge(r.outcome, r.standing),
        number=number,
        percent=_percent,
        joined=joined,
        numbered=numbered,
        bullets=bullets,
        rows=rows,
        people=people,
        goal_list=goal_list,
        goal_table=goal_table,
        html_list=html_list,
        html_paragraphs=html_paragraphs,
        next_steps=next_steps,
        overdue_table=overdue_table,
        quantity=quantity,
        felt=lambda n: f"{n} of 5, {FELT[n]}",
        materials=materials,
        checklist=checklist,
        topic_links=topic_links,
        objection_boxes=objection_boxes,
        expected_table=expected_table,
    )
    env.globals["calls_table_py"] = calls_table
    return env


def _climb(base: list[str], parts: list[str], shared: int) -> list[str]:
    """The steps from folder `base` to `parts`: out of what the first `shared` parts do not
    have in common with base, then down; both clean (no '.', '..' or empty parts), so much
    cheaper than posixpath.relpath."""
    common = 0
    while common < min(len(base), shared) and base[common] == parts[common]:
        common += 1
    return [".."] * (len(base) - common) + parts[common:]


@cache
def _relative(here: str, target: str) -> str:
    # Both are paths under content/; the target's last part is a file, never a shared folder.
    parts = target.split("/")
    return "/".join(_climb(here.split("/") if here else [], parts, len(parts) - 1))


_SNIPPETS = f"{paths.ROOT}/snippets"


def page_url(page: str) -> str:
    """Where the site serves `page` (its path under content/), as MkDocs writes it with
    directory URLs: `a/b.md` at `a/b/`, `a/index.md` at `a/`, `index.md` at the top ("")."""
    folder, _, name = page.rpartition("/")
    if name == "index.md":
        return f"{folder}/" if folder else ""
    return f"{page.removesuffix('.md')}/"


class Linker:
    """Relative links from one page to others, both under content/: `rel(target)` in templates,
    `rel.plain(target)` where Python builds the text; `rel.url(target)` in HTML."""

    def __init__(self, page: str) -> None:
        self.here = posixpath.dirname(page)
        at = page_url(page)
        self._at = at[:-1].split("/") if at else []

    def __call__(self, target: str) -> Markup:
        return Markup(_relative(self.here, target))  # noqa: S704 - built from slugs

    def plain(self, target: str) -> str:
        return _relative(self.here, target)

    def url(self, target: str) -> Markup:
        """The link to `target` as MkDocs writes it into the page's HTML, for a link in a block
        of HTML, which MkDocs passes through as it stands. The site's URLs are directories
        (use_directory_urls, which `playbook build` holds to: output/urlstyle.py)."""
        if self.here.startswith(_SNIPPETS):  # included into other pages: no URL of its own
            raise ValueError(f"{self.here}: a snippet's links are Markdown, rel(target)")
        # What MkDocs' get_relative_url makes of the two pages' URLs; not cached, unlike
        # _relative: each page's links are its own, and a big team's would fill the cache.
        to = page_url(target)
        parts = to[:-1].split("/") if to else []
        steps = _climb(self._at, parts, len(parts))
        return markupsafe.escape("/".join(steps) + "/" if steps else "./")


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
