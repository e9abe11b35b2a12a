"""Analyse: pure figures over a validated project, no I/O (`today` comes in as an argument).

Definitions match content/insights/how-we-measure.md. One module per kind of figure.
"""

from generator.analyse.debriefs import Coverage, coverage
from generator.analyse.goals import GoalRecord, GoalTally, calls_tally, goal_records, goal_tally
from generator.analyse.objections import ObjectionGroup, ResponseRecord, objection_groups
from generator.analyse.outcomes import (
    COMPLETENESS_BANDS,
    EFFORT_BANDS,
    MIN_CALLS,
    NOT_RECORDED,
    Band,
    Rates,
    completeness,
    completeness_bands,
    effort_bands,
    enough,
    month_of,
    percent,
    rates,
    rates_by,
    reading,
    share,
    week_of,
)
from generator.models.brief import PLAN_FIELDS

__all__ = [
    "COMPLETENESS_BANDS", "EFFORT_BANDS", "MIN_CALLS", "NOT_RECORDED", "PLAN_FIELDS", "Band",
    "Coverage", "GoalRecord", "GoalTally", "ObjectionGroup", "Rates", "ResponseRecord",
    "calls_tally", "completeness", "completeness_bands", "coverage", "effort_bands", "enough",
    "goal_records", "goal_tally", "month_of", "objection_groups", "percent", "rates", "rates_by",
    "reading", "share", "week_of",
]
