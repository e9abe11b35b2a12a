"""The caches behind a warm generate: any change to a plan, a template or the checklists
invalidates what depends on it, and a warm run writes exactly what a cold run would."""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ACCOUNT, CALL, CALL_PATH, TEAM, Run, write
from pydantic import ValidationError

import generator
from generator.commands import generate as generate_module
from generator.fast import codeprint, crewpages, uptodate
from generator.fast import keys as keys_module
from generator.fast import modelcache as cache_module
from generator.fast.codeprint import fingerprint
from generator.fast.crewread import FastReader
from generator.fast.modelcache import ModelCache
from generator.pages import accountindex as accountindex_module
from generator.pages import archive as archive_module
from generator.pages import calls as callpages
from generator.pages import insights as insights_module
from generator.pages import site as pages_module
from generator.read import sources
from generator.read.project import read_project

TODAY = "2026-11-26"
CHECKLISTS = (Path(generator.__file__).parent / "defaults" / "checklists.yaml").read_text()


def pages(root: Path) -> dict[str, bytes]:
    team = root / "content" / "team"
    return {p.relative_to(team).as_posix(): p.read_bytes()
            for p in sorted(team.rglob("*.md"))}


def cold(root: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """Generate a copy of the project from nothing: no output, an empty cache folder."""
    copy = tmp_path / "cold"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root / "plans", copy / "plans")
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "cold-cache"))
    assert run(copy, "--today", TODAY, "generate").exit_code == 0
    return pages(copy)


@pytest.fixture
def warm(project: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "warm-cache"))
    write(project, "plans/checklists.yaml", CHECKLISTS)
    assert run(project, "--today", TODAY, "generate").exit_code == 0
    return project


def test_a_changed_plan_gives_what_a_cold_run_gives(
    warm: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = pages(warm)
    write(warm, CALL_PATH, CALL.replace("Good rapport.", "Good rapport, and a second meeting."))

    result = run(warm, "--today", TODAY, "generate")

    assert result.exit_code == 0
    after = pages(warm)
    assert after != before
    assert b"a second meeting" in after["calls/acme/2026-03-10-discovery.md"]
    assert after == cold(warm, run, tmp_path, monkeypatch)


def test_changed_checklists_reach_every_call_page(
    warm: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(warm, "plans/checklists.yaml",
          CHECKLISTS.replace("Confirm the account and the people in the meeting",
                             "Confirm who is in the meeting"))

    assert run(warm, "--today", TODAY, "generate").exit_code == 0

    after = pages(warm)
    assert b"Confirm who is in the meeting" in after["calls/acme/2026-03-10-discovery.md"]
    assert after == cold(warm, run, tmp_path, monkeypatch)


def test_a_changed_template_changes_the_code_fingerprint(tmp_path: Path) -> None:
    package = Path(generator.__file__).parent
    copy = tmp_path / "generator"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    same = fingerprint(copy)
    template = copy / "pages" / "templates" / "call.md.j2"
    template.write_text(template.read_text() + "\n", encoding="utf-8")

    assert fingerprint(package) == same
    assert fingerprint(copy) != same


def test_new_code_drops_every_cached_file_and_every_kept_page(
    warm: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ModelCache(warm).entries  # the warm run filled the cache
    keys = keys_module.call_page_keys(read_project(warm, reader=FastReader(warm)),
                                      generate_module.dt.date(2026, 11, 26))
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "another-version")
    monkeypatch.setattr(keys_module, "code_fingerprint", lambda: "another-version")

    assert ModelCache(warm).entries == {}
    new_keys = keys_module.call_page_keys(read_project(warm, reader=FastReader(warm)),
                                          generate_module.dt.date(2026, 11, 26))
    assert set(new_keys) == set(keys)
    assert all(new_keys[page] != keys[page] for page in keys)


def test_a_cached_file_is_not_trusted_once_its_content_changes(warm: Path) -> None:
    project_cache = ModelCache(warm)
    entry = project_cache.entries[CALL_PATH]
    write(warm, CALL_PATH, CALL.replace("Good rapport.", "Different words."))
    stat = (warm / CALL_PATH).stat()

    assert project_cache.lookup(CALL_PATH, stat) is None
    assert project_cache.by_digest(CALL_PATH, stat, "not-the-old-digest") is None
    assert entry.value.debrief.went_well == ["Good rapport."]
    again = read_project(warm, reader=FastReader(warm))
    assert again.calls[0].call.debrief.went_well != ["Good rapport."]


GOLDEN_PLANS = Path(__file__).resolve().parent / "golden" / "project" / "plans"
DEMO = "plans/orbit-labs/2026-08-25-demo.yaml"
DAY = generate_module.dt.date(2026, 11, 26)


def edit(root: Path, path: str, old: str, new: str) -> None:
    """Replace the first `old` in a file of the project by `new` (it must be there)."""
    text = (root / path).read_text(encoding="utf-8")
    assert old in text, (path, old)
    write(root, path, text.replace(old, new, 1))


@pytest.fixture
def golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The golden project (three accounts, three reps), generated once with a private cache."""
    root = tmp_path / "golden"
    shutil.copytree(GOLDEN_PLANS, root / "plans")
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "golden-cache"))
    generate_module.generate(root, DAY)
    return root


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Pages rendered (not kept) from now on, by path under content/team/."""
    seen: set[str] = set()
    real = pages_module.render

    def spy(template: str, page: str, **context: object) -> str:
        seen.add(page.removeprefix("team/"))
        return real(template, page, **context)

    monkeypatch.setattr(pages_module, "render", spy)
    monkeypatch.setattr(archive_module, "render", spy)
    monkeypatch.setattr(accountindex_module, "render", spy)
    monkeypatch.setattr(callpages, "render", spy)
    monkeypatch.setattr(insights_module, "render", spy)
    return seen


EVERY = {"accounts/index.md", "reps/index.md", "archive/index.md", "objections.md",
         "exemplars.md", "insights/index.md", "insights/warnings.md"}
"""Pages drawn from every call: keyed on every call's facts, and some on titles."""


KEYED = {"calls/lumen-dental/2026-09-08-discovery.md", "calls/lumen-dental/2026-10-14-proposal.md",
         "calls/orbit-labs/2026-08-25-demo.md", "calls/orbit-labs/2026-10-20-follow-up.md",
         "calls/orbit-labs/2026-12-03-negotiation.md", "accounts/lumen-dental.md",
         "accounts/orbit-labs.md", "accounts/quiet-mills.md", "reps/ana-ruiz.md",
         "reps/ben-ode.md", "reps/cara-lin.md", "archive/months/2026-08.md",
         "archive/months/2026-09.md", "archive/months/2026-10.md",
         "archive/outcomes/advance.md", "archive/outcomes/order.md",
         "archive/outcomes/no-sale.md", "archive/outcomes/continuation.md",
         "archive/outcomes/advance/2026-09.md", "archive/outcomes/order/2026-10.md",
         "archive/outcomes/no-sale/2026-08.md", "archive/months/2026-08/2026-08-24.md",
         "archive/months/2026-09/2026-09-07.md", "archive/months/2026-10/2026-10-12.md"}


def test_an_edited_call_renders_again_only_the_pages_that_list_it(
    golden: Path, rendered: set[str], run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(golden, DEMO, "title: Demo for the lab team", "title: Demo for everyone")

    generate_module.generate(golden, DAY)

    assert rendered & KEYED == {"calls/orbit-labs/2026-08-25-demo.md", "accounts/orbit-labs.md",
                                "reps/ben-ode.md", "archive/months/2026-08/2026-08-24.md",
                                "archive/outcomes/no-sale/2026-08.md"}
    # The demo is neither an exemplar nor warned of: no page drawn from every call shows it.
    assert not rendered & EVERY
    after = pages(golden)
    assert b"Demo for everyone" in after["accounts/orbit-labs.md"]
    assert after == cold(golden, run, tmp_path, monkeypatch)


def test_a_new_title_renders_its_own_month_of_its_outcome_and_no_other(
    golden: Path, rendered: set[str], run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # no sale in two months: August (the demo) and October (the proposal)
    edit(golden, "plans/lumen-dental/2026-10-14-proposal.yaml", "outcome: order",
         "outcome: no-sale")
    generate_module.generate(golden, DAY)
    before = pages(golden)
    assert b"[October 2026](no-sale/2026-10.md) | 1 of 1" in before["archive/outcomes/no-sale.md"]
    retitled_renders_only(golden, rendered, before, "archive/outcomes/",
                          "archive/outcomes/no-sale/2026-08.md")
    assert pages(golden) == cold(golden, run, tmp_path, monkeypatch)


def retitled_renders_only(root: Path, rendered: set[str], before: dict[str, bytes], under: str,
                          page: str) -> None:
    """The demo given a new title: of the pages `under` that folder, only `page` is rendered
    again and changes, and it shows the title."""
    rendered.clear()
    edit(root, DEMO, "title: Demo for the lab team", "title: Demo for everyone")
    generate_module.generate(root, DAY)
    listed = {p for p in before if p.startswith(under)}
    assert rendered & listed == {page}
    after = pages(root)
    assert b"Demo for everyone" in after[page]
    assert {p for p in after if after[p] != before[p]} & listed == {page}


def second_demo(root: Path, day: str, debriefed: str) -> str:
    """Write a copy of the demo on another day of August, titled apart; its path."""
    text = (root / DEMO).read_text(encoding="utf-8")
    for old, new in (("date: 2026-08-25", f"date: {day}"), ("date: 2026-08-27",
                     f"date: {debriefed}"), ("for the lab team", "for the office")):
        text = text.replace(old, new)
    path = f"plans/orbit-labs/{day}-demo.yaml"
    write(root, path, text)
    return path


def test_a_new_title_renders_its_own_week_and_not_its_month(
    golden: Path, rendered: set[str], run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # August gets a second week: a demo on Tuesday 4 August beside the one of the 25th
    second_demo(golden, "2026-08-04", "2026-08-05")
    generate_module.generate(golden, DAY)
    before = pages(golden)
    assert "| [3\u20139 August](2026-08/2026-08-03.md) | 1 | 0 | 0 | 0 | 1 |".encode() in before[
        "archive/months/2026-08.md"]
    retitled_renders_only(golden, rendered, before, "archive/months/",
                          "archive/months/2026-08/2026-08-24.md")
    assert pages(golden) == cold(golden, run, tmp_path, monkeypatch)


def test_a_call_moved_to_another_week_of_its_month_renders_the_month_again(
    golden: Path, rendered: set[str], run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    moved = second_demo(golden, "2026-08-04", "2026-08-05")
    generate_module.generate(golden, DAY)
    rendered.clear()

    (golden / moved).unlink()
    second_demo(golden, "2026-08-12", "2026-08-13")  # the month's counts stay, its weeks move
    generate_module.generate(golden, DAY)

    assert "archive/months/2026-08.md" in rendered
    after = pages(golden)
    assert "archive/months/2026-08/2026-08-03.md" not in after
    assert "| [10\u201316 August](2026-08/2026-08-10.md) | 1 | 0 | 0 | 0 | 1 |".encode() in after[
        "archive/months/2026-08.md"]
    assert after == cold(golden, run, tmp_path, monkeypatch)


def test_a_call_that_changes_outcome_moves_between_outcome_pages(
    golden: Path, rendered: set[str], run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(golden, DEMO, "outcome: no-sale", "outcome: order")

    generate_module.generate(golden, DAY)

    assert {"archive/outcomes/no-sale.md", "archive/outcomes/order.md",
            "archive/outcomes/order/2026-08.md"} <= rendered
    assert {"archive/outcomes/advance.md", "archive/outcomes/continuation.md",
            "archive/outcomes/order/2026-10.md"}.isdisjoint(rendered)
    # every figure may have moved, but the objection library shows no outcome
    assert rendered >= EVERY - {"objections.md"}
    assert "objections.md" not in rendered
    after = pages(golden)
    assert b"Demo for the lab team" in after["archive/outcomes/order/2026-08.md"]
    assert "archive/outcomes/no-sale/2026-08.md" not in after  # no month without a call
    assert b"[August 2026](order/2026-08.md) | 1 of 1" in after["archive/outcomes/order.md"]
    assert after == cold(golden, run, tmp_path, monkeypatch)


def test_an_edit_of_prose_renders_no_page_drawn_from_every_call(
    golden: Path, rendered: set[str], run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(golden, DEMO, "on their own jobs.", "on a week of their own jobs.")

    generate_module.generate(golden, DAY)

    assert "calls/orbit-labs/2026-08-25-demo.md" in rendered
    assert not rendered & EVERY
    assert pages(golden) == cold(golden, run, tmp_path, monkeypatch)


@pytest.mark.parametrize(("path", "old", "new", "lists"), [
    ("plans/lumen-dental/2026-09-08-discovery.yaml", "title: Discovery with the CFO",
     "title: Discovery with the finance lead", {"exemplars.md"}),
    ("plans/orbit-labs/2026-12-03-negotiation.yaml", "title: Pricing negotiation",
     "title: Price talks", {"insights/warnings.md"}),
])
def test_a_new_title_renders_again_the_lists_of_every_call_that_show_it(
    golden: Path, rendered: set[str], run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    path: str, old: str, new: str, lists: set[str],
) -> None:
    edit(golden, path, old, new)

    generate_module.generate(golden, DAY)

    assert rendered & EVERY == lists
    after = pages(golden)
    assert all(new.removeprefix("title: ").encode() in after[page] for page in lists)
    assert after == cold(golden, run, tmp_path, monkeypatch)


@pytest.mark.parametrize(("path", "old", "new"), [
    (DEMO, "effort_minutes: 20", "effort_minutes: 45"),
    (DEMO, "target: 2", "target: 3"),
    (DEMO, "worked: no", "worked: partly"),
    (DEMO, "objective_met: no", "objective_met: partly"),
    (DEMO, "date: 2026-08-27", "date: 2026-09-30"),
    (DEMO, "type: demo", "type: negotiation"),
    (DEMO, "rep: ben-ode", "rep: cara-lin"),
    (DEMO, "title: Demo for the lab team\n", "exemplary: true\ntitle: Demo for the lab team\n"),
    ("plans/lumen-dental/2026-10-14-proposal.yaml", "    role: economic-buyer\n", ""),
    ("plans/orbit-labs/2026-12-03-negotiation.yaml", "title: Pricing negotiation\n",
     "title: Pricing negotiation\nattendees:\n  - name: Ida Moss\n    role: economic-buyer\n"),
    ("plans/lumen-dental/2026-10-14-proposal.yaml", "checklist: [written-objective]",
     "checklist: []"),
    ("plans/orbit-labs/account.yaml", "name: Orbit Labs", "name: Orbit Laboratories"),
])
def test_any_edit_gives_what_a_cold_run_gives(
    golden: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    path: str, old: str, new: str,
) -> None:
    edit(golden, path, old, new)

    generate_module.generate(golden, DAY)

    assert pages(golden) == cold(golden, run, tmp_path, monkeypatch)


def test_a_changed_team_or_account_renders_again_every_page_that_shows_it(
    golden: Path, rendered: set[str], run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(golden, "plans/orbit-labs/account.yaml", "name: Orbit Labs", "name: Orbit Laboratories")
    generate_module.generate(golden, DAY)
    # Every page that lists an Orbit call shows the account's name; only its demo is debriefed
    # (August, no sale). An outcome's page lists months, not calls, and a month's page weeks:
    # neither names an account.
    assert rendered & KEYED == {p for p in KEYED if "orbit" in p or "ben-ode" in p
                                or p.endswith(("2026-08-24.md", "no-sale/2026-08.md"))}
    assert pages(golden) == cold(golden, run, tmp_path, monkeypatch)

    rendered.clear()
    edit(golden, "plans/team.yaml", "name: Ben Ode", "name: Benedict Ode")
    generate_module.generate(golden, DAY)
    assert rendered >= KEYED
    assert pages(golden) == cold(golden, run, tmp_path, monkeypatch)


def test_a_renamed_rep_reaches_the_call_pages_where_they_own_a_next_step(
    golden: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The call page names a rep who owns a next step: the team is an input of its key even
    # where the rep does not lead the call.
    edit(golden, "plans/lumen-dental/2026-09-08-discovery.yaml", "owner: ana-ruiz",
         "owner: cara-lin")
    generate_module.generate(golden, DAY)
    edit(golden, "plans/team.yaml", "name: Cara Lin", "name: Cara Lindqvist")

    generate_module.generate(golden, DAY)

    after = pages(golden)
    assert (b'<td>Send the demo agenda</td>\n<td><a href="../../../reps/cara-lin/">Cara Lindqvist'
            b"</a></td>" in after["calls/lumen-dental/2026-09-08-discovery.md"])
    assert after == cold(golden, run, tmp_path, monkeypatch)


def test_new_code_renders_every_page_again(
    golden: Path, rendered: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for module in (codeprint, cache_module, keys_module, uptodate, crewpages):
        monkeypatch.setattr(module, "code_fingerprint", lambda: "another-version")

    generate_module.generate(golden, DAY)

    assert rendered >= KEYED


def test_a_touched_file_costs_no_run_and_an_empty_cache_folder_writes_no_page(
    golden: Path, rendered: set[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    os.utime(golden / DEMO)  # a new mtime, the same bytes
    assert generate_module.generate(golden, DAY).report.written == []
    assert rendered == set()

    # Without the cache folder the content is read again, and the pages rendered again: only
    # this machine's record vouches that a page holds what the generator wrote (a manifest
    # that came with the project does not). Their bytes are the same: none is written.
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "empty-cache"))
    os.utime(golden / DEMO, ns=(1, 1))
    assert generate_module.generate(golden, DAY).report.written == []
    assert rendered >= KEYED


def test_a_run_records_the_signature_of_the_bytes_it_read(golden: Path) -> None:
    inputs = uptodate.scan(golden, DAY)
    first = inputs.content_signature(lambda rel, _: None)  # every file read now
    digests = dict(read_project(golden).digests)
    assert inputs.signatures(digests)["signature"] == first  # the same bytes: reused

    digests[DEMO] = "another-digest"  # as if the demo had changed between the two reads
    other = inputs.signatures(digests)["signature"]
    assert other != first
    assert other == uptodate.scan(golden, DAY).content_signature(lambda rel, _: digests.get(rel))


def test_models_come_back_from_the_cache_equal_and_frozen(warm: Path) -> None:
    fresh = read_project(warm)
    cached = read_project(warm, reader=FastReader(warm))
    again = pickle.loads(pickle.dumps(fresh.calls[0].call))

    for call in (cached.calls[0].call, again):
        assert call == fresh.calls[0].call
        assert call.model_dump() == fresh.calls[0].call.model_dump()
        assert call.model_fields_set == fresh.calls[0].call.model_fields_set
        with pytest.raises(ValidationError, match="frozen"):
            call.rep = "someone"  # type: ignore[misc]
    goal = fresh.calls[0].call.plan.goals[0]
    assert hash(pickle.loads(pickle.dumps(goal))) == hash(goal)


# --- the light cache: briefs, and cross-file checks that are not redone ----------------------

OTHER_CALL = CALL.replace("owner: Jane Doe", "owner: Raj Patel").replace(
    "date: 2026-03-10", "date: 2026-03-12").replace("date: 2026-03-11", "date: 2026-03-13")
OTHER_PATH = "plans/acme/2026-03-12-discovery.yaml"


@pytest.mark.parametrize(("changed", "text", "expected"), [
    ("plans/team.yaml", lambda: TEAM.replace("id: dana-k", "id: dana-x"),
     f"{OTHER_PATH}:2:6: rep: unknown rep 'dana-k'"),
    ("plans/acme/account.yaml", lambda: ACCOUNT.replace("  - name: Raj Patel\n    role: user\n",
                                                        ""),
     f"{OTHER_PATH}:"),
    ("plans/checklists.yaml", lambda: CHECKLISTS.replace("id: written-objective",
                                                         "id: one-objective"),
     f"{OTHER_PATH}:"),
])
def test_an_unchanged_call_is_checked_again_when_a_file_it_depends_on_changes(
    warm: Path, run: Run, changed: str, text: Callable[[], str], expected: str
) -> None:
    write(warm, OTHER_PATH, OTHER_CALL)
    assert run(warm, "--today", TODAY, "generate").exit_code == 0  # checked, and remembered
    write(warm, changed, text())

    result = run(warm, "--today", TODAY, "generate")

    assert result.exit_code == 1
    assert any(line.startswith(expected) for line in result.stderr.splitlines()), result.stderr


def test_one_changed_plan_loads_the_models_of_its_own_folder_only(
    warm: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(warm, "plans/zeta/account.yaml", ACCOUNT.replace("Acme Logistics", "Zeta Freight"))
    write(warm, "plans/zeta/2026-03-10-discovery.yaml", CALL)
    assert run(warm, "--today", TODAY, "generate").exit_code == 0
    loaded: list[str] = []
    real = ModelCache._load

    def load(self: ModelCache, name: str) -> dict[str, cache_module.Entry]:
        loaded.append(name)
        return real(self, name)

    monkeypatch.setattr(ModelCache, "_load", load)
    write(warm, CALL_PATH, CALL.replace("Good rapport.", "Good rapport, again."))

    assert run(warm, "--today", TODAY, "generate").exit_code == 0

    # Its own folder's, and those of the newest debriefs, whose lessons the home page shows
    # (zeta's call is as new as the one edited): never the whole archive's.
    own, lessons = cache_module.shard_of(CALL_PATH), cache_module.shard_of(
        "plans/zeta/2026-03-10-discovery.yaml")
    assert loaded[0] == own and set(loaded) <= {own, lessons}
    assert "Good rapport, again." in (warm / "content/team/calls/acme/2026-03-10-discovery.md"
                                      ).read_text()


def test_a_call_whose_model_is_lost_from_the_cache_is_read_again(
    warm: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = pages(warm)
    shutil.rmtree(cache_module.project_folder(warm) / "models")
    page = warm / "content/team/calls/acme/2026-03-10-discovery.md"
    page.unlink()  # so that it is rendered again, from the whole call
    reads: list[str] = []
    real = sources.parse_file
    monkeypatch.setattr(sources, "parse_file", lambda job: reads.append(job[1]) or real(job))

    assert run(warm, "--today", TODAY, "generate").exit_code == 0

    assert reads == [CALL_PATH]
    assert pages(warm) == before


def test_one_changed_plan_rewrites_one_bucket_of_the_light_cache(golden: Path) -> None:
    light = cache_module.project_folder(golden) / "light"
    before = {p.name: p.stat().st_mtime_ns for p in light.iterdir()}
    assert len(before) > 1  # the golden project's folders fall in several buckets
    edit(golden, DEMO, "title: Demo for the lab team", "title: Demo again")

    generate_module.generate(golden, DAY)

    after = {p.name: p.stat().st_mtime_ns for p in light.iterdir()}
    assert set(after) == set(before)
    assert [name for name in after if after[name] != before[name]] == [
        f"{cache_module.shard_of(DEMO)[:1]}.pickle"]


def test_a_damaged_light_cache_is_read_again_from_the_plans(
    golden: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for bucket in (cache_module.project_folder(golden) / "light").iterdir():
        bucket.write_bytes(b"not a pickle")
    edit(golden, DEMO, "outcome: no-sale", "outcome: order")
    parsed: list[str] = []
    real = sources.parse_file
    monkeypatch.setattr(sources, "parse_file", lambda job: parsed.append(job[1]) or real(job))

    generate_module.generate(golden, DAY)

    assert len(parsed) == len(list((golden / "plans").rglob("*.yaml")))  # every file again
    assert pages(golden) == cold(golden, run, tmp_path, monkeypatch)
