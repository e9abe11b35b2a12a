"""The examples of "Writing a plan" and "Submitting a plan" name only what the sample team in
plans/ has: every account, rep and objection topic in their commands and YAML exists there, and
the worked example, saved where it says, passes `playbook validate` beside the sample. So a new
hire can follow them on the sample as written, and they cannot drift from it unseen."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml
from conftest import REPO, Run

from generator.read.project import read_project

PAGES = ("content/onboarding/writing-a-plan.md", "content/onboarding/submitting.md")
_BLOCK = re.compile(r"^ *```(sh|yaml)\n(.*?)^ *```", re.MULTILINE | re.DOTALL)
_SLUG = r"[a-z0-9][a-z0-9-]*"
# Where a command or a YAML line names an account, a rep or a topic. `new account SLUG` makes a
# new account, so its slug is not looked for; its --owner is a rep.
_ACCOUNTS = re.compile(rf"(?:new call|--account|plans/)\s*({_SLUG})")
_REPS = re.compile(rf"(?:--rep|--owner)\s+({_SLUG})|^\s*(?:rep|owner):\s*\"?({_SLUG})\"?\s*(?:#|$)",
                   re.MULTILINE)
_TOPICS = re.compile(rf"^\s*-?\s*topic:\s*({_SLUG})\s*$", re.MULTILINE)


def blocks(page: str) -> list[tuple[str, str]]:
    """The sh and yaml code blocks of a page, their indentation removed."""
    text = (REPO / page).read_text(encoding="utf-8")
    out = []
    for kind, body in _BLOCK.findall(text):
        lines = body.splitlines()
        indent = min((len(x) - len(x.lstrip()) for x in lines if x.strip()), default=0)
        out.append((kind, "\n".join(x[indent:] for x in lines) + "\n"))
    return out


def named(pattern: re.Pattern[str], text: str) -> set[str]:
    return {next(g for g in m.groups() if g) for m in pattern.finditer(text)}


def test_the_examples_name_only_accounts_reps_and_topics_of_the_sample() -> None:
    sample = read_project(REPO)
    accounts = set(sample.accounts)
    reps = {r.id for r in sample.team.reps}
    assert sample.topics is not None
    topics = set(sample.topics.ids())
    seen: dict[str, set[str]] = {"accounts": set(), "reps": set(), "topics": set()}
    for page in PAGES:
        for _, body in blocks(page):
            # A folder under plans/ that is a file of the repository itself is no account.
            seen["accounts"] |= {a for a in named(_ACCOUNTS, body)
                                 if a not in {"team", "checklists", "topics"}}
            seen["reps"] |= named(_REPS, body)
            seen["topics"] |= named(_TOPICS, body)
    # The examples do name some of each, so the check below checks something.
    assert seen["accounts"] and seen["reps"] and seen["topics"], seen
    assert seen["accounts"] - accounts == set()
    assert seen["reps"] - reps == set()
    assert seen["topics"] - topics == set()


def test_the_worked_example_is_a_valid_plan_of_the_sample(tmp_path: Path, run: Run) -> None:
    shutil.copytree(REPO / "plans", tmp_path / "plans")
    yamls = [body for kind, body in blocks(PAGES[0]) if kind == "yaml"]
    plan = next(b for b in yamls if b.lstrip("# \n").startswith(("yaml-language-server", "date:")))
    debrief = next(b for b in yamls if b.startswith("debrief:"))
    # Where the page says it is saved.
    where = re.search(r"`(plans/[^`]+\.yaml)`", (REPO / PAGES[0]).read_text(encoding="utf-8")
                      .split("## A worked example", 1)[1])
    assert where is not None
    path = tmp_path / where.group(1)
    assert path.parent.is_dir()  # an account of the sample
    assert isinstance(yaml.safe_load(plan + debrief), dict)
    path.write_text(plan + "\n" + debrief, encoding="utf-8")
    result = run(tmp_path, "--today", "2026-12-23", "validate")
    assert result.exit_code == 0, result.output
