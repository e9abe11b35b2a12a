"""`playbook validate`: every problem in plans/, as text, GitHub annotations or JSON."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.fast.plan import read_whole
from generator.problems import ProblemError, format_problems

if TYPE_CHECKING:
    from generator.cli import Context


def validate_tree(ctx: Context, paths: tuple[Path, ...], fmt: str) -> None:
    """Read the whole tree (every file parsed: validate trusts no cache, though a crew may
    share the files) and print its problems, those under `paths` only when some are given;
    exit 1 if any."""
    prefixes = []
    for path in paths:
        try:
            prefixes.append(path.resolve().relative_to(ctx.root).as_posix())
        except ValueError:
            raise click.UsageError(f"{path} is not inside the project {ctx.root}") from None
    try:
        project = read_whole(ctx.root, use_cache=False)
    except ProblemError as exc:
        problems = [p for p in exc.problems
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
