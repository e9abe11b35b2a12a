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


def _tidy(output: str) -> str:
    """MkDocs' output for the user: warnings and errors without the INFO chatter, and a crash of
    MkDocs or of an extension as its final line rather than a Python traceback."""
    kept: list[str] = []
    info = tracing = False
    for line in output.splitlines():
        continued = line[:1].isspace() or not line
        if line.startswith("Traceback (most recent call last):"):
            tracing = True
        elif tracing and not continued and not line.startswith(("During handling", "The above")):
            tracing = False
            kept.append(line)  # the exception itself
        elif not tracing:
            if not continued:
                info = line.startswith("INFO")
            if not info:
                kept.append(line)
    return "\n".join(kept).strip()


def build_site(root: Path, site: Path | None = None) -> str:
    """`mkdocs build --strict` into a fresh folder, then swap it in as site/. Returns warnings."""
    site = site or root / "site"
    staging = site.with_name(f".{site.name}.building")
    old = site.with_name(f".{site.name}.old")
    if old.is_dir() and not site.exists():
        old.rename(site)  # a build stopped between the two renames below: put the site back
    shutil.rmtree(staging, ignore_errors=True)
    # Not --quiet: it hides warnings from --strict too, which then builds whatever they say.
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict",
         "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(staging)],
        cwd=root, env=mkdocs_env(), capture_output=True, text=True, check=False,
    )
    output = _tidy(result.stdout + result.stderr)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(output or f"mkdocs exited with code {result.returncode}")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    staging.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    return output
