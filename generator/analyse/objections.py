"""Objections: how often each comes up, in plans and debriefs, and which response did best."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from generator.analyse.outcomes import enough
from generator.models.project import CallEntry
from generator.models.topics import Topics

_NOT_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)
def normal(text: str) -> str:
    # Cached: the same objections, metrics and units recur across 10,000s of calls.
    return _NOT_WORD.sub(" ", text.lower()).strip()


def topic_key(topic: str | None, text: str) -> str:
    """The objection library's group of an objection: its topic, or its words without one."""
    return topic or normal(text)


def topic_label(topic: str | None, text: str, labels: Mapping[str, str] | None = None) -> str:
    """What the library calls that group: the topic's label in the team's vocabulary (`labels`,
    plans/topics.yaml), else its id in words; the objection itself when it has no topic."""
    if not topic:
        return text
    return (labels or {}).get(topic) or topic.replace("-", " ").capitalize()


def anchor(key: str) -> str:
    """The id of a group's section in the library; a key holds only a-z, 0-9, '-' and ' '."""
    return key.replace(" ", "-")


@dataclass
class ResponseRecord:
    """How one response to an objection fared each time it was used."""

    response: str
    tried: int = 0
    worked: int = 0
    partly: int = 0
    failed: int = 0
    calls: list[CallEntry] = field(default_factory=list)
    """The calls that used it, in the order read (one entry per use)."""

    @property
    def score(self) -> float:
        return (self.worked + 0.5 * self.partly) / self.tried if self.tried else 0.0


@dataclass
class ObjectionGroup:
    """One objection topic across every call that planned for it or met it."""

    key: str
    label: str
    covers: str | None = None
    """What the topic covers, in the team's vocabulary."""
    raised: int = 0
    planned: int = 0
    responses: list[ResponseRecord] = field(default_factory=list)
    planned_responses: dict[str, list[CallEntry]] = field(default_factory=dict)
    """Each response plans gave, by its words, with the calls that planned it."""
    calls: list[CallEntry] = field(default_factory=list)

    @property
    def best(self) -> ResponseRecord | None:
        """The response with the best record among those tried often enough to tell (the one
        small-sample rule, `enough`); responses are kept sorted best first."""
        return next((r for r in self.responses if enough(r.tried) and (r.worked or r.partly)),
                    None)

    @property
    def anchor(self) -> str:
        return anchor(self.key)

    @property
    def mentions(self) -> int:
        return self.raised + self.planned


def objection_groups(calls: Iterable[CallEntry],
                     topics: Topics | None = None) -> list[ObjectionGroup]:
    """Objections grouped by topic (or by their words when no topic is given), most common
    first; a topic named by its label in `topics`, the team's vocabulary."""
    labels = topics.labels() if topics else {}
    covers = {t.id: t.covers for t in topics.topics} if topics else {}
    groups: dict[str, ObjectionGroup] = {}
    responses: dict[tuple[str, str], ResponseRecord] = {}

    def group(entry: CallEntry, topic: str | None, text: str, seen: set[str]) -> ObjectionGroup:
        key = topic_key(topic, text)
        if key not in groups:
            groups[key] = ObjectionGroup(key, topic_label(topic, text, labels),
                                         covers.get(topic) if topic else None)
        if key not in seen:
            groups[key].calls.append(entry)
            seen.add(key)
        return groups[key]

    for entry in calls:
        seen: set[str] = set()
        for topic, objection, planned_response in entry.brief.objections:
            g = group(entry, topic, objection, seen)
            g.planned += 1
            g.planned_responses.setdefault(planned_response, []).append(entry)
        for topic, objection, response, worked in entry.brief.raised:
            g = group(entry, topic, objection, seen)
            g.raised += 1
            if not response:
                continue
            rkey = (g.key, normal(response))
            if rkey not in responses:
                responses[rkey] = ResponseRecord(response)
                g.responses.append(responses[rkey])
            record = responses[rkey]
            record.tried += 1
            record.calls.append(entry)
            if worked == "yes":
                record.worked += 1
            elif worked == "partly":
                record.partly += 1
            elif worked == "no":
                record.failed += 1
    for g in groups.values():
        g.responses.sort(key=lambda r: (-r.score, -r.tried, r.response))
    return sorted(groups.values(), key=lambda g: (-g.mentions, g.key))
