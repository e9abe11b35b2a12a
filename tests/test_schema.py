"""The JSON Schemas editors use: generated from the models, committed without drift, and
agreeing with the models on good and bad files."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ACCOUNT, CALL, REPO, TEAM, Run
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from generator.commands.schema import SCHEMAS, schema_files
from generator.read.discover import CALL_NAME
from generator.read.terms import read_terms

SCHEMA_DIR = REPO / "schema"
PLANS = REPO / "plans"


class Yaml12Loader(yaml.SafeLoader):
    """safe_load reading YAML 1.2 as editors do: only true/false are booleans (`no` stays text),
    and dates stay the text they were written as, which the schema checks as format: date."""


_YAML_1_1_ONLY = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp"}
Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _YAML_1_1_ONLY]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load(text: str) -> Any:
    return yaml.load(text, Loader=Yaml12Loader)


def validator(kind: str) -> Draft202012Validator:
    schema = json.loads(schema_files()[f"{kind}.schema.json"])
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def errors(kind: str, data: Any) -> list[tuple[str, str]]:
    """(where, which keyword) of each error, descending into anyOf to the branch that matters."""
    found = [best_match([error]) for error in validator(kind).iter_errors(data)]
    return sorted((error.json_path, str(error.validator)) for error in found if error)


def kind_of(path: Path) -> str:
    if path.parent == PLANS:
        return path.stem  # team or checklists
    if path.name == "account.yaml":
        return "account"
    assert CALL_NAME.match(path.name), path
    return "call"


def test_committed_schemas_match_the_models() -> None:
    # On failure, refresh them with `playbook schema` and commit the result.
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMA_DIR.glob("*.json")}
    terms, problems = read_terms(PLANS)
    assert problems == []
    assert committed == schema_files(terms)


def test_every_schema_is_a_valid_draft_2020_12_schema() -> None:
    assert sorted(SCHEMAS) == ["account", "call", "checklists", "team", "topics"]
    for text in schema_files().values():
        schema = json.loads(text)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(schema)


def test_every_property_has_a_description_for_the_editor() -> None:
    def undescribed(node: Any, where: str) -> list[str]:
        if isinstance(node, list):
            return [m for item in node for m in undescribed(item, where)]
        if not isinstance(node, dict):
            return []
        missing = [f"{where}.{name}" for name, prop in node.get("properties", {}).items()
                   if "description" not in prop]
        nested = [m for key, item in node.items() for m in undescribed(item, f"{where}/{key}")]
        return missing + nested

    for name, text in schema_files().items():
        assert undescribed(json.loads(text), name) == []


def test_the_schema_command_writes_what_the_models_generate(tmp_path: Path, run: Run) -> None:
    result = run(tmp_path, "schema")
    assert (result.exit_code, result.stdout) == (0, "wrote 5 schema files to schema/\n")
    written = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "schema").iterdir()}
    # No plans/: the default checklists' ids, and topics as free text.
    terms, _ = read_terms(tmp_path / "plans")
    assert terms is not None
    assert terms.topics is None
    assert written == schema_files(terms)
    assert run(tmp_path, "schema", "--check").exit_code == 0


def test_schema_check_names_stale_and_missing_files(tmp_path: Path, run: Run) -> None:
    run(tmp_path, "schema")
    (tmp_path / "schema/call.schema.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "schema/team.schema.json").unlink()
    result = run(tmp_path, "schema", "--check")
    assert result.exit_code == 1
    assert result.stdout == (
        "schema/team.schema.json is out of date; run `playbook schema`\n"
        "schema/call.schema.json is out of date; run `playbook schema`\n"
    )
    assert (tmp_path / "schema/call.schema.json").read_text(encoding="utf-8") == "{}\n"


def sample_files() -> list[Path]:
    if not (PLANS / "team.yaml").is_file():
        return []
    return sorted(p for p in PLANS.rglob("*.yaml") if p.is_file())


@pytest.mark.skipif(not (PLANS / "team.yaml").is_file(), reason="no sample team in plans/ yet")
def test_the_sample_covers_every_kind_of_file() -> None:
    kinds = {kind_of(p) for p in sample_files()}
    assert kinds >= {"team", "account", "call"}


@pytest.mark.skipif(not (PLANS / "team.yaml").is_file(), reason="no sample team in plans/ yet")
@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.relative_to(PLANS).as_posix())
def test_the_schema_accepts_every_sample_file(path: Path) -> None:
    assert errors(kind_of(path), load(path.read_text(encoding="utf-8"))) == []


@pytest.mark.skipif(not (PLANS / "team.yaml").is_file(), reason="no sample team in plans/ yet")
def test_the_sample_team_validates(run: Run) -> None:
    result = run(REPO, "validate")
    assert result.stdout == ""
    assert result.exit_code == 0
    assert result.stderr.startswith("ok: ")


@pytest.mark.parametrize(
    ("kind", "text"),
    [("team", TEAM), ("account", ACCOUNT), ("call", CALL)],
)
def test_the_schema_accepts_the_fixture_files(kind: str, text: str) -> None:
    assert errors(kind, load(text)) == []


def test_the_schema_accepts_a_norway_debrief() -> None:
    data = load(CALL.replace("objective_met: partly", "objective_met: no"))
    assert data["debrief"]["objective_met"] == "no"
    assert errors("call", data) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("  advance:", "  advanse:"), [("$.plan", "additionalProperties")]),
        (("type: discovery", "type: chat"), [("$.type", "enum")]),
        (("outcome: advance", "outcome: won"), [("$.debrief.outcome", "enum")]),
        (("objective_met: partly", "objective_met: maybe"), [("$.debrief.objective_met", "enum")]),
        (("objective_met: partly", "objective_met: false"),
         [("$.debrief.objective_met", "anyOf")]),
        (("role: economic-buyer", "role: boss"), [("$.attendees[0].role", "enum")]),
        (("rep: dana-k\n", ""), [("$", "required")]),
        (("target: 2", "target: lots"), [("$.plan.goals[0].target", "type")]),
        (("title: First meeting", "title: 2026"), [("$.title", "anyOf")]),
        (("effort_minutes: 45", "effort_minutes: -5"), [("$.plan.effort_minutes", "minimum")]),
        (("rep: dana-k", "rep: Dana K"), [("$.rep", "pattern")]),
        (("https://example.com/case", "javascript:alert(1)"),
         [("$.plan.materials[1].url", "pattern")]),
        (("date: 2026-03-10", "date: 2026-02-30"), [("$.date", "format")]),
        (("checklist: [identify-prospect", "checklist: [Identify"),
         [("$.plan.checklist[0]", "pattern")]),
    ],
)
def test_the_schema_rejects_bad_plans(change: tuple[str, str], expected: list[tuple[str, str]]
                                      ) -> None:
    old, new = change
    assert old in CALL
    assert errors("call", load(CALL.replace(old, new, 1))) == expected


def test_the_schema_rejects_an_unknown_top_level_key_in_every_kind() -> None:
    for kind, text in [("team", TEAM), ("account", ACCOUNT), ("call", CALL)]:
        assert errors(kind, {**load(text), "colour": "blue"}) == [("$", "additionalProperties")]


def test_the_schema_offers_the_sample_s_checklist_ids_and_topics() -> None:
    call = json.loads((SCHEMA_DIR / "call.schema.json").read_text(encoding="utf-8"))
    plan = call["$defs"]["Plan"]["properties"]
    terms, _ = read_terms(PLANS)
    assert terms is not None
    assert plan["checklist"]["items"]["enum"] == list(terms.checklist)
    assert len(terms.checklist) == 15
    topic = call["$defs"]["RaisedObjection"]["properties"]["topic"]["anyOf"][0]
    assert topic["enum"] == list(terms.topics or ())
    assert "price" in topic["enum"]
    data = load(CALL)
    data["plan"]["checklist"] = ["identify-prospect", "pricing-ready"]
    schema = Draft202012Validator(call, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [e.json_path for e in schema.iter_errors(data)] == ["$.plan.checklist[1]"]
