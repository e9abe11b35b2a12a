"""Write commented starter files for a new account or call, never overwriting an existing one."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from generator.read.discover import ACCOUNT, MAX_SLUG, RESERVED, SLUG

_ENV = Environment(
    loader=PackageLoader("generator.pages", "templates"),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
    autoescape=False,  # noqa: S701 - YAML output; values are JSON-quoted below
)


class ScaffoldError(Exception):
    """A scaffold could not be written; the message says why and what to do."""


def _quoted(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: safe for any name a user types.
    return json.dumps(text, ensure_ascii=False)


def _create(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists; it was left untouched") from None
    return path


def _check_account(slug: str) -> None:
    if not SLUG.match(slug):
        raise ScaffoldError(f"{slug!r} is not a valid account id: use lower-case letters, digits "
                            "and single hyphens, e.g. 'acme-logistics'")
    if len(slug) > MAX_SLUG:
        raise ScaffoldError(f"the account id is longer than {MAX_SLUG} characters")
    if slug in RESERVED:
        raise ScaffoldError(f"'{slug}' is reserved for the list of accounts; choose another id")


def new_account(plans: Path, slug: str, name: str, owner: str | None) -> Path:
    """Create plans/<slug>/account.yaml."""
    _check_account(slug)
    text = _ENV.get_template("new-account.yaml.j2").render(
        slug=slug, name=_quoted(name), owner=_quoted(owner or "")
    )
    return _create(plans / slug / ACCOUNT, text)


def new_call(plans: Path, account: str, *, date: dt.date, call_type: str, rep: str | None,
             slug: str | None, title: str | None) -> Path:
    """Create plans/<account>/<date>-<slug>.yaml for an existing account."""
    _check_account(account)  # and so no '..' or '/': the file stays inside plans/
    if not (plans / account / ACCOUNT).is_file():
        raise ScaffoldError(f"there is no account '{account}' (no {plans / account / ACCOUNT}); "
                            f"create it first with `playbook new account {account} --name ...`")
    slug = slug or call_type
    if not SLUG.match(slug):
        raise ScaffoldError(f"{slug!r} is not a valid slug: use lower-case letters, digits and "
                            "single hyphens")
    if len(slug) > MAX_SLUG:
        raise ScaffoldError(f"the slug is longer than {MAX_SLUG} characters")
    text = _ENV.get_template("new-call.yaml.j2").render(
        account=account, date=date.isoformat(), type=call_type, rep=_quoted(rep or ""),
        title=_quoted(title or ""),
    )
    return _create(plans / account / f"{date.isoformat()}-{slug}.yaml", text)
