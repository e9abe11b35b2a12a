"""The MkDocs config of a public build: the project's own, with a nav that lists no page the
build does not have, and a hook that turns links to those pages into plain words.

MkDocs reads it from standard input (as a split build's parts are), so the project's mkdocs.yml
stays the one the team edits, and strict mode still fails on any other broken link.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator import paths
from generator.audience import PUBLIC, shows
from generator.output import droplinks


def _kept(entry: Any) -> Any:
    """A nav entry without the pages a public build leaves out; None when nothing is left."""
    if isinstance(entry, str):
        return entry if _shown(entry) else None
    if isinstance(entry, dict):
        out = {}
        for title, value in entry.items():
            if isinstance(value, list):
                items = [k for k in (_kept(v) for v in value) if k is not None]
                if items:
                    out[title] = items
            elif not isinstance(value, str) or _shown(value):
                out[title] = value
        return out or None
    if isinstance(entry, list):
        return [k for k in (_kept(v) for v in entry) if k is not None]
    return entry


def _shown(target: str) -> bool:
    return not target.startswith(f"{paths.ROOT}/") or shows(PUBLIC, target)


def public_nav(nav: list[Any]) -> list[Any]:
    """The project's nav with every generated page a public build leaves out taken out, and
    any section left empty with it."""
    kept = _kept(nav)
    return kept if isinstance(kept, list) else []


def public_config(config_file: Path) -> str:
    """The config MkDocs builds a public site from, as JSON text (JSON is YAML)."""
    from mkdocs.utils.yaml import yaml_load  # noqa: PLC0415 - only a public build needs it

    with config_file.open("rb") as handle:
        loaded = yaml_load(handle)
    config: dict[str, Any] = {"INHERIT": str(config_file),
                              "hooks": [*loaded.get("hooks", []), droplinks.__file__]}
    if isinstance(loaded.get("nav"), list):
        config["nav"] = public_nav(loaded["nav"])
    return json.dumps(config)
