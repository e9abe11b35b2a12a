"""The `playbook` command: a thin face over load, validate, generate, build and serve."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from pathlib import Path

import click

from generator import audience as audiences
from generator import progress
from generator.fast import tuning
from generator.output.engines import DEFAULT_ENGINE, ENGINES
from generator.output.engines import VARIABLE as ENGINE_VARIABLE
from generator.problems import printable
from generator.vocabulary import CALL_TYPES

# Each command imports its verb from commands/ when it runs: `playbook validate` should not pay
# for Jinja, the analysis and the file watcher before it starts.
# ruff: noqa: PLC0415


class Context:
    """Where the project is, the day the build considers today, and who the site is for."""

    def __init__(self, root: Path, today: dt.date, audience: str = audiences.DEFAULT, *,
                 sample: bool = False) -> None:
        self.root = root
        self.plans = root / "plans"
        self.today = today
        self.audience = audience
        self.sample = sample
        """Today is the sample_date plans/team.yaml names (no --today was given)."""

    def say_the_day(self) -> None:
        """Tell, on stderr, that the build is set on the sample's day rather than today's."""
        if self.sample:
            click.echo(f"the sample is set on {self.today} (sample_date in plans/team.yaml): "
                       "calls count as past or upcoming from that day; --today overrides it",
                       err=True)


pass_ctx = click.make_pass_decorator(Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              envvar="PLAYBOOK_ROOT", show_default=True,
              help="The project folder holding mkdocs.yml, plans/ and content/.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), envvar="PLAYBOOK_TODAY",
              help="The date to treat as today (which calls are past); defaults to the "
                   "sample_date of plans/team.yaml if it names one, else today.")
@click.option("--audience", type=click.Choice(audiences.AUDIENCES), default=audiences.DEFAULT,
              envvar=audiences.ENV, show_default=True,
              help="Who the site is for: team (every page, for a private site) or public (the "
                   "handbook, the objection library by topic and team-level figures, no "
                   "customer data).")
@click.option("--no-cache", "plain", is_flag=True,
              help="Take no shortcut: read every file, keep no page, use one process (as "
                   f"{tuning.SWITCH}=1 does). The output is the same, only slower.")
@click.version_option(package_name="sales-playbook")
@click.pass_context
def cli(ctx: click.Context, root: Path, today: dt.datetime | None, audience: str,
        plain: bool) -> None:
    """Validate a sales team's call plans and build them into a playbook site."""
    if plain:  # in the environment: processes started from here take no shortcut either
        before = os.environ.get(tuning.SWITCH)
        os.environ[tuning.SWITCH] = "1"
        ctx.call_on_close(lambda: _restore(tuning.SWITCH, before))
    root = root.resolve()
    if today is not None:
        ctx.obj = Context(root, today.date(), audience)
    else:
        from generator.read.sampledate import sample_date

        sample = sample_date(root / "plans")
        ctx.obj = Context(root, sample or dt.date.today(), audience, sample=sample is not None)
    progress.enable(sys.stderr.isatty() and not os.environ.get("CI"))
    _show_warnings()
    global _running  # noqa: PLW0603 - read by main() once the command is done
    _running = ctx.invoked_subcommand if tuning.shortcuts() else None  # no quick exit then


def _restore(name: str, value: str | None) -> None:
    """Put an environment variable back as it was (the command ran in-process, say in tests)."""
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


class _Warnings(logging.Handler):
    """What the stages note on the `playbook` logger, as `warning: ...` lines on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"warning: {printable(record.getMessage())}", err=True)


def _show_warnings() -> None:
    logger = logging.getLogger("playbook")
    if not any(isinstance(h, _Warnings) for h in logger.handlers):
        logger.addHandler(_Warnings(logging.WARNING))
        logger.propagate = False


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
    from generator.commands.validate import validate_tree

    validate_tree(ctx, paths, fmt)


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
    from generator.commands.scaffold import ScaffoldError, new_account

    try:
        path = new_account(ctx.plans, slug, name, owner)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created {path.relative_to(ctx.root).as_posix()}")


@new.command("call")
@click.argument("account")
@click.option("--date", "date", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Day of the call, YYYY-MM-DD.")
@click.option("--type", "call_type", required=True, type=click.Choice(list(CALL_TYPES)),
              help="Kind of call.")
@click.option("--rep", help="Your rep id from plans/team.yaml.")
@click.option("--slug", help="Last part of the file name; defaults to the type.")
@click.option("--title", help="A short title for the call.")
@click.option("--blank", is_flag=True,
              help="Write the plain scaffold: nothing pre-filled from the account's earlier "
                   "calls.")
@pass_ctx
def new_call_command(ctx: Context, *, account: str, date: dt.datetime, call_type: str,
                     rep: str | None, slug: str | None, title: str | None, blank: bool) -> None:
    """Create plans/ACCOUNT/DATE-SLUG.yaml with a commented plan to fill in.

    Unless --blank is given, the plan is pre-filled from the account's earlier calls (those
    before DATE that took place by today): the people met with their roles, the next steps
    still open as agenda items, the objections raised there with the team's best-record
    response (only one tried often enough to tell), and the last debrief's "next time" as
    comments. An account's first call gets the plain scaffold."""
    from generator.commands.prefill import Prefill, read_prefill
    from generator.commands.scaffold import ScaffoldError, new_call

    told: list[str] = []
    looked_back: list[bool] = []

    def history() -> Prefill | None:
        prefill, warnings = read_prefill(ctx.root, account, date.date(), ctx.today)
        told.extend(f"warning: {w}" for w in warnings)
        told.extend(prefill.told if prefill else [])
        looked_back.append(True)
        return prefill

    try:
        path = new_call(ctx.plans, account, date=date.date(), call_type=call_type, rep=rep,
                        slug=slug, title=title, history=None if blank else history)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"created {path.relative_to(ctx.root).as_posix()}; fill in the REQUIRED blanks, "
               "then run `playbook validate`")
    for line in told:
        click.echo(line, err=line.startswith("warning: "))
    if looked_back:
        ctx.say_the_day()  # which calls count as held depends on it


@cli.command()
@click.option("--check", is_flag=True, help="Only report schema files that differ; exit 1 if any.")
@pass_ctx
def schema(ctx: Context, check: bool) -> None:
    """Write JSON Schemas for the YAML files into schema/, for editors to autocomplete.

    They offer the checklist ids and objection topics of plans/: run it again after changing
    plans/checklists.yaml or plans/topics.yaml."""
    from generator.commands.schema import write_schemas

    write_schemas(ctx.root, check, ctx.plans)


@cli.command("generate")
@pass_ctx
def generate_command(ctx: Context) -> None:
    """Validate plans/, then write the generated pages into content/team/.

    Only pages whose text changed are rewritten; pages whose source is gone are removed.
    """
    from generator.commands.generate import generate_alone

    generate_alone(ctx, held=_held)


@cli.command()
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="MkDocs processes to build with. Default: one per core (at most 4) once "
                   "there are 1,000 call pages, else 1 (always 1 with --no-cache).")
@click.option("--engine", type=click.Choice(list(ENGINES)), default=DEFAULT_ENGINE,
              envvar=ENGINE_VARIABLE, show_default=True,
              help=f"What builds the site from mkdocs.yml (also {ENGINE_VARIABLE}): MkDocs, "
                   "ProperDocs (its maintained continuation) or Zensical (Material's "
                   "successor); the one chosen must be installed.")
@pass_ctx
def build(ctx: Context, jobs: int | None, engine: str) -> None:
    """Validate, generate, then build the site into site/ with `mkdocs build --strict`.

    A big archive is built by several MkDocs processes at once, each on part of the call
    pages; the site is the same as one process would build.
    """
    from generator.commands.build import build_and_tell

    build_and_tell(ctx, jobs, engine)


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
    An invalid edit prints its problems here and the preview keeps the last good pages, each
    with a banner listing the problems until they are fixed. Serving every call, it holds the
    project's build lock: a build or generate in the project is refused until it stops.
    """
    from generator.commands.live import serve_live

    if ctx.audience != audiences.TEAM:  # MkDocs serves the project's own config, every page
        raise click.UsageError("serve previews the team site; to look at the public one, run "
                               "`playbook --audience public build` and serve site/")
    serve_live(ctx, dev_addr, dirty, accounts, everything)


@cli.command("report")
@pass_ctx
def report_command(ctx: Context) -> None:
    """Print the headline figures, planning against outcome, and the warnings as tables.

    Rates below the minimum number of debriefed calls read "too few calls to say".
    """
    from generator.commands.report import report

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
