"""A call: its plan, written before it (Pre-Sales), and its debrief after (Sales, Post-Sales)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field, StringConstraints

from generator.models.common import (
    Date,
    Line,
    Paragraphs,
    Person,
    RepId,
    Slug,
    Strict,
    Text,
    YesPartlyNo,
)
from generator.vocabulary import FELT, FELT_MEANING, CallType, Outcome

# The pattern is published in the JSON Schema too, where editors compile it as an ECMA-262
# regular expression in unicode mode: no escape that mode refuses (such as \"), and the white
# space spelled out, since \s differs between engines (U+0085 and U+FEFF). This list is what
# \s means to the models' validator (Unicode's White_Space).
_SPACE = r"\t\n\v\f\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"
WebLink = Annotated[
    str,
    StringConstraints(pattern=f"^https?://[^{_SPACE}<>\"'`\\\\]+$", max_length=2000),
]
"""Only http and https links: no javascript:, data: or file: links reach the site."""


class Goal(Strict):
    """A measurable target for the call."""

    metric: Line = Field(description="What is measured, e.g. 'stakeholders met'.")
    target: float = Field(allow_inf_nan=False, description="The number aimed for.")
    unit: Line = Field(description="Unit of the target, e.g. 'people', 'USD', '%'.")


class PlannedObjection(Strict):
    """An objection we expect, and how we plan to answer it."""

    topic: Slug | None = Field(
        None, description="Short id grouping the same objection across calls, e.g. `price`."
    )
    objection: Line = Field(description="The objection, as the customer would say it.")
    response: Text = Field(description="How we will answer it.")


class Material(Strict):
    """Presentation, proposal, pricing or marketing material for the call."""

    title: Line = Field(description="What it is.")
    url: WebLink | None = Field(None, description="Where it lives (http or https only).")


def _material(value: object) -> object:
    return {"title": value} if isinstance(value, str) else value


class Plan(Strict):
    """Pre-Sales: planning and preparing the call."""

    objective: Text = Field(min_length=1, description="The one clear objective of this call.")
    advance: Text | None = Field(
        None, description="The customer action that would advance the sale."
    )
    minimum_action: Text | None = Field(
        None, description="The least the customer must commit to for the call to be worth it."
    )
    goals: list[Goal] = Field(default_factory=list, description="Quantifiable goals for the call.")
    research: Text | None = Field(None, description="Research done for this call.")
    strategy: Text | None = Field(None, description="How the objective will be reached.")
    agenda: Paragraphs = Field(default_factory=list, description="The agenda, item by item.")
    questions: Paragraphs = Field(default_factory=list, description="Questions to ask.")
    objections: list[PlannedObjection] = Field(
        default_factory=list, description="Objections expected and the planned responses."
    )
    materials: list[
        Annotated[Material, BeforeValidator(_material, json_schema_input_type=str | Material)]
    ] = Field(
        default_factory=list, description="Presentation, proposal, pricing, contract, marketing."
    )
    practice: Text | None = Field(None, description="How the call was rehearsed.")
    roi: Text | None = Field(None, description="The measurable return expected from the meeting.")
    effort_minutes: int | None = Field(
        None, ge=0, le=10_000, description="Minutes spent planning and preparing."
    )
    checklist: list[Slug] = Field(
        default_factory=list, description="Ids of the pre-sales checklist items done."
    )


class GoalResult(Strict):
    """What was achieved against one planned goal."""

    metric: Line = Field(description="The planned goal's metric, exactly as in the plan.")
    actual: float = Field(
        allow_inf_nan=False, description="What was achieved, in the goal's unit."
    )
    note: Text | None = Field(None, description="Context for the number.")


class RaisedObjection(Strict):
    """An objection the customer raised, the response used, and whether it worked."""

    topic: Slug | None = Field(
        None, description="Short id grouping the same objection, e.g. `price`."
    )
    objection: Line = Field(description="The objection as the customer put it.")
    response: Text | None = Field(None, description="The response we used.")
    worked: YesPartlyNo | None = Field(None, description="Did the response work?")


class NextStep(Strict):
    """An action after the call, who owns it and when it is due."""

    action: Line = Field(description="What will be done.")
    owner: Line = Field(description="A rep id or the name of an attendee.")
    due: Date | None = Field(None, description="Due date (YYYY-MM-DD).")
    done: Date | None = Field(
        None, description="The day it was done (YYYY-MM-DD); left out while it is open.")


def step_words(action: str) -> str:
    """An action as a later debrief's steps_done matches it: case and spacing aside."""
    return " ".join(action.casefold().split())


class Forecast(Strict):
    """Forecast of the sale after this call."""

    amount: float = Field(ge=0, allow_inf_nan=False, description="Expected order value.")
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = Field(
        "USD", description="ISO currency code."
    )
    close_date: Date | None = Field(None, description="Expected close date.")
    probability: int | None = Field(None, ge=0, le=100, description="Chance of closing, in %.")


# A whole number only: YAML's `yes`, `"4"` or `4.0` would be read as a rating nobody gave.
Felt = Annotated[int, Field(strict=True, ge=1, le=5)]
_FELT_HELP = ("How the call went for you, the rep, from 1 to 5, whatever its outcome: "
              + "; ".join(f"{n} {word} ({FELT_MEANING[n]})" for n, word in FELT.items())
              + ". Insights set it against planning.")


class Debrief(Strict):
    """Sales and Post-Sales: what happened, judged honestly, and what changes next time."""

    date: Date | None = Field(None, description="When the debrief was written.")
    outcome: Outcome = Field(
        description="order, advance (customer agreed a concrete step), continuation (talk goes "
        "on, nothing committed) or no-sale."
    )
    objective_met: YesPartlyNo | None = Field(None, description="Was the objective met?")
    felt: Felt | None = Field(None, description=_FELT_HELP)
    goals: list[GoalResult] = Field(default_factory=list, description="Actual against each goal.")
    went_well: Paragraphs = Field(default_factory=list, description="What went well.")
    to_improve: Paragraphs = Field(default_factory=list, description="What could have gone better.")
    next_time: Paragraphs = Field(default_factory=list, description="What changes next time.")
    objections: list[RaisedObjection] = Field(
        default_factory=list, description="Objections raised."
    )
    next_steps: list[NextStep] = Field(default_factory=list, description="Agreed next steps.")
    steps_done: list[Line] = Field(
        default_factory=list,
        description="Next steps agreed at an earlier call of this account and done by this "
        "call, each by its action as written there (case and spacing aside); they count as "
        "done on this call's date.",
    )
    feedback: Text | None = Field(None, description="What the customer said about us.")
    forecast: Forecast | None = Field(None, description="Forecast after this call.")


class Call(Strict):
    """`plans/<account>/<YYYY-MM-DD>-<slug>.yaml`: one call, its plan and later its debrief."""

    date: Date = Field(description="The day of the call (YYYY-MM-DD); matches the file name.")
    rep: RepId = Field(description="The rep id (from team.yaml) who leads the call.")
    type: CallType = Field(description="Kind of call.")
    title: Line | None = Field(None, description="A short title; defaults to the type and account.")
    exemplary: bool = Field(
        False, description="The team picked this call as an example to learn from."
    )
    attendees: list[Person] = Field(
        default_factory=list, description="Who attends from the customer."
    )
    plan: Plan = Field(description="The plan, written before the call.")
    debrief: Debrief | None = Field(None, description="The debrief, added after the call.")
