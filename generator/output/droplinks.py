"""A MkDocs hook for a public build: a link from a hand-written page to a generated page the
build does not have (a call, an account, the warnings) becomes its plain words.

Only links into the generated subtree are touched: any other broken link still fails the
strict build, as it should.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from generator import paths

_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]\n]*)\]\((?P<target>[^)\s]+)\)")


def drop_missing(markdown: str, page: str, exists: Any) -> str:
    """`markdown` of the page at `page` (its path under content/) with every link to a
    generated page for which `exists(path)` is false replaced by the link's text."""
    here = posixpath.dirname(page)

    def replace(match: re.Match[str]) -> str:
        target = match.group("target").split("#", 1)[0]
        if not target.endswith(".md") or "://" in target:
            return match.group(0)
        path = posixpath.normpath(posixpath.join(here, target))
        if path.startswith(f"{paths.ROOT}/") and not exists(path):
            return match.group("text")
        return match.group(0)

    return _LINK.sub(replace, markdown)


def on_page_markdown(markdown: str, *, page: Any, config: Any, files: Any) -> str:
    """MkDocs' hook: called with each page's Markdown before it is converted."""
    return drop_missing(markdown, page.file.src_uri,
                        lambda path: files.get_file_from_path(path) is not None)
