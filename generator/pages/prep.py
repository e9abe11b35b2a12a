"""The prep brief of each upcoming call ("Before this call"): what the account's earlier calls
and the team's record say, in a snippet its call page includes: one block of HTML, its links
and tables written as a call page's are (callhtml.py), so Python-Markdown passes it through.

A snippet of its own rather than part of the call page: a call page is made from its folder
alone (any process holding the folder renders it), while the brief also reads the team's
record of every objection. Its key says so (fast/keys.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence, Set
from typing import TYPE_CHECKING, NamedTuple

from markupsafe import Markup

from generator import paths
from generator.analyse import MIN_CALLS, ObjectionGroup
from generator.analyse.followup import AgreedStep, agreed
from generator.analyse.objections import ResponseRecord, normal
from generator.models.common import BuyingRole
from generator.models.project import CallEntry
from generator.output.write import KEEP
from generator.pages import escape
from generator.pages.callhtml import html_table
from generator.pages.callparts import owner_link
from generator.pages.calls import CallRow
from generator.pages.render import linker, render

if TYPE_CHECKING:
    from generator.models.team import Rep
    from generator.pages.site import Site

Url = Callable[[str], Markup]
"""A page's link to another page (render.Linker.url)."""

ROLES: tuple[BuyingRole, ...] = ("economic-buyer", "user", "technical-buyer", "coach")


class Expected(NamedTuple):
    """An objection the plan expects and what the team's record says of answering it."""

    objection: str
    best: str | None
    """The best-record response, only when it was tried at least MIN_CALLS times."""
    record: str
    section: str | None = None
    """The anchor of its section in the objection library; None when the team never met it."""


class Step(NamedTuple):
    step: AgreedStep
    call: CallRow
    overdue: bool


class Raised(NamedTuple):
    """An objection raised at an earlier call here, as its brief holds it."""

    objection: str
    response: str | None
    worked: str | None


class Lessons(NamedTuple):
    to_improve: tuple[str, ...]
    next_time: tuple[str, ...]


def expected(objection: tuple[str | None, str, str], groups: dict[str, ObjectionGroup]) -> Expected:
    """The team's best answer to one expected objection: the objection library's own choice
    (`ObjectionGroup.best`, under the one small-sample rule); where it names none, the best so
    far with its count and why it is not named."""
    topic, text, _ = objection
    group = groups.get(topic or normal(text))
    if group is None:
        return Expected(text, None, "no response to it has worked yet")
    best = group.best
    if best is not None:
        return Expected(text, best.response, _record(best), group.anchor)
    so_far = next((r for r in group.responses if r.worked or r.partly), None)
    if so_far is None:
        return Expected(text, None, "no response to it has worked yet", group.anchor)
    return Expected(text, None, f"too few calls to say: the best so far {_record(so_far)}; the "
                    f"team names a best answer once it was tried {MIN_CALLS} times", group.anchor)


def _record(response: ResponseRecord) -> str:
    """'worked 3 of 5 tries, 1 partly': the count behind a response, in words."""
    tries = "try" if response.tried == 1 else "tries"
    partly = f", {response.partly} partly" if response.partly else ""
    return f"worked {response.worked} of {response.tried} {tries}{partly}"


def prep_snippet(site: Site, entry: CallEntry, earlier: Sequence[CallEntry],
                 later: Sequence[CallEntry], groups: dict[str, ObjectionGroup]) -> str:
    """The brief of `entry`, from the account's `earlier` calls (oldest first) and the team's
    objection `groups` by key; `later` gives the next call. From the calls' briefs alone: no
    whole call is loaded."""
    today = site.today
    held = [c for c in earlier if c.brief.date < today]
    previous = held[-1] if held else None
    steps: list[Step] = []
    raised: list[tuple[CallRow, Raised]] = []
    for c in held:
        if not c.brief.debriefed:
            continue
        steps += [Step(s, site.row(c), s.due is not None and s.due < today)
                  for s in agreed(c, site.closed) if s.done is None or s.done >= today]
        raised += [(site.row(c), Raised(objection, response, worked))
                   for _, objection, response, worked in c.brief.raised]
    met = {role for c in held for role in c.brief.roles}
    lessons = None
    if previous is not None and previous.brief.debriefed:
        lessons = Lessons(previous.brief.to_improve, previous.brief.next_time)
    page = paths.call(entry.account, entry.slug)
    url = linker(page).url
    record = [expected(o, groups) for o in entry.brief.objections]
    reps = {r.id: r for r in site.project.team.reps}  # owners by name, not by id
    return render(
        "prep.md.j2", page, paths=paths,
        previous=site.row(previous) if previous else None, lessons=lessons,
        next_call=site.row(later[0]) if later else None, steps=steps, raised=raised,
        expected=record, steps_table=_steps_table(steps, reps, url),
        raised_table=_raised_table(raised, url), record_table=_record_table(record, url),
        unmet=[r for r in ROLES if r not in met])


# The brief's tables, in HTML as a call page's are (callparts.py): every text escaped, each
# link as MkDocs writes it from the call's page (`url`, render.Linker.url).

def _day(href: str, date: dt.date) -> str:
    """A link to the call of that date, kept on one line (a date column is the narrowest)."""
    return f'<span class="pb-day"><a href="{href}">{date}</a></span>'


def _steps_table(steps: Sequence[Step], reps: Mapping[str, Rep], url: Url) -> Markup:
    text = escape.inline_text
    rows = []
    for s in steps:
        due = f'<span class="pb-day">{s.step.due or "–"}</span>{" (overdue)" if s.overdue else ""}'
        rows.append([text(s.step.action), owner_link(s.step.owner, reps, url), due,
                     _day(url(s.call.page), s.call.date)])
    return Markup(html_table(["Next step", "Owner", "Due", "Agreed at"], rows))  # noqa: S704


def _raised_table(raised: Sequence[tuple[CallRow, Raised]], url: Url) -> Markup:
    text = escape.inline_text
    return Markup(html_table(["Objection", "Response used", "Worked?", "At"], [  # noqa: S704
        [text(o.objection), text(o.response or "–"), text(o.worked or "–"),
         _day(url(row.page), row.date)] for row, o in raised]))


def _record_table(record: Sequence[Expected], url: Url) -> Markup:
    text, library = escape.inline_text, url(paths.OBJECTIONS)
    return Markup(html_table(  # noqa: S704 - anchors are made of a-z, 0-9 and '-'
        ["Objection expected", "Best-record response", "Its record"],
        [[text(e.objection), text(e.best or "–"),
          f'<a href="{library}#{e.section}">{text(e.record)}</a>' if e.section
          else text(e.record)] for e in record]))


def prep_pages(site: Site, keep: Set[str]) -> dict[str, str]:
    """The prep snippet of every call still to come, but those in `keep`."""
    out: dict[str, str] = {}
    groups = {g.key: g for g in site.objections}
    for calls in site.by_account.values():
        for i, entry in enumerate(calls):
            if site.row(entry).standing.kind != "upcoming":
                continue
            page = paths.prep(entry.account, entry.slug)
            out[page] = KEEP if page in keep else prep_snippet(
                site, entry, calls[:i], calls[i + 1:], groups)
    return out

