"""What each page of the debrief archive but its index is made from (see keys.py).

A month's page and an outcome's month page list their calls, each as its row (the call's
file and its account's). An outcome's page lists no call: it shows, for each month, how many
debriefed calls ended in that outcome of how many that month, so it is keyed on those counts
alone, and a call's new title renders no outcome page again, only the month pages listing it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from generator import paths
from generator.analyse import month_of
from generator.models.project import CallEntry
from generator.vocabulary import OUTCOMES


def archive_parts(listed: Iterable[tuple[CallEntry, str]]) -> dict[str, list[str]]:
    """What each month, outcome and outcome-month page is keyed on (after the shared part),
    from each call with its row, in the order pages list them."""
    by_month: dict[str, list[str]] = defaultdict(list)
    by_outcome_month: dict[tuple[str, str], list[str]] = defaultdict(list)
    for call, row in listed:
        outcome = call.brief.outcome
        if outcome is None:
            continue
        month = month_of(call)
        by_month[month].append(row)
        by_outcome_month[outcome, month].append(row)
    keys: dict[str, list[str]] = {}
    for month, rows in by_month.items():
        page = paths.month(month)
        keys[page] = [f"\n{page}", *rows]
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
