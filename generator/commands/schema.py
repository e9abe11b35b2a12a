"""JSON Schema for each kind of YAML file, generated from the models that validate them."""

from __future__ import annotations

import json
from pathlib import Path

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
