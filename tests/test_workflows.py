"""The GitHub side of the team workflow: the two workflows (checked by actionlint), the
reviewers in CODEOWNERS and the pull-request template that carries the reviewer's checklist."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import require

from generator.cli import cli

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
PULL_REQUEST = WORKFLOWS / "pull-request.yml"
PAGES = WORKFLOWS / "pages.yml"
EXTRAS = "pip install -e '.[test]'"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")



def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("actionlint")
    require(exe is not None, "actionlint is not installed", EXTRAS)
    assert exe is not None
    return subprocess.run(
        [exe, "-no-color", *map(str, paths)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )


def test_actionlint_passes_both_workflows() -> None:
    assert sorted(p.name for p in WORKFLOWS.iterdir()) == ["pages.yml", "pull-request.yml"]
    require(shutil.which("shellcheck") is not None, "shellcheck is not installed", EXTRAS)
    result = actionlint(PULL_REQUEST, PAGES)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    # Proof that the check above could fail: an unknown runner, an expression naming a context
    # property that does not exist, and an unquoted variable in a script (found by shellcheck).
    require(shutil.which("shellcheck") is not None, "shellcheck is not installed", EXTRAS)
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    text = PULL_REQUEST.read_text(encoding="utf-8")
    for old, new in [
        ("runs-on: ubuntu-24.04", "runs-on: ubuntu-24.4"),
        ("github.event.pull_request.number }}\n  cancel", "github.pr.number }}\n  cancel"),
        ("run: playbook build", "run: cd $GITHUB_WORKSPACE && playbook build"),
    ]:
        assert old in text
        text = text.replace(old, new)
    broken.write_text(text, encoding="utf-8")
    result = actionlint(broken)
    assert result.returncode == 1
    assert 'label "ubuntu-24.4" is unknown' in result.stdout
    assert 'property "pr" is not defined' in result.stdout
    assert "SC2086" in result.stdout


@pytest.mark.parametrize("path", [PULL_REQUEST, PAGES], ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version_noted(path: Path) -> None:
    uses = re.findall(r"uses: (\S+)(.*)", path.read_text(encoding="utf-8"))
    assert uses
    for action, comment in uses:
        assert PINNED.match(action), f"{action} is not pinned to a full commit SHA"
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), f"{action}: note the version"


def test_pinned_versions_agree_across_workflows() -> None:
    pins: dict[str, set[str]] = {}
    for path in (PULL_REQUEST, PAGES):
        for action, version in re.findall(r"uses: ([^@\s]+)@\S+ # (\S+)", path.read_text()):
            pins.setdefault(action, set()).add(version)
    assert {action: len(versions) for action, versions in pins.items()} == dict.fromkeys(pins, 1)


# The first major of each action that runs on Node 24: hosted runners dropped Node 20 in
# September 2026, and an action on it no longer runs. Dependabot moves the pins on from here.
NODE_24 = {"actions/checkout": 5, "actions/setup-python": 6, "actions/upload-artifact": 6,
           "actions/configure-pages": 6, "actions/upload-pages-artifact": 5,
           "actions/deploy-pages": 5, "actions/cache/restore": 5, "actions/cache/save": 5}


@pytest.mark.parametrize("path", [PULL_REQUEST, PAGES], ids=lambda p: p.name)
def test_every_action_is_on_a_major_that_still_runs(path: Path) -> None:
    for action, major in re.findall(r"uses: ([^@\s]+)@\S+ # v(\d+)\.", path.read_text()):
        assert action in NODE_24, f"{action}: which major runs on Node 24?"
        assert int(major) >= NODE_24[action], f"{action} v{major} runs on Node 20"


@pytest.mark.parametrize("path", [PULL_REQUEST, PAGES], ids=lambda p: p.name)
def test_permissions_are_read_only_unless_a_job_deploys(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        if name == "deploy":
            assert job["permissions"] == {"pages": "write", "id-token": "write"}
        else:
            assert "permissions" not in job
    for step in steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_pull_requests_are_validated_built_and_previewed() -> None:
    workflow = load(PULL_REQUEST)
    assert list(workflow[True]) == ["pull_request"]  # PyYAML reads the key `on` as true
    runs = [step.get("run") for step in steps(workflow)]
    assert "playbook validate --format github" in runs
    assert runs.index("playbook validate --format github") < runs.index("playbook build")
    upload = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-art"))
    assert upload["with"]["path"] == "site/"
    assert upload["with"]["if-no-files-found"] == "error"


def test_main_is_built_and_deployed_with_the_official_pages_actions() -> None:
    workflow = load(PAGES)
    assert workflow[True]["push"] == {"branches": ["main"]}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    actions = [s["uses"].split("@")[0] for s in build["steps"] if "uses" in s]
    assert actions[-3:] == ["actions/configure-pages", "actions/cache/save",
                            "actions/upload-pages-artifact"]
    assert [s["run"] for s in build["steps"] if "run" in s][-1] == "playbook build"
    assert build["steps"][-1]["with"]["path"] == "site/"
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert workflow["concurrency"]["cancel-in-progress"] is False


@pytest.mark.parametrize("path", [PULL_REQUEST, PAGES], ids=lambda p: p.name)
def test_every_playbook_command_in_a_workflow_exists(path: Path) -> None:
    # The parser rejects an unknown command or option before --help is handled.
    commands = [shlex.split(s["run"]) for s in steps(load(path)) if "playbook" in s.get("run", "")]
    assert commands
    for argv in commands:
        assert argv[0] == "playbook"
        result = CliRunner().invoke(cli, [*argv[1:], "--help"], prog_name="playbook")
        assert result.exit_code == 0, f"{shlex.join(argv)}: {result.output}"


@pytest.mark.parametrize("path", [PULL_REQUEST, PAGES], ids=lambda p: p.name)
def test_the_full_history_is_checked_out(path: Path) -> None:
    # Without it every plan looks newly committed and the site cannot flag late plans.
    checkout = next(s for s in steps(load(path)) if s.get("uses", "").startswith("actions/checko"))
    assert checkout["with"]["fetch-depth"] == 0


def codeowners() -> list[tuple[str, list[str]]]:
    lines = (REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
    rules = [line.split() for line in lines if line.strip() and not line.startswith("#")]
    return [(rule[0], rule[1:]) for rule in rules]


def test_codeowners_patterns_name_real_paths_and_owners() -> None:
    rules = codeowners()
    assert ("/plans/", ["@your-org/sales-managers"]) in rules
    for pattern, owners in rules:
        # Anchored plain paths only: a typo in a glob would silently match nothing.
        assert re.fullmatch(r"/[\w./-]+", pattern), pattern
        assert (REPO / pattern.lstrip("/")).exists(), f"CODEOWNERS: {pattern} does not exist"
        assert owners and all(re.fullmatch(r"@[\w-]+(/[\w-]+)?", o) for o in owners), owners


def bold_questions(markdown: str) -> list[str]:
    return re.findall(r"^- \[ \] \*\*(.+?)\*\*", markdown, flags=re.MULTILINE)


def test_the_template_carries_the_reviewer_checklist_of_the_site() -> None:
    page = (REPO / "content" / "onboarding" / "submitting.md").read_text(encoding="utf-8")
    section = page.split("## What a reviewer checks", 1)[1].split("\n## ", 1)[0]
    template = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    plan_part = template.split("## After the call", 1)[0]
    assert bold_questions(section)  # the page's list is still a checklist
    assert bold_questions(plan_part) == bold_questions(section)
    assert len(bold_questions(template)) > len(bold_questions(plan_part))  # and the debrief's


@pytest.mark.parametrize("path", [PULL_REQUEST, PAGES], ids=lambda p: p.name)
def test_the_playbook_is_installed_at_the_pinned_versions(path: Path) -> None:
    # A new release upstream must not change the published site (or the preview) unreviewed.
    installs = [s["run"] for s in steps(load(path)) if "pip install" in s.get("run", "")]
    assert installs == ["python -m pip install -c .ci/constraints.txt -e ."]
    assert (REPO / ".ci" / "constraints.txt").is_file()


def test_the_site_is_built_for_the_address_pages_serves_it_at() -> None:
    # A project site lives under /<repository>/: without its address the 404 page's links
    # point at the domain's root and the sitemap is empty.
    build = load(PAGES)["jobs"]["build"]["steps"]
    configure = next(s for s in build if s.get("uses", "").startswith("actions/configure-pages@"))
    step = next(s for s in build if s.get("run") == "playbook build")
    assert build.index(configure) < build.index(step)
    address = f"${{{{ steps.{configure['id']}.outputs.base_url }}}}"
    assert step["env"]["PLAYBOOK_SITE_URL"] == address
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^site_url: !ENV \[PLAYBOOK_SITE_URL, \"\"\]$", config, re.MULTILINE)


STORE = "${{ runner.temp }}/site-store"
SEARCH_STORE = "${{ runner.temp }}/search-store"
PATHS = f"{STORE}\n{SEARCH_STORE}\n"
"""What the cache keeps: the kept pages and the search index's parts."""


def test_the_deploy_restores_and_saves_the_store_of_kept_pages() -> None:
    # A merge of one plan rebuilds only its pages: the store the last deploy left comes back
    # before the build, which uses it, and is saved after it, under a key of its own.
    build = load(PAGES)["jobs"]["build"]["steps"]
    names = [s.get("uses", "").split("@")[0] for s in build]
    restore = build[names.index("actions/cache/restore")]
    save = build[names.index("actions/cache/save")]
    step = next(s for s in build if s.get("run") == "playbook build")
    assert build.index(restore) < build.index(step) < build.index(save)
    assert restore["with"]["path"] == save["with"]["path"] == PATHS
    assert step["env"]["PLAYBOOK_SITE_STORE"] == STORE
    assert step["env"]["PLAYBOOK_SEARCH_STORE"] == SEARCH_STORE
    assert restore["with"]["key"].startswith(restore["with"]["restore-keys"])
    assert "github.run_id" in restore["with"]["key"]  # a cache key is written once
    assert save["with"]["key"] == f"${{{{ steps.{restore['id']}.outputs.cache-primary-key }}}}"
    assert save["if"] == "github.ref == 'refs/heads/main'"
    assert "actions/cache" not in names  # no save but the one on main


def test_a_pull_request_reads_mains_store_and_never_writes_one() -> None:
    build = steps(load(PULL_REQUEST))
    names = [s.get("uses", "").split("@")[0] for s in build]
    assert "actions/cache/restore" in names
    assert not {"actions/cache", "actions/cache/save"} & set(names)
    restore = build[names.index("actions/cache/restore")]
    step = next(s for s in build if s.get("run") == "playbook build")
    assert build.index(restore) < build.index(step)
    assert restore["with"]["path"] == PATHS
    assert step["env"]["PLAYBOOK_SITE_STORE"] == STORE
    assert step["env"]["PLAYBOOK_SEARCH_STORE"] == SEARCH_STORE
    pages = load(PAGES)["jobs"]["build"]["steps"]
    main = next(s for s in pages if s.get("id") == "store")
    assert restore["with"]["restore-keys"] == main["with"]["restore-keys"]


def publish_check(tmp_path: Path, audience: str, access: str) -> tuple[int, str, str]:
    """Run the Pages workflow's first step as Actions would, with these repository variables:
    its exit code, what it printed and the audience it hands the build."""
    step = load(PAGES)["jobs"]["build"]["steps"][0]  # before anything is checked out or built
    assert step["id"] == "audience"
    assert step["env"] == {"AUDIENCE": "${{ vars.PLAYBOOK_AUDIENCE }}",
                           "ACCESS": "${{ vars.PAGES_ACCESS_CONTROL }}"}
    output = tmp_path / "output"
    output.write_text("")
    env = {"AUDIENCE": audience, "ACCESS": access, "GITHUB_OUTPUT": str(output),
           "PATH": "/usr/bin:/bin"}
    result = subprocess.run(["bash", "-e", "-c", step["run"]], capture_output=True, text=True,
                            check=False, env=env)
    return result.returncode, result.stdout, output.read_text()


@pytest.mark.parametrize(("audience", "access"), [("public", ""), ("public", "private"),
                                                  ("team", "private")])
def test_the_deploy_builds_the_audience_the_repository_may_publish(
        tmp_path: Path, audience: str, access: str) -> None:
    assert publish_check(tmp_path, audience, access) == (0, "", f"audience={audience}\n")
    build = next(s for s in load(PAGES)["jobs"]["build"]["steps"]
                 if s.get("run") == "playbook build")
    assert build["env"]["PLAYBOOK_AUDIENCE"] == "${{ steps.audience.outputs.audience }}"


@pytest.mark.parametrize(("audience", "access", "said"), [
    ("", "", "has not said which site it may publish"),
    ("team", "", "PAGES_ACCESS_CONTROL is not private"),
    ("team", "public", "Turn on access control"),
    ("everyone", "private", "it must be public or team"),
])
def test_the_deploy_refuses_and_says_why_and_how_to_fix_it(
        tmp_path: Path, audience: str, access: str, said: str) -> None:
    code, printed, handed = publish_check(tmp_path, audience, access)
    assert code == 1 and handed == ""
    assert printed.startswith("::error title=Nothing was published::")
    assert said in printed and "PLAYBOOK_AUDIENCE" in printed
