"""A team whose every free-text field holds one given text, and the list of those fields.

`free_text_fields(Model)` walks the pydantic models, so a field added later is found without
editing this file; `test_adversarial.py` checks that `case_files` fills every one of them.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Iterator
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel

PHASES = ("pre-sales-planning", "pre-sales-preparing", "sales", "post-sales")
DATE = "2026-03-10"
CALL_SLUG = f"{DATE}-hostile"
EARLIER = "2026-03-01"
URL = "https://example.com/deck?a=1&b=(2)"


def _has_pattern(metadata: list[Any]) -> bool:
    # A rep id takes any line in the model (the team check names the rep meant) but is an id
    # to the schema, which carries its pattern: not free text either.
    return any(getattr(m, "pattern", None) or (getattr(m, "json_schema", None) or {}).get("pattern")
               for m in metadata)


def _walk(annotation: Any, metadata: list[Any], path: str) -> Iterator[str]:
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        inner, *extra = typing.get_args(annotation)
        yield from _walk(inner, [*metadata, *extra], path)
    elif origin in (Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                yield from _walk(arg, metadata, path)
    elif origin is list:
        (item,) = typing.get_args(annotation)
        yield from _walk(item, [], f"{path}[]")
    elif origin is Literal:
        return
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from free_text_fields(annotation, path)
    elif annotation is str and not _has_pattern(metadata):
        yield path  # ids, links and currency codes carry a pattern; free text does not


def free_text_fields(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Paths such as `plan.objections[].response` of every str field without a pattern."""
    out: list[str] = []
    for name, info in model.model_fields.items():
        path = f"{prefix}.{name}" if prefix else name
        out += _walk(info.annotation, list(info.metadata), path)
    return list(dict.fromkeys(out))


def values_at(data: Any, path: str) -> list[Any]:
    """Every value found at a free_text_fields path in plain data."""
    found = [data]
    for part in path.split("."):
        many = part.endswith("[]")
        key = part.removesuffix("[]")
        found = [d[key] for d in found if isinstance(d, dict) and key in d]
        if many:
            found = [item for d in found for item in (d if isinstance(d, list) else [d])]
    return found


def person(text: str) -> dict[str, Any]:
    return {"name": text, "title": text, "role": "economic-buyer", "notes": text}


def account(text: str) -> dict[str, Any]:
    return {
        "name": text,
        "industry": text,
        "segment": text,
        "stage": "proposal",
        "research": {
            "situation": text,
            "needs": [text, text],
            "competitors": [{"name": text, "their_strengths": [text], "our_strengths": text}],
            "industry": text,
        },
        "contacts": [person(text)],
        "notes": text,
    }


def call(text: str, rep: str, checklist: list[str]) -> dict[str, Any]:
    return {
        "date": DATE,
        "rep": rep,
        "type": "proposal",
        "title": text,
        "exemplary": True,
        "attendees": [person(text)],
        "plan": {
            "objective": text,
            "advance": text,
            "minimum_action": text,
            "goals": [{"metric": text, "target": 3, "unit": text}],
            "research": text,
            "strategy": text,
            "agenda": [text, text],
            "questions": text,
            "objections": [{"topic": "price", "objection": text, "response": text}],
            "materials": [text, {"title": text, "url": URL}],
            "practice": text,
            "roi": text,
            "effort_minutes": 30,
            "checklist": checklist,
        },
        "debrief": {
            "date": DATE,
            "outcome": "advance",
            "objective_met": "partly",
            "goals": [{"metric": text, "actual": 2, "note": text}],
            "went_well": [text],
            "to_improve": text,
            "next_time": [text],
            "objections": [{"topic": "price", "objection": text, "response": text,
                            "worked": "yes"}],
            "next_steps": [{"action": text, "owner": text, "due": "2026-04-01"}],
            "steps_done": [text],  # the step of the call before (earlier_call)
            "feedback": text,
            "forecast": {"amount": 1000, "currency": "EUR", "close_date": "2026-06-30",
                         "probability": 50},
        },
    }


def earlier_call(text: str, rep: str) -> dict[str, Any]:
    """A call before the hostile one, whose next step (the case's text) that one names done."""
    return {"date": EARLIER, "rep": rep, "type": "discovery", "plan": {"objective": "Meet."},
            "debrief": {"outcome": "advance", "next_steps": [{"action": text, "owner": rep}]}}


def case_files(cases: dict[str, str]) -> dict[str, Any]:
    """plans/ of a team with one rep, one account and one call per case (its name is their id),
    each text field holding the case's text; checklists get one item per case in each phase."""
    names = sorted(cases)
    texts = [cases[n] for n in names]
    files: dict[str, Any] = {
        "team.yaml": {
            "name": texts[0],
            "reps": [{"id": n, "name": cases[n], "role": cases[n], "start_date": "2024-01-15"}
                     for n in names],
        },
        "checklists.yaml": {
            "phases": [
                {
                    "id": phase,
                    "title": texts[i % len(texts)],
                    "summary": texts[(i + 1) % len(texts)],
                    "items": [{"id": f"{n}-{i}", "text": cases[n], "why": cases[n]}
                              for n in names],
                }
                for i, phase in enumerate(PHASES)
            ]
        },
    }
    for n in names:
        files[f"{n}/account.yaml"] = {**account(cases[n]), "owner": n}
        files[f"{n}/{CALL_SLUG}.yaml"] = call(cases[n], n, [f"{n}-0", f"{n}-1"])
        files[f"{n}/{EARLIER}-earlier.yaml"] = earlier_call(cases[n], n)
    return files


def dump(data: Any) -> str:
    """YAML text for data: JSON, which YAML 1.2 reads the same, so no string turns into a
    number or a boolean on the way (as `1e3` or `no` could in a YAML dumper's plain style)."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
