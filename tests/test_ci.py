"""What CI installs: `.ci/run` tests the newest releases in a fresh virtual environment, the
workflows build from the exact versions in `.ci/constraints.txt`, and Dependabot keeps the pins
current."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sysconfig
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import require
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent
CI = REPO / ".ci"
CONSTRAINTS = CI / "constraints.txt"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!_-]+)$")


def pins() -> dict[str, str]:
    found: dict[str, str] = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        match = PIN.match(line)
        assert match, f"constraints.txt: not an exact pin: {line!r}"
        name = canonicalize_name(match.group(1))
        assert name not in found, f"constraints.txt: {name} pinned twice"
        found[name] = match.group(2)
    return found


def requirements() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(r) for r in [*project["dependencies"],
                                     *project["optional-dependencies"]["test"]]]


def test_every_dependency_is_pinned_within_its_range() -> None:
    # A range changed in pyproject.toml without `bash .ci/refresh-constraints` shows here.
    pinned = pins()
    for requirement in requirements():
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{name} is not in .ci/constraints.txt"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"{name}=={pinned[name]} is outside {requirement.specifier}")
    assert "sales-playbook" not in pinned  # our own package comes from the checkout


def test_ci_tests_the_newest_releases_in_a_fresh_environment() -> None:
    lines = [line.strip() for line in (CI / "run").read_text(encoding="utf-8").splitlines()]
    assert "python3 -m venv --clear .venv" in lines
    install = next(line for line in lines if line.endswith('-e ".[test]"') and "&&" not in line)
    assert "--upgrade" in install.split() and "--no-cache-dir" in install.split()
    assert lines.index("python3 -m venv --clear .venv") < lines.index(install)
    assert not any("constraints" in line for line in lines if not line.startswith("#"))


@pytest.mark.parametrize("script", ["run", "refresh-constraints"])
def test_the_ci_scripts_pass_shellcheck(script: str) -> None:
    exe = shutil.which("shellcheck")
    require(exe is not None, "shellcheck is not installed", "pip install -e '.[test]'")
    assert exe is not None
    result = subprocess.run([exe, str(CI / script)], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout) == (0, "")


def test_the_refresh_script_freezes_a_fresh_upgraded_environment_without_our_package() -> None:
    text = (CI / "refresh-constraints").read_text(encoding="utf-8")
    assert '-m pip install --quiet --upgrade --no-cache-dir -e ".[test]"' in text
    assert "pip freeze --exclude-editable" in text
    assert "> .ci/constraints.txt.new" in text and "mv .ci/constraints.txt.new" in text


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_dependabot_keeps_the_action_pins_and_the_python_pins_current() -> None:
    config = load(REPO / ".github" / "dependabot.yml")
    assert config["version"] == 2
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(updates) == {"github-actions", "pip"}
    assert updates["github-actions"]["directory"] == "/"
    assert set(updates["pip"]["directories"]) == {"/", "/.ci"}
    for update in updates.values():
        assert update["schedule"]["interval"] == "weekly"
    for folder in updates["pip"]["directories"]:
        # Dependabot reads pyproject.toml in / and every .txt file in /.ci.
        assert list((REPO / folder.lstrip("/")).glob("pyproject.toml")) or list(
            (REPO / folder.lstrip("/")).glob("*.txt")), folder


def test_the_tests_find_the_tools_beside_the_python_running_them() -> None:
    # `.venv/bin/python -m pytest` (the README's command) runs without activating .venv, yet
    # CI fails when actionlint, shellcheck or pre-commit cannot be found.
    scripts = sysconfig.get_path("scripts")
    assert scripts in os.environ["PATH"].split(os.pathsep)
    for tool in ("actionlint", "shellcheck", "pre-commit"):
        if (Path(scripts) / tool).is_file():
            assert shutil.which(tool) == str(Path(scripts) / tool)
