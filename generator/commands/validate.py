"""`playbook validate`: every problem in plans/, and every generated page committed to git, as
text, GitHub annotations or JSON."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.fast.plan import read_whole
from generator.problems import ProblemError, format_problems
from generator.read.tracked import tracked_pages

if TYPE_CHECKING:
    from generator.cli import Context


def validate_tree(ctx: Context, paths: tuple[Path, ...], fmt: str) -> None:
    """Read the whole tree (every file parsed: validate trusts no cache, though a crew may
    share the files) and print its problems, and those of pages committed under content/team/
    (tracked_pages: with every shortcut on or off), those under `paths` only when some are
    given; exit 1 if any."""
    prefixes = []
    for path in paths:
        try:
            prefixes.append(path.resolve().relative_to(ctx.root).as_posix())
        except ValueError:
            raise click.UsageError(f"{path} is not inside the project {ctx.root}") from None
    committed = tracked_pages(ctx.root)
    try:
        project = read_whole(ctx.root, use_cache=False)
        if committed:
            raise ProblemError(committed)
    except ProblemError as exc:
        problems = [p for p in sorted({*exc.problems, *committed})
                    if not prefixes or any(_under(p.path, pre) for pre in prefixes)]
        if problems or fmt == "json":
            click.echo(format_problems(problems, fmt))
        if problems:
            if fmt == "text":
                files = len({p.path for p in problems})
                click.echo(f"{len(problems)} problem(s) in {files} file(s)", err=True)
            sys.exit(1)
        return
    if fmt == "json":
        click.echo("[]")
    elif fmt == "text":
        click.echo(f"ok: {len(project.calls)} calls, {len(project.accounts)} accounts, "
                   f"{len(project.team.reps)} reps", err=True)


def _under(path: str, prefix: str) -> bool:
    return prefix in {".", ""} or path == prefix or path.startswith(prefix.rstrip("/") + "/")
