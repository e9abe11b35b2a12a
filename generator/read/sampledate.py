"""The day a sample team's plans are set on (`sample_date` in plans/team.yaml), if it names one.

A demo team's calls sit around one week of one year; built on that day, its "this week" and its
overdue debriefs show something true whenever it is built. A real team leaves the field out.
Read before anything else, as the day decides what the run is; a bad value is left for the
team file's validation to report, with its line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.read.load import load_file


def sample_date(plans: Path) -> dt.date | None:
    """plans/team.yaml's `sample_date`, or None when it has none (or none that is a date)."""
    doc, _ = load_file(plans / "team.yaml", "plans/team.yaml")
    if doc is None or not isinstance(doc.data, dict):
        return None
    value = doc.data.get("sample_date")
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
