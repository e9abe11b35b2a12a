"""Every shortcut gives what a run without it gives: over random sequences of edits to a small
project, a warm `generate` (its cache, its kept pages, its up-to-date check) writes exactly the
tree a cold run writes into an empty content/ with an empty cache folder; and `build` the site.

The edits are those people and tools make: any field of any file (fields only list pages show
among them), a call added, deleted or renamed, two files swapped, an edit of the same size with
the old modification time put back, `git checkout` of an earlier commit, a hand edit of a
generated page. In half the examples the files' stats count as settled (read/stats.py RACY_NS is 0),
so a stat vouches for a file at once and only its inode and change time can tell an edit; there
every edit replaces the file (a new inode), as editors and git do.

The warm side always takes every shortcut. The cold side is a run with its own, empty cache
folder (PLAYBOOK_CACHE_DIR) and its own content/, or a run with every shortcut off (`--no-cache`,
which must leave its cache folder empty): each test runs against both (COLD).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from click.testing import CliRunner
from conftest import ACCOUNT, CALL, TEAM, require
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pagefind_files import comparable

import generator
from generator.cli import cli
from generator.fast import tuning
from generator.pages import accountindex
from generator.pages import week as week_pages
from generator.read import stats

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-26"
CHECKLISTS = (Path(generator.__file__).parent / "defaults" / "checklists.yaml").read_text()
EQUAL_NS = 1_700_000_000_000_000_000  # every file's mtime after `git archive | tar -x`
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
           "GIT_AUTHOR_DATE": "2026-11-01T10:00:00", "GIT_COMMITTER_DATE": "2026-11-01T10:00:00"}

settings.register_profile("warm-cold", max_examples=6, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("warm-cold-ci", max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
PROFILE = "warm-cold-ci" if os.environ.get("CI") == "true" else "warm-cold"

# --- the project and its edits --------------------------------------------------------------

DATES = ["2026-03-10", "2026-04-13", "2026-05-04", "2026-09-21", "2026-12-02"]
"""Call dates: past and future of TODAY, in two months and more; 13 April is a week of April
after the one of the calls of 1 to 5 April, so its month page gains a week."""
ACCOUNTS = ["acme", "zeta"]

RAISED = """\
  objections:
    - topic: price
      objection: Too dear for three depots.
      response: The pilot pays for itself.
      worked: yes
"""


def dated(text: str, date: str) -> str:
    """A copy of conftest's CALL on another day, its debrief and next steps with it."""
    for day in ("2026-03-10", "2026-03-11", "2026-03-14"):
        text = text.replace(day, date)
    return text


CALLS = {"acme/2026-03-10-discovery.yaml": CALL,
         "zeta/2026-03-10-discovery.yaml": CALL.replace("First meeting", "Kick-off call"),
         "zeta/2026-09-21-demo.yaml": dated(CALL, "2026-09-21")
         .replace("type: discovery", "type: demo").replace("First meeting", "Demo day")}
# Enough debriefed calls (analyse.MIN_CALLS) that the insights show every rate and band.
CALLS.update({f"acme/2026-04-0{i}-call.yaml": dated(CALL, f"2026-04-0{i}")
              .replace("outcome: advance", f"outcome: {outcome}")
              .replace("effort_minutes: 45", f"effort_minutes: {15 * i}")
              .replace("  went_well:", RAISED + "  went_well:")
              for i, outcome in enumerate(["order", "advance", "no-sale", "order", "advance"], 1)})
# A call still to come, in the week: its page has a prep brief drawn from zeta's earlier calls
# and the team's record on the objection it expects, and the week page lists its plan's gaps.
UPCOMING = "zeta/2026-11-28-proposal.yaml"
CALLS[UPCOMING] = (dated(CALL, "2026-11-28").split("debrief:")[0]
                   .replace("type: discovery", "type: proposal")
                   .replace("First meeting", "Proposal review")
                   .replace("  effort_minutes:", "  objections:\n    - topic: price\n"
                            "      objection: Too dear.\n      response: The pilot pays.\n"
                            "  effort_minutes:"))

CALL_FIELDS: list[tuple[tuple[Any, ...], list[Any]]] = [
    # (path in the YAML document, values); None removes the field.
    (("title",), ["First meeting", "Second look", "A <b>bold</b> title", None]),
    (("type",), ["discovery", "demo", "proposal", "closing"]),
    (("rep",), ["dana-k", "lee-m"]),
    (("exemplary",), [True, False]),
    (("attendees", 0, "role"), ["economic-buyer", "user", "coach", None]),
    (("plan", "effort_minutes"), [45, 46, 120, None]),
    (("plan", "checklist"), [["identify-prospect"], ["identify-prospect", "written-objective"],
                             []]),
    (("plan", "goals", 0, "target"), [2, 3, 2.5]),
    (("plan", "goals", 0, "unit"), ["people", "meetings"]),
    (("plan", "research"), ["Read the annual report.", None]),
    (("plan", "strategy"), ["Lead with the depot pilot.", None]),
    (("plan", "objections"), [[{"topic": "price", "objection": "Too dear.",
                                "response": "Pays back in a year."}],
                              [{"objection": "No time now.", "response": "A 20-minute pilot."}],
                              []]),
    (("debrief", "outcome"), ["order", "advance", "continuation", "no-sale"]),
    (("debrief", "objective_met"), ["yes", "partly", "no", None]),
    (("debrief", "goals", 0, "actual"), [5, 0, 1]),  # met, then not: figures move
    (("debrief", "date"), [dt.date(2026, 10, 30), dt.date(2026, 9, 21)]),
    (("debrief", "went_well"), [["Good rapport."], ["They asked for a quote."]]),
    (("debrief", "to_improve"), [["Ask for the budget sooner."], ["Bring the engineer."]]),
    (("debrief", "next_time"), [["Open with the pilot."], ["Send the agenda first."]]),
    (("debrief", "next_steps", 0, "action"), ["Send the quote", "Call the depot manager"]),
    (("debrief", "objections"), [[{"topic": "price", "objection": "Too dear.",
                                   "response": "ROI sheet.", "worked": "partly"}], []]),
    (("debrief", "next_steps", 0, "owner"), ["lee-m", "dana-k"]),  # from one rep page to another
    (("debrief", "next_steps", 0, "done"), [dt.date(2026, 9, 22), None]),
    (("debrief", "next_steps", 0, "due"), [dt.date(2026, 11, 30), dt.date(2026, 9, 20)]),
    # steps of zeta's first call named done in this later debrief: that call's page, the
    # warnings, the rep page and the prep brief show them done
    (("debrief", "steps_done"), [["Book the room"], ["send the site-visit  agenda"]]),
    (("debrief",), [None]),  # last: the sweep below edits the debrief's fields first
]
UPCOMING_FIELDS: list[tuple[tuple[Any, ...], list[Any]]] = [
    # a call still to come: the week lists its plan's gaps, its prep brief its expectations;
    # first a plan with as many fields filled, but another one (the figures do not move)
    (("plan",), [{**{k: v for k, v in yaml.safe_load(CALLS[UPCOMING])["plan"].items()
                     if k != "advance"}, "strategy": "Lead with the pilot."}]),
    (("title",), ["Proposal walk-through", None]),
    (("rep",), ["lee-m"]),  # the objection library names the rep of each plan it lists
    (("plan", "research"), ["Read the tender.", None]),
    (("plan", "agenda"), [["Price", "Pilot"], None]),
    (("plan", "checklist"), [["identify-prospect"], []]),
    (("plan", "objections", 0, "objection"), ["No budget this year.", "Too dear."]),
    (("plan", "objections", 0, "topic"), ["timing", None]),
    (("attendees", 0, "role"), ["user", "economic-buyer"]),
]
RAISED_FIELDS: list[tuple[tuple[Any, ...], list[Any]]] = [
    # the team's record on an objection, at another account than the prep brief's
    (("debrief", "objections", 0, "worked"), ["no", "yes"]),
    (("debrief", "objections", 0, "response"), ["A discount.", "The pilot pays for itself."]),
    (("debrief", "outcome"), ["no-sale"]),
]
ACCOUNT_FIELDS: list[tuple[tuple[Any, ...], list[Any]]] = [
    (("name",), ["Acme Logistics", "Acme & Sons", "Zeta Freight"]),
    (("industry",), ["Logistics", "Retail", None]),
    (("stage",), ["qualified", "proposal", "customer"]),
    (("owner",), ["dana-k", "lee-m", None]),
    (("contacts", 0, "role"), ["economic-buyer", "coach"]),
]
TEAM_FIELDS: list[tuple[tuple[Any, ...], list[Any]]] = [
    (("name",), ["Northwind sales", "Southwind sales"]),
    (("reps", 0, "name"), ["Dana Kowalski", "Dana K. Smith"]),
    (("reps", 1, "role"), ["Account Executive", "Sales Engineer"]),
]
CHECKLIST_FIELDS: list[tuple[tuple[Any, ...], list[Any]]] = [
    (("phases", 0, "items", 0, "text"), ["Confirm the account and the people.",
                                         "Confirm who is in the meeting."]),
    (("phases", 0, "title"), ["Pre-Sales: planning", "Planning"]),
]

SAME_SIZE = [("First meeting", "Prime meeting"), ("Good rapport.", "Fine rapport."),
             ("effort_minutes: 45", "effort_minutes: 54"), ("target: 2", "target: 3"),
             ("outcome: advance", "outcome: no-sale"), ("Logistics", "Logistixx")]


@dataclass
class Project:
    """A project under git, and what a step may pick from."""

    root: Path
    settled: bool
    """Stats vouch at once (RACY_NS 0): every edit makes a new inode."""
    commits: list[str] = field(default_factory=list)
    counter: int = 0

    @property
    def plans(self) -> Path:
        return self.root / "plans"

    def calls(self) -> list[str]:
        return sorted(p.relative_to(self.plans).as_posix()
                      for p in self.plans.glob("*/*.yaml") if p.name != "account.yaml")

    def write(self, rel: str, data: bytes, *, keep_mtime: bool = False) -> None:
        path = self.plans / rel
        before = path.stat() if keep_mtime and path.exists() else None
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.settled or not path.exists():
            temporary = path.with_name(f".{path.name}.new")
            temporary.write_bytes(data)
            temporary.replace(path)
        else:
            with path.open("r+b") as handle:  # in place: the same inode
                handle.write(data)
                handle.truncate()
        if before is not None:
            os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))

    def git(self, *args: str) -> str:
        return subprocess.run(["git", *args], cwd=self.root, check=True, capture_output=True,
                              text=True, env={**os.environ, **GIT_ENV}).stdout.strip()

    def commit(self) -> None:
        self.git("add", "-A", "plans")
        self.git("commit", "-q", "--allow-empty", "-m", f"step {len(self.commits)}")
        self.commits.append(self.git("rev-parse", "HEAD"))


def dump(data: Any) -> bytes:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode()


def set_field(data: Any, where: tuple[Any, ...], value: Any) -> bool:
    """Set (or with None remove) one field; False when a part of the path is not there."""
    for part in where[:-1]:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return False
    last = where[-1]
    if value is None:
        if isinstance(data, dict):
            data.pop(last, None)
            return True
        return False
    try:
        data[last] = value
    except (IndexError, TypeError):
        return False
    return True


def make_project(root: Path, settled: bool, *, site: bool = False) -> Project:
    """The project; with `site`, also what `build` needs: mkdocs.yml and the hand-written
    content/."""
    project = Project(root, settled)
    root.mkdir()
    (root / ".gitignore").write_text("/content/team/\n/site/\n", encoding="utf-8")
    if site:
        shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
        shutil.copytree(REPO / "content", root / "content",
                        ignore=lambda folder, _: ["team"] if Path(folder) == REPO / "content"
                        else [])
    project.write("team.yaml", TEAM.encode())
    project.write("checklists.yaml", CHECKLISTS.encode())
    for slug in ACCOUNTS:
        project.write(f"{slug}/account.yaml",
                      ACCOUNT.replace("Acme Logistics", f"{slug.title()} Logistics").encode())
    for rel, text in CALLS.items():
        project.write(rel, text.encode())
    for path in project.plans.rglob("*"):  # as `git archive | tar -x` leaves them
        os.utime(path, ns=(EQUAL_NS, EQUAL_NS))
    project.git("init", "-q")
    project.commit()
    return project


# --- steps ----------------------------------------------------------------------------------

Step = tuple[str, int, int]
"""(kind, a, b): the kind of edit and two draws that pick what it edits."""
KINDS = ["field", "field", "field", "add", "delete", "rename", "swap", "same-size", "checkout",
         "page"]
STEPS = st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 999), st.integers(0, 999)),
                 min_size=1, max_size=5)


def apply(project: Project, step: Step) -> str:
    """Make one edit; what it did, for the failure report."""
    kind, a, b = step
    calls = project.calls()
    if kind == "field":
        files = [(f"plans/{c}", CALL_FIELDS) for c in calls]
        files += [(f"plans/{s}/account.yaml", ACCOUNT_FIELDS) for s in ACCOUNTS]
        files += [("plans/team.yaml", TEAM_FIELDS), ("plans/checklists.yaml", CHECKLIST_FIELDS)]
        rel, fields = files[a % len(files)]
        where, values = fields[b % len(fields)]
        value = values[(a // len(files)) % len(values)]
        data = yaml.safe_load((project.root / rel).read_bytes())
        if not set_field(data, where, value):
            return f"{rel}: {where} not there"
        project.write(rel.removeprefix("plans/"), dump(data))
        return f"{rel}: {where} = {value!r}"
    if kind == "add":
        project.counter += 1
        slug = ACCOUNTS[a % len(ACCOUNTS)]
        date = DATES[b % len(DATES)]
        rel = f"{slug}/{date}-call-{project.counter}.yaml"
        text = CALL.replace("2026-03-10", date).replace("2026-03-11", date)
        if date > TODAY:  # a planned call: no debrief yet
            text = text[: text.index("debrief:")]
        project.write(rel, text.replace("First meeting", f"Call {project.counter}").encode())
        return f"added {rel}"
    if kind in {"delete", "rename", "same-size"} and not calls:
        return "no call"
    if kind == "delete":
        rel = calls[a % len(calls)]
        (project.plans / rel).unlink()
        return f"deleted {rel}"
    if kind == "rename":
        rel = calls[a % len(calls)]
        project.counter += 1
        folder, name = rel.split("/")
        new = f"{folder}/{name[:10]}-renamed-{project.counter}.yaml"
        (project.plans / rel).rename(project.plans / new)
        return f"renamed {rel} to {new}"
    if kind == "swap":  # two files of one name in two accounts, by renames: mtimes kept
        first, second = (f"{s}/2026-03-10-discovery.yaml" for s in ACCOUNTS)
        if not ((project.plans / first).exists() and (project.plans / second).exists()):
            return "nothing to swap"
        (project.plans / first).rename(project.plans / "swap.tmp")
        (project.plans / second).rename(project.plans / first)
        (project.plans / "swap.tmp").rename(project.plans / second)
        return f"swapped {first} and {second}"
    if kind == "same-size":
        rel = calls[a % len(calls)]
        data = (project.plans / rel).read_bytes()
        for old, new in SAME_SIZE[b % len(SAME_SIZE):] + SAME_SIZE[: b % len(SAME_SIZE)]:
            if old.encode() in data:
                project.write(rel, data.replace(old.encode(), new.encode(), 1), keep_mtime=True)
                return f"same-size edit of {rel}: {old!r} -> {new!r}"
        return f"same-size edit of {rel}: nothing to replace"
    if kind == "checkout":
        commit = project.commits[a % len(project.commits)]
        project.git("checkout", "-q", "--detach", commit)
        return f"checked out {commit[:8]}"
    pages = sorted(p for p in (project.root / "content" / "team").rglob("*.md"))
    if not pages:
        return "no page"
    page = pages[a % len(pages)]
    page.write_bytes(page.read_bytes() + b'\n<script>alert("hand edit")</script>\n')
    return f"hand edit of {page.relative_to(project.root).as_posix()}"


# --- the two runs ---------------------------------------------------------------------------


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


COLD = ["fresh-cache", "no-shortcuts"]
"""The cold side: a run from an empty cache folder, or a run that takes no shortcut."""


def playbook(root: Path, cache: Path, *args: str, plain: bool = False) -> tuple[int, str]:
    """Run playbook with this cache folder: with every shortcut, or (plain) with none."""
    with mock.patch.dict(os.environ, {"PLAYBOOK_CACHE_DIR": str(cache)}):
        os.environ.pop(tuning.SWITCH, None)  # put back with the rest on leaving
        switch = ["--no-cache"] if plain else []
        result = CliRunner().invoke(cli, ["--root", str(root), "--today", TODAY, *switch, *args],
                                    prog_name="playbook")
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stderr if result.exit_code else ""


@contextmanager
def aside(root: Path, names: list[str], scratch: Path) -> Iterator[None]:
    """Move root's outputs aside for a cold run, and put them back after."""
    saved = scratch / "saved"
    shutil.rmtree(saved, ignore_errors=True)
    saved.mkdir()
    moved = [name for name in names if (root / name).exists()]
    for name in moved:
        shutil.move(root / name, saved / name.replace("/", "-"))
    try:
        yield
    finally:
        for name in names:
            shutil.rmtree(root / name, ignore_errors=True)
        for name in moved:
            shutil.move(saved / name.replace("/", "-"), root / name)


def warm_equals_cold(project: Project, scratch: Path, command: str, output: str,
                     done: list[str], cold_way: str) -> None:
    """Run `command` warm, then cold from nothing (an empty cache folder, no content/team/ nor
    site/; with no shortcut if cold_way says so); the exit codes, problems and trees under
    `output` must be equal."""
    warm = playbook(project.root, scratch / "warm-cache", command)
    warm_tree = tree(project.root / output) if warm[0] == 0 else {}
    cold_cache = scratch / "cold-cache"
    shutil.rmtree(cold_cache, ignore_errors=True)
    with aside(project.root, ["content/team", "site"], scratch):
        cold = playbook(project.root, cold_cache, command, plain=cold_way == "no-shortcuts")
        cold_tree = tree(project.root / output) if cold[0] == 0 else {}
    if cold_way == "no-shortcuts":
        assert not any(cold_cache.rglob("*")), "a run without shortcuts wrote a cache"
    steps = "\n  ".join(done)
    assert warm == cold, f"exit codes or problems differ after:\n  {steps}"
    warm_tree, cold_tree = comparable(warm_tree), comparable(cold_tree)
    differ = sorted(k for k in warm_tree.keys() | cold_tree.keys()
                    if warm_tree.get(k) != cold_tree.get(k))
    assert not differ, f"warm and cold {command} differ in {differ[:8]} after:\n  {steps}"


def run_steps(steps: list[Step], settled: bool, command: str, output: str,
              cold_way: str) -> None:
    with tempfile.TemporaryDirectory() as folder, \
            mock.patch.object(stats, "RACY_NS", 0 if settled else stats.RACY_NS):
        scratch = Path(folder) / "scratch"
        scratch.mkdir()
        project = make_project(Path(folder) / "project", settled, site=command == "build")
        done = ["a fresh project"]
        assert playbook(project.root, scratch / "warm-cache", command)[0] == 0
        warm_equals_cold(project, scratch, command, output, done, cold_way)
        for step in steps:
            done.append(apply(project, step))
            warm_equals_cold(project, scratch, command, output, done, cold_way)
            if step[0] != "page":
                project.commit()


@pytest.mark.parametrize("cold_way", COLD)
@settings(settings.get_profile(PROFILE))
@given(steps=STEPS, settled=st.booleans())
def test_a_warm_generate_writes_what_a_cold_one_writes(steps: list[Step], settled: bool,
                                                       cold_way: str) -> None:
    run_steps(steps, settled, "generate", "content/team", cold_way)


@pytest.mark.parametrize("cold_way", COLD)
@settings(settings.get_profile(PROFILE))
@given(steps=STEPS, settled=st.booleans())
def test_a_big_teams_pages_follow_every_edit_too(steps: list[Step], settled: bool,
                                                 cold_way: str) -> None:
    """The same, with the pages a big team gets: the week a table of reps, the accounts index
    a page per owner (both past a size this project never reaches, set to none here)."""
    with mock.patch.object(accountindex, "ONE_PAGE", 0), \
            mock.patch.object(week_pages, "LISTED_CALLS", 0):
        run_steps(steps, settled, "generate", "content/team", cold_way)


def test_an_edit_of_each_field_gives_what_a_cold_run_gives() -> None:
    """Each field of each kind of file once, one after the other: random sequences would take
    many examples to reach a given field (a field that a list page shows, left out of the
    facts that key it, must fail here). The cold side takes turns (COLD), edit by edit."""
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder) / "scratch"
        scratch.mkdir()
        project = make_project(Path(folder) / "project", settled=False)
        done = ["a fresh project"]
        assert playbook(project.root, scratch / "warm-cache", "generate")[0] == 0
        targets = [("plans/zeta/2026-09-21-demo.yaml", CALL_FIELDS),
                   ("plans/acme/2026-04-01-call.yaml", RAISED_FIELDS),
                   (f"plans/{UPCOMING}", UPCOMING_FIELDS),
                   ("plans/acme/account.yaml", ACCOUNT_FIELDS),
                   ("plans/zeta/account.yaml", ACCOUNT_FIELDS),
                   ("plans/team.yaml", TEAM_FIELDS), ("plans/checklists.yaml", CHECKLIST_FIELDS)]
        for rel, fields in targets:
            for where, values in fields:
                data = yaml.safe_load((project.root / rel).read_bytes())
                now = data
                for part in where:
                    now = now[part] if isinstance(now, dict | list) and (
                        part in now if isinstance(now, dict) else part < len(now)) else None
                value = next(v for v in values if v != now)
                assert set_field(data, where, value), (rel, where)
                project.write(rel.removeprefix("plans/"), dump(data))
                done.append(f"{rel}: {where} = {value!r}")
                warm_equals_cold(project, scratch, "generate", "content/team", done,
                                 COLD[len(done) % len(COLD)])


def test_a_next_step_done_or_due_later_gives_what_a_cold_run_gives() -> None:
    """The warnings list open next steps past their due date: marking one done, moving its due
    date past today and back, each changes the page as a cold run draws it."""
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder) / "scratch"
        scratch.mkdir()
        project = make_project(Path(folder) / "project", settled=False)
        done = ["a fresh project"]
        assert playbook(project.root, scratch / "warm-cache", "generate")[0] == 0
        rel = "plans/acme/2026-03-10-discovery.yaml"
        step = ("debrief", "next_steps", 0)
        for field_name, value in [("done", dt.date(2026, 3, 13)), ("done", None),
                                  ("due", dt.date(2026, 12, 1)), ("due", dt.date(2026, 11, 1))]:
            data = yaml.safe_load((project.root / rel).read_bytes())
            assert set_field(data, (*step, field_name), value)
            project.write(rel.removeprefix("plans/"), dump(data))
            done.append(f"{rel}: {field_name} = {value!r}")
            warnings = (project.root / "content/team/insights/warnings.md")
            warm_equals_cold(project, scratch, "generate", "content/team", done,
                             COLD[len(done) % len(COLD)])
            section = warnings.read_text(encoding="utf-8").split("## Next steps overdue")[1]
            shown = "calls/acme/2026-03-10-discovery/" in section.split("!!! note")[0]
            expected = value is None if field_name == "done" else value < dt.date(2026, 11, 26)
            assert shown == expected, done


@pytest.mark.slow
@settings(settings.get_profile(PROFILE), max_examples=2)
@given(steps=st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 999),
                                st.integers(0, 999)), min_size=1, max_size=2),
       settled=st.booleans())
@pytest.mark.parametrize("cold_way", COLD)
def test_a_warm_build_makes_the_site_a_cold_one_makes(steps: list[Step], settled: bool,
                                                      cold_way: str) -> None:
    run_steps(steps, settled, "build", "site", cold_way)


def test_git_is_there_for_these_tests() -> None:
    require(shutil.which("git") is not None, "git is not installed")
