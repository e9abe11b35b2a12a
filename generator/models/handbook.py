"""A hand-written page as the review of the handbook sees it, and a review interval."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Interval:
    """A review interval: a count of days, weeks, months or years."""

    count: int
    unit: str  # day, week, month or year

    def __str__(self) -> str:
        return f"{self.count} {self.unit}{'' if self.count == 1 else 's'}"


@dataclass(frozen=True)
class HandbookPage:
    """One hand-written page: its path under content/, its title, its owner and interval.
    `problem` says what is wrong with its front matter, if anything."""

    path: str
    title: str
    owner: str | None
    every: Interval | None
    problem: str | None = None
