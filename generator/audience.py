"""Who a build is for: `team` (everything, for a private site) or `public` (the handbook only).

A public build holds the hand-written handbook, the checklists, the field reference, the
objection library by topic and the team-level insights; never a page of a call, an account or
a rep, and no customer's name, contact, amount, call date or words (content/insights/audiences.md
says field by field what it shows).
"""

from __future__ import annotations

from generator import paths

TEAM = "team"
PUBLIC = "public"
AUDIENCES = (TEAM, PUBLIC)
DEFAULT = TEAM
ENV = "PLAYBOOK_AUDIENCE"
"""The environment variable naming the audience, as `playbook --audience` does."""

PUBLIC_PAGES = frozenset({paths.OBJECTIONS, paths.INSIGHTS, paths.FIELDS, paths.WEEK_SNIPPET})
"""Generated pages a public build has, besides the checklist snippets. The home page's week
snippet is one so that content/index.md still includes a file: a public build writes it
without the week (whose calls name customers)."""


def shows(audience: str, page: str) -> bool:
    """Whether a build for `audience` has the generated `page` (a path under content/)."""
    if audience != PUBLIC:
        return True
    return page in PUBLIC_PAGES or page.startswith(f"{paths.ROOT}/snippets/checklist-")
