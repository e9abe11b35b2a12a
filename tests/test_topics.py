"""Objection topics as the team's vocabulary: plans/topics.yaml, checked with did-you-mean,
offered by the schema, free text when a project has no such file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CALL, CALL_PATH, Run, write

from generator.commands.schema import schema_files
from generator.read.project import read_project
from generator.read.terms import read_terms

# A warm run (the cache has checked the call) must say what a cold one says.
pytestmark = pytest.mark.usefixtures("both_ways")

TOPICS = """\
topics:
  - id: price
    label: Price
    covers: The price is higher than expected.
  - id: timing
    label: Timing
"""

WITH_OBJECTIONS = CALL.replace("  effort_minutes: 45\n", """\
  effort_minutes: 45
  objections:
    - topic: pricing
      objection: Too expensive.
      response: Show the payback.
""").replace("  went_well: Good rapport.\n", """\
  went_well: Good rapport.
  objections:
    - topic: timng
      objection: Not before summer.
""")


@pytest.fixture
def with_objections(project: Path) -> Path:
    write(project, CALL_PATH, WITH_OBJECTIONS)
    return project


def test_any_topic_is_taken_without_a_topics_file(with_objections: Path, run: Run) -> None:
    result = run(with_objections, "validate")
    assert (result.exit_code, result.stdout) == (0, "")
    assert read_project(with_objections).topics is None


def test_an_unknown_topic_is_named_with_the_nearest(with_objections: Path, run: Run) -> None:
    assert run(with_objections, "validate").exit_code == 0  # and the call checked is cached
    write(with_objections, "plans/topics.yaml", TOPICS)
    result = run(with_objections, "validate")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{CALL_PATH}:21:14: plan.objections[0].topic: unknown objection topic 'pricing'; did "
        "you mean 'price'? (topics are listed in plans/topics.yaml)\n"
        f"{CALL_PATH}:34:14: debrief.objections[0].topic: unknown objection topic 'timng'; did "
        "you mean 'timing'? (topics are listed in plans/topics.yaml)\n")


def test_known_topics_pass_and_reach_the_project(with_objections: Path, run: Run) -> None:
    write(with_objections, "plans/topics.yaml", TOPICS)
    fixed = WITH_OBJECTIONS.replace("topic: pricing", "topic: price").replace(
        "topic: timng", "topic: timing")
    write(with_objections, CALL_PATH, fixed)
    assert run(with_objections, "validate").exit_code == 0
    topics = read_project(with_objections).topics
    assert topics is not None
    assert [(t.id, t.label) for t in topics.topics] == [("price", "Price"), ("timing", "Timing")]


def test_the_topics_file_itself_is_validated(project: Path, run: Run) -> None:
    write(project, "plans/topics.yaml", TOPICS + "  - id: price\n    label: Price again\n")
    result = run(project, "validate")
    assert result.exit_code == 1
    assert "plans/topics.yaml:2:3: topics: topic id 'price' is used twice" in result.stdout


def test_the_schema_offers_the_topics_and_the_command_writes_them(project: Path,
                                                                  run: Run) -> None:
    write(project, "plans/topics.yaml", TOPICS)
    assert run(project, "schema").exit_code == 0
    call = json.loads((project / "schema/call.schema.json").read_text(encoding="utf-8"))
    for model in ("PlannedObjection", "RaisedObjection"):
        branches = call["$defs"][model]["properties"]["topic"]["anyOf"]
        assert [b.get("enum") for b in branches] == [["price", "timing"], None]
    # A topic added later leaves the committed schema stale until `playbook schema` runs.
    write(project, "plans/topics.yaml", TOPICS + "  - id: no-budget\n    label: No budget\n")
    result = run(project, "schema", "--check")
    assert (result.exit_code, result.stdout) == (
        1, "schema/call.schema.json is out of date; run `playbook schema`\n")


def test_without_topics_the_schema_takes_any_topic(tmp_path: Path) -> None:
    terms, _ = read_terms(tmp_path / "plans")
    assert terms is not None
    call = json.loads(schema_files(terms)["call.schema.json"])
    topic = call["$defs"]["PlannedObjection"]["properties"]["topic"]["anyOf"][0]
    assert "enum" not in topic
    assert topic["pattern"] == "^[a-z0-9]+(?:-[a-z0-9]+)*$"


def test_the_schema_command_refuses_a_broken_topics_file(project: Path, run: Run) -> None:
    write(project, "plans/topics.yaml", "topics: []\n")
    result = run(project, "schema")
    assert result.exit_code == 1
    assert result.stderr.startswith("plans/topics.yaml:1:9: topics: ")
    assert result.stderr.endswith("Error: the schemas offer the ids of plans/checklists.yaml "
                                  "and plans/topics.yaml: fix those files first\n")
    assert not (project / "schema").exists()


def test_the_field_reference_says_topics_are_free_without_the_file(project: Path,
                                                                   run: Run) -> None:
    assert run(project, "--today", "2026-11-26", "generate").exit_code == 0
    page = (project / "content/team/reference/fields.md").read_text(encoding="utf-8")
    assert "This team keeps no <code>plans/topics.yaml</code>" in page
    write(project, "plans/topics.yaml", TOPICS)
    assert run(project, "--today", "2026-11-26", "generate").exit_code == 0
    page = (project / "content/team/reference/fields.md").read_text(encoding="utf-8")
    assert "| <code>timing</code> | Timing |  |" in page
    assert "keeps no" not in page
