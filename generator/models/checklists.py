"""The per-phase checklists of the Sales Execution Model."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field, field_validator, model_validator

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

    phases: list[Phase] = Field(
        min_length=1,
        description="Phases in order, each of the four once: the model's pages show every "
                    "phase's checklist.")

    @field_validator("phases")
    @classmethod
    def _every_phase(cls, phases: list[Phase]) -> list[Phase]:
        # The hand-written page of each phase includes its checklist: one missing here would
        # pass validation and then break the build on a missing snippet.
        listed = {phase.id for phase in phases}
        missing = [phase for phase in get_args(PhaseId) if phase not in listed]
        if missing:
            names = " and ".join(f"'{m}'" for m in missing)
            raise ValueError(f"{'phase' if len(missing) == 1 else 'phases'} {names} "
                             f"{'is' if len(missing) == 1 else 'are'} missing: "
                             "the site has a page for each of the four phases of the model, "
                             "and each shows its checklist")
        return phases

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
