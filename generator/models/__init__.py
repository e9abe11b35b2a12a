"""The typed, immutable models of every YAML file in `plans/`."""

from generator.models.account import Account
from generator.models.call import Call, Debrief, Plan
from generator.models.checklists import Checklists
from generator.models.team import Team
from generator.models.topics import Topics

__all__ = ["Account", "Call", "Checklists", "Debrief", "Plan", "Team", "Topics"]
