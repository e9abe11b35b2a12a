"""Say a quantity as a rep reads it: the number, then its unit in the singular for exactly one
("1 date", "1 person") and in the plural otherwise ("2 dates"), whichever form the plan used."""

from __future__ import annotations

from functools import lru_cache

_IRREGULAR = {"person": "people", "criterion": "criteria", "child": "children",
              "man": "men", "woman": "women", "analysis": "analyses"}
_SINGULAR = {plural: one for one, plural in _IRREGULAR.items()}
# Short forms and words that read the same either way stay as written.
_AS_WRITTEN = {"min", "mins", "sec", "secs", "hr", "hrs", "km", "kg", "lb", "lbs", "ft", "pcs",
               "per", "series", "news", "status", "bonus", "yes", "no", "data", "staff"}


def _is_word(word: str) -> bool:
    return len(word) >= 3 and word.isalpha() and word.islower() and word not in _AS_WRITTEN


def singular(word: str) -> str:
    if word in _SINGULAR or not _is_word(word):
        return _SINGULAR.get(word, word)
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "zzes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def plural(word: str) -> str:
    if word in _IRREGULAR or word in _SINGULAR or not _is_word(word):
        return _IRREGULAR.get(word, word)
    if word.endswith("s") and not word.endswith("ss"):  # already plural: "dates"
        return word
    if word.endswith(("ss", "ch", "sh", "x", "z")):
        return word + "es"
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


@lru_cache(maxsize=4096)
def unit_for(value: float, unit: str) -> str:
    """`unit` agreeing with `value`: its last word made singular or plural."""
    head, _, last = unit.rpartition(" ")
    word = singular(last) if value == 1 else plural(last)
    return f"{head} {word}" if head else word


def number(value: float | int | None, digits: int = 0) -> str:
    """A number as a page shows it: thousands separated, a fraction to `digits` places (at
    least one), a dash for none."""
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.{max(digits, 1)}f}"
    return f"{int(value):,}"


def quantity(value: float, unit: str) -> str:
    """A number and its unit as a rep reads them: "1 date", "2 dates", "40%", "12,500 USD"."""
    if unit == "%":
        return f"{number(value)}%"
    return f"{number(value)} {unit_for(value, unit)}"
