"""How calls felt to the rep (a debrief's `felt`, 1 to 5) by band of planning, in plain words.

The seed's second claim: reps who plan more are less frustrated after their calls. The bands are
the outcome figures' bands (completeness, effort) and the small-sample rule is theirs, `enough`,
counted in rated calls: a debrief without a rating counts in none of these figures.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from generator.analyse.outcomes import (
    COMPLETENESS_BANDS,
    EFFORT_BANDS,
    MIN_CALLS,
    NOT_RECORDED,
    by_completeness,
    by_effort,
    enough,
)
from generator.models.brief import Brief
from generator.models.project import Project
from generator.vocabulary import FELT


@dataclass(frozen=True)
class FeltBand:
    """The ratings of the debriefed calls in one band of completeness or effort."""

    label: str
    low: int | None  # None for the calls whose effort was not recorded
    high: int | None  # None when the band has no upper end
    debriefed: int
    counts: tuple[int, ...]
    """How many rated calls gave each rating, 1 to 5."""

    @property
    def rated(self) -> int:
        return sum(self.counts)

    @property
    def unrated(self) -> int:
        """Debriefed calls in the band whose debrief gives no `felt`."""
        return self.debriefed - self.rated

    @property
    def rough(self) -> int:
        """Rated calls that felt rough or hard going (1 or 2)."""
        return self.counts[0] + self.counts[1]

    @property
    def good(self) -> int:
        """Rated calls that felt good or great (4 or 5)."""
        return self.counts[3] + self.counts[4]

    @property
    def average(self) -> float | None:
        """The mean rating, or None with no rating."""
        if not self.rated:
            return None
        return sum(n * c for n, c in zip(FELT, self.counts, strict=True)) / self.rated

    @property
    def enough(self) -> bool:
        return enough(self.rated)


def felt_band(label: str, low: int | None, high: int | None, calls: Sequence[Brief]) -> FeltBand:
    """One band's ratings from its debriefed calls."""
    counts = [0] * len(FELT)
    for call in calls:
        if call.felt is not None:
            counts[call.felt - 1] += 1
    return FeltBand(label, low, high, len(calls), tuple(counts))


def _felt_bands(groups: Mapping[str, Sequence[Brief]],
                bands: Sequence[tuple[str, int, int | None]]) -> list[FeltBand]:
    found = [felt_band(label, low, high, groups.get(label, ())) for label, low, high in bands]
    if groups.get(NOT_RECORDED):
        found.append(felt_band(NOT_RECORDED, None, None, groups[NOT_RECORDED]))
    return found


def felt_by_completeness(project: Project, scores: dict[str, int]) -> list[FeltBand]:
    """Ratings of debriefed calls by the completeness band of their plan."""
    return _felt_bands(by_completeness(project, scores), COMPLETENESS_BANDS)


def felt_by_effort(project: Project) -> list[FeltBand]:
    """Ratings of debriefed calls by planning effort; effort not recorded last, if any."""
    return _felt_bands(by_effort(project), EFFORT_BANDS)


def _rated(n: int) -> str:
    return f"{n} rated call{'' if n == 1 else 's'}"


def felt_reading(bands: Sequence[FeltBand], describe: Callable[[str], str]) -> str:
    """What the ratings say in plain words: how many, whether enough, and correlation.

    `describe` turns a band label into a phrase such as "thorough plans".
    """
    rated = sum(b.rated for b in bands)
    unrated = sum(b.unrated for b in bands)
    if rated == 0:
        return ("No debrief rates how the call felt yet, so there is nothing to compare."
                if unrated else "No call has a debrief yet, so there is nothing to compare.")
    missing = (f" {unrated} debriefed call{' has' if unrated == 1 else 's have'} no rating and "
               "count in none of these figures." if unrated else "")
    solid = [b for b in bands if b.low is not None and b.enough]
    if len(solid) < 2:
        which = (f"only {describe(solid[0].label)} reach that" if solid
                 else "no band reaches that yet")
        return (f"This rests on {_rated(rated)}: too few to say anything yet. A comparison "
                f"needs at least two bands with {MIN_CALLS} or more rated calls each; "
                f"{which}.{missing}")
    best = max(solid, key=lambda b: b.average or 0.0)
    worst = min(solid, key=lambda b: b.average or 0.0)

    def record(b: FeltBand) -> str:
        return (f"{b.average or 0.0:.1f} on average ({b.rough} of {b.rated} rough or hard "
                f"going, {b.good} good or great)")

    if f"{best.average or 0.0:.1f}" == f"{worst.average or 0.0:.1f}":
        text = f"The bands with enough ratings felt the same to the reps: {record(best)}."
    else:
        first = describe(best.label)
        text = (f"{first[:1].upper()}{first[1:]} felt {record(best)}; "
                f"{describe(worst.label)} {record(worst)}.")
    small = rated - sum(b.rated for b in solid)
    rest = f", {small} of them in bands too small to read" if small else ""
    return (f"{text} This rests on {_rated(rated)}{rest}.{missing} It is a correlation, not "
            f"proof that planning made the call feel better.")
