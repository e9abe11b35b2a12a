"""`playbook serve`: MkDocs serving the site while every change under plans/ regenerates it;
from a big team, a preview of some accounts."""

from __future__ import annotations

import signal
import threading
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.commands import serve
from generator.commands.build import interrupt
from generator.commands.callurls import updated_lines
from generator.commands.generate import PlansInvalid, generate_and_tell
from generator.commands.preview import Preview, account_of, uncommitted_accounts
from generator.commands.problembanner import ProblemBoard
from generator.fast.plan import previews
from generator.output.urlstyle import directory_urls_refused
from generator.problems import printable

if TYPE_CHECKING:
    from generator.cli import Context


def serve_live(ctx: Context, dev_addr: str, dirty: bool, accounts: tuple[str, ...],
               everything: bool) -> None:
    """Serve until interrupted (see `playbook serve --help`)."""
    if everything and accounts:
        raise click.UsageError("--all and --account exclude each other")
    if (refused := directory_urls_refused(ctx.root)) is not None:
        raise click.ClickException(refused)
    preview: Preview | None = None
    if accounts or (not everything and previews(ctx.plans)):
        unknown = [a for a in accounts if not (ctx.plans / a / "account.yaml").is_file()]
        if unknown:
            raise click.UsageError(f"no account folder plans/{printable(unknown[0])}/ with an "
                                   "account.yaml")
        preview = Preview(ctx.root, set(accounts) or uncommitted_accounts(ctx.root))
        preview.prepare()
        click.echo(f"previewing {_accounts(preview.accounts)}; an account joins when one of "
                   "its files changes (--all serves every call)", err=True)
    if preview is not None:  # writes only into the cache folder: nothing of the project's
        _serve(ctx, preview, dev_addr, dirty)
        return
    # The whole serve writes content/team/ as plans/ change: it holds the project's build lock
    # while it runs, as a build or generate would, so none of them writes the pages under it.
    from generator.fast.cachefolders import caches  # noqa: PLC0415
    from generator.output.guard import BuildRefused, exclusive_generate  # noqa: PLC0415

    try:
        with exclusive_generate(ctx.root, caches(ctx.root)):
            _serve(ctx, None, dev_addr, dirty)
    except BuildRefused as exc:
        raise click.ClickException(str(exc)) from None


def _serve(ctx: Context, preview: Preview | None, dev_addr: str, dirty: bool) -> None:
    lock = threading.Lock()
    started = False  # the first generation writes every page: no list of them
    board = ProblemBoard()  # what is wrong, on every served page, while anything is

    def regenerate(changed: Collection[Path] = ()) -> bool:
        with lock:
            try:
                if preview is None:
                    written = generate_and_tell(ctx)
                else:
                    written = _preview(ctx, preview, changed)
            except click.ClickException as exc:
                board.show([str(p) for p in exc.problems] if isinstance(exc, PlansInvalid)
                           else [exc.format_message()])
                click.echo(f"{exc.format_message()}; still serving the last good pages", err=True)
                return False
            except Exception as exc:  # a watcher thread must survive anything an edit causes
                said = f"could not regenerate ({type(exc).__name__}: {exc})"
                board.show([said])
                click.echo(f"{said}; still serving the last good pages", err=True)
                return False
            board.show([])
            if started:  # after an edit: the pages to look at, on the address served
                for line in updated_lines(written, dev_addr):
                    click.echo(line, err=True)
            return True

    try:
        content = preview.content if preview else ctx.root / "content"
        if not regenerate() and not (content / "team").is_dir():
            raise click.ClickException("nothing to serve yet: fix the problems above first")
        started = True
        observer = serve.watch(ctx.plans, regenerate)
        if preview is None:
            process = serve.start_mkdocs(ctx.root, ctx.root / "mkdocs.yml", dev_addr, dirty,
                                         problems=board.file)
        else:  # the hand-written pages are linked in: watch where they really are
            process = serve.start_mkdocs(preview.folder, preview.config, dev_addr, dirty,
                                         (ctx.root / "content", ctx.root / "mkdocs.yml"),
                                         problems=board.file)
        # A service manager stops us with SIGTERM: take it like Ctrl-C, so MkDocs stops with us.
        signal.signal(signal.SIGTERM, interrupt)
        try:
            process.wait()
        except KeyboardInterrupt:
            pass
        finally:
            observer.stop()  # type: ignore[attr-defined]
            process.terminate()
            process.wait(timeout=10)
    finally:
        board.close()


def _accounts(slugs: Collection[str]) -> str:
    if not slugs:
        return "no account yet (none has uncommitted changes)"
    names = ", ".join(sorted(slugs))
    return f"{len(slugs)} account{'s' if len(slugs) != 1 else ''}: {printable(names)}"


def _preview(ctx: Context, preview: Preview, changed: Collection[Path]) -> list[str]:
    """Regenerate the preview, taking in the accounts whose files changed."""
    joined = {slug for path in changed if (slug := account_of(path, ctx.plans))
              and (ctx.plans / slug).is_dir()}
    if preview.add(joined):
        click.echo(f"previewing {_accounts(preview.accounts)}", err=True)
        preview.write_config()
    return generate_and_tell(ctx, preview)
