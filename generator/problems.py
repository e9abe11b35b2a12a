"""Problems as values: one per thing wrong with the input, and the error that carries them."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong with one place in one input file; line and column are 1-based."""

    path: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return printable(f"{self.path}:{self.line}:{self.column}:{field} {self.message}")


# Keys, values and file names from a file reach the terminal and CI logs: a newline would forge
# a problem line, escape and direction characters would restyle or reorder what is shown.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text with control and direction characters shown as escapes such as \\n or \\u202e."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


class ProblemError(Exception):
    """Carries every problem found to the command line, which prints them all at once."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(f"{len(self.problems)} problem(s)")


def suggest(word: str, known: Iterable[str]) -> str:
    """A ' did you mean ...?' tail naming the nearest known word, or '' when nothing is near."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def field_path(parts: Sequence[str | int]) -> str:
    """Render a location such as ('plan', 'goals', 1, 'target') as 'plan.goals[1].target'."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def _escape_annotation(text: str) -> str:
    # GitHub workflow commands treat %, CR and LF specially in the message and , : in properties.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_annotation(text).replace(":", "%3A").replace(",", "%2C")


def format_problems(problems: Sequence[Problem], fmt: str) -> str:
    """Format problems as plain lines ('text'), GitHub annotations ('github') or JSON ('json')."""
    if fmt == "json":
        return json.dumps([asdict(p) for p in problems], indent=2, ensure_ascii=False)
    if fmt == "github":
        lines = []
        for p in problems:
            title = _escape_property(printable(p.field or "playbook"))
            text = f"{p.field}: {p.message}" if p.field else p.message
            message = _escape_annotation(printable(text))
            lines.append(
                f"::error file={_escape_property(printable(p.path))},line={p.line},col={p.column},"
                f"title={title}::{message}"
            )
        return "\n".join(lines)
    return "\n".join(str(p) for p in problems)
