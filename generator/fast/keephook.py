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

The blocks are taken out by a step of Python-Markdown's own (_HoldBlocks), once the page's
snippets are in and its white space made plain, and before anything reads its HTML: a page
that includes a snippet (an upcoming call's prep brief) is held as the text Python-Markdown
goes on to read, the snippet's blocks with it. Held before the snippets were in, such a page
held nothing: its include line is not HTML.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

# Python-Markdown has no type hints: its classes are Any to mypy.
from markdown import Markdown  # type: ignore[import-untyped]
from markdown.extensions import Extension  # type: ignore[import-untyped]
from markdown.preprocessors import Preprocessor  # type: ignore[import-untyped]

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
        config["markdown_extensions"].append(_HOLDING)  # each page's Markdown loads it
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


class _Holding(Extension):  # type: ignore[misc]
    """The extension that puts _HoldBlocks into each page's Markdown; `page` is the Held of
    the page about to be converted, None when none is (a hand-written page, or one rendered
    again whole)."""

    def __init__(self) -> None:
        super().__init__()
        self.page: Held | None = None
        self.left = ""
        """The text the page's conversion read, its blocks held."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_HoldBlocks(md, self), "playbook_hold_blocks", _PRIORITY)


_PRIORITY = 29
"""After the snippets (32) are in and the white space is made plain (30); before fenced code
(25) and the two scans of HTML (MkDocs' anchors, 21; the blocks of HTML, 20)."""


class _HoldBlocks(Preprocessor):  # type: ignore[misc]
    """Takes the blocks out of the text Python-Markdown is about to read: the page's, with
    its snippets in (rawblocks.Held.take_out)."""

    def __init__(self, md: Markdown, holding: _Holding) -> None:
        super().__init__(md)
        self.holding = holding

    def run(self, lines: list[str]) -> list[str]:
        held, self.holding.page = self.holding.page, None  # for one conversion, the page's
        if held is None:
            return lines
        self.holding.left = held.take_out("\n".join(lines))
        return self.holding.left.split("\n")


_HOLDING = _Holding()
_held: dict[str, tuple[str, Held]] = {}
"""The pages whose Markdown is being converted with blocks held: their Markdown, the blocks."""


def on_page_markdown(markdown: str, *, page: Any, config: Any, files: Any) -> str:
    """MkDocs' hook: a page's Markdown, just before Python-Markdown converts it (MkDocs
    renders the page next: _HoldBlocks holds its blocks then)."""
    _HOLDING.page = None
    if os.environ.get(KEEP_FILE) and page.file.src_uri.startswith(f"{ROOT}/"):
        _HOLDING.page = Held()
        _held[page.file.src_uri] = (markdown, _HOLDING.page)
    return markdown


def on_page_content(html: str, *, page: Any, config: Any, files: Any) -> str:
    """MkDocs' hook: the page's HTML, just after Python-Markdown made it."""
    left, _HOLDING.page, _HOLDING.left = _HOLDING.left, None, ""
    markdown, held = _held.pop(page.file.src_uri, (None, None))
    if held is None or not held.blocks:
        return html
    try:
        html = held.put_back(html)
    except ValueError:  # rendered again as it is without this hook (tests/test_rawblocks.py)
        page.markdown = markdown
        page.render(config, files)  # _HOLDING.page is None: nothing held
        return str(page.content)
    # MkDocs keeps every page's Markdown until its build ends, and reads it no more: the page's
    # text with its blocks held is a fraction of it (some 60 MB less in each process of a
    # 10,000-call build).
    page.markdown = left
    return html


# The engine's event priorities: hold blocks once every other hook changed the Markdown, and
# put them back before any other hook reads the HTML.
on_page_markdown.mkdocs_priority = -100  # type: ignore[attr-defined]
on_page_content.mkdocs_priority = 100  # type: ignore[attr-defined]
