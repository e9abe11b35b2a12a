"""Run MkDocs on the generated content, replacing site/ only when the build succeeded."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generator.output.parts import CALLS, excluded, merge, split
from generator.output.parts import config as part_config
from generator.output.removetree import remove_tree


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


def count_call_pages(content: Path) -> int:
    """How many call pages the content holds: what splitting a build is worth."""
    calls = content / CALLS
    return sum(1 for _ in calls.glob("*/*.md")) if calls.is_dir() else 0


class _MkDocs:
    """One `mkdocs build --strict` into site, on the project's config or on `config` given as
    text on standard input. Not --quiet: it hides warnings from --strict too, which then builds
    whatever they say. Output goes to a file, not a pipe: a part that notes thousands of links
    to pages of other parts would fill a pipe and wait for a reader."""

    def __init__(self, root: Path, site: Path, config: str | None) -> None:
        source = "-" if config is not None else str(root / "mkdocs.yml")
        self.output = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - wait() closes it
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", source,
             "--site-dir", str(site)],
            cwd=root, env=mkdocs_env(), stdin=subprocess.PIPE if config is not None else None,
            stdout=self.output, stderr=subprocess.STDOUT, text=True,
        )
        if config is not None:
            assert self.process.stdin is not None
            self.process.stdin.write(config)  # a few kilobytes at most
            self.process.stdin.close()

    def wait(self) -> tuple[int, str]:
        """The exit code and what MkDocs printed, tidied."""
        code = self.process.wait()
        with self.output:
            self.output.seek(0)
            return code, _tidy(self.output.read())

    def stop(self) -> None:
        """End MkDocs if it still runs (the build was interrupted) and let go of its output."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.output.close()


def _exclude_docs(root: Path) -> str | None:
    from mkdocs.utils.yaml import yaml_load  # noqa: PLC0415 - only a split build needs it

    with (root / "mkdocs.yml").open("rb") as handle:
        value = yaml_load(handle).get("exclude_docs")
    return value if isinstance(value, str) else None


def _run(root: Path, staging: Path, parts: int, config: str | None = None) -> tuple[int, str]:
    """Build into staging, in `parts` processes when the call pages split that far; with
    `config` (a derived config's text), in one process from it."""
    groups = split(root / "content", parts) if parts > 1 and config is None else []
    exclude = _exclude_docs(root) if len(groups) > 1 else None
    sites = [staging.with_name(f"{staging.name}-{i}") for i in range(len(groups))]
    builds: list[_MkDocs] = []
    try:  # an interrupt or an error here leaves no MkDocs running and no part behind
        if len(groups) < 2:
            builds.append(_MkDocs(root, staging, config))
            return builds[0].wait()
        for i, site in enumerate(sites):
            config = part_config(root / "mkdocs.yml", excluded(groups, i, exclude))
            builds.append(_MkDocs(root, site, config))
        results = [build.wait() for build in builds]
        # A page built by more than one part would warn more than once: say each warning once.
        lines = dict.fromkeys(line for _, out in results for line in out.splitlines())
        failed = next((code for code, _ in results if code != 0), 0)
        if not failed:
            merge(sites, groups)
            sites[0].rename(staging)
        return failed, "\n".join(lines)
    finally:
        for build in builds:
            build.stop()
        for site in sites:
            shutil.rmtree(site, ignore_errors=True)


def build_site(root: Path, site: Path | None = None, parts: int = 1,
               config: str | None = None) -> str:
    """`mkdocs build --strict` into a fresh folder, then swap it in as site/. Returns warnings.

    With `parts` above one, the build is split across that many MkDocs processes (parts.py);
    `config`, text MkDocs reads in place of mkdocs.yml (a public build's, edition.py).
    """
    site = site or root / "site"
    staging = site.with_name(f".{site.name}.building")
    old = site.with_name(f".{site.name}.old")
    if old.is_dir() and not site.exists():
        old.rename(site)  # a build stopped between the two renames below: put the site back
    # What an earlier build left must go, read-only or not: a part left behind would stop the
    # renames below. What cannot be removed raises OSError, for the command line to report.
    remove_tree(staging)
    code, output = _run(root, staging, parts, config)
    if code != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(output or f"mkdocs exited with code {code}")
    remove_tree(old)
    if site.exists():
        site.rename(old)
    staging.rename(site)
    remove_tree(old)
    return output
