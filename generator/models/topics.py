"""The team's objection topics: the words that group the same objection across calls."""

from __future__ import annotations

from pydantic import Field, field_validator

from generator.models.common import Line, Slug, Strict, Text, check_unique


class ObjectionTopic(Strict):
    """One kind of objection, as the team names it."""

    id: Slug = Field(description="Short id that plans and debriefs write under `topic`, "
                                 "e.g. `price`.")
    label: Line = Field(description="The topic's name on the site, e.g. 'Price'.")
    covers: Text | None = Field(None, description="What belongs under it, so that two reps "
                                                  "file the same objection alike.")


class Topics(Strict):
    """`plans/topics.yaml`: the objection topics plans and debriefs may use."""

    topics: list[ObjectionTopic] = Field(
        min_length=1, description="Every topic, in the order the team wants them listed.")

    @field_validator("topics")
    @classmethod
    def _unique_ids(cls, topics: list[ObjectionTopic]) -> list[ObjectionTopic]:
        check_unique((topic.id for topic in topics), "topic id")
        return topics

    def ids(self) -> list[str]:
        """The ids, in the file's order."""
        return [t.id for t in self.topics]

    def labels(self) -> dict[str, str]:
        """Each topic's label by its id: what a reader is shown for it."""
        return {t.id: t.label for t in self.topics}
