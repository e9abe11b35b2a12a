"""`playbook generate`: idempotent, deterministic, removes what lost its source, and writes nothing
when the plans are invalid."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2.bccache
import pytest
from conftest import CALL, CALL_PATH, Run, age, snapshot, write

from generator.pages.render import environment

GOLDEN_PLANS = Path(__file__).resolve().parent / "golden" / "project" / "plans"
TODAY = "2026-11-26"
CALL_PAGE = "content/team/calls/acme/2026-03-10-discovery.md"

SECOND_CALL_PATH = "plans/acme/2026-04-02-demo.yaml"
SECOND_CALL = """\
date: 2026-04-02
rep: lee-m
type: demo
plan:
  objective: Show the dispatch board on their own routes.
debrief:
  outcome: continuation
"""


def files(folder: Path) -> dict[str, bytes]:
    return {k: v[0] for k, v in snapshot(folder).items() if v[0] is not None}


def generate(run: Run, root: Path) -> tuple[int, str]:
    result = run(root, "--today", TODAY, "generate")
    return result.exit_code, result.stderr


@pytest.fixture
def golden(tmp_path: Path) -> Path:
    """A copy of the golden fixture project: several accounts, reps and calls."""
    shutil.copytree(GOLDEN_PLANS, tmp_path / "plans")
    return tmp_path


def test_generate_writes_every_page_and_reports_it(project: Path, run: Run) -> None:
    code, err = generate(run, project)

    assert code == 0
    pages = [p for p in files(project / "content" / "team") if not p.startswith(".")]
    assert (project / CALL_PAGE).is_file()
    assert err == f"generated 1 calls: {len(pages)} pages written, 0 unchanged, 0 removed\n"
    assert not (project / "content" / "team" / ".incomplete").exists()


def test_second_run_changes_no_file_at_all(golden: Path, run: Run) -> None:
    assert generate(run, golden)[0] == 0
    age(golden)
    before = snapshot(golden)

    code, err = generate(run, golden)

    assert code == 0
    assert snapshot(golden) == before  # same bytes, same mtimes, same inodes, plans/ included
    pages = len([p for p in before if p.startswith("content/team/") and p.endswith(".md")])
    assert err == f"generated 7 calls: 0 pages written, {pages} unchanged, 0 removed\n"


def test_a_changed_plan_rewrites_only_the_pages_that_show_it(project: Path, run: Run) -> None:
    generate(run, project)
    age(project / "content")
    before = snapshot(project / "content")

    write(project, CALL_PATH, CALL.replace("Good rapport.", "Good rapport with Jane."))
    code, err = generate(run, project)

    assert code == 0
    after = snapshot(project / "content")
    # The manifest and the caches (team/.manifest.json, team/.cache/) are bookkeeping that must
    # follow the change; pages are what a reader sees, and only the changed call's page may move.
    moved = sorted(
        k
        for k in after
        if after[k] != before.get(k)
        and after[k][0] is not None
        and not k.startswith(("team/.cache/", "team/.manifest"))
    )
    assert moved == ["team/calls/acme/2026-03-10-discovery.md"]
    assert not any(k.startswith("team/.cache") for k in after)  # caches live outside projects
    assert b"Good rapport with Jane." in after["team/calls/acme/2026-03-10-discovery.md"][0]
    assert err.startswith("generated 1 calls: 1 pages written, ")


def test_removing_a_call_removes_its_page_and_every_link_to_it(project: Path, run: Run) -> None:
    write(project, SECOND_CALL_PATH, SECOND_CALL)
    generate(run, project)
    month = project / "content/team/archive/months/2026-04.md"
    demo_page = project / "content/team/calls/acme/2026-04-02-demo.md"
    assert demo_page.is_file()
    assert month.is_file()
    assert list((project / "content/team/archive/outcomes").glob("*/2026-04.md"))
    assert list((project / "content/team/archive/months/2026-04").glob("2026-04-*.md"))

    (project / SECOND_CALL_PATH).unlink()
    code, err = generate(run, project)

    assert code == 0
    assert not demo_page.exists()
    assert not month.exists()  # its only debrief is gone, so is the month
    assert not list((project / "content/team/archive/outcomes").glob("*/2026-04.md"))
    assert not (project / "content/team/archive/months/2026-04").exists()
    assert (project / CALL_PAGE).is_file()
    assert "4 removed" in err  # the call, its month, its week and its outcome's month
    for page, data in files(project / "content" / "team").items():
        assert b"2026-04-02" not in data, page
        assert b"2026-04.md" not in data, page


def test_removing_an_account_removes_its_folder_of_call_pages(project: Path, run: Run) -> None:
    generate(run, project)
    shutil.rmtree(project / "plans" / "acme")
    write(project, "plans/zenith/account.yaml", "name: Zenith\n")

    code, _ = generate(run, project)

    assert code == 0
    assert not (project / "content/team/calls/acme").exists()
    assert not (project / "content/team/accounts/acme.md").exists()
    assert (project / "content/team/accounts/zenith.md").is_file()


def test_generate_touches_nothing_outside_content_team(golden: Path, run: Run) -> None:
    write(golden, "content/index.md", "# Home\n")
    write(golden, "mkdocs.yml", "site_name: x\n")
    age(golden)
    before = {k: v for k, v in snapshot(golden).items() if k != "content"}

    assert generate(run, golden)[0] == 0

    after = snapshot(golden)
    assert {k: after[k] for k in before} == before
    assert all(k in before or k == "content" or k.startswith("content/team") for k in after)


def test_a_file_we_did_not_write_is_kept_and_warned_about(project: Path, run: Run) -> None:
    generate(run, project)
    write(project, "content/team/notes.md", "# Hand-written notes\n")

    code, err = generate(run, project)

    assert code == 0
    assert (project / "content/team/notes.md").read_text() == "# Hand-written notes\n"
    assert err.endswith("warning: content/team/notes.md was not written by playbook; left alone\n")


def test_same_input_gives_the_same_bytes_in_another_folder(tmp_path: Path, run: Run) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    for root in (first, second):
        shutil.copytree(GOLDEN_PLANS, root / "plans")
        assert generate(run, root)[0] == 0

    assert files(first / "content") == files(second / "content")


@pytest.mark.slow
def test_same_input_gives_the_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    # Set and dict ordering of strings changes with PYTHONHASHSEED; output must not.
    outputs = []
    for seed in ("1", "2"):
        root = tmp_path / seed
        shutil.copytree(GOLDEN_PLANS, root / "plans")
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "generator", "--root", str(root), "--today", TODAY, "generate"],
            check=True,
            capture_output=True,
            env=env,
        )
        # The validation cache is the generator's private state, not output.
        outputs.append(
            {k: v for k, v in files(root / "content").items() if not k.startswith("team/.cache/")}
        )
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 20


# --- invalid input: a clear message, exit code 1, and nothing written --------------------------

UNKNOWN_REP = (
    "plans/acme/2026-03-10-discovery.yaml:2:6: rep: unknown rep 'dana-x'; did you mean "
    "'dana-k'? (reps are listed in plans/team.yaml)"
)


def test_invalid_plan_on_a_fresh_project_writes_nothing(project: Path, run: Run) -> None:
    write(project, CALL_PATH, CALL.replace("rep: dana-k", "rep: dana-x"))

    result = run(project, "--today", TODAY, "generate")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{UNKNOWN_REP}\nError: 1 problem(s) in plans/; nothing was generated\n"
    )
    assert not (project / "content").exists()


def test_invalid_edit_keeps_the_last_good_pages_untouched(project: Path, run: Run) -> None:
    generate(run, project)
    age(project / "content")
    before = snapshot(project / "content")

    write(project, CALL_PATH, CALL.replace("rep: dana-k", "rep: dana-x"))
    write(project, "plans/acme/2026-03-20-demo.yaml", "date: 2026-03-20\nrep: dana-k\n")
    result = run(project, "--today", TODAY, "generate")

    assert result.exit_code == 1
    # Every problem at once, each naming file, line, column and field, then one summary.
    assert result.stderr == (
        f"{UNKNOWN_REP}\n"
        "plans/acme/2026-03-20-demo.yaml:1:1: plan: required field is missing\n"
        "plans/acme/2026-03-20-demo.yaml:1:1: type: required field is missing\n"
        "Error: 3 problem(s) in plans/; nothing was generated\n"
    )
    assert snapshot(project / "content") == before


def test_yaml_syntax_error_is_reported_and_nothing_written(project: Path, run: Run) -> None:
    write(project, CALL_PATH, "date: 2026-03-10\nrep: [dana-k\n")

    result = run(project, "--today", TODAY, "generate")

    assert result.exit_code == 1
    assert result.stderr.startswith("plans/acme/2026-03-10-discovery.yaml:")
    assert result.stderr.endswith("nothing was generated\n")
    assert not (project / "content").exists()


def test_missing_team_file_is_reported_and_nothing_written(project: Path, run: Run) -> None:
    (project / "plans" / "team.yaml").unlink()

    result = run(project, "--today", TODAY, "generate")

    assert result.exit_code == 1
    assert "plans/team.yaml:1:1: the team file is missing" in result.stderr
    assert not (project / "content").exists()


def test_missing_plans_folder_is_an_error(tmp_path: Path, run: Run) -> None:
    result = run(tmp_path, "--today", TODAY, "generate")

    assert result.exit_code == 1
    assert "plans:1:1: the plans folder does not exist\n" in result.stderr
    assert not (tmp_path / "content").exists()


def test_bad_today_is_a_usage_error(project: Path, run: Run) -> None:
    result = run(project, "--today", "26/11/2026", "generate")

    assert result.exit_code == 2
    assert "--today" in result.stderr
    assert not (project / "content").exists()


def test_a_write_failure_is_reported_with_exit_code_1(project: Path, run: Run) -> None:
    write(project, "content/team", "a file where the generator's folder should be\n")

    result = run(project, "--today", TODAY, "generate")

    assert result.exit_code == 1
    assert result.stderr.startswith("Error: could not write ")
    assert (project / "content/team").read_text() == (
        "a file where the generator's folder should be\n"
    )


class _Payload:
    """Unpickling this calls os.makedirs(path): harmless here, but it could be any call at all."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str, int, bool]]:
        return os.makedirs, (str(self.path), 0o755, True)


# content/team/ is git-ignored, but a pull request can still add files there (git add -f), and
# CI runs `playbook validate` and `build` on every pull request. Whatever the generator reads
# from its own folder must be data, never code.


def test_a_planted_validation_cache_cannot_run_code(project: Path, run: Run) -> None:
    marker = project / "payload-ran"
    planted = project / "content/team/.cache/validated.pickle"
    planted.parent.mkdir(parents=True)
    planted.write_bytes(pickle.dumps(_Payload(marker)))

    result = run(project, "--today", TODAY, "generate")

    assert result.exit_code == 0
    assert not marker.exists(), "unpickling a file from content/team/ ran code"


@pytest.mark.slow
def test_planted_compiled_templates_cannot_run_code(golden: Path) -> None:
    marker = golden / "payload-ran"
    command = [
        sys.executable,
        "-m",
        "generator",
        "--root",
        str(golden),
        "--today",
        TODAY,
        "generate",
    ]
    subprocess.run(command, check=True, capture_output=True)
    # A Jinja bytecode file begins with its magic, then a pickle. Plant one for every template,
    # named as Jinja names them, wherever in the project a cache of compiled templates could be.
    env = environment()
    keys = [jinja2.bccache.BytecodeCache().get_cache_key(name, env.loader.get_source(env, name)[1])
            for name in env.list_templates()]
    planted = []
    for folder in ("content/team/.cache/templates", "content/team/.cache", ".cache"):
        for key in keys:
            path = golden / folder / f"__jinja2_{key}.cache"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(jinja2.bccache.bc_magic + pickle.dumps(_Payload(marker)))
            planted.append(path)
    (golden / "plans/orbit-labs/2026-10-20-follow-up.yaml").write_text(
        (GOLDEN_PLANS / "orbit-labs/2026-10-20-follow-up.yaml").read_text() + "\n# edited\n"
    )

    subprocess.run(command, check=False, capture_output=True)

    assert not marker.exists(), (
        f"loading {len(planted)} compiled templates from content/team/ ran code"
    )
