"""The closed sets of words a call file uses: call types, outcomes and how a call felt.

Apart from the models so that the command line can offer them without loading pydantic.
"""

from __future__ import annotations

from typing import Literal, get_args

CallType = Literal[
    "discovery", "demo", "proposal", "negotiation", "closing", "follow-up", "review", "other"
]
CALL_TYPES: tuple[CallType, ...] = get_args(CallType)
Outcome = Literal["order", "advance", "continuation", "no-sale"]
OUTCOMES: tuple[Outcome, ...] = ("order", "advance", "continuation", "no-sale")
LATE_STAGE: tuple[CallType, ...] = ("proposal", "negotiation", "closing")
FELT: dict[int, str] = {1: "rough", 2: "hard going", 3: "mixed", 4: "good", 5: "great"}
"""A debrief's `felt`, the rep's own rating of how the call went for them, and its word."""
FELT_MEANING: dict[int, str] = {
    1: "it went badly for me and I left frustrated",
    2: "more struggle than progress",
    3: "some of it went well, some did not",
    4: "it went mostly as I wanted",
    5: "I was in control and left confident",
}
