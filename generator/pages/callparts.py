"""The tables and lines that link to other pages (a call page's next steps and objections, the
overdue next steps of rep and warning pages), in Python rather than in the template (see
render.py on why), every text escaped: HTML, their links as MkDocs writes them (callhtml.py
says why)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from markupsafe import Markup

from generator import paths
from generator.pages import escape
from generator.pages.callhtml import html_table
from generator.pages.units import quantity

if TYPE_CHECKING:
    import datetime as dt

    from generator.analyse.compare import ObjectionPair, Topic
    from generator.analyse.followup import OverdueStep
    from generator.models.call import Goal, NextStep
    from generator.models.team import Rep
    from generator.pages.calls import CallRow
    from generator.pages.render import Linker


def goal_list(plan: Iterable[Goal]) -> Markup:
    """`metric: target unit` of each goal, `; ` between."""
    text = escape.inline_text
    return Markup("; ".join([  # noqa: S704
        f"{text(g.metric)}: {text(quantity(g.target, g.unit))}" for g in plan]))


def owner_link(owner: str, reps: Mapping[str, Rep], url: Callable[[str], str]) -> str:
    """A next step's owner: a rep id shows as the rep's name, linked to the rep's page; any
    other owner is a customer's person, as written."""
    rep = reps.get(owner)
    text = escape.inline_text
    return f'<a href="{url(paths.rep(rep.id))}">{text(rep.name)}</a>' if rep else text(owner)


def next_steps(steps: Iterable[NextStep], reps: Mapping[str, Rep], rel: Linker,
               later: Mapping[int, tuple[dt.date, str]] | None = None) -> Markup:
    """The table of next steps: action, owner, due, done; an owner given as a rep id shows as
    the rep's name, linked to the rep's page (any other owner is a customer's person, as
    written). `later`: the steps a later debrief named done, by place, with its date and call
    page."""
    text = escape.inline_text
    rows = []
    for i, step in enumerate(steps):
        done = str(step.done or "–")
        if step.done is None and later and i in later:
            date, page = later[i]
            done = f'{date}, <a href="{rel.url(page)}">in a later debrief</a>'
        rows.append([text(step.action), owner_link(step.owner, reps, rel.url),
                     str(step.due or "–"), done])
    return Markup(html_table(["Next step", "Owner", "Due", "Done"], rows))  # noqa: S704


def overdue_table(found: Iterable[tuple[OverdueStep, CallRow]], reps: Mapping[str, Rep],
                  rel: Linker) -> Markup:
    """The table of open next steps past their due date: action, owner (a rep by name,
    linked), due, days overdue, and the call they were agreed at, linked by its title. HTML,
    as the tables of calls are (render.calls_table): a rep's page lists all of theirs."""
    text, url = escape.inline_text, rel.url
    rows = []
    for o, r in found:
        rows.append([text(o.step.action), owner_link(o.step.owner, reps, url), str(o.step.due),
                     f"{o.days} day{'' if o.days == 1 else 's'}",
                     f'<a href="{url(r.page)}">{text(r.title)}</a>, {r.date}'])
    return Markup(html_table(["Action", "Owner", "Due", "Overdue by", "Agreed at"],  # noqa: S704
                             rows))


def topic_links(topics: Iterable[Topic], library: str) -> Markup:
    """Each objection topic once, linked to its section of the library (`library`: the
    library's URL from the page, rel.url)."""
    text = escape.inline_text
    return Markup(" · ".join([  # noqa: S704 - anchors are made of a-z, 0-9 and '-'
        f'<a href="{library}#{t.anchor}">{text(t.label)}</a>' for t in topics]))


def expected_table(pairs: Iterable[ObjectionPair], library: str) -> Markup:
    """The table of the objections a plan expects, for a call not yet debriefed: topic (linked
    to the library, `library` as for topic_links), the objection, the planned response."""
    text = escape.inline_text
    return Markup(html_table(["Topic", "Objection expected", "Planned response"], [  # noqa: S704
        [f'<a href="{library}#{p.topic.anchor}">{text(p.topic.label)}</a>',
         text(p.expected.objection), text(p.expected.response)]
        for p in pairs if p.expected is not None]))
