"""`playbook generate`: the spine of the generator, to read top to bottom.

read and validate plans/ -> analyse (history, warnings) -> key every page -> render -> write
the changed pages into content/team/. Every shortcut (the cache, kept pages, processes) comes
from the plan fast/ gives, and none is needed: with them off, the same files are written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Set
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator import audience as audiences
from generator import paths
from generator.fast.plan import plan
from generator.output.write import WriteReport
from generator.problems import Problem, ProblemError, format_problems, printable

if TYPE_CHECKING:
    from generator.cli import Context
    from generator.commands.preview import Preview

# The stages are imported where they are used: a run that finds nothing changed should not pay
# for loading the models, Jinja and the analysis.
# ruff: noqa: PLC0415


class PlansInvalid(click.ClickException):
    """generate found problems in plans/ (printed already); `problems` holds them."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in plans/; nothing was generated")
        self.problems = problems


@dataclass(frozen=True)
class Generated:
    """A finished generate run: how many calls it covered and what it wrote."""

    calls: int
    report: WriteReport


def generate(root: Path, today: dt.date, *, content: Path | None = None,
             accounts: Set[str] | None = None, held: list[object] | None = None,
             audience: str = audiences.DEFAULT) -> Generated:
    """Validate plans/ (raising ProblemError on any problem), then write content/team/.

    `content` is where pages go (root/content by default); `accounts`, when given, limits the
    calls read and rendered to those accounts' (every account file, the team and the checklists
    are still read), and every page then covers only those calls: a preview of some accounts.
    `held`, for a caller that ends the process right after, gets the run's big objects.
    `audience` says which pages there are: a public run writes none of a call, account or rep.
    """
    content = content or root / "content"
    shortcuts = plan(root, content, today, accounts, held, audience=audience)
    if (last := shortcuts.last_result()) is not None:  # nothing it read changed since
        return Generated(*last)

    from generator.analyse.alerts import listed
    from generator.fast.codeprint import code_fingerprint
    from generator.fast.keys import page_keys
    from generator.output.write import write_pages
    from generator.pages.every import findings, render_all
    from generator.read.project import read_project

    with shortcuts.running():
        project = read_project(root, accounts=accounts, reader=shortcuts.reader)  # or raise
        shortcuts.settle()
        found = findings(project, today, root)
        keys = page_keys(project, today, code_fingerprint(), found.history, listed(found.alerts),
                         audience=audience, reviewed=found.reviews)
        keep = shortcuts.reusable(keys)
        pages = render_all(project, today, found, keep, calls=shortcuts.calls,
                           split=shortcuts.split(project, keep), audience=audience)
        report = write_pages(content, paths.ROOT, pages, keys, shortcuts.record(project, pages),
                             others=shortcuts.others, existing=shortcuts.existing)
        shortcuts.keep_alive(project, pages, keys)
    return Generated(len(project.calls), report)


def generate_and_tell(ctx: Context, preview: Preview | None = None, *,
                      held: list[object] | None = None) -> list[str]:
    """Generate content/team/, or the preview's pages of its accounts, and say what was
    written; problems and write errors as a ClickException. `held`: see generate(). Returns
    the pages written (relative to content/)."""
    from generator.output.write import WriteError

    try:
        if preview is None:
            result = generate(ctx.root, ctx.today, held=held, audience=ctx.audience)
        else:
            result = generate(ctx.root, ctx.today, content=preview.content,
                              accounts=frozenset(preview.accounts))
    except ProblemError as exc:
        click.echo(format_problems(exc.problems, "text"), err=True)
        raise PlansInvalid(exc.problems) from None
    except WriteError as exc:
        raise click.ClickException(str(exc)) from None
    report = result.report
    what = "generated" if preview is None else "previewing"
    click.echo(f"{what} {result.calls} calls: {len(report.written)} pages "
               f"written, {report.unchanged} unchanged, {len(report.removed)} removed", err=True)
    ctx.say_the_day()
    for path in report.foreign:
        click.echo(f"warning: content/{printable(path)} was not written by playbook; left alone",
                   err=True)
    return report.written


def generate_alone(ctx: Context, *, held: list[object] | None = None) -> None:
    """`playbook generate`: generate_and_tell under the project's build lock (a build or
    another generate at work is told, not raced), once no link stands on the way to
    content/team/ or a cache inside the project."""
    from generator.fast.cachefolders import caches
    from generator.output.guard import BuildRefused, exclusive_generate

    try:
        with exclusive_generate(ctx.root, caches(ctx.root)):
            generate_and_tell(ctx, held=held)
    except BuildRefused as exc:
        raise click.ClickException(str(exc)) from None
