"""Run MkDocs on the generated content, replacing site/ only when the build succeeded."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


class BuildError(Exception):
    """MkDocs failed; the message holds what it printed. The previous site/ is untouched."""


def mkdocs_env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"  # Material 9.8's end-of-life banner is not our output
    return env


def build_site(root: Path, site: Path | None = None) -> str:
    """`mkdocs build --strict` into a fresh folder, then swap it in as site/. Returns warnings."""
    site = site or root / "site"
    staging = site.with_name(f".{site.name}.building")
    shutil.rmtree(staging, ignore_errors=True)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
         "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(staging)],
        cwd=root, env=mkdocs_env(), capture_output=True, text=True, check=False,
    )
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(output or f"mkdocs exited with code {result.returncode}")
    old = site.with_name(f".{site.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    staging.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    return output
