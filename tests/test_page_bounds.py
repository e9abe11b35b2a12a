"""The warnings page and the objection library stay the same size however many calls a team
has: each keeps every count, lists the newest or most urgent few, and says where the rest are
(the reps' pages for the warnings; the Search page's topic filter for the library)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from pathlib import Path

import pytest

from generator import paths
from generator.commands.generate import generate
from generator.pages.alertpage import SHOWN_WARNINGS
from generator.pages.library import SHOWN_AT, SHOWN_CALLS, SHOWN_PLANNED

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 26)
SMALL, LARGE = 120, 360  # both teams have the synthetic team's four reps


def synthetic(out: Path, calls: int) -> dict[str, str]:
    spec = importlib.util.spec_from_file_location("synth", REPO / "bench" / "synth.py")
    assert spec and spec.loader
    synth = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synth)
    synth.make_team(out, calls)
    generate(out, TODAY)
    content = out / "content"
    pages = [paths.WARNINGS, paths.OBJECTIONS, *(paths.rep(f"rep-{i:02d}") for i in range(4))]
    return {p: (content / p).read_text(encoding="utf-8") for p in pages}


@pytest.fixture(scope="module")
def teams(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], dict[str, str]]:
    return (synthetic(tmp_path_factory.mktemp("small"), SMALL),
            synthetic(tmp_path_factory.mktemp("large"), LARGE))


def call_links(text: str) -> list[str]:
    return re.findall(r"\]\((?:\.\./)*calls/[^)#]+\.md\)", text)


def sections(page: str) -> dict[str, str]:
    parts = re.split(r"^## .* \{ #([a-z0-9-]+) \}$", page, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


@pytest.mark.parametrize("page", [paths.WARNINGS, paths.OBJECTIONS])
def test_the_page_does_not_grow_with_the_calls(
        teams: tuple[dict[str, str], dict[str, str]], page: str) -> None:
    small, large = teams[0][page], teams[1][page]
    assert len(large) < 1.2 * len(small)  # three times the calls
    if page == paths.WARNINGS:  # five rules and the next steps; the table by rep links reps
        assert len(call_links(large)) <= 6 * SHOWN_WARNINGS
    else:  # per topic: each response's newest, each planned response's, and the newest calls
        for body in sections(large).values():
            responses = body.count("\n| ") - 1
            assert len(call_links(body)) <= ((responses + SHOWN_PLANNED) * SHOWN_AT
                                             + SHOWN_CALLS)


def test_each_rule_keeps_its_count_and_the_reps_pages_list_the_rest(
        teams: tuple[dict[str, str], dict[str, str]]) -> None:
    pages = teams[1]
    warnings = sections(pages[paths.WARNINGS])
    reps = [pages[paths.rep(f"rep-{i:02d}")] for i in range(4)]
    trimmed = 0
    for rule in ("no-debrief", "no-goals", "no-economic-buyer", "stalled",
                 "next-steps-overdue"):
        heading = re.search(rf"^## .* \((\d+)\) \{{ #{rule} \}}$", pages[paths.WARNINGS],
                            flags=re.M)
        assert heading, rule
        count = int(heading[1])
        shown = max(0, warnings[rule].count("<tr>") - 1)  # less the heading row
        assert shown == min(count, SHOWN_WARNINGS), rule
        if count > SHOWN_WARNINGS:
            trimmed += 1
            assert f"And {count - SHOWN_WARNINGS} more, on the reps' pages" in warnings[rule]
        # every rep's share of the rule, on their page under the rule's anchor
        on_reps = 0
        for page in reps:
            found = re.search(rf"^###? .* \((\d+)\) \{{ #{rule} \}}$", page, flags=re.M)
            on_reps += int(found[1]) if found else 0
        assert on_reps == count, rule
    assert trimmed >= 2  # the synthetic team has more than a page's worth of some rules
    table = warnings["by-rep"]
    assert table.count("](../reps/rep-") >= 4


def test_each_response_keeps_its_counts_and_names_the_newest_calls(
        teams: tuple[dict[str, str], dict[str, str]]) -> None:
    library = sections(teams[1][paths.OBJECTIONS])
    assert library
    for body in library.values():
        rows = [line for line in body.splitlines()
                if line.startswith("| ") and not line.startswith("| Response used")]
        for row in rows:
            cells = [c.strip() for c in row.strip("|").split("|")]
            tried, at = int(cells[1]), cells[-1]
            dates = re.findall(r"\[(\d{4}-\d\d-\d\d)\]", at)
            assert 1 <= len(dates) <= SHOWN_AT
            assert dates == sorted(dates, reverse=True)
            more = re.search(r" and (\d+) more$", at)
            assert len(dates) + (int(more[1]) if more else 0) <= tried
        planned = body.split('??? note "Planned responses (')
        if len(planned) > 1:
            items = [line for line in planned[1].splitlines() if line.startswith("    - ")]
            assert 1 <= len(items) <= SHOWN_PLANNED
            for item in items:
                assert len(call_links(item)) <= SHOWN_AT
        calls = re.search(r"^Calls \(the (\d+) newest of (\d+)\): (.*)$", body, flags=re.M)
        assert calls, "the synthetic team meets each topic more often than a page lists"
        assert int(calls[1]) == SHOWN_CALLS == len(call_links(calls[3]))
        assert "objection topic* filter" in body


def test_how_we_measure_states_the_bounds_the_pages_use() -> None:
    text = " ".join((REPO / "content" / "insights" / "how-we-measure.md")
                    .read_text(encoding="utf-8").split())
    assert f"shows its {SHOWN_WARNINGS} most urgent entries" in text
    assert f"names the {SHOWN_AT} newest calls that used it" in text
    assert f"shows the {SHOWN_PLANNED} responses planned by the most calls" in text
    assert f"and the {SHOWN_CALLS} newest calls that met or planned for" in text
