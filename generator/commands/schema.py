"""JSON Schema for each kind of YAML file, generated from the models that validate them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from pydantic import BaseModel

from generator.models import Account, Call, Checklists, Team

SCHEMAS: dict[str, type[BaseModel]] = {
    "team": Team,
    "checklists": Checklists,
    "account": Account,
    "call": Call,
}


def schema_text(name: str) -> str:
    """The JSON Schema of one file kind, as stable, sorted JSON."""
    schema = SCHEMAS[name].model_json_schema(mode="validation")
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{name}.schema.json",
        **schema,
    }
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schema_files() -> dict[str, str]:
    """File name to content for every schema."""
    return {f"{name}.schema.json": schema_text(name) for name in SCHEMAS}


def stale_schemas(folder: Path) -> list[str]:
    """Names of schema files in folder that are missing or differ from the models."""
    return [
        name
        for name, text in schema_files().items()
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text
    ]


def write_schemas(root: Path, check: bool) -> None:
    """Write every schema into root/schema/; with `check`, only report those that differ
    (exit 1 if any)."""
    folder = root / "schema"
    if check:
        stale = stale_schemas(folder)
        for name in stale:
            click.echo(f"schema/{name} is out of date; run `playbook schema`")
        sys.exit(1 if stale else 0)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in schema_files().items():
        (folder / name).write_text(text, encoding="utf-8")
    click.echo(f"wrote {len(schema_files())} schema files to schema/")
