"""JSON Schema for each kind of YAML file, generated from the models that validate them and
offering the project's own ids (checklist items, objection topics) where a plan writes them."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from pydantic import BaseModel

from generator.models import Account, Call, Checklists, Team, Topics
from generator.read.terms import Terms, read_terms

SCHEMAS: dict[str, type[BaseModel]] = {
    "team": Team,
    "checklists": Checklists,
    "topics": Topics,
    "account": Account,
    "call": Call,
}


def _offer(prop: dict[str, Any], ids: tuple[str, ...], what: str) -> None:
    """Make the id (or each id of a list) at prop one of `ids`: editors complete them."""
    target = prop.get("items", prop)
    for branch in target.get("anyOf", [target]):
        if branch.get("type") == "string":
            branch["enum"] = list(ids)
    prop["description"] = f"{prop['description']} One of the {what}."


def _with_terms(schema: dict[str, Any], terms: Terms) -> dict[str, Any]:
    """The call schema with the project's checklist ids and topics as enums. Without a
    topics.yaml, topics stay free text (any id), as `playbook validate` takes them."""
    defs = schema["$defs"]
    _offer(defs["Plan"]["properties"]["checklist"], terms.checklist,
           "pre-sales items of plans/checklists.yaml")
    if terms.topics is not None:
        for model in ("PlannedObjection", "RaisedObjection"):
            _offer(defs[model]["properties"]["topic"], terms.topics,
                   "topics of plans/topics.yaml")
    return schema


def schema_text(name: str, terms: Terms | None = None) -> str:
    """The JSON Schema of one file kind, as stable, sorted JSON; with `terms`, the call schema
    offers the project's ids."""
    schema = SCHEMAS[name].model_json_schema(mode="validation")
    if name == "call" and terms is not None:
        schema = _with_terms(schema, terms)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{name}.schema.json",
        **schema,
    }
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schema_files(terms: Terms | None = None) -> dict[str, str]:
    """File name to content for every schema."""
    return {f"{name}.schema.json": schema_text(name, terms) for name in SCHEMAS}


def stale_schemas(folder: Path, terms: Terms | None = None) -> list[str]:
    """Names of schema files in folder that are missing or differ from the models."""
    return [
        name
        for name, text in schema_files(terms).items()
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text
    ]


def write_schemas(root: Path, check: bool, plans: Path | None = None) -> None:
    """Write every schema into root/schema/, with the ids of the project's plans/; with `check`,
    only report those that differ (exit 1 if any)."""
    terms, problems = read_terms(plans or root / "plans")
    if terms is None:
        for problem in problems:
            click.echo(str(problem), err=True)
        raise click.ClickException("the schemas offer the ids of plans/checklists.yaml and "
                                   "plans/topics.yaml: fix those files first")
    folder = root / "schema"
    if check:
        stale = stale_schemas(folder, terms)
        for name in stale:
            click.echo(f"schema/{name} is out of date; run `playbook schema`")
        sys.exit(1 if stale else 0)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in schema_files(terms).items():
        (folder / name).write_text(text, encoding="utf-8")
    click.echo(f"wrote {len(schema_files())} schema files to schema/")
