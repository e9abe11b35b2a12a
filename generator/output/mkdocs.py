"""Run MkDocs on the generated content, replacing site/ only when the build succeeded."""

from __future__ import annotations

import functools
import os
import re
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from generator.output import tether
from generator.output.engines import DEFAULT_ENGINE, ENGINES, Engine, EngineError, choose
from generator.output.guard import BuildRefused, exclusive_build
from generator.output.keeping import PageKeeper, hooked
from generator.output.linksafe import UnsafePath, remove_folder
from generator.output.parts import CALLS, excluded, merge, split
from generator.output.parts import config as part_config
from generator.output.staging import Staging, clear_leftovers, swap_in


class BuildError(Exception):
    """The engine failed; the message holds what it printed, `engine` names it. The previous
    site/ is untouched."""

    def __init__(self, message: str, engine: str = "MkDocs") -> None:
        super().__init__(message)
        self.engine = engine


def mkdocs_env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"  # Material 9.8's end-of-life banner is not our output
    return env


_COLOUR = re.compile(r"\x1b\[[0-9;]*m")  # Zensical colours its output even into a file
_CHATTER = {"Build started", "No issues found"}  # and says what MkDocs says as INFO


def _tidy(output: str) -> str:
    """MkDocs' output for the user: warnings and errors without the INFO chatter, and a crash of
    MkDocs or of an extension as its final line rather than a Python traceback."""
    kept: list[str] = []
    info = tracing = False
    for line in _COLOUR.sub("", output).splitlines():
        if line in _CHATTER or line.startswith("Build finished in "):
            continue
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

    def __init__(self, root: Path, site: Path, config: str | None,
                 engine: Engine = ENGINES[DEFAULT_ENGINE], env: dict[str, str] | None = None,
                 ) -> None:
        """`site`: for an engine without MkDocs' command line, the config file that sets it."""
        source = "-" if config is not None else str(root / "mkdocs.yml")
        where = (["--config-file", source, "--site-dir", str(site)] if engine.mkdocs_cli
                 else ["--config-file", str(site)])
        self.output = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - wait() closes it
        # Tied to this process: killed outright, it takes no MkDocs writing on with it.
        self.process = subprocess.Popen(
            tether.command(engine.module, "build", "--strict", *where),
            cwd=root, env={**mkdocs_env(), **(env or {})},
            stdin=subprocess.PIPE if config is not None else None,
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


def _run(root: Path, staging: Staging, parts: int, engine: Engine,
         config: str | None = None, *, keeper: PageKeeper | None = None,
         part_calls: int | None = None) -> tuple[int, str]:
    """Build into staging.site, in `parts` processes at once when the call pages split that
    far, each part of at most `part_calls` call pages (more parts than processes then, taking
    turns); with `config` (a derived config's text), in one process from it; with `keeper`,
    each process loads its hook and leaves out the pages it keeps."""
    env: dict[str, str] = {}
    if keeper is not None:
        env = keeper.begin(root, staging.folder, config)
        if env:
            parts = keeper.processes(parts)
        else:
            keeper = None  # it keeps nothing this time: the plain build
    at_once = parts
    if parts > 1 and part_calls:  # a part's MkDocs holds all its pages in memory at once
        parts = max(parts, -(-count_call_pages(root / "content") // part_calls))
    groups = split(root / "content", parts) if parts > 1 and config is None else []
    exclude = _exclude_docs(root) if len(groups) > 1 else None
    sites = [staging.part(i) for i in range(len(groups))]
    builds: list[_MkDocs] = []
    try:  # an interrupt or an error here leaves no MkDocs running
        if not engine.mkdocs_cli:  # the site folder is set in a config beside the project's
            if staging.folder.parent != root:
                raise UnsafePath(f"{engine.name} builds only into a folder of the project")
            staging.write_config(f"INHERIT: mkdocs.yml\nsite_dir: {staging.folder.name}/site\n")
            builds.append(_MkDocs(root, staging.config, None, engine))
            return builds[0].wait()
        if len(groups) < 2:
            if keeper is not None:
                config = hooked(root, config, keeper.hook)
            builds.append(_MkDocs(root, staging.site, config, engine, env))
            return builds[0].wait()
        configs = [part_config(root / "mkdocs.yml", excluded(groups, i, exclude))
                   for i in range(len(groups))]
        if keeper is not None:
            configs = [hooked(root, text, keeper.hook) for text in configs]
        starts = [functools.partial(_MkDocs, root, site, text, engine, env)
                  for site, text in zip(sites, configs, strict=True)]
        results = _in_turns(starts, at_once, builds)
        # A page built by more than one part would warn more than once: say each warning once.
        lines = dict.fromkeys(line for _, out in results for line in out.splitlines())
        failed = next((code for code, _ in results if code != 0), 0)
        if not failed:
            merge(sites, groups)  # into sites[0], which is staging.site
        return failed, "\n".join(lines)
    finally:
        for build in builds:
            build.stop()


def _in_turns(starts: Sequence[Callable[[], _MkDocs]], at_once: int,
              builds: list[_MkDocs]) -> list[tuple[int, str]]:
    """Run the builds `starts` makes, at most `at_once` at a time, in their order, each added
    to `builds` as it starts (the caller stops them); no more start once one failed. Returns
    each started build's exit code and output, in order."""
    results: dict[int, tuple[int, str]] = {}
    running: list[int] = []
    failed = False
    while running or (len(builds) < len(starts) and not failed):
        while len(running) < at_once and len(builds) < len(starts) and not failed:
            running.append(len(builds))
            builds.append(starts[len(builds)]())
        done = next((i for i in running if builds[i].process.poll() is not None), None)
        if done is None:
            time.sleep(0.05)
            continue
        running.remove(done)
        results[done] = builds[done].wait()
        failed = failed or results[done][0] != 0
    return [results[i] for i in sorted(results)]


def build_site(root: Path, site: Path | None = None, parts: int = 1,
               engine: str | None = None, config: str | None = None, *,
               keeper: PageKeeper | None = None,
               index: Callable[[Path], str] | None = None,
               part_calls: int | None = None) -> str:
    """`mkdocs build --strict` into a fresh folder, then swap it in as site/. Returns warnings.

    With `parts` above one, the build is split across that many MkDocs processes (parts.py);
    with `part_calls` too, into parts of at most that many call pages, `parts` at a time.
    `engine` names the engine (engines.py; None: PLAYBOOK_ENGINE, else MkDocs); `config`, text
    the engine reads in place of mkdocs.yml (a public build's, edition.py). Raises BuildError
    when the engine fails, BuildRefused when the build cannot start safely, OSError when what
    an earlier build left cannot be removed. `keeper` keeps the pages an earlier build made
    from the same inputs (keeping.py), and may update site/ in place rather than swap; the
    site is the same, byte for byte. `index` works on the built folder before it becomes
    site/, or on site/ once updated in place (the search index, search.py) and returns its
    warnings; what it raises leaves site/ as it was.
    """
    site = site or root / "site"
    try:
        chosen = choose(engine)
    except EngineError as exc:
        raise BuildRefused(str(exc)) from None
    if not chosen.splits and parts > 1:
        raise BuildRefused(f"{chosen.name} builds in one process: its search index is not "
                           "one a split build can merge; leave out --jobs")
    if config is not None and not chosen.mkdocs_cli:
        raise BuildRefused(f"{chosen.name} reads its config only from a file, so it cannot "
                           "build the public audience; build it with mkdocs or properdocs")
    with exclusive_build(root, site, chosen.writes):
        clear_leftovers(site)  # what killed runs left; none is at work, the lock says
        keeper = keeper if chosen.mkdocs_cli and chosen.splits else None
        try:
            return _build(root, site, parts, chosen, config=config, keeper=keeper, index=index,
                          part_calls=part_calls)
        finally:
            if keeper is not None:
                keeper.end()


def _build(root: Path, site: Path, parts: int, engine: Engine, *, config: str | None,
           keeper: PageKeeper | None, index: Callable[[Path], str] | None,
           part_calls: int | None = None) -> str:
    staging = Staging(site)
    swapped = False
    try:
        code, output = _run(root, staging, parts, engine, config, keeper=keeper,
                            part_calls=part_calls)
        if code != 0:
            raise BuildError(output or f"{engine.name} exited with code {code}", str(engine))
        kept = keeper is None or keeper.finish(staging.site, site)
        if kept:
            # The shortcut: site/ updated in place (keeping.py); the plain way: the swap.
            placed = keeper.update(staging.site, site, index) if keeper is not None else True
            if isinstance(placed, str):
                output = "\n".join(filter(None, [output, placed]))
            elif placed:
                if index is not None:  # on the finished pages, kept ones included
                    output = "\n".join(filter(None, [output, index(staging.site)]))
                swap_in(staging, site)
                swapped = True
            kept = placed is not False
    finally:
        # The previous site is in there after the swap: the keeper removes it in threads.
        staging.remove(keeper.remove if keeper is not None else remove_folder)
    if swapped and keeper is not None:
        keeper.swapped(site)  # once the previous site is gone: its files have one name each
    # A kept page changed under the build: build everything again, keeping nothing.
    return output if kept else _build(root, site, parts, engine, config=config, keeper=None,
                                      index=index, part_calls=part_calls)
