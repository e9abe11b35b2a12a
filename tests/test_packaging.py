"""The package metadata builds without deprecation warnings: an SPDX license expression, the
license file shipped with it, and a setuptools new enough to read both."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_license_is_an_spdx_expression_with_its_file() -> None:
    project = PYPROJECT["project"]
    # A table ({text = ...}) is deprecated by setuptools and stops building after 2027-02-18.
    assert project["license"] == "MIT"
    assert project["license-files"]
    for pattern in project["license-files"]:
        assert list(REPO.glob(pattern)), f"license-files: nothing matches {pattern}"
    assert "MIT License" in (REPO / "LICENSE").read_text(encoding="utf-8")


def test_setuptools_is_new_enough_for_spdx_licenses() -> None:
    # setuptools reads `license = "..."` and `license-files` from 77.0 on.
    (requirement,) = [r for r in PYPROJECT["build-system"]["requires"]
                      if r.startswith("setuptools")]
    match = re.fullmatch(r"setuptools>=(\d+)(\.\d+)*", requirement)
    assert match is not None, requirement
    assert int(match.group(1)) >= 77
