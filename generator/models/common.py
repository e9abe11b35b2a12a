"""Field types shared by every model: safe text, slugs, real dates, people and their roles."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic.json_schema import WithJsonSchema
from pydantic_core import PydanticCustomError

# Invisible characters that reorder or hide text: they can make a name read as something else.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# C0 and C1 controls, but not tab, line breaks or NEL (which YAML itself reads as a line break).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")
# Every text is checked for both, so the common text is cleared at C speed first: ASCII text can
# hold only the ASCII controls, and printable text (str.isprintable) holds neither kind.
_ASCII_CONTROLS = bytes(c for c in range(128) if _CONTROL.match(chr(c)))
_HIDDEN = re.compile(f"[{_BIDI.pattern[1:-1]}{_CONTROL.pattern[1:-1]}]")


_set = object.__setattr__


def _restore(cls: type[Strict], fields: dict[str, Any], fields_set: set[str]) -> Strict:
    """A model as pickled by Strict.__reduce__: its validated fields, not validated again."""
    model = cls.__new__(cls)
    _set(model, "__dict__", fields)
    _set(model, "__pydantic_fields_set__", fields_set)
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, values are frozen once validated."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    def __reduce__(self) -> tuple[Any, ...]:
        # Validated models travel between processes and sit in the cache by the 100,000; this
        # restores one with a single call, where pydantic's __setstate__ makes several. A model
        # has no extra fields (extra="forbid") and no private attributes to carry.
        if self.__pydantic_extra__ or self.__pydantic_private__:
            return super().__reduce__()  # type: ignore[return-value]
        return _restore, (type(self), self.__dict__, self.__pydantic_fields_set__)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_absent(cls, data: Any) -> Any:
        # Scaffolds leave optional fields as "" or empty for the rep to fill: blank means not
        # given. Required fields stay blank so that they fail with "must not be empty".
        if not isinstance(data, dict):
            return data
        for value in data.values():
            if value is None or (isinstance(value, str) and not value.strip()):
                break
        else:
            return data  # nothing blank, the common case: no copy to make
        return {
            key: value
            for key, value in data.items()
            if not (
                (value is None or (isinstance(value, str) and not value.strip()))
                and key in cls.model_fields
                and not cls.model_fields[key].is_required()
            )
        }


def _safe_text(value: str) -> str:
    if value.isascii():
        if len(value.encode().translate(None, _ASCII_CONTROLS)) == len(value):
            return value
    elif value.isprintable() or not _HIDDEN.search(value):
        return value
    if match := _BIDI.search(value):
        raise PydanticCustomError(
            "hidden_text",
            "contains an invisible direction-control character (U+{code}) that can disguise text",
            {"code": f"{ord(match.group()):04X}"},
        )
    if match := _CONTROL.search(value):
        raise PydanticCustomError(
            "hidden_text",
            "contains a control character (U+{code})",
            {"code": f"{ord(match.group()):04X}"},
        )
    return value


def _to_date(value: Any) -> Any:
    # Dates arrive as text: the loader leaves them unresolved so that a bad one gets a clear word.
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        shown = repr(value)  # cut short: the problem must stay one readable line
        shown = shown if len(shown) <= 60 else f"{shown[:40]}... ({len(shown)} characters)"
        raise PydanticCustomError(
            "iso_date", "expected a date as YYYY-MM-DD, got {value}", {"value": shown}
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "iso_date", "{value} is not a real date", {"value": repr(value)}
        ) from None


Text = Annotated[str, StringConstraints(max_length=20_000), AfterValidator(_safe_text)]
"""Free text: any length a person would write, no hidden control characters."""

Line = Annotated[str, StringConstraints(min_length=1, max_length=500), AfterValidator(_safe_text)]
"""A short, required line of text such as a name or an objection."""

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=60)]
"""Lower-case letters, digits and single hyphens: safe in file names and URLs."""

RepId = Annotated[Line, WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN,
                                        "maxLength": 60})]
"""A rep id. The model takes any line, so that `Tom Becker` reaches the check against the team,
which knows the reps' names and suggests the id; editors are still offered the id's form."""

Date = Annotated[dt.date, BeforeValidator(_to_date, json_schema_input_type=dt.date)]
"""A real calendar date written as YYYY-MM-DD."""

Paragraphs = Annotated[
    list[Text],
    BeforeValidator(
        lambda v: [v] if isinstance(v, str) else v, json_schema_input_type=str | list[str]
    ),
]
"""One text or a list of them: `went_well: Good rapport` and a bullet list both work."""

BuyingRole = Literal["economic-buyer", "user", "technical-buyer", "coach"]
YesPartlyNo = Literal["yes", "partly", "no"]


def check_unique(ids: Iterable[str], what: str) -> None:
    """Raise, for a validator, at the first id that was seen before: `what` names the ids."""
    seen: set[str] = set()
    for one in ids:
        if one in seen:
            raise ValueError(f"{what} '{one}' is used twice")
        seen.add(one)


class Person(Strict):
    """Someone on the customer's side: who they are and the part they play in buying."""

    name: Line = Field(description="Full name.")
    title: Line | None = Field(None, description="Job title.")
    role: BuyingRole | None = Field(
        None,
        description="Buying role: economic-buyer (signs off the money), user (lives with the "
        "product), technical-buyer (judges fit and can say no), coach (helps us sell).",
    )
    notes: Text | None = Field(None, description="Anything worth knowing before meeting them.")
