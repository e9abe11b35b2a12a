"""The field reference, read from the models themselves so it is never written twice."""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Any, Literal

from markupsafe import Markup
from pydantic import BaseModel, BeforeValidator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from generator.models.account import Account, Competitor, Research
from generator.models.call import (
    Call,
    Debrief,
    Forecast,
    Goal,
    GoalResult,
    Material,
    NextStep,
    Plan,
    PlannedObjection,
    RaisedObjection,
)
from generator.models.checklists import PRE_SALES, ChecklistItem, Checklists, Phase
from generator.models.common import Person
from generator.models.project import Project
from generator.models.team import Rep, Team
from generator.models.topics import ObjectionTopic, Topics
from generator.pages import escape

SECTIONS: tuple[tuple[str, type[BaseModel]], ...] = (
    ("Call file: plans/ACCOUNT/YYYY-MM-DD-SLUG.yaml", Call),
    ("plan", Plan),
    ("plan.goals[]", Goal),
    ("plan.objections[]", PlannedObjection),
    ("plan.materials[]", Material),
    ("debrief", Debrief),
    ("debrief.goals[]", GoalResult),
    ("debrief.objections[]", RaisedObjection),
    ("debrief.next_steps[]", NextStep),
    ("debrief.forecast", Forecast),
    ("attendees[] and contacts[]", Person),
    ("Account file: plans/ACCOUNT/account.yaml", Account),
    ("research", Research),
    ("research.competitors[]", Competitor),
    ("Team file: plans/team.yaml", Team),
    ("reps[]", Rep),
    ("Checklists file: plans/checklists.yaml", Checklists),
    ("phases[]", Phase),
    ("phases[].items[]", ChecklistItem),
    ("Topics file: plans/topics.yaml", Topics),
    ("topics[]", ObjectionTopic),
)


def describe(annotation: Any) -> str:
    """A reader's name for a type: 'text', 'date', 'a list of texts', 'one of a, b', and for a
    group of fields the section that lists them."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return describe(args[0])
    if origin is Literal:
        return "one of " + ", ".join(str(a) for a in args)
    if origin in (typing.Union, types.UnionType):
        parts = [describe(a) for a in args if a is not type(None)]
        return " or ".join(dict.fromkeys(parts))
    if origin is list:
        item = args[0]
        while typing.get_origin(item) is typing.Annotated:
            item = typing.get_args(item)[0]
        if isinstance(item, type) and issubclass(item, BaseModel):
            return f"a list; each entry has the fields under {_TITLES.get(item, 'its section')}"
        inner = describe(item)
        return f"a list of {inner}" if inner != "text" else "a list of texts"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"the fields under {_TITLES.get(annotation, 'its section')}"
    return {str: "text", int: "whole number", float: "number", bool: "true or false",
            dt.date: "date (YYYY-MM-DD)"}.get(annotation, getattr(annotation, "__name__", "value"))


_TITLES = {model: title.split(":")[0] for title, model in SECTIONS}


def _type(info: FieldInfo) -> str:
    # Paragraphs accept one text or a list; the model says so through its before-validator.
    if any(isinstance(m, BeforeValidator) and m.json_schema_input_type is not PydanticUndefined
           and typing.get_origin(info.annotation) is list
           and describe(info.annotation) == "a list of texts" for m in info.metadata):
        return "one text or a list of texts"
    return describe(info.annotation)


def words(text: str) -> Markup:
    """One of our own descriptions as the page shows it: its `name` spans as code, no literal
    backticks; every part escaped as any text is."""
    out = []
    for i, part in enumerate(text.split("`")):
        if i % 2:
            out.append(f"<code>{escape.inline_text(part)}</code>")
        elif part.strip():
            lead = " " if part[0].isspace() else ""
            trail = " " if part[-1].isspace() else ""
            out.append(lead + escape.inline_text(part.strip()) + trail)
        else:
            out.append(" " if part else "")
    return Markup("".join(out))  # noqa: S704 - every part escaped


def field_sections() -> list[dict[str, Any]]:
    """One section per model with its fields, for the reference page."""
    sections = []
    for title, model in SECTIONS:
        doc = (model.__doc__ or "").strip().split("\n")[0]
        fields = [
            {"name": name, "type": _type(info), "required": info.is_required(),
             "description": words(info.description or "")}
            for name, info in model.model_fields.items()
        ]
        sections.append({"title": title, "description": words(doc), "fields": fields})
    return sections


def vocabulary(project: Project) -> dict[str, Any]:
    """The team's own ids for the reference page: its objection topics (None when free) and
    the pre-sales phases whose checklist items a plan ticks."""
    return {"topics": project.topics,
            "phases": [p for p in project.checklists.phases if p.id in PRE_SALES]}
