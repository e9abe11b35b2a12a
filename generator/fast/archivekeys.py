"""What each page of the debrief archive but its index is made from (see keys.py).

A week's page of a month and an outcome's month page list their calls, each as its row (the
call's file and its account's). A month's page and an outcome's page list no call: a month's
shows, for each of its weeks, how many debriefed calls it had and how many ended in each
outcome; an outcome's shows, for each month, how many debriefed calls ended in that outcome of
how many that month. They are keyed on those counts alone, so a call's new title renders no
month or outcome page again, only the week and outcome-month pages listing it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from generator import paths
from generator.analyse import month_of, week_of
from generator.models.project import CallEntry
from generator.vocabulary import OUTCOMES


def archive_parts(listed: Iterable[tuple[CallEntry, str]]) -> dict[str, list[str]]:
    """What each month, week, outcome and outcome-month page is keyed on (after the shared part),
    from each call with its row, in the order pages list them."""
    by_month: dict[str, list[str]] = defaultdict(list)
    by_week: dict[str, list[str]] = defaultdict(list)
    # a month's page shows, for each of its weeks, how many of its calls ended in each outcome
    week_outcomes: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    by_outcome_month: dict[tuple[str, str], list[str]] = defaultdict(list)
    for call, row in listed:
        outcome = call.brief.outcome
        if outcome is None:
            continue
        month = month_of(call)
        by_month[month].append(row)
        week = week_of(call)
        by_week[week].append(row)
        week_outcomes[month][week][outcome] += 1
        by_outcome_month[outcome, month].append(row)
    keys: dict[str, list[str]] = {}
    for week, rows in by_week.items():
        page = paths.month_week(week)
        keys[page] = [f"\n{page}", *rows]
    for month, weeks in week_outcomes.items():
        page = paths.month(month)
        keys[page] = [f"\n{page}", *(f"\n{w}:" + ",".join(str(counts[name]) for name in OUTCOMES)
                                      for w, counts in sorted(weeks.items()))]
    for (outcome, month), rows in by_outcome_month.items():
        page = paths.outcome_month(outcome, month)
        keys[page] = [f"\n{page}", *rows]
    # every outcome's page shows the month totals, and every debriefed call (the sentence)
    totals = "".join(f"\n{m}={len(rows)}" for m, rows in sorted(by_month.items()))
    for outcome in OUTCOMES:
        page = paths.outcome(outcome)
        shown = "".join(f"\n{m}:{len(by_outcome_month[outcome, m])}" for m in sorted(by_month)
                        if (outcome, m) in by_outcome_month)
        keys[page] = [f"\n{page}", totals, shown]
    return keys
