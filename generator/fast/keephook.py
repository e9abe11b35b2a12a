"""The MkDocs hook of a build that keeps pages (keeper.py): loaded by every engine process.

Once MkDocs knows the nav, it leaves out each page the keeper keeps, as `exclude_docs` would:
not read, not rendered, not in the search index or sitemap, and a link to it from a page that
is built still points where it always did. Only a page that would otherwise be built and is not
in the nav is left out, so the nav and every page built are as a full build makes them.

It writes a report for the keeper: every documentation file in the order MkDocs walks them
(the order of the search index and sitemap) with its URL and output file, and the pages it
left out. A split build runs it in each part; each reports the pages of its own part.

And for each generated page it builds, it holds the blocks of HTML the generator wrote out of
Python-Markdown and puts them back into the HTML it makes (rawblocks.py): the same page, about
a quarter sooner. Should a block not come back as it went, the page is rendered again from its
own Markdown, as a build without this hook renders it.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from generator.fast.rawblocks import Held
from generator.paths import ROOT

KEEP_FILE = "PLAYBOOK_KEEP_FILE"
"""The environment variable naming the file that lists the pages kept, one a line."""

REPORT_FOLDER = "PLAYBOOK_KEEP_REPORTS"
"""The environment variable naming the folder each process writes its report into."""


def on_config(config: Any) -> Any:
    """MkDocs' hook: called first. MkDocs notes every link to a page it does not build (one
    another part builds, or one kept) as INFO, a line of output each: thousands in a part of a
    big build, each formatted and written, and `playbook build` shows none (output/mkdocs.py).
    So that module's INFO notes are not made; its warnings are, and --strict counts them."""
    if os.environ.get(KEEP_FILE):
        for name in _LINK_NOTES:
            logging.getLogger(name).setLevel(logging.WARNING)
    return config


_LINK_NOTES = ("mkdocs.structure.pages", "properdocs.structure.pages")
"""The loggers of the engines' notes on links: MkDocs' and ProperDocs'."""


def on_nav(nav: Any, *, config: Any, files: Any) -> Any:
    """MkDocs' hook: called with the nav, before any page is read."""
    listed = os.environ.get(KEEP_FILE)
    if not listed:
        return nav
    wanted = set(Path(listed).read_text(encoding="utf-8").splitlines())
    in_nav = {page.file.src_uri for page in nav.pages}
    order: list[list[str]] = []
    left_out: list[str] = []
    for file in files.documentation_pages(inclusion=lambda _level: True):
        url = "" if file.url in {".", "./"} else file.url  # as a page's URL is
        order.append([file.src_uri, url, file.dest_uri])
        if (file.src_uri in wanted and file.inclusion.is_included()
                and file.src_uri not in in_nav):
            # The engine's own InclusionLevel: MkDocs' or ProperDocs'.
            file.inclusion = type(file.inclusion).EXCLUDED
            left_out.append(file.src_uri)
    report = Path(os.environ[REPORT_FOLDER]) / f"report-{os.getpid()}.json"
    report.write_text(json.dumps({"order": order, "kept": left_out}), encoding="utf-8")
    return nav


_held: dict[str, tuple[str, Held]] = {}
"""The pages whose Markdown is being converted with blocks held: their Markdown, the blocks."""


def on_page_markdown(markdown: str, *, page: Any, config: Any, files: Any) -> str:
    """MkDocs' hook: a page's Markdown, just before Python-Markdown converts it."""
    if not os.environ.get(KEEP_FILE) or not page.file.src_uri.startswith(f"{ROOT}/"):
        return markdown
    held = Held()
    text = held.take_out(markdown)
    if held.blocks:
        _held[page.file.src_uri] = (markdown, held)
    return text


def on_page_content(html: str, *, page: Any, config: Any, files: Any) -> str:
    """MkDocs' hook: the page's HTML, just after Python-Markdown made it."""
    markdown, held = _held.pop(page.file.src_uri, (None, None))
    if held is None:
        return html
    try:
        return held.put_back(html)
    except ValueError:  # rendered again as it is without this hook (tests/test_rawblocks.py)
        page.markdown = markdown
        page.render(config, files)
        return str(page.content)


# The engine's event priorities: hold blocks once every other hook changed the Markdown, and
# put them back before any other hook reads the HTML.
on_page_markdown.mkdocs_priority = -100  # type: ignore[attr-defined]
on_page_content.mkdocs_priority = 100  # type: ignore[attr-defined]
