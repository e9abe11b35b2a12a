"""The `playbook` command: a thin face over load, validate, generate, build and serve."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
import threading
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator import progress
from generator.problems import ProblemError, format_problems, printable
from generator.vocabulary import CALL_TYPES as _TYPES

if TYPE_CHECKING:
    from generator.preview import Preview

# Each command imports the stages it needs when it runs: `playbook validate` should not pay
# for Jinja, the analysis and the file watcher before it starts.
# ruff: noqa: PLC0415

CALL_TYPES = list(_TYPES)


class Context:
    """Where the project is, and the day the build considers today."""

    def __init__(self, root: Path, today: dt.date) -> None:
        self.root = root
        self.plans = root / "plans"
        self.today = today


pass_ctx = click.make_pass_decorator(Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              envvar="PLAYBOOK_ROOT", show_default=True,
              help="The project folder holding mkdocs.yml, plans/ and content/.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), envvar="PLAYBOOK_TODAY",
              help="The date to treat as today (which calls are past); defaults to today.")
@click.version_option(package_name="sales-playbook")
@click.pass_context
def cli(ctx: click.Context, root: Path, today: dt.datetime | None) -> None:
    """Validate a sales team's call plans and build them into a playbook site."""
    ctx.obj = Context(root.resolve(), today.date() if today else dt.date.today())
    progress.enable(sys.stderr.isatty() and not os.environ.get("CI"))
    global _running  # noqa: PLW0603 - read by main() once the command is done
    _running = ctx.invoked_subcommand


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "github", "json"]), default="text",
              show_default=True, help="text: path:line:col lines; github: Actions annotations; "
                                      "json: a list of objects.")
@pass_ctx
def validate(ctx: Context, paths: tuple[Path, ...], fmt: str) -> None:
    """Check every plan, account and team file; print every problem at once.

    With PATHS, report only problems in those files or folders (the whole tree is still read,
    since a call is checked against its account and the team). Generated pages committed to
    git (under content/team/) are a problem too. Exit 0 when clean, 1 when anything is wrong,
    2 on a usage error.
    """
    from generator.project import read_project

    prefixes = []
    for path in paths:
        try:
            prefixes.append(path.resolve().relative_to(ctx.root).as_posix())
        except ValueError:
            raise click.UsageError(f"{path} is not inside the project {ctx.root}") from None
    from generator.tracked import tracked_pages

    committed = tracked_pages(ctx.root)
    try:
        project = read_project(ctx.root, use_cache=False)
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


@cli.group()
def new() -> None:
    """Create a commented starter file; never overwrites an existing one."""


@new.command("account")
@click.argument("slug")
@click.option("--name", required=True, help="The company's name.")
@click.option("--owner", help="The rep id who owns the account.")
@pass_ctx
def new_account_command(ctx: Context, slug: str, name: str, owner: str | None) -> None:
    """Create plans/SLUG/account.yaml."""
    from generator.scaffold import ScaffoldError, new_account

    try:
        path = new_account(ctx.plans, slug, name, owner)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created {path.relative_to(ctx.root).as_posix()}")


@new.command("call")
@click.argument("account")
@click.option("--date", "date", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Day of the call, YYYY-MM-DD.")
@click.option("--type", "call_type", required=True, type=click.Choice(CALL_TYPES),
              help="Kind of call.")
@click.option("--rep", help="Your rep id from plans/team.yaml.")
@click.option("--slug", help="Last part of the file name; defaults to the type.")
@click.option("--title", help="A short title for the call.")
@pass_ctx
def new_call_command(ctx: Context, *, account: str, date: dt.datetime, call_type: str,
                     rep: str | None, slug: str | None, title: str | None) -> None:
    """Create plans/ACCOUNT/DATE-SLUG.yaml with a commented plan to fill in."""
    from generator.scaffold import ScaffoldError, new_call

    try:
        path = new_call(ctx.plans, account, date=date.date(), call_type=call_type, rep=rep,
                        slug=slug, title=title)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created {path.relative_to(ctx.root).as_posix()}; fill in the REQUIRED blanks, "
               "then run `playbook validate`")


@cli.command()
@click.option("--check", is_flag=True, help="Only report schema files that differ; exit 1 if any.")
@pass_ctx
def schema(ctx: Context, check: bool) -> None:
    """Write JSON Schemas for the YAML files into schema/, for editors to autocomplete."""
    from generator.schema import schema_files, stale_schemas

    folder = ctx.root / "schema"
    if check:
        stale = stale_schemas(folder)
        for name in stale:
            click.echo(f"schema/{name} is out of date; run `playbook schema`")
        sys.exit(1 if stale else 0)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in schema_files().items():
        (folder / name).write_text(text, encoding="utf-8")
    click.echo(f"wrote {len(schema_files())} schema files to schema/")


def _generate(ctx: Context, preview: Preview | None = None, *, last: bool = False) -> None:
    """Generate content/team/, or the preview's pages of its accounts. `last`: nothing else
    runs in this process after it (see main())."""
    from generator.generate import generate
    from generator.write import WriteError

    try:
        if preview is None:
            result = generate(ctx.root, ctx.today, held=_held if last else None)
        else:
            result = generate(ctx.root, ctx.today, content=preview.content,
                              accounts=frozenset(preview.accounts))
    except ProblemError as exc:
        click.echo(format_problems(exc.problems, "text"), err=True)
        raise click.ClickException(f"{len(exc.problems)} problem(s) in plans/; nothing was "
                                   "generated") from None
    except WriteError as exc:
        raise click.ClickException(str(exc)) from None
    report = result.report
    what = "generated" if preview is None else "previewing"
    click.echo(f"{what} {result.calls} calls: {len(report.written)} pages "
               f"written, {report.unchanged} unchanged, {len(report.removed)} removed", err=True)
    for path in report.foreign:
        click.echo(f"warning: content/{printable(path)} was not written by playbook; left alone",
                   err=True)


@cli.command("generate")
@pass_ctx
def generate_command(ctx: Context) -> None:
    """Validate plans/, then write the generated pages into content/team/.

    Only pages whose text changed are rewritten; pages whose source is gone are removed.
    """
    _generate(ctx, last=True)


@cli.command()
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="MkDocs processes to build with. Default: one per core (at most 4) once "
                   "there are 1,000 call pages, else 1.")
@pass_ctx
def build(ctx: Context, jobs: int | None) -> None:
    """Validate, generate, then build the site into site/ with `mkdocs build --strict`.

    A big archive is built by several MkDocs processes at once, each on part of the call
    pages; the site is the same as one process would build.
    """
    from generator.build import BuildError, build_site

    # A cancelled CI job or a service manager stops us with SIGTERM: take it like Ctrl-C, so
    # the MkDocs processes stop with us and no half-built part is left beside site/.
    signal.signal(signal.SIGTERM, _interrupt)
    _generate(ctx)
    try:
        with progress.status("Building the site with MkDocs"):
            output = build_site(ctx.root, parts=jobs)
    except BuildError as exc:
        click.echo(str(exc), err=True)
        raise click.ClickException("the MkDocs build failed; site/ was left as it was") from None
    if output:
        click.echo(output, err=True)
    click.echo("built site/", err=True)


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


@cli.command()
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True,
              help="Address and port to serve on.")
@click.option("--dirty/--full", default=True, show_default=True,
              help="Rebuild only changed pages on each edit (fast), or the whole site.")
@click.option("--account", "accounts", multiple=True, metavar="SLUG",
              help="Preview only these accounts' calls (repeat for more); any account whose "
                   "files change while serving joins them.")
@click.option("--all", "everything", is_flag=True,
              help="Serve every call, even in a big archive (slow to start).")
@pass_ctx
def serve(ctx: Context, dev_addr: str, dirty: bool, accounts: tuple[str, ...],
          everything: bool) -> None:
    """Preview the site locally, regenerating whenever a file under plans/ changes.

    With 1,000 calls or more (or with --account), only some accounts' calls are served, with
    the handbook and the indexes: those given with --account, those with uncommitted changes,
    and any whose files change while serving. Lists and figures then cover those calls only.
    An invalid edit prints its problems here and the preview keeps the last good pages.
    """
    from generator.preview import PREVIEW_FROM, Preview, count_calls, uncommitted_accounts
    from generator.serve import start_mkdocs, watch

    if everything and accounts:
        raise click.UsageError("--all and --account exclude each other")
    preview: Preview | None = None
    if accounts or (not everything and count_calls(ctx.plans) >= PREVIEW_FROM):
        unknown = [a for a in accounts if not (ctx.plans / a / "account.yaml").is_file()]
        if unknown:
            raise click.UsageError(f"no account folder plans/{printable(unknown[0])}/ with an "
                                   "account.yaml")
        preview = Preview(ctx.root, set(accounts) or uncommitted_accounts(ctx.root))
        preview.prepare()
        click.echo(f"previewing {_accounts(preview.accounts)}; an account joins when one of "
                   "its files changes (--all serves every call)", err=True)
    lock = threading.Lock()

    def regenerate(changed: Collection[Path] = ()) -> bool:
        with lock:
            try:
                if preview is None:
                    _generate(ctx)
                else:
                    _preview(ctx, preview, changed)
            except click.ClickException as exc:
                click.echo(f"{exc.format_message()}; still serving the last good pages", err=True)
                return False
            except Exception as exc:  # a watcher thread must survive anything an edit causes
                click.echo(f"could not regenerate ({type(exc).__name__}: {exc}); still serving "
                           "the last good pages", err=True)
                return False
            return True

    content = preview.content if preview else ctx.root / "content"
    if not regenerate() and not (content / "team").is_dir():
        raise click.ClickException("nothing to serve yet: fix the problems above first")
    observer = watch(ctx.plans, regenerate)
    if preview is None:
        process = start_mkdocs(ctx.root, ctx.root / "mkdocs.yml", dev_addr, dirty)
    else:  # the hand-written pages are linked in: watch where they really are
        process = start_mkdocs(preview.folder, preview.config, dev_addr, dirty,
                               (ctx.root / "content", ctx.root / "mkdocs.yml"))
    # A service manager stops us with SIGTERM: take it like Ctrl-C, so MkDocs stops with us.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()  # type: ignore[attr-defined]
        process.terminate()
        process.wait(timeout=10)


def _accounts(slugs: Collection[str]) -> str:
    if not slugs:
        return "no account yet (none has uncommitted changes)"
    names = ", ".join(sorted(slugs))
    return f"{len(slugs)} account{'s' if len(slugs) != 1 else ''}: {printable(names)}"


def _preview(ctx: Context, preview: Preview, changed: Collection[Path]) -> None:
    """Regenerate the preview, taking in the accounts whose files changed."""
    from generator.preview import account_of

    joined = {slug for path in changed if (slug := account_of(path, ctx.plans))
              and (ctx.plans / slug).is_dir()}
    if preview.add(joined):
        click.echo(f"previewing {_accounts(preview.accounts)}", err=True)
        preview.write_config()
    _generate(ctx, preview)


@cli.command("report")
@pass_ctx
def report_command(ctx: Context) -> None:
    """Print the headline figures, planning against outcome, and the warnings as tables.

    Rates below the minimum number of debriefed calls read "too few calls to say".
    """
    from generator.report import report

    report(ctx)


# Commands that leave no thread, child process or temporary file behind: once one is done, the
# process ends at once instead of freeing, one by one, the 100,000s of objects a big team's
# models and pages are made of (a tenth of a second at 10,000 calls).
_QUICK_EXIT = {"generate", "validate", "report"}
_running: str | None = None
_held: list[object] = []  # what such a command made, left for the end of the process to free


def main() -> None:
    """Entry point of the `playbook` console script."""
    try:
        cli(prog_name="playbook", standalone_mode=True)
    except SystemExit as done:
        if _running not in _QUICK_EXIT or not isinstance(done.code, int | None):
            raise
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(done.code or 0)
    except Exception as exc:  # a bug of ours: one line for the user, the trace on request
        if os.environ.get("PLAYBOOK_DEBUG"):
            raise
        click.echo(f"playbook: internal error: {type(exc).__name__}: {exc} (run with "
                   "PLAYBOOK_DEBUG=1 for the details, and please report it)", err=True)
        sys.exit(3)
