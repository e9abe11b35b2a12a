"""Sales playbook generator: load, validate, analyse, render and write a team's call plans."""

__version__ = "0.1.0"
