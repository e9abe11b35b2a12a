"""The closed sets of words a call file uses: call types and outcomes.

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
