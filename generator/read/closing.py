"""Check each debrief's steps_done against the open next steps of its account's earlier calls.

A later debrief marks a step done by its action as written at the earlier call (case and
spacing aside). It must name a step of an earlier call of the same folder that is still open
by then: not done on the step itself, nor named done by a debrief in between. The files read
are those of one folder, so whichever process checks the folder checks these too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence

from generator.models.brief import Brief
from generator.models.call import step_words
from generator.problems import Problem, field_path, suggest
from generator.read.sources import Source


def earlier_part(calls: Sequence[tuple[str, Source]], display: str) -> str:
    """What a call that names steps done is checked against besides itself: a digest of the
    folder's calls (display path and digest) before it, by date then path."""
    mine = calls_order(calls)
    at = next(i for i, (d, _) in enumerate(mine) if d == display)
    text = "|".join(f"{d}={s.digest}" for d, s in mine[:at])
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def calls_order(calls: Sequence[tuple[str, Source]]) -> list[tuple[str, Source]]:
    """A folder's calls (display path, source) as the project orders them: by date, then id."""
    return sorted(calls, key=lambda c: (c[1].light.date, c[0]))


def check_steps_done(calls: Sequence[tuple[str, Source]],
                     checked: set[str] | None = None) -> Iterator[Problem]:
    """Problems of the steps_done of one folder's calls (display path, source); only those of
    the calls in `checked`, when given (the others passed in the same context before)."""
    open_steps: dict[str, str] = {}  # words -> the action as first written
    shut: dict[str, str] = {}  # words -> how it was closed, in words
    for display, source in calls_order(calls):
        brief: Brief = source.light
        seen: set[str] = set()
        for k, text in enumerate(brief.closes):
            words = step_words(text)
            if words in seen:
                continue
            seen.add(words)
            if open_steps.pop(words, None) is not None:
                shut[words] = f"named done at the call of {brief.date} already"
                continue
            if checked is not None and display not in checked:
                continue
            yield _problem(source, k, text, shut.get(words), actions=open_steps.values(),
                           date=brief.date)
        for action, (_, _, done) in zip(brief.actions, brief.steps, strict=True):
            words = step_words(action)
            if done is None:
                open_steps.setdefault(words, action)
                shut.pop(words, None)
            elif words not in open_steps:
                shut[words] = f"marked done on {done} at the call of {brief.date}"


def _problem(source: Source, k: int, text: str, shut: str | None, *, actions: Iterable[str],
             date: dt.date) -> Problem:
    loc = ("debrief", "steps_done", k)
    line, column = source.where(loc)
    if shut is not None:
        message = f"'{text}' was {shut}: it is no longer open"
    else:
        message = (f"'{text}' is not an open next step of an earlier call at this account"
                   f"{suggest(text, actions)} (it names a step by its action as "
                   f"written there, at a call before {date})")
    return Problem(source.path, line, column, field_path(loc), message)
