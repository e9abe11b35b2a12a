"""The parts of a call page written as HTML rather than Markdown, each one block, every text
escaped as in Markdown.

Why: MkDocs spends most of a call page's time in Python-Markdown, which runs some twenty inline
patterns over every paragraph, list item and table cell, and parses every `markdown`-attribute
block apart. A block of plain HTML is only tokenised and passed through (and the speed layer's
hook holds it out of even that: fast/rawblocks.py); for the same page that is about half the
work (bench/callpages.py). Each block is the HTML that Markdown made of the former Markdown, so
the page looks the same, but for the checklist, whose boxes the stylesheet draws (it looks the
same too). A block holds no blank line: Markdown would end it there.

Links to other pages are in the blocks too (callparts.py): MkDocs neither checks nor rewrites
a link in HTML, so each is written as MkDocs writes it (render.Linker.url, the same link for
the same pages), for a site with directory URLs, which `playbook build` holds to. They lead to
pages the same run writes (an account, a rep, a call, the objection library's topics, whose
anchors are the library's headings' slugs), and the site tests follow every link of a built
site. The headings stay Markdown: MkDocs gives them their ids and permalinks. With the tables
of calls done the same way (render.calls_table), the 10,000-call team's site took 109 s in one
MkDocs process instead of 158 (bench/README.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import TYPE_CHECKING

from markupsafe import Markup

from generator.pages import escape
from generator.pages.units import quantity

if TYPE_CHECKING:
    from generator.analyse.compare import ObjectionPair
    from generator.models.call import Goal, GoalResult
    from generator.models.checklists import Phase


def html_paragraphs(value: object) -> Markup:
    """Longer text as escape.paragraphs gives it, its paragraphs closed and opened in HTML: for
    text inside a `<p>` of a block (the caller writes the first `<p>` and the last `</p>`)."""
    # str() first: Markup.replace would escape the tags it puts in.
    return Markup(str(escape.paragraphs(value)).replace("\n\n", "</p>\n<p>"))  # noqa: S704


def html_list(items: Iterable[str], tag: str = "ul") -> Markup:
    """A bullet (`ul`) or numbered (`ol`) list, each item escaped."""
    text = escape.inline_text
    return Markup("\n".join([f"<{tag}>", *[f"<li>{text(i)}</li>" for i in items],  # noqa: S704
                             f"</{tag}>"]))


def html_table(head: Iterable[str], body: Iterable[Iterable[str]]) -> str:
    # As Python-Markdown's tables writes a table: a line a tag, cells already escaped.
    lines = ["<table>", "<thead>", "<tr>", *[f"<th>{h}</th>" for h in head], "</tr>", "</thead>",
             "<tbody>"]
    for row in body:
        lines += ["<tr>", *[f"<td>{cell}</td>" for cell in row], "</tr>"]
    return "\n".join([*lines, "</tbody>", "</table>"])


def goal_table(pairs: Iterable[tuple[Goal, GoalResult | None]], debriefed: bool) -> Markup:
    """The goals' table: metric and target, and with a debrief the actual and its note."""
    text = escape.inline_text
    if not debriefed:
        return Markup(html_table(["Goal", "Target"], [  # noqa: S704 - every text escaped
            [text(g.metric), text(quantity(g.target, g.unit))] for g, _ in pairs]))
    rows = []
    for goal, result in pairs:
        actual = text(quantity(result.actual, goal.unit)) if result else "not reported"
        note = text(result.note or "") if result else ""
        rows.append([text(goal.metric), text(quantity(goal.target, goal.unit)), actual, note])
    return Markup(html_table(["Goal", "Target", "Actual", "Note"], rows))  # noqa: S704


_WORKED = {"yes": "Worked", "partly": "Partly worked", "no": "Did not work", None: "Not judged"}


def objection_boxes(pairs: Iterable[ObjectionPair], library: str) -> Markup:
    """Each objection expected beside the one raised on its topic: the topic's name, linked to
    its section of the library (`library`: the library's URL from the page, rel.url), then a
    row of two boxes, the plan's on the left; the stylesheet stacks them on a phone."""
    text = escape.inline_text
    out = []
    for p in pairs:
        out.append(f'<p class="pb-pair-topic"><strong><a href="{library}#{p.topic.anchor}">'
                   f"{text(p.topic.label)}</a></strong></p>\n")
        box = ['<div class="pb-pair">']
        e, r = p.expected, p.raised
        if e is not None:
            box += ["<div>", f'<p><span class="pb-side">Expected</span> "{text(e.objection)}"</p>',
                    f"<p><em>Planned response:</em> {html_paragraphs(e.response)}</p>", "</div>"]
        else:
            box += ["<div>", '<p><span class="pb-side">Not expected</span> '
                    "The plan did not foresee this one.</p>", "</div>"]
        if r is not None:
            box += ["<div>", f'<p><span class="pb-side">Raised</span> "{text(r.objection)}"</p>']
            if r.response:
                box.append(f"<p><em>Response used:</em> {html_paragraphs(r.response)}</p>")
            box += [f"<p><strong>{_WORKED[r.worked]}</strong></p>", "</div>"]
        else:
            box += ["<div>", '<p><span class="pb-side">Not raised</span></p>', "</div>"]
        out.append("\n".join([*box, "</div>\n"]))
    return Markup("\n".join(out))  # noqa: S704 - every text escaped above


def checklist(phases: Iterable[Phase], ticked: Set[str]) -> Markup:
    """The pre-sales checklist, out of search: each phase's title and its items, one `li` an
    item whose class says whether it is ticked; playbook.css draws the box and says "Done" or
    "To do" to a screen reader. A Markdown task list made three tags an item more (a label, a
    disabled checkbox, a box) and a `markdown` block of its own: a sixth of what MkDocs spent
    on a call page's Markdown (bench/README.md)."""
    text = escape.inline_text
    lines = ['<div class="pb-checklist" data-pagefind-ignore="all">',
             "<p><strong>Pre-sales checklist:</strong></p>"]
    for phase in phases:
        lines += [f"<p><em>{text(phase.title)}</em></p>", '<ul class="pb-ticks">']
        lines += [f'<li class="pb-{"done" if i.id in ticked else "todo"}">{text(i.text)}</li>'
                  for i in phase.items]
        lines.append("</ul>")
    return Markup("\n".join([*lines, "</div>"]))  # noqa: S704 - every text escaped
