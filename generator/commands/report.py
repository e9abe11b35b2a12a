"""`playbook report`: the Insights headline figures and the warnings, as tables in the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from generator.analyse import Band, percent
from generator.analyse.review import Review
from generator.fast.plan import read_whole
from generator.history import first_commit_dates
from generator.pages.every import due_for_review
from generator.pages.insights import TOO_FEW, Insights, band_range, rate_cell
from generator.pages.site import Site
from generator.problems import ProblemError, format_problems

if TYPE_CHECKING:
    from generator.cli import Context


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, title_style="bold")
    for name in columns:
        table.add_column(name, overflow="fold")
    return table


def _row(table: Table, *cells: object) -> None:
    # Text() keeps names from YAML literal: "[red]" in a name is not rich markup.
    table.add_row(*(Text(str(c)) for c in cells))


def _bands(title: str, bands: list[Band], unit: str) -> Table:
    table = _table(title, "Band", "Range", "Debriefed", "Order or advance", "Rate")
    for b in bands:
        r = b.rates
        rate = ("no debriefed calls" if r.debriefed == 0
                else percent(r.wins / r.debriefed) if r.enough else TOO_FEW)
        _row(table, b.label, band_range(b, unit), r.debriefed, r.wins, rate)
    return table


def print_reviews(console: Console, found: list[Review]) -> None:
    """The handbook pages and exemplary calls that need a review, with owner and how late."""
    table = _table(f"Needs review ({len(found)})", "Page", "Owner", "Last changed", "Every",
                   "Why")
    for r in found:
        _row(table, f"content/{r.page}" if not r.page.startswith("team/") else r.title,
             r.owner_name or r.owner or "nobody", r.changed or "not known", r.every or "",
             r.note)
    if not found:
        _row(table, "none", "", "", "", "")
    console.print(table)


def print_overdue_steps(console: Console, site: Site) -> None:
    """Open next steps past their due date, most overdue first, with the call they came from."""
    found = site.overdue_steps  # a step a later debrief names done is not overdue
    reps = site.project.team.reps
    names = {r.id: r.name for r in reps}
    table = _table(f"Next steps overdue ({len(found)})", "Action", "Owner", "Due",
                   "Overdue by", "File")
    for o in found:
        _row(table, o.step.action, names.get(o.step.owner, o.step.owner), o.step.due,
             f"{o.days} day{'' if o.days == 1 else 's'}", o.entry.path)
    if not found:
        _row(table, "none", "", "", "", "")
    console.print(table)


def print_report(console: Console, data: Insights) -> None:
    """Everything `playbook report` prints, in order."""
    site = data.site
    headline = _table(f"Insights on {site.today.isoformat()}", "Figure", "Value", "Behind it")
    for figure in data.headline():
        _row(headline, *figure)
    console.print(headline)
    readings = data.readings()
    console.print(_bands("Planning completeness against outcome", data.completeness, ""))
    console.print(Text(readings["completeness"]))
    console.print()
    console.print(_bands("Planning effort against outcome", data.effort, "min"))
    console.print(Text(readings["effort"]))
    console.print()
    reps = _table("By rep", "Rep", "Debriefed", "Order or advance", "Objective met")
    for g in data.reps:
        r = g.rates
        _row(reps, g.label, f"{r.debriefed} of {r.calls}",
             rate_cell(r.wins, r.debriefed, r.enough, "too few"),
             rate_cell(r.objective_met["yes"], r.judged, r.met_enough, "too few"))
    console.print(reps)
    notes = any(a.notes for a in data.alerts)
    warnings = _table("Warnings", "Warning", "Date", "File", "Rep", *(["Note"] if notes else []))
    for alert in data.alerts:
        title = f"{alert.title} ({len(alert.calls)})"
        if not alert.calls:
            _row(warnings, title, "", "none", "", *([""] if notes else []))
        for i, entry in enumerate(alert.calls):
            row = site.row(entry)
            _row(warnings, "" if i else title, row.date.isoformat(), entry.path, row.rep_name,
                 *([alert.notes.get(entry.id, "")] if notes else []))
        warnings.add_section()
    console.print(warnings)
    if not data.history:
        console.print(Text("Plans committed after the call: not checked, no git history."))
    print_overdue_steps(console, site)


def report(ctx: Context) -> None:
    """Print the headline figures, planning against outcome and the warnings (`playbook report`)."""
    try:
        project = read_whole(ctx.root)
    except ProblemError as exc:
        click.echo(format_problems(exc.problems, "text"), err=True)
        raise click.ClickException(f"{len(exc.problems)} problem(s) in plans/; run "
                                   "`playbook validate`") from None
    ctx.say_the_day()
    data = Insights(Site(project, ctx.today), first_commit_dates(ctx.root))
    console = Console(highlight=False, soft_wrap=False)
    print_report(console, data)
    print_reviews(console, due_for_review(project, ctx.today, ctx.root))
