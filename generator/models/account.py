"""An account: the customer or prospect, what we know about it, and who is who there."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.models.common import Line, Paragraphs, Person, RepId, Strict, Text

Stage = Literal["prospect", "qualified", "proposal", "negotiation", "customer", "lost", "dormant"]


class Competitor(Strict):
    """A competitor in the deal: where they are strong and where we are."""

    name: Line = Field(description="The competitor.")
    their_strengths: Paragraphs = Field(default_factory=list, description="Where they beat us.")
    our_strengths: Paragraphs = Field(default_factory=list, description="Where we beat them.")


class Research(Strict):
    """Pre-Sales planning: what we know of the customer's situation and market."""

    situation: Text | None = Field(None, description="The customer's situation today.")
    needs: Paragraphs = Field(default_factory=list, description="What they need, in their words.")
    competitors: list[Competitor] = Field(default_factory=list, description="Who else is in it.")
    industry: Text | None = Field(None, description="Industry trends and notes.")


class Account(Strict):
    """`plans/<account>/account.yaml`: one customer or prospect."""

    name: Line = Field(description="The company's name.")
    industry: Line | None = Field(None, description="Industry, e.g. Logistics.")
    segment: Line | None = Field(None, description="Segment, e.g. Mid-market.")
    stage: Stage | None = Field(None, description="Where the relationship stands.")
    owner: RepId | None = Field(None, description="The rep id who owns the account.")
    research: Research = Field(default_factory=Research, description="Account research.")
    contacts: list[Person] = Field(default_factory=list, description="People and buying roles.")
    notes: Text | None = Field(None, description="Anything else.")
