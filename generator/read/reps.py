"""Which rep a mistyped rep id meant: from a near spelling, a prefix, or the rep's name."""

from __future__ import annotations

import difflib
import re

from generator.models import Team

_WORD = re.compile(r"[^\w]+")


def _words(text: str) -> list[str]:
    return [w for w in _WORD.split(text.casefold().replace("_", " ")) if w]


def rep_matches(written: str, team: Team) -> list[str]:
    """The ids of the reps `written` most likely means, best first (at most three).

    `Tom Becker` and `tom_becker` name a rep by name; `tom` and `becker` start one of the words of
    an id or name; anything else is matched by spelling, as every did-you-mean is.
    """
    words = _words(written)
    if not words:
        return []
    joined = "-".join(words)
    for rep in team.reps:
        if joined in (rep.id, "-".join(_words(rep.name))):
            return [rep.id]
    # Every word written starts a word of the rep's id or name, in any order: 'tom', 'becker',
    # 'tom b' and 'Becker, Tom' all find tom-becker.
    starts = [rep.id for rep in team.reps
              if all(any(part.startswith(w) for part in {*_words(rep.id), *_words(rep.name)})
                     for w in words)]
    if starts:
        return starts[:3]
    return difflib.get_close_matches(written, [r.id for r in team.reps], n=1, cutoff=0.6)


def suggest_rep(written: str, team: Team) -> str:
    """A ' did you mean ...?' tail naming the rep ids `written` may mean, or ''."""
    found = rep_matches(written, team)
    if not found:
        return ""
    return "; did you mean " + " or ".join(f"'{rep}'" for rep in found) + "?"
