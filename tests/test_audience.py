"""`playbook --audience public`: only the public pages are generated, nothing of a customer in
them, the nav and the hand-written links follow, and a warm run equals a cold one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CALL, CALL_PATH, Run, snapshot, write

from generator.output.droplinks import drop_missing
from generator.output.edition import public_config, public_nav

TODAY = "2026-11-26"
PUBLIC_FILES = {"objections.md", "insights/index.md", "reference/fields.md"}

OBJECTING = CALL.replace("debrief:\n", """\
  objections:
    - topic: price
      objection: Your price is twice what Jane pays today.
      response: Plan the rollout with Jane Doe's budget of 40k.
debrief:
  objections:
    - topic: price
      objection: We can't pay that this year.
      response: Matched the spend to the rollout.
      worked: "yes"
    - objection: Our founder hates software.
      response: Asked Raj to set up a trial.
      worked: partly
""")


def pages(root: Path) -> dict[str, bytes]:
    team = root / "content" / "team"
    return {k: v[0] for k, v in snapshot(team).items()
            if v[0] is not None and not k.startswith(".")}


def generate(run: Run, root: Path, *args: str) -> None:
    result = run(root, "--today", TODAY, *args, "generate")
    assert result.exit_code == 0, result.output


def test_a_public_run_writes_only_the_public_pages(project: Path, run: Run,
                                                   both_ways: str) -> None:
    write(project, CALL_PATH, OBJECTING)
    generate(run, project, "--audience", "public")
    written = {p for p in pages(project) if not p.startswith("snippets/")}
    assert written == PUBLIC_FILES, both_ways
    text = b"\n".join(pages(project).values()).decode()
    for secret in ("Acme", "Jane", "Raj", "40k", "twice what", "can't pay", "founder",
                   "First meeting", "2026-03-10", "Dana"):
        assert secret not in text, secret
    assert "Matched the spend to the rollout." in text  # our own words stay
    assert "Objections with no topic" in text


def test_switching_audience_gives_what_a_cold_run_gives(project: Path, run: Run,
                                                         tmp_path_factory: pytest.TempPathFactory,
                                                         both_ways: str) -> None:
    generate(run, project)
    team = pages(project)
    assert "calls/acme/2026-03-10-discovery.md" in team
    generate(run, project, "--audience", "public")
    public = pages(project)
    assert "calls/acme/2026-03-10-discovery.md" not in public  # removed, not left behind
    generate(run, project)
    assert pages(project) == team, both_ways
    cold = tmp_path_factory.mktemp("cold")
    write(cold, "plans/team.yaml", (project / "plans/team.yaml").read_text())
    write(cold, "plans/acme/account.yaml", (project / "plans/acme/account.yaml").read_text())
    write(cold, CALL_PATH, (project / CALL_PATH).read_text())
    generate(run, cold, "--audience", "public")
    generate(run, project, "--audience", "public")
    assert pages(project) == pages(cold) == public


def test_the_audience_comes_from_the_environment_too(project: Path, run: Run,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_AUDIENCE", "public")
    generate(run, project)
    assert not (project / "content/team/accounts").exists()
    result = run(project, "--audience", "everyone", "generate")
    assert result.exit_code == 2 and "everyone" in result.output


def test_serve_refuses_the_public_audience(project: Path, run: Run) -> None:
    result = run(project, "--audience", "public", "serve")
    assert result.exit_code == 2
    assert "playbook --audience public build" in result.output


def test_the_public_nav_lists_no_page_the_build_leaves_out() -> None:
    nav = [{"Home": "index.md"},
           {"Calls": [{"Accounts": "team/accounts/index.md"},
                      {"Objection library": "team/objections.md"}]},
           {"Insights": ["team/insights/index.md", {"Warnings": "team/insights/warnings.md"}]},
           {"Only private": [{"Reps": "team/reps/index.md"}]},
           {"Elsewhere": "https://example.com/"}]
    assert public_nav(nav) == [{"Home": "index.md"},
                               {"Calls": [{"Objection library": "team/objections.md"}]},
                               {"Insights": ["team/insights/index.md"]},
                               {"Elsewhere": "https://example.com/"}]


def test_the_public_config_inherits_the_project_and_adds_the_hook(tmp_path: Path) -> None:
    write(tmp_path, "mkdocs.yml", "site_name: X\nnav:\n  - index.md\n"
                                  "  - Reps: team/reps/index.md\n")
    config = json.loads(public_config(tmp_path / "mkdocs.yml"))
    assert config["INHERIT"] == str(tmp_path / "mkdocs.yml")
    assert config["nav"] == ["index.md"]
    assert config["hooks"][-1].endswith("droplinks.py")


def test_links_to_pages_the_build_lacks_become_their_words() -> None:
    text = ("See [Accounts](../team/accounts/index.md), the [library](../team/objections.md#price),"
            " the [model](index.md) and ![a chart](../team/x.md).")
    shown = drop_missing(text, "model/sales.md", lambda path: path == "team/objections.md")
    assert shown == ("See Accounts, the [library](../team/objections.md#price), the "
                     "[model](index.md) and ![a chart](../team/x.md).")


def test_a_public_run_writes_no_week_and_no_prep_brief(project: Path, run: Run) -> None:
    # A call in the coming week: the team gets the week page, a home snippet listing it and
    # its prep brief; the public gets only a home snippet, with no customer in it.
    coming = CALL.replace("date: 2026-03-10", "date: 2026-11-27").split("debrief:\n")[0]
    write(project, "plans/acme/2026-11-27-discovery.yaml", coming)
    generate(run, project)
    team = pages(project)
    assert {"week.md", "snippets/prep/acme/2026-11-27-discovery.md"} <= set(team)
    assert b"First meeting" in team["snippets/week.md"]
    generate(run, project, "--audience", "public")
    public = pages(project)
    assert "week.md" not in public
    assert not [p for p in public if p.startswith("snippets/prep/")]
    home = public["snippets/week.md"].decode()  # content/index.md includes it
    for secret in ("Acme", "First meeting", "Jane", "Dana", "2026-11-27"):
        assert secret not in home, secret
