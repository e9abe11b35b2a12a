"""What the site's search (Pagefind, run on the built HTML) files a call page under, and the
words of its tables as sentences, so a result's excerpt reads as text and not as table cells.

Pagefind decodes every entity in a filter or metadata value, however often it was escaped, and
a search UI may show the value as HTML: text from a file gets look-alike characters for `<`,
`>`, `"` and an `&` that could start an entity, so no decoding makes markup of it (and a straight
`"` in a filter value finds nothing in Pagefind 1.5).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from markupsafe import Markup

from generator.pages import escape
from generator.pages.render import OUTCOME_LABELS
from generator.pages.units import quantity

if TYPE_CHECKING:
    from generator.analyse.compare import Topic
    from generator.models.call import Call, Goal, GoalResult

NO_DEBRIEF = "No debrief yet"
"""The outcome filter's value for a call without a debrief."""

_LOOKALIKES = str.maketrans({"<": "\u2039", ">": "\u203a", '"': "\u201d"})
_ENTITY_START = re.compile(r"&(?=[#0-9A-Za-z])")


def lookalike(value: object) -> str:
    """Text that stays text however many times it is decoded, escaped as inline() does."""
    plain = _ENTITY_START.sub("\uff06", str(value).translate(_LOOKALIKES))
    return escape.inline_text(plain)


def outcome_label(call: Call) -> str:
    return OUTCOME_LABELS[call.debrief.outcome] if call.debrief else NO_DEBRIEF


def search_marks(call: Call, account: str, rep: str, topics: Iterable[Topic]) -> Markup:
    """A hidden block of the call's filters and metadata for the search, one value an element,
    from its text (never an attribute); its own words are not indexed."""
    values = [("filter", "Outcome", outcome_label(call)), ("filter", "Rep", rep),
              ("filter", "Account", account), ("filter", "Call type", call.type),
              ("filter", "Month", call.date.strftime("%Y-%m"))]
    values += [("filter", "Objection topic", t.label) for t in topics]
    values += [("meta", "date", str(call.date)), ("meta", "outcome", outcome_label(call)),
               ("meta", "account", account), ("meta", "rep", rep)]
    spans = [f'<span data-pagefind-{kind}="{name}">{lookalike(value)}</span>'
             for kind, name, value in values]
    return Markup("\n".join(  # noqa: S704 - names are ours, values made inert
        ['<div class="pb-search-marks" hidden data-pagefind-ignore="index">', *spans, "</div>"]))


def goal_sentences(pairs: Iterable[tuple[Goal, GoalResult | None]]) -> Markup:
    """Each goal as a sentence, for the search alone (the table shows it to readers): "Demos
    booked: target 2 demos, actual 1 demo. Note." Hidden from view, indexed."""
    text = escape.inline_text
    lines = []
    for goal, result in pairs:
        said = f"{text(goal.metric)}: target {text(quantity(goal.target, goal.unit))}"
        if result is not None:
            said += f", actual {text(quantity(result.actual, goal.unit))}"
            if result.note:
                said += f". {text(result.note.rstrip('. '))}"
        lines.append(f"<p>{said}.</p>")
    return Markup("\n".join(  # noqa: S704 - every text escaped
        ['<div class="pb-search-words" hidden>', *lines, "</div>"]))
