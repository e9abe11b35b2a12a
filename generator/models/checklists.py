"""The per-phase checklists of the Sales Execution Model."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from generator.models.common import Line, Slug, Strict, Text

PhaseId = Literal["pre-sales-planning", "pre-sales-preparing", "sales", "post-sales"]
PRE_SALES: tuple[PhaseId, ...] = ("pre-sales-planning", "pre-sales-preparing")


class ChecklistItem(Strict):
    """One thing to do in a phase, and why it matters."""

    id: Slug = Field(description="Short id that plans list under `plan.checklist` once done.")
    text: Line = Field(description="What to do.")
    why: Text | None = Field(None, description="Why it matters: what skipping it costs.")


class Phase(Strict):
    """A phase of the model with its checklist."""

    id: PhaseId = Field(description="Which phase of the Sales Execution Model.")
    title: Line = Field(description="Heading shown on the site.")
    summary: Text | None = Field(None, description="One paragraph on what the phase is for.")
    items: list[ChecklistItem] = Field(min_length=1, description="The checklist.")


class Checklists(Strict):
    """`plans/checklists.yaml`: the team's checklists, one per phase."""

    phases: list[Phase] = Field(min_length=1, description="Phases in order.")

    @model_validator(mode="after")
    def _unique(self) -> Checklists:
        seen_phases: set[str] = set()
        seen_items: set[str] = set()
        for phase in self.phases:
            if phase.id in seen_phases:
                raise ValueError(f"phase '{phase.id}' appears twice")
            seen_phases.add(phase.id)
            for item in phase.items:
                if item.id in seen_items:
                    raise ValueError(f"checklist item id '{item.id}' is used twice")
                seen_items.add(item.id)
        return self

    def pre_sales_ids(self) -> list[str]:
        """Ids a plan may tick, in checklist order."""
        return [i.id for p in self.phases if p.id in PRE_SALES for i in p.items]
