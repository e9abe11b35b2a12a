"""Pair a call's plan with its debrief where they meet: each objection expected with the one
raised on the same topic, so a call page can show them side by side."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from generator.analyse.objections import anchor, topic_key, topic_label
from generator.models.call import PlannedObjection, RaisedObjection


class Topic(NamedTuple):
    """An objection topic as the library shows it: its words and its section's id."""

    label: str
    anchor: str


class ObjectionPair(NamedTuple):
    """An objection expected in the plan and the one raised at the call on the same topic;
    either may be missing (expected but not raised, or raised unexpected)."""

    topic: Topic
    expected: PlannedObjection | None
    raised: RaisedObjection | None


def _topic(o: PlannedObjection | RaisedObjection, labels: Mapping[str, str]) -> Topic:
    return Topic(topic_label(o.topic, o.objection, labels),
                 anchor(topic_key(o.topic, o.objection)))


def objection_pairs(expected: Sequence[PlannedObjection], raised: Sequence[RaisedObjection],
                    labels: Mapping[str, str] | None = None) -> list[ObjectionPair]:
    """Each objection expected, in the plan's order, with the first raised one on its topic not
    yet paired; then the raised ones nobody expected, in the debrief's order. Topics are named
    by their `labels` (the team's vocabulary, by id)."""
    labels = labels or {}
    left = [(_topic(r, labels), r) for r in raised]
    pairs = []
    for e in expected:
        topic = _topic(e, labels)
        match = next((i for i, (t, _) in enumerate(left) if t.anchor == topic.anchor), None)
        pairs.append(ObjectionPair(topic, e, left.pop(match)[1] if match is not None else None))
    pairs += [ObjectionPair(topic, None, r) for topic, r in left]
    return pairs


def topics(pairs: Sequence[ObjectionPair]) -> list[Topic]:
    """Each topic of the pairs once, in their order."""
    seen: dict[str, Topic] = {}
    for p in pairs:
        seen.setdefault(p.topic.anchor, p.topic)
    return list(seen.values())
