"""Render page templates with a Jinja environment that escapes every value by default."""

from __future__ import annotations

import contextlib
import posixpath
from collections.abc import Iterable, Mapping, MutableMapping, Sequence, Set
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator import escape, paths
from generator.units import unit_for

if TYPE_CHECKING:
    from generator.compare import ObjectionPair, Topic
    from generator.models.call import Goal, GoalResult, Material, NextStep
    from generator.models.checklists import Phase
    from generator.models.common import Person
    from generator.models.team import Rep

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


def number(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.{max(digits, 1)}f}"
    return f"{int(value):,}"


def quantity(value: float, unit: str) -> str:
    """A number and its unit as a rep reads them: "1 date", "2 dates", "40%", "12,500 USD"."""
    if unit == "%":
        return f"{number(value)}%"
    return f"{number(value)} {unit_for(value, unit)}"


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


def next_steps(steps: Iterable[NextStep], reps: Mapping[str, Rep], rel: Linker) -> Markup:
    """Table rows of next steps: action, owner, due; an owner given as a rep id shows as the
    rep's name, linked to the rep's page (any other owner is a customer's person, as written)."""
    text = escape.inline_text
    lines = []
    for step in steps:
        rep = reps.get(step.owner)
        owner = (f"[{text(rep.name)}]({rel.plain(paths.rep(rep.id))})" if rep
                 else text(step.owner))
        lines.append(f"| {text(step.action)} | {owner} | {step.due or '–'} |")
    return Markup("\n".join(lines))  # noqa: S704 - every text escaped, links from slugs


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


def goal_list(plan: Iterable[Goal]) -> Markup:
    """`metric: target unit` of each goal, `; ` between."""
    text = escape.inline_text
    return Markup("; ".join([  # noqa: S704
        f"{text(g.metric)}: {text(quantity(g.target, g.unit))}" for g in plan]))


def goal_targets(plan: Iterable[Goal]) -> Markup:
    """Table rows of each goal and its target, for a call not yet debriefed."""
    text = escape.inline_text
    return Markup("\n".join([  # noqa: S704 - every text escaped
        f"| {text(g.metric)} | {text(quantity(g.target, g.unit))} |" for g in plan]))


def goal_rows(pairs: Iterable[tuple[Goal, GoalResult | None]]) -> Markup:
    """Table rows of each goal against its result: metric, target, actual, note."""
    text = escape.inline_text
    lines = []
    for goal, result in pairs:
        actual = text(quantity(result.actual, goal.unit)) if result else "not reported"
        note = text(result.note or "") if result else ""
        lines.append(f"| {text(goal.metric)} | {text(quantity(goal.target, goal.unit))} "
                     f"| {actual} | {note} |")
    return Markup("\n".join(lines))  # noqa: S704


def topic_links(topics: Iterable[Topic], library: str) -> Markup:
    """Each objection topic once, linked to its section of the library (`library`: its link)."""
    text = escape.inline_text
    return Markup(" · ".join([  # noqa: S704 - anchors are made of a-z, 0-9 and '-'
        f"[{text(t.label)}]({library}#{t.anchor})" for t in topics]))


_WORKED = {"yes": "worked", "partly": "partly worked", "no": "did not work", None: "not judged"}


def objection_pairs(pairs: Iterable[ObjectionPair], library: str) -> Markup:
    """Each objection expected beside the one raised on its topic: a row of two boxes under the
    topic's name, the plan's on the left; the stylesheet stacks them on a phone."""
    text, more = escape.inline_text, escape.paragraphs
    out = []
    for p in pairs:
        out.append(f'<p class="pb-pair-topic" markdown><strong>[{text(p.topic.label)}]'
                   f'({library}#{p.topic.anchor})</strong></p>\n\n<div class="pb-pair" markdown>')
        e, r = p.expected, p.raised
        if e is not None:
            out.append(f'<div markdown>\n<span class="pb-side">Expected</span> '
                       f'"{text(e.objection)}"\n\n*Planned response:* {more(e.response)}\n</div>')
        else:
            out.append('<div markdown>\n<span class="pb-side">Not expected</span> '
                       'The plan did not foresee this one.\n</div>')
        if r is not None:
            used = f"\n\n*Response used:* {more(r.response)}" if r.response else ""
            out.append(f'<div markdown>\n<span class="pb-side">Raised</span> '
                       f'"{text(r.objection)}"{used}\n\n**{_WORKED[r.worked].capitalize()}**'
                       '\n</div>')
        else:
            out.append('<div markdown>\n<span class="pb-side">Not raised</span>\n</div>')
        out.append("</div>\n")
    return Markup("\n".join(out))  # noqa: S704 - every text escaped above


def expected_rows(pairs: Iterable[ObjectionPair], library: str) -> Markup:
    """Table rows of the objections a plan expects, for a call not yet debriefed: topic (linked
    to the library), the objection, the planned response."""
    text = escape.inline_text
    return Markup("\n".join([  # noqa: S704 - every text escaped
        f"| [{text(p.topic.label)}]({library}#{p.topic.anchor}) | {text(p.expected.objection)} "
        f"| {text(p.expected.response)} |" for p in pairs if p.expected is not None]))


def materials(items: Iterable[Material]) -> Markup:
    """Each material, a link where it has a URL, ` · ` between."""
    text = escape.inline_text
    return Markup(" · ".join([  # noqa: S704
        f"[{text(m.title)}]({escape.url(m.url)})" if m.url else text(m.title) for m in items]))


def checklist(phases: Iterable[Phase], ticked: Set[str]) -> Markup:
    """Each phase's title and its items, ticked or not, one a line; a blank line after each."""
    text = escape.inline_text
    return Markup("".join([  # noqa: S704
        f"*{text(phase.title)}*\n\n"
        + "".join([f"- [{'x' if i.id in ticked else ' '}] {text(i.text)}\n" for i in phase.items])
        + "\n"
        for phase in phases]))


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
        loader=PackageLoader("generator", "templates"),
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
        number=number,
        percent=percent,
        joined=joined,
        numbered=numbered,
        bullets=bullets,
        rows=rows,
        people=people,
        goal_list=goal_list,
        goal_rows=goal_rows,
        goal_targets=goal_targets,
        next_steps=next_steps,
        quantity=quantity,
        materials=materials,
        checklist=checklist,
        topic_links=topic_links,
        objection_pairs=objection_pairs,
        expected_rows=expected_rows,
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
