"""Write commented starter files for a new account or call, never overwriting an existing one."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, StrictUndefined

from generator.commands.yamltext import quoted
from generator.models import Team
from generator.models.checklists import PRE_SALES
from generator.read.discover import ACCOUNT, MAX_SLUG, RESERVED, SLUG
from generator.read.load import load_file
from generator.read.reps import suggest_rep
from generator.read.terms import read_checklists
from generator.read.validate import validate_document

if TYPE_CHECKING:
    from generator.commands.prefill import Prefill

_ENV = Environment(
    loader=PackageLoader("generator.pages", "templates"),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    autoescape=False,  # noqa: S701 - YAML output; values are quoted by yamltext
)


class ScaffoldError(Exception):
    """A scaffold could not be written; the message says why and what to do."""


def _check_text(option: str, value: str | None) -> None:
    """Refuse an argument no UTF-8 file can hold: a non-UTF-8 command line reaches Python as
    lone surrogates, and finding that out while writing would leave a half-made file."""
    if value is None:
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        shown = value.encode("utf-8", "backslashreplace").decode("utf-8")
        raise ScaffoldError(f"{option} is not valid UTF-8 text ('{shown}'); check the "
                            "terminal's encoding and type it again") from None


def _create(path: Path, text: str) -> Path:
    """Write path whole or not at all, and never over an existing file (or link).

    The text goes to a temporary file beside it first; a hard link then gives it its name,
    which fails if the name is taken, as opening with O_EXCL would.
    """
    data = text.encode("utf-8")
    if path.is_symlink() or path.exists():
        raise ScaffoldError(f"{path} already exists; it was left untouched")
    temporary: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        name = path.with_name(f".new-{secrets.token_hex(8)}.tmp")
        _create_exclusive(name, data)  # the mode a plain open() gives, umask and all
        temporary = name  # ours to remove from here on
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: create exclusively, bytes ready
            _create_exclusive(path, data)
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists; it was left untouched") from None
    except OSError as exc:
        raise ScaffoldError(f"could not write {path}: {exc.strerror or exc}") from None
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    return path


def _create_exclusive(path: Path, data: bytes) -> None:
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
    except OSError:
        path.unlink(missing_ok=True)
        raise


def _check_account(slug: str) -> None:
    if not SLUG.match(slug):
        raise ScaffoldError(f"{slug!r} is not a valid account id: use lower-case letters, digits "
                            "and single hyphens, e.g. 'acme-logistics'")
    if len(slug) > MAX_SLUG:
        raise ScaffoldError(f"the account id is longer than {MAX_SLUG} characters")
    if slug in RESERVED:
        raise ScaffoldError(f"'{slug}' is reserved for the list of accounts; choose another id")


def _check_rep(plans: Path, option: str, rep: str | None) -> None:
    """Refuse a rep id the team does not have, before anything is written: a scaffold with a
    wrong id would only fail later, in `playbook validate`."""
    if rep is None:
        return
    team_file = plans / "team.yaml"
    shown = f"{plans.name}/team.yaml"
    if not team_file.is_file():
        raise ScaffoldError(f"{option} '{rep}' cannot be checked: {shown} is missing; list the "
                            "reps there first")
    doc, problems = load_file(team_file, shown)
    team, more = validate_document(doc, Team) if doc is not None else (None, [])
    if team is None:
        first = str((problems or more)[0]) if problems or more else f"{shown} is not valid"
        raise ScaffoldError(f"{option} '{rep}' cannot be checked until {shown} is valid: {first}")
    if team.rep(rep) is None:
        raise ScaffoldError(f"{option}: unknown rep '{rep}'{suggest_rep(rep, team)} (reps are "
                            f"listed in {shown})")


def new_account(plans: Path, slug: str, name: str, owner: str | None) -> Path:
    """Create plans/<slug>/account.yaml."""
    _check_account(slug)
    _check_text("--name", name)
    _check_text("--owner", owner)
    _check_rep(plans, "--owner", owner)
    text = _ENV.get_template("new-account.yaml.j2").render(
        slug=slug, name=quoted(name), owner=quoted(owner or "")
    )
    return _create(plans / slug / ACCOUNT, text)


def _checklist(plans: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """The pre-sales phases' titles and their items' (id, text), for the scaffold to list every
    id, commented, to tick. The text goes into a YAML comment: one line, always."""
    checklists, problems = read_checklists(plans)
    if checklists is None:
        raise ScaffoldError(f"the checklist ids cannot be listed until the checklists are valid: "
                            f"{problems[0] if problems else 'plans/checklists.yaml'}")
    return [(" ".join(phase.title.split()), [(item.id, " ".join(item.text.split()))
                                             for item in phase.items])
            for phase in checklists.phases if phase.id in PRE_SALES]


def new_call(plans: Path, account: str, *, date: dt.date, call_type: str, rep: str | None,
             slug: str | None, title: str | None,
             history: Callable[[], Prefill | None] | None = None) -> Path:
    """Create plans/<account>/<date>-<slug>.yaml for an existing account; `history` gives its
    pre-filled parts, asked for only once every argument was checked (it reads the project)."""
    _check_account(account)  # and so no '..' or '/': the file stays inside plans/
    _check_text("--rep", rep)
    _check_text("--title", title)
    if not (plans / account / ACCOUNT).is_file():
        raise ScaffoldError(f"there is no account '{account}' (no {plans / account / ACCOUNT}); "
                            f"create it first with `playbook new account {account} --name ...`")
    _check_rep(plans, "--rep", rep)
    slug = slug or call_type
    if not SLUG.match(slug):
        raise ScaffoldError(f"{slug!r} is not a valid slug: use lower-case letters, digits and "
                            "single hyphens")
    if len(slug) > MAX_SLUG:
        raise ScaffoldError(f"the slug is longer than {MAX_SLUG} characters")
    path = plans / account / f"{date.isoformat()}-{slug}.yaml"
    if path.is_symlink() or path.exists():  # before reading the history; _create checks again
        raise ScaffoldError(f"{path} already exists; it was left untouched")
    checklist = _checklist(plans)
    text = _ENV.get_template("new-call.yaml.j2").render(
        account=account, date=date.isoformat(), type=call_type, rep=quoted(rep or ""),
        title=quoted(title or ""), checklist=checklist,
        prefill=history() if history is not None else None,
    )
    return _create(path, text)
