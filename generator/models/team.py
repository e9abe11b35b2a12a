"""The team file: who the reps are."""

from __future__ import annotations

from pydantic import Field, field_validator

from generator.models.common import Date, Line, Slug, Strict, check_unique


class Rep(Strict):
    """One member of the sales team."""

    id: Slug = Field(description="Short id used in call files, e.g. `dana-k`.")
    name: Line = Field(description="Full name.")
    role: Line = Field("Account Executive", description="Job title.")
    start_date: Date | None = Field(None, description="First day on the team (YYYY-MM-DD).")

    @field_validator("id")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value == "index":  # reps/index.md is the list of reps, not a rep's page
            raise ValueError("the id 'index' is reserved for the list of reps")
        return value


class Team(Strict):
    """`plans/team.yaml`: the reps whose calls this playbook holds."""

    name: Line = Field("Sales team", description="The team's name, shown on the site.")
    reps: list[Rep] = Field(min_length=1, description="Every rep who plans or owns calls.")
    debrief_grace_days: int = Field(
        2, ge=0, le=60, description="Days after a call before its missing debrief counts as "
        "overdue; until then it is due.")
    sample_date: Date | None = Field(
        None, description="For a sample or demo team only: the day its plans are set on, used "
        "as today when no --today is given. A real team leaves it out and gets the real date.")

    @field_validator("reps")
    @classmethod
    def _unique_ids(cls, reps: list[Rep]) -> list[Rep]:
        check_unique((rep.id for rep in reps), "rep id")
        return reps

    def rep(self, rep_id: str) -> Rep | None:
        return next((r for r in self.reps if r.id == rep_id), None)
