"""Check one loaded document against its model, turning every validation error into a Problem."""

from __future__ import annotations

import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.problems import Problem, field_path, suggest
from generator.read.load import Document
from generator.read.yamlbuild import Loc
from generator.vocabulary import FELT

M = TypeVar("M", bound=BaseModel)

_KIND = {bool: "true/false", int: "a number", float: "a number", str: "text",
         list: "a list", dict: "a mapping", type(None): "nothing"}

_BOUND = {"greater_than_equal": ("at least", "ge"), "less_than_equal": ("at most", "le"),
          "greater_than": ("more than", "gt"), "less_than": ("less than", "lt")}


def _kind(value: Any) -> str:
    return _KIND.get(type(value), type(value).__name__)


def _show(value: Any) -> str:
    """repr of a value from the file, cut short: a problem stays one readable line however long
    the text or list it is about."""
    shown = repr(value)
    return shown if len(shown) <= 80 else f"{shown[:60]}... ({len(shown)} characters)"


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that owns the mapping at loc, to suggest its field names."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _felt(value: Any) -> str:
    """What a debrief's `felt` takes, said in its words; a word of the scale gets its number."""
    scale = ", ".join(f"{n} {word}" for n, word in FELT.items())
    number = next((n for n, word in FELT.items()
                   if isinstance(value, str) and value.strip().lower() == word), None)
    hint = f"; write {number} for '{FELT[number]}'" if number else ""
    return f"expected a whole number from 1 to 5 ({scale}), got {_show(value)}{hint}"


def _message(error: ErrorDetails, model: type[BaseModel], loc: Loc) -> str:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    if loc[-2:] == ("debrief", "felt") and kind not in {"missing", "extra_forbidden"}:
        return _felt(value)
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        known = owner.model_fields if owner else {}
        name = str(loc[-1])
        shown = name if len(name) <= 60 else f"{name[:60]}..."
        return f"unknown field '{shown}'" + suggest(name, known)
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [o.strip(" '") for o in str(expected).replace(" or ", ", ").split(",")]
        hint = suggest(str(value), options) if isinstance(value, str) else ""
        return f"expected one of {expected}, got {_show(value)}{hint}"
    if kind in {"string_type", "str_type"}:
        quote = "; put it in quotes if it is meant as text" if value is not None else ""
        return f"expected text, got {_kind(value)} ({_show(value)}){quote}"
    if kind == "finite_number":
        return f"expected a finite number, got {_show(value)}"
    if kind == "float_type" and isinstance(value, int) and not isinstance(value, bool):
        return f"the number {_show(value)} is too large"
    if kind == "int_from_float":
        return f"expected a whole number, got {_show(value)}"
    if kind in {"float_parsing", "int_parsing", "float_type", "int_type"}:
        return f"expected a number, got {_kind(value)} ({_show(value)})"
    if kind in _BOUND:
        word, key = _BOUND[kind]
        bound = ctx.get(key)
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)  # a float field's `ge=0` reads better as 0 than 0.0
        return f"must be {word} {bound}, got {_show(value)}"
    if kind in {"bool_type", "bool_parsing"}:
        return f"expected true or false, got {_show(value)}"
    if kind == "list_type":
        return f"expected a list, got {_kind(value)} ({_show(value)})"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return f"expected a mapping of fields, got {_kind(value)}"
    if kind == "string_pattern_mismatch":
        if value == "":
            return "must not be empty"
        if loc and loc[-1] == "url":
            return (f"{_show(value)} is not an http(s) link; only http:// and https:// links "
                    "are allowed")
        if loc and loc[-1] == "currency":
            return f"expected a three-letter currency code such as USD, got {_show(value)}"
        return (f"{_show(value)} is not a valid id: use lower-case letters, digits and single "
                "hyphens, e.g. 'dana-k'")
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)"
    msg: str = error["msg"]
    return msg[len("Value error, "):] if msg.startswith("Value error, ") else msg


def validate_document(doc: Document, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate doc.data as model; on failure, every problem with the line it points at."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc = _clean(error["loc"], doc.data)
            if error["type"] == "missing":
                line, column = doc.where(loc[:-1], key=True)
            else:
                line, column = doc.where(loc, key=error["type"] == "extra_forbidden")
            problems.append(
                Problem(doc.path, line, column, field_path(loc), _message(error, model, loc))
            )
        return None, problems


def _clean(loc: tuple[int | str, ...], data: Any) -> Loc:
    """Pydantic adds union-branch and validator names (e.g. 'function-before[...]') to
    locations; drop them, but never a key the file really has, whatever its spelling."""
    out: list[str | int] = []
    for part in loc:
        in_list = isinstance(part, int) and isinstance(data, list) and 0 <= part < len(data)
        if in_list or (isinstance(data, dict) and part in data):
            data = data[part]
        elif isinstance(part, str) and ("[" in part or part == "str"):
            continue
        else:
            data = None
        out.append(part)
    return tuple(out)
