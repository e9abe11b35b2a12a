"""The objection library on the sample team: every response leads to its calls, every call is
reachable, planned responses are attributed and folded, and the one small-sample rule decides
"best" and every rate on every page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO

from generator.analyse import MIN_CALLS
from generator.pages.library import SHOWN_CALLS, SHOWN_PLANNED

TODAY = "2026-11-26"


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner  # noqa: PLC0415 - the run fixture is per test

    from generator.cli import cli  # noqa: PLC0415

    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(REPO / "plans", root / "plans")
    result = CliRunner().invoke(cli, ["--root", str(root), "--today", TODAY, "generate"])
    assert result.exit_code == 0, result.output
    return root / "content" / "team"


def sections(library: str) -> dict[str, str]:
    parts = re.split(r"^## .* \{ #([a-z0-9-]+) \}$", library, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_every_response_links_to_the_calls_that_used_it(content: Path) -> None:
    price = sections((content / "objections.md").read_text(encoding="utf-8"))["price"]
    rows = [line for line in price.splitlines() if line.startswith("| ") and "|---" not in line]
    rows = rows[1:]  # the heading row
    assert rows
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        tried, at = int(cells[1]), cells[-1]
        links = re.findall(r"\]\((calls/[a-z0-9-]+/[a-z0-9-]+\.md)\)", at)
        assert 1 <= len(links) <= tried, row
        assert all((content / link).is_file() for link in links)


def test_the_newest_calls_are_listed_with_the_count_and_planned_responses_attributed(
        content: Path) -> None:
    library = (content / "objections.md").read_text(encoding="utf-8")
    price = sections(library)["price"]
    line = next(x for x in price.splitlines() if x.startswith("Calls"))
    listed = re.findall(r"\]\((calls/[^)]+)\)", line)
    calls = (content / "calls").rglob("*.md")
    planned_or_raised = {p.relative_to(content).as_posix() for p in calls
                         if "objections/#price" in p.read_text(encoding="utf-8")}
    assert set(listed) <= planned_or_raised
    assert len(listed) == min(SHOWN_CALLS, len(planned_or_raised))
    if len(planned_or_raised) > SHOWN_CALLS:
        assert line.startswith(f"Calls (the {SHOWN_CALLS} newest of {len(planned_or_raised)}):")
    else:
        assert line.startswith("Calls: ")
    dates = re.findall(r"\[(\d{4}-\d\d-\d\d) ", line)
    assert dates == sorted(dates, reverse=True)
    assert '??? note "Planned responses (' in price
    folded = price.split('??? note "Planned responses (')[1].split("\nCalls")[0]
    items = [line for line in folded.splitlines() if line.startswith("    - ")]
    assert 1 <= len(items) <= SHOWN_PLANNED
    assert all(re.search(r"\(\[[^]]+\]\(reps/[a-z-]+\.md\)\)", i) for i in items)


def test_one_small_sample_rule_decides_best_and_every_rate(content: Path) -> None:
    library = (content / "objections.md").read_text(encoding="utf-8")
    for _worked, tried in re.findall(r"Best record: .*\((\d+) of (\d+) worked", library):
        assert int(tried) >= MIN_CALLS
    assert "so none is named best" in library  # and some groups have too few tries
    # A rep with fewer debriefed calls than the rule asks shows a count, not a rate, on the
    # reps index as on the insights page.
    reps = (content / "reps" / "index.md").read_text(encoding="utf-8")
    insights = (content / "insights" / "index.md").read_text(encoding="utf-8")
    lena = next(line for line in reps.splitlines() if "[Lena Hoffmann]" in line)
    assert "too few" in lena and "%" not in lena
    by_rep = insights.split("### By rep")[1].split("### By call type")[0]
    assert "too few" in next(line for line in by_rep.splitlines() if "[Lena Hoffmann]" in line)


def test_the_insights_link_each_objection_to_its_library_section(content: Path) -> None:
    insights = (content / "insights" / "index.md").read_text(encoding="utf-8")
    assert "[Price](../objections.md#price)" in insights
