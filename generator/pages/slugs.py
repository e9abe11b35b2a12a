"""Heading ids for the site: Python-Markdown's own slugs, kept out of the theme's ids.

Material gives its own elements ids that start with two underscores (`__config`, `__search`,
`__drawer`, `__toc`, `__palette_0`, `__nav_1_label`, and those its scripts add such as
`__tabbed_1_1`); its scripts find them by id, so a heading with one of them breaks the page.
Titles, account names and objections become headings, so no heading id may start with an
underscore: the slug MkDocs would make, without its leading underscores. mkdocs.yml names this
function as the toc extension's `slugify`.
"""

from __future__ import annotations

from markdown.extensions.toc import (  # type: ignore[import-untyped]
    slugify as _markdown_slugify,
)


def slugify(value: str, separator: str) -> str:
    """The id of a heading whose text is value; '' lets the toc extension number it."""
    slug: str = _markdown_slugify(value, separator)
    return slug.lstrip("_")
