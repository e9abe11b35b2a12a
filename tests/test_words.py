"""Words a rep reads: units that agree with their number, people by name, totals only of
like units, and a field reference without code jargon."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Run

from generator.pages.reference import describe, field_sections
from generator.pages.units import quantity, unit_for


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (1, "dates", "date"), (2, "dates", "dates"), (2, "date", "dates"), (1, "meetings", "meeting"),
    (1, "people", "person"), (3, "person", "people"), (1, "criteria", "criterion"),
    (1, "pain points", "pain point"), (0, "meeting", "meetings"), (1.5, "hour", "hours"),
    (1, "companies", "company"), (2, "company", "companies"), (2, "box", "boxes"),
    (1, "USD", "USD"), (1, "%", "%"), (45, "min", "min"), (1, "status", "status"),
])
def test_a_unit_agrees_with_its_number(value: float, unit: str, shown: str) -> None:
    assert unit_for(value, unit) == shown


def test_a_quantity_reads_as_words() -> None:
    assert quantity(1, "dates") == "1 date"
    assert quantity(12500, "USD") == "12,500 USD"
    assert quantity(40, "%") == "40%"


def test_the_accounts_index_links_each_owner_by_name(project: Path, run: Run) -> None:
    assert run(project, "--today", "2026-04-01", "generate").exit_code == 0
    index = (project / "content/team/accounts/index.md").read_text(encoding="utf-8")
    assert "| [Dana Kowalski](../reps/dana-k.md) |" in index


def test_goal_totals_carry_their_unit_and_shares_are_not_added(project: Path, run: Run) -> None:
    call = (project / "plans/acme/2026-03-10-discovery.yaml").read_text(encoding="utf-8")
    goals = ("    - metric: talk-time share\n      target: 30\n      unit: \"%\"\n"
             "    - metric: decision date agreed\n      target: 1\n      unit: dates\n")
    results = ("    - metric: talk-time share\n      actual: 40\n"
               "    - metric: decision date agreed\n      actual: 1\n")
    call = call.replace("      unit: people\n", "      unit: people\n" + goals)
    call = call.replace("      actual: 1\n", "      actual: 1\n" + results, 1)
    for day in ("2026-03-10", "2026-03-17"):
        (project / f"plans/acme/{day}-discovery.yaml").write_text(
            call.replace("2026-03-10", day).replace("  date: 2026-03-11\n", ""),
            encoding="utf-8")
    result = run(project, "--today", "2026-04-01", "generate")
    assert result.exit_code == 0, result.stderr
    insights = (project / "content/team/insights/index.md").read_text(encoding="utf-8")
    table = insights.split("Metrics planned in more than one")[1].split("## Warnings")[0]
    assert "| decision date agreed | 2 | 2 | 2 of 2 | 2 dates | 2 dates |" in table
    assert "| talk-time share | 2 | 2 | 2 of 2 | – | – |" in table
    assert "60%" not in table and "70%" not in table


def test_the_field_reference_speaks_plain_words() -> None:
    sections = field_sections()
    shown = " ".join(f"{f['type']} {f['description']}" for s in sections for f in s["fields"])
    shown += " ".join(str(s["description"]) for s in sections)
    assert "`" not in shown and "&#96;" not in shown
    assert "mapping" not in shown
    assert "<code>price</code>" in shown
    assert describe(list[str]) == "a list of texts"
    plan = next(s for s in sections if s["title"] == "plan")
    goals = next(f for f in plan["fields"] if f["name"] == "goals")
    assert goals["type"] == "a list; each entry has the fields under plan.goals[]"
