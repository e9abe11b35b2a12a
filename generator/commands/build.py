"""`playbook build`: generate, then build the site with the chosen engine into site/, one
build at a time and never through a link."""

from __future__ import annotations

import signal
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator import progress
from generator.audience import PUBLIC
from generator.fast import tuning
from generator.fast.apart import run_apart
from generator.fast.cachefolders import caches
from generator.fast.keeper import Ahead, Keeper
from generator.fast.pagestore import store_folder
from generator.fast.searchparts import StoredParts, part_runner, parts_folder
from generator.fast.split import build_processes
from generator.output.edition import public_config
from generator.output.engines import EngineError, choose
from generator.output.guard import BuildRefused, exclusive_build
from generator.output.mkdocs import BuildError, build_site
from generator.output.search import SearchError, index_site
from generator.output.urlstyle import directory_urls_refused
from generator.problems import printable

if TYPE_CHECKING:
    from generator.cli import Context


def interrupt(_signum: int, _frame: object) -> None:
    """A SIGTERM handler that stops the command as Ctrl-C does."""
    raise KeyboardInterrupt


def build_and_tell(ctx: Context, jobs: int | None, engine: str | None = None) -> None:
    """Generate, then build with `engine` (engines.py) in `jobs` processes (by default as many
    as the call pages are worth), replacing site/ only when it succeeds. Both steps run under
    the project's build lock, once no link stands where they write."""
    # A cancelled CI job or a service manager stops us with SIGTERM: take it like Ctrl-C, so
    # the MkDocs processes stop with us and no half-built part is left beside site/.
    signal.signal(signal.SIGTERM, interrupt)
    try:
        chosen = choose(engine)
    except EngineError as exc:
        raise click.ClickException(str(exc)) from None
    if (refused := directory_urls_refused(ctx.root)) is not None:
        raise click.ClickException(refused)
    try:
        also: list[str | Path] = [*chosen.writes, *caches(ctx.root), store_folder(ctx.root),
                                  parts_folder()]
        with exclusive_build(ctx.root, also=also):
            # In a child of its own: what generation used is given back before MkDocs starts.
            # Meanwhile this process walks site/ for the keeper (fast/keeper.py: Ahead).
            ahead = Ahead(ctx.root) if tuning.shortcuts() else None
            run_apart(lambda: _generate(ctx), ahead.walk if ahead is not None else None)
            parts = jobs or (build_processes(ctx.root / "content") if chosen.splits else 1)
            with progress.status(f"Building the site with {chosen}"):
                # The shortcut: keep the pages whose inputs did not change (fast/keeper.py).
                run = part_runner() if tuning.shortcuts() else None
                keeper = (Keeper(ctx.root, chosen.name, jobs_given=jobs is not None, search=run,
                                 ahead=ahead) if run is not None else None)
                output = build_site(ctx.root, parts=parts, engine=chosen.name,
                                    config=edition_config(ctx), keeper=keeper,
                                    index=_indexer(run), part_calls=tuning.PART_CALLS)
    except BuildRefused as exc:
        raise click.ClickException(str(exc)) from None
    except BuildError as exc:
        click.echo(str(exc), err=True)
        raise click.ClickException(f"the {exc.engine} build failed; site/ was left as it "
                                   "was") from None
    except SearchError as exc:
        click.echo(str(exc), err=True)
        raise click.ClickException("indexing the site for search failed; site/ was left as it "
                                   "was") from None
    except OSError as exc:  # site/ or what an earlier build left cannot be replaced
        raise click.ClickException(_os_problem(ctx.root, exc)) from None
    if output:
        click.echo(output, err=True)
    click.echo("built site/", err=True)


def _generate(ctx: Context) -> None:
    # Imported here, in generation's own process: the build's process imports none of
    # generation's code, so none of it can shape what the build keeps (fast/codeprint.py).
    from generator.commands.generate import generate_and_tell  # noqa: PLC0415

    generate_and_tell(ctx)


def _indexer(run: StoredParts | None = None) -> Callable[[Path], str]:
    """How the staged site is indexed for search: by `run`, with parts whose pages did not
    change put back from the store or left in site/ (fast/searchparts.py), or, with shortcuts
    off, every part indexed again."""
    if not tuning.shortcuts():
        return index_site
    parts = run if run is not None else part_runner()
    at_once = tuning.processes()  # Pagefind runs, side by side

    def index(site: Path) -> str:
        said = index_site(site, run=parts, at_once=at_once)
        parts.finish()
        return said
    return index


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
