"""A call's brief: what the lists and figures read of it, without its prose.

Every page drawn from all calls (indexes, archive, insights, warnings, objections) needs these
facts of 10,000s of calls, but none of the research, strategy or debrief text behind them; the
week and the prep briefs need a few words more (the next steps' actions, the debrief's lessons,
the plan's empty fields), so they read no whole call either. A brief is a flat tuple of plain
values, so the cache can keep every call's brief in one file that loads in a blink, and a run
that changed one plan loads no other call's whole model.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import operator
from typing import NamedTuple

from generator.models.call import Call

PLAN_FIELDS = ("advance", "minimum_action", "goals", "research", "strategy", "agenda",
               "questions", "objections", "materials", "practice", "roi")
"""Plan fields whose filling counts towards completeness (see how-we-measure.md)."""


class Brief(NamedTuple):
    """One call's facts: its plan's shape, its debrief's outcome, and the words lists show."""

    date: dt.date
    rep: str
    type: str
    title: str | None
    exemplary: bool
    roles: tuple[str, ...]
    """Buying roles of the attendees who have one."""
    filled: int
    """How many of PLAN_FIELDS the plan fills."""
    checklist: tuple[str, ...]
    effort: int | None
    goals: tuple[tuple[str, str, float], ...]
    """(metric, unit, target) of each planned goal."""
    objections: tuple[tuple[str | None, str, str], ...]
    """(topic, objection, response) of each planned objection."""
    outcome: str | None
    """None while the call has no debrief."""
    objective_met: str | None
    debrief_date: dt.date | None
    results: tuple[tuple[str, float], ...]
    """(metric, actual) of each goal result of the debrief."""
    raised: tuple[tuple[str | None, str, str | None, str | None], ...]
    """(topic, objection, response, worked) of each objection raised at the call."""
    steps: tuple[tuple[str, dt.date | None, dt.date | None], ...]
    """(owner, due, done) of each next step of the debrief."""
    felt: int | None
    """The rep's rating of how the call went for them, 1 to 5; None when not given."""
    closes: tuple[str, ...]
    """The debrief's steps_done: actions of earlier calls' next steps done by this call."""
    actions: tuple[str, ...]
    """The action of each next step, in the order of `steps`."""
    to_improve: tuple[str, ...]
    """The debrief's "what could have gone better"."""
    next_time: tuple[str, ...]
    """The debrief's "what changes next time"."""
    gaps: tuple[str, ...]
    """The PLAN_FIELDS the plan leaves empty."""
    facts: str = ""
    """A digest of every field above but those in WORDS: pages that show none of them (the
    insights, the objection library, the indexes) are keyed on it (see fast/keys.py)."""

    @property
    def debriefed(self) -> bool:
        return self.outcome is not None

    @classmethod
    def of(cls, call: Call) -> Brief:
        plan, debrief = call.plan, call.debrief
        brief = cls(
            call.date, call.rep, call.type, call.title, call.exemplary,
            tuple(p.role for p in call.attendees if p.role),
            sum(1 for name in PLAN_FIELDS if getattr(plan, name)),
            tuple(plan.checklist), plan.effort_minutes,
            tuple((g.metric, g.unit, g.target) for g in plan.goals),
            tuple((o.topic, o.objection, o.response) for o in plan.objections),
            debrief.outcome if debrief else None,
            debrief.objective_met if debrief else None,
            debrief.date if debrief else None,
            tuple((g.metric, g.actual) for g in debrief.goals) if debrief else (),
            tuple((o.topic, o.objection, o.response, o.worked) for o in debrief.objections)
            if debrief else (),
            tuple((s.owner, s.due, s.done) for s in debrief.next_steps) if debrief else (),
            debrief.felt if debrief else None,
            tuple(debrief.steps_done) if debrief else (),
            tuple(s.action for s in debrief.next_steps) if debrief else (),
            tuple(debrief.to_improve) if debrief else (),
            tuple(debrief.next_time) if debrief else (),
            tuple(name for name in PLAN_FIELDS if not getattr(plan, name)),
        )
        # repr of plain values (str, int, float, bool, None, dates, tuples of them) is exact.
        facts = repr(_facts(brief)).encode()
        return brief._replace(facts=hashlib.blake2b(facts, digest_size=12).hexdigest())


WORDS = ("title", "actions", "to_improve", "next_time", "gaps")
"""Brief fields left out of its facts: words only pages keyed on the call's whole file show
(its own rows and lists, the week, the prep briefs, the next steps overdue), or, for the
gaps, what `filled` already counts."""

_facts = operator.itemgetter(*(i for i, name in enumerate(Brief._fields)
                               if name not in (*WORDS, "facts")))
