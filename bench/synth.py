"""Make a synthetic team of N calls: same schema as plans/, realistic sizes, fixed by a seed."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
from pathlib import Path

INDUSTRIES = ["Logistics", "Retail", "Manufacturing", "Healthcare", "Construction", "Food service",
              "Field services", "Wholesale", "Utilities", "Education"]
SEGMENTS = ["Enterprise", "Mid-market", "SMB"]
TYPES = ["discovery", "demo", "proposal", "negotiation", "closing", "follow-up", "review"]
OUTCOMES = ["order", "advance", "advance", "advance", "continuation", "continuation", "no-sale"]
TOPICS = {
    "price": "It costs more than what we pay today.",
    "incumbent": "We already have a system that mostly works.",
    "timing": "Now is not a good time; we are mid-season.",
    "security-review": "Our security team has to approve any new vendor.",
    "integration": "It has to work with our ERP, and that never goes smoothly.",
    "no-budget": "There is no budget left this year.",
    "need-approval": "I need to run this past the board.",
    "switching-cost": "Retraining everyone would cost us a month.",
}
RESPONSES = [
    "Compared total cost per job over three years instead of licence price.",
    "Offered a paid pilot on one depot with clear success criteria.",
    "Shared a reference customer of the same size in the same industry.",
    "Sent our security pack and offered a call with our security lead.",
    "Proposed a phased start that fits the budget cycle.",
    "Walked through the standard ERP connector and its setup time.",
]
WORDS = [
    "route", "fleet", "depot", "driver", "schedule", "invoice", "dispatch", "customer", "margin",
    "fuel", "overtime", "report", "dashboard", "pilot", "rollout", "training", "contract",
    "renewal", "forecast", "budget", "team", "region", "manager", "visit", "service", "quality",
    "delay", "cost", "saving",
]


def _sentence(rng: random.Random, n: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _text(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _q(value: str) -> str:
    return json.dumps(value)


def _call(rng: random.Random, date: dt.date, rep: str, contacts: list[str],
          today: dt.date, checklist_ids: list[str]) -> str:
    thorough = rng.random()
    lines = [f"date: {date}", f"rep: {rep}", f"type: {rng.choice(TYPES)}",
             f"title: {_q(_sentence(rng, 5)[:-1])}", "attendees:"]
    for name in rng.sample(contacts, k=min(len(contacts), rng.randint(1, 3))):
        lines += [f"  - name: {_q(name)}", "    role: " + rng.choice(
            ["economic-buyer", "user", "technical-buyer", "coach"])]
    lines += ["plan:", f"  objective: {_q(_sentence(rng))}"]
    goals = [f"goal {i + 1}" for i in range(rng.randint(0, 3) if thorough > 0.2 else 0)]
    if thorough > 0.3:
        lines += [f"  advance: {_q(_sentence(rng))}", f"  minimum_action: {_q(_sentence(rng))}",
                  f"  research: {_q(_text(rng, 3))}", f"  strategy: {_q(_text(rng, 3))}",
                  "  agenda:", *[f"    - {_q(_sentence(rng, 6))}" for _ in range(4)],
                  "  questions:", *[f"    - {_q(_sentence(rng, 9))}" for _ in range(3)]]
    if goals:
        lines.append("  goals:")
        for g in goals:
            lines += [f"    - metric: {g}", f"      target: {rng.randint(1, 10)}",
                      "      unit: items"]
    topics = rng.sample(sorted(TOPICS), k=rng.randint(0, 3))
    if topics:
        lines.append("  objections:")
        for t in topics:
            lines += [f"    - topic: {t}", f"      objection: {_q(TOPICS[t])}",
                      f"      response: {_q(rng.choice(RESPONSES))}"]
    if thorough > 0.6:
        lines += ["  materials:", "    - Deck", "    - title: Pricing sheet",
                  "      url: https://example.com/pricing", f"  practice: {_q(_sentence(rng))}",
                  f"  roi: {_q(_sentence(rng))}"]
    lines.append(f"  effort_minutes: {int(thorough * 150)}")
    ticked = [i for i in checklist_ids if rng.random() < thorough]
    lines.append(f"  checklist: [{', '.join(ticked)}]")
    if date < today and rng.random() < 0.85:
        lines += ["debrief:", f"  date: {date + dt.timedelta(days=rng.randint(0, 4))}",
                  f"  outcome: {rng.choice(OUTCOMES)}",
                  f"  objective_met: {rng.choice(['yes', 'partly', 'no'])}"]
        if goals:
            lines.append("  goals:")
            lines += [f"    - metric: {g}\n      actual: {rng.randint(0, 10)}" for g in goals]
        lines += ["  went_well:", *[f"    - {_q(_sentence(rng))}" for _ in range(2)],
                  "  to_improve:", f"    - {_q(_sentence(rng))}",
                  "  next_time:", f"    - {_q(_sentence(rng))}"]
        if topics:
            lines.append("  objections:")
            for t in topics[:2]:
                lines += [f"    - topic: {t}", f"      objection: {_q(TOPICS[t])}",
                          f"      response: {_q(rng.choice(RESPONSES))}",
                          f"      worked: {rng.choice(['yes', 'partly', 'no'])}"]
        lines += ["  next_steps:", f"    - action: {_q(_sentence(rng, 7))}", f"      owner: {rep}",
                  f"      due: {date + dt.timedelta(days=7)}",
                  f"  feedback: {_q(_text(rng, 2))}"]
    return "\n".join(lines) + "\n"


def make_team(out: Path, calls: int, seed: int = 7, today: dt.date = dt.date(2026, 11, 26),
              repo: Path | None = None) -> Path:
    """Write a project with `calls` calls into out/ (plans/, content/, mkdocs.yml); return out."""
    rng = random.Random(seed)
    repo = repo or Path(__file__).resolve().parent.parent
    shutil.rmtree(out, ignore_errors=True)
    plans = out / "plans"
    plans.mkdir(parents=True)
    shutil.copy(repo / "mkdocs.yml", out / "mkdocs.yml")
    shutil.copytree(repo / "content", out / "content", ignore=shutil.ignore_patterns("team"))
    shutil.copy(repo / "generator" / "defaults" / "checklists.yaml", plans / "checklists.yaml")
    import yaml  # noqa: PLC0415

    from generator.models import Checklists  # noqa: PLC0415 - only to read the item ids

    checklists = Checklists.model_validate(
        yaml.safe_load((plans / "checklists.yaml").read_text(encoding="utf-8")))
    ids = checklists.pre_sales_ids()
    reps = [f"rep-{i:02d}" for i in range(max(4, calls // 200))]
    team = ["name: Synthetic team", "reps:"]
    team += [f"  - id: {r}\n    name: Rep {r[4:]}\n    start_date: 2024-01-15" for r in reps]
    (plans / "team.yaml").write_text("\n".join(team) + "\n", encoding="utf-8")
    accounts = max(8, calls // 15)
    start = today - dt.timedelta(days=365)
    per_account = [calls // accounts + (1 if i < calls % accounts else 0) for i in range(accounts)]
    for a, count in enumerate(per_account):
        slug = f"account-{a:05d}"
        contacts = [f"Contact {a}-{i}" for i in range(rng.randint(1, 4))]
        owner = rng.choice(reps)
        account = [f"name: {_q(f'Account {a} Ltd')}", f"industry: {rng.choice(INDUSTRIES)}",
                   f"segment: {rng.choice(SEGMENTS)}", "stage: qualified", f"owner: {owner}",
                   "research:", f"  situation: {_q(_text(rng, 3))}",
                   "  needs:", *[f"    - {_q(_sentence(rng, 8))}" for _ in range(2)],
                   "contacts:"]
        roles = ["economic-buyer", "user", "coach"]
        account += [f"  - name: {_q(c)}\n    role: {rng.choice(roles)}" for c in contacts]
        folder = plans / slug
        folder.mkdir()
        (folder / "account.yaml").write_text("\n".join(account) + "\n", encoding="utf-8")
        days = sorted(rng.sample(range(400), k=count))
        for n, day in enumerate(days):
            date = start + dt.timedelta(days=day)
            text = _call(rng, date, rng.choice(reps), contacts, today, ids)
            (folder / f"{date}-call-{n}.yaml").write_text(text, encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("calls", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    make_team(args.out, args.calls, args.seed)


if __name__ == "__main__":
    main()
