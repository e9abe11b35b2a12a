"""Where each generated page lives under content/: derived from source paths, so URLs are stable."""

from __future__ import annotations

ROOT = "team"


def call(account: str, slug: str) -> str:
    return f"{ROOT}/calls/{account}/{slug}.md"


def account(slug: str) -> str:
    return f"{ROOT}/accounts/{slug}.md"


def rep(rep_id: str) -> str:
    return f"{ROOT}/reps/{rep_id}.md"


def rep_accounts(rep_id: str) -> str:
    """The accounts a rep owns, in a team with too many for one page. MkDocs builds rep() into
    the folder reps/<id>/ too, beside this page's folder accounts/: the two never share a
    file."""
    return f"{ROOT}/reps/{rep_id}/accounts.md"


def month(key: str) -> str:
    """A month's page (YYYY-MM): its weeks, each with its counts."""
    return f"{ROOT}/archive/months/{key}.md"


def month_week(key: str) -> str:
    """The calls of one week of a month, named by its first day in that month (YYYY-MM-DD).
    MkDocs builds month() into the folder months/<YYYY-MM>/ too, beside these pages: a date is
    never called index, so the two never share a file."""
    return f"{ROOT}/archive/months/{key[:7]}/{key}.md"


def outcome(key: str) -> str:
    """An outcome's page: its months, each with how many calls ended so."""
    return f"{ROOT}/archive/outcomes/{key}.md"


def outcome_month(key: str, month_key: str) -> str:
    """The calls of one month that ended in one outcome. MkDocs builds outcome() into the
    folder outcomes/<key>/ too, beside these pages' folders: a month (YYYY-MM) is never
    called index, so the two never share a file."""
    return f"{ROOT}/archive/outcomes/{key}/{month_key}.md"


def checklist_snippet(phase: str) -> str:
    return f"{ROOT}/snippets/checklist-{phase}.md"


ACCOUNTS = f"{ROOT}/accounts/index.md"
REPS = f"{ROOT}/reps/index.md"
ARCHIVE = f"{ROOT}/archive/index.md"
OBJECTIONS = f"{ROOT}/objections.md"
EXEMPLARS = f"{ROOT}/exemplars.md"
INSIGHTS = f"{ROOT}/insights/index.md"
WARNINGS = f"{ROOT}/insights/warnings.md"
FIELDS = f"{ROOT}/reference/fields.md"
WEEK = f"{ROOT}/week.md"


def prep(account: str, slug: str) -> str:
    """The prep brief of a call still to come, which its call page includes."""
    return f"{ROOT}/snippets/prep/{account}/{slug}.md"


WEEK_SNIPPET = f"{ROOT}/snippets/week.md"
"""The home page's opening, included by content/index.md."""
PHASE_PAGES = {
    "pre-sales-planning": "model/planning.md",
    "pre-sales-preparing": "model/preparing.md",
    "sales": "model/sales.md",
    "post-sales": "model/post-sales.md",
}
