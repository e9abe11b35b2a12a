"""`playbook build`: generate, then build the site with MkDocs into site/."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator import progress
from generator.audience import PUBLIC
from generator.commands.generate import generate_and_tell
from generator.fast.plan import build_processes
from generator.output.edition import public_config
from generator.output.mkdocs import BuildError, build_site
from generator.problems import printable

if TYPE_CHECKING:
    from generator.cli import Context


def interrupt(_signum: int, _frame: object) -> None:
    """A SIGTERM handler that stops the command as Ctrl-C does."""
    raise KeyboardInterrupt


def build_and_tell(ctx: Context, jobs: int | None) -> None:
    """Generate, then `mkdocs build --strict` in `jobs` processes (by default as many as the
    call pages are worth), replacing site/ only when it succeeds."""
    # A cancelled CI job or a service manager stops us with SIGTERM: take it like Ctrl-C, so
    # the MkDocs processes stop with us and no half-built part is left beside site/.
    signal.signal(signal.SIGTERM, interrupt)
    generate_and_tell(ctx)
    try:
        with progress.status("Building the site with MkDocs"):
            output = build_site(ctx.root, parts=jobs or build_processes(ctx.root / "content"),
                                config=edition_config(ctx))
    except BuildError as exc:
        click.echo(str(exc), err=True)
        raise click.ClickException("the MkDocs build failed; site/ was left as it was") from None
    except OSError as exc:  # site/ or what an earlier build left cannot be replaced
        raise click.ClickException(_os_problem(ctx.root, exc)) from None
    if output:
        click.echo(output, err=True)
    click.echo("built site/", err=True)


def edition_config(ctx: Context) -> str | None:
    """The config a build other than the team's hands MkDocs; None: the project's own."""
    return public_config(ctx.root / "mkdocs.yml") if ctx.audience == PUBLIC else None


def _os_problem(root: Path, exc: OSError) -> str:
    """One line for a file the build could not write, move or remove."""
    where = Path(exc.filename) if exc.filename else None
    if where is not None and where.is_relative_to(root):
        where = where.relative_to(root)
    shown = f"{printable(where.as_posix())}: " if where is not None else ""
    return (f"{shown}{exc.strerror or exc}; the build writes site/ and removes what earlier "
            "builds left beside it: check the permissions and owner of both")
