"""A small team whose warnings are known by construction, optionally with a dated git history.

Today is 2026-04-01. The accounts: `acme` (economic buyer among its contacts, two good calls),
`birch` (three continuations in a row, then a closing call with no debrief and no economic buyer),
`cedar` (two continuations, then an advance: not stalling; a call today and one ahead) and `dune`
(six old calls moved in by one import commit, which the late-plan rule must ignore).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

from conftest import write

TODAY = dt.date(2026, 4, 1)

TEAM = """\
name: Fixture team
reps:
  - id: dana-k
    name: Dana Kowalski
  - id: lee-m
    name: Lee Morgan
"""

ACCOUNTS = {
    "acme": "name: Acme\ncontacts:\n  - name: Jane Doe\n    role: economic-buyer\n",
    "birch": "name: Birch\ncontacts:\n  - name: Bo Birch\n    role: user\n",
    "cedar": "name: Cedar\n",
    "dune": "name: Dune\n",
}


def call_yaml(date: str, rep: str, kind: str, *, goals: bool = True, outcome: str | None = None,
              met: str | None = None, buyer: bool = False, effort: int | None = None) -> str:
    """A valid call file: a goal unless goals=False, a debrief when outcome is given."""
    lines = [f"date: {date}", f"rep: {rep}", f"type: {kind}"]
    if buyer:
        lines += ["attendees:", "  - name: Pat Buyer", "    role: economic-buyer"]
    lines += ["plan:", "  objective: Move the deal on."]
    if goals:
        lines += ["  goals:", "    - metric: people met", "      target: 2", "      unit: people"]
    if effort is not None:
        lines.append(f"  effort_minutes: {effort}")
    if outcome:
        lines += ["debrief:", f"  date: {date}", f"  outcome: {outcome}"]
        if met:
            lines.append(f'  objective_met: "{met}"')
        if goals:
            lines += ["  goals:", "    - metric: people met", "      actual: 2"]
    return "\n".join(lines) + "\n"


# path under plans/ -> file text; the comments say which rules each call fits
CALLS = {
    "acme/2026-03-02-discovery.yaml": call_yaml("2026-03-02", "dana-k", "discovery",
                                                outcome="advance", met="yes", effort=60),
    # late stage, but the account's contacts name an economic buyer
    "acme/2026-03-09-proposal.yaml": call_yaml("2026-03-09", "dana-k", "proposal",
                                               outcome="order", met="yes", effort=90),
    "birch/2026-03-03-discovery.yaml": call_yaml("2026-03-03", "lee-m", "discovery",
                                                 outcome="continuation", met="no", effort=20),
    # no goal; committed two days after the call
    "birch/2026-03-10-demo.yaml": call_yaml("2026-03-10", "lee-m", "demo", goals=False,
                                            outcome="continuation", met="partly"),
    # no economic buyer; committed on the day of the call, which is not late
    "birch/2026-03-17-negotiation.yaml": call_yaml("2026-03-17", "lee-m", "negotiation",
                                                   outcome="continuation", met="no", effort=30),
    # past, no debrief, no economic buyer
    "birch/2026-03-24-closing.yaml": call_yaml("2026-03-24", "lee-m", "closing"),
    "cedar/2026-03-05-discovery.yaml": call_yaml("2026-03-05", "dana-k", "discovery",
                                                 outcome="continuation", met="no"),
    "cedar/2026-03-12-follow-up.yaml": call_yaml("2026-03-12", "dana-k", "follow-up",
                                                 outcome="continuation"),
    "cedar/2026-03-19-demo.yaml": call_yaml("2026-03-19", "dana-k", "demo", outcome="advance",
                                            met="yes", effort=45),
    # today, no debrief yet: not past; the economic buyer attends
    "cedar/2026-04-01-proposal.yaml": call_yaml("2026-04-01", "dana-k", "proposal", buyer=True),
    # ahead, no economic buyer known
    "cedar/2026-04-15-closing.yaml": call_yaml("2026-04-15", "dana-k", "closing"),
    **{f"dune/2026-01-{d:02d}-review.yaml": call_yaml(f"2026-01-{d:02d}", "dana-k", "review",
                                                     outcome="advance", met="yes")
       for d in (5, 6, 7, 8, 9, 10)},
}

EXPECTED = {
    "no-debrief": ["birch/2026-03-24-closing"],
    "no-goals": ["birch/2026-03-10-demo"],
    "no-economic-buyer": ["birch/2026-03-17-negotiation", "birch/2026-03-24-closing",
                          "cedar/2026-04-15-closing"],
    "stalled": ["birch/2026-03-03-discovery", "birch/2026-03-10-demo",
                "birch/2026-03-17-negotiation"],
    "late-plan": ["cedar/2026-03-05-discovery", "birch/2026-03-10-demo",
                  "cedar/2026-03-12-follow-up", "cedar/2026-03-19-demo"],
}  # each list oldest call first, the order alerts() gives

# (commit date, files added under plans/): each call's first commit decides the late-plan rule
HISTORY = [
    ("2026-02-20", ["team.yaml", *(f"{a}/account.yaml" for a in ACCOUNTS),
                    "acme/2026-03-02-discovery.yaml", "acme/2026-03-09-proposal.yaml",
                    "birch/2026-03-03-discovery.yaml"]),
    ("2026-03-12", ["birch/2026-03-10-demo.yaml"]),
    ("2026-03-17", ["birch/2026-03-17-negotiation.yaml"]),
    ("2026-03-20", ["birch/2026-03-24-closing.yaml", "cedar/2026-03-05-discovery.yaml",
                    "cedar/2026-03-12-follow-up.yaml", "cedar/2026-03-19-demo.yaml"]),
    ("2026-03-25", ["cedar/2026-04-01-proposal.yaml", "cedar/2026-04-15-closing.yaml"]),
    ("2026-03-30", [p for p in CALLS if p.startswith("dune/")]),  # an import: ignored
]


def make_team(root: Path) -> Path:
    """Write the fixture's plans/ under root; return root."""
    write(root, "plans/team.yaml", TEAM)
    for slug, text in ACCOUNTS.items():
        write(root, f"plans/{slug}/account.yaml", text)
    for path, text in CALLS.items():
        write(root, f"plans/{path}", text)
    return root


def git(root: Path, *args: str, day: str = "2026-01-01") -> None:
    stamp = f"{day}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_NAME": "Fixture", "GIT_AUTHOR_EMAIL": "f@example.com",
           "GIT_COMMITTER_NAME": "Fixture", "GIT_COMMITTER_EMAIL": "f@example.com",
           "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run([shutil.which("git") or "git", "-C", str(root), *args], check=True, env=env,
                   capture_output=True)


def make_history(root: Path) -> Path:
    """Write the team and commit its files in the dated steps of HISTORY; return root."""
    make_team(root)
    git(root, "init", "-q", "-b", "main")
    for day, files in HISTORY:
        git(root, "add", *(f"plans/{f}" for f in files))
        git(root, "commit", "-q", "-m", f"plans of {day}", day=day)
    # a later edit (the debrief, say) does not move the date the plan was first committed
    acme = root / "plans/acme/2026-03-02-discovery.yaml"
    acme.write_text(acme.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "review", day="2026-03-31")
    return root
